/**
 * A case and its plan (CMMN 1.1 §5.2, §5.4): stages and plan fragments, tasks, milestones and
 * event listeners, plan items, entry and exit criteria, sentries, planning tables and
 * discretionary items. One file because these types refer to each other in circles — a case's
 * plan holds case tasks that call cases; plan items have criteria whose sentries watch plan items;
 * stages hold planning tables of discretionary items whose definitions are stages.
 */
import type { CaseFile, CaseFileItem } from './case-file.js';
import type { CmmnElementBase, Expression } from './element.js';
import type { CaseDefinitionId, PlanItemId, SentryId } from './ids.js';
import type { CaseParameter, ParameterMapping } from './parameters.js';
import type { ApplicabilityRule, PlanItemControl } from './plan-item-control.js';
import type { Decision, Process } from './processes-decisions.js';
import type { CaseRoles, Role } from './roles.js';

/** `<case>` (CMMN 1.1 §5.2). */
export interface Case extends CmmnElementBase {
  readonly kind: 'Case';
  readonly id: CaseDefinitionId | undefined;
  readonly name: string | undefined;
  readonly caseFileModel: CaseFile | undefined;
  readonly casePlanModel: Stage | undefined;
  readonly caseRoles: CaseRoles | undefined;
  readonly inputs: readonly CaseParameter[];
  readonly outputs: readonly CaseParameter[];
}

/** Fields shared by every plan item definition. */
export interface PlanItemDefinitionBase extends CmmnElementBase {
  readonly name: string | undefined;
  readonly defaultControl: PlanItemControl | undefined;
}

/** `<planFragment>` (CMMN 1.1 §5.4.9.1). */
export interface PlanFragment extends PlanItemDefinitionBase {
  readonly kind: 'PlanFragment';
  readonly planItems: readonly PlanItem[];
  readonly sentries: readonly Sentry[];
}

/** `<stage>`, and `<casePlanModel>` (CMMN 1.1 §5.4.8). */
export interface Stage extends PlanItemDefinitionBase {
  readonly kind: 'Stage';
  readonly planItems: readonly PlanItem[];
  readonly sentries: readonly Sentry[];
  readonly planningTable: PlanningTable | undefined;
  readonly planItemDefinitions: readonly PlanItemDefinition[];
  /** Exit criteria: only the case plan model has them. */
  readonly exitCriteria: readonly ExitCriterion[];
  /** As written; absent means false. */
  readonly autoComplete: boolean | undefined;
}

/** Fields shared by every task. */
export interface TaskBase extends PlanItemDefinitionBase {
  /** As written; absent means true. */
  readonly isBlocking: boolean | undefined;
  readonly inputs: readonly CaseParameter[];
  readonly outputs: readonly CaseParameter[];
}

/** `<task>` (CMMN 1.1 §5.4.10). */
export interface Task extends TaskBase {
  readonly kind: 'Task';
}

/** `<humanTask>` (CMMN 1.1 §5.4.10.3). */
export interface HumanTask extends TaskBase {
  readonly kind: 'HumanTask';
  readonly planningTable: PlanningTable | undefined;
  readonly performerRef: string | undefined;
  readonly performer: Role | undefined;
}

/** `<caseTask>` (CMMN 1.1 §5.4.10.4). */
export interface CaseTask extends TaskBase {
  readonly kind: 'CaseTask';
  readonly caseRef: string | undefined;
  /** The called case when it is defined in the same file. */
  readonly case: Case | undefined;
  readonly caseRefExpression: Expression | undefined;
  readonly parameterMappings: readonly ParameterMapping[];
}

/** `<processTask>` (CMMN 1.1 §5.4.10.5). */
export interface ProcessTask extends TaskBase {
  readonly kind: 'ProcessTask';
  readonly processRef: string | undefined;
  readonly process: Process | undefined;
  readonly processRefExpression: Expression | undefined;
  readonly parameterMappings: readonly ParameterMapping[];
}

/** `<decisionTask>` (CMMN 1.1 §5.4.10.6). */
export interface DecisionTask extends TaskBase {
  readonly kind: 'DecisionTask';
  readonly decisionRef: string | undefined;
  readonly decision: Decision | undefined;
  readonly decisionRefExpression: Expression | undefined;
  readonly parameterMappings: readonly ParameterMapping[];
}

/** `<milestone>` (CMMN 1.1 §5.4.7). */
export interface Milestone extends PlanItemDefinitionBase {
  readonly kind: 'Milestone';
}

/** `<eventListener>` (CMMN 1.1 §5.4.2): occurs only through an exit/entry of others; never by itself. */
export interface EventListener extends PlanItemDefinitionBase {
  readonly kind: 'EventListener';
}

/** `<userEventListener>` (CMMN 1.0: `<userEvent>`). */
export interface UserEventListener extends PlanItemDefinitionBase {
  readonly kind: 'UserEventListener';
  readonly authorizedRoleRefs: readonly string[] | undefined;
  readonly authorizedRoles: readonly Role[];
}

/** `<planItemStartTrigger>` of a timer event listener. */
export interface PlanItemStartTrigger extends CmmnElementBase {
  readonly kind: 'PlanItemStartTrigger';
  readonly sourceRef: string | undefined;
  readonly source: PlanItem | undefined;
  readonly standardEvent: string | undefined;
}

