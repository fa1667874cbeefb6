/**
 * `renderSvg`: a CMMN 1.1 diagram (§7) as a standalone SVG document, from the model's CMMNDI or,
 * for a model without one, the builder's computed layout; optionally with the live state of a
 * case drawn over it. Pure: no DOM, no browser, no clock; the same inputs give the same bytes.
 */
import {
  CasekitError,
  isPlanItemDefinition,
  layoutDiagram,
  type ApplicableItem,
  type Bounds,
  type Case,
  type CMMNDiagram,
  type CMMNEdge,
  type CMMNShape,
  type CmmnElement,
  type CmmnModel,
  type Criterion,
  type PlanItemDefinition,
  type PlanItemState,
  type Stage,
  type TransitionRecord,
} from '@casekit/core';
import { liveView, type LiveCase, type LiveInstance, type LiveView } from './live.js';
import { indexModel, ruleOf, type Item, type ModelIndex } from './model-index.js';
import {
  annotationBracket,
  caseIcon,
  clockIcon,
  decisionIcon,
  decorators,
  diamond,
  documentShape,
  doubleCircle,
  folderTab,
  fragment,
  handIcon,
  octagon,
  personIcon,
  pill,
  planningTableMarker,
  processIcon,
  roundedRect,
  type Decorator,
  type Paint,
  type Rect,
} from './shapes.js';
import { dominantState, MARK, patternId, STATE_ORDER, STATE_STYLES, statePatterns } from './states.js';
import { FONT_FAMILY, measureText, wrapText } from './text.js';
import { attrs, el, escapeXml, num } from './xml.js';

/**
 * Options of {@link renderSvg}.
 *
 * @example
 * const options: RenderOptions = { snapshot: await engine.getCase(id), history: await engine.history(id) };
 */
export interface RenderOptions {
  /** The case to draw (id or name). Default: the snapshot's case, else the first case the diagram shows. */
  readonly case?: string;
  /**
   * A running case (`engine.getCase`, or {@link caseFromHistory}): each instance's state is drawn,
   * with a legend.
   */
  readonly snapshot?: LiveCase;
  /** The case's history (`engine.history`): marks the criteria that fired. */
  readonly history?: readonly TransitionRecord[];
  /** `engine.applicableDiscretionaryItems(...)`: marks the discretionary items that may be planned now. */
  readonly applicable?: readonly ApplicableItem[];
  /** Draw the legend of states. Default: true when a snapshot is given. */
  readonly legend?: boolean;
  /** Ignore the model's CMMNDI and lay the case out automatically. Default false. */
  readonly computedLayout?: boolean;
  /** Prefix of the ids inside the SVG (patterns), to embed several diagrams in one page. Default 'ck'. */
  readonly idPrefix?: string;
}

/**
 * Thrown when the case to draw is not in the model.
 *
 * @example
 * try { renderSvg(model, { case: 'claim' }); } catch (e) { if (e instanceof RenderError) console.log(e.caseRef); }
 */
export class RenderError extends CasekitError<'UnknownCase'> {
  override readonly name = 'RenderError';
  constructor(readonly caseRef: string) {
    super('UnknownCase', `the model defines no case "${caseRef}"`);
  }
}

const FONT_SIZE = 12;
const LINE_HEIGHT = 14;
const SMALL = 10;
const INK = '#222';
const PLAIN: Paint = { fill: '#fff', stroke: INK, strokeWidth: 1.5 };

/** The shapes and edges to draw, and whether they were computed. */
interface Diagram {
  readonly elements: readonly (CMMNShape | CMMNEdge)[];
}

