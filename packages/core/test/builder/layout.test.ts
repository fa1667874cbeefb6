import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCase, createModel, layoutDiagram, on, type CaseBuilder } from '../../src/builder/index.js';
import { toCmmnXml } from '../../src/export/to-cmmn-xml.js';
import type { CmmnModel } from '../../src/model/cmmn-model.js';
import { walkModel, type ModelNode } from '../../src/model/walk.js';
import type { Bounds, CMMNEdge, CMMNShape, CmmnElement, Criterion, PlanItemOnPart, Point } from '../../src/model/types.js';
import { parseCmmn } from '../../src/parse/parse-cmmn.js';
import { claimModel } from './claim-model.js';

function diagramOf(model: CmmnModel) {
  const diagrams = model.definitions.cmmnDi?.diagrams ?? [];
  expect(diagrams).toHaveLength(1);
  const elements = diagrams[0]!.diagramElements;
  const shapes = elements.filter((e): e is CMMNShape => e.kind === 'CMMNShape');
  const edges = elements.filter((e): e is CMMNEdge => e.kind === 'CMMNEdge');
  const shapeOf = (id: string | undefined): Bounds => {
    const shape = shapes.find((s) => s.cmmnElementRef === id);
    if (shape?.bounds === undefined) throw new Error(`no shape for ${id}`);
    return shape.bounds;
  };
  return { diagram: diagrams[0]!, shapes, edges, shapeOf };
}

/** Elements of kinds in `kinds` anywhere in the model's cases. */
function elementsOf<K extends CmmnElement['kind']>(model: CmmnModel, ...kinds: K[]): Extract<CmmnElement, { kind: K }>[] {
  const out: Extract<CmmnElement, { kind: K }>[] = [];
  for (const c of model.cases) {
    walkModel(c as unknown as ModelNode, (node) => {
      if ((kinds as string[]).includes(node.kind)) out.push(node as unknown as Extract<CmmnElement, { kind: K }>);
    });
  }
  return out;
}

const inside = (inner: Bounds, outer: Bounds) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const overlap = (a: Bounds, b: Bounds) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const onBorder = (p: Point, b: Bounds) =>
  ((p.x === b.x || p.x === b.x + b.width) && p.y >= b.y && p.y <= b.y + b.height) ||
  ((p.y === b.y || p.y === b.y + b.height) && p.x >= b.x && p.x <= b.x + b.width);

