/**
 * The contract every `CaseStore` passes — the in-memory store, SQLite, PostgreSQL, and yours.
 *
 * The tests are plain async functions asserting with `node:assert`, so the suite runs under any
 * test framework: {@link describeCaseStore} registers them with the `describe` and `it` you pass
 * (vitest's, jest's, `node:test`'s), and {@link CASE_STORE_CONTRACT} lists them for any other
 * use. Each test gets a fresh, empty store from your factory; tests about several processes open
 * a second handle on the same storage through `reopen`.
 */
import assert from 'node:assert/strict';
import { createEngine, createMemoryBlobStore, parseCmmn, VirtualClock, type CaseEngine, type CaseInstanceId, type CaseInstanceState, type OutboxEffect, type CaseStore, type CompiledCase, type Command, type JsonValue, type TransitionRecord } from '@casekit/core';
import { AUTHORIZATION_OFF, compileCase, createCase, resolveInstance, step } from '@casekit/core/internals';
import { WORK_CONTRACT } from './store-contract-work.js';

/** A fresh store for one test. */
export interface CaseStoreFixture {
  readonly store: CaseStore;
  /**
   * Opens another handle on the same storage, as a second process would (a new connection or
   * pool). Default: the same store object. The suite closes the handles it opened.
   */
  readonly reopen?: () => CaseStore | Promise<CaseStore>;
  /** Called after the test (drop the schema, delete the file…), after the handles are closed. */
  readonly dispose?: () => void | Promise<void>;
}

/** Makes a fresh, empty store for each test. */
export type CaseStoreFactory = () => CaseStoreFixture | Promise<CaseStoreFixture>;

/** What a contract test receives. */
export interface ContractContext {
  readonly store: CaseStore;
  /** Another handle on the same storage (see {@link CaseStoreFixture.reopen}). */
  second(): Promise<CaseStore>;
}

/** One test of the contract. */
export interface ContractTest {
  /** `cases`, `history`, `queries`, `timers`, `models` or `engine`. */
  readonly group: string;
  readonly name: string;
  run(context: ContractContext): Promise<void>;
}

/** The `describe` / `it` of a test framework. */
export interface TestFunctions {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
}

/**
 * Registers the whole contract for a store, one `it` per test, grouped by concern.
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { describeCaseStore } from '@casekit/testing';
 * describeCaseStore('memory', () => ({ store: new MemoryCaseStore() }), { describe, it });
 */
export function describeCaseStore(name: string, factory: CaseStoreFactory, test: TestFunctions): void {
  test.describe(`CaseStore contract: ${name}`, () => {
    for (const group of [...new Set(CASE_STORE_CONTRACT.map((t) => t.group))]) {
      test.describe(group, () => {
        for (const contract of CASE_STORE_CONTRACT.filter((t) => t.group === group)) {
          test.it(contract.name, () => runContractTest(contract, factory), 30_000);
        }
      });
    }
  });
}

/** Runs one contract test on a fresh fixture, then closes what it opened. */
export async function runContractTest(contract: ContractTest, factory: CaseStoreFactory): Promise<void> {
  const fixture = await factory();
  const opened: CaseStore[] = [];
  const context: ContractContext = {
    store: fixture.store,
    async second() {
      const handle = fixture.reopen === undefined ? fixture.store : await fixture.reopen();
      if (handle !== fixture.store) opened.push(handle);
      return handle;
    },
  };
  try {
    await contract.run(context);
  } finally {
    for (const handle of opened) await handle.close?.();
    await fixture.store.close?.();
    await fixture.dispose?.();
  }
}

// ------------------------------------------------------------------------------------------------
// The model the tests run, in two versions
// ------------------------------------------------------------------------------------------------

const T0 = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;

function contractModel(version: 1 | 2): string {
  const audit =
    version === 2
      ? `<planItem id="pi_audit" name="Audit" definitionRef="t_audit"/>
      <humanTask id="t_audit" name="Audit"/>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="contract_defs" targetNamespace="http://casekit.dev/store-contract">
  <case id="review_case" name="Review">
    <casePlanModel id="plan" name="Review">
      <planItem id="pi_review" name="Review" definitionRef="t_review"/>
      <planItem id="pi_approve" name="Approve" definitionRef="t_approve">
        <entryCriterion id="ec_approve" sentryRef="s_reviewed"/>
      </planItem>
      <planItem id="pi_escalate" name="Escalate" definitionRef="uel_escalate"/>
      <planItem id="pi_reminder" name="Reminder" definitionRef="tel_reminder"/>
      <planItem id="pi_deadline" name="Deadline" definitionRef="tel_deadline"/>
      <planItem id="pi_follow" name="Follow up" definitionRef="t_follow">
        <entryCriterion id="ec_follow" sentryRef="s_reminded"/>
      </planItem>
      ${audit}
      <sentry id="s_reviewed"><planItemOnPart id="op_reviewed" sourceRef="pi_review"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
      <sentry id="s_reminded"><planItemOnPart id="op_reminded" sourceRef="pi_reminder"><standardEvent>occur</standardEvent></planItemOnPart></sentry>
      <humanTask id="t_review" name="Review"/>
      <humanTask id="t_approve" name="Approve"/>
      <humanTask id="t_follow" name="Follow up"/>
      <userEventListener id="uel_escalate" name="Escalate"/>
      <timerEventListener id="tel_reminder" name="Reminder"><timerExpression>PT1H</timerExpression></timerEventListener>
      <timerEventListener id="tel_deadline" name="Deadline"><timerExpression>P1D</timerExpression></timerEventListener>
    </casePlanModel>
  </case>
</definitions>
`;
}

