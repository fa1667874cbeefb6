/**
 * The contract of the outbox: effects written with the save that asks for them, claimed for a
 * lease, completed, retried, failed or released by their owner only, listed in pages.
 */
import assert from 'node:assert/strict';
import type { CaseInstanceId, CaseStore } from '@casekit/core';
import { contractTests, effect, rejectsWithCode, rejectsWithConflict, same, States, T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- outbox ----------------------------------------------------------------------------------

async function outboxFixture(store: CaseStore) {
  const s = new States();
  const a = s.create('o-a');
  await store.save(a.state, null, a.transitions, { add: [effect('e-1', 'o-a', T0, { task: 'notify', to: ['ann'] }), effect('e-2', 'o-a', T0 + 10)] });
  const b = s.create('o-b');
  await store.save(b.state, null, b.transitions, { add: [effect('e-3', 'o-b', T0 + 5)] });
  return { s, a: a.state, b: b.state };
}

test('outbox', 'effects are stored with the save that asks for them, pending', async ({ store }) => {
  await outboxFixture(store);
  const page = await store.effects();
  same(page.items, [
    { id: 'e-1', caseId: 'o-a', kind: 'invokeTask', payload: { task: 'notify', to: ['ann'] }, createdAt: T0, status: 'pending', attempts: 0, nextAttemptAt: T0 },
    { id: 'e-3', caseId: 'o-b', kind: 'invokeTask', payload: { n: 1 }, createdAt: T0 + 5, status: 'pending', attempts: 0, nextAttemptAt: T0 + 5 },
    { id: 'e-2', caseId: 'o-a', kind: 'invokeTask', payload: { n: 1 }, createdAt: T0 + 10, status: 'pending', attempts: 0, nextAttemptAt: T0 + 10 },
  ]);
  assert.equal(page.next, undefined);
});

test('outbox', 'a conflicting save writes no effect and marks none done; a duplicate id fails the save whole', async ({ store }) => {
  const { s, a } = await outboxFixture(store);
  const next = s.apply(a, { type: 'setCaseFile', values: { x: 1 } });
  await rejectsWithConflict(store.save(next.state, 7, next.transitions, { add: [effect('e-9', 'o-a', T0)], done: ['e-1'] }), { caseId: 'o-a', expectedRevision: 7, actualRevision: 1 });
  const fresh = s.create('o-new');
  await rejectsWithConflict(store.save({ ...fresh.state, id: 'o-a' as CaseInstanceId }, null, [], { add: [effect('e-10', 'o-a', T0)] }), { caseId: 'o-a', expectedRevision: null, actualRevision: 1 });
  await rejectsWithCode(store.save(next.state, 1, next.transitions, { add: [effect('e-11', 'o-a', T0), effect('e-3', 'o-a', T0)], done: ['e-1'] }), 'DuplicateEffect');
  assert.equal((await store.load(a.id))?.revision, 1, 'the state was not written');
  same(await store.history(a.id), await store.history(a.id));
  assert.equal((await store.history(a.id)).length, s.create('x').transitions.length);
  assert.deepEqual(
    (await store.effects()).items.map((e) => [e.id, e.status]),
    [
      ['e-1', 'pending'],
      ['e-3', 'pending'],
      ['e-2', 'pending'],
    ],
  );
  assert.equal(await store.save(next.state, 1, next.transitions, { add: [effect('e-11', 'o-a', T0 + 20)], done: ['e-1', 'e-unknown'] }), 2);
  assert.deepEqual(
    (await store.effects()).items.map((e) => [e.id, e.status]),
    [
      ['e-1', 'done'],
      ['e-3', 'pending'],
      ['e-2', 'pending'],
      ['e-11', 'pending'],
    ],
  );
});

test('outbox', 'malformed effects and outbox writes are InvalidEffect; nothing is written', async ({ store }) => {
  const s = new States();
  const created = s.create('o-x');
  const bad: unknown[] = [
    { add: [{ ...effect('', 'o-x', T0) }] },
    { add: [{ ...effect('e', '', T0) }] },
    { add: [{ ...effect('e', 'o-x', T0), kind: '' }] },
    { add: [{ ...effect('e', 'o-x', T0), payload: [1] }] },
    { add: [{ ...effect('e', 'o-x', T0), payload: 'x' }] },
    { add: [{ ...effect('e', 'o-x', T0), createdAt: 1.5 }] },
    { add: [effect('e', 'o-x', T0), effect('e', 'o-x', T0)] },
    { add: [effect('e', 'o-x', T0)], done: ['e'] },
    { done: [3] },
    { add: 'e' },
  ];
  for (const outbox of bad) {
    await rejectsWithCode(store.save(created.state, null, created.transitions, outbox as Parameters<CaseStore['save']>[3]), 'InvalidEffect', JSON.stringify(outbox));
  }
  await rejectsWithCode(store.save(created.state, null, created.transitions, { add: [effect('e', 'o-x', T0, { text: 'a\u0000' })] }), 'UnstorableText');
  assert.equal(await store.load(created.state.id), undefined);
  assert.deepEqual((await store.effects()).items, []);
});

test('outbox', 'claims take due, free, pending effects in order for a lease', async ({ store }) => {
  await outboxFixture(store);
  assert.deepEqual(await store.claimEffects({ now: T0 - 1, owner: 'p1', leaseMs: 1000 }), [], 'none due yet');
  const [first] = await store.claimEffects({ now: T0 + 100, owner: 'p1', leaseMs: 1000 });
  same(first, { id: 'e-1', caseId: 'o-a', kind: 'invokeTask', payload: { task: 'notify', to: ['ann'] }, createdAt: T0, status: 'pending', attempts: 0, nextAttemptAt: T0, owner: 'p1', leaseUntil: T0 + 1100 });
  const rest = await store.claimEffects({ now: T0 + 100, owner: 'p2', leaseMs: 1000, limit: 10 });
  assert.deepEqual(rest.map((e) => [e.id, e.owner, e.leaseUntil]), [
    ['e-3', 'p2', T0 + 1100],
    ['e-2', 'p2', T0 + 1100],
  ]);
  assert.deepEqual(await store.claimEffects({ now: T0 + 1099, owner: 'p3', leaseMs: 1000, limit: 10 }), [], 'all held');
  assert.deepEqual((await store.effects({ status: 'pending' })).items.map((e) => e.owner), ['p1', 'p2', 'p2']);
});

test('outbox', 'an expired lease is taken over; the old owner can then neither complete nor retry it', async ({ store }) => {
  await outboxFixture(store);
  await store.claimEffects({ now: T0 + 100, owner: 'dead', leaseMs: 1000, limit: 10 });
  const taken = await store.claimEffects({ now: T0 + 1100, owner: 'p2', leaseMs: 500, limit: 2 });
  assert.deepEqual(taken.map((e) => [e.id, e.owner, e.leaseUntil]), [
    ['e-1', 'p2', T0 + 1600],
    ['e-3', 'p2', T0 + 1600],
  ]);
  assert.equal(await store.completeEffect('e-1', 'dead'), false);
  assert.equal(await store.retryEffect('e-1', 'dead', { error: { message: 'late' }, nextAttemptAt: T0 }), false);
  assert.equal(await store.failEffect('e-1', 'dead', { message: 'late' }), false);
  assert.equal(await store.releaseEffect('e-1', 'dead'), false);
  assert.equal(await store.completeEffect('e-1', 'p2'), true);
  assert.equal(await store.completeEffect('e-1', 'p2'), false, 'already done');
  assert.equal(await store.completeEffect('e-2', 'dead'), true, 'a lapsed lease nobody took over still counts');
  same((await store.effects({ status: 'done' })).items, [
    { id: 'e-1', caseId: 'o-a', kind: 'invokeTask', payload: { task: 'notify', to: ['ann'] }, createdAt: T0, status: 'done', attempts: 0, nextAttemptAt: T0 },
    { id: 'e-2', caseId: 'o-a', kind: 'invokeTask', payload: { n: 1 }, createdAt: T0 + 10, status: 'done', attempts: 0, nextAttemptAt: T0 + 10 },
  ]);
  assert.deepEqual(await store.claimEffects({ now: T0 + 9999, owner: 'p3', leaseMs: 1, limit: 10 }).then((l) => l.map((e) => e.id)), ['e-3']);
});

test('outbox', 'retry counts the attempt and waits; fail gives up; release frees without counting', async ({ store }) => {
  await outboxFixture(store);
  await store.claimEffects({ now: T0 + 100, owner: 'p1', leaseMs: 1000, limit: 10 });
  assert.equal(await store.retryEffect('e-1', 'p1', { error: { message: 'timeout', code: 'ETIMEDOUT' }, nextAttemptAt: T0 + 5000 }), true);
  assert.equal(await store.failEffect('e-3', 'p1', { message: 'no such task' }), true);
  assert.equal(await store.releaseEffect('e-2', 'p1'), true);
  const all = (await store.effects()).items;
  same(all.find((e) => e.id === 'e-1'), {
    id: 'e-1', caseId: 'o-a', kind: 'invokeTask', payload: { task: 'notify', to: ['ann'] }, createdAt: T0,
    status: 'pending', attempts: 1, nextAttemptAt: T0 + 5000, lastError: { message: 'timeout', code: 'ETIMEDOUT' },
  });
  same(all.find((e) => e.id === 'e-3'), { id: 'e-3', caseId: 'o-b', kind: 'invokeTask', payload: { n: 1 }, createdAt: T0 + 5, status: 'failed', attempts: 1, nextAttemptAt: T0 + 5, lastError: { message: 'no such task' } });
  same(all.find((e) => e.id === 'e-2'), { id: 'e-2', caseId: 'o-a', kind: 'invokeTask', payload: { n: 1 }, createdAt: T0 + 10, status: 'pending', attempts: 0, nextAttemptAt: T0 + 10 });
  // e-2 is claimable at once; e-1 once its retry is due; e-3 never.
  assert.deepEqual((await store.claimEffects({ now: T0 + 200, owner: 'p2', leaseMs: 60_000, limit: 10 })).map((e) => e.id), ['e-2']);
  assert.deepEqual((await store.claimEffects({ now: T0 + 5000, owner: 'p2', leaseMs: 1000, limit: 10 })).map((e) => e.id), ['e-1']);
  assert.equal(await store.retryEffect('e-1', 'p2', { error: { message: 'again' }, nextAttemptAt: T0 + 9000 }), true);
  assert.equal((await store.effects({ caseId: 'o-a' as CaseInstanceId })).items.find((e) => e.id === 'e-1')?.attempts, 2);
  await rejectsWithCode(store.retryEffect('e-1', 'p2', { error: { message: 3 } as never, nextAttemptAt: 0 }), 'InvalidEffect');
  await rejectsWithCode(store.claimEffects({ now: T0, owner: '', leaseMs: 1 }), 'InvalidEffect');
});

test('outbox', 'effects per case and across cases, by status, in pages ordered by createdAt then id', async ({ store }) => {
  const s = new States();
  const created = s.create('o-p');
  const add = Array.from({ length: 7 }, (_, i) => effect(`p-${String.fromCharCode(103 - i)}`, i % 2 === 0 ? 'o-p' : 'o-q', T0 + (i < 3 ? 0 : i)));
  await store.save(created.state, null, created.transitions, { add });
  const expected = [...add].sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1)).map((e) => e.id);
  assert.deepEqual((await store.effects()).items.map((e) => e.id), expected);
  const seen: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.effects({ limit: 2, ...(after === undefined ? {} : { after }) });
    seen.push(...page.items.map((e) => e.id));
    after = page.next;
  } while (after !== undefined);
  assert.deepEqual(seen, expected);
  assert.deepEqual(
    (await store.effects({ caseId: 'o-q' as CaseInstanceId })).items.map((e) => e.id),
    expected.filter((id) => add.find((e) => e.id === id)!.caseId === 'o-q'),
  );
  await store.claimEffects({ now: T0 + 100, owner: 'w', leaseMs: 10, limit: 2 });
  await store.failEffect(expected[0]!, 'w', { message: 'x' });
  assert.deepEqual((await store.effects({ status: 'failed' })).items.map((e) => e.id), [expected[0]]);
  assert.deepEqual((await store.effects({ status: ['failed', 'pending'], caseId: 'o-p' as CaseInstanceId, limit: 2 })).items.length, 2);
  assert.deepEqual((await store.effects({ status: [] })).items, []);
});

