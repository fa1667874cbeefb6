/**
 * Adding a duration to an instant, with UTC calendar semantics for years and months.
 *
 * @module
 */
import type { Duration } from './duration.js';
import { exactDurationMs } from './duration.js';

/** ECMAScript's limit for a Date: ±100,000,000 days around the epoch. */
const MAX_EPOCH_MS = 8.64e15;

function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day); // unlike Date.UTC, years 0–99 stay as given
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMidnight(year, month + 1, 0)).getUTCDate();
}

/**
 * Adds a duration to an instant (epoch milliseconds): years and months move along the UTC
 * calendar, keeping the time of day and clamping the day to the target month's length (Jan 31 +
 * P1M = Feb 28, or 29 in a leap year); weeks, days (24 h), hours, minutes and seconds are then
 * added exactly. Throws a `RangeError` for a fractional year or month, or a result outside the
 * range of a `Date`.
 *
 * @example
 * ```ts
 * const jan31 = Date.parse('2026-01-31T10:00:00Z');
 * new Date(addDuration(jan31, parseDuration('P1M'))).toISOString(); // '2026-02-28T10:00:00.000Z'
 * addDuration(0, parseDuration('PT1H')); // 3_600_000
 * ```
 */
export function addDuration(epochMs: number, duration: Duration): number {
  if (!Number.isFinite(epochMs)) throw new RangeError(`instant must be finite, got ${epochMs}`);
  let at = epochMs;
  const months = duration.years * 12 + duration.months;
  if (months !== 0) {
    if (!Number.isInteger(duration.years) || !Number.isInteger(duration.months)) {
      throw new RangeError('years and months must be whole numbers');
    }
    const date = new Date(epochMs);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const timeOfDay = epochMs - utcMidnight(year, month, day);
    const total = year * 12 + month + months;
    const targetYear = Math.floor(total / 12);
    const targetMonth = total - targetYear * 12;
    at = utcMidnight(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))) + timeOfDay;
  }
  at += exactDurationMs({ ...duration, years: 0, months: 0 });
  if (!(Math.abs(at) <= MAX_EPOCH_MS)) throw new RangeError(`instant out of range: ${epochMs} + duration`);
  return at;
}