/** The contract model's XML (version 1, or 2 which adds an `Audit` task). */
export const CONTRACT_MODEL_XML: Readonly<Record<1 | 2, string>> = Object.freeze({ 1: contractModel(1), 2: contractModel(2) });

/** Builds states with the pure engine functions, without any store. */
class States {
  readonly compiled: CompiledCase;
  #ids = 0;

  constructor() {
    const model = parseCmmn(CONTRACT_MODEL_XML[1]);
    this.compiled = compileCase(model, model.definitions.cases[0]!);
  }

  #context(now: number) {
    return { now, newId: () => `i${++this.#ids}`, maxTransitions: 1000, authorization: AUTHORIZATION_OFF };
  }

  create(id: string, options: { at?: number; caseFile?: Record<string, JsonValue>; modelVersion?: number } = {}) {
    return createCase(
      this.compiled,
      { id: id as CaseInstanceState['id'], modelKey: 'contract', modelVersion: options.modelVersion ?? 1, caseFile: options.caseFile, parentCase: undefined },
      this.#context(options.at ?? T0),
    );
  }

  apply(state: CaseInstanceState, command: Command, at = state.updatedAt + 1000) {
    return step(this.compiled, state, command, this.#context(at));
  }

  item(state: CaseInstanceState, transition: 'complete' | 'occur', ref: string, at?: number, user?: string) {
    const instance = resolveInstance(this.compiled, state, ref, transition, undefined, 0, AUTHORIZATION_OFF);
    return this.apply(state, { type: 'planItem', transition, instance, ...(user === undefined ? {} : { user: { id: user } }) }, at);
  }
}

/** As a store returns it: JSON, without `undefined` fields. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Deep equality of what JSON keeps (a store may drop `undefined` fields). */
function same(actual: unknown, expected: unknown, message?: string): void {
  assert.deepEqual(plain(actual), plain(expected), message);
}

async function rejectsWithConflict(promise: Promise<unknown>, expected: { caseId: string; expectedRevision: number | null; actualRevision: number | null }): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const e = error as { code?: unknown; caseId?: unknown; expectedRevision?: unknown; actualRevision?: unknown };
    assert.equal(e.code, 'ConcurrencyConflict', `expected a ConcurrencyConflict, got ${String(error)}`);
    assert.equal(e.caseId, expected.caseId);
    assert.equal(e.expectedRevision, expected.expectedRevision);
    assert.equal(e.actualRevision, expected.actualRevision);
    return true;
  });
}

/** Asserts that a promise rejects with a casekit error of this code. */
async function rejectsWithCode(promise: Promise<unknown>, code: string, message?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: unknown }).code, code, `${message ?? ''} expected ${code}, got ${String(error)}`);
    assert.ok(error instanceof Error);
    return true;
  });
}

/** An outbox effect for the tests. */
function effect(id: string, caseId: string, createdAt: number, payload: Record<string, JsonValue> = { n: 1 }): OutboxEffect {
  return { id, caseId: caseId as CaseInstanceId, kind: 'invokeTask', payload, createdAt };
}

function engineOn(store: CaseStore, options: { at?: number; owner?: string } = {}): { engine: CaseEngine; clock: VirtualClock } {
  const clock = new VirtualClock(options.at ?? T0);
  let n = 0;
  const prefix = options.owner ?? 'e';
  return { engine: createEngine({ store, clock, idGenerator: () => `${prefix}-${++n}`, owner: options.owner, maxRetries: 50, authorization: 'none' }), clock };
}

// ------------------------------------------------------------------------------------------------
// The tests
// ------------------------------------------------------------------------------------------------

const tests: ContractTest[] = [];
const test = (group: string, name: string, run: (context: ContractContext) => Promise<void>): void => void tests.push({ group, name, run });

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

const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id);

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

// --- models ----------------------------------------------------------------------------------

