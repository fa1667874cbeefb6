/**
 * A scenario is checked whole before its case starts: every problem is reported at once, each
 * naming its step, with exit code 2 — state names (lower case), durations, the work-management
 * steps' fields, and values that nest without end.
 */
import { join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '@casekit/core';
import { checkScenario, ENGINE_PROFILES, formatReport, runScenario, runScenarioFile, ScenarioError, SCENARIO_LIMITS, type Scenario } from '@casekit/testing';
import { CasekitError } from '@casekit/rules';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const SEQUENCE = resolve(here, '../../../../shared/conformance/01-sequence.cmmn');
const xml = readFileSync(SEQUENCE, 'utf8');
const run = (scenario: unknown) => runScenario(xml, scenario as Scenario);

/** A value nested `depth` levels deep. */
function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('the whole scenario is checked before it runs', () => {
  it('refuses a state name in the wrong case at a late step, though an early step would fail (exit 2, not 1)', async () => {
    const result = await run({ steps: [{ expect: { Screening: 'completed' } }, { complete: 'Screening' }, { expect: { Assessment: 'Active' } }] });
    expect(result.exitCode).toBe(2);
    expect(result.stepsRun).toBe(0);
    expect(result.invalid).toMatchObject({ code: 'ScenarioInvalid', step: 3 });
    expect(result.invalid?.message).toBe('step 3: "expect.Assessment": "Active" is not a state; states are lower case: "active"');
  });

  it('refuses unknown states for items and the case, in lists too', async () => {
    const result = await run({ steps: [{ expect: { Screening: ['active', 'started'] } }, { expect: { case: 'Closed' } }, { expect: { case: 'available' } }] });
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.problems).toEqual([
      { step: 1, message: '"expect.Screening": "started" is not a state (expected one of available, enabled, disabled, active, suspended, failed, completed, terminated)' },
      { step: 2, message: '"expect.case": "Closed" is not a state; states are lower case: "closed"' },
      { step: 3, message: '"expect.case": "available" is not a state (expected one of active, suspended, failed, completed, terminated, closed)' },
    ]);
  });

  it('lists every problem, each naming its step, and prints each on its own line', async () => {
    const result = await run({ title: 't', steps: [{ finish: 'X' }, { complete: 'Screening' }, { advanceTime: '-PT1H' }, { complete: '' }, { expect: { Screening: 'Done' } }] });
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.problems?.map((p) => p.step)).toEqual([1, 3, 4, 5]);
    const report = formatReport(result);
    expect(report.split('\n')[0]).toBe('INVALID — t: ScenarioInvalid 4 problems');
    expect(report).toContain('\n  step 1: unknown verb "finish"');
    expect(report).toContain('\n  step 3: "advanceTime": "-PT1H" is negative; the clock only moves forward');
    expect(report).toContain('\n  step 4: "complete" takes a ref (string)');
    expect(report).toContain('\n  step 5: "expect.Screening": "Done" is not a state');
  });

  it('refuses a negative or malformed duration (exit 2)', async () => {
    for (const duration of ['-PT1H', 'PT', '2 hours', 'P1Y-2M']) {
      const result = await run({ steps: [{ advanceTime: duration }] });
      expect(result.exitCode, duration).toBe(2);
      expect(result.invalid?.step).toBe(1);
    }
    expect((await run({ steps: [{ advanceTime: 'P1DT2H' }] })).exitCode).toBe(0);
  });

  it('refuses a case file value nested deeper than the limit, or one that refers to itself (exit 2, no stack overflow)', async () => {
    const deepExpect = await run({ steps: [{ expect: { caseFile: deep(5000) } }] });
    expect(deepExpect.exitCode).toBe(2);
    expect(deepExpect.invalid?.message).toMatch(/nests deeper than 64 levels/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const cycle = await run({ start: { caseFile: cyclic }, steps: [] });
    expect(cycle.exitCode).toBe(2);
    expect(cycle.invalid?.message).toMatch(/refers to itself/);
    expect((await run({ steps: [{ set: deep(SCENARIO_LIMITS.maxDepth - 4) }] })).exitCode).toBe(0);
  });

  it('refuses values that are not JSON', async () => {
    const result = await run({ start: { caseFile: { when: new Date(0), n: Number.NaN } }, steps: [] });
    expect(result.exitCode).toBe(2);
  });

  it('ScenarioError is a CasekitError with a literal code and the problems', () => {
    let caught: unknown;
    try {
      checkScenario({ steps: [{ complete: 1 }, { expect: { case: 'Active' } }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect(caught).toBeInstanceOf(CasekitError);
    const error = caught as ScenarioError;
    expect(error.code).toBe('ScenarioInvalid');
    expect(error.step).toBe(1);
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/^2 problems: step 1: .*; step 2: /);
  });
});

describe('the format of models, profile and work-management steps', () => {
  it('accepts models, profile, claim, unclaim, assign, delegate, resolve, addMember, removeMember and expect.assignee', () => {
    expect(() =>
      checkScenario({
        models: ['child.cmmn'],
        profile: 'flowable',
        user: { id: 'alice', roles: ['nurse'] },
        steps: [
          { claim: 'Screening' },
          { claim: 'Screening', as: { id: 'bob' }, expectError: 'TaskClaimed' },
          { unclaim: 'Screening' },
          { assign: 'Screening', to: 'bob' },
          { assign: 'Screening', to: null },
          { delegate: 'Screening', to: 'carol' },
          { resolve: 'Screening', as: { id: 'carol' } },
          { addMember: 'dave', roles: ['doctor'] },
          { removeMember: 'dave' },
          { expect: { assignee: { Screening: 'alice', Assessment: null } } },
        ],
      }),
    ).not.toThrow();
  });

  it('refuses what the format does not allow, naming each step', () => {
    let error: ScenarioError | undefined;
    try {
      checkScenario({
        models: 'child.cmmn',
        profile: 'activiti',
        steps: [{ assign: 'Screening' }, { delegate: 'Screening', to: null }, { complete: 'Screening', to: 'bob' }, { addMember: 'dave', roles: 'doctor' }, { expect: { assignee: { Screening: 3 } } }],
      });
    } catch (e) {
      error = e as ScenarioError;
    }
    expect(error?.problems).toEqual([
      { message: '"models" must be a list of file paths' },
      { message: '"profile" must be one of cmmn, flowable, camunda' },
      { step: 1, message: '"assign" needs "to": a user id, or null to clear' },
      { step: 2, message: '"delegate" needs "to": a user id' },
      { step: 3, message: '"to" belongs to "assign" or "delegate", not "complete"' },
      { step: 4, message: '"roles" must be a list of strings' },
      { step: 5, message: '"expect.assignee" must map refs to a user id or null' },
    ]);
  });

  const engineHas = (method: string): boolean => typeof (createEngine() as unknown as Record<string, unknown>)[method] === 'function';

  it.skipIf(engineHas('claim'))('runs up to a work-management step this engine lacks, then fails it clearly (exit 2, ScenarioUnsupported)', async () => {
    const result = await run({ steps: [{ complete: 'Screening' }, { claim: 'Assessment' }] });
    expect(result.exitCode).toBe(2);
    expect(result.invalid).toMatchObject({ code: 'ScenarioUnsupported', step: 2, message: 'step 2: "claim" is not supported by this engine version' });
  });

  it.skipIf(!engineHas('addMember'))('runs addMember and removeMember through the engine\'s case team', async () => {
    const result = await run({ user: { id: 'carlos', roles: ['case manager'] }, steps: [{ addMember: 'nina', roles: ['nurse'] }, { removeMember: 'nina' }, { complete: 'Screening' }] });
    expect(result.exitCode, formatReport(result)).toBe(0);
  });

  it.skipIf(ENGINE_PROFILES.includes('flowable'))('refuses a profile this engine lacks before the case starts', async () => {
    const result = await run({ profile: 'flowable', steps: [] });
    expect(result.exitCode).toBe(2);
    expect(result.invalid).toMatchObject({ code: 'ScenarioUnsupported', message: 'profile "flowable" is not supported by this engine version' });
    expect((await run({ profile: 'cmmn', steps: [] })).exitCode).toBe(0);
  });

  it('deploys the models a scenario names: a case task may start a case of another file, whose items steps name', async () => {
    const result = await runScenarioFile(join(here, 'fixtures/models/referral.cmmn'), join(here, 'fixtures/models/referral.scenario.json'));
    expect(result.exitCode, formatReport(result)).toBe(0);
    const missing = await runScenario(readFileSync(join(here, 'fixtures/models/referral.cmmn'), 'utf8'), { steps: [] });
    expect(missing.exitCode).toBe(2);
    expect(missing.invalid?.message).toMatch(/UnresolvedExternalReference|intake/);
  });
});