/** The diagram showing `theCase`: one of the model's, else a computed layout. */
function chooseDiagram(model: CmmnModel, theCase: Case | undefined, computed: boolean): Diagram {
  const diagrams: readonly CMMNDiagram[] = computed ? [] : (model.definitions.cmmnDi?.diagrams ?? []);
  const planId = theCase?.casePlanModel?.id;
  const withShapes = diagrams.filter((d) => d.diagramElements.some((e) => e.kind === 'CMMNShape' && e.bounds !== undefined));
  const showing = planId === undefined ? undefined : withShapes.find((d) => d.diagramElements.some((e) => e.cmmnElementRef === planId));
  const chosen = showing ?? (theCase === undefined || planId === undefined ? withShapes[0] : undefined);
  if (chosen !== undefined) return { elements: chosen.diagramElements };
  const definitions = theCase === undefined ? model.definitions : { ...model.definitions, cases: [theCase] };
  const laid = layoutDiagram(definitions);
  return { elements: laid.diagrams[0]?.diagramElements ?? [] };
}

function chooseCase(model: CmmnModel, options: RenderOptions): Case | undefined {
  const ref = options.case ?? options.snapshot?.caseDefinitionId;
  if (ref === undefined) {
    const cases = model.definitions.cases;
    const drawn = model.definitions.cmmnDi?.diagrams.flatMap((d) => d.diagramElements.map((e) => e.cmmnElementRef)) ?? [];
    return cases.find((c) => c.casePlanModel?.id !== undefined && drawn.includes(c.casePlanModel.id)) ?? cases[0];
  }
  const found = model.findCase(ref);
  if (found === undefined) throw new RenderError(ref);
  return found;
}

const toRect = (b: Bounds): Rect => ({
  x: finite(b.x),
  y: finite(b.y),
  width: Math.max(0, finite(b.width)),
  height: Math.max(0, finite(b.height)),
});
const finite = (n: number): number => (Number.isFinite(n) ? n : 0);

/** The SVG being written: layers in painting order and the extent of what was drawn. */
class Scene {
  /** Expanded stages and the case plan model: drawn largest first, so that nested ones lie on top. */
  readonly containers: { readonly area: number; readonly svg: string }[] = [];
  readonly items: string[] = [];
  readonly edges: string[] = [];
  readonly criteria: string[] = [];
  readonly labels: string[] = [];
  minX = Number.POSITIVE_INFINITY;
  minY = Number.POSITIVE_INFINITY;
  maxX = Number.NEGATIVE_INFINITY;
  maxY = Number.NEGATIVE_INFINITY;

  extend(r: Rect): void {
    this.minX = Math.min(this.minX, r.x);
    this.minY = Math.min(this.minY, r.y);
    this.maxX = Math.max(this.maxX, r.x + r.width);
    this.maxY = Math.max(this.maxY, r.y + r.height);
  }
}

/** Lines of text, each centred on `cx` (or starting at `x` for 'start'), the first baseline at `y`. */
function textLines(lines: readonly string[], x: number, y: number, anchor: 'middle' | 'start', size = FONT_SIZE, fill = INK, weight?: string): string {
  if (lines.length === 0) return '';
  const spans = lines.map((line, i) => el('tspan', { x, y: y + i * (size + 2) }, escapeXml(line))).join('');
  return el('text', { 'font-family': FONT_FAMILY, 'font-size': size, 'font-weight': weight, 'text-anchor': anchor, fill }, spans);
}

/** Text wrapped and centred inside a box. */
function centredText(text: string, box: Rect, fill = INK): string {
  const maxLines = Math.max(1, Math.floor(box.height / LINE_HEIGHT));
  const lines = wrapText(text, Math.max(box.width, 10), FONT_SIZE, maxLines);
  const top = box.y + (box.height - lines.length * LINE_HEIGHT) / 2 + FONT_SIZE - 1;
  return textLines(lines, box.x + box.width / 2, top, 'middle', FONT_SIZE, fill);
}

/** Where a label goes: its CMMNLabel bounds when the diagram gives them. */
function labelBounds(shape: CMMNShape | CMMNEdge): Rect | undefined {
  const b = shape.label?.bounds;
  return b === undefined ? undefined : toRect(b);
}

