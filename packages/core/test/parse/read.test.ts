/**
 * Pass 1 of the parser, element kind by element kind (CMMN 1.1 ch. 5–7): each snippet is read into
 * the typed model with every attribute, child and (resolved) reference.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  NS,
  effectiveLanguage,
  extensionAttribute,
  type Association,
  type Case,
  type CaseFileItem,
  type CaseFileItemDefinition,
  type CaseFileItemOnPart,
  type CaseTask,
  type CMMNEdge,
  type CMMNShape,
  type CmmnModel,
  type Decision,
  type DecisionTask,
  type DiscretionaryItem,
  type EventListener,
  type Expression,
  type HumanTask,
  type Milestone,
  type PlanFragment,
  type PlanItem,
  type PlanItemOnPart,
  type PlanningTable,
  type Process,
  type ProcessTask,
  type Relationship,
  type Sentry,
  type Stage,
  type Task,
  type TextAnnotation,
  type TimerEventListener,
  type UserEventListener,
} from '@casekit/core';
import { SCHEMA } from '../../src/model/schema.js';
import { walkModel, type ModelNode } from '../../src/model/walk.js';
import { byId, casePlan, definitions, load, positionOf, problemsOf } from '../cmmn-text.js';

/** Every kind read by a test of this file, to check at the end that none is left untested. */
const seen = new Set<string>();
function read(xml: string): CmmnModel {
  const model = load(xml);
  walkModel(model.definitions as unknown as ModelNode, (node) => {
    seen.add(node.kind);
    for (const key of ['bounds', 'size']) {
      const value = node[key] as ModelNode | undefined;
      if (value !== undefined) seen.add(value.kind);
    }
    for (const waypoint of (node['waypoints'] as ModelNode[] | undefined) ?? []) seen.add(waypoint.kind);
  });
  return model;
}

afterAll(() => {
  const untested = [...SCHEMA.keys()].filter((kind) => !seen.has(kind));
  expect(untested, 'schema kinds no test of read.test.ts reads').toEqual([]);
});

describe('definitions', () => {
  it('reads its attributes, imports, processes, decisions, case file item definitions and artifacts', () => {
    const model = read(
      definitions(
        `<import id="Import_1" importType="http://www.w3.org/2001/XMLSchema" location="claim.xsd" namespace="urn:claim"/>
<caseFileItemDefinition id="CFID_1" name="Claim" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/XSDComplexType" structureRef="claim:Claim" importRef="Import_1">
  <property id="Prop_1" name="amount" type="http://www.omg.org/spec/CMMN/PropertyType/integer"/>
</caseFileItemDefinition>
<case id="Case_1"><casePlanModel id="Plan"/></case>
<process id="Process_1" name="Pay out" implementationType="http://www.omg.org/spec/CMMN/ProcessType/Unspecified" externalRef="payout"/>
<decision id="Decision_1" name="Risk" implementationType="http://www.omg.org/spec/CMMN/DecisionType/Unspecified" externalRef="risk"/>
<relationship id="Rel_1" type="dependsOn" direction="forward"><source>Case_1</source><target>Process_1</target></relationship>
<textAnnotation id="Note_1" textFormat="text/plain"><text>Check the amount</text></textAnnotation>
<association id="Assoc_1" sourceRef="Note_1" targetRef="Case_1" associationDirection="None"/>`,
        'name="Claims" expressionLanguage="http://www.w3.org/1999/XPath" exporter="casekit" exporterVersion="1.0" author="me" creationDate="2024-01-01T00:00:00Z"',
      ),
    );
    const d = model.definitions;
    expect(d).toMatchObject({
      kind: 'Definitions',
      id: 'Defs',
      name: 'Claims',
      targetNamespace: 'urn:test',
      expressionLanguage: 'http://www.w3.org/1999/XPath',
      exporter: 'casekit',
      exporterVersion: '1.0',
      author: 'me',
      creationDate: '2024-01-01T00:00:00Z',
    });
    expect(d.imports).toEqual([
      expect.objectContaining({ kind: 'Import', id: 'Import_1', importType: 'http://www.w3.org/2001/XMLSchema', location: 'claim.xsd', namespace: 'urn:claim' }),
    ]);
    const cfid = byId<CaseFileItemDefinition>(model, 'CFID_1');
    expect(cfid).toMatchObject({ kind: 'CaseFileItemDefinition', name: 'Claim', structureRef: 'claim:Claim', importRef: 'Import_1' });
    expect(cfid.properties).toEqual([expect.objectContaining({ kind: 'Property', id: 'Prop_1', name: 'amount', type: 'http://www.omg.org/spec/CMMN/PropertyType/integer' })]);
    expect(byId<Process>(model, 'Process_1')).toMatchObject({ kind: 'Process', name: 'Pay out', externalRef: 'payout', implementationType: 'http://www.omg.org/spec/CMMN/ProcessType/Unspecified' });
    expect(byId<Decision>(model, 'Decision_1')).toMatchObject({ kind: 'Decision', name: 'Risk', externalRef: 'risk' });
    expect(byId<Relationship>(model, 'Rel_1')).toMatchObject({ kind: 'Relationship', type: 'dependsOn', direction: 'forward', sources: ['Case_1'], targets: ['Process_1'] });
    expect(byId<TextAnnotation>(model, 'Note_1')).toMatchObject({ kind: 'TextAnnotation', textFormat: 'text/plain', text: 'Check the amount' });
    const association = byId<Association>(model, 'Assoc_1');
    expect(association.source).toBe(byId(model, 'Note_1'));
    expect(association.target).toBe(model.findCase('Case_1'));
    expect(d.artifacts.map((a) => a.kind)).toEqual(['TextAnnotation', 'Association']);
    expect(model.problems).toEqual([]);
  });

  it('keeps the root namespace declarations for the exporter', () => {
    const model = read(definitions('<case id="Case_1"><casePlanModel id="Plan"/></case>'));
    expect(model.namespaces).toContainEqual({ prefix: '', uri: NS.cmmn });
    expect(model.namespaces).toContainEqual({ prefix: 'flowable', uri: NS.flowable });
  });

  it('reads documentation of any element', () => {
    const model = read(
      casePlan('<humanTask id="T"><documentation id="Doc_1" textFormat="text/markdown">Call the *client*</documentation></humanTask>'),
    );
    expect(byId<HumanTask>(model, 'T').documentation).toEqual([
      { kind: 'Documentation', id: 'Doc_1', textFormat: 'text/markdown', text: 'Call the *client*' },
    ]);
  });
});

