/**
 * Which machine each plan item kind follows.
 *
 * @module
 */
import { milestoneEventListenerMachine } from './milestone-event-listener-machine.js';
import type { PlanItemKind } from './plan-item-kind.js';
import { stageTaskMachine } from './stage-task-machine.js';

/**
 * The lifecycle machine of each plan item kind (stages and tasks share one, milestones and
 * event listeners share another).
 *
 * @example
 * ```ts
 * PLAN_ITEM_MACHINES.task === PLAN_ITEM_MACHINES.stage; // true
 * ```
 */
export const PLAN_ITEM_MACHINES: {
  readonly stage: typeof stageTaskMachine;
  readonly task: typeof stageTaskMachine;
  readonly milestone: typeof milestoneEventListenerMachine;
  readonly eventListener: typeof milestoneEventListenerMachine;
} = Object.freeze({
  stage: stageTaskMachine,
  task: stageTaskMachine,
  milestone: milestoneEventListenerMachine,
  eventListener: milestoneEventListenerMachine,
} satisfies Record<PlanItemKind, unknown>);
