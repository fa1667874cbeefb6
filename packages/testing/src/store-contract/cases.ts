/**
 * The contract of cases and their history: save and load, revisions, conflicts between writers,
 * and the transitions each save appends.
 */
import assert from 'node:assert/strict';
import type { CaseInstanceState } from '@casekit/core';
import { contractTests, HOUR, plain, rejectsWithConflict, same, States, T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- cases -----------------------------------------------------------------------------------

test('cases', 'save then load returns the same state and revision 1', async ({ store }) => {
  const s = new States();
  const caseFile = { patient: { name: 'Zoë Ñuñez — ✓ 🙂', age: 71, tags: ['a', 'b'], allergies: null }, flag: true, score: 0.25, big: 1e21 };
  const created = s.create('c-1', { caseFile });
  assert.equal(await store.save(created.state, null, created.transitions), 1);
  const loaded = await store.load(created.state.id);
  assert.ok(loaded !== undefined);
  assert.equal(loaded.revision, 1);
  assert.deepEqual(plain(loaded.state), plain(created.state));
});

test('cases', 'load of an unknown case is undefined', async ({ store }) => {
  assert.equal(await store.load('nobody' as CaseInstanceState['id']), undefined);
});

test('cases', 'every save increments the revision', async ({ store }) => {
  const s = new States();
  const created = s.create('c-1');
  await store.save(created.state, null, created.transitions);
  const reviewed = s.item(created.state, 'complete', 'Review');
  assert.equal(await store.save(reviewed.state, 1, reviewed.transitions), 2);
  const approved = s.item(reviewed.state, 'complete', 'Approve');
  assert.equal(await store.save(approved.state, 2, approved.transitions), 3);
  const loaded = await store.load(created.state.id);
  assert.equal(loaded?.revision, 3);
  assert.deepEqual(plain(loaded?.state), plain(approved.state));
});

test('cases', 'a stale revision is rejected with ConcurrencyConflict and writes nothing', async ({ store }) => {
  const s = new States();
  const created = s.create('c-1');
  await store.save(created.state, null, created.transitions);
  const reviewed = s.item(created.state, 'complete', 'Review');
  await store.save(reviewed.state, 1, reviewed.transitions);
  const before = { load: await store.load(created.state.id), history: await store.history(created.state.id), timers: await store.dueTimers(Infinity) };
  // A second writer that loaded revision 1 fires a timer (changes state, history and timers).
  const stale = s.apply(created.state, { type: 'fireTimer', instance: created.state.timers[0]!.instance }, T0 + HOUR);
  await rejectsWithConflict(store.save(stale.state, 1, stale.transitions), { caseId: 'c-1', expectedRevision: 1, actualRevision: 2 });
  assert.deepEqual(await store.load(created.state.id), before.load);
  same(await store.history(created.state.id), before.history);
  assert.deepEqual(await store.dueTimers(Infinity), before.timers);
});

test('cases', 'a new case never overwrites a stored one', async ({ store }) => {
  const s = new States();
  const first = s.create('c-1', { caseFile: { n: 1 } });
  await store.save(first.state, null, first.transitions);
  const again = s.create('c-1', { caseFile: { n: 2 } });
  await rejectsWithConflict(store.save(again.state, null, again.transitions), { caseId: 'c-1', expectedRevision: null, actualRevision: 1 });
  assert.deepEqual((await store.load(first.state.id))?.state.caseFile, { n: 1 });
  assert.equal((await store.history(first.state.id)).length, first.transitions.length);
});

test('cases', 'saving a revision of a case that does not exist conflicts and writes nothing', async ({ store }) => {
  const s = new States();
  const created = s.create('ghost');
  await rejectsWithConflict(store.save(created.state, 3, created.transitions), { caseId: 'ghost', expectedRevision: 3, actualRevision: null });
  assert.equal(await store.load(created.state.id), undefined);
  same(await store.history(created.state.id), []);
  assert.deepEqual(await store.dueTimers(Infinity), []);
});

test('cases', 'of concurrent saves of one revision, through two handles, exactly one wins', async ({ store, second }) => {
  const other = await second();
  const s = new States();
  const created = s.create('c-1');
  await store.save(created.state, null, created.transitions);
  const attempts = Array.from({ length: 8 }, (_, i) => s.apply(created.state, { type: 'setCaseFile', values: { writer: i } }));
  const results = await Promise.allSettled(attempts.map((a, i) => (i % 2 === 0 ? store : other).save(a.state, 1, a.transitions)));
  const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  assert.equal(won.length, 1, 'exactly one save succeeds');
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'ConcurrencyConflict');
  const loaded = await other.load(created.state.id);
  assert.equal(loaded?.revision, 2);
  assert.deepEqual(loaded?.state.caseFile, { writer: won[0] });
  same(await store.history(created.state.id), plain([...created.transitions, ...attempts[won[0]!]!.transitions]));
});
// --- history ---------------------------------------------------------------------------------

