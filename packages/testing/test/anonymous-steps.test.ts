/**
 * The scenario format's default user: a step without `as` (and no scenario `user`) is anyone's,
 * with no role checks — also in a scenario whose other steps name users, whose commands are then
 * authorized with the roles the scenario gives.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '@casekit/testing';

const MODEL = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="D" targetNamespace="urn:t">
  <case id="C"><caseRoles id="CR"><role id="R_adj" name="adjuster"/></caseRoles>
    <casePlanModel id="P" name="Claim">
      <planItem id="PI_a" name="Assess" definitionRef="HT_a"/>
      <planItem id="PI_b" name="Archive" definitionRef="HT_b"/>
      <humanTask id="HT_a" name="Assess" performerRef="R_adj"/>
      <humanTask id="HT_b" name="Archive"/>
    </casePlanModel>
  </case>
</definitions>`;

describe('steps without a user', () => {
  it('run as anyone, with no role checks, beside steps that name users', async () => {
    const result = await runScenario(MODEL, {
      steps: [
        { complete: 'Assess', as: { id: 'clerk', roles: ['clerk'] }, expectError: 'NotAuthorized' },
        { complete: 'Assess', as: { id: 'ann', roles: ['adjuster'] } },
        { complete: 'Archive' },
        { expect: { Assess: 'completed', Archive: 'completed', case: 'completed' } },
      ],
    });
    expect(result.failure).toBeUndefined();
    expect(result.exitCode).toBe(0);
  });
});
