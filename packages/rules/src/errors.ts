/**
 * The typed errors of @casekit/rules, and the root of every casekit error: {@link CasekitError}
 * lives here, in the leaf package, so that rules, core, timers, the scenario runner and the CLI
 * share one base. Each class carries a literal `code`; @casekit/core re-exports them.
 */
import type { EvaluationLimits } from './limits.js';

/**
 * The base class of every error any casekit package throws on purpose. `code` is a literal per
 * class (narrowed by `instanceof` or by comparing `code`), stable across releases.
 *
 * @example
 * try { await engine.complete(caseId, 'Assess claim'); }
 * catch (e) { if (e instanceof CasekitError && e.code === 'IllegalTransition') console.log(e.message); }
 */
export class CasekitError<Code extends string = string> extends Error {
  override readonly name: string = 'CasekitError';
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Stable codes of the errors this package throws on purpose.
 *
 * @example
 * const code: RulesErrorCode = 'ExpressionError';
 */
export type RulesErrorCode =
  | 'ExpressionError'
  | 'InvalidOperation'
  | 'DecisionTableInvalid'
  | 'DecisionInputInvalid'
  | 'HitPolicyViolation'
  | 'DecisionEvaluationFailed'
  | 'DecisionNotFound';

/**
 * The base class of every error @casekit/rules throws on purpose.
 *
 * @example
 * try { compileExpression('${a +}'); } catch (e) { if (e instanceof RulesError) console.log(e.code); }
 */
export class RulesError<Code extends RulesErrorCode = RulesErrorCode> extends CasekitError<Code> {
  override readonly name: string = 'RulesError';
}

/**
 * What an {@link ExpressionError} may carry besides its reason: the cause, the evaluation limit that
 * was exceeded, the regular expression that was refused.
 *
 * @example
 * const details: ExpressionErrorDetails = { limit: 'maxSteps' };
 */
export interface ExpressionErrorDetails {
  readonly cause?: unknown;
  /** The evaluation limit that was exceeded, when that is why the evaluation failed. */
  readonly limit?: keyof EvaluationLimits;
  /** The regular-expression pattern that was refused or failed, when one is at fault. */
  readonly pattern?: string;
}

/** The longest excerpt of an expression quoted in an error message. */
const MESSAGE_EXCERPT = 200;

/**
 * An expression could not be compiled or evaluated: a syntax error, an unsupported language, a
 * forbidden name, an impossible coercion or a failing function. The message names the element and
 * the expression.
 *
 * @example
 * try {
 *   compileExpression('${amount >}', { id: 'Sentry_1' });
 * } catch (e) {
 *   if (e instanceof ExpressionError) console.log(e.elementId, e.reason); // 'Sentry_1', 'unexpected end …'
 * }
 */
export class ExpressionError extends RulesError<'ExpressionError'> {
  override readonly name = 'ExpressionError';
  /** The evaluation limit that was exceeded (`'maxSteps'`, `'maxEvaluationMs'`, …), when that is the failure. */
  readonly limit: keyof EvaluationLimits | undefined;
  /** The regular-expression pattern at fault, when there is one. */
  readonly pattern: string | undefined;
  constructor(
    /** The expression body as written in the model. */
    readonly expression: string,
    /** Why it failed, without the expression (e.g. `unexpected token ')' at 7`). */
    readonly reason: string,
    /** The id of the model element that holds the expression, when known. */
    readonly elementId?: string,
    /** The 0-based offset in `expression` where a syntax error was found, when known. */
    readonly position?: number,
    details: ExpressionErrorDetails = {},
  ) {
    super('ExpressionError', describeFailure(expression, reason, elementId), details.cause === undefined ? undefined : { cause: details.cause });
    this.limit = details.limit;
    this.pattern = details.pattern;
  }
}

/** The message of an {@link ExpressionError}: where, what, why. */
function describeFailure(expression: string, reason: string, elementId: string | undefined): string {
  const excerpt =
    expression.length > MESSAGE_EXCERPT
      ? `${expression.slice(0, MESSAGE_EXCERPT)}… (${expression.length} characters)`
      : expression;
  const where = elementId === undefined ? 'expression' : `expression of ${elementId}`;
  return `${where} ${JSON.stringify(excerpt)}: ${reason}`;
}

/**
 * Internal: thrown by the parsers and evaluators, caught by the compilers and `evaluate` and turned
 * into an {@link ExpressionError} that carries the expression and element id.
 */
export class ExpressionFailure extends Error {
  constructor(
    readonly reason: string,
    readonly position?: number,
    readonly details: ExpressionErrorDetails = {},
  ) {
    super(reason, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/**
 * Internal: turns anything thrown while compiling or evaluating into an {@link ExpressionError}.
 */
export function toExpressionError(
  error: unknown,
  expression: string,
  elementId: string | undefined,
  phase: 'compilation' | 'evaluation' = 'evaluation',
): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof ExpressionFailure) {
    return new ExpressionError(expression, error.reason, elementId, error.position, error.details);
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new ExpressionError(expression, `${phase} nested too deeply`, elementId, undefined, { cause: error });
  }
  if (error instanceof RangeError && /invalid (string|array) length/i.test(error.message)) {
    const limit = /string/i.test(error.message) ? 'maxStringLength' : 'maxCollectionLength';
    return new ExpressionError(expression, `${phase} built a value larger than JavaScript allows`, elementId, undefined, { cause: error, limit });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ExpressionError(expression, `${phase} failed: ${detail}`, elementId, undefined, { cause: error });
}