describe('the generated diagram of the claim case', () => {
  const model = claimModel();
  const { diagram, shapes, edges, shapeOf } = diagramOf(model);
  const plan = model.cases[0]!.casePlanModel!;

  it('has one shape for the case plan model, each item and each criterion, and resolved references', () => {
    const items = elementsOf(model, 'PlanItem', 'DiscretionaryItem');
    const criteria = elementsOf(model, 'EntryCriterion', 'ExitCriterion');
    const expected = [plan.id, ...items.map((i) => i.id), ...criteria.map((c) => c.id), 'CaseFileItem_Photos'];
    expect(shapes.map((s) => s.cmmnElementRef).sort()).toEqual([...expected].sort());
    for (const shape of shapes) {
      expect(shape.cmmnElement?.id).toBe(shape.cmmnElementRef);
      expect(shape.label?.kind).toBe('CMMNLabel');
    }
    expect(diagram.size!.width).toBeGreaterThanOrEqual(shapeOf(plan.id).x + shapeOf(plan.id).width);
    expect(diagram.size!.height).toBeGreaterThanOrEqual(shapeOf(plan.id).y + shapeOf(plan.id).height);
  });

  it('nests shapes in their stage and keeps siblings apart', () => {
    const planBounds = shapeOf(plan.id);
    for (const shape of shapes)
      expect(inside(shape.bounds!, { ...planBounds, x: planBounds.x - 10, width: planBounds.width + 20 })).toBe(true);
    const assessment = plan.planItems.find((i) => i.name === 'Assessment')!;
    const stageBounds = shapeOf(assessment.id);
    for (const name of ['Inspect damage', 'Write assessment', 'Expert opinion']) {
      const item = elementsOf(model, 'PlanItem', 'DiscretionaryItem').find((i) => i.name === name)!;
      expect(inside(shapeOf(item.id), stageBounds)).toBe(true);
    }
    const topLevel = [
      ...plan.planItems.map((i) => i.id),
      'DiscretionaryItem_NotifyCustomer',
      'DiscretionaryItem_RequestMissingDocuments',
      'CaseFileItem_Photos',
    ];
    for (const a of topLevel)
      for (const b of topLevel) if (a !== b) expect(overlap(shapeOf(a), shapeOf(b)), `${a} / ${b}`).toBe(false);
  });

  it('puts entry criteria on the left border and exit criteria on the right border of their item', () => {
    for (const item of [...elementsOf(model, 'PlanItem', 'DiscretionaryItem')]) {
      const host = shapeOf(item.id);
      for (const c of item.entryCriteria) {
        const b = shapeOf(c.id);
        expect(b.x + b.width / 2).toBe(host.x);
        expect(b.y + b.height / 2).toBeGreaterThan(host.y);
        expect(b.y + b.height / 2).toBeLessThan(host.y + host.height);
      }
      for (const c of item.exitCriteria) expect(shapeOf(c.id).x + shapeOf(c.id).width / 2).toBe(host.x + host.width);
    }
    const planBounds = shapeOf(plan.id);
    expect(shapeOf(plan.exitCriteria[0]!.id).x + 10).toBe(planBounds.x + planBounds.width);
  });

  it('draws an edge per on-part and criterion, from the source (or its exit criterion) to the criterion', () => {
    const criteria = elementsOf(model, 'EntryCriterion', 'ExitCriterion') as Criterion[];
    const expected = criteria.flatMap((c) => (c.sentry?.onParts ?? []).map((o) => `${o.id}→${c.id}`));
    const onPartEdges = edges.filter((e) => e.cmmnElementRef !== undefined);
    expect(onPartEdges.map((e) => `${e.cmmnElementRef}→${e.targetCMMNElementRef}`).sort()).toEqual(expected.sort());
    for (const edge of onPartEdges) {
      const onPart = edge.cmmnElement as PlanItemOnPart;
      const sourceId =
        onPart.kind === 'PlanItemOnPart' && onPart.exitCriterionRef !== undefined ? onPart.exitCriterionRef : onPart.sourceRef;
      expect(edge.sourceCMMNElementRef).toBe(sourceId);
      expect(edge.isStandardEventVisible).toBe(true);
      const points = edge.waypoints;
      expect(points.length).toBeGreaterThanOrEqual(2);
      expect(onBorder(points[0]!, shapeOf(sourceId)), `${edge.id} starts on its source`).toBe(true);
      expect(onBorder(points.at(-1)!, shapeOf(edge.targetCMMNElementRef)), `${edge.id} ends on its criterion`).toBe(true);
      for (let i = 1; i < points.length; i++) {
        expect(points[i]!.x === points[i - 1]!.x || points[i]!.y === points[i - 1]!.y, `${edge.id} is orthogonal`).toBe(true);
      }
    }
    const exitEdge = onPartEdges.find((e) => e.cmmnElementRef === 'PlanItemOnPart_Assessment_Exit')!;
    expect(exitEdge.sourceCMMNElementRef).toBe('ExitCriterion_DeadlinePassed');
  });

  it('connects a human task to the discretionary items of its planning table', () => {
    const connections = edges.filter((e) => e.cmmnElementRef === undefined);
    expect(connections.map((e) => [e.sourceCMMNElementRef, e.targetCMMNElementRef])).toEqual([
      ['PlanItem_EscalateOverdueClaim', 'DiscretionaryItem_RequestMissingDocuments'],
    ]);
    const [source, target] = [shapeOf('PlanItem_EscalateOverdueClaim'), shapeOf('DiscretionaryItem_RequestMissingDocuments')];
    expect(target.x).toBeGreaterThan(source.x + source.width);
  });

  it('places items to the right of what their entry criteria wait for', () => {
    const x = (name: string) => shapeOf(plan.planItems.find((i) => i.name === name)!.id).x;
    expect(x('Score fraud risk')).toBeGreaterThan(x('Register claim'));
    expect(x('Claim approved')).toBeGreaterThan(x('Assessment'));
    expect(x('Pay out')).toBeGreaterThan(x('Claim approved'));
  });
});

