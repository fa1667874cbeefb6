/**
 * How each model kind maps to XML: its attributes, its child elements and the references it
 * holds. The parser, the exporter and the validator all read this one table, the way moddle
 * descriptors drive bpmn-io's parsers, so the three cannot drift apart.
 */
import type { CmmnElementKind } from './types.js';
import type { NamespaceKey } from './namespaces.js';

/** Kinds that appear in the table (every model kind plus the plain DI value kinds). */
export type SchemaKind = CmmnElementKind | 'Bounds' | 'Point' | 'Dimension' | 'Documentation';

/** Which problem an unresolved reference gives. */
export type UnresolvedSeverity =
  /** The file cannot be read unambiguously. */
  | 'error'
  /** caseRef/processRef/decisionRef: another file or the host may provide the target. */
  | 'external'
  /** Optional cross-file or informational reference (e.g. a case file item's structure definition). */
  | 'ignore';

/** A reference held by an attribute. */
export interface RefSpec {
  /** Property receiving the resolved element(s). */
  readonly prop: string;
  /** Kinds the target may have; undefined = any element. */
  readonly kinds: readonly SchemaKind[] | undefined;
  /** QName-typed (`tns:Case_1`): the prefix is dropped before lookup. */
  readonly qname?: boolean;
  readonly unresolved: UnresolvedSeverity;
}

/** An attribute of a kind. */
export interface AttrSpec {
  /** XML attribute name (unqualified). */
  readonly xml: string;
  /** Model property. */
  readonly prop: string;
  /** `list`: whitespace-separated tokens (IDREFS). */
  readonly type: 'string' | 'boolean' | 'number' | 'list';
  readonly ref?: RefSpec;
  /** Allowed values for an enumerated string. */
  readonly values?: readonly string[];
}

/** A child element slot of a kind. */
export interface ChildSpec {
  /** Model property. */
  readonly prop: string;
  /** Namespace of the child elements. */
  readonly ns: NamespaceKey;
  /** Child element local names → the kind they are read as. */
  readonly elements: Readonly<Record<string, SchemaKind>>;
  /** An array (`*`) or a single optional value (`?`). */
  readonly many: boolean;
  /** The child's text is the value (e.g. `<standardEvent>complete</standardEvent>`). */
  readonly text?: boolean;
}

/** The XML shape of a kind. */
export interface KindSpec {
  readonly kind: SchemaKind;
  /** Carries id, documentation, extension elements and attributes (CMMN `tCmmnElement`). */
  readonly element: boolean;
  readonly attrs: readonly AttrSpec[];
  readonly children: readonly ChildSpec[];
  /** The element's own text is read into this property (expression body, documentation text). */
  readonly textProp?: string;
}

const str = (xml: string, prop = xml): AttrSpec => ({ xml, prop, type: 'string' });
const bool = (xml: string): AttrSpec => ({ xml, prop: xml, type: 'boolean' });
const num = (xml: string): AttrSpec => ({ xml, prop: xml, type: 'number' });
const ref = (
  xml: string,
  prop: string,
  kinds: readonly SchemaKind[] | undefined,
  unresolved: UnresolvedSeverity = 'error',
  qname = false,
): AttrSpec => ({ xml, prop: xml, type: 'string', ref: { prop, kinds, unresolved, qname } });
const refs = (xml: string, prop: string, kinds: readonly SchemaKind[]): AttrSpec => ({
  xml,
  prop: xml,
  type: 'list',
  ref: { prop, kinds, unresolved: 'error' },
});
const many = (prop: string, elements: Record<string, SchemaKind>, ns: NamespaceKey = 'cmmn'): ChildSpec => ({
  prop,
  ns,
  elements,
  many: true,
});
const one = (prop: string, elements: Record<string, SchemaKind>, ns: NamespaceKey = 'cmmn'): ChildSpec => ({
  prop,
  ns,
  elements,
  many: false,
});
const textChild = (prop: string, element: string, isMany = false): ChildSpec => ({
  prop,
  ns: 'cmmn',
  elements: { [element]: 'Documentation' },
  many: isMany,
  text: true,
});

