/**
 * How the live state of a case is marked: an item's paint, its state chips, the halo of a fired
 * criterion, the tooltips, and the legend that explains them.
 */
import type { PlanItemState } from '@casekit/core';
import { FONT_SIZE, INK, PLAIN, SMALL, type Context } from './draw-context.js';
import { textLines } from './draw-text.js';
import type { LiveInstance } from './live.js';
import { diamond, roundedRect, type Paint, type Rect } from './shapes.js';
import { dominantState, MARK, patternId, STATE_ORDER, STATE_STYLES } from './states.js';
import { FONT_FAMILY, measureText } from './text.js';
import { el, escapeXml, num } from './xml.js';

/** How an item is painted: its state's style in a running case, the plain notation otherwise. */
export function paintFor(ctx: Context, states: readonly PlanItemState[] | undefined, discretionary: boolean, base: Paint = PLAIN): { paint: Paint; text: string } {
  const dash = discretionary ? '6,4' : undefined;
  if (ctx.live === undefined) return { paint: { ...base, dash }, text: INK };
  const state = states === undefined ? undefined : dominantState(states);
  if (state === undefined) return { paint: { fill: '#fff', stroke: MARK.absent, strokeWidth: 1.2, dash }, text: '#767676' };
  const style = STATE_STYLES[state];
  return { paint: { fill: `url(#${patternId(ctx.prefix, state)})`, stroke: style.color, strokeWidth: style.strokeWidth, dash }, text: INK };
}

/** The state chips at the top-right corner of an item: one per state its instances are in. */
export function stateChips(r: Rect, instances: readonly LiveInstance[]): string {
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
export function chip(x: number, y: number, text: string, color: string, ink: string, align: 'end' | 'start', outline = false): string {
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
export function tooltip(name: string, kind: string, instances: readonly LiveInstance[] | undefined, extra: readonly string[] = []): string {
  const parts = [name === '' ? kind : `${name} (${kind})`];
  if (instances !== undefined && instances.length > 0) {
    parts.push(instances.length === 1 ? instances[0]!.state : instances.map((i, k) => `#${k + 1} ${i.state}`).join(', '));
  }
  parts.push(...extra);
  return el('title', {}, escapeXml(parts.join(' — ')));
}

/** The legend of states and marks, laid out in rows below the diagram; returns its SVG and height. */
export function legend(prefix: string, x: number, y: number, width: number): { svg: string; height: number } {
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
export function firedHalo(r: Rect): string {
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
