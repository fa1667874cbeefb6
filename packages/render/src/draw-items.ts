/** The plan items, discretionary items and the case plan model: their shapes, names, icons, decorators and live state. */
import type { Case, CMMNShape, PlanItemDefinition, PlanItemState, Stage } from '@casekit/core';
import { FONT_SIZE, INK, PLAIN, type Context } from './draw-context.js';
import { centredText, outsideLabel, textLines } from './draw-text.js';
import { chip, paintFor, stateChips, tooltip } from './live-marks.js';
import { ruleOf, type Item } from './model-index.js';
import {
  caseIcon,
  clockIcon,
  decisionIcon,
  decorators,
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
import { dominantState, MARK, STATE_STYLES } from './states.js';
import { measureText, wrapText } from './text.js';
import { el, num } from './xml.js';

/** The decorators an item or the case plan model shows, in drawing order. */
export function decoratorsOf(item: Item | undefined, definition: PlanItemDefinition | undefined, collapsed: boolean | undefined, isPlanModel: boolean): Decorator[] {
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
export function drawItem(ctx: Context, shape: CMMNShape, r: Rect, item: Item | undefined, definition: PlanItemDefinition | undefined): void {
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

/** The icon at the top-left corner of a task, by its kind; none for a plain task. */
export function taskIcon(definition: PlanItemDefinition | undefined, x: number, y: number): string {
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

/** The case plan model: a folder with its name in the tab. */
export function drawPlanModel(ctx: Context, shape: CMMNShape, r: Rect, plan: Stage, theCase: Case): void {
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
