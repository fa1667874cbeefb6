/**
 * `build()`, step 1: the authored records → an unlinked model tree (references as ids), with
 * the checks TypeScript cannot make: handles of another case or another builder, handles the
 * builder never made, exit criteria of the wrong item, extensions without a namespace.
 *
 * @internal
 */
import { NS } from '../model/namespaces.js';
import type { ProblemCode } from '../model/problems.js';
import { PLAN_ITEM_DEFINITION_KINDS, type NamespaceDeclaration, type XmlAttribute, type XmlElement } from '../model/types.js';
import { walkModel, type ModelNode } from '../model/walk.js';
import type { ElementOptions, ExpressionInput, OnPartSpec, RuleSpec, XmlAttributeInput } from './handles.js';
import { base, expression, node, refList, type Draft } from './nodes.js';
import {
  modelOf,
  recordOf,
  type AnyRec,
  type CalledRec,
  type CaseFileItemDefinitionRec,
  type CaseFileItemRec,
  type CaseRec,
  type ContainerRec,
  type ControlRec,
  type CriterionRec,
  type DefinitionRec,
  type ItemRec,
  type ModelRec,
  type ParameterRec,
  type RuleRec,
  type SentryRec,
  type TableRec,
} from './state.js';

/** A problem found while emitting, with the node it is about. */
export interface EmitProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly elementId: string | undefined;
  readonly node: object | undefined;
}

/** The XSD requires a `targetNamespace`; this one is used when none is given. */
export const DEFAULT_TARGET_NAMESPACE = 'urn:casekit:model';

/** Namespace URIs that extensions must not use: they are CMMN's own. */
const RESERVED = new Set<string>([NS.cmmn, NS.cmmndi, NS.dc, NS.di]);
const KNOWN_PREFIXES: Readonly<Record<string, string>> = {
  [NS.casekit]: 'casekit',
  [NS.flowable]: 'flowable',
  [NS.camunda]: 'camunda',
  [NS.xsi]: 'xsi',
};

const LABEL: Readonly<Record<string, string>> = {
  PlanItem: 'plan item',
  DiscretionaryItem: 'discretionary item',
  CaseFileItem: 'case file item',
  Role: 'role',
  Sentry: 'sentry',
  ExitCriterion: 'exit criterion',
  EntryCriterion: 'entry criterion',
  ApplicabilityRule: 'applicability rule',
  Case: 'case',
  Process: 'process',
  Decision: 'decision',
  CaseFileItemDefinition: 'case file item definition',
  CaseParameter: 'parameter',
  ProcessParameter: 'parameter',
  DecisionParameter: 'parameter',
};

function caseOf(record: AnyRec): CaseRec | undefined {
  if (record.kind === 'Case') return record;
  return 'case' in record ? record.case : undefined;
}

class Emitter {
  readonly problems: EmitProblem[] = [];
  constructor(private readonly model: ModelRec) {}

  private report(code: ProblemCode, message: string, elementId: string | undefined, at: object | undefined): void {
    this.problems.push({ code, message, elementId, node: at });
  }

