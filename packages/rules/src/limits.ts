/**
 * The bounds every compiler and evaluator enforces, so hostile input fails with an ExpressionError
 * instead of exhausting the stack, the heap or the CPU.
 */

/**
 * What one evaluation may spend. Each evaluation (a condition, an input or output entry, a whole
 * decision) runs under a step budget and size budgets; exceeding one throws an ExpressionError
 * whose `limit` names it (a decision turns it into a DecisionEvaluationError). Pass a partial
 * object as `ExpressionContext.limits` or `EvaluateOptions.limits` to change them for one
 * evaluation; the defaults are {@link EXPRESSION_LIMITS}.
 *
 * @example
 * const limits: Partial<EvaluationLimits> = { maxSteps: 10_000, maxEvaluationMs: 50 };
 * compileExpression('for i in 1..100000 return i', { language: 'feel' }).evaluate({ variables: {}, limits }); // throws ExpressionError
 */
export interface EvaluationLimits {
  /**
   * The most steps: one per operation or node evaluated, one per element a loop, filter, `map`
   * or regular-expression match goes through, and the size of each value a built-in copies.
   */
  readonly maxSteps: number;
  /** The longest list an expression may build (a FEEL range or `for`, a JSON Logic `merge`, a split). */
  readonly maxCollectionLength: number;
  /** The longest string an expression may build or hand to a regular expression, in UTF-16 code units. */
  readonly maxStringLength: number;
  /** The most values (scalars, lists and objects, counted as a tree) in one result. */
  readonly maxOutputSize: number;
  /**
   * The wall-clock bound of one FEEL evaluation through feelin, in milliseconds: a backstop behind
   * the step and size budgets for what casekit cannot count inside feelin.
   */
  readonly maxEvaluationMs: number;
  /** The longest regular-expression pattern, in UTF-16 code units. */
  readonly maxPatternLength: number;
}

/**
 * The default bounds: of compilation (length, nesting, size of an expression) and of evaluation
 * ({@link EvaluationLimits}).
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
  /** Default {@link EvaluationLimits.maxSteps}. */
  maxSteps: 1_000_000,
  /** Default {@link EvaluationLimits.maxCollectionLength}. */
  maxCollectionLength: 100_000,
  /** Default {@link EvaluationLimits.maxStringLength} (1 Mi code units). */
  maxStringLength: 1_048_576,
  /** Default {@link EvaluationLimits.maxOutputSize}. */
  maxOutputSize: 100_000,
  /** Default {@link EvaluationLimits.maxEvaluationMs}. */
  maxEvaluationMs: 1_000,
  /** Default {@link EvaluationLimits.maxPatternLength}. */
  maxPatternLength: 1_000,
} as const;

const DEFAULT_LIMITS: EvaluationLimits = Object.freeze({
  maxSteps: EXPRESSION_LIMITS.maxSteps,
  maxCollectionLength: EXPRESSION_LIMITS.maxCollectionLength,
  maxStringLength: EXPRESSION_LIMITS.maxStringLength,
  maxOutputSize: EXPRESSION_LIMITS.maxOutputSize,
  maxEvaluationMs: EXPRESSION_LIMITS.maxEvaluationMs,
  maxPatternLength: EXPRESSION_LIMITS.maxPatternLength,
});

/** The evaluation limits in force: `given` over the defaults (a non-positive or non-number value is ignored). */
export function evaluationLimits(given: Partial<EvaluationLimits> | undefined): EvaluationLimits {
  if (given === undefined || given === null) return DEFAULT_LIMITS;
  const pick = (key: keyof EvaluationLimits): number => {
    const value = given?.[key];
    return typeof value === 'number' && value > 0 ? value : EXPRESSION_LIMITS[key];
  };
  return {
    maxSteps: pick('maxSteps'),
    maxCollectionLength: pick('maxCollectionLength'),
    maxStringLength: pick('maxStringLength'),
    maxOutputSize: pick('maxOutputSize'),
    maxEvaluationMs: pick('maxEvaluationMs'),
    maxPatternLength: pick('maxPatternLength'),
  };
}
