/**
 * The public types of the builder: handles (what the builder returns for each element it
 * creates, and what other elements take as references) and the option objects.
 *
 * Every handle carries the id of its case as the type parameter `C`. Give a case a literal id
 * (`m.case('Claim', { id: 'claim' })`) and TypeScript refuses handles of another case wherever
 * a reference must stay inside the case (on-part sources, performers, criteria, …); without a
 * literal id `C` is `string` and `build()` catches the mix-up instead.
 */
import type { CaseFileItemTransition, PlanItemTransition } from '../lifecycle/transitions.js';
import type { CaseDefinitionId, Multiplicity, PlanItemId, SentryId, XmlElement } from '../model/types.js';
import type { DefinitionKind, EventListenerKind, ItemDefinitionKind, TaskKind } from './events.js';

// ---------------------------------------------------------------------------------------------
// Common options
// ---------------------------------------------------------------------------------------------

/**
 * A `<documentation>` entry: its text, or the text with a format and an id.
 *
 * @example
 * const doc: DocumentationInput = { text: '# Review', textFormat: 'text/markdown' };
 */
export type DocumentationInput = string | { readonly text: string; readonly textFormat?: string; readonly id?: string };

/**
 * An attribute from another namespace, e.g. `flowable:formKey`. `prefix` is a preference: the
 * builder declares one prefix per namespace URI on `<definitions>`.
 *
 * @example
 * const attr: XmlAttributeInput = { namespace: NS.flowable, prefix: 'flowable', local: 'formKey', value: 'claimForm' };
 */
export interface XmlAttributeInput {
  readonly namespace: string;
  readonly prefix?: string;
  readonly local: string;
  readonly value: string;
}

/**
 * What every element accepts: an explicit id, documentation and extensions.
 *
 * @example
 * const options: ElementOptions = { id: 'review', documentation: 'Check the claim' };
 */
export interface ElementOptions {
  /** An explicit id (an XML NCName). Default: generated from the kind and the name. */
  readonly id?: string;
  readonly documentation?: DocumentationInput | readonly DocumentationInput[];
  readonly extensionAttributes?: readonly XmlAttributeInput[];
  /** Kept verbatim in `<extensionElements>`; every element needs a namespace. */
  readonly extensionElements?: readonly XmlElement[];
}

/**
 * An expression: its body (in the definitions' `expressionLanguage` unless `language` says
 * otherwise), or the body with a language and element options.
 *
 * @example
 * const a: ExpressionInput = '${claim.amount > 1000}';
 * const b: ExpressionInput = { body: '{">": [{"var": "claim.amount"}, 1000]}', language: 'https://jsonlogic.com' };
 */
export type ExpressionInput = string | ExpressionSpec;

/**
 * An expression with its language.
 *
 * @example
 * const condition: ExpressionSpec = { body: 'claim.amount > 1000', language: 'juel' };
 */
export interface ExpressionSpec extends ElementOptions {
  readonly body: string;
  readonly language?: string;
}

// ---------------------------------------------------------------------------------------------
// Handles
// ---------------------------------------------------------------------------------------------

/**
 * A role of a case (`<role>`): what performers and authorized roles refer to.
 *
 * @example
 * const adjuster: RoleHandle<'claim'> = c.role('Adjuster');
 */
export interface RoleHandle<C extends string = string> {
  readonly kind: 'Role';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
}

/**
 * A case file item (`<caseFileItem>`); add children with {@link CaseFileItemHandle.addChild}.
 *
 * @example
 * const claim = c.caseFileItem('claim', { multiplicity: 'ExactlyOne' });
 * const photos = claim.addChild('photos', { multiplicity: 'ZeroOrMore' });
 */
export interface CaseFileItemHandle<C extends string = string> {
  readonly kind: 'CaseFileItem';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
  /** The children added so far. */
  readonly children: readonly CaseFileItemHandle<C>[];
  /** Adds a child case file item (`<children><caseFileItem/></children>`). */
  addChild(name: string, options?: CaseFileItemOptions<C>): CaseFileItemHandle<C>;
}

/**
 * A `<caseFileItemDefinition>` of the definitions.
 *
 * @example
 * const document = m.caseFileItemDefinition('Document', { definitionType: 'http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument' });
 */
export interface CaseFileItemDefinitionHandle {
  readonly kind: 'CaseFileItemDefinition';
  readonly id: string;
  readonly name: string | undefined;
}

/**
 * A parameter: of a case, of a task, of a process or of a decision.
 *
 * @example
 * const amount = payout.inputs[0]!; // ParameterHandle<'ProcessParameter'>
 */
