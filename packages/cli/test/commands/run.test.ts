import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE, CORPUS, runCli, tempFiles } from '../helpers.js';

const model = join(CONFORMANCE, '01-sequence.cmmn');

describe('casekit run', () => {
  it('exits 0 when every expectation holds', async () => {
    const run = await runCli(['run', model, join(CONFORMANCE, '01-sequence.scenario.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS/);
  });

  it('exits 1 on a wrong expectation, naming the step, the ref, expected, actual and all states', async () => {
    const dir = tempFiles({ 'wrong.scenario.json': JSON.stringify({ steps: [{ complete: 'Screening' }, { expect: { Assessment: 'completed' } }] }) });
    const run = await runCli(['run', model, join(dir, 'wrong.scenario.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('step 2');
    expect(run.stdout).toContain('Assessment');
    expect(run.stdout).toMatch(/expected: completed/);
    expect(run.stdout).toMatch(/actual: +active/);
    expect(run.stdout).toMatch(/Screening#1 +completed/);
  });

  it('exits 2 on an invalid model', async () => {
    const invalid = join(CORPUS, 'cmmn-js/bpmn-io-cmmn-moddle/test/fixtures/cmmn/error/duplicate-ids.cmmn');
    const run = await runCli(['run', invalid, join(CONFORMANCE, '01-sequence.scenario.json')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('DuplicateId');
  });

  it('exits 2 on an invalid scenario, naming the step', async () => {
    const dir = tempFiles({ 'bad.scenario.json': JSON.stringify({ steps: [{ complete: 'Screening', occur: 'X' }] }) });
    const run = await runCli(['run', model, join(dir, 'bad.scenario.json')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('step 1');
  });

  it('--json prints the final snapshot', async () => {
    const run = await runCli(['run', '--json', model, join(CONFORMANCE, '01-sequence.scenario.json')]);
    expect(run.code).toBe(0);
    const snapshot = JSON.parse(run.stdout) as { case: string; items: { id: string; state: string; instance: number }[] };
    expect(snapshot.case).toBe('completed');
    expect(snapshot.items.find((i) => i.id === 'pi_assessment')).toMatchObject({ state: 'completed', instance: 1, name: 'Assessment', type: 'HumanTask', stage: null, definition: 't_assessment' });
  });

  it('--timeline prints who did what when', async () => {
    const run = await runCli(['run', '--timeline', model, join(CONFORMANCE, '01-sequence.scenario.json')]);
    expect(run.stdout).toMatch(/2026-01-01T00:00:00Z +Screening +complete +Active +→ Completed/);
  });
});
