import { describe, expect, it } from 'vitest';
import {
  CASE_FILE_ITEM_STATES,
  CASE_FILE_ITEM_TRANSITIONS,
  CASE_STATES,
  CASE_TRANSITIONS,
  PLAN_ITEM_KINDS,
  PLAN_ITEM_STATES,
  PLAN_ITEM_TRANSITIONS,
  legalCaseFileItemTransitions,
  legalCaseTransitions,
  legalTransitions,
  nextCaseFileItemState,
  nextCaseState,
  nextPlanItemState,
  possibleTransitions,
  type PlanItemKind,
  type PlanItemState,
} from '../../src/lifecycle/index.js';
import {
  CASE_FILE_ITEM_ROWS,
  CASE_ROWS,
  MILESTONE_EVENT_LISTENER_ROWS,
  STAGE_TASK_ROWS,
  specTarget,
  type PlanItemRow,
} from './spec-tables.js';

const TABLES: Record<PlanItemKind, readonly PlanItemRow[]> = {
  stage: STAGE_TASK_ROWS,
  task: STAGE_TASK_ROWS,
  milestone: MILESTONE_EVENT_LISTENER_ROWS,
  eventListener: MILESTONE_EVENT_LISTENER_ROWS,
};
const FROMS = [null, ...PLAN_ITEM_STATES] as const;
const BEFORES = [undefined, ...PLAN_ITEM_STATES] as const;

