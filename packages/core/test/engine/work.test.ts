/**
 * Issue 12, human work: a human task's work set from the model when it becomes Active (assignee,
 * candidates from the extension attributes and the case team, due date, priority); claim, unclaim,
 * assign, delegate, resolve with their rules and history; only the assignee completes an assigned
 * task; four-eyes; work lists across cases.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, MemoryCaseStore, NotAuthorizedError, TaskClaimedError, VirtualClock, IllegalTransitionError, type CaseEngine, type User } from '@casekit/core';
import { allInstances, authorizationPolicy, legalWorkCommands, StateView } from '@casekit/core/internals';
import { WORK_XML } from './work-model.js';

const OWNER: User = { id: 'olga' };
const ALICE: User = { id: 'alice', groups: ['claims'] };
const BOB: User = { id: 'bob', groups: ['claims'] };
const CAROL: User = { id: 'carol' };
const EVE: User = { id: 'eve', groups: ['other'] };
const START = Date.parse('2026-01-05T09:00:00Z');

async function world(options: Parameters<typeof createEngine>[0] = {}): Promise<{ engine: CaseEngine; id: string; clock: VirtualClock }> {
  const clock = new VirtualClock(START);
  let n = 0;
  const engine = createEngine({ clock, idGenerator: () => `id-${++n}`, ...options });
  await engine.deploy(WORK_XML, { key: 'claim' });
  const { id } = await engine.startCase({
    user: OWNER,
    caseFile: { claim: { amount: 1500, reviewer: 'rita' } },
    team: [{ id: 'claims', group: true, roles: ['handler'] }, { id: 'carol', roles: ['handler'] }],
  });
  return { engine, id, clock };
}

const item = async (engine: CaseEngine, id: string, name: string) => (await engine.getCase(id)).items.find((i) => i.name === name)!;

describe('human work', () => {
  it('sets work from the model when the task becomes Active', async () => {
    const { engine, id } = await world();
    const assess = await item(engine, id, 'Assess');
    expect(assess.assignee).toBeNull();
    expect(assess.work).toEqual({ candidates: { users: ['carol'], groups: ['claims'] }, dueAt: START + 2 * 86_400_000, priority: 80 });
    const review = await item(engine, id, 'Review');
    expect(review.assignee).toBe('rita');
    expect(review.work?.candidates).toEqual({ users: ['mo', 'rita'], groups: [] });
    expect((await item(engine, id, 'Notify')).assignee).toBeUndefined();
    const history = await engine.history(id);
    expect(history.filter((r) => r.scope === 'work')).toMatchObject([{ itemId: 'PI_Review', transition: 'assign', from: null, to: 'rita' }]);
  });

  it('claim: a candidate may; another user holding it is TaskClaimed; a non-candidate is NotAuthorized', async () => {
    const { engine, id } = await world();
    await expect(engine.claim(id, 'Assess', { user: EVE })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.claim(id, 'Assess', { user: ALICE });
    expect((await item(engine, id, 'Assess')).assignee).toBe('alice');
    const error = await engine.claim(id, 'Assess', { user: BOB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskClaimedError);
    expect((error as TaskClaimedError).code).toBe('TaskClaimed');
    expect((error as Error).message).toContain('alice');
    // Only the assignee completes it.
    await expect(engine.complete(id, 'Assess', { user: BOB })).rejects.toThrow(/assigned to alice/);
    await engine.unclaim(id, 'Assess', { user: ALICE });
    await engine.claim(id, 'Assess', { user: BOB });
    await engine.complete(id, 'Assess', { user: BOB });
    const records = (await engine.history(id)).filter((r) => r.scope === 'work' && r.itemId === 'PI_Assess');
    expect(records.map((r) => [r.transition, r.from, r.to, r.user])).toEqual([
      ['claim', null, 'alice', 'alice'],
      ['unclaim', 'alice', 'unassigned', 'alice'],
      ['claim', null, 'bob', 'bob'],
    ]);
  });

  it('assign: the case owner or a task-manager role; delegate and resolve', async () => {
    const { engine, id } = await world({ authorization: { trustUserRoles: true, taskManagerRoles: ['supervisor'] } });
    await expect(engine.assign(id, 'Assess', 'alice', { user: BOB })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.assign(id, 'Assess', 'alice', { user: OWNER });
    await engine.assign(id, 'Assess', 'bob', { user: { id: 'sam', roles: ['supervisor'] } });
    await expect(engine.delegate(id, 'Assess', 'carol', { user: ALICE })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.delegate(id, 'Assess', 'carol', { user: BOB });
    let work = (await item(engine, id, 'Assess')).work!;
    expect([work.assignee, work.owner, work.delegation]).toEqual(['carol', 'bob', 'pending']);
    await expect(engine.unclaim(id, 'Assess', { user: CAROL })).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(engine.resolve(id, 'Assess', { user: BOB })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.resolve(id, 'Assess', { user: CAROL });
    work = (await item(engine, id, 'Assess')).work!;
    expect([work.assignee, work.owner, work.delegation]).toEqual(['bob', 'bob', 'resolved']);
    // The task's owner may assign it too.
    await engine.assign(id, 'Assess', null, { user: BOB });
    expect((await item(engine, id, 'Assess')).assignee).toBeNull();
  });

  it('four eyes: who completed the first task may neither claim nor complete the second', async () => {
    const { engine, id } = await world();
    await engine.complete(id, 'Assess', { user: ALICE });
    await expect(engine.claim(id, 'Approve', { user: ALICE })).rejects.toThrow(/four eyes: alice completed "Assess" \(PI_Assess\)/);
    await expect(engine.complete(id, 'Approve', { user: ALICE })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(engine.assign(id, 'Approve', 'alice', { user: OWNER })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.claim(id, 'Approve', { user: BOB });
    await engine.complete(id, 'Approve', { user: BOB });
  });

  it('work lists across cases: sorted by due date then priority, paged, only what the user may see', async () => {
    const { engine, id, clock } = await world();
    clock.advance(3_600_000);
    const second = await engine.startCase({ user: OWNER, caseFile: { claim: { amount: 10, reviewer: 'alice' } }, team: [{ id: 'claims', group: true, roles: ['handler'] }] });
    const all = await engine.tasks();
    expect(all.items.map((t) => [t.caseId, t.itemName])).toEqual([
      [id, 'Assess'],
      [second.id, 'Assess'],
      [id, 'Review'],
      [second.id, 'Review'],
    ]);
    expect((await engine.tasks({ assignee: 'alice' })).items.map((t) => t.caseId)).toEqual([second.id]);
    const claimable = await engine.tasks({ candidate: ALICE });
    expect(claimable.items.map((t) => [t.caseId, t.itemName])).toEqual([
      [id, 'Assess'],
      [second.id, 'Assess'],
    ]);
    expect((await engine.tasks({}, { user: EVE })).items).toEqual([]);
    expect((await engine.tasks({ dueBefore: START + 2 * 86_400_000 + 1 })).items.map((t) => t.caseId)).toEqual([id]);
    expect((await engine.tasks({ priority: { gte: 60 } })).items.map((t) => t.priority)).toEqual([80]);
    expect((await engine.tasks({ caseFile: { 'claim.amount': { lt: 100 } } })).items.map((t) => t.caseId)).toEqual([second.id, second.id]);
    const page1 = await engine.tasks({ limit: 3 });
    const page2 = await engine.tasks({ limit: 3, after: page1.next });
    expect([...page1.items, ...page2.items]).toEqual(all.items);
    expect(page2.next).toBeUndefined();
    await engine.complete(id, 'Assess', { user: ALICE });
    expect((await engine.tasks({ caseId: id })).items.map((t) => t.itemName)).toEqual(['Approve', 'Review']);
  });

  it('a change of the case team changes the candidates of open tasks, and the work lists with them', async () => {
    const { engine, id } = await world();
    const dora: User = { id: 'dora' };
    expect((await engine.tasks({ candidate: dora })).items).toEqual([]);
    await engine.addMember(id, 'dora', ['handler'], { user: OWNER });
    expect((await engine.tasks({ candidate: dora })).items.map((t) => t.itemName)).toEqual(['Assess']);
    expect((await item(engine, id, 'Assess')).work?.candidates).toEqual({ users: ['carol', 'dora'], groups: ['claims'] });
    await engine.removeMember(id, 'dora', { user: OWNER });
    expect((await engine.tasks({ candidate: dora })).items).toEqual([]);
    const records = (await engine.history(id)).filter((r) => r.transition === 'candidates');
    expect(records.map((r) => [r.itemId, r.command])).toEqual([
      ['PI_Assess', 'addMember'],
      ['PI_Assess', 'removeMember'],
    ]);
  });
});

describe('human work: repeated tasks', () => {
  it('a work command by ref acts on the instance where it is legal', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" targetNamespace="https://casekit.dev/test">
  <case id="r"><casePlanModel id="plan" name="R">
    <planItem id="PI_Call" name="Call" definitionRef="HT_Call">
      <itemControl><repetitionRule><condition>\${true}</condition></repetitionRule></itemControl>
    </planItem>
    <humanTask id="HT_Call" name="Call"/>
  </casePlanModel></case>
</definitions>`;
    const engine = createEngine({ authorization: 'none' });
    await engine.deploy(xml);
    const { id } = await engine.startCase();
    await engine.claim(id, 'Call', { user: ALICE });
    await engine.complete(id, 'Call', { user: ALICE });
    // A new instance (repetition) is Active; the completed one keeps its work.
    await engine.claim(id, 'Call', { user: BOB });
    const calls = (await engine.getCase(id)).items.filter((i) => i.name === 'Call');
    expect(calls.map((c) => [c.state, c.assignee])).toEqual([['Completed', 'alice'], ['Active', 'bob']]);
  });
});

describe('human work: states stored before it existed (format 1)', () => {
  it('an open human task without work gets it on its first work command', async () => {
    const { engine, id } = await world();
    const state = JSON.parse(JSON.stringify(await engine.getState(id))) as { chunks: { work?: unknown }[][] };
    for (const chunk of state.chunks) for (const instance of chunk) delete instance.work;
    const store = new MemoryCaseStore();
    await store.save(state as never, null, []);
    const later = createEngine({ store, clock: new VirtualClock(START) });
    await later.deploy(WORK_XML, { key: 'claim' });
    expect((await later.getCase(id)).items.find((i) => i.name === 'Assess')?.assignee).toBeNull();
    await later.claim(id, 'Assess', { user: ALICE });
    expect((await later.getCase(id)).items.find((i) => i.name === 'Assess')?.work).toMatchObject({ assignee: 'alice', priority: 80 });
    expect((await later.tasks({ assignee: 'alice' })).items.map((t) => t.itemId)).toEqual(['PI_Assess']);
  });
});

describe('human work: refused commands change nothing', () => {
  const attempts: readonly [string, (engine: CaseEngine, id: string, user: User | undefined) => Promise<unknown>][] = [
    ['claim by a non-candidate', (e, id, u) => e.claim(id, 'Assess', u === undefined ? {} : { user: u })],
    ['unclaim by another', (e, id, u) => e.unclaim(id, 'Review', u === undefined ? {} : { user: u })],
    ['assign by a non-manager', (e, id, u) => e.assign(id, 'Assess', 'eve', u === undefined ? {} : { user: u })],
    ['delegate by another', (e, id, u) => e.delegate(id, 'Review', 'eve', u === undefined ? {} : { user: u })],
    ['complete an assigned task by another', (e, id, u) => e.complete(id, 'Review', u === undefined ? {} : { user: u })],
  ];
  for (const [name, attempt] of attempts) {
    it(`${name}: NotAuthorized for an outsider and without a user; stored case and history unchanged`, async () => {
      const { engine, id } = await world();
      const before = JSON.stringify([await engine.getState(id), await engine.history(id)]);
      for (const user of [EVE, { id: 'mallory', roles: ['handler'], groups: ['claims-x'] }, undefined]) {
        await expect(attempt(engine, id, user)).rejects.toBeInstanceOf(NotAuthorizedError);
      }
      expect(JSON.stringify([await engine.getState(id), await engine.history(id)])).toBe(before);
    });
  }
});

describe('human work: legalCommands offers exactly the work commands the engine accepts', () => {
  it('for claim, unclaim and resolve, offered ⇔ accepted; assign and delegate offered to who may give them', async () => {
    const users = [OWNER, ALICE, BOB, CAROL, EVE, { id: 'rita' }];
    const { engine, id } = await world();
    await engine.claim(id, 'Assess', { user: ALICE });
    await engine.delegate(id, 'Assess', 'carol', { user: ALICE });
    const offered = new Map<string, Set<string>>();
    const legal = async (e: CaseEngine, c: string, user: User) => {
      const state = await e.getState(c);
      const view = new StateView(e.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId), state, Date.now(), authorizationPolicy(undefined));
      return [...allInstances(state)].flatMap((i) => legalWorkCommands(view, i.n, user).map((change) => `${view.node(i.n).name}:${change}`));
    };
    for (const user of users) offered.set(user.id, new Set(await legal(engine, id, user)));
    expect([...offered.get('carol')!].sort()).toEqual(['Assess:delegate', 'Assess:resolve']);
    expect([...offered.get('olga')!]).toContain('Review:assign');
    expect([...offered.get('eve')!]).toEqual([]);
    // legalCommands adds them to the items it lists
    expect((await engine.legalCommands(id, CAROL)).find((i) => i.name === 'Assess')?.work).toEqual(['delegate', 'resolve']);
    for (const user of users) {
      for (const name of ['Assess', 'Review']) {
        for (const change of ['claim', 'unclaim', 'resolve'] as const) {
          const { engine: e, id: c } = await world();
          await e.claim(c, 'Assess', { user: ALICE });
          await e.delegate(c, 'Assess', 'carol', { user: ALICE });
          const listed = (await legal(e, c, user)).includes(`${name}:${change}`);
          const accepted = await e[change](c, name, { user }).then(() => true, () => false);
          expect(accepted, `${user.id} ${change} ${name}`).toBe(listed);
        }
      }
    }
  });
});
