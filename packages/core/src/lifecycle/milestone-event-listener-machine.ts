/**
 * The milestone and event listener lifecycle as an xstate machine [CMMN 1.1 §8.4.3].
 *
 * @module
 */
import { setup } from 'xstate';
import type { PlanItemLifecycleEvent } from './lifecycle-events.js';
import { suspensionGuards } from './suspension-guards.js';

/**
 * The lifecycle shared by milestones and (user, timer) event listeners: `create` is the initial
 * transition (into `Available`); `Completed` and `Terminated` are final.
 *
 * As for stages and tasks, `parentResume` needs the remembered state as `before` (always
 * `Available` here) and a user `resume` is legal only for an item the user suspended.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [available] = initialTransition(milestoneEventListenerMachine);
 * transition(milestoneEventListenerMachine, available, { type: 'occur' })[0].value; // 'Completed'
 * ```
 */
export const milestoneEventListenerMachine = setup({
  types: { events: {} as PlanItemLifecycleEvent },
  guards: suspensionGuards,
}).createMachine({
  id: 'milestoneEventListener',
  description: 'CMMN 1.1 §8.4.3 milestone and event listener lifecycle',
  initial: 'Available',
  states: {
    Available: {
      on: {
        occur: { target: 'Completed', description: 'milestone: entry satisfied; user event: user; timer: due' },
        suspend: { target: 'Suspended', description: 'user' },
        terminate: { target: 'Terminated', description: 'user' },
        exit: { target: 'Terminated', description: 'milestone exit criterion' },
        parentSuspend: { target: 'Suspended' },
        parentTerminate: { target: 'Terminated' },
      },
    },
    Suspended: {
      on: {
        resume: { target: 'Available', guard: 'suspendedByUser', description: 'user; only when the user suspended it' },
        parentResume: {
          target: 'Available',
          guard: { type: 'suspendedByParentFrom', params: { state: 'Available' } },
        },
        parentTerminate: { target: 'Terminated' },
      },
    },
    Completed: { type: 'final' },
    Terminated: { type: 'final' },
  },
});