/** The point halfway along a polyline and the direction of its segment there. */
function midpoint(points: readonly { x: number; y: number }[]): { x: number; y: number; horizontal: boolean } {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len >= left && len > 0) {
      const t = left / len;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, horizontal: Math.abs(b.x - a.x) >= Math.abs(b.y - a.y) };
    }
    left -= len;
  }
  const p = points[0] ?? { x: 0, y: 0 };
  return { x: p.x, y: p.y, horizontal: true };
}

/** Everything one render needs. */
interface Context {
  readonly index: ModelIndex;
  readonly live: LiveView | undefined;
  readonly prefix: string;
  readonly scene: Scene;
}

/** How an item is painted: its state's style in a running case, the plain notation otherwise. */
function paintFor(ctx: Context, states: readonly PlanItemState[] | undefined, discretionary: boolean, base: Paint = PLAIN): { paint: Paint; text: string } {
  const dash = discretionary ? '6,4' : undefined;
  if (ctx.live === undefined) return { paint: { ...base, dash }, text: INK };
  const state = states === undefined ? undefined : dominantState(states);
  if (state === undefined) return { paint: { fill: '#fff', stroke: MARK.absent, strokeWidth: 1.2, dash }, text: '#767676' };
  const style = STATE_STYLES[state];
  return { paint: { fill: `url(#${patternId(ctx.prefix, state)})`, stroke: style.color, strokeWidth: style.strokeWidth, dash }, text: INK };
}

/** The state chips at the top-right corner of an item: one per state its instances are in. */
function stateChips(r: Rect, instances: readonly LiveInstance[]): string {
  const counts = new Map<PlanItemState, number>();
  for (const i of instances) counts.set(i.state, (counts.get(i.state) ?? 0) + 1);
  // Chips overlap the top-right corner; beside a small shape (an event listener) they stand to its right.
  const beside = r.width < 60;
  let y = beside ? r.y + r.height / 2 - (counts.size * 14) / 2 : r.y - 7;
  let out = '';
  for (const state of STATE_ORDER) {
    const n = counts.get(state);
    if (n === undefined) continue;
    const text = instances.length > 1 ? `${n}× ${state}` : state;
    out += chip(beside ? r.x + r.width + 4 : r.x + r.width + 4, y, text, STATE_STYLES[state].color, STATE_STYLES[state].ink, beside ? 'start' : 'end');
    y += 14;
  }
  return out;
}

/** A small rounded label; `x` is its right end for 'end', its left end for 'start'. */
function chip(x: number, y: number, text: string, color: string, ink: string, align: 'end' | 'start', outline = false): string {
  const w = measureText(text, SMALL - 1) + 8;
  const left = align === 'end' ? x - w : x;
  return el(
    'g',
    { class: 'ck-chip' },
    el('rect', { x: left, y, width: w, height: 13, rx: 3, ry: 3, fill: outline ? '#fff' : color, stroke: color, 'stroke-width': 1 }) +
      el('text', { x: left + w / 2, y: y + 9.5, 'font-family': FONT_FAMILY, 'font-size': SMALL - 1, 'text-anchor': 'middle', fill: outline ? INK : ink }, escapeXml(text)),
  );
}

/** The `<title>` (tooltip) of an item: its name, kind and states. */
function tooltip(name: string, kind: string, instances: readonly LiveInstance[] | undefined, extra: readonly string[] = []): string {
  const parts = [name === '' ? kind : `${name} (${kind})`];
  if (instances !== undefined && instances.length > 0) {
    parts.push(instances.length === 1 ? instances[0]!.state : instances.map((i, k) => `#${k + 1} ${i.state}`).join(', '));
  }
  parts.push(...extra);
  return el('title', {}, escapeXml(parts.join(' — ')));
}

function decoratorsOf(item: Item | undefined, definition: PlanItemDefinition | undefined, collapsed: boolean | undefined, isPlanModel: boolean): Decorator[] {
  const out: Decorator[] = [];
  const kind = definition?.kind;
  if (kind === 'Stage' && definition.autoComplete === true) out.push('autoComplete');
  const taskOrStage = kind === 'Stage' || kind === 'Task' || kind === 'HumanTask' || kind === 'CaseTask' || kind === 'ProcessTask' || kind === 'DecisionTask';
  if (taskOrStage && !isPlanModel && ruleOf(item, definition, 'manualActivationRule')) out.push('manualActivation');
  if (!isPlanModel && ruleOf(item, definition, 'requiredRule')) out.push('required');
  if (!isPlanModel && ruleOf(item, definition, 'repetitionRule')) out.push('repetition');
  if (kind === 'Stage' && !isPlanModel) out.push(collapsed === true ? 'collapsed' : 'expanded');
  return out;
}

