/** The criteria (sentries' diamonds) and the connectors: on-part and association edges with their labels. */
import type { CMMNEdge, Criterion } from '@casekit/core';
import { finite, INK, SMALL, type Context } from './draw-context.js';
import { labelBounds } from './draw-text.js';
import { firedHalo } from './live-marks.js';
import { diamond, type Rect } from './shapes.js';
import { FONT_FAMILY, measureText } from './text.js';
import { el, escapeXml, num } from './xml.js';

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

/** Draws an entry or exit criterion as its diamond, with a halo when it fired. */
export function drawCriterion(ctx: Context, r: Rect, criterion: Criterion): void {
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

/** Draws a connector (on-part, association or discretionary association) and the standard event on its label. */
export function drawEdge(ctx: Context, edge: CMMNEdge): void {
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
