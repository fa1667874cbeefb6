/**
 * `renderSvg`: a CMMN 1.1 diagram (§7) as a standalone SVG document, from the model's CMMNDI or,
 * for a model without one, the builder's computed layout; optionally with the live state of a
 * case drawn over it. Pure: no DOM, no browser, no clock; the same inputs give the same bytes.
 */
import type { CmmnModel } from '@casekit/core';
import { chooseCase, chooseDiagram } from './choose-diagram.js';
import { Scene, type Context } from './draw-context.js';
import { drawEdge } from './draw-connectors.js';
import { drawShape } from './draw-shape.js';
import { liveView } from './live.js';
import { legend } from './live-marks.js';
import { indexModel } from './model-index.js';
import type { RenderOptions } from './render-options.js';
import { statePatterns } from './states.js';
import { attrs, el, escapeXml, num } from './xml.js';

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
