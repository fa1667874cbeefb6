import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { runCli } from './helpers.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('casekit (dispatch)', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage on stdout and exits 0', async (flag) => {
    const run = await runCli([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: casekit <command> [options]');
    expect(run.stdout).toMatch(/^ {2}validate <file\.\.\.> +Check CMMN files/m);
    expect(run.stdout).toMatch(/^ {2}inspect <file> +Print the plan/m);
    expect(run.stderr).toBe('');
  });

  it('lists the run command, which takes scenarios and optionally a model', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toMatch(/^\s+run \[<model\.cmmn>\] <scenario\.\.\.>/m);
    expect((await runCli(['run', 'a.cmmn'])).code).toBe(2);
  });

  it('without arguments prints the usage on stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: casekit <command> [options]');
  });

  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it('<command> --help and help <command> print the command help', async () => {
    for (const argv of [['validate', '--help'], ['validate', '-h'], ['help', 'validate']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: casekit validate [options] <file...>');
      expect(run.stdout).toMatch(/-q, --quiet +Print errors only/);
      expect(run.stdout).toMatch(/--json +Print the problems/);
    }
    const inspect = await runCli(['inspect', '--help']);
    expect(inspect.stdout).toContain('Usage: casekit inspect [options] <file>');
  });

  it('suggests the closest command for a typo and exits 2', async () => {
    const run = await runCli(['valdate', 'x.cmmn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('casekit: unknown command "valdate"; did you mean "validate"?');
    expect(run.stderr).toContain("Run 'casekit --help' for usage.");
  });

  it.each([
    [['validate'], 'casekit validate: missing <file>'],
    [['inspect'], 'casekit inspect: missing <file>'],
    [['inspect', 'a.cmmn', 'b.cmmn'], 'casekit inspect: unexpected argument "b.cmmn"'],
    [['validate', '--bogus', 'a.cmmn'], "casekit validate: Unknown option '--bogus'"],
    [['--bogus'], 'casekit: unknown option "--bogus"'],
    [['help', 'bogus'], 'casekit: unknown command "bogus"'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('treats a readFile that throws synchronously as an unreadable file (exit 1)', async () => {
    const run = await runCli(['validate', 'a.cmmn'], {
      readFile: () => {
        throw new Error('boom');
      },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('a.cmmn:1:1  FileUnreadable  cannot read the file: boom');
  });

  it('reports an unexpected exception as an internal error on stderr (exit 3)', async () => {
    let stderr = '';
    const code = await main(['--version'], {
      stdout: {
        write: () => {
          throw new Error('stdout is gone');
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(code).toBe(3);
    expect(stderr).toContain('casekit: internal error (please report it): Error: stdout is gone');
  });
});
