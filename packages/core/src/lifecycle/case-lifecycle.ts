/**
 * O(1) case instance lifecycle lookups, derived once from {@link caseMachine}.
 *
 * @module
 */
import { caseMachine } from './case-machine.js';
import { ABSENT, deriveLifecycleTable, resolveTarget } from './derive-table.js';
import { CASE_STATES, type CaseState } from './states.js';
import { CASE_TRANSITIONS, type CaseTransition } from './transitions.js';

const table = deriveLifecycleTable(caseMachine, CASE_STATES, CASE_TRANSITIONS, []);
const NONE: readonly CaseTransition[] = Object.freeze([]);

/**
 * The state a case reaches by `transition` from `from` (`null` = not created yet), or `undefined`
 * when the transition is illegal there.
 *
 * @example
 * ```ts
 * nextCaseState(null, 'create'); // 'Active'
 * nextCaseState('Failed', 'reactivate'); // 'Active'
 * nextCaseState('Closed', 'reactivate'); // undefined
 * ```
 */
export function nextCaseState(from: CaseState | null, transition: CaseTransition): CaseState | undefined {
  return resolveTarget(table.next[from ?? ABSENT]?.[transition], undefined);
}

/**
 * The case transitions legal in state `from`, in `CASE_TRANSITIONS` order; a frozen, shared array.
 *
 * @example
 * ```ts
 * legalCaseTransitions('Suspended'); // ['reactivate', 'close']
 * legalCaseTransitions('Closed'); // []
 * ```
 */
export function legalCaseTransitions(from: CaseState | null): readonly CaseTransition[] {
  return table.legal[from ?? ABSENT]?.[ABSENT] ?? NONE;
}
