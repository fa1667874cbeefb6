/**
 * The typed errors of @casekit/rules, and the root of every casekit error: {@link CasekitError}
 * lives here, in the leaf package, so that rules, core, timers, the scenario runner and the CLI
 * share one base. Each class carries a literal `code`; @casekit/core re-exports them.
 */

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
  constructor(
    /** The expression body as written in the model. */
    readonly expression: string,
    /** Why it failed, without the expression (e.g. `unexpected token ')' at 7`). */
    readonly reason: string,
    /** The id of the model element that holds the expression, when known. */
    readonly elementId?: string,
    /** The 0-based offset in `expression` where a syntax error was found, when known. */
    readonly position?: number,
    options?: { cause?: unknown },
  ) {
    super('ExpressionError', describeFailure(expression, reason, elementId), options);
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
    options?: { cause?: unknown },
  ) {
    super(reason, options);
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
    const options = error.cause === undefined ? undefined : { cause: error.cause };
    return new ExpressionError(expression, error.reason, elementId, error.position, options);
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new ExpressionError(expression, `${phase} nested too deeply`, elementId, undefined, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ExpressionError(expression, `${phase} failed: ${detail}`, elementId, undefined, { cause: error });
}