/** Draws the shape of a plan item, a discretionary item or (in CMMN 1.0 files) a bare definition. */
function drawItem(ctx: Context, shape: CMMNShape, r: Rect, item: Item | undefined, definition: PlanItemDefinition | undefined): void {
  const { scene, live } = ctx;
  const discretionary = item?.kind === 'DiscretionaryItem';
  const id = item?.id ?? definition?.id ?? '';
  const instances = item?.id === undefined ? undefined : live?.instances.get(item.id);
  const states = instances?.map((i) => i.state);
  const { paint, text } = paintFor(ctx, states, discretionary);
  const name = item?.name ?? definition?.name ?? '';
  const kind = definition?.kind ?? 'Task';
  const plannable = discretionary && item?.id !== undefined && live?.plannable.has(item.id) === true;
  const decorations = decoratorsOf(item, definition, shape.isCollapsed, false);
  let body = '';
  let container = false;
  switch (kind) {
    case 'Stage':
    case 'PlanFragment': {
      const collapsed = shape.isCollapsed === true;
      container = !collapsed;
      body += kind === 'Stage' ? octagon(r, paint) : fragment(r, paint);
      if (collapsed) body += centredText(name, { x: r.x + 6, y: r.y + 4, width: r.width - 12, height: r.height - 24 }, text);
      else body += textLines(wrapText(name, Math.max(r.width - 24, 20), FONT_SIZE, 2), r.x + 12, r.y + 18, 'start', FONT_SIZE, text, 'bold');
      break;
    }
    case 'Milestone':
      body += pill(r, paint) + centredText(name, { x: r.x + r.height / 3, y: r.y + 2, width: r.width - (2 * r.height) / 3, height: r.height - 4 }, text);
      break;
    case 'EventListener':
    case 'UserEventListener':
    case 'TimerEventListener': {
      body += doubleCircle(r, paint);
      const cx = r.x + r.width / 2;
      const cy = r.y + r.height / 2;
      const inner = Math.max(1, Math.min(r.width, r.height) / 2 - 7);
      if (kind === 'TimerEventListener') body += clockIcon(cx, cy, inner);
      if (kind === 'UserEventListener') {
        const s = Math.min(16, inner * 2) / 16;
        body += el('g', { transform: `translate(${num(cx - 8 * s)} ${num(cy - 8 * s)}) scale(${num(s)})` }, personIcon(0, 0));
      }
      scene.labels.push(outsideLabel(scene, shape, r, name, text));
      break;
    }
    default: {
      body += roundedRect(r, 10, paint);
      const icon = taskIcon(definition, r.x + 6, r.y + 6);
      body += icon;
      const marks = decorations.length > 0 ? 18 : 0;
      const top = icon === '' ? 4 : 20;
      body += centredText(name, { x: r.x + 6, y: r.y + top, width: r.width - 12, height: r.height - top - Math.max(marks, 4) }, text);
    }
  }
  body += decorators(r, decorations).svg;
  const hasTable = (definition?.kind === 'Stage' || definition?.kind === 'HumanTask') && definition.planningTable !== undefined;
  if (hasTable) body += planningTableMarker(r, shape.isPlanningTableCollapsed === true);
  if (plannable) {
    body += el('rect', { x: r.x - 4, y: r.y - 4, width: r.width + 8, height: r.height + 8, rx: 12, ry: 12, fill: 'none', stroke: MARK.plannable, 'stroke-width': 2, 'stroke-dasharray': '2,3', class: 'ck-plannable' });
    body += chip(r.x - 4, r.y - 11, '+ may be planned', MARK.plannable, '#000', 'start', true);
  }
  if (instances !== undefined && instances.length > 0) body += stateChips(r, instances);
  const extra = [discretionary ? 'discretionary' : undefined, plannable ? 'may be planned now' : undefined].filter((s): s is string => s !== undefined);
  const group = el(
    'g',
    {
      class: `ck-item${discretionary ? ' ck-discretionary' : ''}`,
      'data-element': id,
      'data-kind': kind,
      'data-state': states === undefined || states.length === 0 ? undefined : dominantState(states),
      'data-instances': instances === undefined ? undefined : instances.length,
    },
    tooltip(name, kind, instances, extra) + body,
  );
  if (container) scene.containers.push({ area: r.width * r.height, svg: group });
  else scene.items.push(group);
  scene.extend(r);
  if (instances !== undefined && instances.length > 0) scene.extend({ x: r.x, y: r.y - 8, width: r.width + (r.width < 60 ? 90 : 8), height: 8 });
  if (plannable) scene.extend({ x: r.x - 6, y: r.y - 12, width: r.width + 12, height: r.height + 18 });
}

