/**
 * A built model is a deployable model: the engine runs it like a parsed one, and the standard
 * events, criteria, timers and user events written with the builder behave as the spec says.
 */
import { describe, expect, it } from 'vitest';
import { buildCase, on } from '../../src/builder/index.js';
import { createEngine, VirtualClock } from '../../src/engine/index.js';

function careCase() {
  return buildCase('Care coordination', { id: 'care' }, (c) => {
    const nurse = c.role('nurse');
    c.caseFileItem('patient', { multiplicity: 'ExactlyOne' });
    const intake = c.plan.humanTask('Intake', { performer: nurse });
    const assessment = c.plan.stage(
      'Assessment',
      { autoComplete: true, entryCriteria: [{ on: on(intake, 'complete') }] },
      (s) => {
        s.humanTask('Assess mobility', { performer: nurse });
      },
    );
    const followUp = c.plan.timerEventListener('Follow-up due', {
      timerExpression: 'P7D',
      timerStart: on(assessment, 'complete'),
    });
    c.plan.milestone('Assessed', { entryCriteria: [{ on: on(assessment, 'complete'), if: '${patient.age >= 18}' }] });
    c.plan.humanTask('Follow-up call', { performer: nurse, entryCriteria: [{ on: on(followUp, 'occur') }] });
    const discharged = c.plan.userEventListener('Discharged', { authorizedRoles: [nurse] });
    c.plan.addExitCriterion({ on: on(discharged, 'occur') });
  });
}

describe('a built model in the engine', () => {
  it('runs: criteria, if-parts, timer start triggers and case plan model exit criteria', async () => {
    const clock = new VirtualClock('2026-03-02T08:00:00Z');
    let n = 0;
    const engine = createEngine({ clock, idGenerator: () => `id-${++n}`, authorization: { trustUserRoles: true } });
    engine.deploy(careCase());
    const nurse = { id: 'ann', roles: ['nurse'] };
    const started = await engine.startCase({ caseDefinition: 'care', caseFile: { patient: { age: 71 } }, user: nurse });
    const state = async (name: string) => (await engine.getCase(started.id)).items.find((i) => i.name === name)?.state;

    expect(await state('Intake')).toBe('Active');
    expect(await state('Assessment')).toBe('Available');
    await engine.complete(started.id, 'Intake', { user: nurse });
    expect(await state('Assessment')).toBe('Active');
    await engine.complete(started.id, 'Assess mobility', { user: nurse });
    expect(await state('Assessment')).toBe('Completed');
    expect(await state('Assessed')).toBe('Completed');

    // the timer started when the stage completed: due in seven days
    expect(await state('Follow-up call')).toBe('Available');
    clock.advance(7 * 24 * 3600 * 1000);
    await engine.fireDueTimers();
    expect(await state('Follow-up due')).toBe('Completed');
    expect(await state('Follow-up call')).toBe('Active');

    await engine.occur(started.id, 'Discharged', { user: nurse });
    expect((await engine.getCase(started.id)).state).toBe('Terminated');
  });
});
