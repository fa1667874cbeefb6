/** What a command lets escape: a casekit error is the user's (exit 2, one line); anything else is a bug (exit 3, stack). */
import { describe, expect, it, vi } from 'vitest';
import { ScenarioError } from '@casekit/testing';
import { defineCommand } from '../src/commands/command.js';
import { runCli } from './helpers.js';

const failing = {
  casekit: defineCommand({ name: 'casekit-error', summary: 'throws', args: { name: 'x', min: 0, max: 0 }, options: {}, run: () => Promise.reject(new ScenarioError('"Active" is not a state\nsecond line', 2)) }),
  bug: defineCommand({ name: 'bug', summary: 'throws', args: { name: 'x', min: 0, max: 0 }, options: {}, run: () => Promise.reject(new TypeError('x is undefined')) }),
};

vi.mock('../src/commands/index.js', async (original) => {
  const actual = await original<typeof import('../src/commands/index.js')>();
  return { ...actual, findCommand: (name: string) => (name === 'casekit-error' ? failing.casekit : name === 'bug' ? failing.bug : actual.findCommand(name)) };
});

describe('errors a command lets through', () => {
  it('a CasekitError is one line with its code, exit 2', async () => {
    const run = await runCli(['casekit-error']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('casekit: ScenarioInvalid: step 2: "Active" is not a state\n');
  });

  it('anything else is an internal error with its stack, exit 3', async () => {
    const run = await runCli(['bug']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^casekit: internal error \(please report it\): TypeError: x is undefined\n\s+at /);
  });
});
