/**
 * CMMN 1.1 lifecycles (§8.2–8.4): spec-named states and transitions, one xstate machine per
 * lifecycle, and O(1) lookups derived from those machines.
 *
 * @module
 */
export {
  PLAN_ITEM_STATES,
  CASE_STATES,
  CASE_FILE_ITEM_STATES,
  isPlanItemState,
  isCaseState,
  isCaseFileItemState,
  type PlanItemState,
  type CaseState,
  type CaseFileItemState,
} from './states.js';
export {
  PLAN_ITEM_TRANSITIONS,
  CASE_TRANSITIONS,
  CASE_FILE_ITEM_TRANSITIONS,
  isPlanItemTransition,
  isCaseTransition,
  isCaseFileItemTransition,
  type PlanItemTransition,
  type CaseTransition,
  type CaseFileItemTransition,
} from './transitions.js';
export { PLAN_ITEM_KINDS, planItemKindOf, type PlanItemKind } from './plan-item-kind.js';
export type { PlanItemLifecycleEvent, CaseLifecycleEvent, CaseFileItemLifecycleEvent } from './lifecycle-events.js';
export { caseMachine } from './case-machine.js';
export { stageTaskMachine } from './stage-task-machine.js';
export { milestoneEventListenerMachine } from './milestone-event-listener-machine.js';
export { caseFileItemMachine } from './case-file-item-machine.js';
export { PLAN_ITEM_MACHINES } from './plan-item-machines.js';
export { nextPlanItemState, legalTransitions, possibleTransitions } from './plan-item-lifecycle.js';
export { nextCaseState, legalCaseTransitions } from './case-lifecycle.js';
export { nextCaseFileItemState, legalCaseFileItemTransitions } from './case-file-item-lifecycle.js';
