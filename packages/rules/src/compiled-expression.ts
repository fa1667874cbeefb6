/**
 * The one shape every compiled expression has, whatever its language.
 */
import { budgetOf, type Budget } from './budget.js';
import type { ExpressionContext } from './context.js';
import { toExpressionError } from './errors.js';
import type { ExpressionLanguage } from './language.js';

/**
 * An expression compiled once, evaluated many times: no parsing happens in `evaluate`.
 *
 * @example
 * const expression: CompiledExpression = compileExpression('${amount > 1000}', { id: 'IfPart_1' });
 * expression.reads;                                   // ['amount']
 * expression.evaluate({ variables: { amount: 5 } });  // false
 */
export interface CompiledExpression {
  /** The expression body as written in the model. */
  readonly source: string;
  /** The language it was compiled as. */
  readonly language: ExpressionLanguage;
  /**
   * The top-level variable names it reads, sorted; undefined when they cannot be known statically
   * (the engine then re-evaluates it on every change).
   */
  readonly reads: readonly string[] | undefined;
  /** The id of the model element that holds it, when given at compile time. */
  readonly elementId: string | undefined;
  /**
   * Evaluates it against a context, within `context.limits` (default {@link EXPRESSION_LIMITS});
   * throws ExpressionError (never anything else) on failure or when a budget is exceeded.
   */
  evaluate(context: ExpressionContext): unknown;
}

/**
 * Internal: builds a {@link CompiledExpression} whose `evaluate` runs under a budget, bounds the
 * size of the result and turns every failure into an ExpressionError.
 */
export function makeCompiled(
  source: string,
  language: ExpressionLanguage,
  reads: readonly string[] | undefined,
  elementId: string | undefined,
  evaluator: (context: ExpressionContext, budget: Budget) => unknown,
): CompiledExpression {
  const frozenReads = reads === undefined ? undefined : Object.freeze([...reads]);
  return Object.freeze({
    source,
    language,
    reads: frozenReads,
    elementId,
    evaluate(context: ExpressionContext): unknown {
      try {
        const budget = budgetOf(context);
        const value = evaluator(context, budget);
        budget.output(value);
        return value;
      } catch (error) {
        throw toExpressionError(error, source, elementId);
      }
    },
  });
}
