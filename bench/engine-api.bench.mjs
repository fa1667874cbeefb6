#!/usr/bin/env node
/**
 * The engine at the layer users call (`createEngine()` and its commands), side by side in one
 * process:
 *
 *  (d) per `complete` on a 10-task sequence (task i+1 waits for task i's complete), alone and with
 *      1,000 idle plan items (each with an entry sentry on another idle item), on the memory store
 *      and on SQLite (WAL, synchronous=FULL); goal: ratio 1,010 / 10 items ≤ 1.5 on each store;
 *  (e) `startCase`, per plan item created (cases of 10 and of 1,010 items);
 *  (f) the outbox: per command that owes an effect (a task whose handler runs after the commit,
 *      written to the outbox in the command's save and settled by the save of its result) against
 *      a command that owes none, on each store (PostgreSQL when CASEKIT_PG_URL names a server).
 *
 * Usage: node --expose-gc engine-api.bench.mjs [--json] [--rounds N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, MemoryCaseStore, VirtualClock } from '@casekit/core';
import { openSqliteStore } from '@casekit/store-sqlite';
import { openPostgresStore } from '@casekit/store-postgres';
import { describeMachine } from './lib/machine.mjs';
import { median, quantile } from './lib/stats.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 7;
const gc = globalThis.gc ?? (() => {});

/** A 10-task sequence, plus `idle` plan items that never start (each waits on another idle item). */
function sequenceWithIdle(idle) {
  const items = [];
  const sentries = [];
  for (let i = 1; i <= 10; i++) {
    const entry = i === 1 ? '' : `<entryCriterion id="ec_${i}" sentryRef="s_${i}"/>`;
    items.push(`<planItem id="pi_${i}" name="Task ${i}" definitionRef="t_${i}">${entry}</planItem>`);
    if (i > 1) sentries.push(`<sentry id="s_${i}"><planItemOnPart id="op_${i}" sourceRef="pi_${i - 1}"><standardEvent>complete</standardEvent></planItemOnPart></sentry>`);
  }
  for (let j = 0; j < idle; j++) {
    items.push(`<planItem id="idle_${j}" name="Idle ${j}" definitionRef="t_idle"><entryCriterion id="iec_${j}" sentryRef="is_${j}"/></planItem>`);
    sentries.push(`<sentry id="is_${j}"><planItemOnPart id="iop_${j}" sourceRef="idle_${(j + 1) % idle}"><standardEvent>complete</standardEvent></planItemOnPart></sentry>`);
  }
  const definitions = Array.from({ length: 10 }, (_, i) => `<humanTask id="t_${i + 1}" name="Task ${i + 1}"/>`).join('');
  return `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="seq_idle_${idle}" targetNamespace="https://casekit.dev/bench">
  <case id="sequence"><casePlanModel id="plan" name="Sequence" autoComplete="true">${items.join('')}${sentries.join('')}${definitions}<humanTask id="t_idle" name="Idle"/></casePlanModel></case>
</definitions>`;
}

/** Approve, then a task that owes its handler's work (or a human task that owes nothing). */
function owingModel(owes) {
  const second = owes ? '<task id="t_b" name="B"/>' : '<humanTask id="t_b" name="B" isBlocking="false"/>';
  return `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="owing_${owes}" targetNamespace="https://casekit.dev/bench">
  <case id="owing"><casePlanModel id="plan" name="Owing">
    <planItem id="pi_a" name="A" definitionRef="t_a"/>
    <planItem id="pi_b" name="B" definitionRef="t_b"><entryCriterion id="ec_b" sentryRef="s_b"/></planItem>
    <planItem id="pi_c" name="C" definitionRef="t_c"/>
    <sentry id="s_b"><planItemOnPart id="op_b" sourceRef="pi_a"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
    <humanTask id="t_a" name="A"/>${second}<humanTask id="t_c" name="C"/>
  </casePlanModel></case>
</definitions>`;
}

const stores = [
  { name: 'memory', open: async () => ({ store: new MemoryCaseStore(), close: async () => {} }) },
  {
    name: 'SQLite (WAL, synchronous=FULL)',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'casekit-bench-'));
      const store = await openSqliteStore(join(dir, 'cases.db'));
      return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
];
if (process.env.CASEKIT_PG_URL) {
  stores.push({
    name: 'PostgreSQL',
    open: async () => {
      const schema = `bench_${process.pid}_${Date.now()}`;
      const store = await openPostgresStore(process.env.CASEKIT_PG_URL, { schema });
      return { store, close: async () => store.close() };
    },
  });
}

