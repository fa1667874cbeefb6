/**
 * ISO-8601 durations (`PnYnMnWnDTnHnMnS`): parse and format.
 *
 * @module
 */
import { TimerExpressionError } from './timer-expression-error.js';

/**
 * An ISO-8601 duration, one field per designator; every field is a finite number ≥ 0. Years and
 * months are calendar units (see `addDuration`); weeks, days, hours, minutes and seconds are exact
 * (a day is 24 h, in UTC). Only the last field given in the text may have a fraction, and never
 * years or months.
 *
 * @example
 * ```ts
 * const d: Duration = { years: 0, months: 0, weeks: 0, days: 1, hours: 12, minutes: 0, seconds: 0 }; // P1DT12H
 * ```
 */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** Longest duration accepted: 10,000 years (a timer further out is a modelling mistake). */
const MAX_DURATION_MS = 10_000 * 365.2425 * 86_400_000;

const FIELDS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
const DESIGNATORS = ['Y', 'M', 'W', 'D', 'H', 'M', 'S'] as const;
const APPROX_MS = [365.2425 * 86_400_000, 30.436875 * 86_400_000, 604_800_000, 86_400_000, 3_600_000, 60_000, 1000] as const;

const NUM = String.raw`(\d{1,15}(?:[.,]\d{1,9})?)`;
const DURATION = new RegExp(`^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);

function reasonFor(text: string): string {
  if (text.length === 0) return 'empty';
  if (text.startsWith('-')) return 'negative durations are not allowed';
  if (!text.startsWith('P')) return "a duration starts with 'P'";
  const [date = '', time] = text.slice(1).split('T', 2);
  if (time === undefined && /\d[HS]/.test(date)) return "hours, minutes and seconds must follow 'T' (PT1H, not P1H)";
  if (time !== undefined && /\d[YWD]/.test(time)) return "years, weeks and days must come before 'T' (P1D, not PT1D)";
  if (/\d{16}/.test(text)) return 'number too large';
  if (/[.,]\d{10}/.test(text)) return 'more than 9 fraction digits';
  return 'not an ISO-8601 duration PnYnMnWnDTnHnMnS (designators in this order, each at most once, uppercase)';
}

/**
 * Parses an ISO-8601 duration such as `PT2H`, `P7D`, `P2W` or `P1Y2M3DT4H5M6.5S`; throws a
 * {@link TimerExpressionError} for anything else (`P`, `PT`, `P1H`, `-P1D`, `P1.5Y`, over 10,000 years…).
 *
 * @example
 * ```ts
 * parseDuration('P6D').days; // 6
 * parseDuration('PT1.5S').seconds; // 1.5
 * ```
 */
export function parseDuration(text: string): Duration {
  const match = DURATION.exec(text);
  if (match === null) throw new TimerExpressionError(text, reasonFor(text));
  const raw = match.slice(1, 8);
  const present = raw.flatMap((r, i) => (r === undefined ? [] : [i]));
  if (present.length === 0) {
    throw new TimerExpressionError(text, text.endsWith('T') ? "'T' must be followed by hours, minutes or seconds" : 'no duration component');
  }
  if (text.endsWith('T')) throw new TimerExpressionError(text, "'T' must be followed by hours, minutes or seconds");
  const values = raw.map((r) => (r === undefined ? 0 : Number(r.replace(',', '.'))));
  let approxMs = 0;
  for (const i of present) {
    const value = values[i] ?? 0;
    if (!Number.isInteger(value)) {
      if (i !== present[present.length - 1]) throw new TimerExpressionError(text, 'only the last component may have a fraction');
      if (i <= 1) throw new TimerExpressionError(text, 'years and months cannot have a fraction');
    }
    approxMs += value * (APPROX_MS[i] ?? 0);
  }
  if (approxMs > MAX_DURATION_MS) throw new TimerExpressionError(text, 'longer than 10,000 years');
  const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = values;
  return { years, months, weeks, days, hours, minutes, seconds };
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(9).replace(/0+$/, '');
}

/**
 * Formats a duration as canonical ISO-8601 text (zero fields left out, `PT0S` for zero), which
 * {@link parseDuration} reads back to an equal duration.
 *
 * @example
 * ```ts
 * formatDuration(parseDuration('P1Y0M2W')); // 'P1Y2W'
 * formatDuration({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }); // 'PT0S'
 * ```
 */
export function formatDuration(duration: Duration): string {
  let date = '';
  let time = '';
  FIELDS.forEach((field, i) => {
    const value = duration[field];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`duration ${field} must be a finite number >= 0, got ${value}`);
    if (value === 0) return;
    const part = `${formatNumber(value)}${DESIGNATORS[i]}`;
    if (i < 4) date += part;
    else time += part;
  });
  if (date === '' && time === '') return 'PT0S';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

/**
 * Whether a duration uses calendar units (years or months), whose length depends on the date it
 * is added to.
 *
 * @example
 * ```ts
 * isCalendarDuration(parseDuration('P1M')); // true
 * isCalendarDuration(parseDuration('P30D')); // false
 * ```
 */
export function isCalendarDuration(duration: Duration): boolean {
  return duration.years !== 0 || duration.months !== 0;
}

/**
 * The exact length in milliseconds of a duration without calendar units (weeks, days = 24 h,
 * hours, minutes, seconds), rounded to the millisecond; throws a `RangeError` for years or months.
 *
 * @example
 * ```ts
 * exactDurationMs(parseDuration('P1DT1.5S')); // 86_401_500
 * ```
 */
export function exactDurationMs(duration: Duration): number {
  if (isCalendarDuration(duration)) throw new RangeError('a duration with years or months has no fixed length');
  return Math.round(
    duration.weeks * 604_800_000 + duration.days * 86_400_000 + duration.hours * 3_600_000 + duration.minutes * 60_000 + duration.seconds * 1000,
  );
}
