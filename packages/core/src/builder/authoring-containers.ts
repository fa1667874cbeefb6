/**
 * Item handles and the containers that add items: the case plan model, stages, plan fragments and
 * planning tables. One file because they call each other: a stage's handle adds items, a human
 * task's handle opens a planning table, a planning table adds stages.
 *
 * @internal
 */
import type { DefinitionKind } from '../lifecycle/standard-events.js';
import { definitionHandle, newDefinition, newItem, type AnyItemOptions, type ItemPlace } from './authoring-items.js';
import { parameterHandle } from './authoring-parameters.js';
import { problem, takeId } from './authoring-problems.js';
import { compose, HANDLES, remember } from './authoring-registry.js';
import { criteriaOwner, newSentry, sentryHandle } from './authoring-sentries.js';
import type {
  ApplicabilityRuleOptions,
  DefinitionHandle,
  ParameterHandle,
  ParameterMappingOptions,
  PlanningTableBuilder,
  PlanningTableOptions,
  SentrySpec,
} from './handles/index.js';
import { bind, recordOf, type ContainerRec, type DefinitionRec, type ItemRec, type RuleRec, type TableRec } from './state.js';

const isEventListener = (kind: DefinitionKind): boolean =>
  kind === 'EventListener' || kind === 'UserEventListener' || kind === 'TimerEventListener';

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

/** The methods of a stage's content: its items and its planning table. */
export function stageContent(container: ContainerRec): object {
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
