/**
 * The schema of a case's plan (CMMN 1.1 §5.4): rules and item controls, stages and plan fragments,
 * tasks, milestones, event listeners, plan items, criteria, sentries, planning tables and
 * discretionary items.
 */
import { PLAN_ITEM_DEFINITION_KINDS } from './plan-item-kinds.js';
import { bool, many, one, ref, refs, str, textChild, type KindSpec, type SchemaKind } from './schema-spec.js';

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

/** The plan model's kinds. */
export const PLAN_SPECS: readonly KindSpec[] = [
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
];
