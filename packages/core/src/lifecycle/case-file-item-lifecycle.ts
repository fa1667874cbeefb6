/**
 * O(1) case file item lifecycle lookups, derived once from {@link caseFileItemMachine}.
 *
 * @module
 */
import { caseFileItemMachine } from './case-file-item-machine.js';
import { ABSENT, deriveLifecycleTable, resolveTarget } from './derive-table.js';
import { CASE_FILE_ITEM_STATES, type CaseFileItemState } from './states.js';
import { CASE_FILE_ITEM_TRANSITIONS, type CaseFileItemTransition } from './transitions.js';

const table = deriveLifecycleTable(caseFileItemMachine, CASE_FILE_ITEM_STATES, CASE_FILE_ITEM_TRANSITIONS, []);
const NONE: readonly CaseFileItemTransition[] = Object.freeze([]);

/**
 * The state a case file item reaches by `transition` from `from` (`null` = not created yet), or
 * `undefined` when the transition is illegal there.
 *
 * @example
 * ```ts
 * nextCaseFileItemState(null, 'create'); // 'Available'
 * nextCaseFileItemState('Available', 'update'); // 'Available'
 * nextCaseFileItemState('Discarded', 'update'); // undefined
 * ```
 */
export function nextCaseFileItemState(
  from: CaseFileItemState | null,
  transition: CaseFileItemTransition,
): CaseFileItemState | undefined {
  return resolveTarget(table.next[from ?? ABSENT]?.[transition], undefined);
}

/**
 * The case file item transitions legal in state `from`, in `CASE_FILE_ITEM_TRANSITIONS` order.
 *
 * @example
 * ```ts
 * legalCaseFileItemTransitions(null); // ['create']
 * legalCaseFileItemTransitions('Discarded'); // []
 * ```
 */
export function legalCaseFileItemTransitions(from: CaseFileItemState | null): readonly CaseFileItemTransition[] {
  return table.legal[from ?? ABSENT]?.[ABSENT] ?? NONE;
}
