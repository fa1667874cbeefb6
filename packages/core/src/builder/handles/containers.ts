/**
 * What items are added to — the case, its plan model, stages, plan fragments and planning tables
 * (CMMN 1.1 §5.2, §5.4.8–5.4.9) — with the handles and options that lead back to them: a human
 * task's planning table, a case task's called case, a stage's content. They refer to each other in
 * a circle, so they share this file.
 */
import type { DefinitionKind, EventListenerKind, ItemDefinitionKind } from '../../lifecycle/standard-events.js';
import type { CaseDefinitionId } from '../../model/types.js';
import type { CaseFileItemHandle, CaseFileItemOptions } from './case-file-items.js';
import type { ElementOptions, ExpressionInput } from './element-options.js';
import type {
  DiscretionaryOptionsOf,
  DiscretionaryUseOptions,
  PlanItemOptionsOf,
  PlanningTableOptions,
  UseOptions,
} from './item-options.js';
import type { DefinitionHandle, ItemHandle, ItemKind } from './items.js';
import type {
  EventListenerHandle,
  EventListenerOptions,
  MilestoneHandle,
  MilestoneOptions,
  TimerEventListenerOptions,
  UserEventListenerOptions,
} from './milestones-event-listeners.js';
import type { ParameterHandle, ParameterOptions } from './parameters.js';
import type { RoleHandle } from './roles.js';
import type { ApplicabilityRuleHandle, ApplicabilityRuleOptions } from './rules.js';
import type { CriteriaOwner, CriterionInput, ExitCriterionHandle, SentryHandle, SentrySpec } from './sentries.js';
import type {
  CallingTaskHandle,
  DecisionTaskOptions,
  DiscretionaryDecisionTaskOptions,
  DiscretionaryHumanTaskOptions,
  DiscretionaryProcessTaskOptions,
  DiscretionaryTaskOptions,
  HumanTaskOptions,
  ProcessTaskOptions,
  TaskFields,
  TaskHandle,
  TaskOptions,
} from './tasks.js';

/**
 * A human task: has a performer and may own a planning table of discretionary items.
 *
 * @example
 * const coordinate = plan.humanTask('Coordinate care', { performer: nurse });
 * coordinate.planningTable({}, (table) => table.humanTask('Refer to specialist'));
 */
export interface HumanTaskHandle<C extends string = string, I extends ItemKind = 'PlanItem'> extends TaskHandle<
  'HumanTask',
  C,
  I
> {
  /** The planning table of the human task's definition, created on the first call. */
  planningTable(options?: PlanningTableOptions<C>, define?: (table: PlanningTableBuilder<C>) => void): PlanningTableBuilder<C>;
}

/**
 * A plan item of a definition of kind `K`.
 *
 * @example
 * const items: PlanItemHandle[] = [plan.task('A'), plan.milestone('B')];
 */
export type PlanItemHandle<
  K extends ItemDefinitionKind = ItemDefinitionKind,
  C extends string = string,
> = K extends EventListenerKind ? EventListenerHandle<K, C> : ItemHandle<'PlanItem', K, C> & CriteriaOwner<C>;

/**
 * A discretionary item of a definition of kind `K`.
 *
 * @example
 * const referral: DiscretionaryItemHandle<'HumanTask'> = table.humanTask('Refer to specialist');
 */
export type DiscretionaryItemHandle<K extends DefinitionKind = DefinitionKind, C extends string = string> = ItemHandle<
  'DiscretionaryItem',
  K,
  C
> &
  CriteriaOwner<C>;

/**
 * Definition fields of a case task: the called case (a case of the same model builder, or the
 * id of a case deployed elsewhere).
 *
 * @example
 * plan.caseTask('Fraud check', { case: 'fraudCheck' });
 */
export interface CaseTaskFields<C extends string = string> extends TaskFields<C> {
  readonly case?: CaseBuilder | string;
  readonly caseRefExpression?: ExpressionInput;
}

/**
 * Options of `stage.caseTask(…)`.
 *
 * @example
 * plan.caseTask('Fraud check', { case: fraudCase, isBlocking: true });
 */
export type CaseTaskOptions<C extends string = string> = PlanItemOptionsOf<'CaseTask', C, CaseTaskFields<C>>;

/**
 * Definition fields of a stage.
 *
 * @example
 * plan.stage('Assessment', { autoComplete: true });
 */
export interface StageFields {
  /** Default false (CMMN 1.1 §5.4.8). */
  readonly autoComplete?: boolean;
}

/**
 * Options of `stage.stage(…)`.
 *
 * @example
 * plan.stage('Assessment', { autoComplete: true }, (s) => s.humanTask('Assess'));
 */
export type StageOptions<C extends string = string> = PlanItemOptionsOf<'Stage', C, StageFields>;

/**
 * Options of `table.caseTask(…)`.
 *
 * @example
 * table.caseTask('Fraud investigation', { case: fraudCase });
 */
