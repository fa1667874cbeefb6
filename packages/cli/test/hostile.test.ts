/**
 * Hostile input on the command line: every path is read bounded (regular files only, at most
 * 10 MiB), files a scenario names are read only as what they should be, and a scenario that
 * breaks the format is a user error (exit 2, one line) — never an endless read, a quoted secret,
 * or an internal error with a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CasekitError } from '@casekit/rules';
import { UsageError } from '../src/commands/command.js';
import { CONFORMANCE, runCli, tempFiles } from './helpers.js';

const model = join(CONFORMANCE, '01-sequence.cmmn');

describe('casekit reads at most 10 MiB of regular files', () => {
  it('validate /dev/zero ends at once with FileUnreadable', async () => {
    const run = await runCli(['validate', '/dev/zero']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('/dev/zero:1:1  FileUnreadable  cannot read the file: not a regular file (a device)');
  });

  it('a FIFO is refused without waiting for a writer; run refuses devices too', async () => {
    const dir = tempFiles({});
    execFileSync('mkfifo', [join(dir, 'pipe.cmmn')]);
    const run = await runCli(['inspect', 'pipe.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('pipe.cmmn:1:1  FileUnreadable  cannot read the file: not a regular file (a pipe)');
    const scenario = await runCli(['run', model, '/dev/zero']);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toBe('casekit run: cannot read /dev/zero: not a regular file (a device)\n');
  });

  it('refuses a file over the limit', async () => {
    const dir = tempFiles({});
    writeFileSync(join(dir, 'big.cmmn'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    const run = await runCli(['validate', 'big.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('big.cmmn:1:1  FileUnreadable  cannot read the file: larger than 10 MiB, the limit for an input file');
  });
});

describe('casekit run with hostile scenarios', () => {
  const runScenario = async (content: string, name = 'hostile.scenario.json') => {
    const dir = tempFiles({ [name]: content });
    return runCli(['run', model, join(dir, name)]);
  };

  it('reads a scenario\'s decision file only as a decision table and never quotes it', async () => {
    const run = await runScenario(JSON.stringify({ decisions: { x: '/etc/passwd' }, steps: [] }));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('"decisions.x" (/etc/passwd): a decision table file ends in .dmn, .xml or .json');
    expect(run.stdout).not.toMatch(/root:/);
  });

  it('advanceTime "-PT1H" and an unknown state name exit 2, as documented', async () => {
    const negative = await runScenario(JSON.stringify({ steps: [{ advanceTime: '-PT1H' }] }));
    expect(negative.code).toBe(2);
    expect(negative.stdout).toContain('step 1: "advanceTime": "-PT1H" is negative');
    const state = await runScenario(JSON.stringify({ steps: [{ complete: 'Screening' }, { expect: { Assessment: 'Active' } }] }));
    expect(state.code).toBe(2);
    expect(state.stdout).toContain('(step 2): ScenarioInvalid step 2: "expect.Assessment": "Active" is not a state; states are lower case: "active"');
  });

  it('refuses a YAML recursive alias (exit 2), never a cyclic case file', async () => {
    const run = await runScenario('start:\n  caseFile: &a\n    b: *a\nsteps: []\n', 'alias.scenario.yaml');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('YAML aliases (*name) are not allowed in a scenario');
  });

  it('a 100,000-deep JSON case file or a 5,000-deep expect.caseFile is a user error, no stack trace', async () => {
    const deep = await runScenario(`{"start": {"caseFile": {"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}, "steps": []}`);
    expect(deep.code).toBe(2);
    expect(deep.stderr).toBe('');
    expect(deep.stdout).not.toMatch(/\n\s+at /);
    const expectDeep = await runScenario(`{"steps": [{"expect": {"caseFile": ${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}}}]}`);
    expect(expectDeep.code).toBe(2);
    expect(expectDeep.stderr).toBe('');
  });
});

describe('one error root', () => {
  it('UsageError is a CasekitError with a literal code', () => {
    const error = new UsageError('missing <file>');
    expect(error).toBeInstanceOf(CasekitError);
    expect(error.code).toBe('UsageError');
    expect(error.name).toBe('UsageError');
  });
});
