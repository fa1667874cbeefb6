/**
 * The multi-process tests, shared by the SQLite and PostgreSQL packages: worker processes (the
 * worker bundled from source to one plain JavaScript file by esbuild, so no build step and no
 * TypeScript loader is needed) race on the same cases, or are killed with SIGKILL mid-stream; the
 * checks then read the store from a fresh connection.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { createEngine, MemoryCaseStore, type CaseInstanceId, type CaseInstanceState, type CaseStore, type TransitionRecord } from '@casekit/core';
import { allInstances } from '@casekit/core/internals';
import { crashEngine, crashScript, crashStep, CRASH_T0, RACE_ITEM_COMMANDS, RACE_MODEL_XML, RACE_SETS_PER_WORKER } from './scripts.js';
import type { RaceOutcome, StoreConfig, WorkerConfig, WorkerMessage } from './worker.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const src = (pkg: string): string => join(root, 'packages', pkg, 'src', 'index.ts');

interface EsbuildPlugin {
  name: string;
  setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string; external: boolean }): void }): void;
}
interface Esbuild {
  build(options: Record<string, unknown> & { plugins?: EsbuildPlugin[] }): Promise<unknown>;
}

let bundled: Promise<string> | undefined;
let bundledFile: string | undefined;
// The bundle lives as long as the test file that built it.
afterAll(() => {
  if (bundledFile !== undefined) rmSync(bundledFile, { force: true });
});

/** The worker as one ESM file (drivers stay external, loaded from the store packages' folders). */
export function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const fromSqlite = createRequire(join(root, 'packages/store-sqlite/package.json'));
    const fromPostgres = createRequire(join(root, 'packages/store-postgres/package.json'));
    const esbuild = fromSqlite('esbuild') as Esbuild;
    const drivers: Record<string, string> = { 'better-sqlite3': fromSqlite.resolve('better-sqlite3'), pg: fromPostgres.resolve('pg') };
    const outfile = join(tmpdir(), `casekit-store-worker-${process.pid}-${Date.now()}.mjs`);
    bundledFile = outfile;
    await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      alias: {
        '@casekit/core/internals': join(root, 'packages', 'core', 'src', 'internals.ts'),
        '@casekit/core': src('core'),
        '@casekit/rules': src('rules'),
        '@casekit/store-sqlite': src('store-sqlite'),
        '@casekit/store-postgres': src('store-postgres'),
      },
      banner: { js: "import { createRequire as __casekitRequire } from 'node:module'; const require = __casekitRequire(import.meta.url);" },
      plugins: [
        {
          name: 'drivers',
          setup(build) {
            build.onResolve({ filter: /^(better-sqlite3|pg)$/ }, (args) => ({ path: drivers[args.path]!, external: true }));
          },
        },
      ],
    });
    return outfile;
  })();
  return bundled;
}

