/**
 * The CMMN 1.1 notation (§7) as SVG fragments: outlines of each element kind, the icons of task
 * kinds and event listeners, the decorators along the bottom and the planning table marker.
 * Pure functions of a rectangle: no text, no state.
 */
import { el, num } from './xml.js';

/** A rectangle in diagram units. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How an outline is painted. */
export interface Paint {
  readonly fill: string;
  readonly stroke: string;
  readonly strokeWidth: number;
  /** `stroke-dasharray`, e.g. for discretionary items. */
  readonly dash?: string | undefined;
}

const paintAttrs = (p: Paint) => ({
  fill: p.fill,
  stroke: p.stroke,
  'stroke-width': p.strokeWidth,
  'stroke-dasharray': p.dash,
});

const points = (pts: readonly (readonly [number, number])[]): string => pts.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');

/** Task: a rounded rectangle. */
export function roundedRect(r: Rect, radius: number, paint: Paint): string {
  return el('rect', { x: r.x, y: r.y, width: r.width, height: r.height, rx: radius, ry: radius, ...paintAttrs(paint) });
}

/** Milestone: a rectangle with fully rounded ends. */
export function pill(r: Rect, paint: Paint): string {
  return roundedRect(r, Math.min(r.height, r.width) / 2, paint);
}

/** Stage: a rectangle with cut corners. */
export function octagon(r: Rect, paint: Paint): string {
  const c = Math.max(0, Math.min(10, r.width / 4, r.height / 4));
  const { x, y, width: w, height: h } = r;
  return el('polygon', {
    points: points([
      [x + c, y],
      [x + w - c, y],
      [x + w, y + c],
      [x + w, y + h - c],
      [x + w - c, y + h],
      [x + c, y + h],
      [x, y + h - c],
      [x, y + c],
    ]),
    ...paintAttrs(paint),
  });
}

/** The case plan model's folder tab above its top-left corner; returns the tab's outline and its box. */
export function folderTab(r: Rect, tabWidth: number, paint: Paint): { svg: string; box: Rect } {
  const h = 22;
  const { x, y } = r;
  const w = Math.min(tabWidth, Math.max(r.width - 30, 40));
  return {
    svg: el('polygon', {
      points: points([
        [x, y],
        [x + 12, y - h],
        [x + 12 + w, y - h],
        [x + 24 + w, y],
      ]),
      ...paintAttrs(paint),
    }),
    box: { x: x + 12, y: y - h, width: w, height: h },
  };
}

/** Event listener: two concentric circles. */
export function doubleCircle(r: Rect, paint: Paint): string {
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  const radius = Math.max(1, Math.min(r.width, r.height) / 2);
  return (
    el('circle', { cx, cy, r: radius, ...paintAttrs(paint) }) +
    el('circle', { cx, cy, r: Math.max(0.5, radius - 3), fill: 'none', stroke: paint.stroke, 'stroke-width': 1, 'stroke-dasharray': paint.dash })
  );
}

/** Entry (white) or exit (black) criterion: a diamond filling its bounds. */
export function diamond(r: Rect, exit: boolean, stroke = '#222', strokeWidth = 1.2): string {
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  return el('polygon', {
    points: points([
      [cx, r.y],
      [r.x + r.width, cy],
      [cx, r.y + r.height],
      [r.x, cy],
    ]),
    fill: exit ? '#222' : '#fff',
    stroke,
    'stroke-width': strokeWidth,
  });
}

/** Case file item: a page with a folded corner. */
export function documentShape(r: Rect, paint: Paint): string {
  const f = Math.min(12, r.width / 3, r.height / 3);
  const { x, y, width: w, height: h } = r;
  return (
    el('polygon', {
      points: points([
        [x, y],
        [x + w - f, y],
        [x + w, y + f],
        [x + w, y + h],
        [x, y + h],
      ]),
      ...paintAttrs(paint),
    }) + el('polyline', { points: points([[x + w - f, y], [x + w - f, y + f], [x + w, y + f]]), fill: 'none', stroke: paint.stroke, 'stroke-width': 1 })
  );
}

