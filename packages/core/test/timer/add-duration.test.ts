import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration, type Duration } from '../../src/timer/index.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const add = (from: string, duration: string) => iso(addDuration(at(from), parseDuration(duration)));

describe('addDuration', () => {
  it.each([
    ['2026-01-31T10:00:00Z', 'P1M', '2026-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00Z', 'P1M', '2028-02-29T10:00:00.000Z'],
    ['2026-03-31T00:00:00Z', 'P1M', '2026-04-30T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', 'P1Y', '2025-02-28T12:00:00.000Z'],
    ['2024-02-29T12:00:00Z', 'P4Y', '2028-02-29T12:00:00.000Z'],
    ['2026-11-15T00:00:00Z', 'P3M', '2027-02-15T00:00:00.000Z'],
    ['2026-01-31T00:00:00Z', 'P1M1D', '2026-03-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00Z', 'P1Y2M3DT4H5M6.5S', '2027-03-04T04:05:06.500Z'],
    ['2026-03-28T12:00:00Z', 'P1D', '2026-03-29T12:00:00.000Z'],
    ['2026-01-01T00:00:00Z', 'P2W', '2026-01-15T00:00:00.000Z'],
    ['2026-01-01T23:30:00Z', 'PT1H', '2026-01-02T00:30:00.000Z'],
    ['2026-01-01T00:00:00Z', 'PT0S', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00Z', 'PT1.5H', '2026-01-01T01:30:00.000Z'],
    ['0050-01-31T00:00:00Z', 'P1M', '0050-02-28T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', 'P1M', '1970-01-31T23:59:59.999Z'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(add(from, duration)).toBe(expected);
  });

  it('rejects fractional years or months and results outside the Date range', () => {
    const base: Duration = { years: 0, months: 0.5, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
    expect(() => addDuration(0, base)).toThrow(RangeError);
    expect(() => addDuration(8.6e15, parseDuration('P10000Y'))).toThrow(RangeError);
    expect(() => addDuration(Number.NaN, parseDuration('PT1H'))).toThrow(RangeError);
  });

  const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });
  const duration = fc.record({
    years: fc.integer({ min: 0, max: 50 }),
    months: fc.integer({ min: 0, max: 30 }),
    weeks: fc.integer({ min: 0, max: 60 }),
    days: fc.integer({ min: 0, max: 400 }),
    hours: fc.integer({ min: 0, max: 100 }),
    minutes: fc.integer({ min: 0, max: 100 }),
    seconds: fc.integer({ min: 0, max: 100_000 }).map((ms) => ms / 1000),
  });

  it('property: never goes back in time (d ≥ 0 ⇒ t + d ≥ t)', () => {
    fc.assert(fc.property(instant, duration, (t, d) => addDuration(t, d) >= t), { numRuns: 2000 });
  });

  it('property: monotonic in the instant (t1 ≤ t2 ⇒ t1 + d ≤ t2 + d)', () => {
    fc.assert(
      fc.property(instant, instant, duration, (a, b, d) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        return addDuration(t1, d) <= addDuration(t2, d);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: exact parts add exactly, whatever the instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (t, days, hours) => {
        const d: Duration = { years: 0, months: 0, weeks: 0, days, hours, minutes: 0, seconds: 0 };
        return addDuration(t, d) === t + days * 86_400_000 + hours * 3_600_000;
      }),
    );
  });

  it('property: keeps the time of day and clamps the day of month for calendar parts', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 240 }), (t, months) => {
        const d: Duration = { years: 0, months, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
        const from = new Date(t);
        const to = new Date(addDuration(t, d));
        expect(to.getUTCHours() * 3_600_000 + to.getUTCMinutes() * 60_000 + to.getUTCSeconds() * 1000 + to.getUTCMilliseconds()).toBe(
          from.getUTCHours() * 3_600_000 + from.getUTCMinutes() * 60_000 + from.getUTCSeconds() * 1000 + from.getUTCMilliseconds(),
        );
        expect((to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth()).toBe(months);
        expect(to.getUTCDate()).toBeLessThanOrEqual(from.getUTCDate());
      }),
      { numRuns: 1000 },
    );
  });
});
