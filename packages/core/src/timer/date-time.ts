/**
 * ISO-8601 date-times (extended format) to epoch milliseconds.
 *
 * @module
 */
import { TimerExpressionError } from './timer-expression-error.js';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

function utc(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

/**
 * Parses an ISO-8601 date-time in extended format — `2026-03-02T08:00:00Z`, with an offset
 * (`+02:00`, `+0200`, `+02`), fractional seconds, seconds left out, or a date alone — to epoch
 * milliseconds. **casekit rule**: a date-time without a zone, and a date alone (midnight), is UTC.
 * Fractions below a millisecond are truncated. Throws a {@link TimerExpressionError} for anything
 * else, including impossible dates (`2026-02-30`), `24:00` and leap seconds.
 *
 * @example
 * ```ts
 * parseDateTime('2026-03-02T10:00:00+02:00') === Date.parse('2026-03-02T08:00:00Z'); // true
 * parseDateTime('2026-03-02T08:00') === Date.parse('2026-03-02T08:00:00Z'); // true (no zone: UTC)
 * ```
 */
export function parseDateTime(text: string): number {
  const m = DATE_TIME.exec(text);
  if (m === null) {
    throw new TimerExpressionError(text, 'not an ISO-8601 date-time YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]');
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) throw new TimerExpressionError(text, `month ${mo} out of range`);
  const midnight = utc(year, month - 1, day);
  if (day < 1 || new Date(midnight).getUTCDate() !== day) throw new TimerExpressionError(text, `day ${d} does not exist in ${y}-${mo}`);
  if (hour > 23) throw new TimerExpressionError(text, `hour ${h} out of range (24:00 is not accepted)`);
  if (minute > 59) throw new TimerExpressionError(text, `minute ${mi} out of range`);
  if (second > 59) throw new TimerExpressionError(text, `second ${s} out of range (no leap seconds)`);
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 18 || om > 59) throw new TimerExpressionError(text, `offset ${zone} out of range`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  return midnight + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms;
}
