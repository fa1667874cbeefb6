/**
 * The contract as engines see it: cases, model versions, timers and commands shared by two
 * engines on two handles of one storage.
 */
import assert from 'node:assert/strict';
import type { CaseInstanceState, TransitionRecord } from '@casekit/core';
import { CONTRACT_MODEL_XML, contractTests, engineOn, HOUR, T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- engine ----------------------------------------------------------------------------------

test('engine', 'a case started by one engine runs in another that never deployed its model', async ({ store, second }) => {
  const a = engineOn(store, { owner: 'a' });
  a.engine.deploy(CONTRACT_MODEL_XML[1], { key: 'contract' });
  const started = await a.engine.startCase({ caseFile: { patient: 'ann' } });
  const b = engineOn(await second(), { owner: 'b' });
  await b.engine.complete(started.id, 'Review');
  const snapshot = await b.engine.getCase(started.id);
  assert.equal(snapshot.items.find((i) => i.name === 'Approve')?.state, 'Active');
  const history = await a.engine.history(started.id);
  assert.ok(history.some((r) => r.itemName === 'Review' && r.transition === 'complete'));
});

test('engine', 'a running case keeps its model version; a new version changes nothing for it', async ({ store, second }) => {
  const a = engineOn(store, { owner: 'a' });
  const v1 = await a.engine.publish(CONTRACT_MODEL_XML[1], { key: 'contract' });
  assert.equal(v1.version, 1);
  assert.equal((await a.engine.publish(CONTRACT_MODEL_XML[1], { key: 'contract' })).version, 1, 'the same model again is the same version');
  const old = await a.engine.startCase();
  const b = engineOn(await second(), { owner: 'b' });
  const v2 = await b.engine.publish(CONTRACT_MODEL_XML[2], { key: 'contract' });
  assert.equal(v2.version, 2);
  // The old case still runs version 1, in both engines.
  assert.equal((await b.engine.getState(old.id)).definition.modelVersion, 1);
  assert.equal((await b.engine.getCase(old.id)).items.some((i) => i.name === 'Audit'), false);
  await b.engine.complete(old.id, 'Review');
  await a.engine.complete(old.id, 'Approve');
  assert.equal((await a.engine.getState(old.id)).definition.modelVersion, 1);
  // New cases start on version 2, also in the engine that only knew version 1.
  const fresh = await a.engine.startCase();
  assert.equal((await a.engine.getState(fresh.id)).definition.modelVersion, 2);
  assert.equal((await a.engine.getCase(fresh.id)).items.find((i) => i.name === 'Audit')?.state, 'Active');
  assert.equal((await store.latestModel('contract'))?.version, 2);
});

test('engine', 'deploy() writes its version to the store; a conflicting version is refused', async ({ store, second }) => {
  const a = engineOn(store, { owner: 'a' });
  a.engine.deploy(CONTRACT_MODEL_XML[1], { key: 'contract' });
  await a.engine.startCase();
  assert.equal((await store.loadModel('contract', 1))?.xml, CONTRACT_MODEL_XML[1]);
  const b = engineOn(await second(), { owner: 'b' });
  b.engine.deploy(CONTRACT_MODEL_XML[2], { key: 'contract' });
  await assert.rejects(b.engine.startCase(), (error: unknown) => (error as { code?: string }).code === 'ModelError');
  assert.equal((await store.loadModel('contract', 1))?.xml, CONTRACT_MODEL_XML[1]);
});

test('engine', 'timers due fire exactly once across engines racing for them', async ({ store, second }) => {
  const a = engineOn(store, { owner: 'a' });
  await a.engine.publish(CONTRACT_MODEL_XML[1], { key: 'contract' });
  const cases: string[] = [];
  for (let i = 0; i < 8; i++) cases.push((await a.engine.startCase()).id);
  const b = engineOn(await second(), { owner: 'b' });
  const until = T0 + 2 * HOUR;
  const [firedA, firedB] = await Promise.all([a.engine.fireDueTimers(until), b.engine.fireDueTimers(until)]);
  assert.equal(firedA + firedB, 8);
  for (const id of cases) {
    const occurred = (await store.history(id as CaseInstanceState['id'])).filter((r) => r.itemName === 'Reminder' && r.transition === 'occur');
    assert.equal(occurred.length, 1, `case ${id}: the reminder fired once`);
  }
  assert.deepEqual(await store.dueTimers(until), []);
});

test('engine', 'a timer claimed by a process that died fires once its lease expires', async ({ store, second }) => {
  const a = engineOn(store, { owner: 'a' });
  await a.engine.publish(CONTRACT_MODEL_XML[1], { key: 'contract' });
  const started = await a.engine.startCase();
  const due = T0 + HOUR;
  // "dead" claims the reminder and never fires it.
  const [claimed] = await store.claimDueTimers({ until: due, now: due, owner: 'dead', leaseMs: 30 * 60_000 });
  assert.equal(claimed?.caseId, started.id);
  const b = engineOn(await second(), { owner: 'b', at: due });
  assert.equal(await b.engine.fireDueTimers(due), 0, 'claimed by another');
  b.clock.advance(30 * 60_000);
  assert.equal(await b.engine.fireDueTimers(due), 1, 'the lease expired');
  assert.equal(await a.engine.fireDueTimers(due), 0, 'already fired');
  const occurred = (await store.history(started.id as CaseInstanceState['id'])).filter((r) => r.itemName === 'Reminder' && r.transition === 'occur');
  assert.equal(occurred.length, 1);
});

test('engine', 'concurrent commands on one case through two engines: none lost, none doubled', async ({ store, second }) => {
  const a = engineOn(store, { owner: 'a' });
  await a.engine.publish(CONTRACT_MODEL_XML[1], { key: 'contract' });
  const started = await a.engine.startCase();
  const b = engineOn(await second(), { owner: 'b' });
  const writes = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).engine.setCaseFile(started.id, { [`w${i}`]: i }));
  const races = [a.engine.complete(started.id, 'Review'), b.engine.complete(started.id, 'Review')];
  const settled = await Promise.allSettled([...writes, ...races]);
  assert.ok(settled.slice(0, 20).every((r) => r.status === 'fulfilled'), 'every write applied');
  const raced = settled.slice(20);
  assert.equal(raced.filter((r) => r.status === 'fulfilled').length, 1, 'Review completed once');
  for (const r of raced) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'IllegalTransition');
  const stored = await store.load(started.id as CaseInstanceState['id']);
  assert.deepEqual(stored?.state.caseFile, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`w${i}`, i])));
  assert.equal(stored?.revision, 1 + 20 + 1);
  const history: readonly TransitionRecord[] = await store.history(started.id as CaseInstanceState['id']);
  assert.equal(history.filter((r) => r.scope === 'caseFile' && r.transition === 'create').length, 20);
  assert.equal(history.filter((r) => r.itemName === 'Review' && r.transition === 'complete').length, 1);
  assert.deepEqual(
    history.map((r) => r.seq),
    history.map((_, i) => history[0]!.seq + i),
    'seq has no gap and no repeat',
  );
});

/** The `engine` tests. */
export const ENGINE_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
