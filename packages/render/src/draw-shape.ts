/** One CMMNShape of the diagram: dispatched by the element it shows; case file items, annotations and planning tables drawn here. */
import { isPlanItemDefinition, type Case, type CmmnElement, type CMMNShape } from '@casekit/core';
import { INK, LINE_HEIGHT, PLAIN, SMALL, toRect, type Context } from './draw-context.js';
import { drawCriterion } from './draw-connectors.js';
import { drawItem, drawPlanModel } from './draw-items.js';
import { outsideLabel, textLines } from './draw-text.js';
import { tooltip } from './live-marks.js';
import { annotationBracket, documentShape, planningTableMarker } from './shapes.js';
import { wrapText } from './text.js';
import { el } from './xml.js';

/** Draws one CMMNShape by the kind of the element it shows; shapes without bounds or element are skipped. */
export function drawShape(ctx: Context, shape: CMMNShape, cases: ReadonlyMap<string, Case>): void {
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