function taskIcon(definition: PlanItemDefinition | undefined, x: number, y: number): string {
  switch (definition?.kind) {
    case 'HumanTask':
      return definition.isBlocking === false ? handIcon(x, y) : personIcon(x, y);
    case 'ProcessTask':
      return processIcon(x, y);
    case 'CaseTask':
      return caseIcon(x, y);
    case 'DecisionTask':
      return decisionIcon(x, y);
    default:
      return '';
  }
}

/** A label under a small shape (event listener, case file item), or in its CMMNLabel bounds. */
function outsideLabel(scene: Scene, shape: CMMNShape, r: Rect, name: string, fill: string): string {
  if (name === '') return '';
  const given = labelBounds(shape);
  const box = given !== undefined && given.width > 0 && given.height > 0 ? given : { x: r.x + r.width / 2 - 50, y: r.y + r.height + 4, width: 100, height: 3 * LINE_HEIGHT };
  const lines = wrapText(name, box.width, SMALL + 1, Math.max(1, Math.floor(box.height / LINE_HEIGHT)));
  scene.extend({ x: box.x, y: box.y, width: box.width, height: lines.length * LINE_HEIGHT });
  return textLines(lines, box.x + box.width / 2, box.y + SMALL + 1, 'middle', SMALL + 1, fill);
}

/** The case plan model: a folder with its name in the tab. */
function drawPlanModel(ctx: Context, shape: CMMNShape, r: Rect, plan: Stage, theCase: Case): void {
  const { scene, live } = ctx;
  let paint: Paint = { ...PLAIN, strokeWidth: 2 };
  let state: string | undefined;
  if (live !== undefined) {
    state = live.caseState;
    const planState: PlanItemState | undefined = state === 'Closed' ? 'Completed' : (state as PlanItemState);
    const style = STATE_STYLES[planState] ?? STATE_STYLES.Active;
    paint = { fill: '#fff', stroke: style.color, strokeWidth: Math.max(2, style.strokeWidth - 1) };
  }
  const name = plan.name ?? theCase.name ?? '';
  const tabWidth = Math.min(measureText(name, FONT_SIZE) + 16, 360);
  const tab = folderTab(r, tabWidth, paint);
  const tabLines = wrapText(name, tab.box.width - 8, FONT_SIZE, 1);
  let body = tab.svg + el('rect', { x: r.x, y: r.y, width: r.width, height: r.height, fill: paint.fill, stroke: paint.stroke, 'stroke-width': paint.strokeWidth });
  body += textLines(tabLines, tab.box.x + 4, tab.box.y + 15, 'start', FONT_SIZE, INK, 'bold');
  body += decorators(r, decoratorsOf(undefined, plan, false, true)).svg;
  if (plan.planningTable !== undefined) body += planningTableMarker({ ...r, x: r.x + 40, width: r.width - 40 }, shape.isPlanningTableCollapsed === true);
  if (state !== undefined) {
    const planState = (state === 'Closed' ? 'Completed' : state) as PlanItemState;
    const style = STATE_STYLES[planState] ?? STATE_STYLES.Active;
    body += chip(r.x + r.width, r.y - 18, `Case ${state}`, style.color, style.ink, 'end');
  }
  scene.containers.push({
    area: Number.POSITIVE_INFINITY,
    svg:
    el('g', { class: 'ck-case-plan-model', 'data-element': plan.id ?? '', 'data-kind': 'CasePlanModel', 'data-state': state }, tooltip(name, 'case plan model', undefined, state === undefined ? [] : [`case ${state}`]) + body),
  });
  scene.extend(r);
  scene.extend(tab.box);
}

