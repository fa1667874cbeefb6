/**
 * The contract of timers: due timers of Active cases in due order, claims with a lease, release,
 * and claims through two handles that never share a timer.
 */
import assert from 'node:assert/strict';
import type { CaseInstanceState, CaseStore } from '@casekit/core';
import { contractTests, HOUR, States, T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- timers ----------------------------------------------------------------------------------

async function timerFixture(store: CaseStore) {
  const s = new States();
  const a = s.create('t-a', { at: T0 });
  const b = s.create('t-b', { at: T0 + 10 * 60_000 });
  await store.save(a.state, null, a.transitions);
  await store.save(b.state, null, b.transitions);
  return { s, a: a.state, b: b.state };
}

test('timers', 'due timers of Active cases, in due order, with a limit', async ({ store }) => {
  const { a, b } = await timerFixture(store);
  const reminder = (st: CaseInstanceState) => st.timers[0]!;
  const deadline = (st: CaseInstanceState) => st.timers[1]!;
  assert.equal(reminder(a).dueAt, T0 + HOUR);
  assert.deepEqual(await store.dueTimers(T0), []);
  assert.deepEqual(await store.dueTimers(T0 + HOUR), [{ caseId: 't-a', instance: reminder(a).instance, dueAt: T0 + HOUR }]);
  assert.deepEqual(await store.dueTimers(T0 + 2 * HOUR), [
    { caseId: 't-a', instance: reminder(a).instance, dueAt: reminder(a).dueAt },
    { caseId: 't-b', instance: reminder(b).instance, dueAt: reminder(b).dueAt },
  ]);
  assert.deepEqual(await store.dueTimers(Infinity), [
    { caseId: 't-a', instance: reminder(a).instance, dueAt: reminder(a).dueAt },
    { caseId: 't-b', instance: reminder(b).instance, dueAt: reminder(b).dueAt },
    { caseId: 't-a', instance: deadline(a).instance, dueAt: deadline(a).dueAt },
    { caseId: 't-b', instance: deadline(b).instance, dueAt: deadline(b).dueAt },
  ]);
  assert.equal((await store.dueTimers(Infinity, 3)).length, 3);
});

test('timers', 'a fired timer leaves the store; a case that is not Active has no due timers', async ({ store }) => {
  const { s, a, b } = await timerFixture(store);
  const fired = s.apply(a, { type: 'fireTimer', instance: a.timers[0]!.instance }, T0 + HOUR);
  await store.save(fired.state, 1, fired.transitions);
  const suspended = s.apply(b, { type: 'case', transition: 'suspend' }, T0 + HOUR);
  await store.save(suspended.state, 1, suspended.transitions);
  assert.deepEqual(await store.dueTimers(Infinity), [{ caseId: 't-a', instance: a.timers[1]!.instance, dueAt: a.timers[1]!.dueAt }]);
  const resumed = s.apply(suspended.state, { type: 'case', transition: 'reactivate' }, T0 + 2 * HOUR);
  await store.save(resumed.state, 2, resumed.transitions);
  const expected = [
    { caseId: 't-a', instance: a.timers[1]!.instance, dueAt: a.timers[1]!.dueAt },
    ...resumed.state.timers.map((t) => ({ caseId: 't-b', instance: t.instance, dueAt: t.dueAt })),
  ].sort((x, y) => x.dueAt - y.dueAt);
  assert.deepEqual(await store.dueTimers(Infinity), expected, "a reactivated case's timers are due again");
});

test('timers', 'claims take free due timers in due order for a lease; others wait for it to expire', async ({ store }) => {
  const { a, b } = await timerFixture(store);
  const until = T0 + 2 * HOUR;
  const now = T0 + 2 * HOUR;
  const first = await store.claimDueTimers({ until, now, owner: 'p1', leaseMs: 60_000 });
  assert.deepEqual(first, [{ caseId: 't-a', instance: a.timers[0]!.instance, dueAt: T0 + HOUR, owner: 'p1', leaseUntil: now + 60_000 }]);
  const second = await store.claimDueTimers({ until, now, owner: 'p2', leaseMs: 60_000, limit: 5 });
  assert.deepEqual(
    second.map((t) => [t.caseId, t.instance, t.owner]),
    [['t-b', b.timers[0]!.instance, 'p2']],
  );
  assert.deepEqual(await store.claimDueTimers({ until, now: now + 59_999, owner: 'p3', leaseMs: 60_000, limit: 5 }), []);
  // Claimed or not, they are still due.
  assert.equal((await store.dueTimers(until)).length, 2);
  // p1 died: its lease expires and p3 takes the timer over.
  const taken = await store.claimDueTimers({ until, now: now + 60_000, owner: 'p3', leaseMs: 1000, limit: 5 });
  assert.deepEqual(
    taken.map((t) => [t.caseId, t.owner, t.leaseUntil]),
    [
      ['t-a', 'p3', now + 61_000],
      ['t-b', 'p3', now + 61_000],
    ],
  );
});

test('timers', 'a released claim is free at once; only its owner releases it', async ({ store }) => {
  await timerFixture(store);
  const now = T0 + HOUR;
  const [claimed] = await store.claimDueTimers({ until: now, now, owner: 'p1', leaseMs: 60_000 });
  assert.ok(claimed !== undefined);
  await store.releaseTimer(claimed.caseId, claimed.instance, 'p2');
  assert.deepEqual(await store.claimDueTimers({ until: now, now, owner: 'p2', leaseMs: 60_000 }), []);
  await store.releaseTimer(claimed.caseId, claimed.instance, 'p1');
  assert.deepEqual(
    (await store.claimDueTimers({ until: now, now, owner: 'p2', leaseMs: 60_000 })).map((t) => t.owner),
    ['p2'],
  );
});

test('timers', 'a save that keeps a timer keeps its claim; firing it removes it', async ({ store }) => {
  const { s, a, b } = await timerFixture(store);
  const now = T0 + HOUR;
  await store.claimDueTimers({ until: now, now, owner: 'p1', leaseMs: 60_000 });
  const touched = s.apply(a, { type: 'setCaseFile', values: { note: 'x' } }, now);
  await store.save(touched.state, 1, touched.transitions);
  assert.deepEqual(await store.claimDueTimers({ until: now, now, owner: 'p2', leaseMs: 60_000 }), [], 'still claimed by p1');
  const fired = s.apply(touched.state, { type: 'fireTimer', instance: a.timers[0]!.instance }, now);
  await store.save(fired.state, 2, fired.transitions);
  assert.deepEqual(await store.claimDueTimers({ until: now, now: now + HOUR, owner: 'p2', leaseMs: 60_000 }), []);
  assert.deepEqual(
    (await store.dueTimers(Infinity)).map((t) => [t.caseId, t.instance]),
    [
      ['t-b', b.timers[0]!.instance],
      ['t-a', a.timers[1]!.instance],
      ['t-b', b.timers[1]!.instance],
    ],
  );
});

test('timers', 'concurrent claims through two handles never share a timer', async ({ store, second }) => {
  const other = await second();
  const s = new States();
  for (let i = 0; i < 12; i++) {
    const created = s.create(`c-${String(i).padStart(2, '0')}`, { at: T0 + i });
    await store.save(created.state, null, created.transitions);
  }
  const now = T0 + 2 * 24 * HOUR;
  const claims = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : other).claimDueTimers({ until: now, now, owner: `p${i}`, leaseMs: 60_000, limit: 3 })),
  );
  const keys = claims.flat().map((t) => `${t.caseId}#${t.instance}`);
  assert.equal(new Set(keys).size, keys.length, 'no timer claimed twice');
  assert.equal(keys.length, 24, 'every due timer claimed once');
});

/** The `timers` tests. */
export const TIMERS_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
