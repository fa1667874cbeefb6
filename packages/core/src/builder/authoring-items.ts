/**
 * Authoring plan item definitions and the plan items and discretionary items that use them.
 *
 * @internal
 */
import type { DefinitionKind } from '../lifecycle/standard-events.js';
import { newParameter } from './authoring-parameters.js';
import { takeId } from './authoring-problems.js';
import { HANDLES, remember } from './authoring-registry.js';
import { controlRec, type ControlInput } from './authoring-rules.js';
import { newCriterion } from './authoring-sentries.js';
import type {
  CriterionInput,
  DefinitionHandle,
  ElementOptions,
  ItemKind,
  ItemOptions,
  OnPartSpec,
  ParameterInput,
} from './handles/index.js';
import { bind, type ContainerRec, type DefinitionRec, type ItemRec, type TableRec } from './state.js';
import { fourEyesAttributes, workAttributes, type HumanWorkOptions } from './work-options.js';

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

/** The options of any item method, as the authoring functions read them. */
export type AnyItemOptions = ItemOptions<DefinitionKind> &
  Record<string, unknown> & {
    readonly definition?: ElementOptions;
    readonly defaultControl?: ControlInput;
    readonly inputs?: readonly ParameterInput[];
    readonly outputs?: readonly ParameterInput[];
    readonly authorizedRoles?: readonly unknown[];
    readonly applicabilityRules?: readonly unknown[];
    readonly timerStart?: OnPartSpec;
  };

/** Records a plan item definition of `kind`, declared in `declaredIn`. */
export function newDefinition(declaredIn: ContainerRec, kind: DefinitionKind, name: string, options: AnyItemOptions): DefinitionRec {
  const caseRec = declaredIn.case;
  const model = caseRec.model;
  const given = options.definition ?? {};
  const work = kind === 'HumanTask' ? workAttributes(options.work as HumanWorkOptions | undefined) : [];
  const element = work.length === 0 ? given : { ...given, extensionAttributes: [...(given.extensionAttributes ?? []), ...work] };
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

/** The one handle of a definition record. */
export function definitionHandle(definition: DefinitionRec): DefinitionHandle {
  const existing = HANDLES.get(definition);
  if (existing !== undefined) return existing as DefinitionHandle;
  return remember(
    definition,
    bind({ kind: definition.kind, id: definition.id, name: definition.name, caseId: definition.case.id }, definition),
  );
}

/** Where an item goes: its container (or table) and the scope of its criteria's sentries. */
export interface ItemPlace {
  readonly itemKind: ItemKind;
  /** Plan items: the container holding them. Discretionary items: the table. */
  readonly container: ContainerRec | TableRec;
  /** Where the criteria's sentries go. */
  readonly scope: ContainerRec;
}

/** Records a plan item or discretionary item of `definition` at `place`, with its criteria. */
export function newItem(place: ItemPlace, definition: DefinitionRec, name: string, options: AnyItemOptions): ItemRec {
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
      extensionAttributes: definition.kind === 'HumanTask' && options.fourEyesWith !== undefined ? [...(options.extensionAttributes ?? []), ...fourEyesAttributes(options.fourEyesWith)] : options.extensionAttributes,
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
