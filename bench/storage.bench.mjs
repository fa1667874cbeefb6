#!/usr/bin/env node
/**
 * Storage benchmark, through the public engine API (`createEngine({ store })`), side by side:
 *  - durable commands per second on SQLite and on PostgreSQL with 1, 2 and 4 processes, each
 *    process awaiting 1 command at a time or driving 32 cases concurrently (group commit);
 *  - the cost of loading a big case (100 plan items, 1,000 history entries) from the in-memory
 *    store, SQLite and PostgreSQL;
 *  - 100,000 stored cases in SQLite and PostgreSQL: start rate, load time of one case, p50/p99 of
 *    queries by state, by plan item state, by case file value (equality and range) and of history
 *    by user.
 * See docs/benchmarks.md (Storage).
 *
 *   node storage.bench.mjs [--seconds 5] [--processes 1,2,4] [--concurrency 1,32] [--stores sqlite,sqlite-normal,postgres]
 *                          [--loads 200] [--cases 100000] [--sections throughput,load,scale] [--json]
 *
 * PostgreSQL: CASEKIT_PG_URL (any server you may create schemas on), else a throwaway cluster of
 * the local PostgreSQL binaries with the server's default durability (fsync on, synchronous
 * commit), started and removed here; without either, the PostgreSQL rows are skipped with a note.
 *
 * A "command" is one engine command that commits: load the case, run the step, save state, history
 * and timers in one transaction, and return after the commit. Every process drives its own cases
 * (start, then 6 commands each: tasks completed, an event raised, the case file written), so the
 * figures measure the store, not conflicts; the 4-process race test measures correctness under
 * contention. With `--concurrency 32`, a process runs 32 such case loops at once, each awaiting
 * its own commands: the SQLite store commits the saves that arrive together in one transaction
 * (one disk sync), and every command still resolves only after its commit.
 */
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.mjs';
import { median, quantile } from './lib/stats.mjs';

const self = fileURLToPath(import.meta.url);
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '5' },
    processes: { type: 'string', default: '1,2,4' },
    concurrency: { type: 'string', default: '1,32' },
    cases: { type: 'string', default: '100000' },
    sections: { type: 'string', default: 'throughput,load,scale' },
    stores: { type: 'string', default: 'sqlite,sqlite-normal,postgres' },
    loads: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    worker: { type: 'string' },
  },
});

const { createEngine, MemoryCaseStore, VirtualClock } = await import('@casekit/core');
const { openSqliteStore } = await import('@casekit/store-sqlite');
const { openPostgresStore } = await import('@casekit/store-postgres');

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="bench_defs" targetNamespace="http://casekit.dev/bench">
  <case id="bench" name="Bench">
    <casePlanModel id="plan" name="Bench">
      <planItem id="pi_a" name="Task A" definitionRef="t_a"/>
      <planItem id="pi_b" name="Task B" definitionRef="t_b"/>
      <planItem id="pi_c" name="Task C" definitionRef="t_c"><entryCriterion id="ec_c" sentryRef="s_ab"/></planItem>
      <planItem id="pi_flag" name="Flag" definitionRef="uel_flag"/>
      <planItem id="pi_handle" name="Handle flag" definitionRef="t_handle"><entryCriterion id="ec_h" sentryRef="s_flag"/></planItem>
      <planItem id="pi_tick" name="Follow-up" definitionRef="tel_tick"/>
      <planItem id="pi_wrap" name="Wrap up" definitionRef="t_wrap"/>
      <sentry id="s_ab">
        <planItemOnPart id="op_a" sourceRef="pi_a"><standardEvent>complete</standardEvent></planItemOnPart>
        <planItemOnPart id="op_b" sourceRef="pi_b"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <sentry id="s_flag"><planItemOnPart id="op_flag" sourceRef="pi_flag"><standardEvent>occur</standardEvent></planItemOnPart></sentry>
      <humanTask id="t_a" name="Task A"/><humanTask id="t_b" name="Task B"/><humanTask id="t_c" name="Task C"/>
      <humanTask id="t_handle" name="Handle flag"/><humanTask id="t_wrap" name="Wrap up"/>
      <userEventListener id="uel_flag" name="Flag"/>
      <timerEventListener id="tel_tick" name="Follow-up"><timerExpression>P30D</timerExpression></timerEventListener>
    </casePlanModel>
  </case>
