import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TimerExpressionError,
  exactDurationMs,
  formatDuration,
  isCalendarDuration,
  parseDuration,
  type Duration,
} from '../../src/timer/index.js';

const d = (partial: Partial<Duration>): Duration => ({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...partial });

describe('parseDuration', () => {
  it.each([
    ['PT2H', d({ hours: 2 })],
    ['P7D', d({ days: 7 })],
    ['P2W', d({ weeks: 2 })],
    ['P1Y2M3DT4H5M6.5S', d({ years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6.5 })],
    ['P1M', d({ months: 1 })],
    ['PT1M', d({ minutes: 1 })],
    ['PT0S', d({})],
    ['P0D', d({})],
    ['PT1.5H', d({ hours: 1.5 })],
    ['PT0,25S', d({ seconds: 0.25 })],
    ['P1W2D', d({ weeks: 1, days: 2 })],
    ['P1DT12H', d({ days: 1, hours: 12 })],
    ['PT36H', d({ hours: 36 })],
    ['P6D', d({ days: 6 })],
  ])('%s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['P', 'no duration component'],
    ['PT', "'T' must be followed"],
    ['P1DT', "'T' must be followed"],
    ['P1H', "must follow 'T'"],
    ['P1S', "must follow 'T'"],
    ['PT1D', "must come before 'T'"],
    ['-P1D', 'negative'],
    ['1D', "starts with 'P'"],
    ['pt1h', "starts with 'P'"],
    ['P1D1Y', 'designators in this order'],
    ['P1Y1Y', 'designators in this order'],
    ['P1.5Y', 'years and months cannot have a fraction'],
    ['P1.5M', 'years and months cannot have a fraction'],
    ['PT1.5H2M', 'only the last component may have a fraction'],
    ['P10001Y', 'longer than 10,000 years'],
    ['PT999999999999999H', 'longer than 10,000 years'],
    ['P1234567890123456D', 'number too large'],
    ['PT1.0000000001S', 'more than 9 fraction digits'],
    ['P 1D', 'designators'],
    ['PT1H ', 'designators'],
  ])('rejects %j (%s)', (text, reason) => {
    const error = (() => {
      try {
        parseDuration(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TimerExpressionError);
    const e = error as TimerExpressionError;
    expect(e.code).toBe('InvalidTimerExpression');
    expect(e.text).toBe(text);
    expect(e.reason).toContain(reason);
    expect(e.message).toContain(JSON.stringify(text));
    expect(e.name).toBe('TimerExpressionError');
  });
});

describe('formatDuration', () => {
  it.each([
    [d({}), 'PT0S'],
    [d({ hours: 2 }), 'PT2H'],
    [d({ years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6.5 }), 'P1Y2M3DT4H5M6.5S'],
    [d({ weeks: 2 }), 'P2W'],
    [d({ seconds: 0.001 }), 'PT0.001S'],
    [d({ seconds: 1e-7 }), 'PT0.0000001S'],
  ])('%j → %s', (duration, text) => {
    expect(formatDuration(duration)).toBe(text);
  });

  it('rejects negative or non-finite fields', () => {
    expect(() => formatDuration(d({ days: -1 }))).toThrow(RangeError);
    expect(() => formatDuration(d({ seconds: Number.NaN }))).toThrow(RangeError);
  });

  it('property: parseDuration(formatDuration(d)) equals d (integer fields, millisecond seconds)', () => {
    const small = fc.integer({ min: 0, max: 500 });
    fc.assert(
      fc.property(small, fc.integer({ min: 0, max: 11 }), small, small, small, small, fc.integer({ min: 0, max: 59_999 }), (years, months, weeks, days, hours, minutes, ms) => {
        const duration = d({ years, months, weeks, days, hours, minutes, seconds: ms / 1000 });
        expect(parseDuration(formatDuration(duration))).toEqual(duration);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: formatDuration(parseDuration(text)) is canonical and re-parses to the same duration', () => {
    const component = (designator: string) =>
      fc.option(fc.integer({ min: 0, max: 999 }).map((n) => `${n}${designator}`), { nil: '' });
    const text = fc
      .tuple(component('Y'), component('M'), component('W'), component('D'), component('H'), component('M'), component('S'))
      .map(([y, mo, w, dd, h, mi, s]) => `P${y}${mo}${w}${dd}${h || mi || s ? `T${h}${mi}${s}` : ''}`)
      .filter((t) => t !== 'P');
    fc.assert(
      fc.property(text, (t) => {
        const parsed = parseDuration(t);
        const canonical = formatDuration(parsed);
        expect(parseDuration(canonical)).toEqual(parsed);
        expect(formatDuration(parseDuration(canonical))).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('exact and calendar durations', () => {
  it('tells calendar durations apart', () => {
    expect(isCalendarDuration(parseDuration('P1Y'))).toBe(true);
    expect(isCalendarDuration(parseDuration('P1M'))).toBe(true);
    expect(isCalendarDuration(parseDuration('P1W'))).toBe(false);
    expect(isCalendarDuration(parseDuration('PT1M'))).toBe(false);
  });

  it('exactDurationMs: weeks, days of 24 h, hours, minutes, seconds', () => {
    expect(exactDurationMs(parseDuration('P1W'))).toBe(7 * 86_400_000);
    expect(exactDurationMs(parseDuration('P1DT1H1M1.5S'))).toBe(86_400_000 + 3_600_000 + 60_000 + 1500);
    expect(exactDurationMs(parseDuration('PT0.0005S'))).toBe(1);
    expect(() => exactDurationMs(parseDuration('P1M'))).toThrow(RangeError);
  });
});
