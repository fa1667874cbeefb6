/** docs/cli.md says what the CLI does: every command documented, positions as printed. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');

describe('docs/cli.md', () => {
  it('documents validate, inspect and run, and does not call run unavailable', () => {
    for (const name of ['validate', 'inspect', 'run']) expect(doc).toContain(`## \`casekit ${name}\``);
    expect(doc).not.toMatch(/not available/);
  });

  it('gives the position of a problem without one as the CLI prints it (1:1)', async () => {
    const run = await runCli(['validate', 'missing.cmmn']);
    expect(run.stdout).toContain('missing.cmmn:1:1  FileUnreadable');
    expect(doc.replace(/\s+/g, ' ')).toContain('`1:1` when the problem has no position');
    expect(doc).not.toMatch(/`0:0`/);
  });
});
