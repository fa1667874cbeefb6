/**
 * Plans too deep or too large to run are refused at parse time with the limit named (issue 17):
 * stages nest through plan items and discretionary items whose definitions are stages, however the
 * definitions are laid out in the file.
 */
import { describe, expect, it } from 'vitest';
import { parseCmmn, safeParseCmmn, toCmmnXml, type Problem, type Stage } from '@casekit/core';
import { MAX_CASE_PLAN_ITEMS, MAX_STAGE_NESTING } from '../../src/parse/parse-cmmn.js';
import { byId, casePlan, positionOf } from '../cmmn-text.js';

/** The one problem of a refused input. */
function refusal(xml: string): Problem {
  const result = safeParseCmmn(xml);
  expect(result.success).toBe(false);
  expect(result.problems).toHaveLength(1);
  return result.problems[0]!;
}

/**
 * Stages S1…Sn, each used by one plan item of the one before (S1 by the case plan model), the
 * innermost holding a task: the task is nested in n + 1 stages. `layout` puts the definitions side
 * by side in the case plan model, or each inside the stage that uses it.
 */
function chain(n: number, layout: 'flat' | 'nested'): string {
  const task = `<planItem id="PI_T" definitionRef="T"/><task id="T"/>`;
  if (layout === 'flat') {
    const stages = Array.from({ length: n }, (_, k) => {
      const i = k + 1;
      return `<stage id="S${i}">${i < n ? `<planItem id="P${i + 1}" definitionRef="S${i + 1}"/>` : task}</stage>`;
    });
    return casePlan(`<planItem id="P1" definitionRef="S1"/>\n${stages.join('\n')}`);
  }
  let inner = task;
  for (let i = n; i >= 1; i--) inner = `<stage id="S${i}">${inner}</stage>`;
  for (let i = n; i >= 1; i--) inner = inner.replace(`<stage id="S${i}">`, `<stage id="S${i}">${i < n ? `<planItem id="P${i + 1}" definitionRef="S${i + 1}"/>` : ''}`);
  return casePlan(`<planItem id="P1" definitionRef="S1"/>${inner}`);
}

