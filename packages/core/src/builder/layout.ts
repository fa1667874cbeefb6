/**
 * A simple automatic CMMNDI layout (CMMN 1.1 §7), enough for the cmmn-js modeler to open a model
 * with a readable diagram: shapes for the case plan model, stages, plan items, discretionary
 * items and the case file items on-parts watch; criteria as diamonds on the item borders (entry
 * left, exit right); an edge per on-part and criterion, with orthogonal waypoints; discretionary
 * connections from human tasks to their discretionary items.
 *
 * Inside each stage, items are placed in columns by dependency: an item whose entry criterion
 * watches a sibling goes in a column to the right of it. Reads ids only (never resolved
 * references), so it works on built, parsed and unlinked models alike.
 */
import { walkModel, type ModelNode } from '../model/walk.js';
import type {
  CMMNDI,
  Case,
  CaseFileItem,
  Criterion,
  Definitions,
  DiscretionaryItem,
  PlanItem,
  PlanItemDefinition,
  PlanningTable,
  Sentry,
  Stage,
} from '../model/types.js';
import { IdGenerator } from './ids.js';
import { node, type Draft } from './nodes.js';

/**
 * Sizes and gaps of {@link layoutDiagram}, in diagram units (pixels in cmmn-js).
 *
 * @example
 * layoutDiagram(definitions, { columnGap: 120 });
 */
export interface LayoutOptions {
  /** Horizontal gap between columns of items. Default 80. */
  readonly columnGap?: number;
  /** Vertical gap between items of a column. Default 50. */
  readonly rowGap?: number;
  /** Inner padding of stages and the case plan model. Default 40. */
  readonly padding?: number;
  /** Top-left corner of the first case plan model. Default (40, 40). */
  readonly origin?: { readonly x: number; readonly y: number };
}

type Item = PlanItem | DiscretionaryItem;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A laid-out box: an item, or a stage with its content. */
interface Box {
  readonly item: Item;
  readonly width: number;
  readonly height: number;
  /** Expanded stage or plan fragment content. */
  readonly content: Content | undefined;
  readonly collapsed: boolean | undefined;
  readonly planningTable: boolean;
  x: number;
  y: number;
}

interface Content {
  readonly boxes: Box[];
  readonly width: number;
  readonly height: number;
}

const TASK = { width: 100, height: 80 };
const MILESTONE = { width: 100, height: 40 };
const EVENT_LISTENER = { width: 36, height: 36 };
const CRITERION = { width: 20, height: 28 };
const CASE_FILE_ITEM = { width: 36, height: 50 };
/** Room under event listeners and case file items for their external labels. */
const LABEL_ROOM = 24;

class CaseLayout {
  /** Definitions of the case by id. */
  private readonly definitions = new Map<string, PlanItemDefinition>();
  /** Sentries of the case by id. */
  private readonly sentries = new Map<string, Sentry>();
  /** Case file items of the case by id. */
  private readonly caseFileItems = new Map<string, CaseFileItem>();
  /** Stage / fragment definitions whose content has been laid out (once each: DI is one shape per element). */
  private readonly expanded = new Set<string>();
  /** Human task definitions whose planning table has been placed. */
  private readonly tablesPlaced = new Set<string>();
  /** Item id → human task plan item id, for discretionary connections. */
  private readonly discretionaryOf = new Map<string, string>();
  /** Shapes by element id (absolute bounds). */
  readonly shapes = new Map<string, Rect>();
  readonly elements: Draft[] = [];

  constructor(
    private readonly theCase: Case,
    private readonly ids: IdGenerator,
    private readonly gap: { column: number; row: number; padding: number },
  ) {
    const plan = theCase.casePlanModel;
    if (plan !== undefined) this.index(plan);
    const visit = (items: readonly CaseFileItem[]): void => {
      for (const item of items) {
        if (item.id !== undefined) this.caseFileItems.set(item.id, item);
        visit(item.children?.caseFileItems ?? []);
      }
    };
    visit(theCase.caseFileModel?.caseFileItems ?? []);
  }

  private index(stage: Stage | Extract<PlanItemDefinition, { kind: 'PlanFragment' }>): void {
    for (const sentry of stage.sentries) if (sentry.id !== undefined) this.sentries.set(sentry.id, sentry);
    if (stage.kind !== 'Stage') return;
    for (const definition of stage.planItemDefinitions) {
      if (definition.id !== undefined) this.definitions.set(definition.id, definition);
      if (definition.kind === 'Stage' || definition.kind === 'PlanFragment') this.index(definition);
    }
  }

  private definitionOf(item: Item): PlanItemDefinition | undefined {
    return item.definitionRef === undefined ? undefined : this.definitions.get(item.definitionRef);
  }