export type DiscretionaryCaseTaskOptions<C extends string = string> = DiscretionaryOptionsOf<'CaseTask', C, CaseTaskFields<C>>;

/**
 * Options of `table.stage(…)`.
 *
 * @example
 * table.stage('Rehabilitation', { autoComplete: true }, (s) => s.humanTask('Physiotherapy'));
 */
export type DiscretionaryStageOptions<C extends string = string> = DiscretionaryOptionsOf<'Stage', C, StageFields>;

/**
 * Options of `table.planFragment(…)`.
 *
 * @example
 * table.planFragment('Home care', { authorizedRoles: [nurse] }, (f) => f.humanTask('Visit'));
 */
export type DiscretionaryPlanFragmentOptions<C extends string = string> = DiscretionaryOptionsOf<'PlanFragment', C, unknown>;

/**
 * What plan items are added to: the case plan model, stages and plan fragments. Each method
 * creates the definition (declared in the enclosing stage) and a plan item using it.
 *
 * @example
 * const review = plan.humanTask('Review claim', { performer: adjuster });
 * plan.milestone('Reviewed', { entryCriteria: [{ on: on(review, 'complete') }] });
 */
export interface PlanItemContainer<C extends string = string> {
  /** Adds a `<task>` and its plan item. */
  task(name: string, options?: TaskOptions<C>): TaskHandle<'Task', C>;
  /** Adds a `<humanTask>` and its plan item; `define` fills its planning table. */
  humanTask(name: string, options?: HumanTaskOptions<C>, define?: (table: PlanningTableBuilder<C>) => void): HumanTaskHandle<C>;
  /** Adds a `<caseTask>` and its plan item. */
  caseTask(name: string, options?: CaseTaskOptions<C>): CallingTaskHandle<'CaseTask', C>;
  /** Adds a `<processTask>` and its plan item. */
  processTask(name: string, options?: ProcessTaskOptions<C>): CallingTaskHandle<'ProcessTask', C>;
  /** Adds a `<decisionTask>` and its plan item. */
  decisionTask(name: string, options?: DecisionTaskOptions<C>): CallingTaskHandle<'DecisionTask', C>;
  /** Adds a `<stage>` and its plan item; `define` fills it (or use the returned builder). */
  stage(name: string, options?: StageOptions<C>, define?: (stage: StageBuilder<C>) => void): StageBuilder<C>;
  /** Adds a `<milestone>` and its plan item. */
  milestone(name: string, options?: MilestoneOptions<C>): MilestoneHandle<C>;
  /** Adds an `<eventListener>` and its plan item. */
  eventListener(name: string, options?: EventListenerOptions<C>): EventListenerHandle<'EventListener', C>;
  /** Adds a `<userEventListener>` and its plan item. */
  userEventListener(name: string, options?: UserEventListenerOptions<C>): EventListenerHandle<'UserEventListener', C>;
  /** Adds a `<timerEventListener>` and its plan item. */
  timerEventListener(name: string, options: TimerEventListenerOptions<C>): EventListenerHandle<'TimerEventListener', C>;
  /** Adds a further plan item using an existing definition (declared here or in an enclosing stage). */
  use<K extends ItemDefinitionKind>(definition: DefinitionHandle<K, C>, options?: UseOptions<K, C>): PlanItemHandle<K, C>;
  /** Declares a `<sentry>` here, to share between criteria of items of this container. */
  sentry(spec: SentrySpec<C>): SentryHandle<C>;
}

/**
 * A stage's content: plan items and its planning table.
 *
 * @example
 * plan.planningTable({}, (table) => table.humanTask('Educational session'));
 */
export interface StageContent<C extends string = string> extends PlanItemContainer<C> {
  /** The stage's planning table, created on the first call; `define` fills it. */
  planningTable(options?: PlanningTableOptions<C>, define?: (table: PlanningTableBuilder<C>) => void): PlanningTableBuilder<C>;
}

/**
 * A stage: a plan item (or discretionary item) handle and the builder of its content.
 *
 * @example
 * const assessment = plan.stage('Assessment', {}, (s) => { s.humanTask('Assess'); });
 * plan.milestone('Assessed', { entryCriteria: [{ on: on(assessment, 'complete') }] });
 */
export interface StageBuilder<C extends string = string, I extends ItemKind = 'PlanItem'>
  extends ItemHandle<I, 'Stage', C>, CriteriaOwner<C>, StageContent<C> {}

/**
 * A discretionary plan fragment: a group of plan items planned together (CMMN 1.1 §5.4.9.1).
 *
 * @example
 * table.planFragment('Home visit', {}, (f) => { f.humanTask('Visit'); f.humanTask('Report'); });
 */
export interface PlanFragmentBuilder<C extends string = string>
  extends ItemHandle<'DiscretionaryItem', 'PlanFragment', C>, CriteriaOwner<C>, PlanItemContainer<C> {}

