/**
 * O(1) plan item lifecycle lookups for the engine's hot path, derived once from the machines.
 *
 * @module
 */
import { deriveLifecycleTable, resolveTarget, ABSENT, type LifecycleTable } from './derive-table.js';
import { milestoneEventListenerMachine } from './milestone-event-listener-machine.js';
import type { PlanItemKind } from './plan-item-kind.js';
import { stageTaskMachine } from './stage-task-machine.js';
import { PLAN_ITEM_STATES, type PlanItemState } from './states.js';
import { PLAN_ITEM_TRANSITIONS, type PlanItemTransition } from './transitions.js';

type PlanItemTable = LifecycleTable<PlanItemState, PlanItemTransition>;

const stageTaskTable: PlanItemTable = deriveLifecycleTable(stageTaskMachine, PLAN_ITEM_STATES, PLAN_ITEM_TRANSITIONS, PLAN_ITEM_STATES);
const milestoneEventListenerTable: PlanItemTable = deriveLifecycleTable(
  milestoneEventListenerMachine,
  PLAN_ITEM_STATES,
  PLAN_ITEM_TRANSITIONS,
  PLAN_ITEM_STATES,
);

const tables: Readonly<Record<PlanItemKind, PlanItemTable>> = Object.freeze({
  stage: stageTaskTable,
  task: stageTaskTable,
  milestone: milestoneEventListenerTable,
  eventListener: milestoneEventListenerTable,
});

const NONE: readonly PlanItemTransition[] = Object.freeze([]);

/**
 * The state a plan item of `kind` reaches by `transition` from `from`, or `undefined` when the
 * transition is illegal there. `from = null` means "no instance yet": only `create` leaves it.
 * `before` is the state remembered at `parentSuspend` (the engine's `stateBeforeSuspend`); it
 * decides `parentResume` (restore) and `resume` (legal only without it), and is ignored otherwise.
 *
 * @example
 * ```ts
 * nextPlanItemState('task', null, 'create'); // 'Available'
 * nextPlanItemState('task', 'Enabled', 'manualStart'); // 'Active'
 * nextPlanItemState('task', 'Available', 'complete'); // undefined (illegal)
 * nextPlanItemState('stage', 'Suspended', 'parentResume', 'Disabled'); // 'Disabled'
 * nextPlanItemState('milestone', 'Available', 'occur'); // 'Completed'
 * ```
 */
export function nextPlanItemState(
  kind: PlanItemKind,
  from: PlanItemState | null,
  transition: PlanItemTransition,
  before?: PlanItemState,
): PlanItemState | undefined {
  return resolveTarget(tables[kind]?.next[from ?? ABSENT]?.[transition], before);
}

/**
 * The transitions legal for a plan item of `kind` in state `from` (with the remembered `before`,
 * see {@link nextPlanItemState}), in `PLAN_ITEM_TRANSITIONS` order; a frozen, shared array.
 *
 * @example
 * ```ts
 * legalTransitions('task', 'Failed'); // ['exit', 'reactivate']
 * legalTransitions('task', 'Completed'); // []
 * legalTransitions('task', 'Suspended', 'Enabled'); // ['exit', 'parentResume', 'terminate']
 * ```
 */
export function legalTransitions(kind: PlanItemKind, from: PlanItemState | null, before?: PlanItemState): readonly PlanItemTransition[] {
  return tables[kind]?.legal[from ?? ABSENT]?.[before ?? ABSENT] ?? NONE;
}

/**
 * Every transition a plan item of `kind` can ever make — hence every standard event it can emit
 * (a validator warns about on-parts on any other event, e.g. `complete` on a milestone).
 *
 * @example
 * ```ts
 * possibleTransitions('milestone').includes('complete'); // false
 * possibleTransitions('milestone').includes('occur'); // true
 * ```
 */
export function possibleTransitions(kind: PlanItemKind): readonly PlanItemTransition[] {
  return tables[kind]?.taken ?? NONE;
}