describe('case', () => {
  it('reads the case file model: nested children, multiplicity, definitionRef, sourceRef and targetRefs', () => {
    const model = read(
      definitions(`<caseFileItemDefinition id="CFID_Claim" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/Unspecified"/>
<case id="Case_1" name="Claim handling">
  <caseFileModel id="CFM">
    <caseFileItem id="Claim" name="claim" multiplicity="ExactlyOne" definitionRef="CFID_Claim" targetRefs="Payment Invoice">
      <children id="Claim_children">
        <caseFileItem id="Damage" name="damage" multiplicity="ZeroOrMore" definitionRef="CFID_Claim">
          <children><caseFileItem id="Photo" name="photo" multiplicity="OneOrMore"/></children>
        </caseFileItem>
      </children>
    </caseFileItem>
    <caseFileItem id="Payment" name="payment" multiplicity="ZeroOrOne" sourceRef="Claim"/>
    <caseFileItem id="Invoice" name="invoice"/>
  </caseFileModel>
  <casePlanModel id="Plan"/>
</case>`),
    );
    const c = model.findCase()!;
    expect(c).toMatchObject({ kind: 'Case', id: 'Case_1', name: 'Claim handling' });
    expect(c.caseFileModel?.kind).toBe('CaseFile');
    const [claim, payment, invoice] = c.caseFileModel!.caseFileItems as [CaseFileItem, CaseFileItem, CaseFileItem];
    expect(claim).toMatchObject({ kind: 'CaseFileItem', name: 'claim', multiplicity: 'ExactlyOne', definitionRef: 'CFID_Claim', targetRefs: ['Payment', 'Invoice'] });
    expect(claim.definition).toBe(byId(model, 'CFID_Claim'));
    expect(claim.targets).toEqual([payment, invoice]);
    expect(claim.children?.kind).toBe('Children');
    const damage = claim.children!.caseFileItems[0]!;
    expect(damage).toMatchObject({ name: 'damage', multiplicity: 'ZeroOrMore' });
    expect(damage.children!.caseFileItems[0]).toMatchObject({ id: 'Photo', multiplicity: 'OneOrMore' });
    expect(payment.source).toBe(claim);
    expect(invoice.multiplicity).toBeUndefined();
  });

  it('reads CMMN 1.1 roles: <caseRoles><role/></caseRoles>', () => {
    const model = read(
      definitions(`<case id="Case_1">
  <caseRoles id="Roles"><role id="Role_Clerk" name="clerk"/><role id="Role_Manager" name="manager"/></caseRoles>
  <casePlanModel id="Plan"><planItem id="PI_T" definitionRef="T"/><humanTask id="T" performerRef="Role_Manager"/></casePlanModel>
</case>`),
    );
    const roles = model.findCase()!.caseRoles!;
    expect(roles).toMatchObject({ kind: 'CaseRoles', id: 'Roles' });
    expect(roles.roles.map((r) => [r.kind, r.id, r.name])).toEqual([
      ['Role', 'Role_Clerk', 'clerk'],
      ['Role', 'Role_Manager', 'manager'],
    ]);
    expect(byId<HumanTask>(model, 'T').performer).toBe(roles.roles[1]);
  });

  it('reads CMMN 1.0 roles: one <caseRoles id name/> element per role', () => {
    const model = read(
      definitions(`<case id="Case_1">
  <caseRoles id="Role_Clerk" name="clerk"/>
  <caseRoles id="Role_Manager" name="manager"/>
  <casePlanModel id="Plan"><planItem id="PI_T" definitionRef="T"/><humanTask id="T" performerRef="Role_Clerk"/></casePlanModel>
</case>`),
    );
    const roles = model.findCase()!.caseRoles!;
    expect(roles.kind).toBe('CaseRoles');
    expect(roles.roles.map((r) => [r.kind, r.id, r.name])).toEqual([
      ['Role', 'Role_Clerk', 'clerk'],
      ['Role', 'Role_Manager', 'manager'],
    ]);
    expect(byId<HumanTask>(model, 'T').performer).toBe(roles.roles[0]);
    expect(model.problems).toEqual([]);
  });

  it('reads case parameters with bindingRef and bindingRefinement', () => {
    const model = read(
      definitions(`<case id="Case_1">
  <caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>
  <casePlanModel id="Plan"/>
  <input id="In_1" name="claimIn" bindingRef="Claim"><bindingRefinement id="Refine_1" language="http://www.w3.org/1999/XPath">claim/amount</bindingRefinement></input>
  <output id="Out_1" name="claimOut" bindingRef="Claim"/>
</case>`),
    );
    const c = model.findCase()!;
    expect(c.inputs).toHaveLength(1);
    expect(c.inputs[0]).toMatchObject({ kind: 'CaseParameter', id: 'In_1', name: 'claimIn', bindingRef: 'Claim' });
    expect(c.inputs[0]!.binding).toBe(byId(model, 'Claim'));
    expect(c.inputs[0]!.bindingRefinement).toMatchObject({ kind: 'Expression', language: 'http://www.w3.org/1999/XPath', body: 'claim/amount' });
    expect(c.outputs[0]).toMatchObject({ kind: 'CaseParameter', name: 'claimOut' });
  });
});

