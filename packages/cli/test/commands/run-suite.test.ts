/**
 * `casekit run` as a test suite runs it: several scenario files and patterns, models by convention
 * or `--model`, a progress line per scenario, `N passed, M failed` at the end, JUnit XML for CI.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE, runCli, tempFiles } from '../helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const MODELS = resolve(here, '../../../testing/test/fixtures/models');
const sequence = readFileSync(join(CONFORMANCE, '01-sequence.cmmn'), 'utf8');

/** A folder of scenarios for 01-sequence: two that pass, one that fails. */
function suite(): string {
  return tempFiles({
    'sequence.cmmn': sequence,
    'sequence.scenario.json': JSON.stringify({ title: 'screening first', steps: [{ complete: 'Screening' }, { expect: { Assessment: 'active' } }] }),
    'sequence.done.scenario.yaml': 'steps:\n  - complete: Screening\n  - complete: Assessment\n',
    'sequence.wrong.scenario.json': JSON.stringify({ steps: [{ expect: { Assessment: 'active' } }] }),
  });
}

describe('casekit run: a suite', () => {
  it('a missing scenario file is a user error: exit 2, one line, no stack trace', async () => {
    const dir = suite();
    const run = await runCli(['run', 'sequence.cmmn', 'missing.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('casekit run: cannot read missing.json: no such file\n');
    expect(run.stdout).toBe('');
    const model = await runCli(['run', 'nope.cmmn', 'sequence.scenario.json'], { cwd: dir });
    expect(model.code).toBe(2);
    expect(model.stderr).toBe('casekit run: cannot read nope.cmmn: no such file\n');
  });

  it('finds the one model of a folder', async () => {
    const dir = tempFiles({ 'care.cmmn': sequence, 'journey.scenario.json': JSON.stringify({ steps: [{ complete: 'Screening' }] }) });
    const run = await runCli(['run', 'journey.scenario.json'], { cwd: dir });
    expect(run.code).toBe(0);
  });

  it('runs several files with their models by convention, a line each, then "N passed, M failed"', async () => {
    const dir = suite();
    const run = await runCli(['run', 'sequence.scenario.json', 'sequence.done.scenario.yaml', 'sequence.wrong.scenario.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.lines[0]).toBe('PASS  sequence.scenario.json — screening first (2 steps)');
    expect(run.lines[1]).toBe('PASS  sequence.done.scenario.yaml (2 steps)');
    expect(run.lines[2]).toBe('FAIL  sequence.wrong.scenario.json');
    expect(run.lines.at(-1)).toBe('2 passed, 1 failed');
  });

  it('expands a quoted pattern, sorted; a pattern that matches nothing is a usage error', async () => {
    const dir = suite();
    const run = await runCli(['run', '*.scenario.*'], { cwd: dir });
    expect(run.lines.filter((l) => /^(PASS|FAIL|INVALID)/.test(l)).map((l) => l.split('  ')[1]!.split(' ')[0])).toEqual([
      'sequence.done.scenario.yaml',
      'sequence.scenario.json',
      'sequence.wrong.scenario.json',
    ]);
    expect(run.lines.at(-1)).toBe('2 passed, 1 failed');
    const deep = await runCli(['run', `${dir}/**/*.done.scenario.yaml`]);
    expect(deep.code).toBe(0);
    expect(deep.lines.at(-1)).toBe('1 passed, 0 failed');
    const none = await runCli(['run', '*.nothing.json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('casekit run: no file matches *.nothing.json');
  });

  it('runs every scenario against the model named on the command line', async () => {
    const dir = suite();
    const run = await runCli(['run', join(CONFORMANCE, '01-sequence.cmmn'), 'sequence.scenario.json', 'sequence.done.scenario.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('2 passed, 0 failed');
  });

  it('--model deploys further model files: a case task may start a case of another file', async () => {
    const dir = tempFiles({ 'referral.scenario.json': JSON.stringify({ steps: [{ complete: 'Triage' }, { complete: 'Interview' }, { expect: { case: 'completed' } }] }) });
    copyFileSync(join(MODELS, 'referral.cmmn'), join(dir, 'referral.cmmn'));
    copyFileSync(join(MODELS, 'intake.cmmn'), join(dir, 'intake.cmmn'));
    const without = await runCli(['run', 'referral.scenario.json'], { cwd: dir });
    expect(without.code).toBe(2);
    const run = await runCli(['run', '--model', 'intake.cmmn', 'referral.scenario.json'], { cwd: dir });
    expect(run.stdout).toMatch(/^PASS/);
    expect(run.code).toBe(0);
  });

  it('counts an invalid scenario as failed and exits 2', async () => {
    const dir = suite();
    const run = await runCli(['run', 'sequence.scenario.json', 'orphan.scenario.json'], { cwd: tempFilesWith(dir) });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^INVALID {2}orphan\.scenario\.json: ScenarioInvalid no model for/m);
    expect(run.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('--reporter junit prints JUnit XML on stdout and the progress on stderr', async () => {
    const dir = suite();
    const run = await runCli(['run', '--reporter', 'junit', '*.scenario.*'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="casekit scenarios" tests="3" failures="1" errors="0"/);
    expect(run.stdout).toContain('<testcase classname="sequence.done.scenario.yaml"');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed');
    const bad = await runCli(['run', '--reporter', 'tap', '*.scenario.*'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reporter takes text or junit, not "tap"');
  });

  it('--json takes one scenario', async () => {
    const dir = suite();
    const run = await runCli(['run', '--json', '*.scenario.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--json prints the snapshot of one scenario; 2 were given');
  });
});

/** The suite folder with one more scenario that has no model (two models beside it, neither its own). */
function tempFilesWith(dir: string): string {
  const extra = tempFiles({ 'orphan.scenario.json': JSON.stringify({ steps: [] }) });
  copyFileSync(join(dir, 'sequence.cmmn'), join(extra, 'sequence.cmmn'));
  copyFileSync(join(dir, 'sequence.cmmn'), join(extra, 'other.cmmn'));
  copyFileSync(join(dir, 'sequence.scenario.json'), join(extra, 'sequence.scenario.json'));
  return extra;
}
