/**
 * Timer expressions of timer event listeners (CMMN 1.1 §5.4.8): ISO-8601 durations, date-times
 * and repeating intervals, and when they are due.
 *
 * @module
 */
export { TimerExpressionError } from './timer-expression-error.js';
export { parseDuration, formatDuration, isCalendarDuration, exactDurationMs, type Duration } from './duration.js';
export { addDuration } from './add-duration.js';
export { parseDateTime } from './date-time.js';
export type { TimerSpec, DurationTimer, DateTimeTimer, CycleTimer } from './timer-spec.js';
export { parseTimerExpression, safeParseTimerExpression } from './parse-timer-expression.js';
export { firstDue, nextDue } from './due.js';