/** Plan fragment: a dashed rounded rectangle. */
export function fragment(r: Rect, paint: Paint): string {
  return roundedRect(r, 10, { ...paint, dash: paint.dash ?? '8,4' });
}

/** Text annotation: an open bracket on the left. */
export function annotationBracket(r: Rect, stroke: string): string {
  const w = Math.min(15, r.width);
  return el('path', {
    d: `M ${num(r.x + w)} ${num(r.y)} L ${num(r.x)} ${num(r.y)} L ${num(r.x)} ${num(r.y + r.height)} L ${num(r.x + w)} ${num(r.y + r.height)}`,
    fill: 'none',
    stroke,
    'stroke-width': 1,
  });
}

// ---------------------------------------------------------------------------------------------
// Icons: each drawn in a 16×16 box whose top-left corner is (x, y).
// ---------------------------------------------------------------------------------------------

const ICON = { fill: 'none', stroke: '#222', 'stroke-width': 1.1, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' } as const;

/** A person: blocking human task, user event listener. */
export function personIcon(x: number, y: number): string {
  return (
    el('circle', { cx: x + 8, cy: y + 4.5, r: 3.5, ...ICON }) +
    el('path', { d: `M ${num(x + 1.5)} ${num(y + 16)} C ${num(x + 1.5)} ${num(y + 10)} ${num(x + 14.5)} ${num(y + 10)} ${num(x + 14.5)} ${num(y + 16)} Z`, ...ICON })
  );
}

/** A hand: non-blocking human task. */
export function handIcon(x: number, y: number): string {
  const p = (dx: number, dy: number) => `${num(x + dx)} ${num(y + dy)}`;
  return el('path', {
    d:
      `M ${p(4, 16)} L ${p(4, 9)} L ${p(2, 6.5)} ` + // wrist, thumb
      `M ${p(4, 9)} L ${p(4, 2.5)} L ${p(6, 2.5)} L ${p(6, 8)} ` + // index finger
      `M ${p(6, 3)} L ${p(6, 1)} L ${p(8, 1)} L ${p(8, 8)} ` + // middle finger
      `M ${p(8, 2)} L ${p(10, 2)} L ${p(10, 8)} ` + // ring finger
      `M ${p(10, 4)} L ${p(12, 4)} L ${p(12, 12)} L ${p(10, 16)}`, // little finger, palm
    ...ICON,
  });
}

/** A chevron: process task. */
export function processIcon(x: number, y: number): string {
  return el('polygon', { points: points([[x, y + 3], [x + 11, y + 3], [x + 16, y + 8], [x + 11, y + 13], [x, y + 13], [x + 5, y + 8]]), ...ICON });
}

/** A folder: case task. */
export function caseIcon(x: number, y: number): string {
  return el('polygon', { points: points([[x, y + 4], [x + 2, y + 1], [x + 7, y + 1], [x + 8, y + 4], [x + 16, y + 4], [x + 16, y + 15], [x, y + 15]]), ...ICON });
}

/** A table: decision task. */
export function decisionIcon(x: number, y: number): string {
  return (
    el('rect', { x, y: y + 2, width: 16, height: 12, ...ICON }) +
    el('path', { d: `M ${num(x)} ${num(y + 6)} L ${num(x + 16)} ${num(y + 6)} M ${num(x + 6)} ${num(y + 2)} L ${num(x + 6)} ${num(y + 14)}`, ...ICON })
  );
}

/** A clock face filling a circle of radius `r` at (cx, cy): timer event listener. */
export function clockIcon(cx: number, cy: number, r: number): string {
  let ticks = '';
  for (let i = 0; i < 12; i++) {
    const a = (i * Math.PI) / 6;
    const inner = r * 0.78;
    ticks += `M ${num(cx + Math.sin(a) * inner)} ${num(cy - Math.cos(a) * inner)} L ${num(cx + Math.sin(a) * r)} ${num(cy - Math.cos(a) * r)} `;
  }
  return (
    el('circle', { cx, cy, r, ...ICON }) +
    el('path', { d: ticks.trim(), ...ICON, 'stroke-width': 0.8 }) +
    el('path', { d: `M ${num(cx)} ${num(cy - r * 0.6)} L ${num(cx)} ${num(cy)} L ${num(cx + r * 0.45)} ${num(cy)}`, ...ICON })
  );
}

// ---------------------------------------------------------------------------------------------
// Decorators (CMMN 1.1 §7.4): along the bottom centre of an item, each in a 12×12 box.
// ---------------------------------------------------------------------------------------------

/** The decorators an item shows, in drawing order. */
export type Decorator = 'autoComplete' | 'manualActivation' | 'required' | 'repetition' | 'expanded' | 'collapsed';

const MARKER = 12;
const MARKER_GAP = 4;

function decorator(kind: Decorator, x: number, y: number): string {
  const p = (dx: number, dy: number) => `${num(x + dx)} ${num(y + dy)}`;
  switch (kind) {
    case 'required':
      return el('path', { d: `M ${p(6, 1)} L ${p(6, 8)}`, ...ICON, 'stroke-width': 1.6 }) + el('circle', { cx: x + 6, cy: y + 10.8, r: 1.1, fill: '#222' });
    case 'manualActivation':
      return el('polygon', { points: points([[x + 2, y + 1], [x + 11, y + 6], [x + 2, y + 11]]), ...ICON });
    case 'repetition':
      return el('path', { d: `M ${p(4.5, 1)} L ${p(3.5, 11)} M ${p(8.5, 1)} L ${p(7.5, 11)} M ${p(1, 4)} L ${p(11, 4)} M ${p(1, 8)} L ${p(11, 8)}`, ...ICON });
    case 'autoComplete':
      return el('rect', { x: x + 2, y: y + 2, width: 8, height: 8, fill: '#222' });
    case 'expanded':
    case 'collapsed':
      return (
        el('rect', { x, y, width: MARKER, height: MARKER, ...ICON }) +
        el('path', { d: kind === 'expanded' ? `M ${p(3, 6)} L ${p(9, 6)}` : `M ${p(3, 6)} L ${p(9, 6)} M ${p(6, 3)} L ${p(6, 9)}`, ...ICON })
      );
  }
}

/** A row of decorators centred on the bottom edge of `r`; the height it takes (0 for none). */
export function decorators(r: Rect, kinds: readonly Decorator[]): { svg: string; height: number } {
  if (kinds.length === 0) return { svg: '', height: 0 };
  const total = kinds.length * MARKER + (kinds.length - 1) * MARKER_GAP;
  let x = r.x + (r.width - total) / 2;
  const y = r.y + r.height - MARKER - 4;
  let svg = '';
  for (const kind of kinds) {
    svg += decorator(kind, x, y);
    x += MARKER + MARKER_GAP;
  }
  return { svg, height: MARKER + 6 };
}

/** The planning table marker, straddling the top edge of `r` at its centre. */
export function planningTableMarker(r: Rect, collapsed: boolean): string {
  const w = 24;
  const h = 14;
  const x = r.x + (r.width - w) / 2;
  const y = r.y - h / 2;
  const p = (dx: number, dy: number) => `${num(x + dx)} ${num(y + dy)}`;
  return el(
    'g',
    { class: 'ck-planning-table' },
    el('rect', { x, y, width: w, height: h, fill: '#fff', stroke: '#222', 'stroke-width': 1 }) +
      el('path', { d: `M ${p(0, 4)} L ${p(w, 4)} M ${p(8, 4)} L ${p(8, h)}`, fill: 'none', stroke: '#222', 'stroke-width': 0.8 }) +
      el('path', { d: collapsed ? `M ${p(13, 9)} L ${p(21, 9)} M ${p(17, 5.5)} L ${p(17, 12.5)}` : `M ${p(13, 9)} L ${p(21, 9)}`, ...ICON }),
  );
}
