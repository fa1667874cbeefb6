/**
 * The size of a running case's plan, checked at parse time. A case instantiates its case plan
 * model, the plan items of every stage it activates, and the discretionary items planned into it
 * (CMMN 1.1 §5.4.2, §5.4.9); stages nest through plan items and discretionary items whose
 * definitions are stages — through references, so a file nested a few levels deep can describe a
 * plan nested hundreds of levels deep, or one whose nested uses multiply into millions of items.
 * Such a model would load and then fail (or run out of memory) when a case starts; it is refused
 * here instead, with the limit named.
 */
import type { ReportNode } from '../model/link.js';
import type { Definitions, DiscretionaryItem, PlanItem, PlanItemDefinition, PlanningTable, Stage } from '../model/types.js';

/**
 * The most stages one plan item or discretionary item may be nested in, the case plan model
 * included: an item of the case plan model is nested in 1 stage, an item of a stage used there in
 * 2. Deeper models are refused with `InputTooLarge` naming this limit. The engine compiles every
 * model within it.
 */
export const MAX_STAGE_NESTING = 64;

/**
 * The most plan items and discretionary items in the plan of one case, each use of a stage
 * counting that stage's items again. Larger plans are refused with `InputTooLarge`.
 */
export const MAX_CASE_PLAN_ITEMS = 100_000;

/** An item placed in a stage: a plan item, or a discretionary item the stage or its human tasks offer. */
type Item = PlanItem | DiscretionaryItem;

/** A stage definition, a planning table or an item, measured. */
interface Measure {
  /** The most stages any item within is nested in, counted from the stage that holds it (0: no items). */
  readonly height: number;
  /** The items within, each nested use of a stage counting its items again (Infinity past 2^1024). */
  readonly count: number;
  /** The item of the stage through which `height` is reached. */
  readonly deepest: Item | undefined;
}

/** Adds up the measures of what a stage or a planning table holds. */
class Tally {
  height = 0;
  count = 0;
  deepest: Item | undefined;

  add(height: number, count: number, deepest: Item | undefined): void {
    if (height > this.height) {
      this.height = height;
      this.deepest = deepest;
    }
    this.count += count;
  }
}

/** A planning table that offers nothing (or is being measured already). */
const NOTHING: Measure = Object.freeze({ height: 0, count: 0, deepest: undefined });

/**
 * Measures the plan of every case: refuses, through `report`, a plan item or discretionary item
 * nested in more than {@link MAX_STAGE_NESTING} stages, a discretionary item that plans a stage
 * into itself, a human task offered for planning within its own planning table, and a plan of
 * more than {@link MAX_CASE_PLAN_ITEMS} items. Returns whether every
 * case is within the limits. Linear in the size of the model: each stage definition and planning
 * table is measured once. A stage used inside itself through plan items alone is left to the
 * validator (`RecursiveStage`).
 */
export function checkCasePlans(definitions: Definitions, report: ReportNode): boolean {
  const measure = new PlanMeasure(report);
  for (const caseElement of definitions.cases) {
    const plan = caseElement.casePlanModel;
    if (plan !== undefined && !measure.checkCase(caseElement.id, plan)) return false;
  }
  return true;
}

/** The measures of one model's stage definitions and planning tables (one per parse, with its own state). */
class PlanMeasure {
  readonly #stages = new Map<Stage, Measure>();
  #tables: Map<PlanningTable, Measure> | undefined;
  /** Planning tables being measured (a human task may offer itself for planning). */
  #openTables: Set<PlanningTable> | undefined;
  /** Stages being measured, outermost first, and the item that leads into each next one. */
  readonly #path: Stage[] = [];
  readonly #via: Item[] = [];

  constructor(private readonly report: ReportNode) {}

  /** Whether the plan of one case is within the limits (if not, the refusal is reported). */
  checkCase(caseId: string | undefined, plan: Stage): boolean {
    const result = this.#stage(plan, 1);
    if (result === undefined) return false;
    if (result.height > MAX_STAGE_NESTING) {
      // Reached through stages measured from shallower uses first: follow the deepest uses down
      // to the first item past the limit.
      let stage = plan;
      for (let nesting = 1; ; nesting++) {
        const item = this.#stages.get(stage)!.deepest!;
        if (nesting > MAX_STAGE_NESTING) {
          this.#tooDeep(item, nesting);
          return false;
        }
        stage = item.definition as Stage;
      }
    }
    if (result.count > MAX_CASE_PLAN_ITEMS) {
      this.report(
        'InputTooLarge',
        `the plan of case "${caseId ?? '?'}" would hold ${Number.isFinite(result.count) ? result.count : 'more than 10^308'} plan items and discretionary items (each use of a stage counts its items again), more than the limit of ${MAX_CASE_PLAN_ITEMS}`,
        plan,
        plan.id,
      );
      return false;
    }
    return true;
  }

