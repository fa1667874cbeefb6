/**
 * A worker process of the multi-process tests (bundled to plain JavaScript by harness.ts, then
 * started with child_process.fork). Its configuration comes as JSON in argv[2]; it reports over
 * the IPC channel.
 */
import { createEngine, type CaseStore } from '@casekit/core';
import { openPostgresStore } from '@casekit/store-postgres';
import { openSqliteStore } from '@casekit/store-sqlite';
import { CRASH_T0, crashEngine, crashScript, crashStep, RACE_MODEL_XML, raceCommands, type RaceCommand } from './scripts.js';
import { drain, payHandler, paymentEngine, PAYMENT_MODEL_XML, startAndApprove, type PayBehaviour } from './outbox-scripts.js';

/** Where the worker's store is. */
export type StoreConfig = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** What a worker does. */
export type WorkerConfig =
  | {
      readonly mode: 'race';
      readonly store: StoreConfig;
      readonly worker: number;
      readonly cases: readonly string[];
      readonly seed: number;
      readonly leaseMs: number;
      /** Give up waiting for timers at this time (ms, system clock). */
      readonly deadline: number;
    }
  | {
      readonly mode: 'claim-and-die';
      readonly store: StoreConfig;
      /** Claim timers due at or before this time… */
      readonly until: number;
      /** …holding them until then (ms, system clock). */
      readonly leaseUntil: number;
      readonly limit: number;
    }
  | { readonly mode: 'crash'; readonly store: StoreConfig; readonly cases: number; readonly from: number; readonly idPrefix: string }
  | {
      readonly mode: 'outbox';
      readonly store: StoreConfig;
      readonly worker: number;
      /** Cases this worker starts and approves (empty: it only drains). */
      readonly cases: readonly string[];
      /** Every case of the test: drained until all are paid. */
      readonly all: readonly string[];
      readonly behaviour: PayBehaviour;
      readonly log: string;
      readonly leaseMs: number;
      readonly deadline: number;
    };

/** One outcome of a race command, as reported to the parent. */
export interface RaceOutcome {
  readonly caseId: string;
  readonly label: string;
  readonly worker: number;
  readonly outcome: 'applied' | 'illegal';
  readonly seqs: readonly number[];
}

