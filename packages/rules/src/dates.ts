/**
 * ISO 8601 dates, date-times and durations as case files hold them (JSON strings), read strictly:
 * no locale-dependent `Date.parse` of free text. Used by the JSON Logic date operations and by
 * decision tables' `date` inputs.
 */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const DATE = /^(-?\d{4,6})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(-?\d{4,6})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DURATION = /^(-)?P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9}(?:\.\d{1,9})?)S)?)?$/;

/** Days in a month (1-based) of a proleptic Gregorian year. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The UTC epoch milliseconds of a calendar date, or undefined when it does not exist (2026-02-30). */
function utcDate(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(0, 0, 0, 0);
  return date.getTime();
}

/**
 * A point in time read from a case file value: an ISO date (`2026-01-05`, midnight UTC, `dateOnly`),
 * an ISO date-time with or without an offset (without: UTC), or a `Date`. Anything else → undefined.
 */
export interface Instant {
  readonly ms: number;
  readonly dateOnly: boolean;
}

/** Reads an ISO date or date-time string (or a Date) as an {@link Instant}; undefined when it is not one. */
export function readInstant(value: unknown): Instant | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : { ms, dateOnly: false };
  }
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const text = value.trim();
  const date = DATE.exec(text);
  if (date !== null) {
    const ms = utcDate(Number(date[1]), Number(date[2]), Number(date[3]));
    return ms === undefined ? undefined : { ms, dateOnly: true };
  }
  const dateTime = DATE_TIME.exec(text);
  if (dateTime === null) return undefined;
  const day = utcDate(Number(dateTime[1]), Number(dateTime[2]), Number(dateTime[3]));
  const hours = Number(dateTime[4]);
  const minutes = Number(dateTime[5]);
  const seconds = dateTime[6] === undefined ? 0 : Number(dateTime[6]);
  if (day === undefined || hours > 24 || minutes > 59 || seconds > 60 || (hours === 24 && (minutes > 0 || seconds > 0))) return undefined;
  const fraction = dateTime[7] === undefined ? 0 : Math.round(Number(dateTime[7]) * 1000);
  let offset = 0;
  const zone = dateTime[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    const zoneHours = Number(digits.slice(1, 3));
    const zoneMinutes = Number(digits.slice(3, 5));
    if (zoneHours > 18 || zoneMinutes > 59) return undefined;
    offset = sign * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  return { ms: day + ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction - offset, dateOnly: false };
}

/** The UTC calendar day (days since 1970-01-01) of a date value, or undefined when it is not a date. */
export function readEpochDay(value: unknown): number | undefined {
  const instant = readInstant(value);
  return instant === undefined ? undefined : Math.floor(instant.ms / DAY_MS);
}

/** `YYYY-MM-DD` of a UTC epoch day. */
export function formatEpochDay(day: number): string {
  return formatInstant({ ms: day * DAY_MS, dateOnly: true });
}

/** An instant as ISO text: `YYYY-MM-DD` when date-only, else the UTC date-time with `Z`. */
export function formatInstant(instant: Instant): string {
  const iso = new Date(instant.ms).toISOString();
  return instant.dateOnly ? iso.slice(0, 10) : iso;
}

/** An ISO 8601 duration, its parts non-negative, `sign` ±1. */
export interface Duration {
  readonly sign: 1 | -1;
  readonly years: number;
  readonly months: number;
  readonly days: number;
  readonly milliseconds: number;
}

/** Reads an ISO 8601 duration (`P1Y2M10D`, `PT36H`, `-P1W`); undefined when it is not one. */
export function readDuration(value: unknown): Duration | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = DURATION.exec(value.trim());
  if (match === null || value.trim() === 'P' || value.trim().endsWith('T')) return undefined;
  const n = (index: number): number => (match[index] === undefined ? 0 : Number(match[index]));
  return {
    sign: match[1] === '-' ? -1 : 1,
    years: n(2),
    months: n(3),
    days: n(4) * 7 + n(5),
    milliseconds: Math.round(((n(6) * 60 + n(7)) * 60 + n(8)) * 1000),
  };
}

/**
 * Adds a duration to an instant: years and months move the calendar month (the day is clamped to
 * the month's last day: 2026-01-31 + P1M = 2026-02-28), then days and time are added. A date plus a
 * duration with a time part becomes a date-time.
 */
export function addDuration(instant: Instant, duration: Duration): Instant {
  const date = new Date(instant.ms);
  const months = duration.sign * (duration.years * 12 + duration.months);
  if (months !== 0) {
    const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12;
    const day = Math.min(date.getUTCDate(), daysInMonth(year, month + 1));
    date.setUTCFullYear(year, month, day);
  }
  const ms = date.getTime() + duration.sign * (duration.days * DAY_MS + duration.milliseconds);
  return { ms, dateOnly: instant.dateOnly && duration.milliseconds === 0 };
}

/** Whole years from `birth` to `at` (calendar: the birthday must have been reached). */
export function fullYearsBetween(birth: Instant, at: Instant): number {
  const from = new Date(birth.ms);
  const to = new Date(at.ms);
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const monthDiff = to.getUTCMonth() - from.getUTCMonth();
  if (monthDiff < 0 || (monthDiff === 0 && to.getUTCDate() < from.getUTCDate())) years -= 1;
  return years;
}
