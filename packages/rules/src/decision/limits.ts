/**
 * The bounds decision tables enforce at load and at evaluation, so hostile tables and inputs fail
 * with a typed error instead of exhausting memory, the stack or the CPU. What one evaluation may
 * spend — steps, list and string sizes, the size of the outputs — is bounded by the
 * `EvaluationLimits` of `EXPRESSION_LIMITS` (or `EvaluateOptions.limits`), one budget shared by
 * every entry of the decision and of the decisions it requires.
 *
 * @example
 * DECISION_LIMITS.maxInputDepth; // 64
 */
export const DECISION_LIMITS = {
  /** The longest DMN or JSON source accepted, in UTF-16 code units (10 MiB). */
  maxSourceLength: 10 * 1024 * 1024,
  /** The most decisions in one source. */
  maxDecisions: 1_000,
  /** The most rules in one table. */
  maxRules: 10_000,
  /** The most input or output columns of one table. */
  maxColumns: 256,
  /** The longest chain of required decisions. */
  maxRequirementDepth: 64,
  /** The deepest nesting of an evaluation's input (objects and lists). */
  maxInputDepth: 64,
  /** The most values (objects, lists, scalars) in an evaluation's input. */
  maxInputValues: 100_000,
  /** The most characters of all strings and keys of an evaluation's input together (4 Mi). */
  maxInputCharacters: 4 * 1024 * 1024,
  /** The deepest XML element nesting of a DMN file. */
  maxXmlDepth: 64,
  /** How many distinct unary-test texts are kept compiled (least recently compiled are dropped first). */
  unaryTestCacheSize: 10_000,
  /** How many input values one feelin-evaluated unary test remembers its answer for. */
  unaryTestMemoSize: 256,
} as const;
