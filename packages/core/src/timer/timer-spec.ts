/**
 * What a parsed timer expression says: when a timer event listener occurs.
 *
 * @module
 */
import type { Duration } from './duration.js';

/**
 * A timer that occurs once, a duration after its clock starts (`PT2H`).
 *
 * @example
 * ```ts
 * const spec: DurationTimer = { kind: 'duration', duration: parseDuration('PT2H') };
 * ```
 */
export interface DurationTimer {
  readonly kind: 'duration';
  readonly duration: Duration;
}

/**
 * A timer that occurs once, at an instant in epoch milliseconds (`2026-03-02T08:00:00Z`, or the
 * end of a non-repeating interval).
 *
 * @example
 * ```ts
 * const spec: DateTimeTimer = { kind: 'dateTime', at: Date.parse('2026-03-02T08:00:00Z') };
 * ```
 */
export interface DateTimeTimer {
  readonly kind: 'dateTime';
  readonly at: number;
}

/**
 * A repeating timer (`R3/PT1H`): `repetitions` firings in all (`null` = unbounded), `duration`
 * apart; the first at `start` (or the first step of the series at or after the clock start) when
 * `start` is given, else one `duration` after the clock starts; none after `end`.
 *
 * @example
 * ```ts
 * const spec: CycleTimer = { kind: 'cycle', repetitions: 3, duration: parseDuration('PT1H') };
 * ```
 */
export interface CycleTimer {
  readonly kind: 'cycle';
  readonly repetitions: number | null;
  readonly start?: number;
  readonly end?: number;
  readonly duration: Duration;
}

/**
 * A parsed `timerExpression`, discriminated on `kind`.
 *
 * @example
 * ```ts
 * const spec: TimerSpec = parseTimerExpression('R/P1D');
 * if (spec.kind === 'cycle') spec.repetitions; // null
 * ```
 */
export type TimerSpec = DurationTimer | DateTimeTimer | CycleTimer;
