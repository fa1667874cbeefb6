/**
 * Rules and item controls (CMMN 1.1 §5.4.11) and the applicability rules of planning tables
 * (§5.4.9.2).
 */
import type { DefinitionKind, EventListenerKind } from '../../lifecycle/standard-events.js';
import type { CaseFileItemHandle } from './case-file-items.js';
import type { ElementOptions, ExpressionInput } from './element-options.js';

/**
 * An `<applicabilityRule>` of a planning table, for discretionary items to name.
 *
 * @example
 * const highRisk = table.applicabilityRule('high risk', { condition: "${risk == 'high'}" });
 */
export interface ApplicabilityRuleHandle<C extends string = string> {
  readonly kind: 'ApplicabilityRule';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
}

/**
 * A rule with a name, a condition and a context case file item.
 *
 * @example
 * const rule: RuleSpec = { name: 'needs approval', condition: '${claim.amount > 1000}', context: claimFile };
 */
export interface RuleSpec<C extends string = string> extends ElementOptions {
  readonly name?: string;
  /** Absent: the rule is always true. */
  readonly condition?: ExpressionInput;
  readonly context?: CaseFileItemHandle<C>;
}

/**
 * A rule: `true` (present, no condition — always applies), `false` (absent), a condition, or a
 * {@link RuleSpec}.
 *
 * @example
 * const control: ItemControlSpec = { requiredRule: true, repetitionRule: '${claim.reopened}' };
 */
export type RuleInput<C extends string = string> = boolean | ExpressionInput | RuleSpec<C>;

/**
 * An `<itemControl>` / `<defaultControl>` of a task or stage (CMMN 1.1 §5.4.11).
 *
 * @example
 * plan.humanTask('Review', { itemControl: { requiredRule: true, manualActivationRule: true } });
 */
export interface ItemControlSpec<C extends string = string> extends ElementOptions {
  readonly requiredRule?: RuleInput<C>;
  readonly repetitionRule?: RuleInput<C>;
  readonly manualActivationRule?: RuleInput<C>;
}

/**
 * The item control of a milestone: no manual activation.
 *
 * @example
 * plan.milestone('Approved', { itemControl: { requiredRule: true } });
 */
export type MilestoneControlSpec<C extends string = string> = Omit<ItemControlSpec<C>, 'manualActivationRule'> & {
  readonly manualActivationRule?: never;
};

/**
 * The item control a definition kind accepts.
 *
 * @example
 * const control: ControlSpecFor<'Milestone'> = { repetitionRule: true };
 */
export type ControlSpecFor<K extends DefinitionKind, C extends string = string> = K extends 'Milestone'
  ? MilestoneControlSpec<C>
  : K extends EventListenerKind
    ? never
    : ItemControlSpec<C>;

/**
 * Options of an applicability rule.
 *
 * @example
 * table.applicabilityRule('high risk', { condition: "${risk == 'high'}" });
 */
export interface ApplicabilityRuleOptions<C extends string = string> extends ElementOptions {
  readonly condition?: ExpressionInput;
  readonly context?: CaseFileItemHandle<C>;
}
