import { SCHEMA } from './schema.js';

/** Any model node (an element or a plain DI value). */
export type ModelNode = { readonly kind: string } & Readonly<Record<string, unknown>>;

/** A child slot that holds model nodes: its property and whether it is an array. */
interface NodeSlot {
  readonly prop: string;
  readonly many: boolean;
}

/**
 * The node-holding slots of each kind, documentation first, then the schema's child slots in
 * order (text slots hold strings and are left out). Computed once, so a walk allocates nothing per node.
 */
const NODE_SLOTS = new Map<string, readonly NodeSlot[]>();
for (const [kind, spec] of SCHEMA) {
  const slots: NodeSlot[] = [{ prop: 'documentation', many: true }];
  for (const child of spec.children) if (!child.text) slots.push({ prop: child.prop, many: child.many });
  NODE_SLOTS.set(kind, slots);
}

/** Pushes a node's child nodes and, for each, the value it inherits: last slot first, each array back to front. */
type PushChildren = (node: ModelNode, nodes: ModelNode[], inherited: unknown[], passed: unknown) => void;

function pushChildrenOf(slots: readonly NodeSlot[]): PushChildren {
  return (node, nodes, inherited, passed) => {
    for (let s = slots.length - 1; s >= 0; s--) {
      const slot = slots[s]!;
      const value = node[slot.prop];
      if (value === undefined) continue;
      if (slot.many) {
        if (!Array.isArray(value)) continue;
        for (let i = value.length - 1; i >= 0; i--) {
          nodes.push(value[i] as ModelNode);
          inherited.push(passed);
        }
      } else {
        nodes.push(value as ModelNode);
        inherited.push(passed);
      }
    }
  };
}

/**
 * {@link pushChildrenOf} as a function of its own per kind, reading each slot by its name. Nodes of
 * some 60 kinds pass through a walk: read by computed keys, every read is megamorphic and several
 * times slower than a named read in a function that sees one kind. Generated from the schema
 * table's property names alone; where code generation is forbidden, the loop above is used.
 */
function compilePushChildren(slots: readonly NodeSlot[]): PushChildren {
  const lines: string[] = [];
  for (let s = slots.length - 1; s >= 0; s--) {
    const slot = slots[s]!;
    const key = JSON.stringify(slot.prop);
    lines.push(
      slot.many
        ? `v = node[${key}]; if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) { nodes.push(v[i]); inherited.push(passed); }`
        : `v = node[${key}]; if (v !== undefined) { nodes.push(v); inherited.push(passed); }`,
    );
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('node', 'nodes', 'inherited', 'passed', `let v;\n${lines.join('\n')}`) as PushChildren;
  } catch {
    return pushChildrenOf(slots);
  }
}

const PUSH_CHILDREN = new Map<string, PushChildren>();
for (const [kind, slots] of NODE_SLOTS) PUSH_CHILDREN.set(kind, compilePushChildren(slots));

/**
 * Visits every node of a model tree depth first, parents before children, in schema order
 * (which is document order within each child slot). `visit` receives the node and the value its
 * parent's visit returned (`rootValue` for the root), and returns the value its children receive.
 */
export function walkDown<T>(root: ModelNode, rootValue: T, visit: (node: ModelNode, inherited: T) => T): void {
  const nodes: ModelNode[] = [root];
  const inherited: T[] = [rootValue];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const passed = visit(node, inherited.pop() as T);
    // Pushed last slot first and each array back to front, so nodes pop in schema and document order.
    PUSH_CHILDREN.get(node.kind)?.(node, nodes, inherited, passed);
  }
}

/**
 * Visits every node of a model tree depth first, parents before children, in schema order
 * (which is document order within each child slot). `visit` receives the node and its parent.
 */
export function walkModel(root: ModelNode, visit: (node: ModelNode, parent: ModelNode | undefined) => void): void {
  walkDown<ModelNode | undefined>(root, undefined, (node, parent) => {
    visit(node, parent);
    return node;
  });
}

/** The child nodes of a node, in schema order (documentation first). */
export function childrenOf(node: ModelNode): ModelNode[] {
  const out: ModelNode[] = [];
  const slots = NODE_SLOTS.get(node.kind);
  if (slots === undefined) return out;
  for (const slot of slots) {
    const value = node[slot.prop];
    if (value === undefined) continue;
    if (slot.many) {
      if (Array.isArray(value)) for (const item of value as ModelNode[]) out.push(item);
    } else {
      out.push(value as ModelNode);
    }
  }
  // Criteria converted from CMMN 1.0 attributes live in the same slots; nothing else to add.
  return out;
}
