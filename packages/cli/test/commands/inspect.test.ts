import { describe, expect, it } from 'vitest';
import type { InspectJson } from '../../src/index.js';
import { CONFORMANCE, CORPUS, runCli, tempFiles } from '../helpers.js';

/** A model using every construct the tree shows (expression language declared on the definitions). */
const RICH = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="defs" targetNamespace="http://casekit.dev/test"
             expressionLanguage="http://www.omg.org/spec/CMMN/ExpressionLanguage/EL">
  <caseFileItemDefinition id="cfid_claim" name="Claim" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/Unspecified"/>
  <case id="claim" name="Claim handling">
    <caseFileModel>
      <caseFileItem id="cfi_claim" name="claim" multiplicity="ExactlyOne" definitionRef="cfid_claim">
        <children>
          <caseFileItem id="cfi_doc" name="document" multiplicity="ZeroOrMore"/>
        </children>
      </caseFileItem>
    </caseFileModel>
    <casePlanModel id="plan" name="Claim" autoComplete="false">
      <planningTable id="pt_root">
        <discretionaryItem id="di_audit" name="Audit" definitionRef="t_audit" authorizedRoleRefs="role_mgr" applicabilityRuleRefs="ar_big"/>
        <planningTable id="pt_nested">
          <discretionaryItem id="di_frag" definitionRef="pf_extra"/>
        </planningTable>
        <applicabilityRule id="ar_big" name="big claim" contextRef="cfi_claim">
          <condition><![CDATA[\${claim.amount > 10000}]]></condition>
        </applicabilityRule>
      </planningTable>
      <planItem id="pi_review" name="Review" definitionRef="ht_review">
        <itemControl>
          <requiredRule id="rr"><condition>\${claim.amount &gt; 100}</condition></requiredRule>
          <repetitionRule id="rep" contextRef="cfi_doc"><condition language="http://jsonlogic.com">{"var": "again"}</condition></repetitionRule>
        </itemControl>
        <entryCriterion id="ec_review" name="on submit" sentryRef="s_submitted"/>
      </planItem>
      <planItem id="pi_wait" name="Wait two days" definitionRef="tel_wait"/>
      <planItem id="pi_pay" definitionRef="pt_pay"/>
      <planItem id="pi_decide" definitionRef="dt_decide"/>
      <planItem id="pi_sub" definitionRef="ct_sub"/>
      <planItem id="pi_cancel" name="Cancel" definitionRef="uel_cancel"/>
      <planItem id="pi_notify" definitionRef="t_notify"/>
      <sentry id="s_submitted">
        <caseFileItemOnPart id="op_claim" sourceRef="cfi_claim"><standardEvent>create</standardEvent></caseFileItemOnPart>
        <ifPart contextRef="cfi_claim"><condition>
          \${claim.complete}
        </condition></ifPart>
      </sentry>
      <sentry id="s_cancel">
        <planItemOnPart id="op_cancel" sourceRef="pi_cancel"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <exitCriterion id="xc_plan" sentryRef="s_cancel"/>
      <humanTask id="ht_review" name="Review claim" performerRef="role_adj" isBlocking="true">
        <planningTable id="pt_review">
          <discretionaryItem id="di_expert" name="Ask expert" definitionRef="t_audit"/>
        </planningTable>
        <defaultControl><manualActivationRule/></defaultControl>
      </humanTask>
      <timerEventListener id="tel_wait" name="Wait">
        <timerExpression>P2D</timerExpression>
        <planItemStartTrigger sourceRef="pi_review"><standardEvent>complete</standardEvent></planItemStartTrigger>
      </timerEventListener>
      <processTask id="pt_pay" name="Pay" processRef="p_pay" isBlocking="false"/>
      <decisionTask id="dt_decide" name="Decide" decisionRef="external_decision"/>
      <caseTask id="ct_sub" name="Sub-case" caseRef="sub"/>
      <userEventListener id="uel_cancel" name="Cancel claim" authorizedRoleRefs="role_mgr role_adj"/>
      <task id="t_notify" name="Notify" isBlocking="false"/>
      <task id="t_audit" name="Audit"/>
      <planFragment id="pf_extra" name="Extra checks">
        <planItem id="pi_extra" definitionRef="t_audit"/>
      </planFragment>
    </casePlanModel>
    <caseRoles>
      <role id="role_adj" name="adjuster"/>
      <role id="role_mgr" name="manager"/>
    </caseRoles>
  </case>
  <case id="sub" name="Sub">
    <casePlanModel id="sub_plan"/>
  </case>
  <process id="p_pay" name="Payment" implementationType="http://www.omg.org/spec/CMMN/ProcessType/Unspecified" externalRef="bpmn:pay"/>
