/**
 * The scenario runner's own behaviour, per the scenario format (../../../../shared/spec/scenario-format.md):
 * exit codes, failure reports, refs, YAML, `as`, `expectError`, the `--json` snapshot, and determinism.
 * What a scenario file cannot express (exit 2, comparing two runs, the order of a timeline) is here.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatReport, loadScenarioFile, runScenario, runScenarioFile, type Scenario, type ScenarioResult } from '@casekit/testing';

const here = dirname(fileURLToPath(import.meta.url));
const OWN = join(here, 'conformance');
const FIXTURES = join(here, 'fixtures');
const SHARED = resolve(here, '../../../../shared');
const scratch = mkdtempSync(join(tmpdir(), 'casekit-runner-'));

/** Writes a scenario (object or raw text) to a temporary file and returns its path. */
function scenarioFile(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** A small care plan: a screening, an assessment after it, two reviews of the same name, a repeated visit. */
const CARE_PLAN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="defs_runner" targetNamespace="http://casekit.dev/test">
  <case id="care" name="Care plan">
    <casePlanModel id="plan" name="Care plan">
      <planItem id="pi_screening" name="Screening" definitionRef="t_screening"/>
      <planItem id="pi_assessment" name="Assessment" definitionRef="t_assessment">
        <entryCriterion id="ec_assessment" sentryRef="s_screened"/>
      </planItem>
      <planItem id="pi_review_gp" name="Review" definitionRef="t_review"/>
      <planItem id="pi_review_nurse" name="Review" definitionRef="t_review"/>
      <planItem id="pi_visit" name="Home visit" definitionRef="t_visit">
        <itemControl id="ic_visit"><repetitionRule id="rep_visit"><condition>\${repetitionCounter &lt; 3}</condition></repetitionRule></itemControl>
      </planItem>
      <planItem id="pi_prescribe" name="Prescribe" definitionRef="t_prescribe"/>
      <planItem id="pi_ward" name="Ward" definitionRef="st_ward"/>
      <sentry id="s_screened">
        <planItemOnPart id="op_screened" sourceRef="pi_screening"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <humanTask id="t_screening" name="Screening"/>
      <humanTask id="t_assessment" name="Assessment"/>
      <humanTask id="t_review" name="Review"/>
      <humanTask id="t_visit" name="Home visit"/>
      <humanTask id="t_prescribe" name="Prescribe" performerRef="role_doctor"/>
      <stage id="st_ward" name="Ward">
        <planItem id="pi_obs" name="Observations" definitionRef="t_obs"/>
        <humanTask id="t_obs" name="Observations"/>
      </stage>
    </casePlanModel>
    <caseRoles>
      <role id="role_doctor" name="doctor"/>
      <role id="role_nurse" name="nurse"/>
    </caseRoles>
  </case>
</definitions>`;

const run = (scenario: Scenario, model: string = CARE_PLAN): Promise<ScenarioResult> => runScenario(model, scenario);

describe('exit 1: a wrong expectation', () => {
  it('reports the step, the ref, expected and actual, and the states of all items', async () => {
    const result = await run({
      title: 'a wrong expectation',
      steps: [{ complete: 'Screening' }, { expect: { Screening: 'completed' } }, { expect: { Assessment: 'completed', case: 'active' } }],
    });
    expect(result.exitCode).toBe(1);
    expect(result.stepsRun).toBe(3);
    const failure = result.failure!;
    expect(failure.step).toBe(3);
    expect(failure.mismatches).toEqual([{ ref: 'Assessment', expected: 'completed', actual: 'active' }]);
    expect(failure.states.map((r) => [r.name, r.instance, r.state])).toEqual([
      ['Care plan', 1, 'active'],
      ['Screening', 1, 'completed'],
      ['Assessment', 1, 'active'],
      ['Review', 1, 'active'],
      ['Review', 1, 'active'],
      ['Home visit', 1, 'active'],
      ['Prescribe', 1, 'active'],
      ['Ward', 1, 'active'],
      ['Observations', 1, 'active'],
    ]);
    const report = formatReport(result);
    expect(report).toContain('FAIL — a wrong expectation');
    expect(report).toContain('step 3: {"expect":{"Assessment":"completed","case":"active"}}');
    expect(report).toMatch(/ {2}Assessment\n {4}expected: completed\n {4}actual: {3}active/);
    expect(report).toContain('states at that point:');
    for (const row of ['case Care plan', 'Screening#1', 'Assessment#1', 'Home visit#1', 'Observations#1']) expect(report).toContain(row);
    expect(report).toMatch(/Screening#1\s+completed\s+\(pi_screening\)/);
    expect(report).toMatch(/Review#1\s+active\s+\(pi_review_nurse\)/);
  });

  it('reports a list expectation, "none", the case state, the case file and discretionary items', async () => {
    const result = await run({
      start: { caseFile: { amount: 10 } },
      steps: [{ expect: { 'Home visit': ['active', 'available'], Observations: 'none', case: 'completed', caseFile: { amount: 11 }, discretionary: ['X'] } }],
    });
    expect(result.exitCode).toBe(1);
    expect(result.failure!.mismatches).toEqual([
      { ref: 'Home visit', expected: ['active', 'available'], actual: ['active'] },
      { ref: 'Observations', expected: 'none', actual: ['active'] },
      { ref: 'case', expected: 'completed', actual: 'active' },
      { ref: 'caseFile', expected: { amount: 11 }, actual: { amount: 10 } },
      { ref: 'discretionary', expected: ['X'], actual: [] },
    ]);
  });

  it('fails when an expected error does not come, or another one does', async () => {
    const none = await run({ steps: [{ complete: 'Screening', expectError: 'IllegalTransition' }] });
    expect(none.exitCode).toBe(1);
    expect(none.failure!.mismatches).toEqual([{ ref: 'expectError', expected: 'IllegalTransition', actual: 'no error' }]);
    const other = await run({ steps: [{ complete: 'Assessment', expectError: 'NotAuthorized' }] });
    expect(other.exitCode).toBe(1);
    expect(other.failure!.mismatches).toEqual([{ ref: 'expectError', expected: 'NotAuthorized', actual: 'IllegalTransition' }]);
  });
});

describe('exit 1: a command the engine rejects', () => {
  it('fails the run at that step with the typed error, unless the step expects it', async () => {
    const result = await run({ steps: [{ expect: { Assessment: 'available' } }, { complete: 'Assessment' }, { complete: 'Screening' }] });
    expect(result.exitCode).toBe(1);
    expect(result.stepsRun).toBe(2);
    expect(result.failure!.step).toBe(2);
    expect(result.failure!.error).toMatchObject({ code: 'IllegalTransition', name: 'IllegalTransitionError' });
    expect(result.failure!.mismatches).toEqual([]);
    const report = formatReport(result);
    expect(report).toContain('step 2: {"complete":"Assessment"}');
    expect(report).toMatch(/rejected: IllegalTransition: cannot complete/);
    expect(report).toMatch(/Assessment#1\s+available/);
  });

  it('matches expectError by code or by error class name', async () => {
    for (const expectError of ['IllegalTransition', 'IllegalTransitionError']) {
      const result = await run({ steps: [{ complete: 'Assessment', expectError }, { expect: { Assessment: 'available' } }] });
      expect(result.exitCode, formatReport(result)).toBe(0);
    }
    const closed = await run({ steps: [{ case: 'terminate' }, { case: 'close' }, { complete: 'Screening', expectError: 'CaseClosedError' }, { set: { a: 1 }, expectError: 'CaseClosed' }] });
    expect(closed.exitCode, formatReport(closed)).toBe(0);
  });
});

describe('exit 2: an invalid model or scenario', () => {
  it('refuses a model with duplicate ids (ModelError naming the element)', async () => {
    const model = join(SHARED, 'corpus/cmmn-js/bpmn-io-cmmn-moddle/test/fixtures/cmmn/error/duplicate-ids.cmmn');
    const result = await runScenarioFile(model, scenarioFile('dup.scenario.json', { steps: [{ expect: { case: 'active' } }] }));
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.code).toBe('ModelError');
    expect(result.invalid?.message).toMatch(/duplicate/i);
    expect(result.snapshot).toBeUndefined();
    expect(formatReport(result)).toMatch(/^INVALID: ModelError /);
  });

  it('refuses a model file that cannot be read, or that is not XML', async () => {
    const scenario = scenarioFile('any.scenario.json', { steps: [] });
    expect((await runScenarioFile(join(scratch, 'missing.cmmn'), scenario)).exitCode).toBe(2);
    const garbage = scenarioFile('garbage.cmmn', '<definitions><case');
    const result = await runScenarioFile(garbage, scenario);
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.code).toBe('ModelError');
  });

  it('refuses a model whose expressions are in a language casekit cannot evaluate (ExpressionError listing them)', async () => {
    const result = await runScenarioFile(join(FIXTURES, 'unsupported-language.cmmn'), join(FIXTURES, 'unsupported-language.scenario.json'));
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.code).toBe('ExpressionError');
    expect(result.invalid?.message).toContain('javascript');
    expect(result.invalid?.message).toContain('groovy');
    expect(result.invalid?.message).toContain('s_large');
    expect(result.invalid?.message).toContain('rr_refer');
  });

  it('refuses a scenario with an unknown verb, naming the step', async () => {
    const path = scenarioFile('unknown-verb.scenario.json', { steps: [{ expect: { Screening: 'active' } }, { finish: 'Screening' }] });
    const result = await runScenarioFile(join(SHARED, 'conformance/01-sequence.cmmn'), path);
    expect(result.exitCode).toBe(2);
    expect(result.invalid).toMatchObject({ code: 'ScenarioInvalid', step: 2 });
    expect(result.invalid?.message).toContain('unknown verb "finish"');
    expect(formatReport(result)).toContain('(step 2)');
  });

  it('refuses a step with two verbs, or none', async () => {
    const two = await runScenarioFile(join(SHARED, 'conformance/01-sequence.cmmn'), scenarioFile('two.scenario.json', { steps: [{ complete: 'Screening', expect: { Screening: 'completed' } }] }));
    expect(two.exitCode).toBe(2);
    expect(two.invalid).toMatchObject({ code: 'ScenarioInvalid', step: 1 });
    expect(two.invalid?.message).toContain('exactly one verb, found complete, expect');
    const none = await runScenarioFile(join(SHARED, 'conformance/01-sequence.cmmn'), scenarioFile('none.scenario.json', { steps: [{ expectError: 'IllegalTransition' }] }));
    expect(none.exitCode).toBe(2);
  });

  it('checks scenarios given to runScenario as objects the same way', async () => {
    const result = await run({ steps: [{ finish: 'Screening' } as never] });
    expect(result.exitCode).toBe(2);
    expect(result.invalid).toMatchObject({ code: 'ScenarioInvalid', step: 1 });
  });

  it('refuses a scenario that is not JSON, or names a case the model lacks', async () => {
    const model = join(SHARED, 'conformance/01-sequence.cmmn');
    expect((await runScenarioFile(model, scenarioFile('bad.scenario.json', '{"steps": ['))).exitCode).toBe(2);
    const noCase = await runScenarioFile(model, scenarioFile('nocase.scenario.json', { case: 'nope', steps: [] }));
    expect(noCase.exitCode).toBe(2);
    expect(noCase.invalid?.message).toContain('"nope"');
  });
});

describe('refs', () => {
  it('names the k-th instance with Ref#k (1-based, creation order)', async () => {
    const result = await run({
      steps: [
        { complete: 'Home visit' },
        { complete: 'Home visit' },
        { expect: { 'Home visit': ['completed', 'completed', 'active'], 'Home visit#2': 'completed', 'Home visit#3': 'active', 'pi_visit#1': 'completed' } },
        { terminate: 'Home visit#3' },
        { expect: { 'Home visit#3': 'terminated' } },
        { complete: 'Home visit#1', expectError: 'IllegalTransition' },
      ],
    });
    expect(result.exitCode, formatReport(result)).toBe(0);
    const missing = await run({ steps: [{ expect: { 'Home visit#2': 'none' } }, { expect: { 'Home visit#2': 'active' } }] });
    expect(missing.exitCode).toBe(1);
    expect(missing.failure!.step).toBe(2);
    expect(missing.failure!.mismatches).toEqual([{ ref: 'Home visit#2', expected: 'active', actual: 'none' }]);
    const command = await run({ steps: [{ complete: 'Home visit#2' }] });
    expect(command.exitCode).toBe(1);
    expect(command.failure!.error?.code).toBe('UnknownRef');
  });

  it('rejects an ambiguous name (AmbiguousRef); the ids still work', async () => {
    const expectAmbiguous = await run({ steps: [{ expect: { Review: 'active' } }] });
    expect(expectAmbiguous.exitCode).toBe(1);
    expect(expectAmbiguous.failure!.error?.code).toBe('AmbiguousRef');
    expect(expectAmbiguous.failure!.error?.message).toContain('pi_review_gp');
    const command = await run({
      steps: [{ complete: 'Review', expectError: 'AmbiguousRef' }, { complete: 'pi_review_gp' }, { expect: { pi_review_gp: 'completed', pi_review_nurse: 'active' } }],
    });
    expect(command.exitCode, formatReport(command)).toBe(0);
    const unexpected = await run({ steps: [{ complete: 'Review' }] });
    expect(unexpected.exitCode).toBe(1);
    expect(unexpected.failure!.error?.code).toBe('AmbiguousRef');
  });

  it('rejects an unknown ref (UnknownRef) in a command and in an expectation', async () => {
    const command = await run({ steps: [{ complete: 'Discharge' }] });
    expect(command.exitCode).toBe(1);
    expect(command.failure!.error?.code).toBe('UnknownRef');
    expect(formatReport(command)).toContain('rejected: UnknownRef');
    expect((await run({ steps: [{ complete: 'Discharge', expectError: 'UnknownRef' }] })).exitCode).toBe(0);
    const expectation = await run({ steps: [{ expect: { Discharge: 'active' } }] });
    expect(expectation.exitCode).toBe(1);
    expect(expectation.failure!.error?.code).toBe('UnknownRef');
  });

  it('accepts a plan item id, a plan item name and, without one, its definition name', async () => {
    const model = CARE_PLAN.replace('<planItem id="pi_screening" name="Screening"', '<planItem id="pi_screening"');
    const result = await run({ steps: [{ expect: { Screening: 'active', pi_screening: 'active', Ward: 'active' } }, { complete: 'pi_screening' }, { expect: { Screening: 'completed' } }] }, model);
    expect(result.exitCode, formatReport(result)).toBe(0);
  });
});

describe('users', () => {
  it('acts as the scenario user, and as the step\'s `as` user where given', async () => {
    const nurse = { id: 'nurse-jo', roles: ['nurse'] };
    const doctor = { id: 'dr-kay', roles: ['doctor'] };
    const result = await run({
      user: nurse,
      steps: [{ complete: 'Prescribe', expectError: 'NotAuthorized' }, { complete: 'Prescribe', as: doctor }, { expect: { Prescribe: 'completed' } }],
    });
    expect(result.exitCode, formatReport(result)).toBe(0);
    const reversed = await run({ user: doctor, steps: [{ complete: 'Prescribe', as: nurse }] });
    expect(reversed.exitCode).toBe(1);
    expect(reversed.failure!.error?.code).toBe('NotAuthorized');
    const anyone = await run({ steps: [{ complete: 'Prescribe' }] });
    expect(anyone.exitCode, 'no user: no role checks').toBe(0);
    const record = result.timeline.find((r) => r.itemId === 'pi_prescribe' && r.transition === 'complete');
    expect(record?.user).toBe('dr-kay');
  });
});

describe('YAML scenarios', () => {
  it('runs a .yaml scenario like a JSON one', async () => {
    const path = join(FIXTURES, 'claim-review.scenario.yaml');
    const scenario = await loadScenarioFile(path);
    expect(scenario.user).toEqual({ id: 'alice', roles: ['adjuster'] });
    const result = await runScenarioFile(join(SHARED, 'conformance/01-sequence.cmmn'), path);
    expect(result.exitCode, formatReport(result)).toBe(0);
    expect(result.title).toBe('YAML scenario: the runner reads .yaml files like JSON ones');
  });

  it('reads .yml too, and refuses YAML that is not a scenario (exit 2)', async () => {
    const yml = scenarioFile('short.scenario.yml', 'steps:\n  - complete: Screening\n  - expect: { Assessment: active }\n');
    expect((await runScenarioFile(join(SHARED, 'conformance/01-sequence.cmmn'), yml)).exitCode).toBe(0);
    const bad = scenarioFile('bad.scenario.yaml', 'steps:\n  - complete: Screening\n    occur: Screening\n');
    const result = await runScenarioFile(join(SHARED, 'conformance/01-sequence.cmmn'), bad);
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.step).toBe(1);
  });
});

describe('the --json snapshot', () => {
  it('is {case, items: [{id, name, definition, type, stage, state, instance}], caseFile}', async () => {
    const result = await run({ start: { caseFile: { amount: 1200 } }, steps: [{ complete: 'Home visit' }, { set: { urgent: true } }] });
    expect(result.exitCode, formatReport(result)).toBe(0);
    const snapshot = result.snapshot!;
    expect(Object.keys(snapshot).sort()).toEqual(['case', 'caseFile', 'items']);
    expect(snapshot.case).toBe('active');
    expect(snapshot.caseFile).toEqual({ amount: 1200, urgent: true });
    for (const item of snapshot.items) expect(Object.keys(item).sort()).toEqual(['definition', 'id', 'instance', 'name', 'stage', 'state', 'type']);
    expect(snapshot.items).toEqual([
      { id: 'pi_screening', name: 'Screening', definition: 't_screening', type: 'HumanTask', stage: null, state: 'active', instance: 1 },
      { id: 'pi_assessment', name: 'Assessment', definition: 't_assessment', type: 'HumanTask', stage: null, state: 'available', instance: 1 },
      { id: 'pi_review_gp', name: 'Review', definition: 't_review', type: 'HumanTask', stage: null, state: 'active', instance: 1 },
      { id: 'pi_review_nurse', name: 'Review', definition: 't_review', type: 'HumanTask', stage: null, state: 'active', instance: 1 },
      { id: 'pi_visit', name: 'Home visit', definition: 't_visit', type: 'HumanTask', stage: null, state: 'completed', instance: 1 },
      { id: 'pi_prescribe', name: 'Prescribe', definition: 't_prescribe', type: 'HumanTask', stage: null, state: 'active', instance: 1 },
      { id: 'pi_ward', name: 'Ward', definition: 'st_ward', type: 'Stage', stage: null, state: 'active', instance: 1 },
      { id: 'pi_obs', name: 'Observations', definition: 't_obs', type: 'HumanTask', stage: 'pi_ward', state: 'active', instance: 1 },
      { id: 'pi_visit', name: 'Home visit', definition: 't_visit', type: 'HumanTask', stage: null, state: 'active', instance: 2 },
    ]);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('is also given when the run fails with exit 1, and lists a child case\'s items', async () => {
    const failed = await run({ steps: [{ expect: { Screening: 'completed' } }] });
    expect(failed.exitCode).toBe(1);
    expect(failed.snapshot?.items.length).toBe(8);
    const caseTask = await runScenarioFile(join(OWN, '10-tasks/case-task.cmmn'), join(OWN, '10-tasks/case-task.scenario.json'));
    expect(caseTask.exitCode, formatReport(caseTask)).toBe(0);
    expect(caseTask.snapshot!.items.map((i) => `${i.id}:${i.state}`)).toEqual(expect.arrayContaining(['pi_fraud:completed', 'pi_records:completed', 'pi_send:active']));
  });
});

describe('determinism (§12)', () => {
  const files: [string, string][] = [
    ['07-event-listeners/timer-repeating.cmmn', '07-event-listeners/timer-repeating.scenario.json'],
    ['10-tasks/case-task.cmmn', '10-tasks/case-task.scenario.json'],
    ['08-planning/stage-planning-table.cmmn', '08-planning/stage-planning-table.scenario.json'],
    ['03-lifecycles/stage-lifecycle.cmmn', '03-lifecycles/stage-lifecycle.scenario.json'],
  ];
  it.each(files)('the same model and scenario give the same timeline and snapshot: %s', async (model, scenario) => {
    const first = await runScenarioFile(join(OWN, model), join(OWN, scenario));
    const second = await runScenarioFile(join(OWN, model), join(OWN, scenario));
    expect(first.exitCode, formatReport(first)).toBe(0);
    expect(first.timeline.length).toBeGreaterThan(0);
    expect(second.timeline).toEqual(first.timeline);
    expect(second.snapshot).toEqual(first.snapshot);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe('timeline order', () => {
  it('§3 a stage that exits ends its children depth first: a nested stage\'s children before the later siblings of that stage', async () => {
    const xml = readFileSync(join(OWN, '03-lifecycles/stage-exit-depth-first.cmmn'), 'utf8');
    const result = await runScenario(xml, { steps: [{ occur: 'Claim withdrawn' }] });
    expect(result.exitCode, formatReport(result)).toBe(0);
    const ended = result.timeline
      .filter((r) => r.scope === 'planItem' && r.command === 'occur' && (r.transition === 'exit' || r.transition === 'parentTerminate'))
      .map((r) => `${r.itemName} ${r.transition}`);
    expect(ended).toEqual([
      'Claim handling exit',
      'Assess damage exit',
      'Request expert exit',
      'Order repair exit',
      'Fraud screening exit',
      'Site visit exit',
      'Settlement exit',
      'Calculate payout exit',
      'Payout agreed parentTerminate',
      'Customer objects parentTerminate',
      'Verify bank details exit',
      'Loss reported parentTerminate',
    ]);
  });

  it('§7 due timers fire one by one at their due time, in due order, ties in model order', async () => {
    const result = await runScenarioFile(join(OWN, '07-event-listeners/timer-order.cmmn'), join(OWN, '07-event-listeners/timer-order.scenario.json'));
    expect(result.exitCode, formatReport(result)).toBe(0);
    const fired = result.timeline
      .filter((r) => r.transition === 'occur' && r.command === 'timer' && ['pi_deadline', 'pi_reminder', 'pi_first_bell', 'pi_second_bell'].includes(r.itemId ?? ''))
      .map((r) => `${new Date(r.at).toISOString().slice(11, 16)} ${r.itemName}`);
    expect(fired).toEqual(['01:00 Reminder due', '02:00 Final deadline', '03:00 Morning batch', '03:00 Morning audit']);
  });

  it('§12 one command runs to quiescence: every transition it causes carries its name, in FIFO order', async () => {
    const result = await runScenarioFile(join(OWN, '12-evaluation-order/model-order.cmmn'), join(OWN, '12-evaluation-order/model-order.scenario.json'));
    expect(result.exitCode, formatReport(result)).toBe(0);
    const caused = result.timeline.filter((r) => r.command === 'occur').map((r) => `${r.itemName} ${r.transition}`);
    expect(caused).toEqual([
      'Fraud flagged occur',
      'Hold payment start',
      'Hold payment exit',
      'Investigate start',
      'Notify customer start',
      'Notify customer exit',
    ]);
  });
});
