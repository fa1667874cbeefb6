import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import {
  CASE_FILE_ITEM_STATES,
  CASE_FILE_ITEM_TRANSITIONS,
  CASE_STATES,
  CASE_TRANSITIONS,
  PLAN_ITEM_KINDS,
  PLAN_ITEM_MACHINES,
  PLAN_ITEM_STATES,
  PLAN_ITEM_TRANSITIONS,
  caseFileItemMachine,
  caseMachine,
  milestoneEventListenerMachine,
  nextCaseFileItemState,
  nextCaseState,
  nextPlanItemState,
  stageTaskMachine,
  type PlanItemKind,
  type PlanItemLifecycleEvent,
  type PlanItemState,
  type PlanItemTransition,
} from '../../src/lifecycle/index.js';

/** Every event a plan item machine can be sent: each transition, bare and with each remembered state. */
const PLAN_ITEM_EVENTS: PlanItemLifecycleEvent[] = PLAN_ITEM_TRANSITIONS.flatMap((type) => [
  { type },
  ...PLAN_ITEM_STATES.map((before) => ({ type, before })),
]);

interface Subject {
  readonly name: string;
  readonly machine: AnyStateMachine;
  readonly states: readonly string[];
  readonly finals: readonly string[];
  readonly events: ReadonlyArray<{ type: string; before?: PlanItemState }>;
  readonly lookup: (from: string | null, event: { type: string; before?: PlanItemState }) => string | undefined;
}

const planItemSubject = (kind: PlanItemKind, states: readonly PlanItemState[]): Subject => ({
  name: kind,
  machine: PLAN_ITEM_MACHINES[kind],
  states,
  finals: ['Completed', 'Terminated'],
  events: PLAN_ITEM_EVENTS,
  lookup: (from, e) => nextPlanItemState(kind, from as PlanItemState | null, e.type as PlanItemTransition, e.before),
});

const SUBJECTS: readonly Subject[] = [
  planItemSubject('stage', PLAN_ITEM_STATES),
  planItemSubject('task', PLAN_ITEM_STATES),
  planItemSubject('milestone', ['Available', 'Suspended', 'Completed', 'Terminated']),
  planItemSubject('eventListener', ['Available', 'Suspended', 'Completed', 'Terminated']),
  {
    name: 'case',
    machine: caseMachine,
    states: CASE_STATES,
    finals: ['Closed'],
    events: CASE_TRANSITIONS.map((type) => ({ type })),
    lookup: (from, e) => nextCaseState(from as (typeof CASE_STATES)[number] | null, e.type as (typeof CASE_TRANSITIONS)[number]),
  },
  {
    name: 'caseFileItem',
    machine: caseFileItemMachine,
    states: CASE_FILE_ITEM_STATES,
    finals: ['Discarded'],
    events: CASE_FILE_ITEM_TRANSITIONS.map((type) => ({ type })),
    lookup: (from, e) =>
      nextCaseFileItemState(from as (typeof CASE_FILE_ITEM_STATES)[number] | null, e.type as (typeof CASE_FILE_ITEM_TRANSITIONS)[number]),
  },
];

const valueOf = (snapshot: { value: unknown }): string => {
  expect(typeof snapshot.value).toBe('string');
  return snapshot.value as string;
};

