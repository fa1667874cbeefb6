/**
 * `build()`, step 1, for the plan: the case plan model, stages and plan fragments, plan items and
 * discretionary items, item controls and rules, planning tables, and the other plan item
 * definitions with what they call.
 *
 * @internal
 */
import { PLAN_ITEM_DEFINITION_KINDS } from '../model/types.js';
import { emitCaseParameter } from './emit-case-file.js';
import type { Emitter } from './emit-context.js';
import { emitCriterion, emitSentry, emitStartTrigger } from './emit-sentries.js';
import type { ExpressionInput, OnPartSpec, RuleSpec } from './handles/index.js';
import { base, expression, node, type Draft } from './nodes.js';
import type { ContainerRec, ControlRec, DefinitionRec, ItemRec, RuleRec, TableRec } from './state.js';

/** The case plan model (definition undefined) or a stage / plan fragment definition. */
export function emitContainer(emitter: Emitter, content: ContainerRec, definition: DefinitionRec | undefined): Draft {
  const isPlan = definition === undefined;
  const planOptions = content.case.options.plan ?? {};
  const draft = node(content.kind, {
    id: content.id,
    name: content.name,
    ...base(isPlan ? planOptions : definition.element),
  });
  draft;
  if (content.kind === 'Stage') {
    draft['autoComplete'] = isPlan ? planOptions.autoComplete : (definition.fields['autoComplete'] as boolean | undefined);
  }
  if (definition !== undefined) draft['defaultControl'] = emitControl(emitter, definition.defaultControl, definition.id);
  draft['planItems'] = content.planItems.map((item) => emitItem(emitter, item));
  draft['sentries'] = content.sentries.map((sentry) => emitSentry(emitter, sentry));
  if (content.kind === 'Stage') {
    draft['planningTable'] = content.table === undefined ? undefined : emitTable(emitter, content.table);
    draft['planItemDefinitions'] = content.definitions.map((d) => emitDefinition(emitter, d));
    draft['exitCriteria'] = content.exitCriteria.map((c) => emitCriterion(emitter, c));
  }
  return draft;
}

/** An `<itemControl>` / `<defaultControl>` with its rules (undefined when none). */
export function emitControl(emitter: Emitter, control: ControlRec | undefined, ownerId: string): Draft | undefined {
  if (control === undefined) return undefined;
  return node('PlanItemControl', {
    id: control.options.id,
    repetitionRule: emitRule(emitter, control.repetitionRule, ownerId),
    requiredRule: emitRule(emitter, control.requiredRule, ownerId),
    manualActivationRule: emitRule(emitter, control.manualActivationRule, ownerId),
    ...base(control.options),
  });
}

/** A repetition, required or manual activation rule (undefined when none). */
export function emitRule(emitter: Emitter, rule: RuleRec | undefined, ownerId: string): Draft | undefined {
  if (rule === undefined) return undefined;
  const o = rule.options as RuleSpec;
  let draft: Draft | undefined;
  draft = node(rule.kind, {
    id: rule.id,
    name: rule.name,
    condition: expression(o.condition),
    contextRef:
      o.context === undefined
        ? undefined
        : emitter.ref(o.context, ['CaseFileItem'], rule.case, 'contextRef', ownerId, () => draft),
    ...base(o),
  });
  return draft;
}

/** A plan item or discretionary item, checking its definition is of this builder and case. */
export function emitItem(emitter: Emitter, item: ItemRec): Draft {
  const definition = item.definition;
  const id = item.id;
  let draft: Draft | undefined;
  const at = () => draft;
  draft = node(item.kind, { id, name: item.name, ...base(item.options) });
  if (definition.fields['foreign'] !== undefined) {
    emitter.ref(definition.fields['foreign'], PLAN_ITEM_DEFINITION_KINDS, item.case, 'definitionRef', id, at);
    draft['definitionRef'] = definition.id === '' ? undefined : definition.id;
  } else {
    if (definition.case.model !== emitter.model) {
      emitter.report(
        'UnresolvedReference',
        `definitionRef of "${id}" is "${definition.id}", a definition of another model builder`,
        id,
        draft,
      );
    } else if (definition.case !== item.case) {
      emitter.report(
        'UnresolvedReference',
        `definitionRef of "${id}" is the definition "${definition.id}" of case "${definition.case.id}", not of case "${item.case.id}"`,
        id,
        draft,
      );
    }
    draft['definitionRef'] = definition.id;
  }
  draft['itemControl'] = emitControl(emitter, item.itemControl, id);
  draft['entryCriteria'] = item.entryCriteria.map((c) => emitCriterion(emitter, c));
  draft['exitCriteria'] = item.exitCriteria.map((c) => emitCriterion(emitter, c));
  if (item.kind === 'DiscretionaryItem') {
    draft['applicabilityRuleRefs'] = emitter.refs(
      item.applicabilityRules,
      ['ApplicabilityRule'],
      item.case,
      'applicabilityRuleRefs',
      id,
      at,
    );
    draft['authorizedRoleRefs'] = emitter.refs(item.authorizedRoles, ['Role'], item.case, 'authorizedRoleRefs', id, at);
  }
  return draft;
}

