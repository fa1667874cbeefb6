/**
 * What every plan item and discretionary item handle has: the source `on(…)` takes, the definition
 * `use(…)` takes again.
 */
import type { DefinitionKind } from '../../lifecycle/standard-events.js';
import type { PlanItemId } from '../../model/types.js';

/**
 * A plan item definition, to use it again with `stage.use(…)` / `table.use(…)`.
 *
 * @example
 * const second = plan.use(review.definition, { name: 'Second review' });
 */
export interface DefinitionHandle<K extends DefinitionKind = DefinitionKind, C extends string = string> {
  readonly kind: K;
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
}

/**
 * Plan item or discretionary item.
 *
 * @example
 * const kind: ItemKind = review.kind; // 'PlanItem'
 */
export type ItemKind = 'PlanItem' | 'DiscretionaryItem';

/**
 * What every plan item and discretionary item handle has; what `on(…)` takes as a source.
 *
 * @example
 * function describe(item: ItemHandle) { return `${item.kind} ${item.id} (${item.definitionKind})`; }
 */
export interface ItemHandle<I extends ItemKind = ItemKind, K extends DefinitionKind = DefinitionKind, C extends string = string> {
  readonly kind: I;
  /** The kind of the item's definition: decides which standard events it emits. */
  readonly definitionKind: K;
  readonly id: I extends 'PlanItem' ? PlanItemId : string;
  readonly name: string | undefined;
  readonly caseId: C;
  readonly definition: DefinitionHandle<K, C>;
}
