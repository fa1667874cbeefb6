/**
 * The bounds every compiler enforces, so hostile input fails with an ExpressionError instead of
 * exhausting the stack or the heap.
 *
 * @example
 * compileExpression('1'.repeat(EXPRESSION_LIMITS.maxLength + 1)); // throws ExpressionError
 */
export const EXPRESSION_LIMITS = {
  /** The longest expression body accepted, in UTF-16 code units. */
  maxLength: 65_536,
  /** The deepest nesting of an EL syntax tree or a JSON Logic rule. */
  maxDepth: 128,
  /** The most nodes of one JSON Logic rule (operations, arrays and literals together). */
  maxNodes: 10_000,
  /** The deepest nesting of a FEEL syntax tree (FEEL trees have a few levels per construct). */
  maxFeelDepth: 512,
  /** The deepest nesting of a variable value copied into a FEEL context (cycles end here). */
  maxValueDepth: 64,
} as const;