describe('stages and plan items', () => {
  it('reads the case plan model as a Stage with autoComplete, plan items, sentries and exit criteria', () => {
    const model = read(
      casePlan(`<planItem id="PI_A" name="A" definitionRef="A"/>
<sentry id="Exit_Sentry"><planItemOnPart id="OnA" sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
<task id="A" name="Task A"/>
<exitCriterion id="Plan_Exit" name="done" sentryRef="Exit_Sentry"/>`),
    );
    const plan = model.findCase()!.casePlanModel!;
    expect(plan).toMatchObject({ kind: 'Stage', id: 'Plan', name: 'Plan', autoComplete: undefined });
    expect(plan.planItems.map((p) => p.id)).toEqual(['PI_A']);
    expect(plan.sentries.map((s) => s.id)).toEqual(['Exit_Sentry']);
    expect(plan.planItemDefinitions.map((d) => d.id)).toEqual(['A']);
    expect(plan.exitCriteria).toEqual([expect.objectContaining({ kind: 'ExitCriterion', id: 'Plan_Exit', name: 'done', sentryRef: 'Exit_Sentry' })]);
    expect(plan.exitCriteria[0]!.sentry).toBe(plan.sentries[0]);
  });

  it('reads nested stages with their own plan items, definitions and autoComplete', () => {
    const model = read(
      casePlan(`<planItem id="PI_Outer" definitionRef="Outer"/>
<stage id="Outer" name="Outer" autoComplete="true">
  <planItem id="PI_Inner" definitionRef="Inner"/>
  <stage id="Inner" name="Inner" autoComplete="false">
    <planItem id="PI_Leaf" definitionRef="Leaf"/>
    <task id="Leaf"/>
  </stage>
</stage>`),
    );
    const outer = byId<Stage>(model, 'Outer');
    expect(outer.autoComplete).toBe(true);
    const inner = outer.planItemDefinitions[0] as Stage;
    expect(inner).toMatchObject({ kind: 'Stage', id: 'Inner', autoComplete: false });
    expect(byId<PlanItem>(model, 'PI_Inner').definition).toBe(inner);
    expect(byId<PlanItem>(model, 'PI_Leaf').definition).toBe(byId(model, 'Leaf'));
  });

  it('reads every plan item definition kind', () => {
    const model = read(
      definitions(`<case id="Case_1">
  <caseRoles><role id="Role_1" name="clerk"/></caseRoles>
  <casePlanModel id="Plan">
    <planItem id="PI_Stage" definitionRef="Stage_1"/>
    <planItem id="PI_Task" definitionRef="Task_1"/>
    <planItem id="PI_Human" definitionRef="Human_1"/>
    <planItem id="PI_Case" definitionRef="CaseTask_1"/>
    <planItem id="PI_Process" definitionRef="ProcessTask_1"/>
    <planItem id="PI_Decision" definitionRef="DecisionTask_1"/>
    <planItem id="PI_Milestone" definitionRef="Milestone_1"/>
    <planItem id="PI_Event" definitionRef="Event_1"/>
    <planItem id="PI_User" definitionRef="User_1"/>
    <planItem id="PI_Timer" definitionRef="Timer_1"/>
    <stage id="Stage_1" name="stage"/>
    <planFragment id="Fragment_1" name="fragment">
      <planItem id="PI_InFragment" definitionRef="Task_1"/>
      <sentry id="Fragment_Sentry"/>
    </planFragment>
    <task id="Task_1" name="task" isBlocking="false"/>
    <humanTask id="Human_1" name="human" isBlocking="true" performerRef="Role_1"/>
    <caseTask id="CaseTask_1" name="case task" caseRef="Case_2" isBlocking="true"/>
    <processTask id="ProcessTask_1" name="process task" processRef="Process_1" isBlocking="false"/>
    <decisionTask id="DecisionTask_1" name="decision task" decisionRef="Decision_1"/>
    <milestone id="Milestone_1" name="milestone"/>
    <eventListener id="Event_1" name="listener"/>
    <userEventListener id="User_1" name="user event" authorizedRoleRefs="Role_1"/>
    <timerEventListener id="Timer_1" name="timer"><timerExpression id="Timer_1_expr">PT1H</timerExpression></timerEventListener>
  </casePlanModel>
</case>
<case id="Case_2"><casePlanModel id="Plan_2"/></case>
<process id="Process_1"/>
<decision id="Decision_1"/>`),
    );
    const kinds = Object.fromEntries(
      model.findCase('Case_1')!.casePlanModel!.planItems.map((p) => [p.id, p.definition?.kind]),
    );
    expect(kinds).toEqual({
      PI_Stage: 'Stage',
      PI_Task: 'Task',
      PI_Human: 'HumanTask',
      PI_Case: 'CaseTask',
      PI_Process: 'ProcessTask',
      PI_Decision: 'DecisionTask',
      PI_Milestone: 'Milestone',
      PI_Event: 'EventListener',
      PI_User: 'UserEventListener',
      PI_Timer: 'TimerEventListener',
    });
    expect(byId<PlanFragment>(model, 'Fragment_1')).toMatchObject({ kind: 'PlanFragment', name: 'fragment' });
    expect(byId<PlanFragment>(model, 'Fragment_1').planItems.map((p) => p.id)).toEqual(['PI_InFragment']);
    expect(byId<PlanFragment>(model, 'Fragment_1').sentries.map((s) => s.id)).toEqual(['Fragment_Sentry']);
    expect(byId<Task>(model, 'Task_1').isBlocking).toBe(false);
    expect(byId<HumanTask>(model, 'Human_1')).toMatchObject({ isBlocking: true, performerRef: 'Role_1' });
    expect(byId<HumanTask>(model, 'Human_1').performer).toBe(byId(model, 'Role_1'));
    expect(byId<CaseTask>(model, 'CaseTask_1').case).toBe(model.findCase('Case_2'));
    expect(byId<ProcessTask>(model, 'ProcessTask_1')).toMatchObject({ processRef: 'Process_1', isBlocking: false });
    expect(byId<ProcessTask>(model, 'ProcessTask_1').process).toBe(byId(model, 'Process_1'));
    expect(byId<DecisionTask>(model, 'DecisionTask_1').decision).toBe(byId(model, 'Decision_1'));
    expect(byId<DecisionTask>(model, 'DecisionTask_1').isBlocking).toBeUndefined();
    expect(byId<Milestone>(model, 'Milestone_1').kind).toBe('Milestone');
    expect(byId<EventListener>(model, 'Event_1').kind).toBe('EventListener');
    expect(byId<UserEventListener>(model, 'User_1').authorizedRoles).toEqual([byId(model, 'Role_1')]);
    expect(byId<TimerEventListener>(model, 'Timer_1').timerExpression).toMatchObject({ kind: 'Expression', id: 'Timer_1_expr', body: 'PT1H' });
  });

  it('reads plan items with entry and exit criteria and an item control', () => {
    const model = read(
      casePlan(`<caseFileModel/>
<planItem id="PI_A" definitionRef="A"/>
<planItem id="PI_B" name="B" definitionRef="B">
  <itemControl id="Control_B">
    <repetitionRule id="Rep_B" name="again"><condition id="Rep_B_cond">\${count &lt; 3}</condition></repetitionRule>
    <requiredRule id="Req_B"/>
    <manualActivationRule id="Manual_B" contextRef="Claim"><condition>\${true}</condition></manualActivationRule>
  </itemControl>
  <entryCriterion id="Entry_B1" name="after A" sentryRef="Sentry_1"/>
  <entryCriterion id="Entry_B2" sentryRef="Sentry_2"/>
  <exitCriterion id="Exit_B" sentryRef="Sentry_2"/>
</planItem>
<sentry id="Sentry_1"><planItemOnPart sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
<sentry id="Sentry_2"><planItemOnPart sourceRef="PI_A"><standardEvent>exit</standardEvent></planItemOnPart></sentry>
<task id="A"/>
<task id="B"/>`.replace('<caseFileModel/>\n', ''),
        '<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>',
      ),
    );
    const b = byId<PlanItem>(model, 'PI_B');
    expect(b.name).toBe('B');
    expect(b.entryCriteria.map((c) => [c.kind, c.id, c.name, c.sentry?.id])).toEqual([
      ['EntryCriterion', 'Entry_B1', 'after A', 'Sentry_1'],
      ['EntryCriterion', 'Entry_B2', undefined, 'Sentry_2'],
    ]);
    expect(b.exitCriteria.map((c) => [c.kind, c.id, c.sentry?.id])).toEqual([['ExitCriterion', 'Exit_B', 'Sentry_2']]);
    const control = b.itemControl!;
    expect(control).toMatchObject({ kind: 'PlanItemControl', id: 'Control_B' });
    expect(control.repetitionRule).toMatchObject({ kind: 'RepetitionRule', id: 'Rep_B', name: 'again' });
    expect(control.repetitionRule!.condition).toMatchObject({ kind: 'Expression', id: 'Rep_B_cond', body: '${count < 3}' });
    expect(control.requiredRule).toMatchObject({ kind: 'RequiredRule', id: 'Req_B', condition: undefined });
    expect(control.manualActivationRule).toMatchObject({ kind: 'ManualActivationRule', contextRef: 'Claim' });
    expect(control.manualActivationRule!.context).toBe(byId(model, 'Claim'));
  });

  it('reads default controls of plan item definitions', () => {
    const model = read(
      casePlan(`<planItem id="PI_A" definitionRef="A"/>
<planItem id="PI_M" definitionRef="M"/>
<humanTask id="A"><defaultControl id="Default_A"><manualActivationRule id="Manual_A"/><requiredRule><condition>\${true}</condition></requiredRule></defaultControl></humanTask>
<milestone id="M"><defaultControl><repetitionRule/></defaultControl></milestone>`),
    );
    const a = byId<HumanTask>(model, 'A');
    expect(a.defaultControl).toMatchObject({ kind: 'PlanItemControl', id: 'Default_A' });
    expect(a.defaultControl!.manualActivationRule).toMatchObject({ kind: 'ManualActivationRule', id: 'Manual_A', condition: undefined });
    expect(a.defaultControl!.requiredRule!.condition!.body).toBe('${true}');
    expect(byId<Milestone>(model, 'M').defaultControl!.repetitionRule?.kind).toBe('RepetitionRule');
    expect(byId<PlanItem>(model, 'PI_A').itemControl).toBeUndefined();
  });
});

