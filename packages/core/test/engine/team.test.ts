/**
 * The case team (issue 11): the owner (who started the case, unless named), members — users and
 * groups — with case roles by id or name, changes of the team as recorded commands that only the
 * owner or a team-admin role may give, roles that hold in their own case only, a case task's
 * child case worked on by its parent's team, and states stored before teams existed.
 */
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, NotAuthorizedError, VirtualClock, createEngine, type CaseInstanceState } from '@casekit/core';
import { casePlan } from '../cmmn-text.js';
import { CLARK, DORA, MALLORY, NINA, OLGA, stored, world } from './authorization-model.js';

describe('the case team', () => {
  it('is owned by the user who started the case unless another owner is named, and starts with the members given', async () => {
    const { engine, a } = await world();
    expect(await engine.team(a)).toEqual({
      owner: 'olga',
      members: [
        { id: 'nina', roles: ['nurse'] },
        { id: 'dora', roles: ['R_D'] },
        { id: 'clark', roles: ['clerk'] },
      ],
    });
    const named = await engine.startCase({ user: OLGA, owner: 'pat' });
    expect((await engine.team(named.id)).owner).toBe('pat');
    const hostStarted = await engine.startCase();
    expect(await engine.team(hostStarted.id)).toEqual({ owner: undefined, members: [] });
    // the first members are recorded in the start step
    const history = await engine.history(a);
    expect(history.filter((r) => r.scope === 'team').map((r) => [r.transition, r.itemId, r.from, r.to, r.user, r.command])).toEqual([
      ['addMember', 'nina', null, '["nurse"]', 'olga', 'start'],
      ['addMember', 'dora', null, '["R_D"]', 'olga', 'start'],
      ['addMember', 'clark', null, '["clerk"]', 'olga', 'start'],
    ]);
  });

  it('changes by commands of its own, each recorded in the history', async () => {
    const { engine, a } = await world();
    const added = await engine.addMember(a, 'ivan', ['nurse'], { user: OLGA });
    // (human tasks' candidates follow the team: those records are scope 'work', docs/work.md)
    expect(added.transitions.filter((r) => r.scope !== 'work').map((r) => [r.scope, r.transition, r.itemId, r.from, r.to, r.user])).toEqual([['team', 'addMember', 'ivan', null, '["nurse"]', 'olga']]);
    await engine.addMember(a, 'ivan', ['doctor', 'nurse'], { user: OLGA });
    expect((await engine.team(a)).members.find((m) => m.id === 'ivan')?.roles).toEqual(['nurse', 'doctor']);
    await engine.setMemberRoles(a, 'ivan', ['clerk'], { user: OLGA });
    expect((await engine.team(a)).members.find((m) => m.id === 'ivan')?.roles).toEqual(['clerk']);
    const removed = await engine.removeMember(a, 'ivan', { user: OLGA });
    expect(removed.transitions.filter((r) => r.scope !== 'work').map((r) => [r.transition, r.from, r.to])).toEqual([['removeMember', '["clerk"]', 'removed']]);
    expect((await engine.team(a)).members.map((m) => m.id)).toEqual(['nina', 'dora', 'clark']);
    const log = (await engine.history(a)).filter((r) => r.scope === 'team' && r.itemId === 'ivan').map((r) => r.transition);
    expect(log).toEqual(['addMember', 'addMember', 'setMemberRoles', 'removeMember']);
  });

  it('refuses to remove or change a member it does not have, changing nothing', async () => {
    const { engine, a } = await world();
    const before = await stored(engine, a);
    await expect(engine.removeMember(a, 'zed', { user: OLGA })).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(engine.setMemberRoles(a, 'zed', ['nurse'], { user: OLGA })).rejects.toThrow(/zed is not a member of the case team/);
    await expect(engine.addMember(a, '', ['nurse'], { user: OLGA })).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await stored(engine, a)).toBe(before);
  });

  it('is changed only by the owner or a team-admin role', async () => {
    const plain = await world();
    for (const user of [NINA, DORA, CLARK, MALLORY, undefined]) {
      await expect(plain.engine.addMember(plain.a, 'ivan', ['nurse'], user === undefined ? {} : { user })).rejects.toBeInstanceOf(NotAuthorizedError);
    }
    const error = (await plain.engine.addMember(plain.a, 'ivan', ['nurse'], { user: NINA }).catch((e: unknown) => e)) as NotAuthorizedError;
    expect(error.message).toBe('user nina may not addMember "ivan" in case case-a: only the case owner (olga) may change the case team');

    const admin = await world({ authorization: { teamAdminRoles: ['coordinator'] } });
    await admin.engine.addMember(admin.a, 'cora', ['coordinator'], { user: OLGA });
    await admin.engine.addMember(admin.a, 'ivan', ['nurse'], { user: { id: 'cora' } });
    await admin.engine.removeMember(admin.a, 'nina', { user: { id: 'cora' } });
    expect((await admin.engine.team(admin.a)).members.map((m) => m.id)).toEqual(['dora', 'clark', 'cora', 'ivan']);
    // a removed member loses what their roles gave them
    await expect(admin.engine.complete(admin.a, 'Record vitals', { user: NINA })).rejects.toBeInstanceOf(NotAuthorizedError);
    await admin.engine.complete(admin.a, 'Record vitals', { user: { id: 'ivan' } });
  });

  it("assigns the model's case roles by id or by name", async () => {
    const { engine, a } = await world();
    // dora holds R_D (by id): she may do what the role named doctor may
    await engine.occur(a, 'Exception approved', { user: DORA });
    // nina holds nurse (by name): she may do what role R_N may
    await engine.plan(a, 'DI_Visit', { user: NINA });
    expect((await engine.getCase(a)).items.find((i) => i.name === 'Home visit')?.state).toBe('Active');
  });

  it('gives roles in its own case only: a doctor of case B is no one in case A', async () => {
    const { engine, a, b } = await world();
    await engine.occur(b, 'Exception approved', { user: MALLORY });
    await expect(engine.occur(a, 'Exception approved', { user: MALLORY })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await engine.legalCommands(a, MALLORY)).toEqual([]);
    expect((await engine.legalCommands(b, MALLORY)).length).toBeGreaterThan(0);
  });

  it('lends a group its roles through the groups the host gives a user', async () => {
    const { engine, a } = await world();
    await engine.addMember(a, { group: 'ward-7' }, ['doctor'], { user: OLGA });
    expect((await engine.team(a)).members.at(-1)).toEqual({ id: 'ward-7', group: true, roles: ['doctor'] });
    expect((await engine.history(a)).filter((r) => r.scope === 'team').at(-1)?.itemId).toBe('group:ward-7');
    const gus = { id: 'gus', groups: ['ward-7'] };
    expect((await engine.legalCommands(a, gus)).map((i) => i.name)).toContain('Prescribe');
    await engine.manualStart(a, 'Prescribe', { user: gus });
    await engine.removeMember(a, { group: 'ward-7' }, { user: OLGA });
    await expect(engine.complete(a, 'Prescribe', { user: gus })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it("starts a case task's child case with its parent's team", async () => {
    const model = casePlan(
      `<planItem id="PI_Child" name="Run check" definitionRef="CT"/>
       <caseTask id="CT" name="Run check" caseRef="Case_2"/>`,
      `<caseRoles id="CR"><role id="R_N" name="nurse"/></caseRoles>`,
    ).replace(
      '</definitions>',
      `<case id="Case_2" name="Check"><caseRoles id="CR2"><role id="R_N2" name="nurse"/></caseRoles><casePlanModel id="Plan2" name="Check">
         <planItem id="PI_Look" name="Look" definitionRef="HT_Look"/><humanTask id="HT_Look" name="Look" performerRef="R_N2"/>
       </casePlanModel></case></definitions>`,
    );
    const engine = createEngine({ clock: new VirtualClock() });
    await engine.deploy(model);
    const parent = await engine.startCase({ caseDefinition: 'Case_1', user: OLGA, team: [{ id: 'nina', roles: ['nurse'] }] });
    const childId = parent.items.find((i) => i.name === 'Run check')!.childCase!;
    expect(await engine.team(childId)).toEqual({ owner: 'olga', members: [{ id: 'nina', roles: ['nurse'] }] });
    await expect(engine.complete(childId, 'Look', { user: { id: 'eve', roles: ['nurse'] } })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.complete(childId, 'Look', { user: NINA });
    expect((await engine.getCase(parent.id)).items.find((i) => i.name === 'Run check')?.state).toBe('Completed');
  });

  it("lets the engine terminate a child case when its parent ends, though no user gives that command", async () => {
    const model = casePlan(
      `<planItem id="PI_Child" name="Run check" definitionRef="CT"/>
       <caseTask id="CT" name="Run check" caseRef="Case_2"/>`,
    ).replace(
      '</definitions>',
      `<case id="Case_2" name="Check"><casePlanModel id="Plan2" name="Check">
         <planItem id="PI_Look" name="Look" definitionRef="HT_Look"/><humanTask id="HT_Look" name="Look"/>
       </casePlanModel></case></definitions>`,
    );
    const engine = createEngine({ clock: new VirtualClock() });
    await engine.deploy(model);
    const parent = await engine.startCase({ caseDefinition: 'Case_1', user: OLGA });
    const childId = parent.items.find((i) => i.name === 'Run check')!.childCase!;
    await expect(engine.caseCommand(parent.id, 'terminate', { user: NINA })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.caseCommand(parent.id, 'terminate', { user: OLGA });
    expect((await engine.getCase(childId)).state).toBe('Terminated');
    const ended = (await engine.history(childId)).filter((r) => r.scope === 'case' && r.to === 'Terminated');
    expect(ended.map((r) => r.user)).toEqual([undefined]);
  });

  it('reads a state stored before teams existed (formatVersion 1 without a team) as a case without owner or members', async () => {
    const { engine, a } = await world();
    const stored = (await engine.store.load(a as never))!;
    const { team: _team, ...withoutTeam } = stored.state as CaseInstanceState & { team?: unknown };
    await engine.store.save(withoutTeam as CaseInstanceState, stored.revision, []);
    expect(await engine.team(a)).toEqual({ owner: undefined, members: [] });
    await expect(engine.complete(a, 'Record vitals', { user: NINA })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(engine.addMember(a, 'nina', ['nurse'], { user: OLGA })).rejects.toBeInstanceOf(NotAuthorizedError);
    // a host that trusts its users' roles can still work on it
    const trusting = createEngine({ store: engine.store, clock: engine.clock, authorization: { trustUserRoles: true, teamAdminRoles: ['admin'] } });
    await trusting.addMember(a, 'nina', ['nurse'], { user: { id: 'root', roles: ['admin'] } });
    await engine.complete(a, 'Record vitals', { user: NINA });
  });
});
