/** Which case a render draws, and which diagram shows it: one of the model's CMMNDI, else a computed layout. */
import { layoutDiagram, type Case, type CMMNDiagram, type CMMNEdge, type CMMNShape, type CmmnModel } from '@casekit/core';
import { RenderError, type RenderOptions } from './render-options.js';

/** The shapes and edges to draw, and whether they were computed. */
export interface Diagram {
  readonly elements: readonly (CMMNShape | CMMNEdge)[];
}

/** The diagram showing `theCase`: one of the model's, else a computed layout. */
export function chooseDiagram(model: CmmnModel, theCase: Case | undefined, computed: boolean): Diagram {
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

/** The case to draw: the one named by the options or the snapshot, else the first case a diagram shows, else the first case. */
export function chooseCase(model: CmmnModel, options: RenderOptions): Case | undefined {
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
