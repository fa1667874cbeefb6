/**
 * The typed CMMN 1.1 model. Names follow the specification (OMG formal/16-12-01) and its XSD:
 * each node's `kind` is the XSD type name without the `t` prefix. Every reference is available
 * twice: as the id written in the file (`definitionRef`) and resolved to the element it names
 * (`definition`), so callers never look ids up themselves.
 *
 * The model is immutable: `parseCmmn` and the builder freeze it.
 */

/** A branded string: the same characters, a different meaning. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** The id of a plan item as written in the model (one plan item may have many instances). */
export type PlanItemId = Brand<string, 'PlanItemId'>;
/** The id of a sentry as written in the model. */
export type SentryId = Brand<string, 'SentryId'>;
/** The id of a `<case>` element. */
export type CaseDefinitionId = Brand<string, 'CaseDefinitionId'>;

/** A namespace-qualified XML attribute kept verbatim (extension attributes, unknown attributes). */
export interface XmlAttribute {
  /** Namespace URI; undefined for an unqualified attribute. */
  readonly namespace: string | undefined;
  /** The prefix used in the source file, kept for export. */
  readonly prefix: string | undefined;
  /** Local name. */
  readonly local: string;
  readonly value: string;
}

/** An XML element kept verbatim: extension elements and elements casekit does not model. */
export interface XmlElement {
  readonly namespace: string | undefined;
  readonly prefix: string | undefined;
  readonly local: string;
  readonly attributes: readonly XmlAttribute[];
  /** Child elements and text, in document order. */
  readonly children: readonly (XmlElement | string)[];
}

/** What every CMMN element carries (CMMN 1.1 §5.1 `CMMNElement`). */
export interface CmmnElementBase {
  readonly kind: string;
  readonly id: string | undefined;
  readonly documentation: readonly Documentation[];
  /** The `<extensionElements>` content, verbatim (e.g. Flowable's `<flowable:completionNeutralRule/>`). */
  readonly extensionElements: readonly XmlElement[] | undefined;
  /** Attributes from other namespaces (`flowable:triggerMode`) or unknown to CMMN, verbatim. */
  readonly extensionAttributes: readonly XmlAttribute[];
  /** Child elements casekit does not model (foreign namespaces, unknown CMMN elements), verbatim. */
  readonly unknownElements: readonly XmlElement[];
}

/** `<documentation>`. */
export interface Documentation {
  readonly kind: 'Documentation';
  readonly id: string | undefined;
  readonly textFormat: string | undefined;
  readonly text: string;
}

/** `<expression>`, `<condition>`, `<timerExpression>`, … (CMMN 1.1 §5.4.7). */
export interface Expression extends CmmnElementBase {
  readonly kind: 'Expression';
  /** The `language` attribute as written; see {@link effectiveLanguage} for the inherited one. */
  readonly language: string | undefined;
  /** The body text (CDATA included), untrimmed. */
  readonly body: string;
}

/** `<definitions>`: the root of every CMMN file. */
export interface Definitions extends CmmnElementBase {
  readonly kind: 'Definitions';
  readonly name: string | undefined;
  readonly targetNamespace: string | undefined;
  readonly expressionLanguage: string | undefined;
  readonly exporter: string | undefined;
  readonly exporterVersion: string | undefined;
  readonly author: string | undefined;
  readonly creationDate: string | undefined;
  readonly imports: readonly Import[];
  readonly caseFileItemDefinitions: readonly CaseFileItemDefinition[];
  readonly cases: readonly Case[];
  readonly processes: readonly Process[];
  readonly decisions: readonly Decision[];
  readonly relationships: readonly Relationship[];
  readonly artifacts: readonly Artifact[];
  readonly cmmnDi: CMMNDI | undefined;
}

/** An `xmlns` declaration on the root element. */
export interface NamespaceDeclaration {
  readonly prefix: string;
  readonly uri: string;
}

/** `<import>`. */
export interface Import extends CmmnElementBase {
  readonly kind: 'Import';
  readonly importType: string | undefined;
  readonly location: string | undefined;
  readonly namespace: string | undefined;
}

