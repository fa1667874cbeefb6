/**
 * The authoring side of the builder: each method records what it was asked for and returns a
 * handle. Ids are fixed here (so handles can show them); everything else is checked and turned
 * into model nodes by `build()`.
 *
 * @internal
 */
import type { ProblemCode } from '../model/problems.js';
import type { DefinitionKind } from './events.js';
import type {
  ApplicabilityRuleOptions,
  CaseFileItemHandle,
  CaseFileItemOptions,
  CaseBuilder,
  CaseOptions,
  CriterionInput,
  DefinitionHandle,
  ElementOptions,
  ItemKind,
  ItemOptions,
  OnPartSpec,
  ParameterHandle,
  ParameterInput,
  ParameterMappingOptions,
  PlanningTableBuilder,
  PlanningTableOptions,
  RuleInput,
  RuleSpec,
  SentrySpec,
} from './handles.js';
import { isNcName } from './ids.js';
import {
  bind,
  recordOf,
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

/** A problem found while authoring, reported by `build()`. */
export interface AuthoringProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly elementId: string | undefined;
}

/** Authoring problems per model. */
export const AUTHORING_PROBLEMS = new WeakMap<ModelRec, AuthoringProblem[]>();

function problem(model: ModelRec, code: ProblemCode, message: string, elementId: string | undefined): void {
  let list = AUTHORING_PROBLEMS.get(model);
  if (list === undefined) AUTHORING_PROBLEMS.set(model, (list = []));
  list.push({ code, message, elementId });
}

/** Takes an id, checking an explicit one is an NCName. */
export function takeId(model: ModelRec, explicit: string | undefined, prefix: string, ...hints: (string | undefined)[]): string {
  if (explicit !== undefined && !isNcName(explicit)) {
    problem(model, 'InvalidAttributeValue', `id "${explicit}" is not an XML name (NCName)`, explicit);
  }
  return model.ids.take(explicit, prefix, ...hints);
}

/** Handles by record, so each record has one handle. */
const HANDLES = new WeakMap<object, object>();

function remember<H extends object>(record: object, handle: H): H {
  HANDLES.set(record, handle);
  return handle;
}

/** Merges property descriptors (getters stay getters). */
function compose(...parts: object[]): Record<string, unknown> {
  const out = {};
  for (const part of parts) Object.defineProperties(out, Object.getOwnPropertyDescriptors(part));
  return out;
}

const isEventListener = (kind: DefinitionKind): boolean =>
  kind === 'EventListener' || kind === 'UserEventListener' || kind === 'TimerEventListener';

// ---------------------------------------------------------------------------------------------
// Rules, controls, criteria, sentries
// ---------------------------------------------------------------------------------------------

function ruleSpecOf(input: RuleInput | undefined): RuleSpec | undefined {
  if (input === undefined || input === false) return undefined;
  if (input === true) return {};
  if (typeof input === 'string') return { condition: input };
  if ('body' in input) return { condition: input };
  return input;
}

function ruleRec(
  caseRec: CaseRec,
  kind: RuleRec['kind'],
  input: RuleInput | undefined,
  hints: readonly (string | undefined)[],
): RuleRec | undefined {
  const spec = ruleSpecOf(input);
  if (spec === undefined) return undefined;
  const id = takeId(caseRec.model, spec.id, kind, ...hints);
  return { kind, case: caseRec, id, name: spec.name, options: spec };
}

interface ControlInput extends ElementOptions {
  readonly requiredRule?: RuleInput;
  readonly repetitionRule?: RuleInput;
  readonly manualActivationRule?: RuleInput;
}

function controlRec(
  caseRec: CaseRec,
  input: ControlInput | undefined,
  hints: readonly (string | undefined)[],
): ControlRec | undefined {
  if (input === undefined) return undefined;
  const { requiredRule, repetitionRule, manualActivationRule, ...element } = input;
  if (element.id !== undefined) takeId(caseRec.model, element.id, 'PlanItemControl');
  return {
    options: element,
    repetitionRule: ruleRec(caseRec, 'RepetitionRule', repetitionRule, hints),
    requiredRule: ruleRec(caseRec, 'RequiredRule', requiredRule, hints),
    manualActivationRule: ruleRec(caseRec, 'ManualActivationRule', manualActivationRule, hints),
  };
}

