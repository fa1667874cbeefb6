import { SCHEMA, type SchemaKind } from './schema.js';

/** Any model node (an element or a plain DI value). */
export type ModelNode = { readonly kind: string } & Readonly<Record<string, unknown>>;

/**
 * Visits every node of a model tree depth first, parents before children, in schema order
 * (which is document order within each child slot). `visit` receives the node and its parent.
 */
export function walkModel(root: ModelNode, visit: (node: ModelNode, parent: ModelNode | undefined) => void): void {
  const stack: [ModelNode, ModelNode | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node]);
  }
}

/** The child nodes of a node, in schema order (documentation first). */
export function childrenOf(node: ModelNode): ModelNode[] {
  const spec = SCHEMA.get(node.kind as SchemaKind);
  if (spec === undefined) return [];
  const out: ModelNode[] = [];
  const docs = node['documentation'];
  if (Array.isArray(docs)) out.push(...(docs as ModelNode[]));
  for (const child of spec.children) {
    if (child.text) continue;
    const value = node[child.prop];
    if (value === undefined) continue;
    if (child.many) out.push(...(value as ModelNode[]));
    else out.push(value as ModelNode);
  }
  // Criteria converted from CMMN 1.0 attributes live in the same slots; nothing else to add.
  return out;
}