test('history', 'every save appends its transitions, oldest first', async ({ store }) => {
  const s = new States();
  const created = s.create('c-1');
  await store.save(created.state, null, created.transitions);
  const reviewed = s.item(created.state, 'complete', 'Review');
  await store.save(reviewed.state, 1, reviewed.transitions);
  const escalated = s.item(reviewed.state, 'occur', 'Escalate');
  await store.save(escalated.state, 2, escalated.transitions);
  const all = [...created.transitions, ...reviewed.transitions, ...escalated.transitions];
  const history = await store.history(created.state.id);
  same(history, all);
  assert.deepEqual(
    history.map((r) => r.seq),
    [...history.map((r) => r.seq)].sort((a, b) => a - b),
  );
  assert.equal(history.at(-1)?.seq, escalated.state.seq);
});

test('history', 'afterSeq and limit page through it', async ({ store }) => {
  const s = new States();
  const created = s.create('c-1');
  await store.save(created.state, null, created.transitions);
  const reviewed = s.item(created.state, 'complete', 'Review');
  await store.save(reviewed.state, 1, reviewed.transitions);
  const all = plain([...created.transitions, ...reviewed.transitions]);
  assert.ok(all.length >= 4);
  const pivot = all[1]!.seq;
  same(await store.history(created.state.id, { afterSeq: pivot }), all.filter((r) => r.seq > pivot));
  same(await store.history(created.state.id, { limit: 2 }), all.slice(0, 2));
  same(await store.history(created.state.id, { afterSeq: pivot, limit: 1 }), all.filter((r) => r.seq > pivot).slice(0, 1));
  same(await store.history(created.state.id, { afterSeq: all.at(-1)!.seq }), []);
});

test('history', 'a case has its own history; an unknown case has none', async ({ store }) => {
  const s = new States();
  const a = s.create('a');
  const b = s.create('b');
  await store.save(a.state, null, a.transitions);
  await store.save(b.state, null, b.transitions);
  const reviewed = s.item(b.state, 'complete', 'Review');
  await store.save(reviewed.state, 1, reviewed.transitions);
  // A save without transitions (linking a child case, say) appends nothing.
  await store.save({ ...a.state, updatedAt: a.state.updatedAt + 1 }, 1, []);
  same(await store.history(a.state.id), plain(a.transitions));
  same(await store.history(b.state.id), plain([...b.transitions, ...reviewed.transitions]));
  same(await store.history('nobody' as CaseInstanceState['id']), []);
});

/** The `cases` tests: save, load, revisions and conflicts. */
export const CASES_CONTRACT: readonly ContractTest[] = Object.freeze(tests.filter((t) => t.group === 'cases'));

/** The `history` tests: the transitions each save appends, paged. */
export const HISTORY_CONTRACT: readonly ContractTest[] = Object.freeze(tests.filter((t) => t.group === 'history'));