function drawCriterion(ctx: Context, r: Rect, criterion: Criterion): void {
  const fired = criterion.id !== undefined && ctx.live?.fired.has(criterion.id) === true;
  const exit = criterion.kind === 'ExitCriterion';
  let body = '';
  if (fired) body += firedHalo(r);
  body += diamond(r, exit);
  const label = criterion.name ?? criterion.sentry?.name;
  const title = `${exit ? 'exit' : 'entry'} criterion${label === undefined ? '' : ` ${label}`}${fired ? ' — fired' : ''}`;
  ctx.scene.criteria.push(
    el('g', { class: `ck-criterion${fired ? ' ck-fired' : ''}`, 'data-element': criterion.id ?? '', 'data-kind': criterion.kind, 'data-fired': fired ? 'true' : undefined }, el('title', {}, escapeXml(title)) + body),
  );
  ctx.scene.extend({ x: r.x - 5, y: r.y - 6, width: r.width + 10, height: r.height + 12 });
}

function drawEdge(ctx: Context, edge: CMMNEdge): void {
  const pts = edge.waypoints.map((p) => ({ x: finite(p.x), y: finite(p.y) }));
  if (pts.length < 2) return;
  const element = ctx.index.byId(edge.cmmnElementRef);
  let dash = '6,4';
  let kind = 'DiscretionaryAssociation';
  let label: string | undefined;
  if (element?.kind === 'PlanItemOnPart' || element?.kind === 'CaseFileItemOnPart') {
    dash = '10,4,2,4';
    kind = element.kind;
    if (edge.isStandardEventVisible !== false) label = element.standardEvent;
  } else if (element?.kind === 'Association') {
    dash = '2,3';
    kind = 'Association';
  }
  const line = el('polyline', { points: pts.map((p) => `${num(p.x)},${num(p.y)}`).join(' '), fill: 'none', stroke: INK, 'stroke-width': 1.2, 'stroke-dasharray': dash });
  ctx.scene.edges.push(el('g', { class: 'ck-edge', 'data-element': edge.cmmnElementRef ?? edge.id ?? '', 'data-kind': kind }, line));
  for (const p of pts) ctx.scene.extend({ x: p.x, y: p.y, width: 0, height: 0 });
  if (label !== undefined && label !== '') {
    const given = labelBounds(edge);
    const w = measureText(label, SMALL);
    let x: number;
    let y: number;
    if (given !== undefined && given.width > 0) {
      x = given.x + given.width / 2;
      y = given.y + SMALL;
    } else {
      const mid = midpoint(pts);
      x = mid.horizontal ? mid.x : mid.x + w / 2 + 4;
      y = mid.horizontal ? mid.y - 4 : mid.y + 4;
    }
    ctx.scene.labels.push(
      el('rect', { x: x - w / 2 - 2, y: y - SMALL + 1, width: w + 4, height: SMALL + 2, fill: '#fff', 'fill-opacity': 0.85 }) +
        el('text', { x, y, 'font-family': FONT_FAMILY, 'font-size': SMALL, 'font-style': 'italic', 'text-anchor': 'middle', fill: INK }, escapeXml(label)),
    );
    ctx.scene.extend({ x: x - w / 2 - 2, y: y - SMALL, width: w + 4, height: SMALL + 2 });
  }
}

