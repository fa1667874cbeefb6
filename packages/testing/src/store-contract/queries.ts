/**
 * The contract of queries: cases by definition, model, state, case file values and plan item
 * states, in pages; history across cases; malformed filters refused.
 */
import assert from 'node:assert/strict';
import type { CaseInstanceId, CaseInstanceState, CaseStore, JsonValue, TransitionRecord } from '@casekit/core';
import { contractTests, ids, plain, rejectsWithCode, same, States, T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- queries ---------------------------------------------------------------------------------

async function queryFixture(store: CaseStore) {
  const s = new States();
  const save = async (id: string, at: number, caseFile: Record<string, JsonValue>, then?: (state: CaseInstanceState) => ReturnType<States['apply']>) => {
    const created = s.create(id, { at, caseFile });
    await store.save(created.state, null, created.transitions);
    if (then === undefined) return created.state;
    const next = then(created.state);
    await store.save(next.state, 1, next.transitions);
    return next.state;
  };
  await save('q-1', T0 + 1000, { region: 'north', risk: 3, urgent: true, owner: null, code: '3' });
  await save('q-2', T0 + 2000, { region: 'south', risk: 1, urgent: false, owner: 'ann', nested: { region: 'north' } });
  await save('q-3', T0 + 3000, { region: 'north', risk: 1, urgent: true, owner: 'bob', list: ['north'] }, (st) =>
    s.apply(st, { type: 'case', transition: 'suspend' }, T0 + 3500),
  );
  await save('q-4', T0 + 4000, { region: 'north', risk: 3.5, urgent: 1, code: 3, other: { a: 1 } }, (st) =>
    s.apply(st, { type: 'case', transition: 'terminate' }, T0 + 4500),
  );
  await save('q-5', T0 + 4500, { region: '{"a":1}', risk: 3, urgent: 'true' });
}

test('queries', 'all cases, most recently updated first (ties by id), with their summary', async ({ store }) => {
  await queryFixture(store);
  const all = await store.query();
  assert.deepEqual(ids(all), ['q-4', 'q-5', 'q-3', 'q-2', 'q-1']);
  const q3 = all.find((r) => r.id === 'q-3')!;
  assert.deepEqual(q3, { id: 'q-3', caseDefinitionId: 'review_case', modelKey: 'contract', modelVersion: 1, state: 'Suspended', revision: 2, updatedAt: T0 + 3500 });
  assert.deepEqual(ids(await store.query({ limit: 2 })), ['q-4', 'q-5']);
  assert.deepEqual(await store.query({ limit: 0 }), []);
});

test('queries', 'by definition, model key and state', async ({ store }) => {
  await queryFixture(store);
  assert.equal((await store.query({ caseDefinitionId: 'review_case' })).length, 5);
  assert.deepEqual(await store.query({ caseDefinitionId: 'other' }), []);
  assert.equal((await store.query({ modelKey: 'contract' })).length, 5);
  assert.deepEqual(await store.query({ modelKey: 'other' }), []);
  assert.deepEqual(ids(await store.query({ state: 'Active' })), ['q-5', 'q-2', 'q-1']);
  assert.deepEqual(ids(await store.query({ state: ['Suspended', 'Terminated'] })), ['q-4', 'q-3']);
  assert.deepEqual(await store.query({ state: [] }), []);
  assert.deepEqual(ids(await store.query({ caseDefinitionId: 'review_case', state: 'Active', limit: 1 })), ['q-5']);
});

test('queries', 'by case file fields: strict equality of top-level values', async ({ store }) => {
  await queryFixture(store);
  assert.deepEqual(ids(await store.query({ caseFile: { region: 'north' } })), ['q-4', 'q-3', 'q-1']);
  assert.deepEqual(ids(await store.query({ caseFile: { risk: 3 } })), ['q-5', 'q-1']);
  assert.deepEqual(ids(await store.query({ caseFile: { risk: 3.5 } })), ['q-4']);
  assert.deepEqual(ids(await store.query({ caseFile: { urgent: true } })), ['q-3', 'q-1'], 'true is not 1 nor "true"');
  assert.deepEqual(ids(await store.query({ caseFile: { urgent: false } })), ['q-2']);
  assert.deepEqual(ids(await store.query({ caseFile: { urgent: 1 } })), ['q-4']);
  assert.deepEqual(ids(await store.query({ caseFile: { owner: null } })), ['q-1'], 'null matches a null value, not a missing field');
  assert.deepEqual(ids(await store.query({ caseFile: { code: '3' } })), ['q-1'], '"3" is not 3');
  assert.deepEqual(ids(await store.query({ caseFile: { code: 3 } })), ['q-4']);
  assert.deepEqual(ids(await store.query({ caseFile: { region: '{"a":1}' } })), ['q-5'], 'a string is not an object');
  assert.deepEqual(await store.query({ caseFile: { other: '{"a":1}' } }), []);
  assert.deepEqual(await store.query({ caseFile: { list: 'north' } }), [], 'an array holding the value is not the value');
  assert.deepEqual(await store.query({ caseFile: { missing: 'x' } }), []);
  assert.deepEqual(ids(await store.query({ caseFile: { region: 'north', risk: 1 } })), ['q-3']);
  assert.deepEqual(ids(await store.query({ caseFile: { region: 'north' }, state: 'Active' })), ['q-1']);
  assert.deepEqual(ids(await store.query({ caseFile: { region: 'north' }, limit: 1 })), ['q-4']);
});

async function nestedFixture(store: CaseStore) {
  const s = new States();
  const files: Record<string, Record<string, JsonValue>> = {
    'n-1': { claim: { policy: 'P-1', amount: 500, meta: { region: 'north' } }, name: 'Ann', items: [{ sku: 'a' }] },
    'n-2': { claim: { policy: 'P-2', amount: 1500.5 }, name: 'bob' },
    'n-3': { claim: { policy: 'P-1', amount: '2000' }, name: 'Émile' },
    'n-4': { claim: 'P-1', name: 'Zoë' },
    'n-5': { claim: { policy: null }, 'odd "key"': { 'x\\y': 1, "it's": true } },
    'n-6': { claim: { policy: { id: 'P-1' } }, name: '😀' },
  };
  let at = T0;
  for (const [id, caseFile] of Object.entries(files)) {
    const created = s.create(id, { at: (at += 1000), caseFile });
    await store.save(created.state, null, created.transitions);
  }
}

test('queries', 'case file paths and operators: eq, ne, lt, lte, gt, gte, in, exists; strict types', async ({ store }) => {
  await nestedFixture(store);
  const q = async (caseFile: Record<string, unknown>) => ids(await store.query({ caseFile } as Parameters<CaseStore['query']>[0]));
  assert.deepEqual(await q({ 'claim.policy': 'P-1' }), ['n-3', 'n-1']);
  assert.deepEqual(await q({ 'claim.policy': { eq: 'P-1' } }), ['n-3', 'n-1']);
  assert.deepEqual(await q({ 'claim.policy': { ne: 'P-1' } }), ['n-6', 'n-5', 'n-2'], 'ne: present and different (null and objects included)');
  assert.deepEqual(await q({ 'claim.policy': null }), ['n-5']);
  assert.deepEqual(await q({ 'claim.policy': { exists: true } }), ['n-6', 'n-5', 'n-3', 'n-2', 'n-1']);
  assert.deepEqual(await q({ 'claim.policy': { exists: false } }), ['n-4'], 'a path through a string finds nothing');
  assert.deepEqual(await q({ 'claim.amount': { gte: 500, lt: 1500.5 } }), ['n-1']);
  assert.deepEqual(await q({ 'claim.amount': { gt: 500 } }), ['n-2'], 'a string is not compared with a number');
  assert.deepEqual(await q({ 'claim.amount': { lte: 1500.5 } }), ['n-2', 'n-1']);
  assert.deepEqual(await q({ 'claim.amount': { gte: '1' } }), ['n-3'], 'strings with strings');
  assert.deepEqual(await q({ name: { gte: 'a' } }), ['n-6', 'n-3', 'n-2'], 'by code point: Z < a < b < É < 😀');
  assert.deepEqual(await q({ name: { lt: 'B' } }), ['n-1']);
  assert.deepEqual(await q({ name: { gt: '\uffff' } }), ['n-6'], 'code points above U+FFFF sort after U+FFFF');
  assert.deepEqual(await q({ 'claim.policy': { in: ['P-2', null] } }), ['n-5', 'n-2']);
  assert.deepEqual(await q({ 'claim.policy': { in: [] } }), []);
  assert.deepEqual(await q({ 'claim.meta.region': 'north' }), ['n-1']);
  assert.deepEqual(await q({ 'claim.policy.id': 'P-1' }), ['n-6']);
  assert.deepEqual(await q({ 'items.0.sku': { exists: true } }), [], 'paths do not go into arrays');
  assert.deepEqual(await q({ 'odd "key".x\\y': 1 }), ['n-5'], 'member names with quotes and backslashes');
  assert.deepEqual(await q({ "odd \"key\".it's": true }), ['n-5']);
  assert.deepEqual(await q({ 'odd "key".x\\y': { exists: false }, 'claim.policy': { exists: true } }), ['n-6', 'n-3', 'n-2', 'n-1']);
  assert.deepEqual(await q({ 'claim.policy': 'P-1', name: { ne: 'Ann' } }), ['n-3']);
  assert.deepEqual(ids(await store.query({ caseFile: { 'claim.policy': 'P-1' }, state: 'Active', limit: 1 })), ['n-3']);
});

test('queries', 'a malformed filter is InvalidQuery, never an empty result', async ({ store }) => {
  await nestedFixture(store);
  const bad: unknown[] = [
    { caseFile: { a: { between: [1, 2] } } },
    { caseFile: { a: {} } },
    { caseFile: { a: [1] } },
    { caseFile: { a: { eq: { x: 1 } } } },
    { caseFile: { a: { b: 1 } } },
    { caseFile: { 'a..b': 1 } },
    { caseFile: { '': 1 } },
    { caseFile: { '.a': 1 } },
    { caseFile: { a: { lt: true } } },
    { caseFile: { a: { gte: null } } },
    { caseFile: { a: { in: 'x' } } },
    { caseFile: { a: { in: [{}] } } },
    { caseFile: { a: { exists: 'yes' } } },
    { caseFile: { a: Number.NaN } },
    { caseFile: { a: Number.POSITIVE_INFINITY } },
    { caseFile: { a: undefined } },
    { caseFile: 'a' },
    { sate: 'Active' },
    { state: 'Running' },
    { state: ['Active', 3] },
    { caseDefinitionId: 7 },
    { limit: -1 },
    { limit: 1.5 },
    { limit: '10' },
    { after: 'garbage' },
    { after: 'h.W10' },
    { planItem: { id: 'x', state: 'Done' } },
    { planItem: { state: 'Active' } },
    { planItem: { id: 'x', name: 'y' } },
    { planItem: 'pi_review' },
  ];
  for (const filter of bad) {
    await rejectsWithCode(store.query(filter as Parameters<CaseStore['query']>[0]), 'InvalidQuery', `query(${JSON.stringify(filter)})`);
    await rejectsWithCode(store.queryPage(filter as Parameters<CaseStore['query']>[0]), 'InvalidQuery', `queryPage(${JSON.stringify(filter)})`);
  }
  await rejectsWithCode(store.queryPage({ limit: 10_001 }), 'InvalidQuery');
  for (const filter of [{ from: 'yesterday' }, { caseId: '' }, { user: 3 }, { seq: 1 }, { limit: -2 }, { after: 'c.W10' }]) {
    await rejectsWithCode(store.historyQuery(filter as Parameters<CaseStore['historyQuery']>[0]), 'InvalidQuery', `historyQuery(${JSON.stringify(filter)})`);
  }
  for (const filter of [{ status: 'running' }, { caseId: 42 }, { owner: 'x' }, { after: 'e.!!' }]) {
    await rejectsWithCode(store.effects(filter as Parameters<CaseStore['effects']>[0]), 'InvalidQuery', `effects(${JSON.stringify(filter)})`);
  }
});

test('queries', 'cases with a plan item in a state', async ({ store }) => {
  const s = new States();
  const p1 = s.create('p-1', { at: T0 + 1000 });
  await store.save(p1.state, null, p1.transitions);
  const p2 = s.create('p-2', { at: T0 + 2000 });
  await store.save(p2.state, null, p2.transitions);
  const p2r = s.item(p2.state, 'complete', 'Review');
  await store.save(p2r.state, 1, p2r.transitions);
  const p3 = s.create('p-3', { at: T0 + 3000 });
  await store.save(p3.state, null, p3.transitions);
  const p3r = s.item(p3.state, 'complete', 'Review');
  await store.save(p3r.state, 1, p3r.transitions);
  const p3a = s.item(p3r.state, 'complete', 'Approve');
  await store.save(p3a.state, 2, p3a.transitions);
  const q = async (planItem: unknown) => ids(await store.query({ planItem } as Parameters<CaseStore['query']>[0]));
  assert.deepEqual(await q({ id: 'pi_review', state: 'Active' }), ['p-1']);
  assert.deepEqual(await q({ id: 'pi_review', state: 'Completed' }), ['p-3', 'p-2']);
  assert.deepEqual(await q({ id: 'pi_approve', state: 'Active' }), ['p-2']);
  assert.deepEqual(await q({ id: 'pi_approve', state: ['Active', 'Completed'] }), ['p-3', 'p-2']);
  assert.deepEqual(await q({ id: 'pi_approve' }), ['p-3', 'p-2', 'p-1'], 'any state');
  assert.deepEqual(await q([{ id: 'pi_review', state: 'Completed' }, { id: 'pi_approve', state: 'Completed' }]), ['p-3']);
  assert.deepEqual(await q({ id: 'pi_nothing' }), []);
  assert.deepEqual(await q({ id: 'pi_review', state: [] }), []);
  assert.deepEqual(ids(await store.query({ planItem: { id: 'pi_review', state: 'Completed' }, limit: 1 })), ['p-3']);
  // Terminating the case moves its items too.
  const ended = s.apply(p1.state, { type: 'case', transition: 'terminate' }, T0 + 4000);
  await store.save(ended.state, 1, ended.transitions);
  assert.deepEqual(await q({ id: 'pi_review', state: 'Active' }), []);
});

test('queries', 'pages: a cursor continues a stable order, without repeats or gaps', async ({ store }) => {
  const s = new States();
  // Equal update times: the order falls back on the id.
  for (const [i, id] of ['k-b', 'k-a', 'k-d', 'k-c', 'k-\u00e9', 'k-😀', 'k-\uffff', 'k-e'].entries()) {
    const created = s.create(id, { at: T0 + (i < 4 ? 0 : 5000) });
    await store.save(created.state, null, created.transitions);
  }
  const all = ids(await store.query());
  assert.deepEqual(all, ['k-e', 'k-\u00e9', 'k-\uffff', 'k-😀', 'k-a', 'k-b', 'k-c', 'k-d'], 'ties by id, in code point order');
  for (const limit of [1, 3, 8, 100]) {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await store.queryPage({ limit, ...(after === undefined ? {} : { after }) });
      seen.push(...ids(page.items));
      after = page.next;
      assert.ok(++pages <= 9);
    } while (after !== undefined);
    assert.deepEqual(seen, all, `pages of ${limit}`);
  }
  const first = await store.queryPage({ limit: 2, state: 'Active' });
  assert.deepEqual(ids(first.items), ['k-e', 'k-\u00e9']);
  assert.deepEqual(ids((await store.queryPage({ limit: 2, state: 'Active', after: first.next! })).items), ['k-\uffff', 'k-😀']);
  assert.deepEqual((await store.queryPage({ limit: 0 })).items, []);
  assert.equal((await store.queryPage()).next, undefined, 'a page holding the rest has no next');
});