const PLAN_ITEM_DEFINITION_ELEMENTS: Record<string, SchemaKind> = {
  stage: 'Stage',
  planFragment: 'PlanFragment',
  task: 'Task',
  humanTask: 'HumanTask',
  caseTask: 'CaseTask',
  processTask: 'ProcessTask',
  decisionTask: 'DecisionTask',
  milestone: 'Milestone',
  eventListener: 'EventListener',
  userEventListener: 'UserEventListener',
  timerEventListener: 'TimerEventListener',
  // CMMN 1.0 names, read as their 1.1 kinds and written back with the 1.1 names.
  userEvent: 'UserEventListener',
  timerEvent: 'TimerEventListener',
};

const PLAN_ITEM_DEFINITION_KINDS: readonly SchemaKind[] = [
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
];

const condition = one('condition', { condition: 'Expression' });
const ruleSpec = (kind: SchemaKind): KindSpec => ({
  kind,
  element: true,
  attrs: [str('name'), ref('contextRef', 'context', ['CaseFileItem'])],
  children: [condition],
});
const criterionSpec = (kind: SchemaKind): KindSpec => ({
  kind,
  element: true,
  attrs: [str('name'), ref('sentryRef', 'sentry', ['Sentry'])],
  children: [],
});
const itemControl = one('itemControl', { itemControl: 'PlanItemControl' });
const defaultControl = one('defaultControl', { defaultControl: 'PlanItemControl' });
const taskParams = [many('inputs', { input: 'CaseParameter' }), many('outputs', { output: 'CaseParameter' })];
const planItemsAndSentries = [many('planItems', { planItem: 'PlanItem' }), many('sentries', { sentry: 'Sentry' })];
const standardEvent = textChild('standardEvent', 'standardEvent');

