/** The runner's work-management steps against the engine's human work (docs/work.md): results and messages. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '@casekit/testing';

const MODEL = readFileSync(new URL('./conformance/13-work/work.cmmn', import.meta.url), 'utf8');
const MODEL_WITH_TASK = MODEL.replace('<planItem id="PI_Call"', '<planItem id="PI_Plain" name="Plain" definitionRef="T_Plain"/>\n      <planItem id="PI_Call"').replace('</casePlanModel>', '<task id="T_Plain" name="Plain"/></casePlanModel>');

describe('work steps', () => {
  it('expect.assignee on an item that is no human task is a mismatch saying so', async () => {
    const result = await runScenario(MODEL_WITH_TASK, { start: { caseFile: { caller: 'carl' } }, steps: [{ expect: { assignee: { Call: 'carl', Plain: null } } }] });
    expect(result.exitCode).toBe(1);
    expect(result.failure!.mismatches).toEqual([{ ref: 'assignee of Plain', expected: null, actual: '(Task: not a human task)' }]);
  });

  it('a claim on a task another user holds fails the step with TaskClaimed, naming the holder', async () => {
    const result = await runScenario(MODEL, {
      user: { id: 'olga' },
      start: { caseFile: { caller: 'carl' } },
      steps: [{ claim: 'Assess', as: { id: 'alice', roles: ['handler'] } }, { claim: 'Assess', as: { id: 'bob', roles: ['handler'] } }],
    });
    expect(result.exitCode).toBe(1);
    expect(JSON.stringify(result.failure)).toContain('claimed by alice');
  });
});
