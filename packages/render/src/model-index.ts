/**
 * What the renderer needs to know about a model element a diagram shape names: what it is, the
 * plan item definition behind it, the item a criterion sits on, the stage it belongs to.
 * Resolved references are used when the model is linked, the ids otherwise.
 */
import {
  isPlanItemDefinition,
  type Case,
  type CaseFileItem,
  type CmmnElement,
  type CmmnModel,
  type Criterion,
  type DiscretionaryItem,
  type PlanFragment,
  type PlanItem,
  type PlanItemControl,
  type PlanItemDefinition,
  type PlanningTable,
  type Sentry,
  type Stage,
} from '@casekit/core';

/** A plan item or a discretionary item. */
export type Item = PlanItem | DiscretionaryItem;

/** Facts about the elements of one model. */
export interface ModelIndex {
  readonly byId: (id: string | undefined) => CmmnElement | undefined;
  /** Case plan model ids → their case. */
  readonly planModels: ReadonlyMap<string, Case>;
  /** Criterion id → the item (or case plan model) it guards. */
  readonly criterionOwner: ReadonlyMap<string, Item | Stage>;
  /** Discretionary item ids → the stage or human task item whose planning table lists it. */
  readonly discretionaryOwner: ReadonlyMap<string, string>;
  /** Case file item id → its name. */
  readonly caseFileNames: ReadonlyMap<string, string>;
  definitionOf(item: Item): PlanItemDefinition | undefined;
  sentryOf(criterion: Criterion): Sentry | undefined;
}

/** The discretionary items of a planning table and its nested tables. */
export function tableItems(table: PlanningTable | undefined): DiscretionaryItem[] {
  const out: DiscretionaryItem[] = [];
  for (const entry of table?.tableItems ?? []) {
    if (entry.kind === 'PlanningTable') out.push(...tableItems(entry));
    else out.push(entry);
  }
  return out;
}

/** Indexes a model for rendering. */
export function indexModel(model: CmmnModel): ModelIndex {
  const byId = (id: string | undefined): CmmnElement | undefined => (id === undefined ? undefined : model.elementById(id));
  const planModels = new Map<string, Case>();
  const criterionOwner = new Map<string, Item | Stage>();
  const discretionaryOwner = new Map<string, string>();
  const caseFileNames = new Map<string, string>();
  const visitedContainers = new Set<object>();

  const definitionOf = (item: Item): PlanItemDefinition | undefined => {
    if (item.definition !== undefined) return item.definition;
    const found = byId(item.definitionRef);
    return isPlanItemDefinition(found) ? found : undefined;
  };
  const sentryOf = (criterion: Criterion): Sentry | undefined => {
    if (criterion.sentry !== undefined) return criterion.sentry;
    const found = byId(criterion.sentryRef);
    return found?.kind === 'Sentry' ? found : undefined;
  };

  const visitItem = (item: Item, ownerId: string | undefined, discretionary: boolean): void => {
    for (const c of [...item.entryCriteria, ...item.exitCriteria]) if (c.id !== undefined) criterionOwner.set(c.id, item);
    if (discretionary && item.id !== undefined && ownerId !== undefined) discretionaryOwner.set(item.id, ownerId);
    const definition = definitionOf(item);
    if (definition === undefined) return;
    if (definition.kind === 'Stage' || definition.kind === 'PlanFragment') visitContainer(definition, item.id);
    if (definition.kind === 'HumanTask') for (const d of tableItems(definition.planningTable)) visitItem(d, item.id, true);
  };
  const visitContainer = (container: Stage | PlanFragment, itemId: string | undefined): void => {
    if (visitedContainers.has(container)) return;
    visitedContainers.add(container);
    for (const item of container.planItems) visitItem(item, itemId, false);
    if (container.kind === 'Stage') {
      for (const d of tableItems(container.planningTable)) visitItem(d, itemId, true);
      for (const definition of container.planItemDefinitions) {
        if (definition.kind === 'Stage' || definition.kind === 'PlanFragment') visitContainer(definition, undefined);
      }
    }
  };
  const visitFile = (items: readonly CaseFileItem[]): void => {
    for (const item of items) {
      if (item.id !== undefined && item.name !== undefined) caseFileNames.set(item.id, item.name);
      visitFile(item.children?.caseFileItems ?? []);
    }
  };

  for (const theCase of model.definitions.cases) {
    const plan = theCase.casePlanModel;
    visitFile(theCase.caseFileModel?.caseFileItems ?? []);
    if (plan === undefined) continue;
    if (plan.id !== undefined) planModels.set(plan.id, theCase);
    for (const c of plan.exitCriteria) if (c.id !== undefined) criterionOwner.set(c.id, plan);
    visitContainer(plan, plan.id);
  }
  return { byId, planModels, criterionOwner, discretionaryOwner, caseFileNames, definitionOf, sentryOf };
}

/** The rule of an item's control, else of its definition's default control. */
export function ruleOf(
  item: Item | undefined,
  definition: PlanItemDefinition | undefined,
  rule: keyof Pick<PlanItemControl, 'requiredRule' | 'repetitionRule' | 'manualActivationRule'>,
): boolean {
  return (item?.itemControl?.[rule] ?? definition?.defaultControl?.[rule]) !== undefined;
}