describe('stage nesting', () => {
  it(`is limited to ${MAX_STAGE_NESTING} stages around any item, the case plan model included`, () => {
    expect(MAX_STAGE_NESTING).toBe(64);
  });

  it.each(['flat', 'nested'] as const)('runs a task nested in 64 stages and refuses one in 65 (%s definitions)', (layout) => {
    const model = parseCmmn(chain(63, layout));
    expect(model.problems).toEqual([]);
    expect(byId<Stage>(model, 'S63').planItems[0]!.id).toBe('PI_T');

    const xml = chain(64, layout);
    expect(refusal(xml)).toEqual({
      code: 'InputTooLarge',
      severity: 'error',
      message: 'plan item "PI_T" would be nested in 65 stages (the case plan model and the stages inside it), more than the limit of 64 nested stages',
      elementId: 'PI_T',
      ...positionOf(xml, '<planItem id="PI_T"'),
    });
    // An empty innermost stage holds no item: 64 stages inside the case plan model are fine.
    expect(safeParseCmmn(xml.replace('<planItem id="PI_T" definitionRef="T"/>', '')).success).toBe(true);
  });

  it('refuses the item at the limit when a stage measured at a shallow use is used again deeper', () => {
    // S1 (a chain of 60 stages) is used by the case plan model directly, then again below R1…R10.
    const stages = Array.from({ length: 60 }, (_, k) => `<stage id="S${k + 1}">${k < 59 ? `<planItem id="P${k + 2}" definitionRef="S${k + 2}"/>` : '<planItem id="PI_T" definitionRef="T"/>'}</stage>`);
    const others = Array.from({ length: 10 }, (_, k) => `<stage id="R${k + 1}"><planItem id="Q${k + 2}" definitionRef="${k < 9 ? `R${k + 2}` : 'S1'}"/></stage>`);
    const xml = casePlan(`<planItem id="P1" definitionRef="S1"/><planItem id="Q1" definitionRef="R1"/><task id="T"/>\n${stages.join('\n')}\n${others.join('\n')}`);
    // Q1 is in 1 stage, Q11 (using S1) in 11, P2 in 12, P55 in 65.
    expect(refusal(xml)).toMatchObject({ code: 'InputTooLarge', elementId: 'P55', message: expect.stringContaining('"P55" would be nested in 65 stages'), ...positionOf(xml, '<planItem id="P55"') });
  });

  it('counts discretionary items, and those offered by human tasks, as nested in the stage they are planned into', () => {
    const table = (i: number, next: string) =>
      `<humanTask id="H${i}"><planningTable id="PT${i}"><discretionaryItem id="D${i}" definitionRef="${next}"/></planningTable></humanTask>`;
    const build = (n: number) => {
      // Stage S_i holds a plan item using human task H_i, which offers S_{i+1} for planning; the
      // last stage offers task T in its own planning table.
      const stages = Array.from({ length: n }, (_, k) => {
        const i = k + 1;
        if (i === n) return `<stage id="S${i}"><planningTable id="PT${i}"><discretionaryItem id="D${i}" definitionRef="T"/></planningTable></stage>`;
        return `<stage id="S${i}"><planItem id="PH${i}" definitionRef="H${i}"/>${table(i, `S${i + 1}`)}</stage>`;
      });
      return casePlan(`<planItem id="P1" definitionRef="S1"/><task id="T"/>\n${stages.join('\n')}`);
    };
    expect(safeParseCmmn(build(63)).success).toBe(true);
    const xml = build(64);
    expect(refusal(xml)).toMatchObject({ code: 'InputTooLarge', elementId: 'D64', message: expect.stringMatching(/^discretionary item "D64" would be nested in 65 stages/) });
  });

  it('refuses a discretionary item that plans its own stage into itself', () => {
    const direct = casePlan('<planItem id="P1" definitionRef="S1"/><stage id="S1"><planningTable id="PT"><discretionaryItem id="D1" definitionRef="S1"/></planningTable></stage>');
    expect(refusal(direct)).toMatchObject({
      code: 'InputTooLarge',
      elementId: 'D1',
      message: 'discretionary item "D1" plans stage "S1" inside itself: its stages would nest without end, past the limit of 64 nested stages',
      ...positionOf(direct, '<discretionaryItem'),
    });
    const through = casePlan(
      '<planItem id="P1" definitionRef="S1"/><stage id="S1"><planItem id="P2" definitionRef="S2"/></stage><stage id="S2"><planningTable id="PT"><discretionaryItem id="D1" definitionRef="S1"/></planningTable></stage>',
    );
    expect(refusal(through).message).toBe('discretionary item "D1" plans stage "S1" inside itself (through nested stages): its stages would nest without end, past the limit of 64 nested stages');
  });

  it('refuses a human task offered for planning within its own planning table', () => {
    const direct = casePlan(
      '<planItem id="PH" definitionRef="H"/><humanTask id="H"><planningTable id="T"><discretionaryItem id="D" definitionRef="H"/></planningTable></humanTask>',
    );
    expect(refusal(direct)).toMatchObject({
      code: 'InputTooLarge',
      elementId: 'D',
      message: 'discretionary item "D" offers human task "H" for planning within its own planning table: the items it offers would be expanded without end, past the limit of 100000 items in a case\'s plan',
      ...positionOf(direct, '<discretionaryItem'),
    });
    // Through a second human task, and from the stage's own planning table.
    const through = casePlan(
      '<planningTable id="PT"><discretionaryItem id="D0" definitionRef="H1"/></planningTable>' +
        '<humanTask id="H1"><planningTable id="T1"><discretionaryItem id="D1" definitionRef="H2"/></planningTable></humanTask>' +
        '<humanTask id="H2"><planningTable id="T2"><discretionaryItem id="D2" definitionRef="H1"/></planningTable></humanTask>',
    );
    expect(refusal(through)).toMatchObject({ code: 'InputTooLarge', elementId: 'D2' });
    // Two human tasks offering each other once, without a cycle, are fine.
    const chain = casePlan(
      '<planItem id="PH" definitionRef="H1"/><humanTask id="H1"><planningTable id="T1"><discretionaryItem id="D1" definitionRef="H2"/></planningTable></humanTask><humanTask id="H2"/>',
    );
    expect(safeParseCmmn(chain).success).toBe(true);
  });

  it('leaves a stage used inside itself through plan items alone to RecursiveStage', () => {
    const xml = casePlan('<planItem id="P1" definitionRef="S1"/><stage id="S1"><planItem id="P2" definitionRef="S1"/></stage>');
    expect(safeParseCmmn(xml).problems.map((p) => p.code)).toEqual(['RecursiveStage']);
  });

  it('refuses a chain of 100,000 stage definitions quickly, without exhausting the call stack', () => {
    const xml = chain(100_000, 'flat');
    const start = process.cpuUsage();
    expect(refusal(xml)).toMatchObject({ code: 'InputTooLarge', elementId: 'P65' });
    const used = process.cpuUsage(start);
    // CPU time (not inflated on a loaded machine): reading and linking 6 MB, then a few steps.
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
  });
});

