/**
 * Queries and commands never disagree: over the corpus, for random users and random commands on
 * random instances, a plan item command succeeds exactly when `legalCommands` listed it for that
 * user, and a plan succeeds exactly when `applicableDiscretionaryItems` offered the item; a refused
 * command is refused with a typed error and changes nothing. Under the real authorization policy
 * twice: trusting the roles on the user object, and with a case team (owner, members, a group)
 * whose roles are the only ones that count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_ITEM_COMMANDS, RulesError, VirtualClock, createEngine, type EngineOptions, type StartCaseOptions, type TeamMember, type User } from '@casekit/core';
import { allInstances } from '@casekit/core/internals';
import { T0, counter } from './property-models.js';
import { loadPropertyModels } from './property-models.js';

const { models } = await loadPropertyModels();
const NUM_RUNS = Number(process.env['CASEKIT_PROPERTY_RUNS'] ?? 150);
const SEED = Number(process.env['CASEKIT_PROPERTY_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const REFUSALS = new Set(['IllegalTransition', 'NotAuthorized', 'NotApplicable']);

function userOf(pick: number, roles: readonly string[]): User | undefined {
  switch (pick % 4) {
    case 0:
      return undefined;
    case 1:
      return { id: 'nobody', roles: [] };
    case 2:
      return roles.length === 0 ? { id: 'nobody', roles: [] } : { id: 'one', roles: [roles[pick % roles.length]!] };
    default:
      return { id: 'all', roles: [...roles] };
  }
}

/** The case team of the team run: one member per role, one with all roles, a group with the first role. */
function teamOf(roles: readonly string[]): TeamMember[] {
  return [
    ...roles.map((role, i) => ({ id: `member-${i}`, roles: [role] })),
    { id: 'all', roles: [...roles] },
    ...(roles.length === 0 ? [] : [{ id: 'ward', group: true as const, roles: [roles[0]!] }]),
    { id: 'plain', roles: [] },
  ];
}

/** Users of the team run: no user, the owner, each member, someone in the group, an outsider claiming every role. */
function teamUserOf(pick: number, roles: readonly string[]): User | undefined {
  const users: (User | undefined)[] = [
    undefined,
    { id: 'owner' },
    ...roles.map((_, i) => ({ id: `member-${i}` })),
    { id: 'all' },
    { id: 'grouped', groups: ['ward'] },
    { id: 'plain' },
    { id: 'outsider', roles: [...roles] },
  ];
  return users[pick % users.length];
}

interface Variant {
  readonly engine: EngineOptions;
  readonly start: (roles: readonly string[]) => Partial<StartCaseOptions>;
  readonly userOf: (pick: number, roles: readonly string[]) => User | undefined;
}

const TRUSTED: Variant = { engine: { authorization: { trustUserRoles: true } }, start: () => ({}), userOf };
const TEAM: Variant = { engine: {}, start: (roles) => ({ user: { id: 'owner' }, team: teamOf(roles) }), userOf: teamUserOf };

describe('legality: queries and commands agree', () => {
  it('a command succeeds exactly when the queries offered it (user roles trusted)', async () => {
    await agree(TRUSTED, 'trusted user roles');
  });

  it('a command succeeds exactly when the queries offered it (a case team: owner, members, a group)', async () => {
    await agree(TEAM, 'case team');
  });
});

async function agree(variant: Variant, name: string): Promise<void> {
  {
    console.log(`legality properties (${name}): ${NUM_RUNS} runs, seed ${SEED}`);
    const outcomes = new Map<string, number>();
    const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const step = fc.record({ instance: fc.nat({ max: 999 }), command: fc.nat({ max: 99 }), user: fc.nat({ max: 99 }), plan: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: models.length - 1 }), fc.array(step, { minLength: 1, maxLength: 12 }), async (index, steps) => {
        const model = models[index]!;
        const engine = createEngine({ clock: new VirtualClock(T0), idGenerator: counter(), ...variant.engine });
        engine.deploy(model.model, { key: 'model' });
        let caseId: string;
        try {
          caseId = (await engine.startCase({ caseDefinition: model.caseId, ...variant.start(model.roles) })).id;
        } catch {
          return; // cases that cannot start are the start property's concern
        }
        for (const s of steps) {
          const state = await engine.getState(caseId);
          const user = variant.userOf(s.user, model.roles);
          const history = (await engine.history(caseId)).length;
          if (s.plan && model.discretionaryItems.length > 0) {
            const item = model.discretionaryItems[s.command % model.discretionaryItems.length]!;
            let offered: boolean;
            try {
              offered = (await engine.applicableDiscretionaryItems(caseId, user)).some((i) => i.itemId === item);
            } catch (error) {
              if (error instanceof RulesError) continue; // a rule that cannot be evaluated on this data
              throw error;
            }
            const outcome = await engine.plan(caseId, item, { user }).then(
              () => 'ok',
              (error: { code?: string }) => error.code ?? 'untyped',
            );
            if (outcome === 'ExpressionError') continue;
            count(outcome);
            expect(outcome === 'ok', `plan ${item} as ${JSON.stringify(user)}: offered ${offered}, got ${outcome}`).toBe(offered);
            if (outcome !== 'ok') expect(REFUSALS.has(outcome), outcome).toBe(true);
          } else {
            const instances = [...allInstances(state)].filter((i) => i.n !== 0);
            if (instances.length === 0) return;
            const instance = instances[s.instance % instances.length]!;
            const command = PLAN_ITEM_COMMANDS[s.command % PLAN_ITEM_COMMANDS.length]!;
            const listed = (await engine.legalCommands(caseId, user)).some((i) => i.instanceId === instance.id && i.commands.includes(command));
            const outcome = await engine.planItemCommand(caseId, command, instance.id, { user }).then(
              () => 'ok',
              (error: { code?: string }) => error.code ?? 'untyped',
            );
            if (outcome === 'ExpressionError' || outcome === 'RunawayLoop') return;
            count(outcome);
            expect(outcome === 'ok', `${command} ${instance.id} as ${JSON.stringify(user)}: listed ${listed}, got ${outcome}`).toBe(listed);
            if (outcome !== 'ok') {
              expect(REFUSALS.has(outcome), outcome).toBe(true);
              expect((await engine.history(caseId)).length).toBe(history);
            }
          }
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
    // the property is not vacuous: commands were both accepted and refused for want of authorization
    expect(outcomes.get('ok') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
    expect(outcomes.get('NotAuthorized') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
  }
}
