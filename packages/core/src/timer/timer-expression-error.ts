/**
 * The error thrown for a timer expression (or duration, or date-time) that casekit cannot read.
 *
 * @module
 */
import { CasekitError } from '@casekit/rules';

/**
 * A timer expression that is not an ISO-8601 duration, date-time or (repeating) interval casekit
 * accepts. Carries the stable code `InvalidTimerExpression`, the offending text and the reason.
 *
 * @example
 * ```ts
 * try {
 *   parseTimerExpression('P1H');
 * } catch (e) {
 *   if (e instanceof TimerExpressionError) console.log(e.code, e.text, e.reason);
 *   // InvalidTimerExpression P1H hours, minutes and seconds must follow 'T' (PT1H, not P1H)
 * }
 * ```
 */
export class TimerExpressionError extends CasekitError<'InvalidTimerExpression'> {
  override readonly name = 'TimerExpressionError';

  constructor(
    /** The text that failed to parse, as given. */
    readonly text: string,
    /** Why it was rejected. */
    readonly reason: string,
  ) {
    super('InvalidTimerExpression', `invalid timer expression ${JSON.stringify(text)}: ${reason}`);
  }
}
