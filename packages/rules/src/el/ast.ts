/**
 * The EL syntax tree. Every node records its `depth` (1 for a leaf) so the parser can bound it.
 */

/** Binary operators, after keyword aliases are normalized (`eq` → `==`, `div` → `/`, …). */
export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** Unary operators (`not` → `!`). */
export type UnaryOperator = '-' | '!' | 'empty';

interface NodeBase {
  /** Offset in the expression body where the node starts. */
  readonly start: number;
  /** 1 + the depth of the deepest child. */
  readonly depth: number;
}

/** A literal: number, string, boolean or null. */
export interface LiteralNode extends NodeBase {
  readonly kind: 'Literal';
  readonly value: null | boolean | number | string;
}

/** A top-level name: a case file item or host variable, or `repetitionCounter`. */
export interface IdentifierNode extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

/** `object.property`. */
export interface MemberNode extends NodeBase {
  readonly kind: 'Member';
  readonly object: ElNode;
  readonly property: string;
}

/** `object[index]`. */
export interface IndexNode extends NodeBase {
  readonly kind: 'Index';
  readonly object: ElNode;
  readonly index: ElNode;
}

/** `-a`, `!a`, `not a`, `empty a`. */
export interface UnaryNode extends NodeBase {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly argument: ElNode;
}

/** Arithmetic and comparison. */
export interface BinaryNode extends NodeBase {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: ElNode;
  readonly right: ElNode;
}

/** A chain of `&&`/`and` or `||`/`or`, flattened so long chains stay shallow. */
export interface LogicalNode extends NodeBase {
  readonly kind: 'Logical';
  readonly operator: '&&' | '||';
  readonly operands: readonly ElNode[];
}

/** `test ? consequent : alternate`. */
export interface ConditionalNode extends NodeBase {
  readonly kind: 'Conditional';
  readonly test: ElNode;
  readonly consequent: ElNode;
  readonly alternate: ElNode;
}

/** A function call: `name(…)` or `prefix:name(…)`. */
export interface CallNode extends NodeBase {
  readonly kind: 'Call';
  readonly prefix: string | undefined;
  readonly name: string;
  readonly args: readonly ElNode[];
}

/** One of the whitelisted Flowable pseudo-methods: `caseInstance.getVariable('x')`. */
export interface MethodCallNode extends NodeBase {
  readonly kind: 'MethodCall';
  readonly receiver: string;
  readonly method: string;
  readonly args: readonly ElNode[];
}

/** Any EL expression node. */
export type ElNode =
  | LiteralNode
  | IdentifierNode
  | MemberNode
  | IndexNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ConditionalNode
  | CallNode
  | MethodCallNode;

/**
 * A parsed EL body: literal text and `${…}` expressions. `composite` is false when the body is
 * exactly one expression (its value is returned as is), true when text and expressions mix (the
 * value is a string).
 */
export interface ElTemplate {
  readonly parts: readonly (string | ElNode)[];
  readonly composite: boolean;
}