async function engineOn(store, xml, handlers = {}) {
  const engine = createEngine({ store, clock: new VirtualClock(), authorization: 'none', handlers });
  await engine.deploy(xml, { key: 'bench' });
  return engine;
}

/** (d) µs per `complete` through the engine; (e) µs per created plan item in startCase. */
async function perCommand(storeSpec, idle, cases) {
  const { store, close } = await storeSpec.open();
  try {
    const engine = await engineOn(store, sequenceWithIdle(idle));
    const completes = [];
    const starts = [];
    for (let c = 0; c < cases; c++) {
      if (c % 5 === 0) gc();
      let t = process.hrtime.bigint();
      const { id } = await engine.startCase();
      starts.push(Number(process.hrtime.bigint() - t) / 1000);
      for (let i = 1; i <= 10; i++) {
        t = process.hrtime.bigint();
        await engine.complete(id, `Task ${i}`);
        completes.push(Number(process.hrtime.bigint() - t) / 1000);
      }
    }
    // The first cases warm the JIT: dropped.
    const warm = Math.floor(cases / 5);
    const c = completes.slice(warm * 10);
    const s = starts.slice(warm);
    return { store: storeSpec.name, planItems: 10 + idle, completeMedianMicros: median(c), completeP90Micros: quantile(c, 0.9), startMedianMicros: median(s), startPerItemMicros: median(s) / (10 + idle + 1) };
  } finally {
    await close();
  }
}

/** (f) µs per command that owes an effect vs one that owes none. */
async function outboxCost(storeSpec, cases) {
  const out = {};
  for (const owes of [false, true]) {
    const { store, close } = await storeSpec.open();
    try {
      const engine = await engineOn(store, owingModel(owes), { B: () => ({ done: true }) });
      const samples = [];
      for (let c = 0; c < cases; c++) {
        const { id } = await engine.startCase();
        const t = process.hrtime.bigint();
        await engine.complete(id, 'A');
        samples.push(Number(process.hrtime.bigint() - t) / 1000);
      }
      out[owes ? 'owing' : 'none'] = median(samples.slice(Math.floor(cases / 5)));
    } finally {
      await close();
    }
  }
  return { store: storeSpec.name, noEffectMicros: out.none, withEffectMicros: out.owing, ratio: out.owing / out.none };
}

const commandRows = [];
for (const storeSpec of stores) {
  const cases = storeSpec.name === 'memory' ? 300 : 60;
  const runs = { small: [], large: [] };
  for (let r = 0; r < Math.max(1, Math.min(ROUNDS, 3)); r++) {
    runs.small.push(await perCommand(storeSpec, 0, cases));
    runs.large.push(await perCommand(storeSpec, 1000, Math.max(20, cases / 3)));
  }
  const pick = (list) => list.sort((a, b) => a.completeMedianMicros - b.completeMedianMicros)[Math.floor(list.length / 2)];
  const small = pick(runs.small);
  const large = pick(runs.large);
  commandRows.push({ store: storeSpec.name, small, large, ratio: large.completeMedianMicros / small.completeMedianMicros });
}
const outboxRows = [];
for (const storeSpec of stores) outboxRows.push(await outboxCost(storeSpec, storeSpec.name === 'memory' ? 500 : 150));

const result = { machine: describeMachine(), commands: commandRows, outbox: outboxRows };
if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (n, d = 0) => n.toFixed(d);
  console.log(`## The engine API (${result.machine.cpu}, ${result.machine.logicalCpus} CPUs, Node ${result.machine.node}, load ${result.machine.loadAverage1m})\n`);
  console.log('| (d) per `complete`, 10-task sequence | 10 items: median µs | 1,010 items: median µs | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const row of commandRows) console.log(`| ${row.store} | ${f(row.small.completeMedianMicros)} | ${f(row.large.completeMedianMicros)} | ${f(row.ratio, 2)} |`);
  console.log('\n| (e) `startCase` | 11 items: median µs | 1,011 items: median µs | per item (1,011) µs |');
  console.log('|---|---:|---:|---:|');
  for (const row of commandRows) console.log(`| ${row.store} | ${f(row.small.startMedianMicros)} | ${f(row.large.startMedianMicros)} | ${f(row.large.startPerItemMicros, 1)} |`);
  console.log('\n| (f) a command owing an effect (outbox) | without µs | with µs | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const row of outboxRows) console.log(`| ${row.store} | ${f(row.noEffectMicros)} | ${f(row.withEffectMicros)} | ${f(row.ratio, 2)} |`);
}