</definitions>`;

/** A model of `n` human tasks, for the big case. */
function wideModel(n) {
  const items = Array.from({ length: n }, (_, i) => `<planItem id="pi_${i}" name="Task ${i}" definitionRef="t_${i}"/>`).join('\n      ');
  const tasks = Array.from({ length: n }, (_, i) => `<humanTask id="t_${i}" name="Task ${i}"/>`).join('\n      ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="wide_defs" targetNamespace="http://casekit.dev/bench">
  <case id="wide" name="Wide">
    <casePlanModel id="plan" name="Wide">
      ${items}
      ${tasks}
    </casePlanModel>
  </case>
</definitions>`;
}

async function openStore(spec) {
  if (spec.kind === 'sqlite') return openSqliteStore(spec.file, { synchronous: spec.synchronous, busyTimeoutMs: 60_000, indexCaseFileFields: spec.indexCaseFileFields });
  if (spec.kind === 'postgres') return openPostgresStore(spec.url, { schema: spec.schema, max: spec.max ?? 2, indexCaseFileFields: spec.indexCaseFileFields });
  return new MemoryCaseStore();
}

// ---- a worker process: drive its own cases for a while ------------------------------------------
if (args.worker !== undefined) {
  const { spec, index, seconds, concurrency } = JSON.parse(args.worker);
  const store = await openStore(spec);
  const engine = createEngine({ store, authorization: 'none' });
  await engine.publish(MODEL, { key: 'bench' });
  const user = { id: `p${index}` };
  const script = [
    (id) => engine.complete(id, 'Task A', { user }),
    (id) => engine.occur(id, 'Flag', { user }),
    (id) => engine.setCaseFile(id, { note: `written by ${user.id}`, score: 3 }, { user }),
    (id) => engine.complete(id, 'Task B', { user }),
    (id) => engine.complete(id, 'Handle flag', { user }),
    (id) => engine.complete(id, 'Task C', { user }),
  ];
  // Forked by the parent: wait for its go. Run alone (for a CPU profile, see docs/benchmarks.md): start at once.
  const standalone = process.send === undefined;
  if (!standalone) {
    process.send({ type: 'ready' });
    await new Promise((resolve) => process.once('message', resolve));
  }
  const latencies = [];
  let commands = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const cpuBefore = process.cpuUsage();
  const loop = async () => {
    while (performance.now() < end) {
      const id = `p${index}-${process.pid}-${++n}`;
      let t = performance.now();
      await engine.startCase({ caseId: id, modelKey: 'bench', caseFile: { patient: { id, age: 70 + (n % 20) } }, user });
      latencies.push(performance.now() - t);
      commands++;
      for (const command of script) {
        t = performance.now();
        await command(id);
        latencies.push(performance.now() - t);
        commands++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (standalone) console.log(JSON.stringify({ commands, perSecond: commands / seconds, perCpuSecond: commands / cpuSeconds }));
  // Wait until the message is handed over: process.exit() would drop a message still queued.
  else await new Promise((resolve) => process.send({ type: 'done', commands, latencies, cpuSeconds }, resolve));
  await store.close?.();
  process.exit(0);
}

// ---- the parent ---------------------------------------------------------------------------------
const log = (...parts) => console.error(...parts);
const seconds = Number(args.seconds);
const processCounts = args.processes.split(',').map(Number);
const concurrencies = args.concurrency.split(',').map(Number);
const sections = new Set(args.sections.split(',').map((s) => s.trim()));
const wanted = args.stores.split(',').map((s) => s.trim());
const work = mkdtempSync(join(tmpdir(), 'casekit-bench-'));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CASEKIT_PG_URL, or a throwaway cluster with default durability; undefined when neither. */
async function postgres() {
  if (process.env.CASEKIT_PG_URL) return { url: process.env.CASEKIT_PG_URL, note: 'CASEKIT_PG_URL', stop: () => {} };
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => b - a)[0] : undefined;
  if (version === undefined) return undefined;
  const bin = join(base, version, 'bin');
  const dir = join(work, 'pg');
  execFileSync('mkdir', ['-p', dir]);
  chmodSync(work, 0o755);
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (cmd, argv) => {
    const quoted = [cmd, ...argv].map((a) => `'${a}'`).join(' ');
    const r = root ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { encoding: 'utf8' }) : spawnSync(cmd, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    note: `throwaway PostgreSQL ${version} cluster, default settings (fsync on, synchronous_commit on)`,
    stop: () => run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']),
  };
}

async function throughput(spec, processes, concurrency) {
  const children = Array.from({ length: processes }, (_, index) =>
    fork(self, ['--worker', JSON.stringify({ spec, index, seconds, concurrency })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const message = (child, type) => new Promise((resolve, reject) => {
    child.on('message', (m) => m.type === type && resolve(m));
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before sending "${type}"`)));
  });
  await Promise.all(children.map((c) => message(c, 'ready')));
  const started = performance.now();
  const done = children.map((c) => message(c, 'done'));
  for (const c of children) c.send('go');
  const results = await Promise.all(done);
  const elapsed = (performance.now() - started) / 1000;
  const latencies = results.flatMap((r) => r.latencies);
  const commands = results.reduce((n, r) => n + r.commands, 0);
  // CPU seconds the workers got: on a machine shared with other work, commands per CPU second
  // says what the code costs, whatever share of the CPUs it was given.
  const cpuSeconds = results.reduce((n, r) => n + r.cpuSeconds, 0);
  return {
    processes,
    concurrency,
    commands,
    seconds: elapsed,
    perSecond: commands / elapsed,
    cpuSeconds,
    perCpuSecond: commands / cpuSeconds,
    p50: median(latencies),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
  };
}

async function bigCaseLoad(spec, loads) {
  const store = await openStore(spec);
  try {
    const engine = createEngine({ store, clock: new VirtualClock('2026-01-01T00:00:00Z'), authorization: 'none' });
    await engine.publish(wideModel(100), { key: 'wide' });
    const { id } = await engine.startCase({ caseId: 'big', modelKey: 'wide', caseFile: { patient: { id: 'P-1', age: 71 } } });
    let history = (await store.history(id)).length;
    let k = 0;
    while (history < 1000) {
      const { transitions } = await engine.setCaseFile(id, { [`field${k % 25}`]: k });
      history += transitions.length;
      k++;
    }
    const stored = await store.load(id);
    const bytes = Buffer.byteLength(JSON.stringify(stored.state));
    const historyBytes = Buffer.byteLength(JSON.stringify(await store.history(id)));
    const time = async (fn) => {
      for (let i = 0; i < 10; i++) await fn();
      const samples = [];
      for (let i = 0; i < loads; i++) {
        const t = performance.now();
        await fn();
        samples.push(performance.now() - t);
      }
      return { median: median(samples), p95: quantile(samples, 0.95) };
    };
    const fresh = createEngine({ store, authorization: 'none' });
    return {
      items: stored.state.count - 1,
      history: (await store.history(id)).length,
      stateBytes: bytes,
      historyBytes,
      load: await time(() => store.load(id)),
      getCase: await time(() => fresh.getCase(id)),
      history1000: await time(() => store.history(id)),
    };
  } finally {
    await store.close?.();
  }
}

/** Runs `count` async jobs, `concurrency` at a time. */
async function pool(count, concurrency, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

/** Times `samples` calls of `fn(i)` after 20 warm-up calls: p50 and p99 in ms, and the rows of the last call. */
async function timeQuery(samples, fn) {
  for (let i = 0; i < 20; i++) await fn(i);
  const times = [];
  let rows = 0;
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const result = await fn(i);
    times.push(performance.now() - t);
    rows = result.items?.length ?? result.length ?? 0;
  }
  return { p50: median(times), p99: quantile(times, 0.99), rows };
}

/** 100,000 cases (or --cases) in one store: start rate, loads, queries. */
async function scale(name, spec, count) {
  const store = await openStore(spec);
  try {
    const engine = createEngine({ store, authorization: 'none' });
    await engine.publish(MODEL, { key: 'bench' });
    const regions = ['north', 'south', 'east', 'west'];
    const id = (i) => `s-${String(i).padStart(7, '0')}`;
    let t = performance.now();
    await pool(count, 64, (i) =>
      engine.startCase({ caseId: id(i), modelKey: 'bench', caseFile: { patient: { id: `P-${i}`, age: 18 + (i % 80) }, region: regions[i % 4] }, user: { id: `u${i % 50}` } }),
    );
    const startSeconds = (performance.now() - t) / 1000;
    const tenth = Math.floor(count / 10);
    t = performance.now();
    await pool(tenth, 64, (k) => engine.complete(id(k * 10), 'Task A', { user: { id: `u${k % 50}` } }));
    const completeSeconds = (performance.now() - t) / 1000;
    // What autovacuum does after bulk writes, done now: statistics for the planner, the GIN index's
    // pending list merged (until then every containment query scans it), the visibility map set.
    if (spec.kind === 'postgres') for (const t of ['casekit_cases', 'casekit_items', 'casekit_history']) await store.pool.query(`VACUUM ANALYZE "${spec.schema}".${t}`);
    const random = (i) => id((i * 7919 + 13) % count);
    const fresh = createEngine({ store, authorization: 'none' });
    await fresh.publish(MODEL, { key: 'bench' });
    const samples = Math.max(50, Math.min(500, Number(args.loads)));
    const result = {
      store: name,
      cases: count,
      startPerSecond: count / startSeconds,
      completePerSecond: tenth / completeSeconds,
      load: await timeQuery(samples, (i) => store.load(random(i))),
      getCase: await timeQuery(samples, (i) => fresh.getCase(random(i))),
      queries: {
        'state = Active, first page of 50': await timeQuery(samples, () => store.queryPage({ state: 'Active', limit: 50 })),
        'state = Active, page 2 (cursor)': await (async () => {
          const first = await store.queryPage({ state: 'Active', limit: 50 });
          return timeQuery(samples, () => store.queryPage({ state: 'Active', limit: 50, after: first.next }));
        })(),
        'Task A Completed (plan item state), 50': await timeQuery(samples, () => store.queryPage({ planItem: { id: 'pi_a', state: 'Completed' }, limit: 50 })),
        "caseFile 'patient.id' = value (1 match)": await timeQuery(samples, (i) => store.queryPage({ caseFile: { 'patient.id': `P-${(i * 7919 + 13) % count}` } })),
        "caseFile 'patient.age' ≥ 95, 50": await timeQuery(samples, () => store.queryPage({ caseFile: { 'patient.age': { gte: 95 } }, limit: 50 })),
        "caseFile region = 'north' and Active, 50": await timeQuery(samples, () => store.queryPage({ caseFile: { region: 'north' }, state: 'Active', limit: 50 })),
        'history of a user, 50': await timeQuery(samples, (i) => store.historyQuery({ user: `u${i % 50}`, limit: 50 })),
      },
    };
    log(
      `${name.padEnd(10)} ${count} cases: start ${result.startPerSecond.toFixed(0)}/s, complete ${result.completePerSecond.toFixed(0)}/s, ` +
        `load p50 ${result.load.p50.toFixed(3)} ms p99 ${result.load.p99.toFixed(3)} ms, getCase p50 ${result.getCase.p50.toFixed(3)} ms`,
    );
    for (const [query, r] of Object.entries(result.queries)) log(`${''.padEnd(10)} ${query.padEnd(44)} p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  (${r.rows} rows)`);
    return result;
  } finally {
    await store.close?.();
  }
}

const machine = describeMachine();
log(`storage benchmark · ${seconds} s per configuration · ${machine.cpu} ×${machine.logicalCpus} · Node ${machine.node} · load ${machine.loadAverage1m}`);
const results = { machine, seconds, throughput: [], load: [], scale: [], notes: [] };
const pg = wanted.includes('postgres') ? await postgres() : undefined;
if (wanted.includes('postgres') && pg === undefined) results.notes.push('PostgreSQL skipped: no CASEKIT_PG_URL and no local PostgreSQL binaries');
if (pg !== undefined) results.notes.push(`PostgreSQL: ${pg.note}`);

try {
  const stores = [];
  if (wanted.includes('sqlite')) stores.push({ name: 'SQLite (synchronous=FULL, default)', spec: (p) => ({ kind: 'sqlite', file: join(work, `t-full-${p}.db`), synchronous: 'FULL' }) });
  if (wanted.includes('sqlite-normal')) stores.push({ name: 'SQLite (synchronous=NORMAL)', spec: (p) => ({ kind: 'sqlite', file: join(work, `t-normal-${p}.db`), synchronous: 'NORMAL' }) });
  if (pg !== undefined) stores.push({ name: 'PostgreSQL', spec: (p, c) => ({ kind: 'postgres', url: pg.url, schema: `casekit_bench_t${p}_${process.pid}`, max: c > 1 ? 8 : 2 }) });
  for (const store of sections.has('throughput') ? stores : []) {
    for (const c of concurrencies) {
      for (const p of processCounts) {
        const r = await throughput(store.spec(`${p}-${c}`, c), p, c);
        log(
          `${store.name.padEnd(36)} ${p} process${p === 1 ? ' ' : 'es'} × ${String(c).padStart(2)} in flight  ${r.perSecond.toFixed(0).padStart(6)} commands/s  ` +
            `(${r.perCpuSecond.toFixed(0)} per CPU second; p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.commands} commands)`,
        );
        results.throughput.push({ store: store.name, ...r });
      }
    }
  }
  if (sections.has('scale')) {
    const count = Number(args.cases);
    if (wanted.some((s) => s.startsWith('sqlite'))) {
      results.scale.push(await scale('SQLite', { kind: 'sqlite', file: join(work, 'scale.db'), synchronous: 'FULL', indexCaseFileFields: ['patient.id', 'patient.age'] }, count));
    }
    if (pg !== undefined) {
      results.scale.push(await scale('PostgreSQL', { kind: 'postgres', url: pg.url, schema: `casekit_bench_scale_${process.pid}`, max: 8, indexCaseFileFields: ['patient.age', 'region'] }, count));
    }
  }
  const loadStores = sections.has('load') ? [{ name: 'memory', spec: { kind: 'memory' } }] : [];
  if (sections.has('load') && wanted.some((s) => s.startsWith('sqlite'))) loadStores.push({ name: 'SQLite', spec: { kind: 'sqlite', file: join(work, 'big.db'), synchronous: 'NORMAL' } });
  if (sections.has('load') && pg !== undefined) loadStores.push({ name: 'PostgreSQL', spec: { kind: 'postgres', url: pg.url, schema: `casekit_bench_big_${process.pid}` } });
  for (const { name, spec } of loadStores) {
    const r = await bigCaseLoad(spec, Number(args.loads));
    log(
      `big case on ${name.padEnd(10)} ${r.items} items, ${r.history} history entries, state ${(r.stateBytes / 1024).toFixed(1)} KiB: ` +
        `load ${r.load.median.toFixed(3)} ms, getCase ${r.getCase.median.toFixed(3)} ms, history ${r.history1000.median.toFixed(3)} ms (medians)`,
    );
    results.load.push({ store: name, ...r });
  }
  if (pg !== undefined) {
    const { default: pgDriver } = await import('pg');
    const admin = new pgDriver.Pool({ connectionString: pg.url, max: 1 });
    for (const { rows } of [await admin.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'casekit_bench_%'")]) {
      for (const { nspname } of rows) await admin.query(`DROP SCHEMA "${nspname}" CASCADE`);
    }
    await admin.end();
  }
} finally {
  pg?.stop();
  rmSync(work, { recursive: true, force: true });
}
for (const note of results.notes) log(`note: ${note}`);
if (args.json) console.log(JSON.stringify(results, null, 2));
