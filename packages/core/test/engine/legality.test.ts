/**
 * Queries and commands never disagree: over the corpus, for random users and random commands on
 * random instances, a plan item command succeeds exactly when `legalCommands` listed it for that
 * user, and a plan succeeds exactly when `applicableDiscretionaryItems` offered the item; a refused
 * command is refused with a typed error and changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_ITEM_COMMANDS, RulesError, VirtualClock, createEngine, type User } from '@casekit/core';
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

describe('legality: queries and commands agree', () => {
  it('a command succeeds exactly when the queries offered it', async () => {
    console.log(`legality properties: ${NUM_RUNS} runs, seed ${SEED}`);
    const step = fc.record({ instance: fc.nat({ max: 999 }), command: fc.nat({ max: 99 }), user: fc.nat({ max: 99 }), plan: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: models.length - 1 }), fc.array(step, { minLength: 1, maxLength: 12 }), async (index, steps) => {
        const model = models[index]!;
        const engine = createEngine({ clock: new VirtualClock(T0), idGenerator: counter() });
        engine.deploy(model.model, { key: 'model' });
        let caseId: string;
        try {
          caseId = (await engine.startCase({ caseDefinition: model.caseId })).id;
        } catch {
          return; // cases that cannot start are the start property's concern
        }
        for (const s of steps) {
          const state = await engine.getState(caseId);
          const user = userOf(s.user, model.roles);
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
  });
});