/** A planning table: its items, nested tables and applicability rules. */
export function emitTable(emitter: Emitter, table: TableRec): Draft {
  let draft: Draft | undefined;
  const at = () => draft;
  draft = node('PlanningTable', { id: table.id, ...base(table.options) });
  draft['tableItems'] = table.tableItems.map((entry) =>
    entry.kind === 'PlanningTable' ? emitTable(emitter, entry) : emitItem(emitter, entry),
  );
  draft['applicabilityRules'] = table.applicabilityRules.map((rule) => {
    const o = rule.options as RuleSpec;
    let ruleDraft: Draft | undefined;
    ruleDraft = node('ApplicabilityRule', {
      id: rule.id,
      name: rule.name,
      condition: expression(o.condition),
      contextRef:
        o.context === undefined
          ? undefined
          : emitter.ref(o.context, ['CaseFileItem'], rule.case, 'contextRef', rule.id, () => ruleDraft),
      ...base(o),
    });
    return ruleDraft;
  });
  draft['applicabilityRuleRefs'] = emitter.refs(
    table.options.applicabilityRules,
    ['ApplicabilityRule'],
    table.case,
    'applicabilityRuleRefs',
    table.id,
    at,
  );
  draft['authorizedRoleRefs'] = emitter.refs(
    table.options.authorizedRoles,
    ['Role'],
    table.case,
    'authorizedRoleRefs',
    table.id,
    at,
  );
  return draft;
}

/** A plan item definition, with the fields of its kind. */
export function emitDefinition(emitter: Emitter, definition: DefinitionRec): Draft {
  const kind = definition.kind;
  if (kind === 'Stage' || kind === 'PlanFragment') return emitContainer(emitter, definition.content!, definition);
  const f = definition.fields;
  const id = definition.id;
  let draft: Draft | undefined;
  const at = () => draft;
  draft = node(kind, {
    id,
    name: definition.name,
    defaultControl: emitControl(emitter, definition.defaultControl, id),
    ...base(definition.element),
  });
  switch (kind) {
    case 'Task':
    case 'HumanTask':
    case 'CaseTask':
    case 'ProcessTask':
    case 'DecisionTask':
      draft['isBlocking'] = f['isBlocking'];
      draft['inputs'] = definition.inputs.map((p) => emitCaseParameter(emitter, p));
      draft['outputs'] = definition.outputs.map((p) => emitCaseParameter(emitter, p));
      break;
    default:
      break;
  }
  switch (kind) {
    case 'HumanTask':
      if (f['performer'] !== undefined)
        draft['performerRef'] = emitter.ref(f['performer'], ['Role'], definition.case, 'performerRef', id, at);
      draft['planningTable'] = definition.table === undefined ? undefined : emitTable(emitter, definition.table);
      break;
    case 'CaseTask':
      draft['caseRef'] = calledRef(emitter, f['case'], 'Case', 'caseRef', id, at);
      draft['caseRefExpression'] = expression(f['caseRefExpression'] as ExpressionInput | undefined);
      draft['parameterMappings'] = emitMappings(emitter, definition);
      break;
    case 'ProcessTask':
      draft['processRef'] = calledRef(emitter, f['process'], 'Process', 'processRef', id, at);
      draft['processRefExpression'] = expression(f['processRefExpression'] as ExpressionInput | undefined);
      draft['parameterMappings'] = emitMappings(emitter, definition);
      break;
    case 'DecisionTask':
      draft['decisionRef'] = calledRef(emitter, f['decision'], 'Decision', 'decisionRef', id, at);
      draft['decisionRefExpression'] = expression(f['decisionRefExpression'] as ExpressionInput | undefined);
      draft['parameterMappings'] = emitMappings(emitter, definition);
      break;
    case 'UserEventListener':
      draft['authorizedRoleRefs'] = emitter.refs(
        f['authorizedRoles'] as readonly unknown[] | undefined,
        ['Role'],
        definition.case,
        'authorizedRoleRefs',
        id,
        at,
      );
      break;
    case 'TimerEventListener': {
      draft['timerExpression'] = expression(f['timerExpression'] as ExpressionInput | undefined);
      const start = f['timerStart'] as OnPartSpec | undefined;
      if (start !== undefined) draft['timerStart'] = emitStartTrigger(emitter, start, definition);
      break;
    }
    default:
      break;
  }
  return draft;
}

/** The id of the case, process or decision a task calls (a string is written as is). */
export function calledRef(
  emitter: Emitter,
  target: unknown,
  kind: 'Case' | 'Process' | 'Decision',
  what: string,
  ownerId: string,
  at: () => object | undefined,
): string | undefined {
  if (target === undefined || typeof target === 'string') return target;
  return emitter.ref(target, [kind], undefined, what, ownerId, at);
}

/** The parameter mappings of a case, process or decision task. */
export function emitMappings(emitter: Emitter, definition: DefinitionRec): Draft[] {
  return definition.mappings.map((mapping) => {
    let draft: Draft | undefined;
    const at = () => draft;
    const kinds = ['CaseParameter', 'ProcessParameter', 'DecisionParameter'];
    draft = node('ParameterMapping', {
      id: mapping.id,
      sourceRef: emitter.ref(mapping.source, kinds, undefined, 'sourceRef', mapping.id ?? definition.id, at),
      targetRef: emitter.ref(mapping.target, kinds, undefined, 'targetRef', mapping.id ?? definition.id, at),
      transformation: expression(mapping.options.transformation),
      ...base(mapping.options),
    });
    return draft;
  });
}
