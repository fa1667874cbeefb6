/**
 * Tasks (CMMN 1.1 §5.4.10): their handles, definition fields and options. The human task's handle
 * and the case task's fields are in `containers.ts`: they lead back to planning tables and cases.
 */
import type { TaskKind } from '../../lifecycle/standard-events.js';
import type { DecisionHandle, ProcessHandle } from './definitions.js';
import type { ExpressionInput } from './element-options.js';
import type { DiscretionaryOptionsOf, PlanItemOptionsOf } from './item-options.js';
import type { ItemHandle, ItemKind } from './items.js';
import type { ParameterHandle, ParameterInput, ParameterMappingOptions } from './parameters.js';
import type { RoleHandle } from './roles.js';
import type { CriteriaOwner } from './sentries.js';
import type { HumanWorkOptions } from '../work-options.js';

/**
 * A task (plan item or discretionary item).
 *
 * @example
 * const notify: TaskHandle<'Task', 'claim'> = plan.task('Notify customer');
 */
export interface TaskHandle<K extends TaskKind = TaskKind, C extends string = string, I extends ItemKind = 'PlanItem'>
  extends ItemHandle<I, K, C>, CriteriaOwner<C> {
  /** The task's `<input>` parameters. */
  readonly inputs: readonly ParameterHandle<'CaseParameter'>[];
  /** The task's `<output>` parameters. */
  readonly outputs: readonly ParameterHandle<'CaseParameter'>[];
}

/**
 * A case, process or decision task: maps its parameters to those of what it calls.
 *
 * @example
 * pay.addParameterMapping(pay.inputs[0]!, payout.inputs[0]!);
 */
export interface CallingTaskHandle<
  K extends 'CaseTask' | 'ProcessTask' | 'DecisionTask' = 'CaseTask' | 'ProcessTask' | 'DecisionTask',
  C extends string = string,
  I extends ItemKind = 'PlanItem',
> extends TaskHandle<K, C, I> {
  /** Adds a `<parameterMapping>` of the definition. */
  addParameterMapping(source: ParameterHandle, target: ParameterHandle, options?: ParameterMappingOptions): void;
}

/**
 * Fields of every task definition.
 *
 * @example
 * plan.task('Archive', { isBlocking: false });
 */
export interface TaskFields<C extends string = string> {
  /** Default true: the task completes when its work is done, not at once. */
  readonly isBlocking?: boolean;
  readonly inputs?: readonly ParameterInput<C>[];
  readonly outputs?: readonly ParameterInput<C>[];
}

/**
 * Options of `stage.task(…)`.
 *
 * @example
 * plan.task('Archive', { isBlocking: false });
 */
export type TaskOptions<C extends string = string> = PlanItemOptionsOf<'Task', C, TaskFields<C>>;

/**
 * Definition fields of a human task.
 *
 * @example
 * plan.humanTask('Review', { performer: adjuster });
 */
export interface HumanTaskFields<C extends string = string> extends TaskFields<C> {
  readonly performer?: RoleHandle<C>;
  /** Who does it and by when (docs/work.md): written as `casekit:` attributes of the definition. */
  readonly work?: HumanWorkOptions;
  /** Four-eyes: the plan items (handles or ids) it must be done by another user than; `casekit:fourEyesWith` on the plan item. */
  readonly fourEyesWith?: ItemHandle<ItemKind, 'HumanTask'> | string | readonly (ItemHandle<ItemKind, 'HumanTask'> | string)[];
}

/**
 * Options of `stage.humanTask(…)`.
 *
 * @example
 * plan.humanTask('Review', { performer: adjuster, itemControl: { manualActivationRule: true } });
 */
export type HumanTaskOptions<C extends string = string> = PlanItemOptionsOf<'HumanTask', C, HumanTaskFields<C>>;

/**
 * Definition fields of a process task.
 *
 * @example
 * plan.processTask('Pay out', { process: payout });
 */
export interface ProcessTaskFields<C extends string = string> extends TaskFields<C> {
  readonly process?: ProcessHandle | string;
  readonly processRefExpression?: ExpressionInput;
}

/**
 * Options of `stage.processTask(…)`.
 *
 * @example
 * plan.processTask('Pay out', { process: payout });
 */
export type ProcessTaskOptions<C extends string = string> = PlanItemOptionsOf<'ProcessTask', C, ProcessTaskFields<C>>;

/**
 * Definition fields of a decision task.
 *
 * @example
 * plan.decisionTask('Triage', { decision: triage });
 */
export interface DecisionTaskFields<C extends string = string> extends TaskFields<C> {
  readonly decision?: DecisionHandle | string;
  readonly decisionRefExpression?: ExpressionInput;
}

/**
 * Options of `stage.decisionTask(…)`.
 *
 * @example
 * plan.decisionTask('Triage', { decision: triage });
 */
export type DecisionTaskOptions<C extends string = string> = PlanItemOptionsOf<'DecisionTask', C, DecisionTaskFields<C>>;

/**
 * Options of `table.task(…)`.
 *
 * @example
 * table.task('Notify customer', { isBlocking: false, authorizedRoles: [adjuster] });
 */
export type DiscretionaryTaskOptions<C extends string = string> = DiscretionaryOptionsOf<'Task', C, TaskFields<C>>;

/**
 * Options of `table.humanTask(…)`.
 *
 * @example
 * table.humanTask('Expert opinion', { performer: manager, applicabilityRules: [highValue] });
 */
export type DiscretionaryHumanTaskOptions<C extends string = string> = DiscretionaryOptionsOf<'HumanTask', C, HumanTaskFields<C>>;

/**
 * Options of `table.processTask(…)`.
 *
 * @example
 * table.processTask('Advance payment', { process: payout });
 */
export type DiscretionaryProcessTaskOptions<C extends string = string> = DiscretionaryOptionsOf<
  'ProcessTask',
  C,
  ProcessTaskFields<C>
>;

/**
 * Options of `table.decisionTask(…)`.
 *
 * @example
 * table.decisionTask('Second opinion score', { decision: triage });
 */
export type DiscretionaryDecisionTaskOptions<C extends string = string> = DiscretionaryOptionsOf<
  'DecisionTask',
  C,
  DecisionTaskFields<C>
>;