describe('sentries', () => {
  const sentryModel = () =>
    read(
      casePlan(
        `<planItem id="PI_A" definitionRef="A"><exitCriterion id="Exit_A" sentryRef="Exit_Sentry"/></planItem>
<planItem id="PI_B" definitionRef="B"><entryCriterion id="Entry_B" sentryRef="Sentry_B"/></planItem>
<sentry id="Sentry_B" name="when A exits through Exit_A and the claim is updated">
  <planItemOnPart id="On_A" name="A exits" sourceRef="PI_A" exitCriterionRef="Exit_A"><standardEvent>exit</standardEvent></planItemOnPart>
  <caseFileItemOnPart id="On_Claim" sourceRef="Claim"><standardEvent>update</standardEvent></caseFileItemOnPart>
  <ifPart id="If_B" contextRef="Claim"><condition id="If_B_cond" language="http://www.w3.org/1999/XPath">\${claim.amount &gt; 1000}</condition></ifPart>
</sentry>
<sentry id="Exit_Sentry"><ifPart><condition>\${cancelled}</condition></ifPart></sentry>
<task id="A"/>
<task id="B"/>`,
        '<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>',
      ),
    );

  it('reads plan item on-parts with standardEvent and exitCriterionRef', () => {
    const model = sentryModel();
    const sentry = byId<Sentry>(model, 'Sentry_B');
    expect(sentry).toMatchObject({ kind: 'Sentry', name: 'when A exits through Exit_A and the claim is updated' });
    const onA = sentry.onParts[0] as PlanItemOnPart;
    expect(onA).toMatchObject({ kind: 'PlanItemOnPart', id: 'On_A', name: 'A exits', sourceRef: 'PI_A', standardEvent: 'exit', exitCriterionRef: 'Exit_A' });
    expect(onA.source).toBe(byId(model, 'PI_A'));
    expect(onA.exitCriterion).toBe(byId(model, 'Exit_A'));
  });

  it('reads case file item on-parts', () => {
    const model = sentryModel();
    const onClaim = byId<CaseFileItemOnPart>(model, 'On_Claim');
    expect(onClaim).toMatchObject({ kind: 'CaseFileItemOnPart', sourceRef: 'Claim', standardEvent: 'update' });
    expect(onClaim.source).toBe(byId(model, 'Claim'));
  });

  it('reads if-parts with condition and contextRef', () => {
    const model = sentryModel();
    const ifPart = byId<Sentry>(model, 'Sentry_B').ifPart!;
    expect(ifPart).toMatchObject({ kind: 'IfPart', id: 'If_B', contextRef: 'Claim' });
    expect(ifPart.context).toBe(byId(model, 'Claim'));
    expect(ifPart.condition).toMatchObject({ id: 'If_B_cond', language: 'http://www.w3.org/1999/XPath', body: '${claim.amount > 1000}' });
    expect(byId<Sentry>(model, 'Exit_Sentry').onParts).toEqual([]);
  });
});

describe('planning tables', () => {
  it('reads nested planning tables, discretionary items and applicability rules', () => {
    const model = read(
      casePlan(
        `<planItem id="PI_Review" definitionRef="Review"/>
<sentry id="Sentry_1"/>
<planningTable id="Table_Outer" applicabilityRuleRefs="Rule_Big" authorizedRoleRefs="Role_Manager">
  <discretionaryItem id="DI_Audit" name="audit" definitionRef="Audit" applicabilityRuleRefs="Rule_Big" authorizedRoleRefs="Role_Manager Role_Clerk">
    <itemControl><manualActivationRule/></itemControl>
    <entryCriterion id="DI_Audit_entry" sentryRef="Sentry_1"/>
    <exitCriterion id="DI_Audit_exit" sentryRef="Sentry_1"/>
  </discretionaryItem>
  <planningTable id="Table_Inner">
    <discretionaryItem id="DI_Call" definitionRef="Call"/>
  </planningTable>
  <applicabilityRule id="Rule_Big" name="big claims" contextRef="Claim"><condition>\${claim.amount &gt; 1000}</condition></applicabilityRule>
</planningTable>
<humanTask id="Review">
  <planningTable id="Table_Review"><discretionaryItem id="DI_Escalate" definitionRef="Call"/></planningTable>
</humanTask>
<task id="Audit"/>
<humanTask id="Call"/>`,
        `<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>
<caseRoles><role id="Role_Manager" name="manager"/><role id="Role_Clerk" name="clerk"/></caseRoles>`,
      ),
    );
    const outer = byId<PlanningTable>(model, 'Table_Outer');
    expect(outer.tableItems.map((t) => [t.kind, t.id])).toEqual([
      ['DiscretionaryItem', 'DI_Audit'],
      ['PlanningTable', 'Table_Inner'],
    ]);
    expect(outer.applicabilityRules).toEqual([expect.objectContaining({ kind: 'ApplicabilityRule', id: 'Rule_Big', name: 'big claims' })]);
    expect(outer.applicabilityRulesApplied).toEqual([byId(model, 'Rule_Big')]);
    expect(outer.authorizedRoles).toEqual([byId(model, 'Role_Manager')]);
    expect(outer.applicabilityRules[0]!.context).toBe(byId(model, 'Claim'));
    const audit = byId<DiscretionaryItem>(model, 'DI_Audit');
    expect(audit).toMatchObject({ name: 'audit', definitionRef: 'Audit', authorizedRoleRefs: ['Role_Manager', 'Role_Clerk'] });
    expect(audit.definition).toBe(byId(model, 'Audit'));
    expect(audit.applicabilityRulesApplied).toEqual([byId(model, 'Rule_Big')]);
    expect(audit.authorizedRoles.map((r) => r.id)).toEqual(['Role_Manager', 'Role_Clerk']);
    expect(audit.itemControl?.manualActivationRule?.kind).toBe('ManualActivationRule');
    expect(audit.entryCriteria[0]!.sentry).toBe(byId(model, 'Sentry_1'));
    expect(audit.exitCriteria[0]!.sentry).toBe(byId(model, 'Sentry_1'));
    expect((byId<PlanningTable>(model, 'Table_Inner').tableItems[0] as DiscretionaryItem).definition).toBe(byId(model, 'Call'));
    expect(byId<HumanTask>(model, 'Review').planningTable!.tableItems.map((t) => t.id)).toEqual(['DI_Escalate']);
  });
});