export interface ParameterHandle<
  K extends 'CaseParameter' | 'ProcessParameter' | 'DecisionParameter' =
    'CaseParameter' | 'ProcessParameter' | 'DecisionParameter',
> {
  readonly kind: K;
  readonly id: string;
  readonly name: string | undefined;
}

/**
 * A `<process>` that process tasks call.
 *
 * @example
 * const payout = m.process('Pay out', { externalRef: 'payout.bpmn', inputs: ['amount'] });
 */
export interface ProcessHandle {
  readonly kind: 'Process';
  readonly id: string;
  readonly name: string | undefined;
  readonly inputs: readonly ParameterHandle<'ProcessParameter'>[];
  readonly outputs: readonly ParameterHandle<'ProcessParameter'>[];
}

/**
 * A `<decision>` that decision tasks evaluate.
 *
 * @example
 * const triage = m.decision('Triage', { externalRef: 'triage.dmn' });
 */
export interface DecisionHandle {
  readonly kind: 'Decision';
  readonly id: string;
  readonly name: string | undefined;
  readonly inputs: readonly ParameterHandle<'DecisionParameter'>[];
  readonly outputs: readonly ParameterHandle<'DecisionParameter'>[];
}

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
 * A milestone plan item.
 *
 * @example
 * const approved: MilestoneHandle<'claim'> = plan.milestone('Approved');
 */
export interface MilestoneHandle<C extends string = string> extends ItemHandle<'PlanItem', 'Milestone', C>, CriteriaOwner<C> {}

/**
 * An event listener plan item (plain, user or timer). Event listeners have no criteria and no
 * item control (CMMN 1.1 §5.4.2).
 *
 * @example
 * const withdrawn: EventListenerHandle<'UserEventListener', 'claim'> = plan.userEventListener('Withdrawn');
 */
export interface EventListenerHandle<
  K extends EventListenerKind = EventListenerKind,
  C extends string = string,
> extends ItemHandle<'PlanItem', K, C> {}

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

// ---------------------------------------------------------------------------------------------
// Sentries
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Rules and controls
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Item options
// ---------------------------------------------------------------------------------------------

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
 * A parameter of a task or case: its name, or options.
 *
 * @example
 * const p: ParameterInput = { name: 'claim', binding: claimFile };
 */
export type ParameterInput<C extends string = string> = string | (ParameterOptions<C> & { readonly name: string });

/**
 * Options of a case or task parameter: the case file item it binds to.
 *
 * @example
 * c.input('claim', { binding: claimFile });
 */
export interface ParameterOptions<C extends string = string> extends ElementOptions {
  readonly binding?: CaseFileItemHandle<C>;
  readonly bindingRefinement?: ExpressionInput;
}

/**
 * Options of a `<parameterMapping>`.
 *
 * @example
 * pay.addParameterMapping(pay.inputs[0]!, payout.inputs[0]!, { transformation: '${amount * 100}' });
 */
export interface ParameterMappingOptions extends ElementOptions {
  readonly transformation?: ExpressionInput;
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

/** Options of a plan item of kind `K` with its definition fields `F`. */
type PlanItemOptionsOf<K extends DefinitionKind, C extends string, F> = ItemOptions<K, C> & DefinitionOptions<K, C> & F;
/** Options of a discretionary item of kind `K` with its definition fields `F`. */
type DiscretionaryOptionsOf<K extends DefinitionKind, C extends string, F> = ItemOptions<K, C> &
  DefinitionOptions<K, C> &
  DiscretionaryOptions<C> &
  F;

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
}

/**
 * Options of `stage.humanTask(…)`.
 *
 * @example
 * plan.humanTask('Review', { performer: adjuster, itemControl: { manualActivationRule: true } });
 */
export type HumanTaskOptions<C extends string = string> = PlanItemOptionsOf<'HumanTask', C, HumanTaskFields<C>>;

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
 * Options of `stage.milestone(…)`.
 *
 * @example
 * plan.milestone('Approved', { entryCriteria: [{ on: on(review, 'complete') }] });
 */
export type MilestoneOptions<C extends string = string> = PlanItemOptionsOf<'Milestone', C, unknown>;

/**
 * Options of `stage.eventListener(…)`.
 *
 * @example
 * plan.eventListener('Signal');
 */
export type EventListenerOptions<C extends string = string> = PlanItemOptionsOf<'EventListener', C, unknown>;

