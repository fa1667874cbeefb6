/**
 * Issue 11, who may do what: every command kind, given by a user without the right role, without
 * a user, or with the role in another case only, is refused with NotAuthorized and leaves the
 * stored case and its history byte-identical; the right user may. Then the three findings of the
 * issue, the policy's options (trusted user roles, granted item roles, case-command roles, the
 * case-file rule, 'none'), the queries showing only what the policy allows, the engine's own
 * commands going unchecked, and the error's message.
 */
import { describe, expect, it } from 'vitest';
import { NotAuthorizedError, type CaseEngine, type CommandResult, type User } from '@casekit/core';
import { CLARK, DORA, EVE, MALLORY, NINA, OLGA, stored, world } from './authorization-model.js';

type Act = (engine: CaseEngine, caseId: string, user: User | undefined) => Promise<CommandResult>;

interface Row {
  /** The command kind and the item kind it reaches. */
  readonly name: string;
  readonly act: Act;
  /** Team members of case A refused for lack of the right role. */
  readonly wrongMembers: readonly User[];
  /** Who may (undefined: no user may under the default policy). */
  readonly right: User | undefined;
  /** Brings the case to where the command is legal (done by the right user). */
  readonly setup?: Act;
}

const as = (user: User | undefined) => (user === undefined ? {} : { user });