const SPECS: readonly KindSpec[] = [
  {
    kind: 'Definitions',
    element: true,
    attrs: [
      str('name'),
      str('targetNamespace'),
      str('expressionLanguage'),
      str('exporter'),
      str('exporterVersion'),
      str('author'),
      str('creationDate'),
    ],
    children: [
      many('imports', { import: 'Import' }),
      many('caseFileItemDefinitions', { caseFileItemDefinition: 'CaseFileItemDefinition' }),
      many('cases', { case: 'Case' }),
      many('processes', { process: 'Process' }),
      many('decisions', { decision: 'Decision' }),
      many('relationships', { relationship: 'Relationship' }),
      many('artifacts', { textAnnotation: 'TextAnnotation', association: 'Association' }),
      one('cmmnDi', { CMMNDI: 'CMMNDI' }, 'cmmndi'),
    ],
  },
  { kind: 'Import', element: true, attrs: [str('importType'), str('location'), str('namespace')], children: [] },
  {
    kind: 'Relationship',
    element: true,
    attrs: [str('type'), str('direction')],
    children: [textChild('sources', 'source', true), textChild('targets', 'target', true)],
  },
  {
    kind: 'TextAnnotation',
    element: true,
    attrs: [str('textFormat')],
    children: [textChild('text', 'text')],
  },
  {
    kind: 'Association',
    element: true,
    attrs: [str('associationDirection'), ref('sourceRef', 'source', undefined), ref('targetRef', 'target', undefined)],
    children: [],
  },
  {
    kind: 'CaseFileItemDefinition',
    element: true,
    attrs: [str('name'), str('definitionType'), str('structureRef'), str('importRef')],
    children: [many('properties', { property: 'Property' })],
  },
  { kind: 'Property', element: true, attrs: [str('name'), str('type')], children: [] },
  {
    kind: 'Case',
    element: true,
    attrs: [str('name')],
    children: [
      one('caseFileModel', { caseFileModel: 'CaseFile' }),
      one('casePlanModel', { casePlanModel: 'Stage' }),
      one('caseRoles', { caseRoles: 'CaseRoles' }),
      many('inputs', { input: 'CaseParameter' }),
      many('outputs', { output: 'CaseParameter' }),
    ],
  },
  { kind: 'CaseRoles', element: true, attrs: [], children: [many('roles', { role: 'Role' })] },
  { kind: 'Role', element: true, attrs: [str('name')], children: [] },
  { kind: 'CaseFile', element: true, attrs: [], children: [many('caseFileItems', { caseFileItem: 'CaseFileItem' })] },
  {
    kind: 'CaseFileItem',
    element: true,
    attrs: [
      str('name'),
      {
        xml: 'multiplicity',
        prop: 'multiplicity',
        type: 'string',
        values: ['ZeroOrOne', 'ZeroOrMore', 'ExactlyOne', 'OneOrMore', 'Unspecified', 'Unknown'],
      },
      ref('definitionRef', 'definition', ['CaseFileItemDefinition'], 'ignore', true),
      ref('sourceRef', 'source', ['CaseFileItem']),
      refs('targetRefs', 'targets', ['CaseFileItem']),
    ],
    children: [one('children', { children: 'Children' })],
  },
  {
    kind: 'Children',
    element: true,
    attrs: [],
    children: [many('caseFileItems', { caseFileItem: 'CaseFileItem' })],
  },
  {
    kind: 'CaseParameter',
    element: true,
    attrs: [str('name'), ref('bindingRef', 'binding', ['CaseFileItem'])],
    children: [one('bindingRefinement', { bindingRefinement: 'Expression' })],
  },
  { kind: 'ProcessParameter', element: true, attrs: [str('name')], children: [] },
  { kind: 'DecisionParameter', element: true, attrs: [str('name')], children: [] },
  {
    kind: 'Process',
    element: true,
    attrs: [str('name'), str('externalRef'), str('implementationType')],
    children: [many('inputs', { input: 'ProcessParameter' }), many('outputs', { output: 'ProcessParameter' })],
  },
  {
    kind: 'Decision',
    element: true,
    attrs: [str('name'), str('externalRef'), str('implementationType')],
    children: [many('inputs', { input: 'DecisionParameter' }), many('outputs', { output: 'DecisionParameter' })],
  },
  {
    kind: 'ParameterMapping',
    element: true,
    attrs: [
      ref('sourceRef', 'source', ['CaseParameter', 'ProcessParameter', 'DecisionParameter']),
      ref('targetRef', 'target', ['CaseParameter', 'ProcessParameter', 'DecisionParameter']),
    ],
    children: [one('transformation', { transformation: 'Expression' })],
  },
  ruleSpec('RepetitionRule'),
  ruleSpec('RequiredRule'),
  ruleSpec('ManualActivationRule'),
  ruleSpec('ApplicabilityRule'),
  {
    kind: 'PlanItemControl',
    element: true,
    attrs: [],
    children: [
      one('repetitionRule', { repetitionRule: 'RepetitionRule' }),
      one('requiredRule', { requiredRule: 'RequiredRule' }),
      one('manualActivationRule', { manualActivationRule: 'ManualActivationRule' }),
    ],
  },
  {
    kind: 'PlanFragment',
    element: true,
    attrs: [str('name')],
    children: [defaultControl, ...planItemsAndSentries],
  },
  {
    kind: 'Stage',
    element: true,
    attrs: [str('name'), bool('autoComplete')],
    children: [
      defaultControl,
      ...planItemsAndSentries,
      one('planningTable', { planningTable: 'PlanningTable' }),
      many('planItemDefinitions', PLAN_ITEM_DEFINITION_ELEMENTS),
      many('exitCriteria', { exitCriterion: 'ExitCriterion' }),
    ],
  },
  { kind: 'Task', element: true, attrs: [str('name'), bool('isBlocking')], children: [defaultControl, ...taskParams] },
  {
    kind: 'HumanTask',
    element: true,
    attrs: [str('name'), bool('isBlocking'), ref('performerRef', 'performer', ['Role'])],
    children: [defaultControl, ...taskParams, one('planningTable', { planningTable: 'PlanningTable' })],
  },
  {
    kind: 'CaseTask',
    element: true,
    attrs: [str('name'), bool('isBlocking'), ref('caseRef', 'case', ['Case'], 'external', true)],
    children: [
      defaultControl,
      ...taskParams,
      many('parameterMappings', { parameterMapping: 'ParameterMapping' }),
      one('caseRefExpression', { caseRefExpression: 'Expression' }),
    ],
  },
  {
    kind: 'ProcessTask',
    element: true,
    attrs: [str('name'), bool('isBlocking'), ref('processRef', 'process', ['Process'], 'external', true)],
    children: [
      defaultControl,
      ...taskParams,
      many('parameterMappings', { parameterMapping: 'ParameterMapping' }),
      one('processRefExpression', { processRefExpression: 'Expression' }),
    ],
  },
  {
    kind: 'DecisionTask',
    element: true,
    attrs: [str('name'), bool('isBlocking'), ref('decisionRef', 'decision', ['Decision'], 'external', true)],
    children: [
      defaultControl,
      ...taskParams,
      many('parameterMappings', { parameterMapping: 'ParameterMapping' }),
      one('decisionRefExpression', { decisionRefExpression: 'Expression' }),
    ],
  },
  { kind: 'Milestone', element: true, attrs: [str('name')], children: [defaultControl] },
  { kind: 'EventListener', element: true, attrs: [str('name')], children: [defaultControl] },
  {
    kind: 'UserEventListener',
    element: true,
    attrs: [str('name'), refs('authorizedRoleRefs', 'authorizedRoles', ['Role'])],
    children: [defaultControl],
  },
  {
    kind: 'TimerEventListener',
    element: true,
    attrs: [str('name')],
    children: [
      defaultControl,
      one('timerExpression', { timerExpression: 'Expression' }),
      one('timerStart', { planItemStartTrigger: 'PlanItemStartTrigger', caseFileItemStartTrigger: 'CaseFileItemStartTrigger' }),
    ],
  },
  {
    kind: 'PlanItemStartTrigger',
    element: true,
    attrs: [ref('sourceRef', 'source', ['PlanItem'])],
    children: [standardEvent],
  },
  {
    kind: 'CaseFileItemStartTrigger',
    element: true,
    attrs: [ref('sourceRef', 'source', ['CaseFileItem'])],
    children: [standardEvent],
  },
  criterionSpec('EntryCriterion'),
  criterionSpec('ExitCriterion'),
  {
    kind: 'PlanItem',
    element: true,
    attrs: [str('name'), ref('definitionRef', 'definition', PLAN_ITEM_DEFINITION_KINDS)],
    children: [
      itemControl,
      many('entryCriteria', { entryCriterion: 'EntryCriterion' }),
      many('exitCriteria', { exitCriterion: 'ExitCriterion' }),
    ],
  },
  {
    kind: 'Sentry',
    element: true,
    attrs: [str('name')],
    children: [
      many('onParts', { planItemOnPart: 'PlanItemOnPart', caseFileItemOnPart: 'CaseFileItemOnPart' }),
      one('ifPart', { ifPart: 'IfPart' }),
    ],
  },
  {
    kind: 'PlanItemOnPart',
    element: true,
    attrs: [
      str('name'),
      ref('sourceRef', 'source', ['PlanItem', 'DiscretionaryItem']),
      ref('exitCriterionRef', 'exitCriterion', ['ExitCriterion']),
    ],
    children: [standardEvent],
  },
  {
    kind: 'CaseFileItemOnPart',
    element: true,
    attrs: [str('name'), ref('sourceRef', 'source', ['CaseFileItem'])],
    children: [standardEvent],
  },
  {
    kind: 'IfPart',
    element: true,
    attrs: [ref('contextRef', 'context', ['CaseFileItem'])],
    children: [condition],
  },
  {
    kind: 'PlanningTable',
    element: true,
    attrs: [
      refs('applicabilityRuleRefs', 'applicabilityRulesApplied', ['ApplicabilityRule']),
      refs('authorizedRoleRefs', 'authorizedRoles', ['Role']),
    ],
    children: [
      many('tableItems', { discretionaryItem: 'DiscretionaryItem', planningTable: 'PlanningTable' }),
      many('applicabilityRules', { applicabilityRule: 'ApplicabilityRule' }),
    ],
  },
  {
    kind: 'DiscretionaryItem',
    element: true,
    attrs: [
      str('name'),
      ref('definitionRef', 'definition', PLAN_ITEM_DEFINITION_KINDS),
      refs('applicabilityRuleRefs', 'applicabilityRulesApplied', ['ApplicabilityRule']),
      refs('authorizedRoleRefs', 'authorizedRoles', ['Role']),
    ],
    children: [
      itemControl,
      many('entryCriteria', { entryCriterion: 'EntryCriterion' }),
      many('exitCriteria', { exitCriterion: 'ExitCriterion' }),
    ],
  },
  { kind: 'Expression', element: true, attrs: [str('language')], children: [], textProp: 'body' },
  { kind: 'Documentation', element: false, attrs: [str('id'), str('textFormat')], children: [], textProp: 'text' },
  {
    kind: 'CMMNDI',
    element: true,
    attrs: [],
    children: [many('diagrams', { CMMNDiagram: 'CMMNDiagram' }, 'cmmndi'), many('styles', { CMMNStyle: 'CMMNStyle' }, 'cmmndi')],
  },
  {
    kind: 'CMMNDiagram',
    element: true,
    attrs: [str('name'), num('resolution'), str('sharedStyle'), ref('cmmnElementRef', 'cmmnElement', undefined, 'error', true)],
    children: [
      one('size', { Size: 'Dimension' }, 'cmmndi'),
      many('diagramElements', { CMMNShape: 'CMMNShape', CMMNEdge: 'CMMNEdge' }, 'cmmndi'),
    ],
  },
  {
    kind: 'CMMNShape',
    element: true,
    attrs: [
      ref('cmmnElementRef', 'cmmnElement', undefined, 'error', true),
      bool('isCollapsed'),
      bool('isPlanningTableCollapsed'),
      str('sharedStyle'),
    ],
    children: [one('bounds', { Bounds: 'Bounds' }, 'dc'), one('label', { CMMNLabel: 'CMMNLabel' }, 'cmmndi')],
  },
  {
    kind: 'CMMNEdge',
    element: true,
    attrs: [
      ref('cmmnElementRef', 'cmmnElement', undefined, 'error', true),
      ref('sourceCMMNElementRef', 'sourceCMMNElement', undefined, 'error', true),
      ref('targetCMMNElementRef', 'targetCMMNElement', undefined, 'error', true),
      bool('isStandardEventVisible'),
      str('sharedStyle'),
    ],
    children: [many('waypoints', { waypoint: 'Point' }, 'di'), one('label', { CMMNLabel: 'CMMNLabel' }, 'cmmndi')],
  },
  {
    kind: 'CMMNLabel',
    element: true,
    attrs: [str('sharedStyle')],
    children: [one('bounds', { Bounds: 'Bounds' }, 'dc')],
  },
  { kind: 'CMMNStyle', element: true, attrs: [], children: [] },
  { kind: 'Bounds', element: false, attrs: [num('x'), num('y'), num('width'), num('height')], children: [] },
  { kind: 'Point', element: false, attrs: [num('x'), num('y')], children: [] },
  { kind: 'Dimension', element: false, attrs: [num('width'), num('height')], children: [] },
];

/** The table, by kind. */
export const SCHEMA: ReadonlyMap<SchemaKind, KindSpec> = new Map(SPECS.map((spec) => [spec.kind, spec]));

/** The spec of a kind (throws on an unknown kind: a programming error). */
export function specOf(kind: SchemaKind): KindSpec {
  const spec = SCHEMA.get(kind);
  if (spec === undefined) throw new Error(`casekit: no schema for kind ${kind}`);
  return spec;
}

/** The XML local name a kind is written as inside a child slot (the first name mapping to it). */
export function elementNameFor(child: ChildSpec, kind: SchemaKind): string {
  for (const [name, k] of Object.entries(child.elements)) if (k === kind) return name;
  throw new Error(`casekit: kind ${kind} has no element in slot ${child.prop}`);
}
