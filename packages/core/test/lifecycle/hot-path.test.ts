import { describe, expect, it, vi } from 'vitest';

// Count every call into xstate's stepping functions, to prove lookups never reach xstate.
const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('xstate', async (importOriginal) => {
  const actual = await importOriginal<typeof import('xstate')>();
  return {
    ...actual,
    transition: (...args: Parameters<typeof actual.transition>) => {
      calls.n++;
      return actual.transition(...args);
    },
    initialTransition: (...args: Parameters<typeof actual.initialTransition>) => {
      calls.n++;
      return actual.initialTransition(...args);
    },
  };
});

const lifecycle = await import('../../src/lifecycle/index.js');

describe('hot path', () => {
  it('tables are derived from the machines at module load, by stepping them', () => {
    expect(calls.n).toBeGreaterThan(0);
  });

  it('lookups are plain reads: no xstate call, whatever is asked', () => {
    const before = calls.n;
    const { PLAN_ITEM_KINDS, PLAN_ITEM_STATES, PLAN_ITEM_TRANSITIONS, CASE_STATES, CASE_TRANSITIONS } = lifecycle;
    let legal = 0;
    for (const kind of PLAN_ITEM_KINDS) {
      for (const from of [null, ...PLAN_ITEM_STATES]) {
        legal += lifecycle.legalTransitions(kind, from).length;
        for (const t of PLAN_ITEM_TRANSITIONS) {
          for (const b of [undefined, ...PLAN_ITEM_STATES]) if (lifecycle.nextPlanItemState(kind, from, t, b) !== undefined) legal++;
        }
      }
    }
    for (const from of [null, ...CASE_STATES]) for (const t of CASE_TRANSITIONS) lifecycle.nextCaseState(from, t);
    expect(legal).toBeGreaterThan(0);
    expect(calls.n).toBe(before);
  });

  it('a million lookups take well under a second', () => {
    const start = performance.now();
    let hits = 0;
    for (let i = 0; i < 1_000_000; i++) {
      if (lifecycle.nextPlanItemState('task', 'Active', i % 2 === 0 ? 'complete' : 'start') !== undefined) hits++;
    }
    expect(hits).toBe(500_000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
