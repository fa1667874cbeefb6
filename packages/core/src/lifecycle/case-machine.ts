/**
 * The case instance lifecycle as an xstate machine [CMMN 1.1 §8.2].
 *
 * @module
 */
import { setup } from 'xstate';
import type { CaseLifecycleEvent } from './lifecycle-events.js';

/**
 * The case instance lifecycle: `create` is the machine's initial transition (into `Active`);
 * `Closed` is final and accepts nothing.
 *
 * Stepped with xstate's pure `transition()` (never as an actor) to derive the lookup tables used
 * by the engine; exported so that tools can render it (Stately) and tests can walk it.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [active] = initialTransition(caseMachine);
 * const [suspended] = transition(caseMachine, active, { type: 'suspend' });
 * suspended.value; // 'Suspended'
 * ```
 */
export const caseMachine = setup({
  types: { events: {} as CaseLifecycleEvent },
}).createMachine({
  id: 'case',
  description: 'CMMN 1.1 §8.2 case instance lifecycle',
  initial: 'Active',
  states: {
    Active: {
      on: {
        complete: { target: 'Completed', description: 'the case plan model completes' },
        terminate: { target: 'Terminated', description: 'user, or a case plan model exit criterion' },
        fault: { target: 'Failed' },
        suspend: { target: 'Suspended', description: 'children get parentSuspend' },
      },
    },
    Suspended: {
      on: {
        reactivate: { target: 'Active', description: 'children get parentResume' },
        close: { target: 'Closed' },
      },
    },
    Failed: { on: { reactivate: { target: 'Active' }, close: { target: 'Closed' } } },
    Completed: { on: { reactivate: { target: 'Active' }, close: { target: 'Closed' } } },
    Terminated: { on: { reactivate: { target: 'Active' }, close: { target: 'Closed' } } },
    Closed: { type: 'final', description: 'no command is accepted after close' },
  },
});
