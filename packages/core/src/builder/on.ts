import type { DefinitionKind, StandardEventOf } from '../lifecycle/standard-events.js';
import type { CaseFileItemTransition, PlanItemTransition } from '../lifecycle/transitions.js';
import type {
  CaseFileItemHandle,
  CaseFileItemOnPartSpec,
  ItemHandle,
  ItemKind,
  OnPartOptions,
  PlanItemOnPartOptions,
  PlanItemOnPartSpec,
} from './handles/index.js';

/**
 * An on-part of a sentry: the source (a plan item, discretionary item or case file item handle)
 * and the standard event it must make. The event is checked against the source's kind: a
 * milestone or event listener takes `'occur'`, a task or stage `'complete'`, `'exit'`, … and a
 * case file item `'create'`, `'update'`, …; `exitCriterion` is accepted with `'exit'` only.
 *
 * @example
 * plan.milestone('Reviewed', { entryCriteria: [{ on: on(review, 'complete') }] });
 * plan.task('Escalate', { entryCriteria: [{ on: on(review, 'exit', { exitCriterion: timeout }) }] });
 * plan.task('Recheck', { entryCriteria: [{ on: on(claimFile, 'update') }] });
 * // @ts-expect-error a milestone emits 'occur', never 'complete'
 * on(approved, 'complete');
 */
export function on<const I extends ItemKind, K extends DefinitionKind, C extends string, const E extends StandardEventOf<K>>(
  source: ItemHandle<I, K, C>,
  standardEvent: E,
  options?: PlanItemOnPartOptions<E, C>,
): PlanItemOnPartSpec<C, I>;
export function on<C extends string>(
  source: CaseFileItemHandle<C>,
  standardEvent: CaseFileItemTransition,
  options?: OnPartOptions,
): CaseFileItemOnPartSpec<C>;
export function on(
  source: ItemHandle | CaseFileItemHandle,
  standardEvent: string,
  options: OnPartOptions & { readonly exitCriterion?: unknown } = {},
): PlanItemOnPartSpec | CaseFileItemOnPartSpec {
  const { exitCriterion, ...rest } = options;
  if (source?.kind === 'CaseFileItem') {
    return Object.freeze({
      kind: 'CaseFileItemOnPart',
      source,
      standardEvent: standardEvent as CaseFileItemTransition,
      options: Object.freeze(rest),
    });
  }
  return Object.freeze({
    kind: 'PlanItemOnPart',
    source: source as ItemHandle,
    standardEvent: standardEvent as PlanItemTransition,
    exitCriterion: exitCriterion as PlanItemOnPartSpec['exitCriterion'],
    options: Object.freeze(rest),
  });
}
