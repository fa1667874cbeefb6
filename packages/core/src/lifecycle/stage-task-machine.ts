/**
 * The stage and task lifecycle as an xstate machine [CMMN 1.1 §8.4.2].
 *
 * @module
 */
import { setup } from 'xstate';
import type { PlanItemLifecycleEvent } from './lifecycle-events.js';
import { suspensionGuards } from './suspension-guards.js';

const restoreTo = (state: 'Available' | 'Enabled' | 'Disabled' | 'Active') =>
  ({
    target: state,
    guard: { type: 'suspendedByParentFrom', params: { state } },
    description: `parent resumed; the item was ${state} when its parent suspended it`,
  }) as const;

/**
 * The lifecycle shared by stages (including the case plan model's plan items) and every kind of
 * task: `create` is the initial transition (into `Available`); `Completed` and `Terminated` are
 * final.
 *
 * `parentResume` returns to the state the item was in before `parentSuspend`. The machine keeps
 * no history: the engine stores that state (`stateBeforeSuspend`) and passes it as the event's
 * `before`; a guard per possible state picks the target. A user `resume` is legal only for an item
 * the user suspended (no `before`); a child suspended with its parent resumes with its parent.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [available] = initialTransition(stageTaskMachine);
 * const [suspended] = transition(stageTaskMachine, available, { type: 'parentSuspend' });
 * transition(stageTaskMachine, suspended, { type: 'parentResume', before: 'Available' })[0].value; // 'Available'
 * ```
 */
export const stageTaskMachine = setup({
  types: { events: {} as PlanItemLifecycleEvent },
  guards: suspensionGuards,
}).createMachine({
  id: 'stageTask',
  description: 'CMMN 1.1 §8.4.2 stage and task lifecycle',
  initial: 'Available',
  states: {
    Available: {
      on: {
        enable: { target: 'Enabled', description: 'entry satisfied and manual activation rule true' },
        start: { target: 'Active', description: 'entry satisfied and manual activation rule false (default)' },
        exit: { target: 'Terminated', description: 'exit criterion, or parent stage ends' },
        parentSuspend: { target: 'Suspended', description: 'parent suspended' },
      },
    },
    Enabled: {
      on: {
        disable: { target: 'Disabled', description: 'user' },
        manualStart: { target: 'Active', description: 'user' },
        exit: { target: 'Terminated' },
        parentSuspend: { target: 'Suspended' },
      },
    },
    Disabled: {
      on: {
        reenable: { target: 'Enabled', description: 'user' },
        exit: { target: 'Terminated' },
        parentSuspend: { target: 'Suspended' },
      },
    },
    Active: {
      on: {
        complete: { target: 'Completed', description: 'task work done / non-blocking / stage completion' },
        fault: { target: 'Failed', description: 'task work failed' },
        suspend: { target: 'Suspended', description: 'user' },
        terminate: { target: 'Terminated', description: 'user' },
        exit: { target: 'Terminated' },
        parentSuspend: { target: 'Suspended' },
      },
    },
    Suspended: {
      on: {
        resume: { target: 'Active', guard: 'suspendedByUser', description: 'user; only when the user suspended it' },
        parentResume: [restoreTo('Available'), restoreTo('Enabled'), restoreTo('Disabled'), restoreTo('Active')],
        terminate: { target: 'Terminated', description: 'user' },
        exit: { target: 'Terminated' },
      },
    },
    Failed: {
      on: {
        reactivate: { target: 'Active', description: 'user' },
        exit: { target: 'Terminated' },
      },
    },
    Completed: { type: 'final' },
    Terminated: { type: 'final' },
  },
});
