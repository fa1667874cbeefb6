/**
 * The event objects the lifecycle machines accept.
 *
 * @module
 */
import type { PlanItemState } from './states.js';
import type { CaseFileItemTransition, CaseTransition, PlanItemTransition } from './transitions.js';

/**
 * An event for a plan item lifecycle machine: the transition's name, plus, for `resume` and
 * `parentResume`, the state the item was in when its parent suspended it.
 *
 * `before` is what the engine remembers as `stateBeforeSuspend` on `parentSuspend`; it is absent
 * for an item that the user suspended. It is ignored by every other transition.
 *
 * @example
 * ```ts
 * const e: PlanItemLifecycleEvent = { type: 'parentResume', before: 'Enabled' };
 * ```
 */
export interface PlanItemLifecycleEvent {
  readonly type: PlanItemTransition;
  readonly before?: PlanItemState | undefined;
}

/**
 * An event for the case lifecycle machine.
 *
 * @example
 * ```ts
 * const e: CaseLifecycleEvent = { type: 'close' };
 * ```
 */
export interface CaseLifecycleEvent {
  readonly type: CaseTransition;
}

/**
 * An event for the case file item lifecycle machine.
 *
 * @example
 * ```ts
 * const e: CaseFileItemLifecycleEvent = { type: 'update' };
 * ```
 */
export interface CaseFileItemLifecycleEvent {
  readonly type: CaseFileItemTransition;
}