</definitions>
`;

describe('casekit inspect', () => {
  it('prints the plan of 03-stage-exit as a tree', async () => {
    const run = await runCli(['inspect', '03-stage-exit.cmmn'], { cwd: CONFORMANCE });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines).toEqual([
      '03-stage-exit.cmmn',
      '└─ case "Stage exit" (exit)',
      '   └─ case plan model "Rehabilitation" (plan)  autoComplete',
      '      ├─ Stage "Treatment" (pi_treatment)',
      '      │  ├─ exit criterion xc_treatment  sentry s_discharged',
      '      │  │  └─ on "Patient discharged" occur',
      '      │  ├─ HumanTask "Physiotherapy" (pi_physio)',
      '      │  └─ HumanTask "Medication review" (pi_meds)',
      '      ├─ UserEventListener "Patient discharged" (pi_discharged)',
      '      └─ HumanTask "Discharge summary" (pi_summary)',
      '         └─ entry criterion ec_summary  sentry s_treatment_exited',
      '            └─ on "Treatment" exit  exitCriterionRef xc_treatment',
    ]);
  });

  it('shows where each rule comes from, rule by rule: an itemControl stating only a required rule keeps the defaultControl manual activation (Camunda AutoCompleteTest)', async () => {
    const run = await runCli(['inspect', 'camunda/AutoCompleteTest.testRequiredEnabled.cmmn'], { cwd: CORPUS });
    expect(run.code).toBe(0);
    const at = run.lines.findIndex((l) => l.includes('(PI_HumanTask_2)'));
    expect(run.lines.slice(at + 1, at + 3).map((l) => l.replace(/^[\s│├└─]+/, ''))).toEqual(['required  if ${true}', 'manualActivation  if ${true}  (defaultControl)']);
    const json = JSON.parse((await runCli(['inspect', 'camunda/AutoCompleteTest.testRequiredEnabled.cmmn', '--json'], { cwd: CORPUS })).stdout) as InspectJson;
    if (!json.ok) throw new Error('the model should read');
    const item = json.cases[0]!.plan!.items.find((i) => i.id === 'PI_HumanTask_2')!;
    expect(item.control).toMatchObject({ required: { source: 'itemControl' }, manualActivation: { source: 'defaultControl' }, repetition: null });
  });

  it('shows rules from defaultControl, required rules, roles, case file items and planning tables', async () => {
    const manual = await runCli(['inspect', '02-manual-activation.cmmn'], { cwd: CONFORMANCE });
    expect(manual.lines).toContain('      │  └─ manualActivation  (defaultControl)');
    expect(manual.lines).toContain('         └─ required');
    const planning = await runCli(['inspect', '04-discretionary.cmmn'], { cwd: CONFORMANCE });
    expect(planning.lines).toEqual(
      expect.arrayContaining([
        '   ├─ case file',
        '   │  └─ "risk" (cfi_risk)  ExactlyOne',
        '   ├─ roles',
        '   │  ├─ "doctor" (role_doctor)',
        '      └─ planning table (pt_plan)',
        '         ├─ discretionary HumanTask "Refer to specialist" (di_specialist)  authorized "doctor"',
        `         │  └─ applicability rule "high risk" (ar_high_risk)  if \${risk == 'high'}`,
        '         └─ discretionary HumanTask "Educational session" (di_education)',
      ]),
    );
    const timer = await runCli(['inspect', '05-timer-repetition.cmmn'], { cwd: CONFORMANCE });
    expect(timer.lines).toEqual(
      expect.arrayContaining(['      ├─ TimerEventListener "Weekly" (pi_weekly)  timer R3/P7D', '         ├─ repetition']),
    );
  });

  it('shows every construct of a richer model, then its problems', async () => {
    const dir = tempFiles({ 'rich.cmmn': RICH });
    const run = await runCli(['inspect', 'rich.cmmn'], { cwd: dir });
    expect(run.code).toBe(0);
    const EL = '[http://www.omg.org/spec/CMMN/ExpressionLanguage/EL]';
    expect(run.lines.slice(0, 37)).toEqual([
      'rich.cmmn',
      '├─ case "Claim handling" (claim)',
      '│  ├─ case file',
      '│  │  └─ "claim" (cfi_claim)  ExactlyOne  definition "Claim"',
      '│  │     └─ "document" (cfi_doc)  ZeroOrMore',
      '│  ├─ roles',
      '│  │  ├─ "adjuster" (role_adj)',
      '│  │  └─ "manager" (role_mgr)',
      '│  └─ case plan model "Claim" (plan)',
      '│     ├─ exit criterion xc_plan  sentry s_cancel',
      '│     │  └─ on "Cancel" occur',
      '│     ├─ HumanTask "Review" (pi_review)  performer "adjuster"',
      `│     │  ├─ required  if \${claim.amount > 100}  ${EL}`,
      '│     │  ├─ repetition  if {"var": "again"}  [http://jsonlogic.com]  context "document"',
      '│     │  ├─ manualActivation  (defaultControl)',
      '│     │  ├─ entry criterion "on submit" (ec_review)  sentry s_submitted',
      '│     │  │  ├─ on case file item "claim" create',
      `│     │  │  └─ if \${claim.complete}  ${EL}  context "claim"`,
      '│     │  └─ planning table (pt_review)',
      '│     │     └─ discretionary Task "Ask expert" (di_expert)',
      '│     ├─ TimerEventListener "Wait two days" (pi_wait)  timer P2D',
      '│     │  └─ timer starts on "Review" complete',
      '│     ├─ ProcessTask "Pay" (pi_pay)  non-blocking  calls process "Payment" (p_pay)',
      '│     ├─ DecisionTask "Decide" (pi_decide)  calls decision external_decision (another file)',
      '│     ├─ CaseTask "Sub-case" (pi_sub)  calls case "Sub" (sub)',
      '│     ├─ UserEventListener "Cancel" (pi_cancel)  authorized "manager", "adjuster"',
      '│     ├─ Task "Notify" (pi_notify)  non-blocking',
      '│     └─ planning table (pt_root)',
      '│        ├─ discretionary Task "Audit" (di_audit)  authorized "manager"',
      `│        │  └─ applicability rule "big claim" (ar_big)  if \${claim.amount > 10000}  ${EL}  context "claim"`,
      '│        └─ planning table (pt_nested)',
      '│           └─ discretionary PlanFragment "Extra checks" (di_frag)',
      '│              └─ Task "Audit" (pi_extra)',
      '├─ case "Sub" (sub)',
      '│  └─ case plan model (sub_plan)',
      '└─ process "Payment" (p_pay)  implementationType http://www.omg.org/spec/CMMN/ProcessType/Unspecified  externalRef bpmn:pay',
      '',
    ]);
    expect(run.lines[37]).toMatch(/^rich\.cmmn — draft warnings \(\d+\)$/);
    expect(run.lines).toContainEqual(expect.stringMatching(/^rich\.cmmn:\d+:\d+ {2}UnresolvedExternalReference {2}decisionRef "external_decision"/));
  });

  it('refuses a stage used inside itself (RecursiveStage), naming the plan item', async () => {
    const dir = tempFiles({
      'loop.cmmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="defs" targetNamespace="http://casekit.dev/test">
  <case id="c">
    <casePlanModel id="plan">
      <planItem id="pi_outer" definitionRef="st"/>
      <stage id="st" name="Loop"><planItem id="pi_inner" definitionRef="st"/></stage>
    </casePlanModel>
  </case>
</definitions>`,
    });
    const run = await runCli(['inspect', 'loop.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/loop\.cmmn:\d+:\d+  RecursiveStage  .*pi_inner/);
  });

  it('--json prints the same summary as data', async () => {
    const run = await runCli(['inspect', '--json', '03-stage-exit.cmmn'], { cwd: CONFORMANCE });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as InspectJson;
    if (!json.ok) throw new Error('expected ok');
    expect(json.file).toBe('03-stage-exit.cmmn');
    expect(json.problems).toEqual([]);
    const plan = json.cases[0]!.plan!;
    expect(plan).toMatchObject({ id: 'plan', name: 'Rehabilitation', autoComplete: true });
    expect(plan.items.map((i) => [i.id, i.definition?.kind])).toEqual([
      ['pi_treatment', 'Stage'],
      ['pi_discharged', 'UserEventListener'],
      ['pi_summary', 'HumanTask'],
    ]);
    expect(plan.items[2]!.entryCriteria[0]!.sentry!.onParts).toEqual([
      { kind: 'PlanItemOnPart', sourceRef: 'pi_treatment', source: 'Treatment', standardEvent: 'exit', exitCriterionRef: 'xc_treatment' },
    ]);
    expect(plan.items[0]!.items!.map((i) => i.name)).toEqual(['Physiotherapy', 'Medication review']);
  });

  it('exits 1 on a file with errors, printing them as validate does', async () => {
    const file = 'cmmn-js/bpmn-io-cmmn-js/test/fixtures/cmmn/renderer/plan-item-on-part-references-exit-criterion.cmmn';
    const run = await runCli(['inspect', file], { cwd: CORPUS });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file} — errors (`);
    expect(run.stdout).toMatch(/:\d+:\d+ {2}DuplicateId {2}duplicate id "Sentry_1"/);
    expect(run.stdout).toMatch(/:\d+:\d+ {2}UnresolvedReference {2}sentryRef "Sentry_2"/);
    expect(run.stdout).not.toContain('case plan model');
    expect(run.lines.at(-1)).toMatch(/^FAILED {2}1 file checked: /);

    const json = JSON.parse((await runCli(['inspect', '--json', file], { cwd: CORPUS })).stdout) as InspectJson;
    expect(json.ok).toBe(false);
    expect(json.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['DuplicateId', 'UnresolvedReference']));
  });

  it('exits 1 on a file that cannot be read', async () => {
    const run = await runCli(['inspect', 'nope.cmmn'], { cwd: CONFORMANCE });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('nope.cmmn:1:1  FileUnreadable  cannot read the file: no such file');
  });
});