test('queries', 'history across cases: by user, time, item, transition and case; paginated', async ({ store }) => {
  const s = new States();
  const a = s.create('h-a', { at: T0 });
  await store.save(a.state, null, a.transitions);
  const b = s.create('h-b', { at: T0 });
  await store.save(b.state, null, b.transitions);
  const aReviewed = s.item(a.state, 'complete', 'Review', T0 + 1000, 'ann');
  await store.save(aReviewed.state, 1, aReviewed.transitions);
  const bReviewed = s.item(b.state, 'complete', 'Review', T0 + 2000, 'bob');
  await store.save(bReviewed.state, 1, bReviewed.transitions);
  const aApproved = s.item(aReviewed.state, 'complete', 'Approve', T0 + 3000, 'bob');
  await store.save(aApproved.state, 2, aApproved.transitions);
  const everything = plain([...a.transitions, ...b.transitions, ...aReviewed.transitions, ...bReviewed.transitions, ...aApproved.transitions]).sort(
    (x, y) => x.at - y.at || (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : 0) || x.seq - y.seq,
  );
  same((await store.historyQuery()).items, everything);
  same((await store.historyQuery({ user: 'ann' })).items, plain(aReviewed.transitions).filter((r) => r.user === 'ann'));
  assert.ok((await store.historyQuery({ user: 'ann' })).items.length > 0);
  same((await store.historyQuery({ user: 'bob' })).items, everything.filter((r) => r.user === 'bob'));
  same((await store.historyQuery({ from: T0 + 1000, to: T0 + 3000 })).items, everything.filter((r) => r.at >= T0 + 1000 && r.at < T0 + 3000));
  same((await store.historyQuery({ itemId: 'pi_review', transition: 'complete' })).items, everything.filter((r) => r.itemId === 'pi_review' && r.transition === 'complete'));
  assert.equal((await store.historyQuery({ itemId: 'pi_review', transition: 'complete' })).items.length, 2);
  same((await store.historyQuery({ caseId: 'h-b' as CaseInstanceId })).items, everything.filter((r) => r.caseId === 'h-b'));
  same((await store.historyQuery({ caseId: 'nobody' as CaseInstanceId })).items, []);
  const seen: TransitionRecord[] = [];
  let after: string | undefined;
  do {
    const page = await store.historyQuery({ limit: 3, ...(after === undefined ? {} : { after }) });
    assert.ok(page.items.length <= 3);
    seen.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  same(seen, everything);
  // The per-case history is unchanged.
  same(await store.history(a.state.id), plain([...a.transitions, ...aReviewed.transitions, ...aApproved.transitions]));
});

/** The `queries` tests. */
export const QUERIES_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
