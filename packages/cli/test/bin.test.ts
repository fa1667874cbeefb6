import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CORPUS } from './helpers.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/casekit.mjs', import.meta.url));

/** The built binary (the root `pnpm test` builds every package before vitest runs). */
describe('bin/casekit.mjs', () => {
  it('--help prints the usage and exits 0', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    expect(stdout).toContain('Usage: casekit <command> [options]');
    expect(stdout).toMatch(/^ {2}validate <file\.\.\.>/m);
  });

  it('sets the exit code of the process', async () => {
    const failure = await run(process.execPath, [BIN, 'validate', 'cmmn-js/bpmn-io-cmmn-moddle/test/fixtures/cmmn/error/duplicate-ids.cmmn'], {
      cwd: CORPUS,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/duplicate-ids\.cmmn:5:\d+ {2}DuplicateId {2}duplicate id "test"/);
  });
});
