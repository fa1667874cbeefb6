/**
 * Scenario files on disk, read without trusting them: bounded reads of regular files only, YAML
 * without aliases, nesting limits, decision files read only as decision tables; models found by
 * convention; the JUnit report.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatJunit,
  InputFileError,
  loadScenarioDecisions,
  modelForScenario,
  readInputFile,
  runScenarioFile,
  ScenarioError,
  type ScenarioResult,
} from '@casekit/testing';

const here = dirname(fileURLToPath(import.meta.url));
const SEQUENCE = resolve(here, '../../../../shared/conformance/01-sequence.cmmn');
const scratch = mkdtempSync(join(tmpdir(), 'casekit-load-'));

function file(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('readInputFile', () => {
  it('refuses devices, pipes and directories without reading them', async () => {
    const fifo = join(scratch, 'pipe.cmmn');
    execFileSync('mkfifo', [fifo]);
    for (const [path, reason] of [
      ['/dev/zero', 'not a regular file (a device)'],
      [fifo, 'not a regular file (a pipe)'],
      [scratch, 'it is a directory'],
      [join(scratch, 'missing.cmmn'), 'no such file'],
    ] as const) {
      const error = await rejection(readInputFile(path));
      expect(error, path).toBeInstanceOf(InputFileError);
      expect((error as InputFileError).reason).toBe(reason);
      expect((error as InputFileError).code).toBe('FileUnreadable');
    }
  });

  it('reads at most the limit', async () => {
    const big = file('big.json', 'x'.repeat(2000));
    expect((await rejection(readInputFile(big, { maxBytes: 1000 })) as InputFileError).reason).toBe('larger than 1000 bytes, the limit for an input file');
    expect(await readInputFile(big, { maxBytes: 2000 })).toHaveLength(2000);
  });

  it('drops a byte-order mark', async () => {
    expect(await readInputFile(file('bom.json', '\uFEFF{}'))).toBe('{}');
  });
});

describe('hostile scenario files (exit 2, never a stack trace)', () => {
  const runFile = (name: string, content: string): Promise<ScenarioResult> => runScenarioFile(SEQUENCE, file(name, content));

  it('refuses a YAML file with a recursive alias, or any alias', async () => {
    const recursive = await runFile('recursive.scenario.yaml', 'start:\n  caseFile: &loop\n    self: *loop\nsteps: []\n');
    expect(recursive.exitCode).toBe(2);
    expect(recursive.invalid?.message).toMatch(/YAML aliases \(\*name\) are not allowed/);
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}]`);
    const expanded = await runFile('laughs.scenario.yaml', `start:\n  caseFile:\n${laughs.map((l) => `    ${l}`).join('\n')}\nsteps: []\n`);
    expect(expanded.exitCode).toBe(2);
  });

  it('refuses a 100,000-deep JSON file and a 5,000-deep expect.caseFile', async () => {
    const deep = await runFile('deep.scenario.json', `{"steps": [], "start": {"caseFile": {"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`);
    expect(deep.exitCode).toBe(2);
    expect(deep.invalid?.message).toMatch(/nest deeper than 64 levels/);
    const expectDeep = await runFile('expect-deep.scenario.json', `{"steps": [{"expect": {"caseFile": ${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}}}]}`);
    expect(expectDeep.exitCode).toBe(2);
    const yamlDeep = await runFile('deep.scenario.yaml', `steps: []\nstart: {caseFile: {a: ${'['.repeat(100_000)}${']'.repeat(100_000)}}}\n`);
    expect(yamlDeep.exitCode).toBe(2);
  });

  it('reports invalid JSON and YAML on one line', async () => {
    const json = await runFile('broken.scenario.json', '{"steps": [');
    expect(json.exitCode).toBe(2);
    expect(json.invalid?.message).not.toContain('\n');
    const yaml = await runFile('broken.scenario.yaml', 'steps: [\n  - a\n b: ]');
    expect(yaml.exitCode).toBe(2);
    expect(yaml.invalid?.message).toMatch(/is not valid YAML: .*\(line \d+\)$/);
    expect(yaml.invalid?.message).not.toContain('\n');
  });

  it('refuses a scenario that is a device, without reading it', async () => {
    const result = await runScenarioFile(SEQUENCE, '/dev/zero');
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.message).toBe('cannot read /dev/zero: not a regular file (a device)');
  });
});

describe('decision files are read only as decision tables', () => {
  const secret = 'root:x:0:0:the first line of a secret';

  it('refuses a file that is not a decision table without quoting it', async () => {
    const secretJson = file('secret.json', `${secret}\n`);
    const secretXml = file('secret.xml', `<secret>${secret}</secret>`);
    const notTable = file('not-table.json', JSON.stringify({ password: secret }));
    for (const [path, message] of [
      ['/etc/passwd', 'a decision table file ends in .dmn, .xml or .json'],
      [secretJson, 'not a JSON decision table (the file is not JSON)'],
      [secretXml, 'not a DMN file (no DMN namespace)'],
      [notTable, 'not a JSON decision table (no "inputs", "outputs" and "rules")'],
      ['/dev/zero.json', 'no such file'],
    ] as const) {
      const error = await rejection(loadScenarioDecisions({ x: path }));
      expect(error, path).toBeInstanceOf(ScenarioError);
      expect((error as Error).message).toBe(`"decisions.x" (${path}): ${message}`);
      expect((error as Error).message).not.toContain('root:');
    }
  });

  it('a scenario naming /etc/passwd as a decision table is invalid (exit 2) and quotes nothing of it', async () => {
    const result = await runScenarioFile(SEQUENCE, file('passwd.scenario.json', { decisions: { x: '/etc/passwd' }, steps: [] }));
    expect(result.exitCode).toBe(2);
    expect(result.invalid?.message).toBe('"decisions.x" (/etc/passwd): a decision table file ends in .dmn, .xml or .json');
  });

  it('still loads real tables, DMN and JSON', async () => {
    const examples = resolve(here, '../../../examples/decisions');
    const registry = await loadScenarioDecisions({ risk: join(examples, 'care-risk.dmn'), triage: join(examples, 'complaint-triage.json') });
    expect(registry.get('risk')).toBeDefined();
    expect(registry.get('triage')).toBeDefined();
  });
});

describe('models by convention', () => {
  it('X.scenario.json runs against X.cmmn; X.Y.scenario.json against X.Y.cmmn, else X.cmmn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casekit-convention-'));
    for (const name of ['claim.cmmn', 'claim.scenario.json', 'claim.rejected.scenario.yaml', 'claim.v2.cmmn', 'claim.v2.scenario.json', 'orphan.scenario.json']) writeFileSync(join(dir, name), '');
    expect(await modelForScenario(join(dir, 'claim.scenario.json'))).toBe(join(dir, 'claim.cmmn'));
    expect(await modelForScenario(join(dir, 'claim.rejected.scenario.yaml'))).toBe(join(dir, 'claim.cmmn'));
    expect(await modelForScenario(join(dir, 'claim.v2.scenario.json'))).toBe(join(dir, 'claim.v2.cmmn'));
    expect(await modelForScenario(join(dir, 'orphan.scenario.json'))).toBeUndefined();
    const single = mkdtempSync(join(tmpdir(), 'casekit-convention-'));
    for (const name of ['care.cmmn', 'journey.scenario.json']) writeFileSync(join(single, name), '');
    expect(await modelForScenario(join(single, 'journey.scenario.json'))).toBe(join(single, 'care.cmmn'));
  });

  it('runs a scenario without a model argument: by convention, else the first of its models', async () => {
    const byConvention = await runScenarioFile(undefined, resolve(here, '../../../../shared/conformance/01-sequence.scenario.json'));
    expect(byConvention.exitCode).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'casekit-models-'));
    writeFileSync(join(dir, 'sequence.cmmn'), readFileSync(SEQUENCE));
    writeFileSync(join(dir, 'journey.scenario.json'), JSON.stringify({ models: ['sequence.cmmn'], steps: [{ complete: 'Screening' }] }));
    expect((await runScenarioFile(undefined, join(dir, 'journey.scenario.json'))).exitCode).toBe(0);
    const other = mkdtempSync(join(tmpdir(), 'casekit-models-'));
    writeFileSync(join(other, 'lost.scenario.json'), JSON.stringify({ steps: [] }));
    const lost = await runScenarioFile(undefined, join(other, 'lost.scenario.json'));
    expect(lost.exitCode).toBe(2);
    expect(lost.invalid?.message).toBe('no model for lost.scenario.json: name it on the command line or in "models", or put lost.cmmn beside it');
  });

  it('refuses a model that cannot be read, or one of models that is not a model file', async () => {
    const missing = await runScenarioFile(join(scratch, 'missing.cmmn'), file('m.scenario.json', { steps: [] }));
    expect(missing).toMatchObject({ exitCode: 2, invalid: { code: 'ModelError', message: `cannot read ${join(scratch, 'missing.cmmn')}: no such file` } });
    const passwd = await runScenarioFile(SEQUENCE, file('p.scenario.json', { models: ['/etc/passwd'], steps: [] }));
    expect(passwd.exitCode).toBe(2);
    expect(passwd.invalid?.message).toBe('"models[0]" (/etc/passwd): a model file ends in .cmmn or .xml');
  });
});

describe('formatJunit', () => {
  it('writes one testcase per scenario, failures and errors with the report', async () => {
    const pass = await runScenarioFile(SEQUENCE, file('pass.scenario.json', { title: 'passes', steps: [{ complete: 'Screening' }] }));
    const fail = await runScenarioFile(SEQUENCE, file('fail.scenario.json', { steps: [{ expect: { Screening: 'completed' } }] }));
    const invalid = await runScenarioFile(SEQUENCE, file('invalid.scenario.json', { steps: [{ finish: 'X' }] }));
    const xml = formatJunit([
      { scenario: 'pass.scenario.json', result: pass, seconds: 0.01 },
      { scenario: 'fail.scenario.json', result: fail, seconds: 0.02 },
      { scenario: 'invalid & <odd>.scenario.json', result: invalid },
    ]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="casekit scenarios" tests="3" failures="1" errors="1" time="0.030">/);
    expect(xml).toContain('<testcase classname="pass.scenario.json" name="pass.scenario.json — passes" time="0.010"/>');
    expect(xml).toMatch(/<failure type="ExpectationFailed" message="FAIL">FAIL\n {2}step 1: .*expected: completed/s);
    expect(xml).toContain('classname="invalid &amp; &lt;odd&gt;.scenario.json"');
    expect(xml).toMatch(/<error type="ScenarioInvalid" message="INVALID \(step 1\): ScenarioInvalid step 1: unknown verb &quot;finish&quot;/);
  });
});
