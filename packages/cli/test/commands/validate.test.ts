import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidateJson } from '../../src/index.js';
import { CONFORMANCE, CORPUS, cmmn, runCli, tempFiles } from '../helpers.js';

const DUPLICATE_IDS = 'cmmn-js/bpmn-io-cmmn-moddle/test/fixtures/cmmn/error/duplicate-ids.cmmn';
const SIMPLE = 'cmmn-js/bpmn-io-cmmn-moddle/test/fixtures/cmmn/simple.cmmn';

/** `file:line:col  code  message`, the format every problem line has. */
const PROBLEM_LINE = /^(?<file>.+):(?<line>\d+):(?<column>\d+) {2}(?<code>[A-Za-z]+) {2}(?<message>.+)$/;

function problemLines(stdout: string): { file: string; line: number; column: number; code: string; message: string }[] {
  return stdout.split('\n').flatMap((text) => {
    const m = PROBLEM_LINE.exec(text)?.groups;
    return m === undefined ? [] : [{ file: m['file']!, line: Number(m['line']), column: Number(m['column']), code: m['code']!, message: m['message']! }];
  });
}

describe('casekit validate', () => {
  it('exits 0 on a valid corpus file', async () => {
    const run = await runCli(['validate', SIMPLE], { cwd: CORPUS });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatch(/^OK {2}1 file checked: /);
    expect(run.stdout).not.toContain('— errors');
  });

  it('exits 0 on every conformance model, validated together', async () => {
    const files = readdirSync(CONFORMANCE).filter((f) => f.endsWith('.cmmn'));
    const run = await runCli(['validate', ...files], { cwd: CONFORMANCE });
    expect(run.stdout).toMatch(new RegExp(`^OK {2}${files.length} files checked: `, 'm'));
    expect(run.code).toBe(0);
  });

  it('exits 1 on duplicate ids, naming the id with its line and column', async () => {
    const run = await runCli(['validate', DUPLICATE_IDS], { cwd: CORPUS });
    expect(run.code).toBe(1);
    const [problem, ...others] = problemLines(run.stdout);
    expect(problem).toMatchObject({ file: DUPLICATE_IDS, line: 5, code: 'DuplicateId' });
    expect(others.map((p) => p.code)).toEqual(['CaseWithoutPlanModel']);
    expect(problem!.column).toBeGreaterThan(0);
    expect(problem!.message).toContain('"test"');
    expect(run.stdout).toContain(`${DUPLICATE_IDS} — errors (1)`);
    expect(run.lines.at(-1)).toBe('FAILED  1 file checked: 1 error, 1 draft warning, 0 warnings; 1 file has errors');
  });

  it('exits 1 on each corpus file listed as invalid, naming the listed ids', async () => {
    const listed = readFileSync(join(CORPUS, 'EXPECTED-INVALID.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.split('\t') as [string, string]);
    expect(listed.length).toBeGreaterThan(0);
    for (const [file, expected] of listed) {
      const run = await runCli(['validate', file], { cwd: CORPUS });
      expect(run.code, file).toBe(1);
      for (const id of expected.matchAll(/"([^"]+)"/g)) {
        expect(problemLines(run.stdout).some((p) => p.message.includes(`"${id[1]}"`) && p.line > 0), `${file}: ${id[1]}`).toBe(true);
      }
    }
  });

  it('loads every other corpus file (exit 0 for all of them in one command)', async () => {
    const invalid = new Set(
      readFileSync(join(CORPUS, 'EXPECTED-INVALID.txt'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'))
        .map((l) => l.split('\t')[0]),
    );
    const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.cmmn'))
      .map((f) => relative(CORPUS, join(CORPUS, f)))
      .filter((f) => !invalid.has(f));
    expect(files.length).toBeGreaterThan(100);
    const run = await runCli(['validate', '--quiet', ...files], { cwd: CORPUS });
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('reports a dangling sentryRef with file, line, column and the id (exit 1)', async () => {
    const dir = tempFiles({
      'dangling.cmmn': cmmn(`  <case id="c">
    <casePlanModel id="plan">
      <planItem id="pi_a" definitionRef="t_a">
        <entryCriterion id="ec_a" sentryRef="s_missing"/>
      </planItem>
      <task id="t_a"/>
    </casePlanModel>
  </case>`),
    });
    const run = await runCli(['validate', 'dangling.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    const problems = problemLines(run.stdout);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'dangling.cmmn', line: 6, code: 'UnresolvedReference' });
    expect(problems[0]!.column).toBeGreaterThan(0);
    expect(problems[0]!.message).toContain('s_missing');
  });

  it('exits 1 on malformed XML, with the position', async () => {
    const dir = tempFiles({ 'broken.cmmn': cmmn('  <case id="c">\n    <casePlanModel id="plan">\n  </case>') });
    const run = await runCli(['validate', 'broken.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    const problems = problemLines(run.stdout);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'broken.cmmn', code: 'MalformedXml' });
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('exits 1 when a file cannot be read, and still checks the others', async () => {
    const dir = tempFiles({ 'ok.cmmn': cmmn('  <case id="c"><casePlanModel id="plan"/></case>') });
    const run = await runCli(['validate', 'missing.cmmn', 'ok.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('missing.cmmn:1:1  FileUnreadable  cannot read the file: no such file');
    expect(run.lines.at(-1)).toBe('FAILED  2 files checked: 1 error, 0 draft warnings, 0 warnings; 1 file has errors');
  });

  describe('references between files', () => {
    const parent = cmmn(`  <case id="parent" name="Parent">
    <casePlanModel id="parent_plan">
      <planItem id="pi_call" definitionRef="ct_call"/>
      <planItem id="pi_process" definitionRef="pt_call"/>
      <caseTask id="ct_call" caseRef="child_case"/>
      <processTask id="pt_call" processRef="billing"/>
    </casePlanModel>
  </case>`);
    const child = cmmn(`  <case id="child_case" name="Child">
    <casePlanModel id="child_plan"/>
  </case>
  <process id="billing" name="Billing"/>`);

    it('alone, a caseRef to another file is an unresolved external reference (a draft warning)', async () => {
      const dir = tempFiles({ 'parent.cmmn': parent });
      const run = await runCli(['validate', 'parent.cmmn'], { cwd: dir });
      expect(run.code).toBe(0);
      const unresolved = problemLines(run.stdout).filter((p) => p.code === 'UnresolvedExternalReference');
      expect(unresolved.map((p) => p.message)).toEqual([
        expect.stringContaining('"child_case"'),
        expect.stringContaining('"billing"'),
      ]);
      expect(run.stdout).toContain('parent.cmmn — draft warnings (2)');
    });

    it('validated together, caseRef and processRef resolve in the other file', async () => {
      const dir = tempFiles({ 'parent.cmmn': parent, 'child.cmmn': child });
      const run = await runCli(['validate', 'parent.cmmn', 'child.cmmn'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(problemLines(run.stdout).filter((p) => p.code === 'UnresolvedExternalReference')).toEqual([]);
      expect(run.lines.at(-1)).toMatch(/^OK {2}2 files checked: /);
    });

    it('a file with errors contributes no ids', async () => {
      const broken = child.replace('<process id="billing" name="Billing"/>', '<process id="billing"/><process id="billing"/>');
      const dir = tempFiles({ 'parent.cmmn': parent, 'child.cmmn': broken });
      const run = await runCli(['validate', 'parent.cmmn', 'child.cmmn'], { cwd: dir });
      expect(run.code).toBe(1);
      const unresolved = problemLines(run.stdout).filter((p) => p.code === 'UnresolvedExternalReference');
      expect(unresolved.map((p) => p.file)).toEqual(['parent.cmmn', 'parent.cmmn']);
    });
  });

  it('--quiet prints errors only, and nothing when there are none', async () => {
    const dir = tempFiles({
      'draft.cmmn': cmmn('  <case id="c"><casePlanModel id="plan"><planItem id="pi"/></casePlanModel></case>'),
      'dup.cmmn': cmmn('  <case id="c"><casePlanModel id="c"/></case>'),
    });
    const draftOnly = await runCli(['validate', 'draft.cmmn'], { cwd: dir });
    expect(draftOnly.stdout).toContain('PlanItemWithoutDefinition');
    const quiet = await runCli(['validate', '-q', 'draft.cmmn'], { cwd: dir });
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
    const both = await runCli(['validate', '--quiet', 'draft.cmmn', 'dup.cmmn'], { cwd: dir });
    expect(both.code).toBe(1);
    expect(both.stdout).not.toContain('PlanItemWithoutDefinition');
    expect(problemLines(both.stdout).map((p) => `${p.file} ${p.code}`)).toEqual(['dup.cmmn DuplicateId']);
    expect(both.lines.at(-1)).toMatch(/^FAILED {2}2 files checked: 1 error, 1 draft warning, /);
  });

  it('--json prints the problems per file', async () => {
    const dir = tempFiles({
      'draft.cmmn': cmmn('  <case id="c"><casePlanModel id="plan"><planItem id="pi"/></casePlanModel></case>'),
      'dup.cmmn': cmmn('  <case id="c"><casePlanModel id="c"/></case>'),
    });
    const run = await runCli(['validate', '--json', 'draft.cmmn', 'dup.cmmn', 'gone.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as ValidateJson;
    expect(json.ok).toBe(false);
    expect(json.summary).toEqual({ files: 3, filesWithErrors: 2, errors: 2, draftWarnings: 1, warnings: 0 });
    expect(json.files.map((f) => [f.file, f.ok])).toEqual([
      ['draft.cmmn', true],
      ['dup.cmmn', false],
      ['gone.cmmn', false],
    ]);
    expect(json.files[0]!.problems).toEqual([
      expect.objectContaining({ severity: 'draft', code: 'PlanItemWithoutDefinition', elementId: 'pi', line: 3 }),
    ]);
    expect(json.files[1]!.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'DuplicateId', elementId: 'c', line: 3 }),
    ]);
    expect(json.files[2]!.problems).toEqual([
      { severity: 'error', code: 'FileUnreadable', message: 'cannot read the file: no such file', elementId: null, line: null, column: null },
    ]);
    const quiet = JSON.parse((await runCli(['validate', '--json', '-q', 'draft.cmmn'], { cwd: dir })).stdout) as ValidateJson;
    expect(quiet.files[0]!.problems).toEqual([]);
  });

  it('uses the injected readFile with paths resolved against cwd', async () => {
    const read: string[] = [];
    const run = await runCli(['validate', 'models/a.cmmn'], {
      cwd: '/virtual',
      readFile: async (path) => {
        read.push(path);
        return cmmn('  <case id="c"><casePlanModel id="plan"/></case>');
      },
    });
    expect(read).toEqual(['/virtual/models/a.cmmn']);
    expect(run).toMatchObject({ code: 0, stdout: 'OK  1 file checked: no problems\n' });
  });
});