  /** Discretionary items of a table and its nested tables. */
  private tableItems(table: PlanningTable | undefined): DiscretionaryItem[] {
    const out: DiscretionaryItem[] = [];
    for (const entry of table?.tableItems ?? []) {
      if (entry.kind === 'PlanningTable') out.push(...this.tableItems(entry));
      else out.push(entry);
    }
    return out;
  }

  /** The children drawn inside a stage or fragment: its plan items, discretionary items, human tasks' discretionary items. */
  private childrenOf(container: Stage | Extract<PlanItemDefinition, { kind: 'PlanFragment' }>): Item[] {
    const children: Item[] = [...container.planItems];
    if (container.kind === 'Stage') children.push(...this.tableItems(container.planningTable));
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      const definition = this.definitionOf(child);
      if (definition?.kind !== 'HumanTask' || definition.id === undefined || this.tablesPlaced.has(definition.id)) continue;
      this.tablesPlaced.add(definition.id);
      for (const discretionary of this.tableItems(definition.planningTable)) {
        if (child.id !== undefined && discretionary.id !== undefined) this.discretionaryOf.set(discretionary.id, child.id);
        children.push(discretionary);
      }
    }
    return children;
  }

  private box(item: Item): Box {
    const definition = this.definitionOf(item);
    const hasTable = (definition?.kind === 'Stage' || definition?.kind === 'HumanTask') && definition.planningTable !== undefined;
    if (definition?.kind === 'Stage' || definition?.kind === 'PlanFragment') {
      if (definition.id !== undefined && !this.expanded.has(definition.id)) {
        this.expanded.add(definition.id);
        const content = this.content(definition);
        return {
          item,
          width: content.width,
          height: content.height,
          content,
          collapsed: false,
          planningTable: hasTable,
          x: 0,
          y: 0,
        };
      }
      return { item, ...TASK, content: undefined, collapsed: true, planningTable: hasTable, x: 0, y: 0 };
    }
    const size =
      definition?.kind === 'Milestone'
        ? MILESTONE
        : definition?.kind === 'EventListener' ||
            definition?.kind === 'UserEventListener' ||
            definition?.kind === 'TimerEventListener'
          ? EVENT_LISTENER
          : TASK;
    return { item, ...size, content: undefined, collapsed: undefined, planningTable: hasTable, x: 0, y: 0 };
  }

  /** Lays out a container's children in dependency columns; positions are relative to the container. */
  private content(container: Stage | Extract<PlanItemDefinition, { kind: 'PlanFragment' }>, top = 0): Content {
    const children = this.childrenOf(container);
    const boxes = children.map((child) => this.box(child));
    const byId = new Map<string, number>();
    boxes.forEach((b, i) => {
      if (b.item.id !== undefined) byId.set(b.item.id, i);
    });
    const dependsOn = boxes.map((b) => {
      const deps = new Set<number>();
      for (const criterion of b.item.entryCriteria) {
        const sentry = criterion.sentryRef === undefined ? undefined : this.sentries.get(criterion.sentryRef);
        for (const onPart of sentry?.onParts ?? []) {
          if (onPart.kind !== 'PlanItemOnPart' || onPart.sourceRef === undefined) continue;
          const index = byId.get(onPart.sourceRef);
          if (index !== undefined) deps.add(index);
        }
      }
      const owner = b.item.id === undefined ? undefined : this.discretionaryOf.get(b.item.id);
      const ownerIndex = owner === undefined ? undefined : byId.get(owner);
      if (ownerIndex !== undefined) deps.add(ownerIndex);
      return deps;
    });
    // Longest path; cycles stop growing after `boxes.length` rounds.
    const rank = boxes.map(() => 0);
    for (let round = 0; round < boxes.length; round++) {
      let changed = false;
      dependsOn.forEach((deps, i) => {
        for (const d of deps) {
          if (d !== i && rank[d]! + 1 > rank[i]! && rank[d]! + 1 < boxes.length) {
            rank[i] = rank[d]! + 1;
            changed = true;
          }
        }
      });
      if (!changed) break;
    }
    const columns: Box[][] = [];
    boxes.forEach((b, i) => (columns[rank[i]!] ??= []).push(b));
    const pad = this.gap.padding;
    let x = pad;
    let bottom = top + pad;
    for (const column of columns) {
      if (column === undefined) continue;
      const width = Math.max(...column.map((b) => b.width));
      let y = top + pad;
      for (const b of column) {
        b.x = x + Math.round((width - b.width) / 2);
        b.y = y;
        y += b.height + this.gap.row + (b.width === EVENT_LISTENER.width ? LABEL_ROOM : 0);
      }
      bottom = Math.max(bottom, y - this.gap.row);
      x += width + this.gap.column;
    }
    const width = Math.max(x - this.gap.column + pad, 200);
    const height = Math.max(bottom + pad, 140);
    return { boxes, width, height };
  }

  /** Lays the case out at (x, y); returns its bounds. */
  layout(x: number, y: number): Rect | undefined {
    const plan = this.theCase.casePlanModel;
    if (plan === undefined || plan.id === undefined) return undefined;
    const watched = this.watchedCaseFileItems(plan);
    const top = watched.length === 0 ? 0 : CASE_FILE_ITEM.height + LABEL_ROOM + this.gap.row;
    const content = this.content(plan, top);
    const width = Math.max(content.width, this.gap.padding * 2 + watched.length * (CASE_FILE_ITEM.width + this.gap.column));
    const planRect = { x, y, width, height: content.height };
    this.shape(plan.id, planRect, { isPlanningTableCollapsed: plan.planningTable === undefined ? undefined : false });
    watched.forEach((item, i) => {
      this.shape(item.id!, {
        x: x + this.gap.padding + i * (CASE_FILE_ITEM.width + this.gap.column),
        y: y + this.gap.padding,
        ...CASE_FILE_ITEM,
      });
    });
    this.placeBoxes(content.boxes, x, y);
    this.criteria(plan.exitCriteria, planRect, 'right');
    this.edges(plan);
    return planRect;
  }

  private watchedCaseFileItems(plan: Stage): CaseFileItem[] {
    const ids = new Set<string>();
    for (const sentry of this.sentries.values()) {
      for (const onPart of sentry.onParts)
        if (onPart.kind === 'CaseFileItemOnPart' && onPart.sourceRef !== undefined) ids.add(onPart.sourceRef);
    }
    walkModel(plan as unknown as ModelNode, (current) => {
      if (current.kind === 'CaseFileItemStartTrigger' && typeof current['sourceRef'] === 'string') ids.add(current['sourceRef']);
    });
    return [...ids].map((id) => this.caseFileItems.get(id)).filter((item): item is CaseFileItem => item !== undefined);
  }

  private placeBoxes(boxes: readonly Box[], dx: number, dy: number): void {
    for (const b of boxes) {
      const rect = { x: dx + b.x, y: dy + b.y, width: b.width, height: b.height };
      if (b.item.id === undefined) continue;
      this.shape(b.item.id, rect, {
        isCollapsed: b.collapsed,
        isPlanningTableCollapsed: b.planningTable ? false : undefined,
      });
      if (b.content !== undefined) this.placeBoxes(b.content.boxes, rect.x, rect.y);
      this.criteria(b.item.entryCriteria, rect, 'left');
      this.criteria(b.item.exitCriteria, rect, 'right');
    }
  }

  private criteria(criteria: readonly Criterion[], host: Rect, side: 'left' | 'right'): void {
    const n = criteria.length;
    criteria.forEach((criterion, i) => {
      if (criterion.id === undefined) return;
      const cy = host.y + Math.round(((i + 1) * host.height) / (n + 1));
      const cx = side === 'left' ? host.x : host.x + host.width;
      this.shape(criterion.id, {
        x: cx - CRITERION.width / 2,
        y: cy - CRITERION.height / 2,
        ...CRITERION,
      });
    });
  }

  private shape(
    elementId: string,
    bounds: Rect,
    flags: { readonly isCollapsed?: boolean | undefined; readonly isPlanningTableCollapsed?: boolean | undefined } = {},
  ): void {
    const rect = {
      x: Math.round(bounds.x),
      y: Math.round(bounds.y),
      width: Math.round(bounds.width),
      height: Math.round(bounds.height),
    };
    this.shapes.set(elementId, rect);
    this.elements.push(
      node('CMMNShape', {
        id: this.ids.derive(`${elementId}_di`),
        cmmnElementRef: elementId,
        isCollapsed: flags.isCollapsed,
        isPlanningTableCollapsed: flags.isPlanningTableCollapsed,
        bounds: node('Bounds', rect),
        label: node('CMMNLabel'),
      }),
    );
  }

  /** On-part edges (one per on-part and criterion, as cmmn-js draws them) and discretionary connections. */
  private edges(plan: Stage): void {
    const criteria: Criterion[] = [];
    walkModel(plan as unknown as ModelNode, (current) => {
      if (current.kind === 'EntryCriterion' || current.kind === 'ExitCriterion') criteria.push(current as unknown as Criterion);
    });
    for (const criterion of criteria) {
      if (criterion.id === undefined || criterion.sentryRef === undefined) continue;
      const target = this.shapes.get(criterion.id);
      const sentry = this.sentries.get(criterion.sentryRef);
      if (target === undefined || sentry === undefined) continue;
      for (const onPart of sentry.onParts) {
        if (onPart.id === undefined) continue;
        const sourceId =
          onPart.kind === 'PlanItemOnPart' && onPart.exitCriterionRef !== undefined ? onPart.exitCriterionRef : onPart.sourceRef;
        const source = sourceId === undefined ? undefined : this.shapes.get(sourceId);
        if (source === undefined || sourceId === undefined) continue;
        this.edge(`${onPart.id}_di`, onPart.id, sourceId, criterion.id, source, target, true);
      }
    }
    for (const [discretionaryId, humanTaskId] of this.discretionaryOf) {
      const source = this.shapes.get(humanTaskId);
      const target = this.shapes.get(discretionaryId);
      if (source === undefined || target === undefined) continue;
      this.edge(`${humanTaskId}_${discretionaryId}_di`, undefined, humanTaskId, discretionaryId, source, target, undefined);
    }
  }

  private edge(
    idBase: string,
    elementId: string | undefined,
    sourceId: string,
    targetId: string,
    source: Rect,
    target: Rect,
    isStandardEventVisible: boolean | undefined,
  ): void {
    this.elements.push(
      node('CMMNEdge', {
        id: this.ids.derive(idBase),
        cmmnElementRef: elementId,
        sourceCMMNElementRef: sourceId,
        targetCMMNElementRef: targetId,
        isStandardEventVisible,
        waypoints: route(source, target).map((p) => node('Point', p)),
        label: node('CMMNLabel'),
      }),
    );
  }
}

