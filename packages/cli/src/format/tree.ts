/** A node of a printed tree: one line of text and the nodes below it. */
export interface TreeNode {
  readonly label: string;
  readonly children: readonly TreeNode[];
}

/** Builds a {@link TreeNode}; children that are `undefined` or `false` are dropped. */
export function node(label: string, children: readonly (TreeNode | undefined | false)[] = []): TreeNode {
  return { label, children: children.filter((c): c is TreeNode => c !== undefined && c !== false) };
}

/**
 * Draws a tree with box-drawing characters, the root unindented:
 *
 * ```text
 * root
 * ├─ first
 * │  └─ nested
 * └─ last
 * ```
 */
export function renderTree(root: TreeNode): string[] {
  const lines = [root.label];
  const visit = (children: readonly TreeNode[], prefix: string): void => {
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${child.label}`);
      visit(child.children, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  visit(root.children, '');
  return lines;
}
