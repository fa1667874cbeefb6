/**
 * Sentries (CMMN 1.1 §5.4.6): on-parts, if-parts, entry and exit criteria, and what items with
 * criteria offer to add more.
 */
import type { DefinitionKind } from '../../lifecycle/standard-events.js';
import type { CaseFileItemTransition, PlanItemTransition } from '../../lifecycle/transitions.js';
import type { SentryId } from '../../model/types.js';
import type { CaseFileItemHandle } from './case-file-items.js';
import type { ElementOptions, ExpressionInput } from './element-options.js';
import type { ItemHandle, ItemKind } from './items.js';

/**
 * A `<sentry>` declared explicitly with `stage.sentry(…)`, to share between criteria.
 *
 * @example
 * const bothDone = plan.sentry({ on: [on(a, 'complete'), on(b, 'complete')] });
 */
export interface SentryHandle<C extends string = string> {
  readonly kind: 'Sentry';
  readonly id: SentryId;
  readonly name: string | undefined;
  readonly caseId: C;
}

/**
 * An `<entryCriterion>`.
 *
 * @example
 * const entry = review.entryCriteria[0];
 */
export interface EntryCriterionHandle<C extends string = string> {
  readonly kind: 'EntryCriterion';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
  /** The sentry the criterion uses. */
  readonly sentry: SentryHandle<C>;
}

/**
 * An `<exitCriterion>`: what an on-part's `exitCriterionRef` names.
 *
 * @example
 * const timeout = review.addExitCriterion({ on: on(deadline, 'occur') });
 * plan.task('Escalate', { entryCriteria: [{ on: on(review, 'exit', { exitCriterion: timeout }) }] });
 */
export interface ExitCriterionHandle<C extends string = string> {
  readonly kind: 'ExitCriterion';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
  /** The sentry the criterion uses. */
  readonly sentry: SentryHandle<C>;
}

/**
 * Entry and exit criteria of an item, added at creation (`entryCriteria`, `exitCriteria`) or later,
 * e.g. to watch an item created after this one.
 *
 * @example
 * review.addExitCriterion({ on: on(withdrawn, 'occur') });
 */
export interface CriteriaOwner<C extends string = string> {
  readonly entryCriteria: readonly EntryCriterionHandle<C>[];
  readonly exitCriteria: readonly ExitCriterionHandle<C>[];
  /** Adds an `<entryCriterion>` (and its sentry, unless a {@link SentryHandle} is given). */
  addEntryCriterion(criterion: CriterionInput<C>): EntryCriterionHandle<C>;
  /** Adds an `<exitCriterion>` (and its sentry, unless a {@link SentryHandle} is given). */
  addExitCriterion(criterion: CriterionInput<C>): ExitCriterionHandle<C>;
}

/**
 * Options of an on-part.
 *
 * @example
 * on(review, 'complete', { name: 'review done' });
 */
export interface OnPartOptions extends ElementOptions {
  readonly name?: string;
}

/**
 * Options of a plan item on-part: `exitCriterion` only for the `exit` event.
 *
 * @example
 * on(review, 'exit', { exitCriterion: review.exitCriteria[0]! });
 */
export type PlanItemOnPartOptions<E extends PlanItemTransition, C extends string> = OnPartOptions & {
  /** Only an exit through this exit criterion of the source counts (`exitCriterionRef`). */
  readonly exitCriterion?: 'exit' extends E ? ExitCriterionHandle<C> : never;
};

/**
 * A plan item on-part, as returned by {@link on}.
 *
 * @example
 * const part: PlanItemOnPartSpec<'claim'> = on(review, 'complete');
 */
export interface PlanItemOnPartSpec<C extends string = string, I extends ItemKind = ItemKind> {
  readonly kind: 'PlanItemOnPart';
  readonly source: ItemHandle<I, DefinitionKind, C>;
  readonly standardEvent: PlanItemTransition;
  readonly exitCriterion: ExitCriterionHandle<C> | undefined;
  readonly options: OnPartOptions;
}

/**
 * A case file item on-part, as returned by {@link on}.
 *
 * @example
 * const part: CaseFileItemOnPartSpec<'claim'> = on(claimFile, 'update');
 */
export interface CaseFileItemOnPartSpec<C extends string = string> {
  readonly kind: 'CaseFileItemOnPart';
  readonly source: CaseFileItemHandle<C>;
  readonly standardEvent: CaseFileItemTransition;
  readonly options: OnPartOptions;
}

/**
 * Any on-part.
 *
 * @example
 * const parts: OnPartSpec[] = [on(review, 'complete'), on(claimFile, 'update')];
 */
export type OnPartSpec<C extends string = string> = PlanItemOnPartSpec<C> | CaseFileItemOnPartSpec<C>;

/**
 * An if-part: a condition, or a condition with a context case file item.
 *
 * @example
 * const part: IfPartInput = { condition: '${claim.amount > 1000}', context: claimFile };
 */
export type IfPartInput<C extends string = string> =
  ExpressionInput | (ElementOptions & { readonly condition: ExpressionInput; readonly context?: CaseFileItemHandle<C> });

/**
 * A sentry: on-parts and an optional if-part (CMMN 1.1 §5.4.6).
 *
 * @example
 * const spec: SentrySpec = { on: [on(review, 'complete')], if: '${claim.approved}', triggerMode: 'onEvent' };
 */
export interface SentrySpec<C extends string = string> extends ElementOptions {
  readonly name?: string;
  readonly on?: OnPartSpec<C> | readonly OnPartSpec<C>[];
  readonly if?: IfPartInput<C>;
  /** Writes `casekit:triggerMode` (cmmn-semantics §4): `onEvent` needs every on-part in one cycle. */
  readonly triggerMode?: 'default' | 'onEvent';
}

/**
 * A criterion with its own id, name or documentation, over an inline or a shared sentry.
 *
 * @example
 * const criterion: CriterionSpec = { id: 'ReviewDone', sentry: { on: on(review, 'complete') } };
 */
export interface CriterionSpec<C extends string = string> extends ElementOptions {
  readonly name?: string;
  readonly sentry: SentrySpec<C> | SentryHandle<C>;
}

/**
 * What an entry or exit criterion is written as: a sentry spec (the common case), a shared
 * sentry, or a {@link CriterionSpec}.
 *
 * @example
 * const inputs: CriterionInput[] = [{ on: on(review, 'complete') }, sharedSentry, { id: 'c1', sentry: sharedSentry }];
 */
export type CriterionInput<C extends string = string> = SentrySpec<C> | SentryHandle<C> | CriterionSpec<C>;