/** `<relationship>` (CMMN 1.1 §5.1.3). */
export interface Relationship extends CmmnElementBase {
  readonly kind: 'Relationship';
  readonly type: string | undefined;
  readonly direction: string | undefined;
  readonly sources: readonly string[];
  readonly targets: readonly string[];
}

/** `<textAnnotation>`. */
export interface TextAnnotation extends CmmnElementBase {
  readonly kind: 'TextAnnotation';
  readonly textFormat: string | undefined;
  readonly text: string | undefined;
}

/** `<association>` between an artifact and another element. */
export interface Association extends CmmnElementBase {
  readonly kind: 'Association';
  readonly associationDirection: string | undefined;
  readonly sourceRef: string | undefined;
  readonly source: CmmnElement | undefined;
  readonly targetRef: string | undefined;
  readonly target: CmmnElement | undefined;
}

/** Artifacts: text annotations and associations. */
export type Artifact = TextAnnotation | Association;

/** `<caseFileItemDefinition>` (CMMN 1.1 §5.3.2). */
export interface CaseFileItemDefinition extends CmmnElementBase {
  readonly kind: 'CaseFileItemDefinition';
  readonly name: string | undefined;
  readonly definitionType: string | undefined;
  readonly structureRef: string | undefined;
  readonly importRef: string | undefined;
  readonly properties: readonly Property[];
}

/** `<property>` of a case file item definition. */
export interface Property extends CmmnElementBase {
  readonly kind: 'Property';
  readonly name: string | undefined;
  readonly type: string | undefined;
}

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

/** `<caseRoles>`: the roles of a case. CMMN 1.0 files list `<caseRoles>` elements as roles themselves. */
export interface CaseRoles extends CmmnElementBase {
  readonly kind: 'CaseRoles';
  readonly roles: readonly Role[];
}

/** `<role>` (CMMN 1.1 §5.2.3). */
export interface Role extends CmmnElementBase {
  readonly kind: 'Role';
  readonly name: string | undefined;
}

/** `<caseFileModel>`. */
export interface CaseFile extends CmmnElementBase {
  readonly kind: 'CaseFile';
  readonly caseFileItems: readonly CaseFileItem[];
}

/** Multiplicity of a case file item. */
export type Multiplicity = 'ZeroOrOne' | 'ZeroOrMore' | 'ExactlyOne' | 'OneOrMore' | 'Unspecified' | 'Unknown';

/** `<caseFileItem>` (CMMN 1.1 §5.3.1). */
export interface CaseFileItem extends CmmnElementBase {
  readonly kind: 'CaseFileItem';
  readonly name: string | undefined;
  /** As written; absent means `Unspecified`. */
  readonly multiplicity: Multiplicity | undefined;
  readonly definitionRef: string | undefined;
  readonly definition: CaseFileItemDefinition | undefined;
  readonly children: CaseFileItemChildren | undefined;
  readonly sourceRef: string | undefined;
  readonly source: CaseFileItem | undefined;
  readonly targetRefs: readonly string[] | undefined;
  readonly targets: readonly CaseFileItem[];
}

/** `<children>` of a case file item. */
export interface CaseFileItemChildren extends CmmnElementBase {
  readonly kind: 'Children';
  readonly caseFileItems: readonly CaseFileItem[];
}

/** Parameters: `<input>`/`<output>` of cases and tasks (CaseParameter), processes and decisions. */
export interface CaseParameter extends CmmnElementBase {
  readonly kind: 'CaseParameter';
  readonly name: string | undefined;
  readonly bindingRef: string | undefined;
  readonly binding: CaseFileItem | undefined;
  readonly bindingRefinement: Expression | undefined;
}

/** `<input>`/`<output>` of a `<process>`. */
export interface ProcessParameter extends CmmnElementBase {
  readonly kind: 'ProcessParameter';
  readonly name: string | undefined;
}

/** `<input>`/`<output>` of a `<decision>`. */
export interface DecisionParameter extends CmmnElementBase {
  readonly kind: 'DecisionParameter';
  readonly name: string | undefined;
}

/** Any parameter. */
export type Parameter = CaseParameter | ProcessParameter | DecisionParameter;

/** `<process>`: a process a process task calls (CMMN 1.1 §5.4.10.5). */
export interface Process extends CmmnElementBase {
  readonly kind: 'Process';
  readonly name: string | undefined;
  readonly externalRef: string | undefined;
  readonly implementationType: string | undefined;
  readonly inputs: readonly ProcessParameter[];
  readonly outputs: readonly ProcessParameter[];
}

