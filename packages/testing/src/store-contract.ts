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
import {
  compileCase,
  createCase,
  createEngine,
  parseCmmn,
  resolveInstance,
  step,
  VirtualClock,
  type CaseEngine,
  type CaseInstanceState,
  type CaseStore,
  type CompiledCase,
  type Command,
  type JsonValue,
  type TransitionRecord,
} from '@casekit/core';

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
    return { now, newId: () => `i${++this.#ids}`, maxTransitions: 1000 };
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

  item(state: CaseInstanceState, transition: 'complete' | 'occur', ref: string, at?: number) {
    return this.apply(state, { type: 'planItem', transition, instance: resolveInstance(this.compiled, state, ref, transition) }, at);
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

function engineOn(store: CaseStore, options: { at?: number; owner?: string } = {}): { engine: CaseEngine; clock: VirtualClock } {
  const clock = new VirtualClock(options.at ?? T0);
  let n = 0;
  const prefix = options.owner ?? 'e';
  return { engine: createEngine({ store, clock, idGenerator: () => `${prefix}-${++n}`, owner: options.owner, maxRetries: 50 }), clock };
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

/** Every test of the contract, in order. */
export const CASE_STORE_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