/** A running worker process. */
export class Worker {
  readonly child: ChildProcess;
  readonly messages: WorkerMessage[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  #waiters: { test: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] = [];
  #stderr = '';

  constructor(file: string, config: WorkerConfig) {
    this.child = fork(file, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    this.child.stderr!.on('data', (chunk: Buffer) => void (this.#stderr += chunk.toString()));
    this.child.on('message', (message: WorkerMessage) => {
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((w) => (w.test(message) ? (w.resolve(message), false) : true));
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal, stderr: this.#stderr })));
  }

  /** The first message (received or to come) that passes `test`; rejects if the worker exits first. */
  next<T extends WorkerMessage['type']>(type: T): Promise<Extract<WorkerMessage, { type: T }>> {
    const test = (m: WorkerMessage): boolean => m.type === type;
    const seen = this.messages.find(test);
    if (seen !== undefined) return Promise.resolve(seen as Extract<WorkerMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ test, resolve: resolve as (m: WorkerMessage) => void });
      void this.exited.then(({ code, signal, stderr }) => reject(new Error(`worker exited (${code ?? signal}) before "${type}":\n${stderr}`)));
    });
  }

  go(): void {
    this.child.send({ type: 'go' });
  }
}

async function loadAll(store: CaseStore, ids: readonly string[]) {
  const out = new Map<string, { state: CaseInstanceState; revision: number; history: readonly TransitionRecord[] }>();
  for (const id of ids) {
    const stored = await store.load(id as CaseInstanceId);
    if (stored === undefined) continue;
    out.set(id, { ...stored, history: await store.history(id as CaseInstanceId) });
  }
  return out;
}

/** History and state agree: contiguous seq up to the state's, each instance's last transition lands in its state. */
export function expectHistoryConsistent(state: CaseInstanceState, history: readonly TransitionRecord[]): void {
  expect(history.length).toBeGreaterThan(0);
  const first = history[0]!.seq;
  expect(history.map((r) => r.seq)).toEqual(history.map((_, i) => first + i));
  expect(history.at(-1)!.seq).toBe(state.seq);
  const last = new Map<string, TransitionRecord>();
  for (const record of history) if (record.scope === 'planItem' && record.instanceId !== undefined) last.set(record.instanceId, record);
  for (const instance of allInstances(state)) {
    if (instance.n === 0) continue;
    expect(last.get(instance.id)?.to, `${state.id}: last transition of ${instance.id}`).toBe(instance.state);
  }
  const caseRecords = history.filter((r) => r.scope === 'case');
  if (caseRecords.length > 0) expect(caseRecords.at(-1)!.to).toBe(state.state);
}

// ------------------------------------------------------------------------------------------------
// The race
// ------------------------------------------------------------------------------------------------

/** What the race measured, for the log. */
export interface RaceReport {
  readonly seconds: number;
  readonly commands: number;
  readonly applied: number;
  readonly illegal: number;
  readonly conflicts: number;
  readonly firedPerWorker: readonly number[];
  readonly doomedClaims: number;
}

/**
 * `workers` processes race to complete tasks, raise events and write the case file on the same
 * `cases` cases, while timers fall due; one more process claims some due timers and dies holding
 * them. Checks exactly-once, consistency and no lost update.
 */
export async function runRace(
  config: StoreConfig,
  open: () => Promise<CaseStore>,
  options: { readonly workers?: number; readonly cases?: number; readonly seed?: number } = {},
): Promise<RaceReport> {
  const workers = options.workers ?? 4;
  const seed = options.seed ?? 20260504;
  const file = await workerBundle();
  const store = await open();
  try {
    const engine = createEngine({ store, owner: 'race-setup' });
    await engine.publish(RACE_MODEL_XML, { key: 'race' });
    const ids = Array.from({ length: options.cases ?? 100 }, (_, i) => `race-${String(i).padStart(3, '0')}`);
    for (const id of ids) await engine.startCase({ caseId: id, modelKey: 'race' });
    const firstDue = Math.min(...(await store.dueTimers(Number.MAX_SAFE_INTEGER)).map((t) => t.dueAt));

    const started = Date.now();
    // The doomed process claims the first 10 timers (due during the race), holding them until
    // 2.5 s after the first falls due, and dies before the racers start: whatever the timing,
    // those timers can only fire once its lease has expired.
    const doomed = new Worker(file, { mode: 'claim-and-die', store: config, until: firstDue + 60_000, leaseUntil: Math.max(firstDue, Date.now()) + 2500, limit: 10 });
    const racers = Array.from(
      { length: workers },
      (_, w) => new Worker(file, { mode: 'race', store: config, worker: w + 1, cases: ids, seed: seed + w, leaseMs: 10_000, deadline: Date.now() + 120_000 }),
    );
    await Promise.all([doomed, ...racers].map((w) => w.next('ready')));
    doomed.go();
    const claimed = await doomed.next('claimed');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(claimed.timers.length).toBe(10);
    for (const w of racers) w.go();
    const results = await Promise.all(racers.map((w) => w.next('race-done')));
    for (const w of racers) expect((await w.exited).code, (await w.exited).stderr).toBe(0);
    const seconds = (Date.now() - started) / 1000;

    // Read everything back through a new connection.
    const check = await open();
    try {
      const cases = await loadAll(check, ids);
      expect(cases.size).toBe(ids.length);
      const outcomes: RaceOutcome[] = results.flatMap((r) => r.outcomes);
      const doomedCases = new Map(claimed.timers.map((t) => [t.caseId, t.leaseUntil]));
      for (const id of ids) {
        const { state, revision, history } = cases.get(id)!;
        const mine = outcomes.filter((o) => o.caseId === id);
        // Every item command applied exactly once, by one worker; the others were refused as illegal.
        for (const command of RACE_ITEM_COMMANDS) {
          const tries = mine.filter((o) => o.label === command.label);
          expect(tries.length).toBe(workers);
          const applied = tries.filter((o) => o.outcome === 'applied');
          expect(applied.length, `${id}: ${command.label}`).toBe(1);
          const ref = command.kind === 'set' ? '' : command.ref;
          const records = history.filter((r) => r.scope === 'planItem' && r.itemName === ref && r.transition === command.kind);
          expect(records.length, `${id}: ${command.label} in history`).toBe(1);
          expect(records[0]!.user).toBe(`w${applied[0]!.worker}`);
          expect(applied[0]!.seqs).toContain(records[0]!.seq);
        }
        // Every worker's own case file writes landed: no update lost.
        const writes = mine.filter((o) => o.label.startsWith('set '));
        expect(writes.length).toBe(workers * RACE_SETS_PER_WORKER);
        expect(writes.every((o) => o.outcome === 'applied')).toBe(true);
        for (let w = 1; w <= workers; w++) for (let k = 0; k < RACE_SETS_PER_WORKER; k++) expect(state.caseFile[`w${w}_${k}`]).toBe(k);
        expect(history.filter((r) => r.scope === 'caseFile' && r.transition === 'create').length).toBe(workers * RACE_SETS_PER_WORKER);
        // The timer fired exactly once — after the lease of a dead claimer, if it held it.
        const ticks = history.filter((r) => r.itemName === 'Tick' && r.transition === 'occur');
        expect(ticks.length, `${id}: Tick fired once`).toBe(1);
        const lease = doomedCases.get(id);
        if (lease !== undefined) expect(ticks[0]!.at).toBeGreaterThanOrEqual(lease);
        // One revision per applied command, plus the start and the timer: nothing lost, nothing doubled.
        const appliedHere = mine.filter((o) => o.outcome === 'applied').length;
        expect(revision).toBe(1 + appliedHere + 1);
        expectHistoryConsistent(state, history);
        expect(state.timers).toEqual([]);
      }
      expect(await check.dueTimers(Number.MAX_SAFE_INTEGER)).toEqual([]);
      const fired = results.map((r) => r.fired);
      expect(fired.reduce((a, b) => a + b, 0)).toBe(ids.length);
      return {
        seconds,
        commands: outcomes.length,
        applied: outcomes.filter((o) => o.outcome === 'applied').length,
        illegal: outcomes.filter((o) => o.outcome === 'illegal').length,
        conflicts: results.reduce((n, r) => n + r.conflicts, 0),
        firedPerWorker: fired,
        doomedClaims: claimed.timers.length,
      };
    } finally {
      await check.close?.();
    }
  } finally {
    await store.close?.();
  }
}

// ------------------------------------------------------------------------------------------------
// The crash
// ------------------------------------------------------------------------------------------------

/** The states the crash script goes through, computed in memory: case → revision → state and history. */
async function replayCrashScript(cases: number) {
  const store = new MemoryCaseStore();
  const { engine, clock } = crashEngine(store, 'i');
  await engine.publish(RACE_MODEL_XML, { key: 'race' });
  const script = crashScript(cases);
  const revisions = new Map<string, { state: CaseInstanceState; history: readonly TransitionRecord[] }[]>();
  const stepRevision: number[] = [];
  for (const [i, step] of script.entries()) {
    clock.set(CRASH_T0 + i * 1000);
    await crashStep(engine, step);
    const stored = (await store.load(step.caseId as CaseInstanceId))!;
    const list = revisions.get(step.caseId) ?? [];
    list[stored.revision] = { state: stored.state, history: await store.history(step.caseId as CaseInstanceId) };
    revisions.set(step.caseId, list);
    stepRevision.push(stored.revision);
  }
  return { script, revisions, stepRevision };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What the crash test saw, for the log. */
export interface CrashReport {
  readonly steps: number;
  readonly acknowledged: number;
  readonly committed: number;
}

/**
 * A worker runs a deterministic script of commands and is killed with SIGKILL after `killAfter`
 * acknowledged steps. The store must then hold exactly a prefix of the script: every case equal
 * (state and history) to its state after its last committed step, the timers table in line. A new
 * worker then resumes the script from there and finishes it.
 */
export async function runCrash(config: StoreConfig, open: () => Promise<CaseStore>, options: { readonly cases?: number; readonly killAfter: number }): Promise<CrashReport> {
  const cases = options.cases ?? 40;
  const file = await workerBundle();
  const replay = await replayCrashScript(cases);
  const { script } = replay;

  const victim = new Worker(file, { mode: 'crash', store: config, cases, from: 0, idPrefix: 'i' });
  await victim.next('ready');
  let acknowledged = 0;
  const killed = new Promise<void>((resolve) => {
    victim.child.on('message', (message: WorkerMessage) => {
      if (message.type !== 'committed') return;
      acknowledged = message.index + 1;
      if (acknowledged === options.killAfter) {
        victim.child.kill('SIGKILL');
        resolve();
      }
    });
  });
  victim.go();
  await Promise.race([
    killed,
    victim.exited.then(({ code, signal, stderr }) => {
      throw new Error(`the worker ended (${code ?? signal}) before ${options.killAfter} steps:\n${stderr}`);
    }),
  ]);
  expect((await victim.exited).signal).toBe('SIGKILL');

  // "Restart": a new connection reads what is stored.
  const store = await open();
  let committed: number;
  try {
    const ids = [...new Set(script.map((s) => s.caseId))];
    const stored = await loadAll(store, ids);
    const done = script.map((step, i) => (stored.get(step.caseId)?.revision ?? 0) >= replay.stepRevision[i]!);
    committed = done.indexOf(false) === -1 ? script.length : done.indexOf(false);
    expect(done.slice(committed).every((d) => !d), 'the committed steps are a prefix of the script').toBe(true);
    expect(committed).toBeGreaterThanOrEqual(acknowledged);
    expect(committed).toBeLessThan(script.length);
    const pending: { caseId: string; instance: number; dueAt: number }[] = [];
    for (const [id, { state, revision, history }] of stored) {
      const expected = replay.revisions.get(id)![revision]!;
      expect(plain(state), `${id} at revision ${revision}`).toEqual(plain(expected.state));
      expect(plain(history), `${id} history at revision ${revision}`).toEqual(plain(expected.history));
      if (state.state === 'Active') for (const t of state.timers) pending.push({ caseId: id, instance: t.instance, dueAt: t.dueAt });
    }
    const timers = await store.dueTimers(Number.MAX_SAFE_INTEGER);
    const key = (t: { caseId: string; instance: number; dueAt: number }): string => `${t.caseId}#${t.instance}@${t.dueAt}`;
    expect(timers.map(key).sort()).toEqual(pending.map(key).sort());
  } finally {
    await store.close?.();
  }

  // A new process resumes the script where the store says it stopped, and finishes it.
  const resumer = new Worker(file, { mode: 'crash', store: config, cases, from: committed, idPrefix: 'r' });
  await resumer.next('ready');
  resumer.go();
  await resumer.next('crash-done');
  expect((await resumer.exited).code).toBe(0);
  const after = await open();
  try {
    for (const [id, list] of replay.revisions) {
      const final = list.at(-1)!;
      const stored = (await after.load(id as CaseInstanceId))!;
      expect(stored.revision).toBe(list.length - 1);
      const states = (s: CaseInstanceState) => [...allInstances(s)].map((i) => `${i.node}:${i.state}`);
      expect(states(stored.state)).toEqual(states(final.state));
      expect(stored.state.caseFile).toEqual(final.state.caseFile);
      const history = await after.history(id as CaseInstanceId);
      expect(history.length).toBe(final.history.length);
      expectHistoryConsistent(stored.state, history);
    }
  } finally {
    await after.close?.();
  }
  return { steps: script.length, acknowledged, committed };
}

/** What an outbox test saw: effects owed, performed (log lines) and performed more than once. */
export interface OutboxReport {
  readonly cases: number;
  readonly performed: number;
  readonly duplicates: number;
}

/** Reads the payment log: effect id → how many times its handler did its work. */
function performedCounts(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  for (const line of text.split('\n')) {
    const id = line.split(' ')[0];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Every case paid (its effect done in the outbox, its task Completed), every effect performed at least once. */
async function expectAllPaid(store: CaseStore, ids: readonly string[], log: string): Promise<OutboxReport> {
  const counts = performedCounts(log);
  let duplicates = 0;
  for (const id of ids) {
    const stored = await store.load(id as CaseInstanceId);
    expect(stored, `case ${id} stored`).toBeDefined();
    const pay = [...allInstances(stored!.state)].filter((i) => i.state === 'Completed').length;
    expect(pay, `case ${id}: Approve and Pay out completed`).toBeGreaterThanOrEqual(2);
    const { items } = await store.effects({ caseId: id as CaseInstanceId });
    expect(items.map((e) => e.status), `case ${id}: its effects are done`).toEqual(items.map(() => 'done'));
    for (const effect of items.filter((e) => e.kind === 'invokeTask')) {
      const times = counts.get(effect.id) ?? 0;
      expect(times, `effect ${effect.id} performed`).toBeGreaterThanOrEqual(1);
      duplicates += times - 1;
    }
  }
  return { cases: ids.length, performed: [...counts.values()].reduce((a, b) => a + b, 0), duplicates };
}

/**
 * A worker approves cases whose approval owes a payment and is killed with SIGKILL once every
 * approval is committed — before its handler did its work (`hang`), or after the work but before
 * its result was saved (`pay-then-hang`). A new process then drains the outbox once the dead
 * worker's leases end: every payment is made; the work redone after a death is visible as a second
 * log line under the same effect id (the idempotency key).
 */
export async function runOutboxCrash(config: StoreConfig, open: () => Promise<CaseStore>, options: { readonly cases?: number; readonly behaviour: 'hang' | 'pay-then-hang' }): Promise<OutboxReport> {
  const cases = options.cases ?? 20;
  const file = await workerBundle();
  const log = join(tmpdir(), `casekit-outbox-${process.pid}-${Date.now()}.log`);
  const ids = Array.from({ length: cases }, (_, i) => `pay-${options.behaviour}-${Date.now()}-${i}`);
  const leaseMs = 1_500;
  try {
    const victim = new Worker(file, { mode: 'outbox', store: config, worker: 0, cases: ids, all: ids, behaviour: options.behaviour, log, leaseMs, deadline: Date.now() + 60_000 });
    await victim.next('ready');
    let owed = 0;
    const allOwed = new Promise<void>((resolve) => {
      victim.child.on('message', (message: WorkerMessage) => {
        if (message.type === 'owed' && ++owed === cases) resolve();
      });
    });
    victim.go();
    await allOwed;
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    expect(performedCounts(log).size).toBe(options.behaviour === 'hang' ? 0 : cases);

    const drainer = new Worker(file, { mode: 'outbox', store: config, worker: 1, cases: [], all: ids, behaviour: 'pay', log, leaseMs, deadline: Date.now() + 90_000 });
    await drainer.next('ready');
    drainer.go();
    await drainer.next('outbox-done');
    await drainer.exited;
    const store = await open();
    try {
      const report = await expectAllPaid(store, ids, log);
      expect(report.duplicates).toBe(options.behaviour === 'hang' ? 0 : cases);
      return report;
    } finally {
      await store.close?.();
    }
  } finally {
    rmSync(log, { force: true });
  }
}

/**
 * Four processes share a store, each approving its own cases with a payment handler, and all of
 * them draining the outbox; one of them holds its payments and is killed. Every payment is made,
 * none is lost.
 */
export async function runOutboxRace(config: StoreConfig, open: () => Promise<CaseStore>, options: { readonly casesPerWorker?: number } = {}): Promise<OutboxReport> {
  const per = options.casesPerWorker ?? 15;
  const file = await workerBundle();
  const log = join(tmpdir(), `casekit-outbox-race-${process.pid}-${Date.now()}.log`);
  const stamp = Date.now();
  const lists = [0, 1, 2, 3].map((w) => Array.from({ length: per }, (_, i) => `race-pay-${stamp}-${w}-${i}`));
  const all = lists.flat();
  const leaseMs = 1_500;
  try {
    const workers = lists.map(
      (cases, w) => new Worker(file, { mode: 'outbox', store: config, worker: w, cases, all, behaviour: w === 3 ? 'hang' : 'pay', log, leaseMs, deadline: Date.now() + 120_000 }),
    );
    await Promise.all(workers.map((w) => w.next('ready')));
    let owedByDoomed = 0;
    const doomedOwes = new Promise<void>((resolve) => {
      workers[3]!.child.on('message', (message: WorkerMessage) => {
        if (message.type === 'owed' && ++owedByDoomed === per) resolve();
      });
    });
    for (const w of workers) w.go();
    await doomedOwes;
    workers[3]!.child.kill('SIGKILL');
    await Promise.all(workers.slice(0, 3).map((w) => w.next('outbox-done')));
    await Promise.all(workers.map((w) => w.exited));
    const store = await open();
    try {
      return await expectAllPaid(store, all, log);
    } finally {
      await store.close?.();
    }
  } finally {
    rmSync(log, { force: true });
  }
}