/** `<decision>`: a decision a decision task evaluates (CMMN 1.1 §5.4.10.6). */
export interface Decision extends CmmnElementBase {
  readonly kind: 'Decision';
  readonly name: string | undefined;
  readonly externalRef: string | undefined;
  readonly implementationType: string | undefined;
  readonly inputs: readonly DecisionParameter[];
  readonly outputs: readonly DecisionParameter[];
}

/** `<parameterMapping>` of case, process and decision tasks. */
export interface ParameterMapping extends CmmnElementBase {
  readonly kind: 'ParameterMapping';
  readonly sourceRef: string | undefined;
  readonly source: Parameter | undefined;
  readonly targetRef: string | undefined;
  readonly target: Parameter | undefined;
  readonly transformation: Expression | undefined;
}

// ---------------------------------------------------------------------------------------------
// Plan items and their definitions
// ---------------------------------------------------------------------------------------------

/** Rules of a plan item control (CMMN 1.1 §5.4.11). */
export interface Rule<K extends string> extends CmmnElementBase {
  readonly kind: K;
  readonly name: string | undefined;
  readonly condition: Expression | undefined;
  readonly contextRef: string | undefined;
  readonly context: CaseFileItem | undefined;
}

/** `<repetitionRule>`. */
export type RepetitionRule = Rule<'RepetitionRule'>;
/** `<requiredRule>`. */
export type RequiredRule = Rule<'RequiredRule'>;
/** `<manualActivationRule>`. */
export type ManualActivationRule = Rule<'ManualActivationRule'>;