/** `<caseFileItemStartTrigger>` of a timer event listener. */
export interface CaseFileItemStartTrigger extends CmmnElementBase {
  readonly kind: 'CaseFileItemStartTrigger';
  readonly sourceRef: string | undefined;
  readonly source: CaseFileItem | undefined;
  readonly standardEvent: string | undefined;
}

/** `<timerEventListener>` (CMMN 1.0: `<timerEvent>`). */
export interface TimerEventListener extends PlanItemDefinitionBase {
  readonly kind: 'TimerEventListener';
  readonly timerExpression: Expression | undefined;
  readonly timerStart: PlanItemStartTrigger | CaseFileItemStartTrigger | undefined;
}

/** Every plan item definition. */
export type PlanItemDefinition =
  | Stage
  | PlanFragment
  | Task
  | HumanTask
  | CaseTask
  | ProcessTask
  | DecisionTask
  | Milestone
  | EventListener
  | UserEventListener
  | TimerEventListener;

/** `<entryCriterion>` (CMMN 1.1 §5.4.6). CMMN 1.0 `entryCriteriaRefs` are read as criteria without id. */
export interface EntryCriterion extends CmmnElementBase {
  readonly kind: 'EntryCriterion';
  readonly name: string | undefined;
  readonly sentryRef: string | undefined;
  readonly sentry: Sentry | undefined;
}

/** `<exitCriterion>` (CMMN 1.1 §5.4.6). */
export interface ExitCriterion extends CmmnElementBase {
  readonly kind: 'ExitCriterion';
  readonly name: string | undefined;
  readonly sentryRef: string | undefined;
  readonly sentry: Sentry | undefined;
}

/** Entry or exit criterion. */
export type Criterion = EntryCriterion | ExitCriterion;

/** `<planItem>` (CMMN 1.1 §5.4.4). */
export interface PlanItem extends CmmnElementBase {
  readonly kind: 'PlanItem';
  readonly id: PlanItemId | undefined;
  readonly name: string | undefined;
  readonly definitionRef: string | undefined;
  readonly definition: PlanItemDefinition | undefined;
  readonly itemControl: PlanItemControl | undefined;
  readonly entryCriteria: readonly EntryCriterion[];
  readonly exitCriteria: readonly ExitCriterion[];
}

/** `<sentry>` (CMMN 1.1 §5.4.6). */
export interface Sentry extends CmmnElementBase {
  readonly kind: 'Sentry';
  readonly id: SentryId | undefined;
  readonly name: string | undefined;
  readonly onParts: readonly OnPart[];
  readonly ifPart: IfPart | undefined;
}

/** `<planItemOnPart>`. */
export interface PlanItemOnPart extends CmmnElementBase {
  readonly kind: 'PlanItemOnPart';
  readonly name: string | undefined;
  readonly sourceRef: string | undefined;
  /** The watched plan item (or discretionary item). */
  readonly source: PlanItem | DiscretionaryItem | undefined;
  readonly standardEvent: string | undefined;
  readonly exitCriterionRef: string | undefined;
  readonly exitCriterion: ExitCriterion | undefined;
}

/** `<caseFileItemOnPart>`. */
export interface CaseFileItemOnPart extends CmmnElementBase {
  readonly kind: 'CaseFileItemOnPart';
  readonly name: string | undefined;
  readonly sourceRef: string | undefined;
  readonly source: CaseFileItem | undefined;
  readonly standardEvent: string | undefined;
}

/** An on-part. */
export type OnPart = PlanItemOnPart | CaseFileItemOnPart;

/** `<ifPart>`. */
export interface IfPart extends CmmnElementBase {
  readonly kind: 'IfPart';
  readonly condition: Expression | undefined;
  readonly contextRef: string | undefined;
  readonly context: CaseFileItem | undefined;
}

/** `<planningTable>` (CMMN 1.1 §5.4.9.2). */
export interface PlanningTable extends CmmnElementBase {
  readonly kind: 'PlanningTable';
  readonly tableItems: readonly TableItem[];
  readonly applicabilityRules: readonly ApplicabilityRule[];
  readonly applicabilityRuleRefs: readonly string[] | undefined;
  readonly applicabilityRulesApplied: readonly ApplicabilityRule[];
  readonly authorizedRoleRefs: readonly string[] | undefined;
  readonly authorizedRoles: readonly Role[];
}

/** `<discretionaryItem>` (CMMN 1.1 §5.4.9.3). */
export interface DiscretionaryItem extends CmmnElementBase {
  readonly kind: 'DiscretionaryItem';
  readonly name: string | undefined;
  readonly definitionRef: string | undefined;
  readonly definition: PlanItemDefinition | undefined;
  readonly itemControl: PlanItemControl | undefined;
  readonly entryCriteria: readonly EntryCriterion[];
  readonly exitCriteria: readonly ExitCriterion[];
  readonly applicabilityRuleRefs: readonly string[] | undefined;
  readonly applicabilityRulesApplied: readonly ApplicabilityRule[];
  readonly authorizedRoleRefs: readonly string[] | undefined;
  readonly authorizedRoles: readonly Role[];
}

/** A planning table entry. */
export type TableItem = DiscretionaryItem | PlanningTable;
