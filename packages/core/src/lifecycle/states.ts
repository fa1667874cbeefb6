/**
 * The lifecycle states of CMMN 1.1 (§8.2–8.4), spelled exactly as in the specification.
 *
 * @module
 */

/**
 * Every state a plan item instance (stage, task, milestone, event listener) can be in [CMMN 1.1 §8.4].
 *
 * @example
 * ```ts
 * PLAN_ITEM_STATES.includes('Enabled'); // true
 * ```
 */
export const PLAN_ITEM_STATES = [
  'Available',
  'Enabled',
  'Disabled',
  'Active',
  'Suspended',
  'Failed',
  'Completed',
  'Terminated',
] as const;

/**
 * A plan item instance's state [CMMN 1.1 §8.4].
 *
 * @example
 * ```ts
 * const s: PlanItemState = 'Available';
 * ```
 */
export type PlanItemState = (typeof PLAN_ITEM_STATES)[number];

/**
 * Every state a case instance can be in [CMMN 1.1 §8.2].
 *
 * @example
 * ```ts
 * CASE_STATES.at(-1); // 'Closed'
 * ```
 */
export const CASE_STATES = ['Active', 'Suspended', 'Failed', 'Completed', 'Terminated', 'Closed'] as const;

/**
 * A case instance's state [CMMN 1.1 §8.2].
 *
 * @example
 * ```ts
 * const s: CaseState = 'Closed';
 * ```
 */
export type CaseState = (typeof CASE_STATES)[number];

/**
 * Every state a case file item can be in [CMMN 1.1 §8.3].
 *
 * @example
 * ```ts
 * CASE_FILE_ITEM_STATES.length; // 2
 * ```
 */
export const CASE_FILE_ITEM_STATES = ['Available', 'Discarded'] as const;

/**
 * A case file item's state [CMMN 1.1 §8.3].
 *
 * @example
 * ```ts
 * const s: CaseFileItemState = 'Discarded';
 * ```
 */
export type CaseFileItemState = (typeof CASE_FILE_ITEM_STATES)[number];

const planItemStates: ReadonlySet<string> = new Set(PLAN_ITEM_STATES);
const caseStates: ReadonlySet<string> = new Set(CASE_STATES);
const caseFileItemStates: ReadonlySet<string> = new Set(CASE_FILE_ITEM_STATES);

/**
 * Whether a value is one of the spec's plan item state names (case-sensitive).
 *
 * @example
 * ```ts
 * isPlanItemState('Active'); // true
 * isPlanItemState('active'); // false
 * ```
 */
export function isPlanItemState(value: unknown): value is PlanItemState {
  return typeof value === 'string' && planItemStates.has(value);
}

/**
 * Whether a value is one of the spec's case state names (case-sensitive).
 *
 * @example
 * ```ts
 * isCaseState('Closed'); // true
 * ```
 */
export function isCaseState(value: unknown): value is CaseState {
  return typeof value === 'string' && caseStates.has(value);
}

/**
 * Whether a value is one of the spec's case file item state names (case-sensitive).
 *
 * @example
 * ```ts
 * isCaseFileItemState('Discarded'); // true
 * ```
 */
export function isCaseFileItemState(value: unknown): value is CaseFileItemState {
  return typeof value === 'string' && caseFileItemStates.has(value);
}