describe.each(PLAN_ITEM_KINDS)('%s lifecycle (§3 table)', (kind) => {
  const table = TABLES[kind];

  it.each(table.map((r) => [`${r.from ?? '—'} --${r.transition}${r.before ? `[${r.before}]` : ''}--> ${r.to}`, r] as const))(
    'row %s',
    (_name, row) => {
      expect(nextPlanItemState(kind, row.from, row.transition, row.before)).toBe(row.to);
    },
  );

  it('every (from, transition, before) outside the table is illegal (undefined)', () => {
    let checked = 0;
    for (const from of FROMS) {
      for (const transition of PLAN_ITEM_TRANSITIONS) {
        for (const before of BEFORES) {
          expect(nextPlanItemState(kind, from, transition, before), `${from} ${transition} ${before}`).toBe(
            specTarget(table, from, transition, before),
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(9 * 18 * 9);
  });

  it('legalTransitions lists exactly the table rows leaving a state, in PLAN_ITEM_TRANSITIONS order', () => {
    for (const from of FROMS) {
      for (const before of BEFORES) {
        const expected = PLAN_ITEM_TRANSITIONS.filter((t) => specTarget(table, from, t, before) !== undefined);
        expect(legalTransitions(kind, from, before), `${from} ${before}`).toEqual(expected);
      }
    }
  });

  it('possibleTransitions lists every transition the table mentions', () => {
    const expected = PLAN_ITEM_TRANSITIONS.filter((t) => table.some((r) => r.transition === t));
    expect(possibleTransitions(kind)).toEqual(expected);
  });
});

describe('stage/task specifics', () => {
  it('Completed and Terminated accept no transition', () => {
    for (const kind of PLAN_ITEM_KINDS) {
      for (const before of BEFORES) {
        expect(legalTransitions(kind, 'Completed', before)).toEqual([]);
        expect(legalTransitions(kind, 'Terminated', before)).toEqual([]);
      }
    }
  });

  it('Failed accepts exactly reactivate and exit', () => {
    expect(legalTransitions('task', 'Failed')).toEqual(['exit', 'reactivate']);
    expect(legalTransitions('stage', 'Failed')).toEqual(['exit', 'reactivate']);
  });

  it('parentResume restores each state parentSuspend can leave from', () => {
    for (const s of ['Available', 'Enabled', 'Disabled', 'Active'] as const) {
      const suspended = nextPlanItemState('task', s, 'parentSuspend');
      expect(suspended).toBe('Suspended');
      expect(nextPlanItemState('task', 'Suspended', 'parentResume', s)).toBe(s);
    }
  });

  it('parentResume without a remembered state, or one parentSuspend cannot leave from, is illegal', () => {
    expect(nextPlanItemState('task', 'Suspended', 'parentResume')).toBeUndefined();
    for (const s of ['Suspended', 'Failed', 'Completed', 'Terminated'] as const) {
      expect(nextPlanItemState('task', 'Suspended', 'parentResume', s)).toBeUndefined();
    }
  });

  it('casekit rule: user resume only for an item the user suspended', () => {
    expect(nextPlanItemState('task', 'Suspended', 'resume')).toBe('Active');
    expect(nextPlanItemState('task', 'Suspended', 'resume', 'Enabled')).toBeUndefined();
    expect(nextPlanItemState('milestone', 'Suspended', 'resume')).toBe('Available');
    expect(nextPlanItemState('milestone', 'Suspended', 'resume', 'Available')).toBeUndefined();
  });

  it('before is ignored by transitions that do not depend on it', () => {
    expect(nextPlanItemState('task', 'Active', 'complete', 'Enabled')).toBe('Completed');
    expect(nextPlanItemState('task', 'Suspended', 'exit', 'Enabled')).toBe('Terminated');
    expect(nextPlanItemState('task', null, 'create', 'Active')).toBe('Available');
  });

  it('close is never a plan item transition; parentTerminate only for milestones and event listeners', () => {
    for (const kind of PLAN_ITEM_KINDS) expect(possibleTransitions(kind)).not.toContain('close');
    expect(possibleTransitions('task')).not.toContain('parentTerminate');
    expect(possibleTransitions('stage')).not.toContain('occur');
    expect(possibleTransitions('milestone')).not.toContain('complete');
    expect(possibleTransitions('eventListener')).toContain('parentTerminate');
  });

  it('unknown inputs give undefined / nothing, never a prototype property', () => {
    const bogus = 'constructor' as unknown as PlanItemState;
    expect(nextPlanItemState('task', bogus, 'start')).toBeUndefined();
    expect(nextPlanItemState('task', 'Available', 'toString' as never)).toBeUndefined();
    expect(nextPlanItemState('nope' as PlanItemKind, 'Available', 'start')).toBeUndefined();
    expect(legalTransitions('task', bogus)).toEqual([]);
    expect(legalTransitions('nope' as PlanItemKind, 'Available')).toEqual([]);
    expect(possibleTransitions('nope' as PlanItemKind)).toEqual([]);
  });

  it('returned arrays are frozen and shared', () => {
    const a = legalTransitions('task', 'Active');
    expect(Object.isFrozen(a)).toBe(true);
    expect(legalTransitions('task', 'Active')).toBe(a);
  });
});

describe('case lifecycle (§3 table)', () => {
  it.each(CASE_ROWS.map((r) => [`${r[0] ?? '—'} --${r[1]}--> ${r[2]}`, r] as const))('row %s', (_n, [from, t, to]) => {
    expect(nextCaseState(from, t as (typeof CASE_TRANSITIONS)[number])).toBe(to);
  });

  it('every other (from, transition) is illegal; legalCaseTransitions matches the table', () => {
    for (const from of [null, ...CASE_STATES]) {
      for (const t of CASE_TRANSITIONS) {
        const row = CASE_ROWS.find((r) => r[0] === from && r[1] === t);
        expect(nextCaseState(from, t), `${from} ${t}`).toBe(row?.[2]);
      }
      expect(legalCaseTransitions(from)).toEqual(CASE_TRANSITIONS.filter((t) => CASE_ROWS.some((r) => r[0] === from && r[1] === t)));
    }
  });

  it('Closed is final: no command is accepted', () => {
    expect(legalCaseTransitions('Closed')).toEqual([]);
    expect(legalCaseTransitions('Failed')).toEqual(['reactivate', 'close']);
  });
});

describe('case file item lifecycle (CMMN 1.1 §8.3)', () => {
  it.each(CASE_FILE_ITEM_ROWS.map((r) => [`${r[0] ?? '—'} --${r[1]}--> ${r[2]}`, r] as const))('row %s', (_n, [from, t, to]) => {
    expect(nextCaseFileItemState(from, t as (typeof CASE_FILE_ITEM_TRANSITIONS)[number])).toBe(to);
  });

  it('every other (from, transition) is illegal', () => {
    for (const from of [null, ...CASE_FILE_ITEM_STATES]) {
      for (const t of CASE_FILE_ITEM_TRANSITIONS) {
        const row = CASE_FILE_ITEM_ROWS.find((r) => r[0] === from && r[1] === t);
        expect(nextCaseFileItemState(from, t), `${from} ${t}`).toBe(row?.[2]);
      }
    }
    expect(legalCaseFileItemTransitions(null)).toEqual(['create']);
    expect(legalCaseFileItemTransitions('Discarded')).toEqual([]);
  });
});