describe('expressions', () => {
  it('keeps the language attribute and the body text, CDATA included, untrimmed', () => {
    const model = read(
      casePlan(`<sentry id="S"><ifPart><condition id="C1" language="jsonlogic">
  <![CDATA[{"and": [{"var": "a"}, {"<": [{"var": "b"}, 3]}]}]]>
</condition></ifPart></sentry>`),
    );
    const condition = byId<Expression>(model, 'C1');
    expect(condition.language).toBe('jsonlogic');
    expect(condition.body).toBe('\n  {"and": [{"var": "a"}, {"<": [{"var": "b"}, 3]}]}\n');
  });

  it('reads CDATA literally: no entity decoding, && and < stay as written', () => {
    const model = read(casePlan('<sentry id="S"><ifPart><condition id="C1"><![CDATA[${a &&b && c < 3 && d == "&amp;"}]]></condition></ifPart></sentry>'));
    expect(byId<Expression>(model, 'C1').body).toBe('${a &&b && c < 3 && d == "&amp;"}');
  });

  it('decodes entities and character references outside CDATA', () => {
    const model = read(casePlan('<sentry id="S"><ifPart><condition id="C1">${a &amp;&amp; b &lt; 3 &amp;&amp; c == &quot;&#x41;&#66;&apos;&quot;}</condition></ifPart></sentry>'));
    expect(byId<Expression>(model, 'C1').body).toBe(`\${a && b < 3 && c == "AB'"}`);
  });

  it('inherits the definitions expressionLanguage where an expression declares none', () => {
    const model = read(
      casePlan(
        '<sentry id="S"><ifPart><condition id="C1">${a}</condition></ifPart></sentry><sentry id="S2"><ifPart><condition id="C2" language="jsonlogic">{"var":"a"}</condition></ifPart></sentry>',
        '',
        'expressionLanguage="http://www.omg.org/spec/CMMN/ExpressionLanguage/juel"',
      ),
    );
    const c1 = byId<Expression>(model, 'C1');
    expect(c1.language).toBeUndefined();
    expect(effectiveLanguage(c1, model.definitions)).toBe('http://www.omg.org/spec/CMMN/ExpressionLanguage/juel');
    expect(effectiveLanguage(byId<Expression>(model, 'C2'), model.definitions)).toBe('jsonlogic');
  });
});

describe('timer event listeners', () => {
  it('reads a plan item start trigger', () => {
    const model = read(
      casePlan(`<planItem id="PI_A" definitionRef="A"/>
<planItem id="PI_Timer" definitionRef="Timer"/>
<task id="A"/>
<timerEventListener id="Timer">
  <timerExpression id="Timer_expr">R3/PT1H</timerExpression>
  <planItemStartTrigger id="Trigger" sourceRef="PI_A"><standardEvent>start</standardEvent></planItemStartTrigger>
</timerEventListener>`),
    );
    const timer = byId<TimerEventListener>(model, 'Timer');
    expect(timer.timerExpression!.body).toBe('R3/PT1H');
    expect(timer.timerStart).toMatchObject({ kind: 'PlanItemStartTrigger', id: 'Trigger', sourceRef: 'PI_A', standardEvent: 'start' });
    expect(timer.timerStart!.source).toBe(byId(model, 'PI_A'));
  });

  it('reads a case file item start trigger', () => {
    const model = read(
      casePlan(
        `<planItem id="PI_Timer" definitionRef="Timer"/>
<timerEventListener id="Timer">
  <timerExpression>PT5M</timerExpression>
  <caseFileItemStartTrigger id="Trigger" sourceRef="Claim"><standardEvent>create</standardEvent></caseFileItemStartTrigger>
</timerEventListener>`,
        '<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>',
      ),
    );
    const timer = byId<TimerEventListener>(model, 'Timer');
    expect(timer.timerStart).toMatchObject({ kind: 'CaseFileItemStartTrigger', sourceRef: 'Claim', standardEvent: 'create' });
    expect(timer.timerStart!.source).toBe(byId(model, 'Claim'));
  });
});