describe.each(SUBJECTS)('$name machine', (subject) => {
  const { machine } = subject;
  const paths = getShortestPaths(machine, { events: [...subject.events] });

  it('has exactly the spec states, and create is its initial transition', () => {
    expect(Object.keys(machine.root.states).sort()).toEqual([...subject.states].sort());
    expect(valueOf(initialTransition(machine)[0])).toBe(subject.lookup(null, { type: 'create' }));
    for (const event of subject.events) {
      if (event.type !== 'create') expect(subject.lookup(null, event)).toBeUndefined();
    }
  });

  it('getShortestPaths reaches every state', () => {
    expect(paths.map((p) => valueOf(p.state)).sort()).toEqual([...subject.states].sort());
  });

  it('getSimplePaths: every step of every simple path is a legal lookup with the same target', () => {
    // every event once, `before` only where a guard reads it; only events the snapshot accepts
    const distinct = subject.events.filter((e) => e.before === undefined || e.type === 'parentResume');
    const simple = getSimplePaths(machine, { events: distinct, filterEvents: (snapshot, event) => snapshot.can(event) });
    expect(new Set(simple.map((p) => valueOf(p.state)))).toEqual(new Set(subject.states));
    let steps = 0;
    for (const path of simple) {
      let from = valueOf(initialTransition(machine)[0]);
      for (const step of path.steps.slice(1)) {
        const to = subject.lookup(from, step.event as { type: string; before?: PlanItemState });
        expect(to, `${from} ${JSON.stringify(step.event)}`).toBe(valueOf(step.state));
        from = valueOf(step.state);
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(0);
  });

  it('derived table equals stepping the machine with transition() for every (reached state, event) pair', () => {
    let pairs = 0;
    for (const path of paths) {
      const snapshot = path.state;
      const from = valueOf(snapshot);
      for (const event of subject.events) {
        const expected = snapshot.can(event) ? valueOf(transition(machine, snapshot, event)[0]) : undefined;
        expect(subject.lookup(from, event), `${from} ${JSON.stringify(event)}`).toBe(expected);
        if (expected === undefined) {
          // an unhandled event leaves the snapshot where it was
          expect(valueOf(transition(machine, snapshot, event)[0])).toBe(from);
        }
        pairs++;
      }
    }
    expect(pairs).toBe(subject.states.length * subject.events.length);
  });

  it('derived table equals reading the machine config (targets and guards) directly', () => {
    for (const state of subject.states) {
      const node = machine.root.states[state];
      expect(node).toBeDefined();
      for (const event of subject.events) {
        const defs = (node!.on as Record<string, ReadonlyArray<{ target?: ReadonlyArray<{ key: string }>; guard?: unknown }>>)[event.type] ?? [];
        const taken = defs.find((d) => guardHolds(d.guard, event.before));
        expect(subject.lookup(state, event), `${state} ${JSON.stringify(event)}`).toBe(taken?.target?.[0]?.key);
      }
    }
  });

  it('final states accept nothing and end the machine', () => {
    for (const path of paths) {
      const value = valueOf(path.state);
      const isFinal = subject.finals.includes(value);
      expect(path.state.status, value).toBe(isFinal ? 'done' : 'active');
      if (isFinal) for (const event of subject.events) expect(subject.lookup(value, event)).toBeUndefined();
    }
  });
});

/** An independent reading of the two guards the plan item machines use. */
function guardHolds(guard: unknown, before: PlanItemState | undefined): boolean {
  if (guard === undefined) return true;
  const g = typeof guard === 'string' ? { type: guard } : (guard as { type: string; params?: { state: PlanItemState } });
  if (g.type === 'suspendedByUser') return before === undefined;
  if (g.type === 'suspendedByParentFrom') return before === g.params?.state;
  throw new Error(`unexpected guard ${JSON.stringify(guard)}`);
}

describe('machine exports', () => {
  it('stages and tasks share one machine, milestones and event listeners another', () => {
    expect(PLAN_ITEM_MACHINES.stage).toBe(stageTaskMachine);
    expect(PLAN_ITEM_MACHINES.task).toBe(stageTaskMachine);
    expect(PLAN_ITEM_MACHINES.milestone).toBe(milestoneEventListenerMachine);
    expect(PLAN_ITEM_MACHINES.eventListener).toBe(milestoneEventListenerMachine);
    expect(Object.keys(PLAN_ITEM_MACHINES).sort()).toEqual([...PLAN_ITEM_KINDS].sort());
  });

  it('machines serialise to JSON (so tools can render them)', () => {
    for (const m of [caseMachine, stageTaskMachine, milestoneEventListenerMachine, caseFileItemMachine]) {
      const json = JSON.parse(JSON.stringify(m.definition)) as { id: string; states: Record<string, unknown> };
      expect(Object.keys(json.states).length).toBeGreaterThan(1);
      expect(typeof json.id).toBe('string');
    }
  });
});

describe('property: an engine that remembers stateBeforeSuspend', () => {
  const commands = fc.array(fc.constantFrom(...PLAN_ITEM_TRANSITIONS), { maxLength: 40 });

  it.each(PLAN_ITEM_KINDS)('%s: lookups agree with the machine, and parentSuspend/parentResume round-trips', (kind) => {
    const machine = PLAN_ITEM_MACHINES[kind];
    fc.assert(
      fc.property(commands, (transitions) => {
        let snapshot = initialTransition(machine)[0];
        let state: PlanItemState = nextPlanItemState(kind, null, 'create')!;
        let before: PlanItemState | undefined;
        for (const type of transitions) {
          const next = nextPlanItemState(kind, state, type, before);
          const event = { type, before };
          expect(snapshot.can(event)).toBe(next !== undefined);
          if (next === undefined) continue; // illegal: rejected, state unchanged
          snapshot = transition(machine, snapshot, event)[0];
          expect(snapshot.value).toBe(next);
          if (type === 'parentResume') expect(next).toBe(before);
          if (type === 'parentSuspend') before = state;
          else if (next !== 'Suspended') before = undefined;
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});
