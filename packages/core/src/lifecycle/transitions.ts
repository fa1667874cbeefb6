/**
 * The lifecycle transitions of CMMN 1.1 (§8.2–8.4), which are also the standard events that
 * on-parts listen for, spelled exactly as in the specification.
 *
 * @module
 */

/**
 * Every plan item transition (`PlanItemTransition` enumeration, CMMN 1.1 §5.4.6.1 and §8.4).
 *
 * `close` belongs to the enumeration but no plan item lifecycle takes it (it is a case
 * transition); `parentTerminate` is taken by milestones and event listeners only.
 *
 * @example
 * ```ts
 * PLAN_ITEM_TRANSITIONS.includes('manualStart'); // true
 * ```
 */
export const PLAN_ITEM_TRANSITIONS = [
  'close',
  'complete',
  'create',
  'disable',
  'enable',
  'exit',
  'fault',
  'manualStart',
  'occur',
  'parentResume',
  'parentSuspend',
  'parentTerminate',
  'reactivate',
  'reenable',
  'resume',
  'start',
  'suspend',
  'terminate',
] as const;

/**
 * A plan item transition / standard event name [CMMN 1.1 §8.4].
 *
 * @example
 * ```ts
 * const t: PlanItemTransition = 'occur';
 * ```
 */
export type PlanItemTransition = (typeof PLAN_ITEM_TRANSITIONS)[number];

/**
 * Every case instance transition [CMMN 1.1 §8.2].
 *
 * @example
 * ```ts
 * CASE_TRANSITIONS.includes('close'); // true
 * ```
 */
export const CASE_TRANSITIONS = ['create', 'complete', 'terminate', 'fault', 'suspend', 'reactivate', 'close'] as const;

/**
 * A case instance transition name [CMMN 1.1 §8.2].
 *
 * @example
 * ```ts
 * const t: CaseTransition = 'reactivate';
 * ```
 */
export type CaseTransition = (typeof CASE_TRANSITIONS)[number];

/**
 * Every case file item transition (`CaseFileItemTransition` enumeration, CMMN 1.1 §8.3).
 *
 * @example
 * ```ts
 * CASE_FILE_ITEM_TRANSITIONS.length; // 8
 * ```
 */
export const CASE_FILE_ITEM_TRANSITIONS = [
  'create',
  'update',
  'replace',
  'delete',
  'addChild',
  'removeChild',
  'addReference',
  'removeReference',
] as const;

/**
 * A case file item transition / standard event name [CMMN 1.1 §8.3].
 *
 * @example
 * ```ts
 * const t: CaseFileItemTransition = 'addChild';
 * ```
 */
export type CaseFileItemTransition = (typeof CASE_FILE_ITEM_TRANSITIONS)[number];

const planItemTransitions: ReadonlySet<string> = new Set(PLAN_ITEM_TRANSITIONS);
const caseTransitions: ReadonlySet<string> = new Set(CASE_TRANSITIONS);
const caseFileItemTransitions: ReadonlySet<string> = new Set(CASE_FILE_ITEM_TRANSITIONS);

/**
 * Whether a value names a plan item transition (e.g. a `standardEvent` read from XML).
 *
 * @example
 * ```ts
 * isPlanItemTransition('complete'); // true
 * isPlanItemTransition('completed'); // false
 * ```
 */
export function isPlanItemTransition(value: unknown): value is PlanItemTransition {
  return typeof value === 'string' && planItemTransitions.has(value);
}

/**
 * Whether a value names a case transition.
 *
 * @example
 * ```ts
 * isCaseTransition('close'); // true
 * ```
 */
export function isCaseTransition(value: unknown): value is CaseTransition {
  return typeof value === 'string' && caseTransitions.has(value);
}

/**
 * Whether a value names a case file item transition (e.g. a `standardEvent` of a caseFileItemOnPart).
 *
 * @example
 * ```ts
 * isCaseFileItemTransition('update'); // true
 * ```
 */
export function isCaseFileItemTransition(value: unknown): value is CaseFileItemTransition {
  return typeof value === 'string' && caseFileItemTransitions.has(value);
}
