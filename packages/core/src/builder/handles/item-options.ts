/**
 * The options every plan item and discretionary item takes, whatever its definition kind; the
 * per-kind options are beside each kind's handles.
 */
import type { DefinitionKind, EventListenerKind } from '../../lifecycle/standard-events.js';
import type { ElementOptions } from './element-options.js';
import type { RoleHandle } from './roles.js';
import type { ApplicabilityRuleHandle, ControlSpecFor } from './rules.js';
import type { CriterionInput } from './sentries.js';

/**
 * Options of the definition element created together with a plan item (its id, documentation
 * and extensions; the plan item takes the top-level ones).
 *
 * @example
 * plan.task('Notify', { definition: { id: 'NotifyTask', extensionAttributes: [flowableType] } });
 */
export type DefinitionElementOptions = ElementOptions;

/**
 * Options every plan item takes.
 *
 * @example
 * const options: ItemOptions<'Task'> = { id: 'notify', itemControl: { requiredRule: true } };
 */
export interface ItemOptions<K extends DefinitionKind, C extends string = string> extends ElementOptions {
  /** The item's name; default the name passed to the method (also the definition's name). */
  readonly name?: string;
  readonly itemControl?: ControlSpecFor<K, C>;
  readonly entryCriteria?: K extends EventListenerKind ? never : readonly CriterionInput<C>[];
  readonly exitCriteria?: K extends EventListenerKind ? never : readonly CriterionInput<C>[];
}

/**
 * Options of what is created together with a plan item: its definition.
 *
 * @example
 * const options: DefinitionOptions<'Task'> = { defaultControl: { manualActivationRule: true } };
 */
export interface DefinitionOptions<K extends DefinitionKind, C extends string = string> {
  readonly definition?: DefinitionElementOptions;
  readonly defaultControl?: ControlSpecFor<K, C>;
}

/**
 * Options of a discretionary item.
 *
 * @example
 * table.humanTask('Refer', { authorizedRoles: [doctor], applicabilityRules: [highRisk] });
 */
export interface DiscretionaryOptions<C extends string = string> {
  readonly authorizedRoles?: readonly RoleHandle<C>[];
  readonly applicabilityRules?: readonly ApplicabilityRuleHandle<C>[];
}

/**
 * Options of a plan item of kind `K` with its definition fields `F`.
 *
 * @example
 * type Options = PlanItemOptionsOf<'Task', 'claim', TaskFields<'claim'>>; // TaskOptions<'claim'>
 *
 * @internal not exported from the package: `handles/index.ts` lists this file's public names.
 */
export type PlanItemOptionsOf<K extends DefinitionKind, C extends string, F> = ItemOptions<K, C> & DefinitionOptions<K, C> & F;

/**
 * Options of a discretionary item of kind `K` with its definition fields `F`.
 *
 * @example
 * type Options = DiscretionaryOptionsOf<'Task', 'claim', TaskFields<'claim'>>; // DiscretionaryTaskOptions<'claim'>
 *
 * @internal not exported from the package: `handles/index.ts` lists this file's public names.
 */
export type DiscretionaryOptionsOf<K extends DefinitionKind, C extends string, F> = ItemOptions<K, C> &
  DefinitionOptions<K, C> &
  DiscretionaryOptions<C> &
  F;

/**
 * Options of `stage.use(definition, …)`: a further plan item of an existing definition.
 *
 * @example
 * plan.use(review.definition, { name: 'Second review' });
 */
export type UseOptions<K extends DefinitionKind, C extends string = string> = ItemOptions<K, C>;

/**
 * Options of a planning table.
 *
 * @example
 * plan.planningTable({ authorizedRoles: [doctor] });
 */
export interface PlanningTableOptions<C extends string = string> extends ElementOptions, DiscretionaryOptions<C> {}

/**
 * Options of `table.use(definition, …)`.
 *
 * @example
 * table.use(review.definition, { name: 'Extra review', authorizedRoles: [manager] });
 */
export type DiscretionaryUseOptions<K extends DefinitionKind, C extends string = string> = ItemOptions<K, C> &
  DiscretionaryOptions<C>;
