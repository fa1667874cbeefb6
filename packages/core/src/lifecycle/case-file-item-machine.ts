/**
 * The case file item lifecycle as an xstate machine [CMMN 1.1 §8.3].
 *
 * @module
 */
import { setup } from 'xstate';
import type { CaseFileItemLifecycleEvent } from './lifecycle-events.js';

/**
 * The case file item lifecycle: `create` is the initial transition (into `Available`), every
 * change keeps the item `Available`, `delete` discards it for good (`Discarded` is final; setting
 * the item again creates a new one).
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [available] = initialTransition(caseFileItemMachine);
 * transition(caseFileItemMachine, available, { type: 'delete' })[0].value; // 'Discarded'
 * ```
 */
export const caseFileItemMachine = setup({
  types: { events: {} as CaseFileItemLifecycleEvent },
}).createMachine({
  id: 'caseFileItem',
  description: 'CMMN 1.1 §8.3 case file item lifecycle',
  initial: 'Available',
  states: {
    Available: {
      on: {
        update: { target: 'Available' },
        replace: { target: 'Available' },
        addChild: { target: 'Available' },
        removeChild: { target: 'Available' },
        addReference: { target: 'Available' },
        removeReference: { target: 'Available' },
        delete: { target: 'Discarded' },
      },
    },
    Discarded: { type: 'final' },
  },
});