test('models', 'versions are stored once; the first content of a version stays', async ({ store }) => {
  const v1 = await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[1] });
  assert.equal(v1.key, 'claims');
  assert.equal(v1.version, 1);
  assert.equal(v1.xml, CONTRACT_MODEL_XML[1]);
  assert.equal(typeof v1.deployedAt, 'number');
  assert.deepEqual(await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[1] }), v1);
  assert.deepEqual(await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[2] }), v1, 'another content does not replace it');
  assert.deepEqual(await store.loadModel('claims', 1), v1);
  assert.equal(await store.loadModel('claims', 2), undefined);
  assert.equal(await store.loadModel('other', 1), undefined);
});

test('models', 'the latest version is the highest; keys are independent; other handles see them', async ({ store, second }) => {
  assert.equal(await store.latestModel('claims'), undefined);
  await store.saveModel({ key: 'claims', version: 2, xml: CONTRACT_MODEL_XML[2] });
  await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[1] });
  await store.saveModel({ key: 'intake', version: 1, xml: '<definitions/>' });
  const other = await second();
  assert.equal((await other.latestModel('claims'))?.version, 2);
  assert.equal((await other.latestModel('claims'))?.xml, CONTRACT_MODEL_XML[2]);
  assert.equal((await other.latestModel('intake'))?.version, 1);
  assert.equal((await other.loadModel('claims', 1))?.xml, CONTRACT_MODEL_XML[1]);
});

test('models', 'concurrent saves of one version: one content wins, everyone sees it', async ({ store, second }) => {
  const other = await second();
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other).saveModel({ key: 'k', version: 1, xml: `<definitions id="d${i}"/>` })),
  );
  assert.equal(new Set(results.map((r) => r.xml)).size, 1);
  assert.equal((await store.loadModel('k', 1))?.xml, results[0]!.xml);
});

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

// --- documents -------------------------------------------------------------------------------

test('documents', 'a case with documents (metadata and versions in its case file) survives save and load; content stays out', async ({ store, second }) => {
  const xml = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="docs_defs" targetNamespace="http://casekit.dev/store-contract/documents">
  <caseFileItemDefinition id="def_doc" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument"/>
  <case id="docs_case" name="Documents">
    <caseFileModel><caseFileItem id="cfi_report" name="report" definitionRef="def_doc"/></caseFileModel>
    <casePlanModel id="docs_plan" name="Documents">
      <planItem id="pi_read" name="Read report" definitionRef="t_read"><entryCriterion id="ec_read" sentryRef="s_arrived"/></planItem>
      <sentry id="s_arrived"><caseFileItemOnPart id="op_arrived" sourceRef="cfi_report"><standardEvent>create</standardEvent></caseFileItemOnPart></sentry>
      <humanTask id="t_read" name="Read report"/>
    </casePlanModel>
  </case>
</definitions>`;
  const blobStore = createMemoryBlobStore();
  const on = (s: CaseStore, owner: string) => createEngine({ store: s, clock: new VirtualClock(T0), owner, authorization: 'none', documents: { blobStore } });
  const a = on(store, 'a');
  await a.publish(xml, { key: 'documents' });
  const { id } = await a.startCase();
  const content = (text: string) => ({ name: 'report.pdf', contentType: 'application/pdf', content: new TextEncoder().encode(text) });
  const first = await a.attachDocument(id, 'report', content('SECRET-CONTENT-1'));
  const next = await a.replaceDocument(id, 'report', content('SECRET-CONTENT-22'));
  const b = on(await second(), 'b');
  const loaded = (await (await second()).load(id as CaseInstanceId))!;
  same(loaded.state.caseFile['report'], { ...next.document, previousVersions: [first.document] });
  assert.equal((await b.getCase(id)).items.find((i) => i.name === 'Read report')?.state, 'Active');
  const read = await b.readDocument(id, 'report', { version: 1 });
  let text = '';
  for await (const chunk of read.content) text += new TextDecoder().decode(chunk as Uint8Array);
  assert.equal(text, 'SECRET-CONTENT-1');
  const history = await b.history(id);
  assert.deepEqual(history.filter((r) => r.scope === 'caseFile').map((r) => `${r.itemName}:${r.transition}:${r.command}`), ['report:create:attachDocument', 'report:replace:replaceDocument']);
  assert.ok(!JSON.stringify([loaded.state, history]).includes('SECRET-CONTENT'), 'content never in the state or the history');
  const found = await (await second()).query({ caseFile: { 'report.contentType': 'application/pdf', 'report.version': 2 } });
  assert.deepEqual(found.map((c) => c.id), [id], 'document metadata is queried like any case file value');
});

/** Every test of the contract, in order. */
export const CASE_STORE_CONTRACT: readonly ContractTest[] = Object.freeze([...tests, ...WORK_CONTRACT]);