describe('tasks with parameters and mappings', () => {
  it('reads inputs, outputs and parameter mappings with transformations', () => {
    const model = read(
      definitions(`<case id="Case_1">
  <casePlanModel id="Plan">
    <planItem id="PI_P" definitionRef="P"/>
    <planItem id="PI_C" definitionRef="C"/>
    <planItem id="PI_D" definitionRef="D"/>
    <processTask id="P" processRef="Process_1">
      <input id="P_in" name="amount"/>
      <output id="P_out" name="paid"/>
      <parameterMapping id="Map_in" sourceRef="P_in" targetRef="Proc_in"><transformation id="Map_in_t" language="el">\${amount * 100}</transformation></parameterMapping>
      <parameterMapping id="Map_out" sourceRef="Proc_out" targetRef="P_out"/>
    </processTask>
    <caseTask id="C" caseRef="Case_2">
      <input id="C_in" name="x"/>
      <parameterMapping id="Map_case" sourceRef="C_in" targetRef="Case_2_in"/>
    </caseTask>
    <decisionTask id="D" decisionRef="Decision_1">
      <output id="D_out" name="risk"/>
      <parameterMapping id="Map_decision" sourceRef="Dec_out" targetRef="D_out"/>
    </decisionTask>
  </casePlanModel>
</case>
<case id="Case_2"><casePlanModel id="Plan_2"/><input id="Case_2_in" name="x"/></case>
<process id="Process_1"><input id="Proc_in" name="amountInCents"/><output id="Proc_out" name="paid"/></process>
<decision id="Decision_1"><output id="Dec_out" name="risk"/></decision>`),
    );
    const p = byId<ProcessTask>(model, 'P');
    expect(p.inputs.map((i) => [i.kind, i.name])).toEqual([['CaseParameter', 'amount']]);
    expect(p.outputs.map((i) => [i.kind, i.name])).toEqual([['CaseParameter', 'paid']]);
    const [mapIn, mapOut] = p.parameterMappings;
    expect(mapIn).toMatchObject({ kind: 'ParameterMapping', sourceRef: 'P_in', targetRef: 'Proc_in' });
    expect(mapIn!.source).toBe(byId(model, 'P_in'));
    expect(mapIn!.target).toMatchObject({ kind: 'ProcessParameter', name: 'amountInCents' });
    expect(mapIn!.transformation).toMatchObject({ kind: 'Expression', language: 'el', body: '${amount * 100}' });
    expect(mapOut!.source).toMatchObject({ kind: 'ProcessParameter', id: 'Proc_out' });
    expect(byId<Process>(model, 'Process_1').inputs[0]).toMatchObject({ kind: 'ProcessParameter', id: 'Proc_in' });
    expect(byId<CaseTask>(model, 'C').parameterMappings[0]!.target).toBe(byId(model, 'Case_2_in'));
    expect(byId<DecisionTask>(model, 'D').parameterMappings[0]!.source).toMatchObject({ kind: 'DecisionParameter', name: 'risk' });
  });

  it('reads caseRefExpression, processRefExpression and decisionRefExpression', () => {
    const model = read(
      casePlan(`<planItem id="PI_C" definitionRef="C"/><planItem id="PI_P" definitionRef="P"/><planItem id="PI_D" definitionRef="D"/>
<caseTask id="C"><caseRefExpression>\${caseKey}</caseRefExpression></caseTask>
<processTask id="P"><processRefExpression>\${processKey}</processRefExpression></processTask>
<decisionTask id="D"><decisionRefExpression>\${decisionKey}</decisionRefExpression></decisionTask>`),
    );
    expect(byId<CaseTask>(model, 'C').caseRefExpression!.body).toBe('${caseKey}');
    expect(byId<ProcessTask>(model, 'P').processRefExpression!.body).toBe('${processKey}');
    expect(byId<DecisionTask>(model, 'D').decisionRefExpression!.body).toBe('${decisionKey}');
  });
});

describe('CMMNDI', () => {
  it('reads diagrams, shapes with bounds and labels, edges with waypoints, sizes and styles', () => {
    const model = read(
      definitions(`<case id="Case_1"><casePlanModel id="Plan">
  <planItem id="PI_A" definitionRef="A"/><planItem id="PI_B" definitionRef="B"><entryCriterion id="Entry_B" sentryRef="S"/></planItem>
  <sentry id="S"><planItemOnPart id="On_A" sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
  <task id="A"/><task id="B"/>
</casePlanModel></case>
<cmmndi:CMMNDI id="DI">
  <cmmndi:CMMNDiagram id="Diagram_1" name="main" resolution="96" sharedStyle="Style_1" cmmnElementRef="Case_1">
    <cmmndi:Size xsi:type="dc:Dimension" width="800" height="600"/>
    <cmmndi:CMMNShape id="Shape_Plan" cmmnElementRef="Plan" isCollapsed="false" isPlanningTableCollapsed="true">
      <dc:Bounds x="10" y="20" width="700" height="500.5"/>
      <cmmndi:CMMNLabel id="Label_Plan"><dc:Bounds x="12" y="22" width="50" height="14"/></cmmndi:CMMNLabel>
    </cmmndi:CMMNShape>
    <cmmndi:CMMNShape id="Shape_A" cmmnElementRef="PI_A"><dc:Bounds x="100" y="100" width="100" height="80"/></cmmndi:CMMNShape>
    <cmmndi:CMMNEdge id="Edge_1" cmmnElementRef="On_A" sourceCMMNElementRef="PI_A" targetCMMNElementRef="Entry_B" isStandardEventVisible="true">
      <di:waypoint x="200" y="140"/>
      <di:waypoint x="300" y="140.25"/>
      <cmmndi:CMMNLabel><dc:Bounds x="240" y="120" width="60" height="14"/></cmmndi:CMMNLabel>
    </cmmndi:CMMNEdge>
  </cmmndi:CMMNDiagram>
  <cmmndi:CMMNStyle id="Style_1"/>
</cmmndi:CMMNDI>`),
    );
    const di = model.definitions.cmmnDi!;
    expect(di).toMatchObject({ kind: 'CMMNDI', id: 'DI' });
    expect(di.styles).toEqual([expect.objectContaining({ kind: 'CMMNStyle', id: 'Style_1' })]);
    const diagram = di.diagrams[0]!;
    expect(diagram).toMatchObject({ kind: 'CMMNDiagram', name: 'main', resolution: 96, sharedStyle: 'Style_1' });
    expect(diagram.cmmnElement).toBe(model.findCase());
    expect(diagram.size).toEqual({ kind: 'Dimension', width: 800, height: 600 });
    const [planShape, shapeA, edge] = diagram.diagramElements as [CMMNShape, CMMNShape, CMMNEdge];
    expect(planShape).toMatchObject({ kind: 'CMMNShape', isCollapsed: false, isPlanningTableCollapsed: true });
    expect(planShape.cmmnElement).toBe(model.findCase()!.casePlanModel);
    expect(planShape.bounds).toEqual({ kind: 'Bounds', x: 10, y: 20, width: 700, height: 500.5 });
    expect(planShape.label).toMatchObject({ kind: 'CMMNLabel', id: 'Label_Plan', bounds: { kind: 'Bounds', x: 12, y: 22, width: 50, height: 14 } });
    expect(shapeA.cmmnElement).toBe(byId(model, 'PI_A'));
    expect(edge).toMatchObject({ kind: 'CMMNEdge', isStandardEventVisible: true });
    expect(edge.cmmnElement).toBe(byId(model, 'On_A'));
    expect(edge.sourceCMMNElement).toBe(byId(model, 'PI_A'));
    expect(edge.targetCMMNElement).toBe(byId(model, 'Entry_B'));
    expect(edge.waypoints).toEqual([
      { kind: 'Point', x: 200, y: 140 },
      { kind: 'Point', x: 300, y: 140.25 },
    ]);
    expect(edge.label!.bounds).toMatchObject({ x: 240, width: 60 });
  });
});

