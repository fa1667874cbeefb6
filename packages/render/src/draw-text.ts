/** Text in a diagram: lines, text centred in a box, and the labels of shapes and connectors. */
import type { CMMNEdge, CMMNShape } from '@casekit/core';
import { FONT_SIZE, INK, LINE_HEIGHT, SMALL, toRect, type Scene } from './draw-context.js';
import type { Rect } from './shapes.js';
import { FONT_FAMILY, wrapText } from './text.js';
import { el, escapeXml } from './xml.js';

/** Lines of text, each centred on `cx` (or starting at `x` for 'start'), the first baseline at `y`. */
export function textLines(lines: readonly string[], x: number, y: number, anchor: 'middle' | 'start', size = FONT_SIZE, fill = INK, weight?: string): string {
  if (lines.length === 0) return '';
  const spans = lines.map((line, i) => el('tspan', { x, y: y + i * (size + 2) }, escapeXml(line))).join('');
  return el('text', { 'font-family': FONT_FAMILY, 'font-size': size, 'font-weight': weight, 'text-anchor': anchor, fill }, spans);
}

/** Text wrapped and centred inside a box. */
export function centredText(text: string, box: Rect, fill = INK): string {
  const maxLines = Math.max(1, Math.floor(box.height / LINE_HEIGHT));
  const lines = wrapText(text, Math.max(box.width, 10), FONT_SIZE, maxLines);
  const top = box.y + (box.height - lines.length * LINE_HEIGHT) / 2 + FONT_SIZE - 1;
  return textLines(lines, box.x + box.width / 2, top, 'middle', FONT_SIZE, fill);
}

/** Where a label goes: its CMMNLabel bounds when the diagram gives them. */
export function labelBounds(shape: CMMNShape | CMMNEdge): Rect | undefined {
  const b = shape.label?.bounds;
  return b === undefined ? undefined : toRect(b);
}

/** A label under a small shape (event listener, case file item), or in its CMMNLabel bounds. */
export function outsideLabel(scene: Scene, shape: CMMNShape, r: Rect, name: string, fill: string): string {
  if (name === '') return '';
  const given = labelBounds(shape);
  const box = given !== undefined && given.width > 0 && given.height > 0 ? given : { x: r.x + r.width / 2 - 50, y: r.y + r.height + 4, width: 100, height: 3 * LINE_HEIGHT };
  const lines = wrapText(name, box.width, SMALL + 1, Math.max(1, Math.floor(box.height / LINE_HEIGHT)));
  scene.extend({ x: box.x, y: box.y, width: box.width, height: lines.length * LINE_HEIGHT });
  return textLines(lines, box.x + box.width / 2, box.y + SMALL + 1, 'middle', SMALL + 1, fill);
}