/** `<itemControl>` / `<defaultControl>` (CMMN 1.1 §5.4.11 `PlanItemControl`). */
export interface PlanItemControl extends CmmnElementBase {
  readonly kind: 'PlanItemControl';
  readonly repetitionRule: RepetitionRule | undefined;
  readonly requiredRule: RequiredRule | undefined;
  readonly manualActivationRule: ManualActivationRule | undefined;
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

/** Every task definition. */
export type AnyTask = Task | HumanTask | CaseTask | ProcessTask | DecisionTask;

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

/** `<applicabilityRule>`. */
export type ApplicabilityRule = Rule<'ApplicabilityRule'>;

// ---------------------------------------------------------------------------------------------
// CMMNDI
// ---------------------------------------------------------------------------------------------

/** `<cmmndi:CMMNDI>`. */
export interface CMMNDI extends CmmnElementBase {
  readonly kind: 'CMMNDI';
  readonly diagrams: readonly CMMNDiagram[];
  readonly styles: readonly CMMNStyle[];
}

/** `dc:Bounds`. */
export interface Bounds {
  readonly kind: 'Bounds';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** `dc:Point` (a waypoint). */
export interface Point {
  readonly kind: 'Point';
  readonly x: number;
  readonly y: number;
}

/** `dc:Dimension`. */
export interface Dimension {
  readonly kind: 'Dimension';
  readonly width: number;
  readonly height: number;
}

/** `<cmmndi:CMMNDiagram>`. */
export interface CMMNDiagram extends CmmnElementBase {
  readonly kind: 'CMMNDiagram';
  readonly name: string | undefined;
  readonly resolution: number | undefined;
  readonly sharedStyle: string | undefined;
  readonly cmmnElementRef: string | undefined;
  readonly cmmnElement: CmmnElement | undefined;
  readonly size: Dimension | undefined;
  /** Shapes and edges in document order. */
  readonly diagramElements: readonly (CMMNShape | CMMNEdge)[];
}

/** `<cmmndi:CMMNLabel>`. */
export interface CMMNLabel extends CmmnElementBase {
  readonly kind: 'CMMNLabel';
  readonly sharedStyle: string | undefined;
  readonly bounds: Bounds | undefined;
}

/** `<cmmndi:CMMNShape>`. */
export interface CMMNShape extends CmmnElementBase {
  readonly kind: 'CMMNShape';
  readonly cmmnElementRef: string | undefined;
  readonly cmmnElement: CmmnElement | undefined;
  readonly isCollapsed: boolean | undefined;
  readonly isPlanningTableCollapsed: boolean | undefined;
  readonly sharedStyle: string | undefined;
  readonly bounds: Bounds | undefined;
  readonly label: CMMNLabel | undefined;
}

/** `<cmmndi:CMMNEdge>`. */
export interface CMMNEdge extends CmmnElementBase {
  readonly kind: 'CMMNEdge';
  readonly cmmnElementRef: string | undefined;
  readonly cmmnElement: CmmnElement | undefined;
  readonly sourceCMMNElementRef: string | undefined;
  readonly sourceCMMNElement: CmmnElement | undefined;
  readonly targetCMMNElementRef: string | undefined;
  readonly targetCMMNElement: CmmnElement | undefined;
  readonly isStandardEventVisible: boolean | undefined;
  readonly sharedStyle: string | undefined;
  readonly waypoints: readonly Point[];
  readonly label: CMMNLabel | undefined;
}

/** `<cmmndi:CMMNStyle>`: kept verbatim apart from its id. */
export interface CMMNStyle extends CmmnElementBase {
  readonly kind: 'CMMNStyle';
}

/** Every element of the model that can carry an id. */
export type CmmnElement =
  | Definitions
  | Import
  | Relationship
  | Artifact
  | CaseFileItemDefinition
  | Property
  | Case
  | CaseRoles
  | Role
  | CaseFile
  | CaseFileItem
  | CaseFileItemChildren
  | Parameter
  | Process
  | Decision
  | ParameterMapping
  | RepetitionRule
  | RequiredRule
  | ManualActivationRule
  | ApplicabilityRule
  | PlanItemControl
  | PlanItemDefinition
  | PlanItemStartTrigger
  | CaseFileItemStartTrigger
  | Criterion
  | PlanItem
  | Sentry
  | OnPart
  | IfPart
  | PlanningTable
  | DiscretionaryItem
  | Expression
  | CMMNDI
  | CMMNDiagram
  | CMMNShape
  | CMMNEdge
  | CMMNLabel
  | CMMNStyle;

/** The `kind` of every element. */
export type CmmnElementKind = CmmnElement['kind'];

/** Plan item definition kinds. */
export const PLAN_ITEM_DEFINITION_KINDS = [
  'Stage',
  'PlanFragment',
  'Task',
  'HumanTask',
  'CaseTask',
  'ProcessTask',
  'DecisionTask',
  'Milestone',
  'EventListener',
  'UserEventListener',
  'TimerEventListener',
] as const satisfies readonly PlanItemDefinition['kind'][];

/** True when `element` is a plan item definition. */
export function isPlanItemDefinition(element: { readonly kind: string } | undefined): element is PlanItemDefinition {
  return element !== undefined && (PLAN_ITEM_DEFINITION_KINDS as readonly string[]).includes(element.kind);
}

/** True when `element` is a task of any kind. */
export function isTask(element: { readonly kind: string } | undefined): element is AnyTask {
  switch (element?.kind) {
    case 'Task':
    case 'HumanTask':
    case 'CaseTask':
    case 'ProcessTask':
    case 'DecisionTask':
      return true;
    default:
      return false;
  }
}

/** True when `element` is an event listener of any kind. */
export function isEventListener(
  element: { readonly kind: string } | undefined,
): element is EventListener | UserEventListener | TimerEventListener {
  const kind = element?.kind;
  return kind === 'EventListener' || kind === 'UserEventListener' || kind === 'TimerEventListener';
}

/**
 * The language an expression is written in: its own `language`, else the definitions'
 * `expressionLanguage`, else undefined (casekit then infers it from the body, see docs/expressions.md).
 */
export function effectiveLanguage(expression: Expression, definitions: Definitions): string | undefined {
  return expression.language ?? definitions.expressionLanguage;
}

/** Looks up an extension attribute by namespace URI and local name, e.g. `flowable:triggerMode`. */
export function extensionAttribute(
  element: Pick<CmmnElementBase, 'extensionAttributes'>,
  namespace: string,
  local: string,
): string | undefined {
  for (const attribute of element.extensionAttributes) {
    if (attribute.namespace === namespace && attribute.local === local) return attribute.value;
  }
  return undefined;
}