function drawShape(ctx: Context, shape: CMMNShape, cases: ReadonlyMap<string, Case>): void {
  if (shape.bounds === undefined) return;
  const r = toRect(shape.bounds);
  const element: CmmnElement | undefined = ctx.index.byId(shape.cmmnElementRef);
  if (element === undefined) return;
  switch (element.kind) {
    case 'Stage': {
      const theCase = element.id === undefined ? undefined : cases.get(element.id);
      if (theCase !== undefined) drawPlanModel(ctx, shape, r, element, theCase);
      else drawItem(ctx, shape, r, undefined, element);
      return;
    }
    case 'PlanItem':
    case 'DiscretionaryItem':
      drawItem(ctx, shape, r, element, ctx.index.definitionOf(element));
      return;
    case 'EntryCriterion':
    case 'ExitCriterion':
      drawCriterion(ctx, r, element);
      return;
    case 'CaseFileItem': {
      ctx.scene.items.push(
        el('g', { class: 'ck-case-file-item', 'data-element': element.id ?? '', 'data-kind': 'CaseFileItem' }, tooltip(element.name ?? '', 'case file item', undefined) + documentShape(r, PLAIN)),
      );
      ctx.scene.labels.push(outsideLabel(ctx.scene, shape, r, element.name ?? '', INK));
      ctx.scene.extend(r);
      return;
    }
    case 'TextAnnotation': {
      const lines = wrapText(element.text ?? '', Math.max(r.width - 10, 10), SMALL + 1, Math.max(1, Math.floor(r.height / LINE_HEIGHT)));
      ctx.scene.items.push(el('g', { class: 'ck-annotation', 'data-element': element.id ?? '' }, annotationBracket(r, INK) + textLines(lines, r.x + 6, r.y + SMALL + 3, 'start', SMALL + 1)));
      ctx.scene.extend(r);
      return;
    }
    case 'PlanningTable':
      ctx.scene.items.push(planningTableMarker({ x: r.x, y: r.y + 7, width: r.width, height: r.height }, shape.isPlanningTableCollapsed === true));
      ctx.scene.extend(r);
      return;
    default:
      if (isPlanItemDefinition(element)) drawItem(ctx, shape, r, undefined, element);
  }
}

/** The legend of states and marks, laid out in rows below the diagram; returns its SVG and height. */
function legend(prefix: string, x: number, y: number, width: number): { svg: string; height: number } {
  const swatch: Rect = { x: 0, y: 0, width: 26, height: 16 };
  const items: { label: string; draw: (sx: number, sy: number) => string }[] = STATE_ORDER.map((state) => ({
    label: state,
    draw: (sx, sy) =>
      roundedRect({ ...swatch, x: sx, y: sy }, 4, { fill: `url(#${patternId(prefix, state)})`, stroke: STATE_STYLES[state].color, strokeWidth: STATE_STYLES[state].strokeWidth }),
  }));
  items.push({ label: 'no instance', draw: (sx, sy) => roundedRect({ ...swatch, x: sx, y: sy }, 4, { fill: '#fff', stroke: MARK.absent, strokeWidth: 1.2 }) });
  items.push({ label: 'criterion fired', draw: (sx, sy) => firedHalo({ x: sx + 9, y: sy, width: 10, height: 16 }) + diamond({ x: sx + 9, y: sy, width: 10, height: 16 }, false) });
  items.push({
    label: 'may be planned now',
    draw: (sx, sy) => el('rect', { x: sx, y: sy, width: 26, height: 16, rx: 4, ry: 4, fill: '#fff', stroke: MARK.plannable, 'stroke-width': 2, 'stroke-dasharray': '2,3' }),
  });
  const indent = x + 60;
  let cx = indent;
  let cy = y + 8;
  let svg = textLines(['Legend'], x, cy + 12, 'start', FONT_SIZE, INK, 'bold');
  for (const item of items) {
    const w = 32 + measureText(item.label, SMALL + 1) + 18;
    if (cx + w > x + Math.max(width, 480) && cx > indent) {
      cx = indent;
      cy += 24;
    }
    svg += item.draw(cx, cy) + textLines([item.label], cx + 32, cy + 12, 'start', SMALL + 1);
    cx += w;
  }
  return { svg: el('g', { class: 'ck-legend' }, svg), height: cy - y + 28 };
}

