import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDue, nextDue, parseDuration, parseTimerExpression, type TimerSpec } from '../../src/timer/index.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const T0 = at('2026-01-01T00:00:00Z');

/** All firings of a timer started at `startedAt`, at most `limit`. */
function firings(spec: TimerSpec, startedAt: number, limit = 50): number[] {
  const out: number[] = [];
  let due = firstDue(spec, startedAt);
  while (due !== null && out.length < limit) {
    out.push(due);
    due = nextDue(spec, due, out.length);
  }
  return out;
}
const schedule = (text: string, startedAt = T0, limit = 50) => firings(parseTimerExpression(text), startedAt, limit).map(iso);

describe('firstDue / nextDue', () => {
  it('a duration fires once, that long after the clock starts', () => {
    expect(schedule('PT2H')).toEqual(['2026-01-01T02:00:00Z']);
    expect(schedule('P1M', at('2026-01-31T09:00:00Z'))).toEqual(['2026-02-28T09:00:00Z']);
  });

  it('a date-time fires once, at that instant, even when it is already past', () => {
    expect(schedule('2026-03-02T08:00:00Z')).toEqual(['2026-03-02T08:00:00Z']);
    expect(schedule('2025-03-02T08:00:00Z')).toEqual(['2025-03-02T08:00:00Z']);
  });

  it('a non-repeating interval fires once, when it ends', () => {
    expect(schedule('2026-01-01T00:00:00Z/PT90M')).toEqual(['2026-01-01T01:30:00Z']);
  });

  it('R3 means three firings in all, one period apart, the first one period after the start', () => {
    expect(schedule('R3/PT1H')).toEqual(['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z']);
    expect(schedule('R1/PT1H')).toEqual(['2026-01-01T01:00:00Z']);
  });

  it('R without a count is unbounded', () => {
    const all = schedule('R/P1D', T0, 1000);
    expect(all).toHaveLength(1000);
    expect(all[999]).toBe(iso(T0 + 1000 * 86_400_000));
  });

  it('with a start in the future, the first firing is at the start', () => {
    expect(schedule('R3/2026-01-05T09:00:00Z/PT1H')).toEqual(['2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z']);
    expect(schedule('R2/2026-01-01T00:00:00Z/PT1H')).toEqual(['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z']);
  });

  it('casekit rule: with a start in the past, points before the clock start are skipped, not counted', () => {
    expect(schedule('R3/2026-01-01T00:00:00Z/PT1H', at('2026-01-01T02:30:00Z'))).toEqual([
      '2026-01-01T03:00:00Z',
      '2026-01-01T04:00:00Z',
      '2026-01-01T05:00:00Z',
    ]);
    expect(schedule('R/2000-01-01T00:00:00Z/PT1S', at('2026-01-01T00:00:00.500Z'), 2)).toEqual(['2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z']);
    expect(schedule('R2/2026-01-31T00:00:00Z/P1M', at('2026-03-15T00:00:00Z'))).toEqual(['2026-03-28T00:00:00Z', '2026-04-28T00:00:00Z']);
  });

  it('respects the end: no firing after it (a firing at the end itself counts)', () => {
    expect(schedule('R/PT1H/2026-01-01T03:00:00Z')).toEqual(['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z']);
    expect(schedule('R/PT1H/2026-01-01T02:59:59Z')).toEqual(['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z']);
    expect(schedule('R/PT1H/2025-12-31T00:00:00Z')).toEqual([]);
    expect(schedule('R5/PT1H/2026-01-01T02:00:00Z')).toHaveLength(2);
  });

  it('R2/start/end repeats the interval start→end', () => {
    expect(schedule('R2/2026-01-01T06:00:00Z/2026-01-01T07:30:00Z')).toEqual(['2026-01-01T06:00:00Z', '2026-01-01T07:30:00Z']);
  });

  it('monthly cycles follow the calendar from the previous firing (31st drifts to the 28th)', () => {
    expect(schedule('R3/P1M', at('2026-01-31T12:00:00Z'))).toEqual(['2026-02-28T12:00:00Z', '2026-03-28T12:00:00Z', '2026-04-28T12:00:00Z']);
  });

  it('nextDue is null for one-shot timers and checks its firing index', () => {
    expect(nextDue(parseTimerExpression('PT1H'), T0, 1)).toBeNull();
    expect(nextDue(parseTimerExpression('2026-01-01T00:00:00Z'), T0, 1)).toBeNull();
    expect(() => nextDue(parseTimerExpression('R/PT1H'), T0, 0)).toThrow(RangeError);
    expect(() => nextDue(parseTimerExpression('R/PT1H'), T0, 1.5)).toThrow(RangeError);
  });

  const exactPeriod = fc.integer({ min: 1, max: 10 * 86_400 }).map((s) => ({ text: `PT${s}S`, ms: s * 1000 }));
  const instant = fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') });

  it('property: Rn fires exactly n times, one period apart, never before the clock start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), exactPeriod, instant, (n, period, startedAt) => {
        const all = firings(parseTimerExpression(`R${n}/${period.text}`), startedAt, 100);
        expect(all).toHaveLength(n);
        expect(all[0]).toBe(startedAt + period.ms);
        all.forEach((t, i) => i > 0 && expect(t - all[i - 1]!).toBe(period.ms));
      }),
      { numRuns: 300 },
    );
  });

  it('property: with a start and an end, every firing lies in [max(start, startedAt), end], one period apart', () => {
    // span and offset are sized in periods, so a run has at most ~50 firings
    fc.assert(
      fc.property(
        exactPeriod,
        instant,
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (period, start, offsetPeriods, spanPeriods, fraction) => {
          const startedAt = start + Math.round((offsetPeriods + fraction) * period.ms);
          const end = start + spanPeriods * period.ms + Math.round(fraction * period.ms);
          const spec: TimerSpec = { kind: 'cycle', repetitions: null, start, end, duration: parseDuration(period.text) };
          const all = firings(spec, startedAt, 1000);
          const from = Math.max(start, startedAt);
          const ok = all.every((t, i) => t >= from && t <= end && (t - start) % period.ms === 0 && (i === 0 || t - all[i - 1]! === period.ms));
          const first = all.length === 0 || all[0]! - from < period.ms;
          const last = all.length === 0 || all[all.length - 1]! + period.ms > end;
          const none = all.length > 0 || from > end || Math.ceil((from - start) / period.ms) * period.ms + start > end;
          return ok && first && last && none && all.length < 1000;
        },
      ),
      { numRuns: 500 },
    );
  });
});