describe('extensions', () => {
  it('keeps extension elements verbatim and foreign attributes reachable by namespace', () => {
    const model = read(
      casePlan(`<planItem id="PI_A" definitionRef="A"><entryCriterion id="Entry_A" sentryRef="S"/></planItem>
<sentry id="S" flowable:triggerMode="onEvent" casekit:triggerMode="onEvent">
  <extensionElements>
    <flowable:field name="greeting"><flowable:string>hello &amp; welcome</flowable:string></flowable:field>
  </extensionElements>
  <ifPart><condition>\${go}</condition></ifPart>
</sentry>
<humanTask id="A" flowable:assignee="\${initiator}" flowable:formKey="claimForm"/>`),
    );
    const sentry = byId<Sentry>(model, 'S');
    expect(extensionAttribute(sentry, NS.flowable, 'triggerMode')).toBe('onEvent');
    expect(extensionAttribute(sentry, NS.casekit, 'triggerMode')).toBe('onEvent');
    expect(extensionAttribute(sentry, NS.camunda, 'triggerMode')).toBeUndefined();
    expect(sentry.extensionElements).toEqual([
      {
        namespace: NS.flowable,
        prefix: 'flowable',
        local: 'field',
        attributes: [{ namespace: undefined, prefix: undefined, local: 'name', value: 'greeting' }],
        children: [{ namespace: NS.flowable, prefix: 'flowable', local: 'string', attributes: [], children: ['hello & welcome'] }],
      },
    ]);
    const a = byId<HumanTask>(model, 'A');
    expect(extensionAttribute(a, NS.flowable, 'assignee')).toBe('${initiator}');
    expect(extensionAttribute(a, NS.flowable, 'formKey')).toBe('claimForm');
    expect(a.extensionElements).toBeUndefined();
  });

  it('keeps unknown attributes without a namespace and unknown child elements', () => {
    const model = read(casePlan('<planItem id="PI_A" definitionRef="A"/><task id="A" color="red"><x:widget xmlns:x="urn:x" size="3"/></task>'));
    const a = byId<Task>(model, 'A');
    expect(a.extensionAttributes).toEqual([{ namespace: undefined, prefix: undefined, local: 'color', value: 'red' }]);
    expect(a.unknownElements).toEqual([
      { namespace: 'urn:x', prefix: 'x', local: 'widget', attributes: [{ namespace: undefined, prefix: undefined, local: 'size', value: '3' }], children: [] },
    ]);
    // Foreign elements are extensions, not mistakes: no UnknownElement warning for them.
    expect(model.problems).toEqual([]);
  });

  it('keeps names shaped like Object.prototype members unchanged', () => {
    const model = read(
      casePlan('<planItem id="PI_A" definitionRef="A" toString="1" hasOwnProperty="2" valueOf="3"/><task id="A"><extensionElements><x:toString xmlns:x="urn:x" x:__lookupGetter__="4"/></extensionElements></task>'),
    );
    expect(byId<PlanItem>(model, 'PI_A').extensionAttributes.map((a) => [a.local, a.value])).toEqual([
      ['toString', '1'],
      ['hasOwnProperty', '2'],
      ['valueOf', '3'],
    ]);
    const [element] = byId<Task>(model, 'A').extensionElements!;
    expect(element).toMatchObject({ local: 'toString', attributes: [{ namespace: 'urn:x', local: '__lookupGetter__', value: '4' }] });
  });
});

describe('CMMN 1.0 compatibility', () => {
  it('reads entryCriteriaRefs and exitCriteriaRefs as criteria', () => {
    const model = read(
      definitions(`<case id="Case_1"><casePlanModel id="Plan">
  <planItem id="PI_A" definitionRef="A"/>
  <planItem id="PI_B" definitionRef="B" entryCriteriaRefs="S1 S2" exitCriteriaRefs="S3"/>
  <sentry id="S1"><planItemOnPart sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
  <sentry id="S2"><planItemOnPart sourceRef="PI_A"><standardEvent>terminate</standardEvent></planItemOnPart></sentry>
  <sentry id="S3"><planItemOnPart sourceRef="PI_A"><standardEvent>exit</standardEvent></planItemOnPart></sentry>
  <task id="A"/><task id="B"/>
</casePlanModel></case>`).replace(`xmlns="${NS.cmmn}"`, 'xmlns="http://www.omg.org/spec/CMMN/20131201/MODEL"'),
    );
    const b = byId<PlanItem>(model, 'PI_B');
    expect(b.entryCriteria.map((c) => [c.kind, c.id, c.sentryRef])).toEqual([
      ['EntryCriterion', undefined, 'S1'],
      ['EntryCriterion', undefined, 'S2'],
    ]);
    expect(b.entryCriteria.map((c) => c.sentry)).toEqual([byId(model, 'S1'), byId(model, 'S2')]);
    expect(b.exitCriteria.map((c) => c.sentry)).toEqual([byId(model, 'S3')]);
    expect(b.extensionAttributes).toEqual([]);
    expect(model.problems).toEqual([]);
  });

  it('reads the expression body of the 1.0 <body> element', () => {
    const model = read(
      casePlan(`<sentry id="S"><ifPart><condition id="C1" language="spel">
  <body><![CDATA[amount > 1000]]></body>
</condition></ifPart></sentry>
<planItem id="PI_T" definitionRef="T"/>
<timerEvent id="T"><timerExpression id="T_expr"><body>PT5M</body></timerExpression></timerEvent>`),
    );
    expect(byId<Expression>(model, 'C1')).toMatchObject({ language: 'spel', body: 'amount > 1000', unknownElements: [] });
    expect(byId<Expression>(model, 'T_expr').body).toBe('PT5M');
    expect(model.problems.map((p) => p.code)).toEqual(['UnsupportedExpressionLanguage']);
  });

  it('reads a namespace-less CaseFabric-style file: bare names, 1.0 elements, <body> expressions, cafienne: extensions', () => {
    const xml = `<definitions xmlns:cafienne="org.cafienne">
  <case id="helloworld.case" name="HelloWorld">
    <caseFileModel><caseFileItem id="Greeting" name="Greeting" multiplicity="ExactlyOne" definitionRef="greeting.cfid"/></caseFileModel>
    <casePlanModel id="cm_Plan" name="HelloWorld" autoComplete="true">
      <planItem id="pi_Receive" name="Receive Greeting" definitionRef="ht_Receive"/>
      <planItem id="pi_Respond" name="Respond" definitionRef="ht_Respond" entryCriteriaRefs="s_AfterReceive"/>
      <planItem id="pi_Later" name="Later" definitionRef="te_Later"/>
      <sentry id="s_AfterReceive">
        <planItemOnPart sourceRef="pi_Receive"><standardEvent>complete</standardEvent></planItemOnPart>
        <ifPart><condition language="spel"><body><![CDATA[Greeting.Message != null]]></body></condition></ifPart>
      </sentry>
      <humanTask id="ht_Receive" name="Receive Greeting" isBlocking="true" performerRef="role_Sender" cafienne:mutex="true"/>
      <humanTask id="ht_Respond" name="Respond" isBlocking="true"/>
      <timerEvent id="te_Later" name="Later"><timerExpression><body>PT1H</body></timerExpression></timerEvent>
    </casePlanModel>
    <caseRoles id="role_Sender" name="Sender"/>
  </case>
  <caseFileItemDefinition id="greeting.cfid" name="Greeting" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/Unspecified"/>
</definitions>`;
    const model = read(xml);
    const respond = byId<PlanItem>(model, 'pi_Respond');
    expect(respond.entryCriteria[0]!.sentry).toBe(byId(model, 's_AfterReceive'));
    expect(byId<Sentry>(model, 's_AfterReceive').ifPart!.condition!.body).toBe('Greeting.Message != null');
    expect(byId<TimerEventListener>(model, 'te_Later').timerExpression!.body).toBe('PT1H');
    expect(byId<HumanTask>(model, 'ht_Receive').performer).toBe(byId(model, 'role_Sender'));
    expect(extensionAttribute(byId<HumanTask>(model, 'ht_Receive'), 'org.cafienne', 'mutex')).toBe('true');
    expect(model.problems.map((p) => p.code)).toEqual(['UnsupportedExpressionLanguage', 'MissingNamespace']);
  });

  it('reads the 1.0 names userEvent and timerEvent as event listeners', () => {
    const model = read(
      casePlan(`<planItem id="PI_U" definitionRef="U"/><planItem id="PI_T" definitionRef="T"/>
<userEvent id="U" name="approve"/>
<timerEvent id="T"><timerExpression>PT1M</timerExpression></timerEvent>`),
    );
    expect(byId<UserEventListener>(model, 'U')).toMatchObject({ kind: 'UserEventListener', name: 'approve' });
    expect(byId<TimerEventListener>(model, 'T').timerExpression!.body).toBe('PT1M');
  });
});