/** The ring around a criterion that fired. */
function firedHalo(r: Rect): string {
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  const dx = r.width / 2 + 4;
  const dy = r.height / 2 + 5.5;
  return el('polygon', {
    points: `${num(cx)},${num(cy - dy)} ${num(cx + dx)},${num(cy)} ${num(cx)},${num(cy + dy)} ${num(cx - dx)},${num(cy)}`,
    fill: 'none',
    stroke: MARK.fired,
    'stroke-width': 3,
  });
}

/**
 * Renders a case model as CMMN 1.1 notation in SVG: the diagram of the model's CMMNDI, or a
 * computed layout when the model has none. With a `snapshot`, each instance's state is drawn (an
 * Okabe–Ito colour, a fill pattern, a stroke weight and the state's name), repeated items show
 * their instances' states and counts, fired criteria (from `history` and the snapshot's exit
 * criteria) and plannable discretionary items (`applicable`) are marked, and a legend is added.
 * All text is escaped; the output is byte-for-byte deterministic.
 *
 * @example
 * const svg = renderSvg(parseCmmn(xml));
 * const live = renderSvg(model, {
 *   snapshot: await engine.getCase(id),
 *   history: await engine.history(id),
 *   applicable: await engine.applicableDiscretionaryItems(id, user),
 * });
 */
export function renderSvg(model: CmmnModel, options: RenderOptions = {}): string {
  const prefix = (options.idPrefix ?? 'ck').replace(/[^A-Za-z0-9_-]/g, '_') || 'ck';
  const theCase = chooseCase(model, options);
  const index = indexModel(model);
  const live = options.snapshot === undefined ? undefined : liveView(index, options.snapshot, options.history, options.applicable);
  const scene = new Scene();
  const ctx: Context = { index, live, prefix, scene };
  const diagram = chooseDiagram(model, theCase, options.computedLayout === true);
  for (const element of diagram.elements) {
    if (element.kind === 'CMMNShape') drawShape(ctx, element, index.planModels);
  }
  for (const element of diagram.elements) {
    if (element.kind === 'CMMNEdge') drawEdge(ctx, element);
  }
  if (!Number.isFinite(scene.minX)) scene.extend({ x: 0, y: 0, width: 200, height: 60 });
  const pad = 12;
  const x0 = scene.minX - pad;
  const y0 = scene.minY - pad;
  const width = scene.maxX - scene.minX + 2 * pad;
  let height = scene.maxY - scene.minY + 2 * pad;
  let legendSvg = '';
  if (options.legend ?? live !== undefined) {
    const drawn = legend(prefix, x0 + pad, y0 + height, width - 2 * pad);
    legendSvg = drawn.svg;
    height += drawn.height;
  }
  const title = theCase?.name ?? model.definitions.name ?? 'CMMN diagram';
  const defs = live !== undefined || legendSvg !== '' ? el('defs', {}, statePatterns(prefix)) : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width: Math.ceil(width), height: Math.ceil(height), viewBox: `${num(x0)} ${num(y0)} ${num(Math.ceil(width))} ${num(Math.ceil(height))}`, role: 'img' })}>` +
    el('title', {}, escapeXml(live === undefined ? title : `${title} — case ${live.caseState}`)) +
    defs +
    el('rect', { x: x0, y: y0, width: Math.ceil(width), height: Math.ceil(height), fill: '#fff' }) +
    [...scene.containers].sort((a, b) => b.area - a.area).map((c) => c.svg).join('') +
    // Connectors run over stages but under the items they join, so that state chips stay readable.
    scene.edges.join('') +
    scene.items.join('') +
    scene.criteria.join('') +
    scene.labels.join('') +
    legendSvg +
    '</svg>\n'
  );
}