/** Orthogonal waypoints from the side of `source` facing `target` to the facing side of `target`. */
function route(source: Rect, target: Rect): { x: number; y: number }[] {
  const s = { cx: source.x + source.width / 2, cy: source.y + source.height / 2 };
  const t = { cx: target.x + target.width / 2, cy: target.y + target.height / 2 };
  const points: { x: number; y: number }[] = [];
  if (t.cx >= source.x + source.width || t.cx <= source.x) {
    const rightward = t.cx >= source.x + source.width;
    const start = { x: rightward ? source.x + source.width : source.x, y: s.cy };
    const end = { x: rightward ? target.x : target.x + target.width, y: t.cy };
    if (rightward ? end.x < start.x : end.x > start.x) end.x = t.cx;
    points.push(start);
    if (start.y !== end.y) {
      const mx = (start.x + end.x) / 2;
      points.push({ x: mx, y: start.y }, { x: mx, y: end.y });
    }
    points.push(end);
  } else {
    const downward = t.cy > s.cy;
    const start = { x: s.cx, y: downward ? source.y + source.height : source.y };
    const end = { x: t.cx, y: downward ? target.y : target.y + target.height };
    points.push(start);
    if (start.x !== end.x) {
      const my = (start.y + end.y) / 2;
      points.push({ x: start.x, y: my }, { x: end.x, y: my });
    }
    points.push(end);
  }
  return points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
}