function sentryHandle(sentry: SentryRec): object {
  const existing = HANDLES.get(sentry);
  if (existing !== undefined) return existing;
  return remember(sentry, bind({ kind: 'Sentry', id: sentry.id, name: sentry.name, caseId: sentry.case.id }, sentry));
}

/** Records a sentry in `scope`. */
function newSentry(scope: ContainerRec, spec: SentrySpec, hints: readonly (string | undefined)[]): SentryRec {
  const model = scope.case.model;
  const id = takeId(model, spec.id, 'Sentry', ...(spec.name !== undefined ? [spec.name] : hints));
  const parts: readonly OnPartSpec[] = spec.on === undefined ? [] : Array.isArray(spec.on) ? spec.on : [spec.on as OnPartSpec];
  const onParts = parts.map((part) => ({
    id: takeId(model, part?.options?.id, part?.kind ?? 'OnPart', part?.source?.name, part?.standardEvent),
    spec: part,
  }));
  const sentry: SentryRec = { kind: 'Sentry', case: scope.case, id, name: spec.name, scope, spec, onParts };
  scope.sentries.push(sentry);
  return sentry;
}

const isSentryRef = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Sentry';

/** Records a criterion (and its sentry, unless a shared one is given). */
function newCriterion(
  kind: CriterionRec['kind'],
  owner: ItemRec | ContainerRec,
  scope: ContainerRec,
  input: CriterionInput,
  ownerName: string | undefined,
): object {
  const caseRec = owner.case;
  let element: ElementOptions & { readonly name?: string };
  let sentryInput: SentrySpec | unknown;
  if (isSentryRef(input)) {
    element = {};
    sentryInput = input;
  } else if ('sentry' in input) {
    const { sentry, ...rest } = input;
    element = rest;
    sentryInput = sentry;
  } else {
    element = {};
    sentryInput = input;
  }
  const id = takeId(caseRec.model, element.id, kind, ...(element.name !== undefined ? [element.name] : [ownerName]));
  const sentry = isSentryRef(sentryInput)
    ? sentryInput
    : sentryHandle(newSentry(scope, sentryInput as SentrySpec, [ownerName, kind === 'EntryCriterion' ? 'Entry' : 'Exit']));
  const criterion: CriterionRec = { kind, case: caseRec, id, name: element.name, options: element, sentry, owner };
  if ('definition' in owner) (kind === 'EntryCriterion' ? owner.entryCriteria : owner.exitCriteria).push(criterion);
  else owner.exitCriteria.push(criterion);
  return remember(criterion, bind({ kind, id, name: element.name, caseId: caseRec.id, sentry }, criterion));
}