const ROWS: readonly Row[] = [
  { name: 'complete a human task (performer nurse)', act: (e, c, u) => e.complete(c, 'Record vitals', as(u)), wrongMembers: [DORA, CLARK, OLGA], right: NINA },
  { name: 'terminate a human task', act: (e, c, u) => e.terminate(c, 'Record vitals', as(u)), wrongMembers: [DORA, CLARK], right: NINA },
  { name: 'suspend a human task', act: (e, c, u) => e.suspend(c, 'Record vitals', as(u)), wrongMembers: [DORA, CLARK], right: NINA },
  {
    name: 'resume a human task',
    act: (e, c, u) => e.resume(c, 'Record vitals', as(u)),
    setup: (e, c) => e.suspend(c, 'Record vitals', { user: NINA }),
    wrongMembers: [DORA, CLARK],
    right: NINA,
  },
  { name: 'fault a human task', act: (e, c, u) => e.fault(c, 'Record vitals', as(u)), wrongMembers: [DORA, CLARK], right: NINA },
  {
    name: 'reactivate a human task',
    act: (e, c, u) => e.reactivate(c, 'Record vitals', as(u)),
    setup: (e, c) => e.fault(c, 'Record vitals', { user: NINA }),
    wrongMembers: [DORA, CLARK],
    right: NINA,
  },
  { name: 'manualStart a human task (performer doctor)', act: (e, c, u) => e.manualStart(c, 'Prescribe', as(u)), wrongMembers: [NINA, CLARK, OLGA], right: DORA },
  { name: 'disable a human task', act: (e, c, u) => e.disable(c, 'Prescribe', as(u)), wrongMembers: [NINA, CLARK], right: DORA },
  {
    name: 'reenable a human task',
    act: (e, c, u) => e.reenable(c, 'Prescribe', as(u)),
    setup: (e, c) => e.disable(c, 'Prescribe', { user: DORA }),
    wrongMembers: [NINA, CLARK],
    right: DORA,
  },
  { name: 'complete a human task without performer (members)', act: (e, c, u) => e.complete(c, 'Write note', as(u)), wrongMembers: [], right: CLARK },
  { name: 'occur a user event listener (authorized doctor)', act: (e, c, u) => e.occur(c, 'Exception approved', as(u)), wrongMembers: [NINA, CLARK, OLGA], right: DORA },
  { name: 'occur a user event listener without roles (members)', act: (e, c, u) => e.occur(c, 'Note received', as(u)), wrongMembers: [], right: CLARK },
  { name: 'terminate a user event listener', act: (e, c, u) => e.terminate(c, 'Exception approved', as(u)), wrongMembers: [NINA, CLARK], right: DORA },
  { name: 'terminate a timer event listener', act: (e, c, u) => e.terminate(c, 'Reminder', as(u)), wrongMembers: [NINA, DORA, CLARK, OLGA], right: undefined },
  { name: 'suspend a timer event listener', act: (e, c, u) => e.suspend(c, 'Reminder', as(u)), wrongMembers: [NINA, DORA, CLARK, OLGA], right: undefined },
  { name: 'suspend a milestone', act: (e, c, u) => e.suspend(c, 'Assessed', as(u)), wrongMembers: [NINA, DORA, CLARK, OLGA], right: undefined },
  { name: 'terminate a milestone', act: (e, c, u) => e.terminate(c, 'Assessed', as(u)), wrongMembers: [NINA, DORA, CLARK, OLGA], right: undefined },
  { name: 'manualStart a stage (the owner)', act: (e, c, u) => e.manualStart(c, 'Follow-up', as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  { name: 'disable a stage (the owner)', act: (e, c, u) => e.disable(c, 'Follow-up', as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  { name: 'terminate a task (members)', act: (e, c, u) => e.terminate(c, 'Send letter', as(u)), wrongMembers: [], right: CLARK },
  { name: 'plan a discretionary item (authorized nurse)', act: (e, c, u) => e.plan(c, 'Home visit', as(u)), wrongMembers: [DORA, CLARK, OLGA], right: NINA },
  { name: 'plan a discretionary item without roles (members)', act: (e, c, u) => e.plan(c, 'Extra check', as(u)), wrongMembers: [], right: CLARK },
  { name: 'set case file items', act: (e, c, u) => e.setCaseFile(c, { vitals: { pulse: 80 } }, as(u)), wrongMembers: [], right: CLARK },
  { name: 'remove a case file item', act: (e, c, u) => e.removeCaseFileItem(c, 'draft', as(u)), wrongMembers: [], right: CLARK },
  { name: "complete a human task with output into the case file", act: (e, c, u) => e.complete(c, 'Record vitals', { ...as(u), output: { pulse: 80 } }), wrongMembers: [DORA, CLARK], right: NINA },
  { name: 'suspend the case', act: (e, c, u) => e.caseCommand(c, 'suspend', as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  { name: 'terminate the case', act: (e, c, u) => e.caseCommand(c, 'terminate', as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  {
    name: 'reactivate the case',
    act: (e, c, u) => e.caseCommand(c, 'reactivate', as(u)),
    setup: (e, c) => e.caseCommand(c, 'suspend', { user: OLGA }),
    wrongMembers: [NINA, DORA, CLARK],
    right: OLGA,
  },
  { name: 'complete the case', act: (e, c, u) => e.caseCommand(c, 'complete', as(u)), wrongMembers: [NINA, DORA, CLARK], right: undefined },
  {
    name: 'close the case',
    act: (e, c, u) => e.caseCommand(c, 'close', as(u)),
    setup: (e, c) => e.caseCommand(c, 'terminate', { user: OLGA }),
    wrongMembers: [NINA, DORA, CLARK],
    right: OLGA,
  },
  { name: 'terminate the case plan model as a plan item', act: (e, c, u) => e.terminate(c, 'Plan', as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  { name: 'add a team member', act: (e, c, u) => e.addMember(c, 'ivan', ['nurse'], as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  { name: 'remove a team member', act: (e, c, u) => e.removeMember(c, 'clark', as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
  { name: "change a member's roles", act: (e, c, u) => e.setMemberRoles(c, 'clark', ['nurse'], as(u)), wrongMembers: [NINA, DORA, CLARK], right: OLGA },
];

/** The attackers of a row: without a user, on no team (claiming every role), on another case's team with the roles, and the row's wrong members. */
function attackers(row: Row): { readonly who: string; readonly user: User | undefined }[] {
  return [
    { who: 'without a user', user: undefined },
    { who: 'an outsider claiming every role', user: EVE },
    { who: "a member of another case with the roles", user: MALLORY },
    ...row.wrongMembers.map((user) => ({ who: `member ${user.id} without the right role`, user })),
  ];
}

describe('the attack table: every command kind, by everyone who may not', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const { engine, a, b } = await world();
    if (row.setup !== undefined) await row.setup(engine, a, undefined);
    const beforeA = await stored(engine, a);
    const beforeB = await stored(engine, b);
    for (const { who, user } of attackers(row)) {
      const error = await row.act(engine, a, user).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${row.name} by ${who}`).toBeInstanceOf(NotAuthorizedError);
      const refused = error as NotAuthorizedError;
      expect(refused.code).toBe('NotAuthorized');
      expect(refused.userId).toBe(user?.id);
      expect(refused.message).toContain(user === undefined ? 'a command without a user' : `user ${user.id}`);
      expect(await stored(engine, a), `${row.name} by ${who} changed case A`).toBe(beforeA);
      expect(await stored(engine, b), `${row.name} by ${who} changed case B`).toBe(beforeB);
    }
    if (row.right !== undefined) {
      const done = await row.act(engine, a, row.right);
      expect(done.caseId).toBe(a);
      expect(await stored(engine, a)).not.toBe(beforeA);
    }
  });
});

describe("the issue's findings", () => {
  it('a command without a user is refused, naming the command, the item and the roles that would allow it', async () => {
    const { engine, a } = await world();
    const before = await stored(engine, a);
    const error = (await engine.complete(a, 'Record vitals').catch((e: unknown) => e)) as NotAuthorizedError;
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error.itemId).toBe('PI_Vitals');
    expect(error.requiredRoles).toEqual(['R_N', 'nurse']);
    expect(error.message).toMatch(/^a command without a user may not complete "Record vitals" \(PI_Vitals\) in case case-a: .*nurse/);
    expect(await stored(engine, a)).toBe(before);
  });

  it('an outsider may neither write the case file nor suspend, reactivate or terminate the case; a member may not end it either', async () => {
    const { engine, a } = await world();
    const before = await stored(engine, a);
    for (const user of [EVE, MALLORY]) {
      await expect(engine.setCaseFile(a, { diagnosis: 'none' }, { user })).rejects.toThrow(/only members of the case team may write the case file/);
      await expect(engine.caseCommand(a, 'suspend', { user })).rejects.toBeInstanceOf(NotAuthorizedError);
      await expect(engine.caseCommand(a, 'terminate', { user })).rejects.toBeInstanceOf(NotAuthorizedError);
    }
    const error = (await engine.caseCommand(a, 'terminate', { user: NINA }).catch((e: unknown) => e)) as NotAuthorizedError;
    expect(error.message).toBe('user nina may not terminate "Plan" (case-a): only the case owner (olga) may');
    expect(await stored(engine, a)).toBe(before);
    await engine.caseCommand(a, 'suspend', { user: OLGA });
    await expect(engine.caseCommand(a, 'reactivate', { user: EVE })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await engine.caseCommand(a, 'reactivate', { user: OLGA })).caseState).toBe('Active');
  });

  it('a clerk may not terminate a timer event listener, unless the engine grants a role on it', async () => {
    const clerk = { id: 'clark', roles: ['clerk'] };
    const refused = await world({ authorization: { trustUserRoles: true } });
    const error = (await refused.engine.terminate(refused.a, 'Reminder', { user: clerk }).catch((e: unknown) => e)) as NotAuthorizedError;
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error.message).toMatch(/user clark may not terminate "Reminder" \(PI_Reminder\) in case case-a: no user commands a TimerEventListener/);
    expect((await refused.engine.legalCommands(refused.a, clerk)).some((i) => i.name === 'Reminder')).toBe(false);

    const granted = await world({ authorization: { itemRoles: { Reminder: ['supervisor'] } } });
    await expect(granted.engine.terminate(granted.a, 'Reminder', { user: CLARK })).rejects.toBeInstanceOf(NotAuthorizedError);
    await granted.engine.addMember(granted.a, 'sue', ['supervisor'], { user: OLGA });
    const sue = { id: 'sue' };
    expect((await granted.engine.legalCommands(granted.a, sue)).find((i) => i.name === 'Reminder')?.commands).toEqual(['terminate', 'suspend']);
    await granted.engine.terminate(granted.a, 'Reminder', { user: sue });
    expect((await granted.engine.getCase(granted.a)).items.find((i) => i.name === 'Reminder')?.state).toBe('Terminated');
  });
});

describe('the policy', () => {
  it("trusts the user object's roles only when configured to: then a user given a role is on every case", async () => {
    const strict = await world();
    await expect(strict.engine.complete(strict.a, 'Record vitals', { user: EVE })).rejects.toBeInstanceOf(NotAuthorizedError);
    const trusting = await world({ authorization: { trustUserRoles: true } });
    await trusting.engine.complete(trusting.a, 'Record vitals', { user: { id: 'eve', roles: ['nurse'] } });
    await trusting.engine.setCaseFile(trusting.a, { note: 1 }, { user: { id: 'eve', roles: ['nurse'] } });
    // a user the host gives no role is still no member
    await expect(trusting.engine.setCaseFile(trusting.a, { note: 2 }, { user: { id: 'eve' } })).rejects.toBeInstanceOf(NotAuthorizedError);
    // case-level commands stay the owner's
    await expect(trusting.engine.caseCommand(trusting.a, 'terminate', { user: { id: 'eve', roles: ['nurse', 'doctor'] } })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('lets a configured role give case-level commands besides the owner', async () => {
    const { engine, a } = await world({ authorization: { caseCommandRoles: ['supervisor'] } });
    await expect(engine.caseCommand(a, 'suspend', { user: { id: 'sue' } })).rejects.toThrow(/only the case owner \(olga\) or a holder of supervisor may/);
    await engine.addMember(a, 'sue', ['supervisor'], { user: OLGA });
    expect((await engine.caseCommand(a, 'suspend', { user: { id: 'sue' } })).caseState).toBe('Suspended');
  });

  it('asks the case-file rule about each item a member writes, removes or outputs', async () => {
    const asked: string[] = [];
    const { engine, a } = await world({
      authorization: {
        caseFileRule: ({ item, roles, command, user }) => {
          asked.push(`${user.id} ${command} ${item}`);
          return item !== 'prescription' || roles.includes('R_D');
        },
      },
    });
    const before = await stored(engine, a);
    await expect(engine.setCaseFile(a, { note: 'ok', prescription: 'x' }, { user: NINA })).rejects.toThrow(/case-file rule refuses nina to write "prescription"/);
    await expect(engine.complete(a, 'Record vitals', { user: NINA, output: { prescription: 'y' } })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await stored(engine, a)).toBe(before);
    await engine.setCaseFile(a, { prescription: 'z' }, { user: DORA });
    await engine.removeCaseFileItem(a, 'draft', { user: NINA });
    expect(asked).toEqual(['nina set note', 'nina set prescription', 'nina complete prescription', 'dora set prescription', 'nina remove draft']);
    // non-members are refused before the rule is asked
    await expect(engine.setCaseFile(a, { note: 'x' }, { user: EVE })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(asked).toHaveLength(5);
  });

  it("'none' and { mode: 'off' } check nothing", async () => {
    for (const authorization of ['none', { mode: 'off' }] as const) {
      const { engine, a } = await world({ authorization });
      await engine.terminate(a, 'Reminder');
      await engine.complete(a, 'Record vitals', { user: EVE });
      await engine.addMember(a, 'x', []);
      expect((await engine.caseCommand(a, 'terminate')).caseState).toBe('Terminated');
    }
  });

  it("does not check the engine's own commands: a handler's result completes its task", async () => {
    const { engine, a } = await world({ handlers: { 'Send letter': () => ({ sent: true }) } });
    const started = await engine.getCase(a);
    expect(started.items.find((i) => i.name === 'Send letter')?.state).toBe('Completed');
    expect(started.caseFile['sent']).toBe(true);
    const history = await engine.history(a);
    expect(history.find((r) => r.itemName === 'Send letter' && r.transition === 'complete')?.user).toBeUndefined();
  });

  it('legalCommands and applicableDiscretionaryItems show each user exactly what the policy lets them do', async () => {
    const { engine, a } = await world();
    const names = async (user: User | undefined) =>
      Object.fromEntries((await engine.legalCommands(a, user)).map((i) => [i.name, i.commands.join(' ')]));
    expect(await names(undefined)).toEqual({});
    expect(await names(EVE)).toEqual({});
    expect(await names(MALLORY)).toEqual({});
    expect(await names(NINA)).toEqual({
      'Record vitals': 'complete terminate fault suspend',
      'Write note': 'complete terminate fault suspend',
      'Note received': 'terminate suspend occur',
      'Send letter': 'complete terminate fault suspend',
    });
    expect(await names(DORA)).toEqual({
      Prescribe: 'manualStart disable',
      'Write note': 'complete terminate fault suspend',
      'Exception approved': 'terminate suspend occur',
      'Note received': 'terminate suspend occur',
      'Send letter': 'complete terminate fault suspend',
    });
    expect(await names(OLGA)).toEqual({
      'Write note': 'complete terminate fault suspend',
      'Note received': 'terminate suspend occur',
      'Follow-up': 'manualStart disable',
      'Send letter': 'complete terminate fault suspend',
    });
    const offered = async (user: User | undefined) => (await engine.applicableDiscretionaryItems(a, user)).map((i) => i.name);
    expect(await offered(undefined)).toEqual([]);
    expect(await offered(EVE)).toEqual([]);
    expect(await offered(NINA)).toEqual(['Home visit', 'Extra check']);
    expect(await offered(CLARK)).toEqual(['Extra check']);
  });

  it('a group on the team lends its roles to the users the host says are in it', async () => {
    const { engine, a } = await world();
    await engine.addMember(a, { group: 'ward-7' }, ['nurse'], { user: OLGA });
    await expect(engine.complete(a, 'Record vitals', { user: { id: 'gus' } })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.complete(a, 'Record vitals', { user: { id: 'gus', groups: ['ward-7'] } });
    expect((await engine.getCase(a)).items.find((i) => i.name === 'Record vitals')?.state).toBe('Completed');
  });
});

describe("anonymous: 'unchecked'", () => {
  it('lets a command without a user through unchecked while a named user is still authorized', async () => {
    const { createEngine: create, VirtualClock: Clock } = await import('@casekit/core');
    const model = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="D" targetNamespace="urn:t">
      <case id="C"><caseRoles id="CR"><role id="R_adj" name="adjuster"/></caseRoles>
        <casePlanModel id="P" name="Claim">
          <planItem id="PI_a" name="Assess" definitionRef="HT_a"/><planItem id="PI_b" name="Archive" definitionRef="HT_b"/>
          <humanTask id="HT_a" name="Assess" performerRef="R_adj"/><humanTask id="HT_b" name="Archive"/>
        </casePlanModel></case></definitions>`;
    const engine = create({ clock: new Clock(), authorization: { trustUserRoles: true, anonymous: 'unchecked' } });
    engine.deploy(model);
    const { id } = await engine.startCase({ user: { id: 'owner' } });
    await expect(engine.complete(id, 'Assess', { user: { id: 'clerk', roles: ['clerk'] } })).rejects.toMatchObject({ code: 'NotAuthorized' });
    expect((await engine.legalCommands(id)).map((i) => i.name)).toEqual(['Assess', 'Archive']);
    await engine.complete(id, 'Assess');
    await engine.complete(id, 'Archive');
    expect((await engine.getCase(id)).state).toBe('Completed');
  });
});