/** Every id in a model tree (to keep generated DI ids unique). @internal */
export function idsOf(definitions: Definitions): Set<string> {
  const ids = new Set<string>();
  walkModel(definitions as unknown as ModelNode, (current) => {
    const id = current['id'];
    if (typeof id === 'string') ids.add(id);
  });
  return ids;
}

/**
 * A CMMNDI diagram for a model without one: one `CMMNDiagram` holding every case (cmmn-js draws
 * the first diagram only), cases stacked top to bottom. References are written as ids; the
 * resolved properties stay undefined (link the model, or export it, to resolve them).
 *
 * @example
 * // add a diagram to a parsed file that has none, and write it out
 * const { definitions } = parseCmmn(xml);
 * const withDiagram = toCmmnXml({ ...definitions, cmmnDi: layoutDiagram(definitions) });
 */
export function layoutDiagram(definitions: Definitions, options: LayoutOptions = {}): CMMNDI {
  return layoutWithIds(definitions, options, new IdGenerator(idsOf(definitions)));
}

/** {@link layoutDiagram} with the id generator of a builder. @internal */
export function layoutWithIds(definitions: Definitions, options: LayoutOptions, ids: IdGenerator): CMMNDI {
  const gap = { column: options.columnGap ?? 80, row: options.rowGap ?? 50, padding: options.padding ?? 40 };
  const origin = options.origin ?? { x: 40, y: 40 };
  const elements: Draft[] = [];
  let y = origin.y;
  let right = origin.x;
  for (const theCase of definitions.cases) {
    const layout = new CaseLayout(theCase, ids, gap);
    const bounds = layout.layout(origin.x, y);
    if (bounds === undefined) continue;
    elements.push(...layout.elements);
    y = bounds.y + bounds.height + gap.column;
    right = Math.max(right, bounds.x + bounds.width);
  }
  const diagram = node('CMMNDiagram', {
    id: ids.derive('CMMNDiagram_1'),
    name: definitions.name ?? definitions.cases[0]?.name,
    size: node('Dimension', { width: Math.round(right + origin.x), height: Math.round(y - gap.column + origin.y) }),
    diagramElements: elements,
  });
  return node('CMMNDI', { diagrams: [diagram] }) as unknown as CMMNDI;
}