  /**
   * The id a handle stands for, after checking it is a handle of this builder, of one of `kinds`
   * and (for case-scoped kinds, when `scope` is given) of the same case.
   */
  ref(
    handle: unknown,
    kinds: readonly string[],
    scope: CaseRec | undefined,
    what: string,
    ownerId: string,
    at: () => object | undefined,
  ): string | undefined {
    const record = recordOf(handle);
    const written = (handle as { id?: unknown } | undefined)?.id;
    const shown = typeof written === 'string' ? written : String(written);
    if (record === undefined) {
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is "${shown}", which is not a handle made by a casekit builder`,
        ownerId,
        at(),
      );
      return typeof written === 'string' ? written : undefined;
    }
    if (modelOf(record) !== this.model) {
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is "${record.id}", a handle of another model builder`,
        ownerId,
        at(),
      );
      return record.id;
    }
    if (!kinds.includes(record.kind)) {
      // An error, not the linker's draft-level WrongReferenceKind: handing the builder a handle of
      // the wrong kind is a programming mistake (only possible through a cast), not an unfinished model.
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is "${record.id}", a ${record.kind}, expected ${kinds.join(' or ')}`,
        ownerId,
        at(),
      );
      return record.id;
    }
    const owner = caseOf(record);
    if (scope !== undefined && owner !== undefined && owner !== scope) {
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is the ${LABEL[record.kind] ?? record.kind} "${record.id}" of case "${owner.id}", not of case "${scope.id}"`,
        ownerId,
        at(),
      );
    }
    return record.id;
  }

  refs(
    handles: readonly unknown[] | undefined,
    kinds: readonly string[],
    scope: CaseRec,
    what: string,
    ownerId: string,
    at: () => object | undefined,
  ): readonly string[] | undefined {
    const ids: string[] = [];
    for (const handle of handles ?? []) {
      const id = this.ref(handle, kinds, scope, what, ownerId, at);
      if (id !== undefined) ids.push(id);
    }
    return refList(ids);
  }

  // -------------------------------------------------------------------------------------------

  definitions(): Draft {
    const model = this.model;
    const options = model.options;
    const definitions = node('Definitions', {
      id: options.id,
      name: options.name,
      targetNamespace: options.targetNamespace ?? DEFAULT_TARGET_NAMESPACE,
      expressionLanguage: options.expressionLanguage,
      exporter: options.exporter ?? 'casekit',
      exporterVersion: options.exporterVersion,
      author: options.author,
      creationDate: options.creationDate,
      caseFileItemDefinitions: model.caseFileItemDefinitions.map((d) => this.caseFileItemDefinition(d)),
      cases: model.cases.map((c) => this.case(c)),
      processes: model.processes.map((p) => this.called(p)),
      decisions: model.decisions.map((d) => this.called(d)),
      ...base(options),
    });
    return definitions;
  }

  private caseFileItemDefinition(record: CaseFileItemDefinitionRec): Draft {
    const o = record.options;
    return node('CaseFileItemDefinition', {
      id: record.id,
      name: record.name,
      definitionType: o.definitionType,
      structureRef: o.structureRef,
      importRef: o.importRef,
      properties: (o.properties ?? []).map((p) => node('Property', { id: p.id, name: p.name, type: p.type, ...base(p) })),
      ...base(o),
    });
  }

  private called(record: CalledRec): Draft {
    const kind = record.kind === 'Process' ? 'ProcessParameter' : 'DecisionParameter';
    return node(record.kind, {
      id: record.id,
      name: record.name,
      externalRef: record.options.externalRef,
      implementationType: record.options.implementationType,
      inputs: record.inputs.map((p) => node(kind, { id: p.id, name: p.name, ...base(p.options) })),
      outputs: record.outputs.map((p) => node(kind, { id: p.id, name: p.name, ...base(p.options) })),
      ...base(record.options),
    });
  }

  private case(record: CaseRec): Draft {
    const o = record.options;
    const draft = node('Case', { id: record.id, name: record.name, ...base(o) });
    if (record.caseFileItems.length > 0 || o.caseFileModel !== undefined) {
      draft['caseFileModel'] = node('CaseFile', {
        id: o.caseFileModel?.id,
        caseFileItems: record.caseFileItems.map((item) => this.caseFileItem(item)),
        ...base(o.caseFileModel),
      });
    }
    draft['casePlanModel'] = this.container(record.plan, undefined);
    if (record.roles.length > 0 || o.caseRoles !== undefined) {
      draft['caseRoles'] = node('CaseRoles', {
        id: o.caseRoles?.id,
        roles: record.roles.map((role) => node('Role', { id: role.id, name: role.name, ...base(role.options) })),
        ...base(o.caseRoles),
      });
    }
    draft['inputs'] = record.inputs.map((p) => this.caseParameter(p));
    draft['outputs'] = record.outputs.map((p) => this.caseParameter(p));
    return draft;
  }

  private caseFileItem(record: CaseFileItemRec): Draft {
    const o = record.options;
    const id = record.id;
    let draft: Draft | undefined;
    const at = () => draft;
    const definition = o.definition;
    draft = node('CaseFileItem', {
      id,
      name: record.name,
      multiplicity: o.multiplicity,
      definitionRef:
        definition === undefined || typeof definition === 'string'
          ? definition
          : this.ref(definition, ['CaseFileItemDefinition'], undefined, 'definitionRef', id, at),
      sourceRef: o.source === undefined ? undefined : this.ref(o.source, ['CaseFileItem'], record.case, 'sourceRef', id, at),
      targetRefs: o.targets === undefined ? undefined : this.refs(o.targets, ['CaseFileItem'], record.case, 'targetRefs', id, at),
      ...base(o),
    });
    if (record.children.length > 0) {
      draft['children'] = node('Children', { caseFileItems: record.children.map((child) => this.caseFileItem(child)) });
    }
    return draft;
  }

  private caseParameter(record: ParameterRec): Draft {
    let draft: Draft | undefined;
    const binding = record.options.binding;
    draft = node('CaseParameter', {
      id: record.id,
      name: record.name,
      bindingRef:
        binding === undefined
          ? undefined
          : this.ref(binding, ['CaseFileItem'], record.case, 'bindingRef', record.id, () => draft),
      bindingRefinement: expression(record.options.bindingRefinement),
      ...base(record.options),
    });
    return draft;
  }

  // -------------------------------------------------------------------------------------------
  // The plan
  // -------------------------------------------------------------------------------------------

  /** The case plan model (definition undefined) or a stage / plan fragment definition. */
  private container(content: ContainerRec, definition: DefinitionRec | undefined): Draft {
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
    if (definition !== undefined) draft['defaultControl'] = this.control(definition.defaultControl, definition.id);
    draft['planItems'] = content.planItems.map((item) => this.item(item));
    draft['sentries'] = content.sentries.map((sentry) => this.sentry(sentry));
    if (content.kind === 'Stage') {
      draft['planningTable'] = content.table === undefined ? undefined : this.table(content.table);
      draft['planItemDefinitions'] = content.definitions.map((d) => this.definition(d));
      draft['exitCriteria'] = content.exitCriteria.map((c) => this.criterion(c));
    }
    return draft;
  }

  private control(control: ControlRec | undefined, ownerId: string): Draft | undefined {
    if (control === undefined) return undefined;
    return node('PlanItemControl', {
      id: control.options.id,
      repetitionRule: this.rule(control.repetitionRule, ownerId),
      requiredRule: this.rule(control.requiredRule, ownerId),
      manualActivationRule: this.rule(control.manualActivationRule, ownerId),
      ...base(control.options),
    });
  }

  private rule(rule: RuleRec | undefined, ownerId: string): Draft | undefined {
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
          : this.ref(o.context, ['CaseFileItem'], rule.case, 'contextRef', ownerId, () => draft),
      ...base(o),
    });
    return draft;
  }

  private item(item: ItemRec): Draft {
    const definition = item.definition;
    const id = item.id;
    let draft: Draft | undefined;
    const at = () => draft;
    draft = node(item.kind, { id, name: item.name, ...base(item.options) });
    if (definition.fields['foreign'] !== undefined) {
      this.ref(definition.fields['foreign'], PLAN_ITEM_DEFINITION_KINDS, item.case, 'definitionRef', id, at);
      draft['definitionRef'] = definition.id === '' ? undefined : definition.id;
    } else {
      if (definition.case.model !== this.model) {
        this.report(
          'UnresolvedReference',
          `definitionRef of "${id}" is "${definition.id}", a definition of another model builder`,
          id,
          draft,
        );
      } else if (definition.case !== item.case) {
        this.report(
          'UnresolvedReference',
          `definitionRef of "${id}" is the definition "${definition.id}" of case "${definition.case.id}", not of case "${item.case.id}"`,
          id,
          draft,
        );
      }
      draft['definitionRef'] = definition.id;
    }
    draft['itemControl'] = this.control(item.itemControl, id);
    draft['entryCriteria'] = item.entryCriteria.map((c) => this.criterion(c));
    draft['exitCriteria'] = item.exitCriteria.map((c) => this.criterion(c));
    if (item.kind === 'DiscretionaryItem') {
      draft['applicabilityRuleRefs'] = this.refs(
        item.applicabilityRules,
        ['ApplicabilityRule'],
        item.case,
        'applicabilityRuleRefs',
        id,
        at,
      );
      draft['authorizedRoleRefs'] = this.refs(item.authorizedRoles, ['Role'], item.case, 'authorizedRoleRefs', id, at);
    }
    return draft;
  }

  private criterion(criterion: CriterionRec): Draft {
    let draft: Draft | undefined;
    draft = node(criterion.kind, { id: criterion.id, name: criterion.name, ...base(criterion.options) });
    draft['sentryRef'] = this.ref(criterion.sentry, ['Sentry'], criterion.case, 'sentryRef', criterion.id, () => draft);
    return draft;
  }

  private sentry(sentry: SentryRec): Draft {
    const spec = sentry.spec;
    const extra: XmlAttributeInput[] =
      spec.triggerMode === undefined
        ? []
        : [{ namespace: NS.casekit, prefix: 'casekit', local: 'triggerMode', value: spec.triggerMode }];
    const draft = node('Sentry', { id: sentry.id, name: sentry.name, ...base(spec, extra) });
    draft['onParts'] = sentry.onParts.map((part) => this.onPart(part.id, part.spec, sentry));
    const ifPart = spec.if;
    if (ifPart !== undefined) {
      const isSpec = typeof ifPart !== 'string' && 'condition' in ifPart;
      const condition: ExpressionInput = isSpec ? ifPart.condition : ifPart;
      const options: ElementOptions = isSpec ? ifPart : {};
      const part = node('IfPart', { id: options.id, condition: expression(condition), ...base(options) });
      if (isSpec && ifPart.context !== undefined) {
        part['contextRef'] = this.ref(ifPart.context, ['CaseFileItem'], sentry.case, 'contextRef', sentry.id, () => part);
      }
      draft['ifPart'] = part;
    }
    return draft;
  }

  private onPart(id: string, spec: OnPartSpec, sentry: SentryRec): Draft {
    const options = spec?.options ?? {};
    if (spec?.kind === 'CaseFileItemOnPart') {
      const draft = node('CaseFileItemOnPart', { id, name: options.name, standardEvent: spec.standardEvent, ...base(options) });
      draft['sourceRef'] = this.ref(spec.source, ['CaseFileItem'], sentry.case, 'sourceRef', id, () => draft);
      return draft;
    }
    const draft = node('PlanItemOnPart', { id, name: options.name, standardEvent: spec?.standardEvent, ...base(options) });
    draft['sourceRef'] = this.ref(spec?.source, ['PlanItem', 'DiscretionaryItem'], sentry.case, 'sourceRef', id, () => draft);
    // An exit criterion of another item is legal XML that can never occur: the validator warns
    // (EventNeverEmitted), as it does for a parsed file.
    const exit = spec?.exitCriterion;
    if (exit !== undefined)
      draft['exitCriterionRef'] = this.ref(exit, ['ExitCriterion'], sentry.case, 'exitCriterionRef', id, () => draft);
    return draft;
  }

  private table(table: TableRec): Draft {
    let draft: Draft | undefined;
    const at = () => draft;
    draft = node('PlanningTable', { id: table.id, ...base(table.options) });
    draft['tableItems'] = table.tableItems.map((entry) =>
      entry.kind === 'PlanningTable' ? this.table(entry) : this.item(entry),
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
            : this.ref(o.context, ['CaseFileItem'], rule.case, 'contextRef', rule.id, () => ruleDraft),
        ...base(o),
      });
      return ruleDraft;
    });
    draft['applicabilityRuleRefs'] = this.refs(
      table.options.applicabilityRules,
      ['ApplicabilityRule'],
      table.case,
      'applicabilityRuleRefs',
      table.id,
      at,
    );
    draft['authorizedRoleRefs'] = this.refs(
      table.options.authorizedRoles,
      ['Role'],
      table.case,
      'authorizedRoleRefs',
      table.id,
      at,
    );
    return draft;
  }

  private definition(definition: DefinitionRec): Draft {
    const kind = definition.kind;
    if (kind === 'Stage' || kind === 'PlanFragment') return this.container(definition.content!, definition);
    const f = definition.fields;
    const id = definition.id;
    let draft: Draft | undefined;
    const at = () => draft;
    draft = node(kind, {
      id,
      name: definition.name,
      defaultControl: this.control(definition.defaultControl, id),
      ...base(definition.element),
    });
    switch (kind) {
      case 'Task':
      case 'HumanTask':
      case 'CaseTask':
      case 'ProcessTask':
      case 'DecisionTask':
        draft['isBlocking'] = f['isBlocking'];
        draft['inputs'] = definition.inputs.map((p) => this.caseParameter(p));
        draft['outputs'] = definition.outputs.map((p) => this.caseParameter(p));
        break;
      default:
        break;
    }
    switch (kind) {
      case 'HumanTask':
        if (f['performer'] !== undefined)
          draft['performerRef'] = this.ref(f['performer'], ['Role'], definition.case, 'performerRef', id, at);
        draft['planningTable'] = definition.table === undefined ? undefined : this.table(definition.table);
        break;
      case 'CaseTask':
        draft['caseRef'] = this.calledRef(f['case'], 'Case', 'caseRef', id, at);
        draft['caseRefExpression'] = expression(f['caseRefExpression'] as ExpressionInput | undefined);
        draft['parameterMappings'] = this.mappings(definition);
        break;
      case 'ProcessTask':
        draft['processRef'] = this.calledRef(f['process'], 'Process', 'processRef', id, at);
        draft['processRefExpression'] = expression(f['processRefExpression'] as ExpressionInput | undefined);
        draft['parameterMappings'] = this.mappings(definition);
        break;
      case 'DecisionTask':
        draft['decisionRef'] = this.calledRef(f['decision'], 'Decision', 'decisionRef', id, at);
        draft['decisionRefExpression'] = expression(f['decisionRefExpression'] as ExpressionInput | undefined);
        draft['parameterMappings'] = this.mappings(definition);
        break;
      case 'UserEventListener':
        draft['authorizedRoleRefs'] = this.refs(
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
        if (start !== undefined) draft['timerStart'] = this.startTrigger(start, definition);
        break;
      }
      default:
        break;
    }
    return draft;
  }

  private calledRef(
    target: unknown,
    kind: 'Case' | 'Process' | 'Decision',
    what: string,
    ownerId: string,
    at: () => object | undefined,
  ): string | undefined {
    if (target === undefined || typeof target === 'string') return target;
    return this.ref(target, [kind], undefined, what, ownerId, at);
  }

  private mappings(definition: DefinitionRec): Draft[] {
    return definition.mappings.map((mapping) => {
      let draft: Draft | undefined;
      const at = () => draft;
      const kinds = ['CaseParameter', 'ProcessParameter', 'DecisionParameter'];
      draft = node('ParameterMapping', {
        id: mapping.id,
        sourceRef: this.ref(mapping.source, kinds, undefined, 'sourceRef', mapping.id ?? definition.id, at),
        targetRef: this.ref(mapping.target, kinds, undefined, 'targetRef', mapping.id ?? definition.id, at),
        transformation: expression(mapping.options.transformation),
        ...base(mapping.options),
      });
      return draft;
    });
  }

  private startTrigger(start: OnPartSpec, definition: DefinitionRec): Draft {
    const id = definition.timerStartId;
    const options = start.options ?? {};
    if (start.kind === 'CaseFileItemOnPart') {
      const draft = node('CaseFileItemStartTrigger', { id, standardEvent: start.standardEvent, ...base(options) });
      draft['sourceRef'] = this.ref(
        start.source,
        ['CaseFileItem'],
        definition.case,
        'sourceRef',
        id ?? definition.id,
        () => draft,
      );
      return draft;
    }
    const draft = node('PlanItemStartTrigger', { id, standardEvent: start.standardEvent, ...base(options) });
    draft['sourceRef'] = this.ref(start.source, ['PlanItem'], definition.case, 'sourceRef', id ?? definition.id, () => draft);
    if (options.name !== undefined || start.exitCriterion !== undefined) {
      this.report(
        'InvalidAttributeValue',
        `the timer start trigger "${id ?? '?'}" of "${definition.id}" has no name and no exitCriterionRef; use on(source, event) without them`,
        id ?? definition.id,
        draft,
      );
    }
    return draft;
  }
}