/**
 * Options of `stage.userEventListener(…)`.
 *
 * @example
 * plan.userEventListener('Withdraw claim', { authorizedRoles: [customer] });
 */
export type UserEventListenerOptions<C extends string = string> = PlanItemOptionsOf<
  'UserEventListener',
  C,
  { readonly authorizedRoles?: readonly RoleHandle<C>[] }
>;

/**
 * Definition fields of a timer event listener: the ISO-8601 timer expression and, optionally,
 * what starts the timer (default: its creation).
 *
 * @example
 * plan.timerEventListener('Deadline', { timerExpression: 'P14D', timerStart: on(review, 'start') });
 */
export interface TimerFields<C extends string = string> {
  readonly timerExpression: ExpressionInput;
  readonly timerStart?: PlanItemOnPartSpec<C, 'PlanItem'> | CaseFileItemOnPartSpec<C>;
}

/**
 * Options of `stage.timerEventListener(…)`.
 *
 * @example
 * plan.timerEventListener('Deadline', { timerExpression: 'P14D' });
 */
export type TimerEventListenerOptions<C extends string = string> = PlanItemOptionsOf<'TimerEventListener', C, TimerFields<C>>;

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
 * Options of an applicability rule.
 *
 * @example
 * table.applicabilityRule('high risk', { condition: "${risk == 'high'}" });
 */
export interface ApplicabilityRuleOptions<C extends string = string> extends ElementOptions {
  readonly condition?: ExpressionInput;
  readonly context?: CaseFileItemHandle<C>;
}

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
 * Options of `table.caseTask(…)`.
 *
 * @example
 * table.caseTask('Fraud investigation', { case: fraudCase });
 */
export type DiscretionaryCaseTaskOptions<C extends string = string> = DiscretionaryOptionsOf<'CaseTask', C, CaseTaskFields<C>>;
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
 * Options of `table.use(definition, …)`.
 *
 * @example
 * table.use(review.definition, { name: 'Extra review', authorizedRoles: [manager] });
 */
export type DiscretionaryUseOptions<K extends DefinitionKind, C extends string = string> = ItemOptions<K, C> &
  DiscretionaryOptions<C>;

// ---------------------------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Cases and the model
// ---------------------------------------------------------------------------------------------

/**
 * Options of a case file item.
 *
 * @example
 * c.caseFileItem('claim', { multiplicity: 'ExactlyOne', definition: claimDefinition });
 */
export interface CaseFileItemOptions<C extends string = string> extends ElementOptions {
  readonly multiplicity?: Multiplicity;
  /** A case file item definition of the model, or a QName written as is. */
  readonly definition?: CaseFileItemDefinitionHandle | string;
  readonly source?: CaseFileItemHandle<C>;
  readonly targets?: readonly CaseFileItemHandle<C>[];
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

/**
 * Options of a process or decision.
 *
 * @example
 * m.process('Pay out', { externalRef: 'payout', implementationType: 'http://www.omg.org/spec/CMMN/ProcessType/Unspecified', inputs: ['amount'] });
 */
export interface CalledElementOptions extends ElementOptions {
  readonly externalRef?: string;
  readonly implementationType?: string;
  readonly inputs?: readonly (string | (ElementOptions & { readonly name: string }))[];
  readonly outputs?: readonly (string | (ElementOptions & { readonly name: string }))[];
}

/**
 * Options of a case file item definition.
 *
 * @example
 * m.caseFileItemDefinition('Claim', { definitionType: 'http://www.omg.org/spec/CMMN/DefinitionType/Unspecified', properties: [{ name: 'amount', type: 'http://www.omg.org/spec/CMMN/PropertyType/double' }] });
 */
export interface CaseFileItemDefinitionOptions extends ElementOptions {
  readonly definitionType?: string;
  readonly structureRef?: string;
  readonly importRef?: string;
  readonly properties?: readonly (ElementOptions & { readonly name: string; readonly type?: string })[];
}

/**
 * Options of the model (`<definitions>`).
 *
 * @example
 * createModel({ targetNamespace: 'https://example.com/claims', expressionLanguage: 'juel' });
 */
export interface ModelOptions extends ElementOptions {
  readonly name?: string;
  /** Required by the CMMN XSD; default `urn:casekit:model`. */
  readonly targetNamespace?: string;
  /** The default language of every expression; absent: casekit infers it from each body. */
  readonly expressionLanguage?: string;
  /** Default `casekit`. */
  readonly exporter?: string;
  readonly exporterVersion?: string;
  readonly author?: string;
  readonly creationDate?: string;
}