describe('layout', () => {
  it('draws a stage definition used twice once, the second use collapsed', () => {
    const model = buildCase('Twice', (c) => {
      const visit = c.plan.stage('Visit', {}, (s) => s.humanTask('Examine'));
      c.plan.use(visit.definition, { name: 'Follow-up visit', entryCriteria: [{ on: on(visit, 'complete') }] });
    });
    const { shapes } = diagramOf(model);
    expect(shapes.filter((s) => s.cmmnElementRef === 'PlanItem_Examine')).toHaveLength(1);
    const [first, second] = model.cases[0]!.casePlanModel!.planItems.map((i) => shapes.find((s) => s.cmmnElementRef === i.id)!);
    expect([first!.isCollapsed, second!.isCollapsed]).toEqual([false, true]);
  });

  it('stacks several cases in one diagram (cmmn-js draws the first diagram only)', () => {
    const m = createModel({ name: 'Two cases' });
    m.case('First').plan.task('One');
    m.case('Second').plan.task('Two');
    const { diagram, shapeOf } = diagramOf(m.build());
    expect([diagram.id, diagram.name]).toEqual(['CMMNDiagram_1', 'Two cases']);
    const [first, second] = [shapeOf('CasePlanModel_First'), shapeOf('CasePlanModel_Second')];
    expect(second.y).toBeGreaterThan(first.y + first.height);
    expect(inside(shapeOf('PlanItem_Two'), second)).toBe(true);
  });

  it('adds a diagram to a parsed file that has none', () => {
    const file = fileURLToPath(new URL('../../../../../shared/conformance/03-stage-exit.cmmn', import.meta.url));
    const parsed = parseCmmn(readFileSync(file, 'utf8'));
    expect(parsed.definitions.cmmnDi).toBeUndefined();
    const cmmnDi = layoutDiagram(parsed.definitions, { columnGap: 100 });
    const withDiagram = parseCmmn(toCmmnXml({ ...parsed.definitions, cmmnDi }));
    const { shapes, edges, shapeOf } = diagramOf(withDiagram);
    expect(shapes.map((s) => s.cmmnElementRef).sort()).toEqual(
      ['plan', 'pi_treatment', 'pi_discharged', 'pi_summary', 'pi_physio', 'pi_meds', 'xc_treatment', 'ec_summary'].sort(),
    );
    expect(edges.map((e) => [e.cmmnElementRef, e.sourceCMMNElementRef, e.targetCMMNElementRef])).toEqual([
      ['op_discharged', 'pi_discharged', 'xc_treatment'],
      ['op_treatment_exit', 'xc_treatment', 'ec_summary'],
    ]);
    expect(inside(shapeOf('pi_physio'), shapeOf('pi_treatment'))).toBe(true);
    expect(withDiagram.problems).toEqual(parsed.problems);
  });

  it('takes gaps and an origin', () => {
    const author = (c: CaseBuilder) => {
      const a = c.plan.task('A');
      c.plan.task('B', { entryCriteria: [{ on: on(a, 'complete') }] });
    };
    const tight = diagramOf(buildCase('Gaps', { build: { diagram: { columnGap: 40, origin: { x: 0, y: 0 } } } }, author));
    const wide = diagramOf(buildCase('Gaps', { build: { diagram: { columnGap: 200 } } }, author));
    expect(tight.shapeOf('CasePlanModel_Gaps')).toMatchObject({ x: 0, y: 0 });
    expect(tight.shapeOf('PlanItem_B').x - tight.shapeOf('PlanItem_A').x).toBe(140);
    expect(wide.shapeOf('PlanItem_B').x - wide.shapeOf('PlanItem_A').x).toBe(300);
  });
});