/** Messages to the parent. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'race-done'; readonly outcomes: readonly RaceOutcome[]; readonly fired: number; readonly conflicts: number }
  | { readonly type: 'claimed'; readonly timers: readonly { caseId: string; instance: number; leaseUntil: number }[] }
  | { readonly type: 'committed'; readonly index: number }
  | { readonly type: 'crash-done' }
  | { readonly type: 'owed'; readonly effectId: string }
  | { readonly type: 'outbox-done'; readonly performed: number };

async function openStore(config: StoreConfig): Promise<CaseStore> {
  return config.kind === 'sqlite' ? openSqliteStore(config.file, { busyTimeoutMs: 30_000 }) : openPostgresStore(config.url, { schema: config.schema, max: 4 });
}

/** Resolves when the parent says go (all workers ready: they start together). */
function go(): Promise<void> {
  return new Promise((resolve) => {
    const listener = (message: unknown): void => {
      if ((message as { type?: string }).type !== 'go') return;
      process.off('message', listener);
      resolve();
    };
    process.on('message', listener);
  });
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

/** A small deterministic PRNG (mulberry32), so that a failing race can be replayed by seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function race(config: Extract<WorkerConfig, { mode: 'race' }>): Promise<void> {
  const store = await openStore(config.store);
  const user = { id: `w${config.worker}` };
  const engine = createEngine({ store, owner: `worker-${config.worker}-${process.pid}`, maxRetries: 200, timerLeaseMs: config.leaseMs, authorization: 'none' });
  let conflicts = 0;
  const save = store.save.bind(store);
  store.save = async (...args) => {
    try {
      return await save(...args);
    } catch (error) {
      if ((error as { code?: string }).code === 'ConcurrencyConflict') conflicts++;
      throw error;
    }
  };
  await engine.publish(RACE_MODEL_XML, { key: 'race' });
  await send({ type: 'ready' });
  await go();
  const next = random(config.seed);
  const outcomes: RaceOutcome[] = [];
  let fired = 0;
  let n = 0;
  const run = (caseId: string, command: RaceCommand) => {
    switch (command.kind) {
      case 'set':
        return engine.setCaseFile(caseId, command.values, { user });
      case 'complete':
        return engine.complete(caseId, command.ref, { user });
      case 'occur':
        return engine.occur(caseId, command.ref, { user });
    }
  };
  // All workers walk the cases in nearly the same order (shuffled only within windows of 4), so
  // that they collide on the same case all the time.
  const order: string[] = [];
  for (let i = 0; i < config.cases.length; i += 4) order.push(...shuffle(config.cases.slice(i, i + 4), next));
  for (const caseId of order) {
    for (const command of raceCommands(config.worker)) {
      try {
        const result = await run(caseId, command);
        outcomes.push({ caseId, label: command.label, worker: config.worker, outcome: 'applied', seqs: result.transitions.map((t) => t.seq) });
      } catch (error) {
        if ((error as { code?: string }).code !== 'IllegalTransition') throw error;
        outcomes.push({ caseId, label: command.label, worker: config.worker, outcome: 'illegal', seqs: [] });
      }
      if (++n % 25 === 0) fired += await engine.fireDueTimers();
    }
  }
  // Keep firing until no timer is left (the dead worker's claims expire meanwhile).
  while (Date.now() < config.deadline) {
    fired += await engine.fireDueTimers();
    if ((await store.dueTimers(Number.MAX_SAFE_INTEGER)).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await send({ type: 'race-done', outcomes, fired, conflicts });
  await store.close?.();
}

async function claimAndDie(config: Extract<WorkerConfig, { mode: 'claim-and-die' }>): Promise<void> {
  const store = await openStore(config.store);
  await send({ type: 'ready' });
  await go();
  const now = Date.now();
  const claimed = await store.claimDueTimers({ until: config.until, now, owner: `doomed-${process.pid}`, leaseMs: config.leaseUntil - now, limit: config.limit });
  await send({ type: 'claimed', timers: claimed.map((t) => ({ caseId: t.caseId, instance: t.instance, leaseUntil: t.leaseUntil })) });
  // Dies holding the claims: no release, no clean-up.
  process.kill(process.pid, 'SIGKILL');
}

async function crash(config: Extract<WorkerConfig, { mode: 'crash' }>): Promise<void> {
  const store = await openStore(config.store);
  const { engine, clock } = crashEngine(store, config.idPrefix);
  await engine.publish(RACE_MODEL_XML, { key: 'race' });
  await send({ type: 'ready' });
  await go();
  const script = crashScript(config.cases);
  for (let i = config.from; i < script.length; i++) {
    clock.set(CRASH_T0 + i * 1000);
    await crashStep(engine, script[i]!);
    process.send!({ type: 'committed', index: i } satisfies WorkerMessage);
  }
  await send({ type: 'crash-done' });
  await store.close?.();
}

async function outbox(config: Extract<WorkerConfig, { mode: 'outbox' }>): Promise<void> {
  const store = await openStore(config.store);
  const handler = payHandler(config.log, config.behaviour, (effectId) => process.send!({ type: 'owed', effectId } satisfies WorkerMessage));
  const engine = paymentEngine(store, `outbox-${config.worker}-${process.pid}`, handler, config.leaseMs);
  await engine.publish(PAYMENT_MODEL_XML, { key: 'payment' });
  await send({ type: 'ready' });
  await go();
  await startAndApprove(engine, config.cases, () => undefined);
  const performed = config.behaviour === 'pay' ? await drain(engine, store, config.all, config.deadline) : 0;
  await send({ type: 'outbox-done', performed });
  if (config.behaviour !== 'pay') await new Promise(() => undefined); // waits to be killed
  await store.close?.();
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as WorkerConfig;
  if (config.mode === 'race') await race(config);
  else if (config.mode === 'claim-and-die') await claimAndDie(config);
  else if (config.mode === 'outbox') await outbox(config);
  else await crash(config);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