/**
 * Gives every extension attribute and element the prefix declared for its namespace on
 * `<definitions>`, and returns the declarations: CMMN (default namespace), CMMNDI, DC, DI, then
 * each foreign namespace in order of first use. Reports extensions in CMMN's own namespaces or
 * in none (the exporter would write them as CMMN).
 */
function declareNamespaces(
  root: Draft,
  report: (code: ProblemCode, message: string, elementId: string | undefined, at: object) => void,
): NamespaceDeclaration[] {
  const prefixes = new Map<string, string>();
  const taken = new Set(['', 'cmmndi', 'dc', 'di', 'xml', 'xmlns']);
  const prefixFor = (uri: string, preferred: string | undefined): string => {
    const known = prefixes.get(uri);
    if (known !== undefined) return known;
    const wanted =
      preferred !== undefined && /^[A-Za-z_][\w.-]*$/.test(preferred) && !preferred.toLowerCase().startsWith('xml')
        ? preferred
        : (KNOWN_PREFIXES[uri] ?? 'ns');
    let prefix = wanted;
    for (let n = 1; taken.has(prefix); n++) prefix = `${wanted}${n}`;
    taken.add(prefix);
    prefixes.set(uri, prefix);
    return prefix;
  };
  const fixAttribute = (attribute: XmlAttribute, ownerId: string | undefined, at: object): XmlAttribute => {
    const namespace = attribute.namespace;
    if (namespace === undefined || RESERVED.has(namespace)) {
      report(
        'InvalidAttributeValue',
        `extension attribute "${attribute.local}" of "${ownerId ?? '?'}" needs a namespace other than CMMN's`,
        ownerId,
        at,
      );
      return attribute;
    }
    if (namespace === NS.xml) return { ...attribute, prefix: 'xml' };
    return { ...attribute, prefix: prefixFor(namespace, attribute.prefix) };
  };
  const fixElement = (element: XmlElement, ownerId: string | undefined, at: object): XmlElement => {
    const namespace = element.namespace;
    let prefix = element.prefix;
    if (namespace === undefined || RESERVED.has(namespace)) {
      report(
        'InvalidAttributeValue',
        `extension element <${element.local}> of "${ownerId ?? '?'}" needs a namespace other than CMMN's`,
        ownerId,
        at,
      );
    } else if (namespace !== NS.xml) {
      prefix = prefixFor(namespace, element.prefix);
    }
    return {
      namespace,
      prefix,
      local: element.local,
      attributes: element.attributes.map((a) => (a.namespace === undefined ? a : fixAttribute(a, ownerId, at))),
      children: element.children.map((child) => (typeof child === 'string' ? child : fixElement(child, ownerId, at))),
    };
  };
  walkModel(root as ModelNode, (current) => {
    const draft = current as Draft;
    const ownerId = typeof draft['id'] === 'string' ? draft['id'] : undefined;
    const attributes = draft['extensionAttributes'] as XmlAttribute[] | undefined;
    if (attributes !== undefined) draft['extensionAttributes'] = attributes.map((a) => fixAttribute(a, ownerId, draft));
    const elements = draft['extensionElements'] as XmlElement[] | undefined;
    if (elements !== undefined) draft['extensionElements'] = elements.map((e) => fixElement(e, ownerId, draft));
  });
  return [
    { prefix: '', uri: NS.cmmn },
    { prefix: 'cmmndi', uri: NS.cmmndi },
    { prefix: 'dc', uri: NS.dc },
    { prefix: 'di', uri: NS.di },
    ...[...prefixes].map(([uri, prefix]) => ({ prefix, uri })),
  ];
}

/** What {@link emitModel} returns. */
export interface Emitted {
  readonly definitions: Draft;
  /** The root's namespace declarations, as `toCmmnXml` writes them and `parseCmmn` reads them back. */
  readonly namespaces: readonly NamespaceDeclaration[];
  readonly problems: EmitProblem[];
}

/** The unlinked model tree of a builder's records, and the problems found on the way. */
export function emitModel(model: ModelRec): Emitted {
  const emitter = new Emitter(model);
  const definitions = emitter.definitions();
  const namespaces = declareNamespaces(definitions, (code, message, elementId, at) =>
    emitter.problems.push({ code, message, elementId, node: at }),
  );
  return { definitions, namespaces, problems: emitter.problems };
}
