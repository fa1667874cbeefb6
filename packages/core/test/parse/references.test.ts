/**
 * Pass 2 of the parser (model/link.ts): every reference attribute is resolved to the element it
 * names, kept beside the id written in the file; unresolved and wrong-kind references are reported.
 */
import { describe, expect, it } from 'vitest';
import type { CMMNEdge, CMMNShape, DiscretionaryItem, ExitCriterion, PlanItem, PlanItemOnPart, Sentry, UserEventListener } from '@casekit/core';
import { byId, casePlan, load, positionOf, problemsOf } from '../cmmn-text.js';

const model = () =>
  load(
    casePlan(
      `<planItem id="PI_A" definitionRef="A"><exitCriterion id="Exit_A" sentryRef="Sentry_Stop"/></planItem>
<planItem id="PI_B" definitionRef="B"><entryCriterion id="Entry_B" sentryRef="Sentry_After_A"/></planItem>
<planItem id="PI_U" definitionRef="U"/>
<sentry id="Sentry_After_A"><planItemOnPart id="On_A" sourceRef="PI_A" exitCriterionRef="Exit_A"><standardEvent>exit</standardEvent></planItemOnPart></sentry>
<sentry id="Sentry_Stop"><planItemOnPart id="On_U" sourceRef="PI_U"><standardEvent>occur</standardEvent></planItemOnPart></sentry>
<sentry id="Sentry_DI"><planItemOnPart id="On_DI" sourceRef="DI_C"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
<planningTable id="Table"><discretionaryItem id="DI_C" definitionRef="A"/></planningTable>
<task id="A"/>
<humanTask id="B"/>
<userEventListener id="U" authorizedRoleRefs="Role_1 Role_2"/>`,
      '<caseRoles><role id="Role_1" name="one"/><role id="Role_2" name="two"/></caseRoles>',
    ).replace(
      '</definitions>',
      `<cmmndi:CMMNDI><cmmndi:CMMNDiagram id="D"><cmmndi:CMMNShape id="Shape_A" cmmnElementRef="PI_A"/><cmmndi:CMMNEdge id="Edge" cmmnElementRef="On_A" sourceCMMNElementRef="PI_A" targetCMMNElementRef="Entry_B"/></cmmndi:CMMNDiagram></cmmndi:CMMNDI>\n</definitions>`,
    ),
  );

describe('resolved references', () => {
  it('plan item → definition', () => {
    const m = model();
    expect(byId<PlanItem>(m, 'PI_A').definition).toBe(byId(m, 'A'));
    expect(byId<PlanItem>(m, 'PI_B').definition?.kind).toBe('HumanTask');
    expect(byId<DiscretionaryItem>(m, 'DI_C').definition).toBe(byId(m, 'A'));
  });

  it('criterion → sentry', () => {
    const m = model();
    expect(byId<PlanItem>(m, 'PI_B').entryCriteria[0]!.sentry).toBe(byId<Sentry>(m, 'Sentry_After_A'));
    expect(byId<ExitCriterion>(m, 'Exit_A').sentry).toBe(byId<Sentry>(m, 'Sentry_Stop'));
  });

  it('on-part → source plan item or discretionary item, and exitCriterionRef → exit criterion', () => {
    const m = model();
    const onA = byId<PlanItemOnPart>(m, 'On_A');
    expect(onA.source).toBe(byId(m, 'PI_A'));
    expect(onA.exitCriterion).toBe(byId(m, 'Exit_A'));
    expect(onA.exitCriterion).toBe(byId<PlanItem>(m, 'PI_A').exitCriteria[0]);
    expect(byId<PlanItemOnPart>(m, 'On_DI').source).toBe(byId(m, 'DI_C'));
  });

  it('lists of ids → lists of elements, in the order written', () => {
    const m = model();
    const u = byId<UserEventListener>(m, 'U');
    expect(u.authorizedRoleRefs).toEqual(['Role_1', 'Role_2']);
    expect(u.authorizedRoles).toEqual([byId(m, 'Role_1'), byId(m, 'Role_2')]);
  });

  it('diagram elements → model elements', () => {
    const m = model();
    expect(byId<CMMNShape>(m, 'Shape_A').cmmnElement).toBe(byId(m, 'PI_A'));
    const edge = byId<CMMNEdge>(m, 'Edge');
    expect([edge.cmmnElement, edge.sourceCMMNElement, edge.targetCMMNElement]).toEqual([byId(m, 'On_A'), byId(m, 'PI_A'), byId(m, 'Entry_B')]);
  });

  it('the same definition used by several plan items is one object', () => {
    const m = model();
    expect(byId<PlanItem>(m, 'PI_A').definition).toBe(byId<DiscretionaryItem>(m, 'DI_C').definition);
  });
});