function criteriaOwner(item: ItemRec): object {
  return {
    get entryCriteria() {
      return Object.freeze(item.entryCriteria.map((c) => HANDLES.get(c)));
    },
    get exitCriteria() {
      return Object.freeze(item.exitCriteria.map((c) => HANDLES.get(c)));
    },
    addEntryCriterion: (input: CriterionInput) => newCriterion('EntryCriterion', item, item.scope, input, item.name),
    addExitCriterion: (input: CriterionInput) => newCriterion('ExitCriterion', item, item.scope, input, item.name),
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

function newParameter(
  model: ModelRec,
  caseRec: CaseRec | undefined,
  kind: ParameterRec['kind'],
  input: ParameterInput | (ElementOptions & { readonly name: string }),
  ownerName: string | undefined,
): ParameterRec {
  const options = typeof input === 'string' ? { name: input } : input;
  const id = takeId(model, options.id, kind, ownerName, options.name);
  return { kind, model, case: caseRec, id, name: options.name, options };
}

export function parameterHandle(parameter: ParameterRec): ParameterHandle {
  const existing = HANDLES.get(parameter);
  if (existing !== undefined) return existing as ParameterHandle;
  return remember(parameter, bind({ kind: parameter.kind, id: parameter.id, name: parameter.name }, parameter));
}

// ---------------------------------------------------------------------------------------------
// Definitions and items
// ---------------------------------------------------------------------------------------------

const FIELD_NAMES = [
  'isBlocking',
  'performer',
  'case',
  'caseRefExpression',
  'process',
  'processRefExpression',
  'decision',
  'decisionRefExpression',
  'autoComplete',
  'authorizedRoles',
  'timerExpression',
  'timerStart',
] as const;

type AnyItemOptions = ItemOptions<DefinitionKind> &
  Record<string, unknown> & {
    readonly definition?: ElementOptions;
    readonly defaultControl?: ControlInput;
    readonly inputs?: readonly ParameterInput[];
    readonly outputs?: readonly ParameterInput[];
    readonly authorizedRoles?: readonly unknown[];
    readonly applicabilityRules?: readonly unknown[];
    readonly timerStart?: OnPartSpec;
  };

function newDefinition(declaredIn: ContainerRec, kind: DefinitionKind, name: string, options: AnyItemOptions): DefinitionRec {
  const caseRec = declaredIn.case;
  const model = caseRec.model;
  const element = options.definition ?? {};
  const id = takeId(model, element.id, kind, name);
  const fields: Record<string, unknown> = {};
  for (const field of FIELD_NAMES) if (options[field] !== undefined) fields[field] = options[field];
  let content: ContainerRec | undefined;
  if (kind === 'Stage' || kind === 'PlanFragment') {
    const container: ContainerRec = {
      kind,
      case: caseRec,
      declareIn: undefined as unknown as ContainerRec,
      id,
      name,
      planItems: [],
      sentries: [],
      definitions: [],
      table: undefined,
      exitCriteria: [],
    };
    (container as { declareIn: ContainerRec }).declareIn = kind === 'Stage' ? container : declaredIn;
    content = container;
  }
  const timerStart = options.timerStart;
  const definition: DefinitionRec = {
    kind,
    case: caseRec,
    id,
    name,
    declaredIn,
    element,
    fields,
    defaultControl: controlRec(caseRec, options.defaultControl, [name, 'Default']),
    content,
    table: undefined,
    inputs: (options.inputs ?? []).map((p) => newParameter(model, caseRec, 'CaseParameter', p, name)),
    outputs: (options.outputs ?? []).map((p) => newParameter(model, caseRec, 'CaseParameter', p, name)),
    mappings: [],
    timerStartId:
      kind === 'TimerEventListener' && timerStart !== undefined
        ? takeId(
            model,
            timerStart.options?.id,
            timerStart.kind === 'CaseFileItemOnPart' ? 'CaseFileItemStartTrigger' : 'PlanItemStartTrigger',
            name,
          )
        : undefined,
  };
  declaredIn.definitions.push(definition);
  return definition;
}

function definitionHandle(definition: DefinitionRec): DefinitionHandle {
  const existing = HANDLES.get(definition);
  if (existing !== undefined) return existing as DefinitionHandle;
  return remember(
    definition,
    bind({ kind: definition.kind, id: definition.id, name: definition.name, caseId: definition.case.id }, definition),
  );
}

interface ItemPlace {
  readonly itemKind: ItemKind;
  /** Plan items: the container holding them. Discretionary items: the table. */
  readonly container: ContainerRec | TableRec;
  /** Where the criteria's sentries go. */
  readonly scope: ContainerRec;
}

function newItem(place: ItemPlace, definition: DefinitionRec, name: string, options: AnyItemOptions): ItemRec {
  // The case of the place, not of the definition: `use()` may be handed another case's definition.
  const caseRec = place.scope.case;
  const itemName = options.name ?? name;
  const { id: explicitId } = options;
  const id = takeId(caseRec.model, explicitId, place.itemKind, itemName);
  const item: ItemRec = {
    kind: place.itemKind,
    case: caseRec,
    id,
    name: itemName,
    definition,
    options: {
      documentation: options.documentation,
      extensionAttributes: options.extensionAttributes,
      extensionElements: options.extensionElements,
    },
    scope: place.scope,
    itemControl: controlRec(caseRec, options.itemControl as ControlInput | undefined, [itemName]),
    entryCriteria: [],
    exitCriteria: [],
    authorizedRoles: place.itemKind === 'DiscretionaryItem' ? (options.authorizedRoles ?? []) : [],
    applicabilityRules: place.itemKind === 'DiscretionaryItem' ? (options.applicabilityRules ?? []) : [],
  };
  if (place.container.kind === 'PlanningTable') place.container.tableItems.push(item);
  else place.container.planItems.push(item);
  for (const criterion of (options.entryCriteria ?? []) as readonly CriterionInput[]) {
    newCriterion('EntryCriterion', item, item.scope, criterion, itemName);
  }
  for (const criterion of (options.exitCriteria ?? []) as readonly CriterionInput[]) {
    newCriterion('ExitCriterion', item, item.scope, criterion, itemName);
  }
  return item;
}

/** The handle of an item: base fields, criteria, and what its definition kind adds. */
function itemHandle(item: ItemRec): object {
  const definition = item.definition;
  const kind = definition.kind;
  const parts: object[] = [
    {
      kind: item.kind,
      definitionKind: kind,
      id: item.id,
      name: item.name,
      caseId: item.case.id,
      definition: definitionHandle(definition),
    },
  ];
  if (!isEventListener(kind)) parts.push(criteriaOwner(item));
  if (kind === 'Task' || kind === 'HumanTask' || kind === 'CaseTask' || kind === 'ProcessTask' || kind === 'DecisionTask') {
    parts.push({
      inputs: Object.freeze(definition.inputs.map(parameterHandle)),
      outputs: Object.freeze(definition.outputs.map(parameterHandle)),
    });
  }
  if (kind === 'CaseTask' || kind === 'ProcessTask' || kind === 'DecisionTask') {
    parts.push({
      addParameterMapping: (source: ParameterHandle, target: ParameterHandle, options: ParameterMappingOptions = {}) => {
        // No generated id: nothing refers to a mapping, and cmmn-moddle does not expect one.
        const id = options.id === undefined ? undefined : takeId(item.case.model, options.id, 'ParameterMapping');
        definition.mappings.push({ id, source, target, options });
      },
    });
  }
  if (kind === 'HumanTask') {
    parts.push({
      planningTable: (options?: PlanningTableOptions, define?: (table: PlanningTableBuilder) => void) =>
        ownTable(definition, definition.declaredIn, options, define),
    });
  }
  if (kind === 'Stage') parts.push(stageContent(definition.content!));
  if (kind === 'PlanFragment') parts.push(containerMethods(definition.content!));
  return remember(item, bind(compose(...parts), item));
}

/** The planning table owned by a stage's content or a human task definition (one each). */
function ownTable(
  owner: ContainerRec | DefinitionRec,
  scope: ContainerRec,
  options: PlanningTableOptions | undefined,
  define: ((table: PlanningTableBuilder) => void) | undefined,
): PlanningTableBuilder {
  let table = owner.table;
  if (table === undefined) {
    table = newTable(scope, options ?? {}, owner.name);
    owner.table = table;
  } else if (options !== undefined && Object.keys(options).length > 0) {
    problem(
      owner.case.model,
      'InvalidAttributeValue',
      `planning table "${table.id}" exists already; options are taken when it is created, not on later calls`,
      table.id,
    );
  }
  const builder = HANDLES.get(table) as PlanningTableBuilder;
  define?.(builder);
  return builder;
}

function newTable(scope: ContainerRec, options: PlanningTableOptions, ownerName: string | undefined): TableRec {
  const id = takeId(scope.case.model, options.id, 'PlanningTable', ownerName);
  const table: TableRec = { kind: 'PlanningTable', case: scope.case, id, scope, options, tableItems: [], applicabilityRules: [] };
  tableBuilder(table);
  return table;
}

// ---------------------------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------------------------

type Define = ((builder: never) => void) | undefined;

/** Adds a definition of `kind` and an item using it at `place`; returns the item's handle. */
function addItem(
  place: ItemPlace,
  declareIn: ContainerRec,
  kind: DefinitionKind,
  name: string,
  options: AnyItemOptions = {},
  define?: Define,
): object {
  const definition = newDefinition(declareIn, kind, name, options);
  const item = newItem(place, definition, name, options);
  const handle = itemHandle(item);
  if (define !== undefined) {
    if (kind === 'HumanTask') (handle as { planningTable(o?: unknown, d?: Define): unknown }).planningTable(undefined, define);
    else (define as (builder: unknown) => void)(handle);
  }
  return handle;
}

function useDefinition(place: ItemPlace, definition: DefinitionHandle, options: AnyItemOptions = {}): object {
  const record = recordOf(definition);
  const caseRec = place.scope.case;
  if (record === undefined || !('declaredIn' in record)) {
    // Not a definition this builder made: keep a placeholder so build() reports it with ids.
    const placeholder: DefinitionRec = {
      kind: (definition as { kind?: DefinitionKind }).kind ?? 'Task',
      case: caseRec,
      id: String((definition as { id?: unknown }).id ?? ''),
      name: (definition as { name?: string }).name,
      declaredIn: place.scope,
      element: {},
      fields: { foreign: definition },
      defaultControl: undefined,
      content: undefined,
      table: undefined,
      inputs: [],
      outputs: [],
      mappings: [],
      timerStartId: undefined,
    };
    return itemHandle(newItem(place, placeholder, placeholder.name ?? placeholder.id, options));
  }
  return itemHandle(newItem(place, record, options.name ?? record.name ?? record.id, options));
}

/** The item-adding methods of the case plan model, a stage or a plan fragment. */
function containerMethods(container: ContainerRec): object {
  const place: ItemPlace = { itemKind: 'PlanItem', container, scope: container };
  const declareIn = container.declareIn;
  const add = (kind: DefinitionKind) => (name: string, options?: AnyItemOptions, define?: Define) =>
    addItem(place, declareIn, kind, name, options, define);
  return {
    task: add('Task'),
    humanTask: add('HumanTask'),
    caseTask: add('CaseTask'),
    processTask: add('ProcessTask'),
    decisionTask: add('DecisionTask'),
    stage: add('Stage'),
    milestone: add('Milestone'),
    eventListener: add('EventListener'),
    userEventListener: add('UserEventListener'),
    timerEventListener: add('TimerEventListener'),
    use: (definition: DefinitionHandle, options?: AnyItemOptions) => useDefinition(place, definition, options),
    sentry: (spec: SentrySpec) => sentryHandle(newSentry(container, spec, [container.name])),
  };
}

function stageContent(container: ContainerRec): object {
  return compose(containerMethods(container), {
    planningTable: (options?: PlanningTableOptions, define?: (table: PlanningTableBuilder) => void) =>
      ownTable(container, container, options, define),
  });
}

function tableBuilder(table: TableRec): PlanningTableBuilder {
  const place: ItemPlace = { itemKind: 'DiscretionaryItem', container: table, scope: table.scope };
  const declareIn = table.scope.declareIn;
  const add = (kind: DefinitionKind) => (name: string, options?: AnyItemOptions, define?: Define) =>
    addItem(place, declareIn, kind, name, options, define);
  const builder = {
    kind: 'PlanningTable',
    id: table.id,
    caseId: table.case.id,
    task: add('Task'),
    humanTask: add('HumanTask'),
    caseTask: add('CaseTask'),
    processTask: add('ProcessTask'),
    decisionTask: add('DecisionTask'),
    stage: add('Stage'),
    planFragment: add('PlanFragment'),
    use: (definition: DefinitionHandle, options?: AnyItemOptions) => useDefinition(place, definition, options),
    applicabilityRule: (name: string, options: ApplicabilityRuleOptions = {}) => {
      const id = takeId(table.case.model, options.id, 'ApplicabilityRule', name);
      const rule: RuleRec = { kind: 'ApplicabilityRule', case: table.case, id, name, options };
      table.applicabilityRules.push(rule);
      return remember(rule, bind({ kind: 'ApplicabilityRule', id, name, caseId: table.case.id }, rule));
    },
    planningTable: (options: PlanningTableOptions = {}, define?: (table: PlanningTableBuilder) => void) => {
      const nested = newTable(table.scope, options, undefined);
      table.tableItems.push(nested);
      const nestedBuilder = HANDLES.get(nested) as PlanningTableBuilder;
      define?.(nestedBuilder);
      return nestedBuilder;
    },
  };
  return remember(table, bind(builder, table)) as unknown as PlanningTableBuilder;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

function caseFileItemHandle(item: CaseFileItemRec): CaseFileItemHandle {
  const handle = {
    kind: 'CaseFileItem',
    id: item.id,
    name: item.name,
    caseId: item.case.id,
    get children() {
      return Object.freeze(item.children.map((child) => HANDLES.get(child)));
    },
    addChild: (name: string, options: CaseFileItemOptions = {}) => newCaseFileItem(item.case, item.children, name, options),
  };
  return remember(item, bind(handle, item)) as unknown as CaseFileItemHandle;
}

function newCaseFileItem(
  caseRec: CaseRec,
  list: CaseFileItemRec[],
  name: string,
  options: CaseFileItemOptions,
): CaseFileItemHandle {
  const id = takeId(caseRec.model, options.id, 'CaseFileItem', name);
  const item: CaseFileItemRec = { kind: 'CaseFileItem', case: caseRec, id, name, options, children: [] };
  list.push(item);
  return caseFileItemHandle(item);
}

/** Records a case and returns its handle. */
export function newCase(model: ModelRec, name: string, options: CaseOptions): CaseBuilder {
  const id = takeId(model, options.id, 'Case', name);
  const caseRec: CaseRec = {
    kind: 'Case',
    model,
    id,
    name,
    options,
    plan: undefined as unknown as ContainerRec,
    caseFileItems: [],
    roles: [],
    inputs: [],
    outputs: [],
  };
  const planOptions = options.plan ?? {};
  const planName = planOptions.name ?? name;
  const plan: ContainerRec = {
    kind: 'Stage',
    case: caseRec,
    declareIn: undefined as unknown as ContainerRec,
    id: takeId(model, planOptions.id, 'CasePlanModel', planName),
    name: planName,
    planItems: [],
    sentries: [],
    definitions: [],
    table: undefined,
    exitCriteria: [],
  };
  (plan as { declareIn: ContainerRec }).declareIn = plan;
  caseRec.plan = plan;
  model.cases.push(caseRec);

  const planBuilder = bind(
    compose(stageContent(plan), {
      kind: 'Stage',
      id: plan.id,
      name: plan.name,
      caseId: id,
      get exitCriteria() {
        return Object.freeze(plan.exitCriteria.map((c) => HANDLES.get(c)));
      },
      addExitCriterion: (input: CriterionInput) => newCriterion('ExitCriterion', plan, plan, input, planName),
    }),
    plan,
  );
  remember(plan, planBuilder);

  const parameter =
    (list: ParameterRec[]) =>
    (parameterName: string, parameterOptions: ElementOptions = {}) => {
      const record = newParameter(model, caseRec, 'CaseParameter', { ...parameterOptions, name: parameterName }, undefined);
      list.push(record);
      return parameterHandle(record);
    };
  const handle = {
    kind: 'Case',
    id,
    name,
    plan: planBuilder,
    caseFileItem: (itemName: string, itemOptions: CaseFileItemOptions = {}) =>
      newCaseFileItem(caseRec, caseRec.caseFileItems, itemName, itemOptions),
    role: (roleName: string, roleOptions: ElementOptions = {}) => {
      const roleId = takeId(model, roleOptions.id, 'Role', roleName);
      const role = { kind: 'Role' as const, case: caseRec, id: roleId, name: roleName, options: roleOptions };
      caseRec.roles.push(role);
      return remember(role, bind({ kind: 'Role', id: roleId, name: roleName, caseId: id }, role));
    },
    input: parameter(caseRec.inputs),
    output: parameter(caseRec.outputs),
  };
  return remember(caseRec, bind(handle, caseRec)) as unknown as CaseBuilder;
}