/**
 * The case plan model (`<casePlanModel>`): the outermost stage, which may have exit criteria.
 *
 * @example
 * c.plan.addExitCriterion({ on: on(withdrawn, 'occur') });
 */
export interface CasePlanModelBuilder<C extends string = string> extends StageContent<C> {
  readonly kind: 'Stage';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
  readonly exitCriteria: readonly ExitCriterionHandle<C>[];
  /** Adds an `<exitCriterion>` of the case plan model: when satisfied, the case terminates. */
  addExitCriterion(criterion: CriterionInput<C>): ExitCriterionHandle<C>;
}

/**
 * A planning table: discretionary items, nested tables and applicability rules (CMMN 1.1 §5.4.9.2).
 *
 * @example
 * const highRisk = table.applicabilityRule('high risk', { condition: "${risk == 'high'}" });
 * table.humanTask('Refer to specialist', { applicabilityRules: [highRisk], authorizedRoles: [doctor] });
 */
export interface PlanningTableBuilder<C extends string = string> {
  readonly kind: 'PlanningTable';
  readonly id: string;
  readonly caseId: C;
  task(name: string, options?: DiscretionaryTaskOptions<C>): TaskHandle<'Task', C, 'DiscretionaryItem'>;
  humanTask(
    name: string,
    options?: DiscretionaryHumanTaskOptions<C>,
    define?: (table: PlanningTableBuilder<C>) => void,
  ): HumanTaskHandle<C, 'DiscretionaryItem'>;
  caseTask(name: string, options?: DiscretionaryCaseTaskOptions<C>): CallingTaskHandle<'CaseTask', C, 'DiscretionaryItem'>;
  processTask(
    name: string,
    options?: DiscretionaryProcessTaskOptions<C>,
  ): CallingTaskHandle<'ProcessTask', C, 'DiscretionaryItem'>;
  decisionTask(
    name: string,
    options?: DiscretionaryDecisionTaskOptions<C>,
  ): CallingTaskHandle<'DecisionTask', C, 'DiscretionaryItem'>;
  stage(
    name: string,
    options?: DiscretionaryStageOptions<C>,
    define?: (stage: StageBuilder<C, 'DiscretionaryItem'>) => void,
  ): StageBuilder<C, 'DiscretionaryItem'>;
  planFragment(
    name: string,
    options?: DiscretionaryPlanFragmentOptions<C>,
    define?: (fragment: PlanFragmentBuilder<C>) => void,
  ): PlanFragmentBuilder<C>;
  /** A further discretionary item of an existing definition. */
  use<K extends DefinitionKind>(
    definition: DefinitionHandle<K, C>,
    options?: DiscretionaryUseOptions<K, C>,
  ): DiscretionaryItemHandle<K, C>;
  /** Declares an `<applicabilityRule>` in this table. */
  applicabilityRule(name: string, options?: ApplicabilityRuleOptions<C>): ApplicabilityRuleHandle<C>;
  /** Adds a nested planning table. */
  planningTable(options?: PlanningTableOptions<C>, define?: (table: PlanningTableBuilder<C>) => void): PlanningTableBuilder<C>;
}

/**
 * Options of a case.
 *
 * @example
 * m.case('Insurance claim', { id: 'claim', plan: { name: 'Claim handling', autoComplete: true } });
 */
export interface CaseOptions<C extends string = string> extends ElementOptions {
  /** The case id; a literal id lets TypeScript tell this case's handles from others'. */
  readonly id?: C;
  /** The case plan model's own options (default name: the case name). */
  readonly plan?: ElementOptions & StageFields & { readonly name?: string };
  readonly caseRoles?: ElementOptions;
  readonly caseFileModel?: ElementOptions;
}

/**
 * Builds one `<case>`: its case file, roles, parameters and plan (`c.plan`).
 *
 * @example
 * const c = m.case('Insurance claim', { id: 'claim' });
 * const adjuster = c.role('Adjuster');
 * c.plan.humanTask('Review claim', { performer: adjuster });
 */
export interface CaseBuilder<C extends string = string> {
  readonly kind: 'Case';
  readonly id: C & CaseDefinitionId;
  readonly name: string | undefined;
  /** The case plan model. */
  readonly plan: CasePlanModelBuilder<C>;
  /** Adds a top-level case file item. */
  caseFileItem(name: string, options?: CaseFileItemOptions<C>): CaseFileItemHandle<C>;
  /** Adds a `<role>`. */
  role(name: string, options?: ElementOptions): RoleHandle<C>;
  /** Adds a case `<input>` parameter. */
  input(name: string, options?: ParameterOptions<C>): ParameterHandle<'CaseParameter'>;
  /** Adds a case `<output>` parameter. */
  output(name: string, options?: ParameterOptions<C>): ParameterHandle<'CaseParameter'>;
}