describe('namespaces', () => {
  const body = (p: string) =>
    `<${p}case id="Case_1"><${p}casePlanModel id="Plan"><${p}planItem id="PI_A" definitionRef="A"/><${p}humanTask id="A" name="Review"/></${p}casePlanModel></${p}case>`;
  const kindsOf = (model: CmmnModel) => model.findCase()!.casePlanModel!.planItems.map((p) => p.definition?.kind);

  it.each([
    ['the default namespace', `<definitions xmlns="${NS.cmmn}">${body('')}</definitions>`],
    ['the cmmn: prefix', `<cmmn:definitions xmlns:cmmn="${NS.cmmn}">${body('cmmn:')}</cmmn:definitions>`],
    ['any prefix (foo:)', `<foo:definitions xmlns:foo="${NS.cmmn}">${body('foo:')}</foo:definitions>`],
    ['a prefix redeclared on an inner element', `<a:definitions xmlns:a="${NS.cmmn}"><b:case xmlns:b="${NS.cmmn}" id="Case_1"><b:casePlanModel id="Plan"><a:planItem id="PI_A" definitionRef="A"/><b:humanTask id="A" name="Review"/></b:casePlanModel></b:case></a:definitions>`],
    ['the CMMN 1.0 namespace', `<definitions xmlns="http://www.omg.org/spec/CMMN/20131201/MODEL">${body('')}</definitions>`],
  ])('reads CMMN in %s', (_label, xml) => {
    const model = read(xml);
    expect(kindsOf(model)).toEqual(['HumanTask']);
    expect(model.problems).toEqual([]);
  });

  it('reads a namespace-less (CaseFabric-style) file as CMMN with a MissingNamespace warning', () => {
    const xml = `<definitions>\n${body('')}\n</definitions>`;
    const model = read(xml);
    expect(kindsOf(model)).toEqual(['HumanTask']);
    expect(model.problems).toEqual([
      { code: 'MissingNamespace', severity: 'warning', message: expect.stringContaining('no CMMN namespace'), elementId: undefined, line: 1, column: 1 },
    ]);
  });

  it('does not read elements of another namespace as CMMN', () => {
    const model = read(`<definitions xmlns="${NS.cmmn}" xmlns:x="urn:x"><x:case id="Case_X"/>${body('')}</definitions>`);
    expect(model.cases.map((c) => c.id)).toEqual(['Case_1']);
    expect(model.definitions.unknownElements.map((e) => [e.namespace, e.local])).toEqual([['urn:x', 'case']]);
  });

  it('resolves QName references by dropping the prefix (caseRef="tns:Case_2")', () => {
    const model = read(
      definitions(
        '<case id="Case_1"><casePlanModel id="Plan"><planItem id="PI_C" definitionRef="C"/><caseTask id="C" caseRef="tns:Case_2"/></casePlanModel></case><case id="Case_2"><casePlanModel id="Plan_2"/></case>',
        'xmlns:tns="urn:test"',
      ),
    );
    expect(byId<CaseTask>(model, 'C').case).toBe(model.findCase('Case_2'));
  });

  it('reports unknown CMMN elements as warnings and keeps them', () => {
    const xml = casePlan('<planItem id="PI_A" definitionRef="A"/><task id="A"><frobnicate/></task>');
    const [problem] = problemsOf(xml, 'UnknownElement');
    expect(problem).toMatchObject({ severity: 'warning', elementId: 'A' });
    expect(byId<Task>(load(xml), 'A').unknownElements.map((e) => e.local)).toEqual(['frobnicate']);
  });
});

describe('the model is immutable and typed', () => {
  it('freezes every node, array and kept XML fragment', () => {
    const model = read(casePlan('<planItem id="PI_A" definitionRef="A" flowable:x="1"/><task id="A"><extensionElements><flowable:y a="b"><flowable:z/></flowable:y></extensionElements></task>'));
    const item = byId<PlanItem>(model, 'PI_A');
    expect(Object.isFrozen(model.definitions)).toBe(true);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item.entryCriteria)).toBe(true);
    expect(Object.isFrozen(item.extensionAttributes[0])).toBe(true);
    const [y] = byId<Task>(model, 'A').extensionElements!;
    expect(Object.isFrozen(y)).toBe(true);
    expect(Object.isFrozen(y!.children[0])).toBe(true);
    expect(Object.isFrozen(y!.attributes[0])).toBe(true);
    expect(Object.isFrozen(model.problems)).toBe(true);
    expect(() => {
      (item as { name: string | undefined }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('indexes elements by id in document order and locates them in the source', () => {
    const xml = casePlan('<planItem id="PI_A" definitionRef="A"/>\n<task id="A"/>');
    const model = read(xml);
    expect([...model.elements()].map((e) => e.id)).toEqual(['Defs', 'Case_1', 'Plan', 'PI_A', 'A']);
    expect(model.positionOf(byId(model, 'A'))).toEqual(positionOf(xml, '<task id="A"'));
    expect(positionOf(xml, '<task id="A"')).toEqual({ line: 5, column: 1 });
    expect(model.findCase()?.id).toBe('Case_1');
    expect(model.findCase('Case one')?.id).toBe('Case_1');
    expect(model.findCase('nope')).toBeUndefined();
    expect((byId<Case>(model, 'Case_1') as Case).casePlanModel?.id).toBe('Plan');
  });
});
