/**
 * Guards shared by the plan item machines: how an item left `Suspended` depends on who suspended it.
 *
 * @module
 */
import type { PlanItemLifecycleEvent } from './lifecycle-events.js';
import type { PlanItemState } from './states.js';

/**
 * Guard implementations for the plan item machines' `setup({ guards })`.
 *
 * - `suspendedByUser`: the event carries no `before`, i.e. the item was suspended by `suspend`;
 * - `suspendedByParentFrom` (params `{ state }`): the item was suspended by `parentSuspend` while in `state`.
 *
 * @example
 * ```ts
 * suspensionGuards.suspendedByUser({ event: { type: 'resume' } }); // true
 * suspensionGuards.suspendedByParentFrom({ event: { type: 'parentResume', before: 'Enabled' } }, { state: 'Enabled' }); // true
 * ```
 */
export const suspensionGuards = {
  suspendedByUser: ({ event }: { event: PlanItemLifecycleEvent }): boolean => event.before === undefined,
  suspendedByParentFrom: ({ event }: { event: PlanItemLifecycleEvent }, params: { state: PlanItemState }): boolean =>
    event.before === params.state,
};