describe('plan size', () => {
  it(`refuses a plan of more than ${MAX_CASE_PLAN_ITEMS} items, each use of a stage counting its items again`, () => {
    expect(MAX_CASE_PLAN_ITEMS).toBe(100_000);
    // Each stage uses the next one twice: 2 + 4 + … + 2^n plan items from 60 definitions.
    const doubling = (n: number) => {
      const stages = Array.from({ length: n }, (_, k) => {
        const i = k + 1;
        const next = i < n ? `S${i + 1}` : 'T';
        return `<stage id="S${i}"><planItem id="A${i}" definitionRef="${next}"/><planItem id="B${i}" definitionRef="${next}"/></stage>`;
      });
      return casePlan(`<planItem id="P1" definitionRef="S1"/><task id="T"/>\n${stages.join('\n')}`);
    };
    // 1 + 2 + 4 + … + 2^15 = 65,535 items: within the limit.
    expect(safeParseCmmn(doubling(15)).success).toBe(true);
    const xml = doubling(16);
    expect(refusal(xml)).toEqual({
      code: 'InputTooLarge',
      severity: 'error',
      message: 'the plan of case "Case_1" would hold 131071 plan items and discretionary items (each use of a stage counts its items again), more than the limit of 100000',
      elementId: 'Plan',
      ...positionOf(xml, '<casePlanModel'),
    });
    const start = process.cpuUsage();
    expect(refusal(doubling(60)).message).toMatch(/^the plan of case "Case_1" would hold \d+ plan items/);
    const used = process.cpuUsage(start);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });
});

describe('deep files whose plans are shallow', () => {
  it('reads, validates and exports 253 stage definitions nested in one another (256 levels of XML) when the plan uses a few', () => {
    // S1 … S253, each defined inside the one before; the case plan model uses S1, S1 uses S2,
    // S2 uses S3: the deeper definitions are there but never planned.
    let inner = '';
    for (let i = 253; i >= 1; i--) inner = `<stage id="S${i}">${i < 3 ? `<planItem id="P${i + 1}" definitionRef="S${i + 1}"/>` : ''}${inner}</stage>`;
    const xml = casePlan(`<planItem id="P1" definitionRef="S1"/>${inner}`);
    const model = parseCmmn(xml);
    expect(model.problems).toEqual([]);
    let stage: Stage | undefined = byId<Stage>(model, 'S1');
    let levels = 0;
    while (stage !== undefined) {
      levels++;
      stage = stage.planItemDefinitions[0] as Stage | undefined;
    }
    expect(levels).toBe(253);
    // (Compared as text: a deep equality walks every path through the resolved references.)
    const exported = toCmmnXml(model);
    expect(toCmmnXml(parseCmmn(exported))).toBe(exported);
  });
});