test('outbox', 'a save may claim the effects it adds for the process that commits the step', async ({ store }) => {
  const s = new States();
  const created = s.create('o-c');
  await store.save(created.state, null, created.transitions, { add: [effect('c-1', 'o-c', T0), effect('c-2', 'o-c', T0 + 1)], claim: { owner: 'p1', leaseUntil: T0 + 1000 } });
  assert.deepEqual((await store.effects()).items.map((e) => [e.id, e.status, e.owner, e.leaseUntil]), [
    ['c-1', 'pending', 'p1', T0 + 1000],
    ['c-2', 'pending', 'p1', T0 + 1000],
  ]);
  assert.deepEqual(await store.claimEffects({ now: T0 + 999, owner: 'p2', leaseMs: 1000, limit: 10 }), [], 'held by the committer');
  assert.equal(await store.completeEffect('c-1', 'p1'), true);
  assert.deepEqual((await store.claimEffects({ now: T0 + 1000, owner: 'p2', leaseMs: 1000, limit: 10 })).map((e) => [e.id, e.owner]), [['c-2', 'p2']], 'taken over once the lease ends');
  for (const claim of [{ owner: '', leaseUntil: T0 }, { owner: 'p1', leaseUntil: 1.5 }]) {
    const next = s.apply(created.state, { type: 'setCaseFile', values: { x: 1 } });
    await rejectsWithCode(store.save(next.state, 1, next.transitions, { add: [effect('c-3', 'o-c', T0)], claim }), 'InvalidEffect');
  }
  assert.equal((await store.load(created.state.id))?.revision, 1);
});

test('outbox', 'concurrent claims through two handles never share an effect', async ({ store, second }) => {
  const other = await second();
  const s = new States();
  for (let i = 0; i < 6; i++) {
    const created = s.create(`oc-${i}`);
    await store.save(created.state, null, created.transitions, { add: Array.from({ length: 5 }, (_, j) => effect(`c${i}-${j}`, created.state.id, T0 + j)) });
  }
  const claims = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : other).claimEffects({ now: T0 + 100, owner: `w${i}`, leaseMs: 60_000, limit: 4 })),
  );
  const claimed = claims.flat().map((e) => e.id);
  assert.equal(new Set(claimed).size, claimed.length, 'no effect claimed twice');
  assert.equal(claimed.length, 30, 'every effect claimed once');
  for (const [i, list] of claims.entries()) for (const e of list) assert.equal(e.owner, `w${i}`);
});

/** The `outbox` tests. */
export const OUTBOX_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