describe('references that do not resolve', () => {
  it('keeps the id written and leaves the element undefined (as a draft: the file still loads)', () => {
    const xml = casePlan('<planItem id="PI_A" definitionRef="S"/>\n<sentry id="S"/>');
    const m = load(xml);
    const item = byId<PlanItem>(m, 'PI_A');
    expect(item.definitionRef).toBe('S');
    expect(item.definition).toBeUndefined();
    expect(m.draftWarnings).toEqual([expect.objectContaining({ code: 'WrongReferenceKind', elementId: 'PI_A', ...positionOf(xml, '<planItem') })]);
  });

  it('resolves what it can of a list and reports each id that names nothing', () => {
    const xml = casePlan('<planItem id="PI_U" definitionRef="U"/>\n<userEventListener id="U" authorizedRoleRefs="Role_1 Nobody Role_2 Ghost"/>', '<caseRoles><role id="Role_1"/><role id="Role_2"/></caseRoles>');
    const problems = problemsOf(xml);
    expect(problems.map((p) => [p.code, p.elementId, p.message])).toEqual([
      ['UnresolvedReference', 'U', 'authorizedRoleRefs "Nobody" resolves to nothing'],
      ['UnresolvedReference', 'U', 'authorizedRoleRefs "Ghost" resolves to nothing'],
    ]);
  });

  it('names the nearest ancestor with an id when the referring element has none', () => {
    const xml = casePlan('<planItem id="PI_A" definitionRef="A">\n<entryCriterion sentryRef="Nowhere"/>\n</planItem>\n<task id="A"/>');
    expect(problemsOf(xml)).toEqual([
      expect.objectContaining({ code: 'UnresolvedReference', elementId: 'PI_A', message: 'sentryRef "Nowhere" resolves to nothing', ...positionOf(xml, '<entryCriterion') }),
    ]);
  });

  it('reports a duplicated id once, at its second occurrence', () => {
    const xml = casePlan('<planItem id="PI_A" definitionRef="A"/>\n<task id="A" name="first"/>\n<task id="A" name="second"/>');
    expect(problemsOf(xml)).toEqual([expect.objectContaining({ code: 'DuplicateId', elementId: 'A', ...positionOf(xml, '<task id="A"', 1) })]);
  });

  it('treats an empty reference as absent', () => {
    const xml = casePlan('<planItem id="PI_A" definitionRef=""/>');
    expect(problemsOf(xml).map((p) => p.code)).toEqual(['PlanItemWithoutDefinition']);
  });
});

describe('references to another file', () => {
  it('a caseRef with a file or QName prefix resolves against the cases of the files validated with it', async () => {
    const { safeParseCmmn } = await import('@casekit/core');
    for (const caseRef of ['intake.cmmn#intake_case', 'ns:intake_case', 'intake_case']) {
      const xml = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="D" targetNamespace="urn:t">
        <case id="main"><casePlanModel id="P" name="Main">
          <planItem id="PI" name="Run intake" definitionRef="CT"/>
          <caseTask id="CT" name="Run intake" caseRef="${caseRef}"/>
        </casePlanModel></case></definitions>`;
      const alone = safeParseCmmn(xml);
      const together = safeParseCmmn(xml, { externals: { cases: ['intake_case'] } });
      const codes = (r: typeof alone) => (r.success ? r.model.problems : r.problems).map((p) => p.code);
      expect(codes(alone), caseRef).toContain('UnresolvedExternalReference');
      expect(codes(together), caseRef).not.toContain('UnresolvedExternalReference');
    }
  });
});