  #tooDeep(item: Item, nesting: number): void {
    const kind = item.kind === 'PlanItem' ? 'plan item' : 'discretionary item';
    this.report(
      'InputTooLarge',
      `${kind} "${item.id ?? '?'}" would be nested in ${nesting} stages (the case plan model and the stages inside it), more than the limit of ${MAX_STAGE_NESTING} nested stages`,
      item,
      item.id,
    );
  }

  /**
   * Adds to `tally` one item placed in a stage whose items are nested in `nesting` stages; false
   * once a refusal is reported.
   */
  #item(item: Item, definition: PlanItemDefinition, nesting: number, tally: Tally): boolean {
    if (nesting > MAX_STAGE_NESTING) {
      this.#tooDeep(item, nesting);
      return false;
    }
    if (definition.kind === 'Stage') {
      const cycleAt = this.#path.indexOf(definition);
      if (cycleAt >= 0) {
        // Plan items alone: RecursiveStage. Through a discretionary item, the plan has no bound.
        const segment = [...this.#via.slice(cycleAt), item];
        const discretionary = segment.find((use) => use.kind === 'DiscretionaryItem');
        if (discretionary === undefined) {
          tally.add(1, 1, item);
          return true;
        }
        this.report(
          'InputTooLarge',
          `discretionary item "${discretionary.id ?? '?'}" plans stage "${definition.id ?? '?'}" inside itself${segment.length > 1 ? ' (through nested stages)' : ''}: its stages would nest without end, past the limit of ${MAX_STAGE_NESTING} nested stages`,
          discretionary,
          discretionary.id,
        );
        return false;
      }
      this.#via.push(item);
      const inner = this.#stage(definition, nesting + 1);
      this.#via.pop();
      if (inner === undefined) return false;
      tally.add(inner.height + 1, inner.count + 1, item);
      return true;
    }
    if (definition.kind === 'HumanTask' && item.kind === 'DiscretionaryItem') {
      // A human task planned into the stage offers its own table, planned into the same stage.
      if (definition.planningTable !== undefined && this.#openTables?.has(definition.planningTable) === true) {
        this.report(
          'InputTooLarge',
          `discretionary item "${item.id ?? '?'}" offers human task "${definition.id ?? '?'}" for planning within its own planning table: the items it offers would be expanded without end, past the limit of ${MAX_CASE_PLAN_ITEMS} items in a case's plan`,
          item,
          item.id,
        );
        return false;
      }
      const table = this.#table(definition.planningTable, nesting);
      if (table === undefined) return false;
      if (table.height > 1) tally.add(table.height, table.count + 1, table.deepest);
      else tally.add(1, table.count + 1, item);
      return true;
    }
    tally.add(1, 1, item);
    return true;
  }

  /** A planning table whose items go into a stage whose items are nested in `nesting` stages. */
  #table(table: PlanningTable | undefined, nesting: number): Measure | undefined {
    if (table === undefined) return NOTHING;
    const tables = (this.#tables ??= new Map());
    const openTables = (this.#openTables ??= new Set());
    // Reached again through nested tables (a human task offering itself is refused in #item).
    if (openTables.has(table)) return NOTHING;
    const known = tables.get(table);
    if (known !== undefined) return known;
    openTables.add(table);
    const tally = new Tally();
    let within = true;
    for (const entry of table.tableItems) {
      if (entry.kind === 'PlanningTable') {
        const inner = this.#table(entry, nesting);
        if (inner === undefined) within = false;
        else tally.add(inner.height, inner.count, inner.deepest);
      } else if (entry.definition !== undefined) {
        within = this.#item(entry, entry.definition, nesting, tally);
      }
      if (!within) break;
    }
    openTables.delete(table);
    if (!within) return undefined;
    tables.set(table, tally);
    return tally;
  }

  /** Adds a planning table's measure to `tally`; false once a refusal is reported. */
  #addTable(table: PlanningTable | undefined, nesting: number, tally: Tally): boolean {
    if (table === undefined) return true;
    const measure = this.#table(table, nesting);
    if (measure === undefined) return false;
    tally.add(measure.height, measure.count, measure.deepest);
    return true;
  }

  /**
   * A stage whose items are nested in `nesting` stages; undefined once a refusal is reported.
   * Recursion stops past the limit, so it is at most {@link MAX_STAGE_NESTING} stages deep.
   */
  #stage(stage: Stage, nesting: number): Measure | undefined {
    const known = this.#stages.get(stage);
    if (known !== undefined) return known;
    this.#path.push(stage);
    const tally = new Tally();
    // In the order the engine compiles them: plan items, the stage's table, its human tasks' tables.
    let within = true;
    for (const item of stage.planItems) {
      if (item.definition !== undefined && !(within = this.#item(item, item.definition, nesting, tally))) break;
    }
    if (within) within = this.#addTable(stage.planningTable, nesting, tally);
    if (within) {
      for (const item of stage.planItems) {
        if (item.definition?.kind === 'HumanTask' && !(within = this.#addTable(item.definition.planningTable, nesting, tally))) break;
      }
    }
    this.#path.pop();
    if (!within) return undefined;
    this.#stages.set(stage, tally);
    return tally;
  }
}
