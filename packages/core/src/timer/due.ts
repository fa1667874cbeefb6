/**
 * When a timer is due: its first firing, and each next one.
 *
 * @module
 */
import { addDuration } from './add-duration.js';
import { exactDurationMs, isCalendarDuration } from './duration.js';
import type { CycleTimer, TimerSpec } from './timer-spec.js';

/** Bound on stepping a calendar cycle forward from a start in the past (10,000 years of months). */
const MAX_CATCH_UP_STEPS = 120_000;

function firstOfCycle(spec: CycleTimer, startedAt: number): number | null {
  let due: number;
  if (spec.start === undefined) {
    due = addDuration(startedAt, spec.duration);
  } else {
    due = spec.start;
    if (due < startedAt) {
      if (isCalendarDuration(spec.duration)) {
        for (let step = 0; due < startedAt; step++) {
          if (step >= MAX_CATCH_UP_STEPS) return null;
          due = addDuration(due, spec.duration);
        }
      } else {
        const period = exactDurationMs(spec.duration);
        due += Math.ceil((startedAt - due) / period) * period;
      }
    }
  }
  return spec.end !== undefined && due > spec.end ? null : due;
}

/**
 * When a timer first fires, given the instant its clock started (the listener's creation, or its
 * start trigger), or `null` when it never fires. A duration fires that long after `startedAt`; a
 * date-time fires at that instant (one in the past is due at once); a cycle fires one period after
 * `startedAt`, or — with a start — at the first point of `start, start + period, …` not before
 * `startedAt` (**casekit rule**: points missed before the clock started are skipped, not counted);
 * `null` when that is after the cycle's end.
 *
 * @example
 * ```ts
 * const t0 = Date.parse('2026-01-01T00:00:00Z');
 * firstDue(parseTimerExpression('PT2H'), t0) === t0 + 7_200_000; // true
 * firstDue(parseTimerExpression('R/PT1H/2025-12-31T00:00:00Z'), t0); // null (ended)
 * ```
 */
export function firstDue(spec: TimerSpec, startedAt: number): number | null {
  switch (spec.kind) {
    case 'duration':
      return addDuration(startedAt, spec.duration);
    case 'dateTime':
      return spec.at;
    case 'cycle':
      return firstOfCycle(spec, startedAt);
  }
}

/**
 * When a timer fires next, after the firing at `previousDue`, which was its `firingIndex`-th
 * (1-based: pass 1 after the first firing); `null` when there is no next firing. Only cycles fire
 * again: `R3` means three firings in all, `R` is unbounded, and no firing comes after `end`. Each
 * due is `previousDue` plus the period (calendar months may drift from the 31st to the 28th).
 *
 * @example
 * ```ts
 * const spec = parseTimerExpression('R3/PT1H');
 * const first = firstDue(spec, 0)!; // 3_600_000
 * nextDue(spec, first, 1); // 7_200_000
 * nextDue(spec, 7_200_000, 2); // 10_800_000
 * nextDue(spec, 10_800_000, 3); // null: three firings in all
 * ```
 */
export function nextDue(spec: TimerSpec, previousDue: number, firingIndex: number): number | null {
  if (!Number.isInteger(firingIndex) || firingIndex < 1) throw new RangeError(`firingIndex must be an integer >= 1, got ${firingIndex}`);
  if (spec.kind !== 'cycle') return null;
  if (spec.repetitions !== null && firingIndex >= spec.repetitions) return null;
  const due = addDuration(previousDue, spec.duration);
  return spec.end !== undefined && due > spec.end ? null : due;
}
