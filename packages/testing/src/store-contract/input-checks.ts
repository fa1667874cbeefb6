/**
 * The contract of what a store refuses and what it keeps to itself: case ids and text checked
 * before storage is touched, and no object shared with its callers (tests of the `cases` group).
 */
import assert from 'node:assert/strict';
import type { CaseInstanceId } from '@casekit/core';
import { contractTests, ids, plain, rejectsWithCode, same, States } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- cases: input checks and isolation -------------------------------------------------------

test('cases', 'case ids are checked before storage is touched: not a string, empty or too long is InvalidCaseId', async ({ store }) => {
  const s = new States();
  for (const bad of ['', 42, {}, null, 'x'.repeat(256), 'a\u0000b', '\ud800']) {
    await rejectsWithCode(store.load(bad as CaseInstanceId), 'InvalidCaseId', `load(${JSON.stringify(bad)})`);
    await rejectsWithCode(store.history(bad as CaseInstanceId), 'InvalidCaseId', `history(${JSON.stringify(bad)})`);
    const created = s.create('ok');
    await rejectsWithCode(store.save({ ...created.state, id: bad as CaseInstanceId }, null, []), 'InvalidCaseId', `save(${JSON.stringify(bad)})`);
  }
  const longest = s.create('y'.repeat(255));
  assert.equal(await store.save(longest.state, null, longest.transitions), 1);
  assert.equal((await store.load(longest.state.id))?.revision, 1);
  assert.deepEqual(ids(await store.query()), ['y'.repeat(255)]);
});

test('cases', 'U+0000 and lone surrogates are refused alike, before writing; other text round-trips', async ({ store }) => {
  const s = new States();
  for (const [text, reason] of [['a\u0000b', 'NUL'], ['\ud800', 'lone surrogate'], ['x\udc00y', 'lone surrogate'], ['\udc00\ud800', 'lone surrogate']] as const) {
    const created = s.create('bad', { caseFile: { note: { deep: [text] } } });
    await assert.rejects(store.save(created.state, null, created.transitions), (error: unknown) => {
      assert.equal((error as { code?: unknown }).code, 'UnstorableText');
      assert.equal((error as { reason?: unknown }).reason, reason);
      return true;
    });
    const keyed = s.create('bad', { caseFile: { [`k${text}`]: 1 } });
    await rejectsWithCode(store.save(keyed.state, null, keyed.transitions), 'UnstorableText');
  }
  assert.equal(await store.load('bad' as CaseInstanceId), undefined);
  same(await store.history('bad' as CaseInstanceId), []);
  // Text that only looks like an escape, paired surrogates, and U+FFFF are kept as they are.
  const caseFile = { escaped: '\\u0000 \\ud800 \\\\u0000', emoji: '😀 \ud83d\ude00', edge: '\uffff\ue000' };
  const fine = s.create('fine', { caseFile });
  await store.save(fine.state, null, fine.transitions);
  assert.deepEqual((await store.load(fine.state.id))?.state.caseFile, caseFile);
});

test('cases', 'the store shares no objects with its callers', async ({ store }) => {
  const s = new States();
  const created = s.create('c-1', { caseFile: { claim: { amount: 1 }, list: [1] } });
  const expected = plain(created.state);
  await store.save(created.state, null, created.transitions);
  const attempt = (mutate: () => void) => {
    try {
      mutate();
    } catch {
      // A store may freeze what it keeps: a mutation then throws instead of changing it.
    }
  };
  const mutable = created.state as unknown as { caseFile: { claim: { amount: number }; list: number[] }; updatedAt: number };
  attempt(() => (mutable.caseFile.claim.amount = 2));
  attempt(() => mutable.caseFile.list.push(2));
  attempt(() => (mutable.updatedAt = 0));
  attempt(() => ((created.transitions[0] as { to: string }).to = 'Mutated'));
  const loaded = await store.load(created.state.id);
  same(loaded?.state, expected);
  const again = loaded!.state as unknown as typeof mutable;
  attempt(() => (again.caseFile.claim.amount = 3));
  attempt(() => ((loaded as { revision: number }).revision = 7));
  const reloaded = await store.load(created.state.id);
  same(reloaded?.state, expected);
  assert.equal(reloaded?.revision, 1);
  assert.notEqual((await store.history(created.state.id))[0]?.to, 'Mutated');
});

/** The `cases` tests of input checks and isolation. */
export const INPUT_CHECKS_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
