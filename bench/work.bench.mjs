#!/usr/bin/env node
/**
 * Work-list benchmark (docs/work.md, docs/benchmarks.md "Work lists"): the latency (p50, p99) of
 * `store.tasks(query)` on SQLite and PostgreSQL with 100,000 cases of 10 open human tasks each
 * (1,000,000 index rows).
 *
 * The task index is filled directly, in the rows `save` writes (the same `workIndexChanges` rows,
 * `accessKeys` and `dueKeyOf` as the stores use), because starting 100,000 cases through the engine
 * would measure the engine's start rate, not the work list (storage.bench.mjs measures that). The
 * queries go through the stores' public `tasks()`.
 *
 *   node work.bench.mjs [--cases 100000] [--samples 200] [--stores sqlite,postgres] [--json]
 *
 * PostgreSQL: CASEKIT_PG_URL (a server you may create schemas on); without it the PostgreSQL rows
 * are skipped with a note.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.mjs';
import { median, quantile } from './lib/stats.mjs';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    cases: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '200' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    json: { type: 'boolean', default: false },
  },
});

const { openSqliteStore } = await import('@casekit/store-sqlite');
const { openPostgresStore } = await import('@casekit/store-postgres');
const { accessKeys, dueKeyOf } = await import('@casekit/core/internals');

const log = (line) => (args.json ? undefined : console.log(line));
const T0 = Date.parse('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const TASKS_PER_CASE = 10;
const TEAMS = 20;
const USERS = 200;
const PRIORITIES = [30, 50, 70, 90];

/** Task k of case i: 20 teams as candidate groups, 30% assigned among 200 users, due over 60 days (20% undated), 4 priorities. */
function workItem(i, k) {
  const n = i * TASKS_PER_CASE + k;
  const hash = (n * 2654435761) >>> 0;
  const assigned = hash % 10 < 3;
  const dated = (hash >>> 4) % 10 >= 2;
  const caseId = `c-${String(i).padStart(7, '0')}`;
  return {
    caseId,
    instanceId: `${caseId}-t${k}`,
    itemId: `pi_${k}`,
    itemName: `Task ${k}`,
    caseDefinitionId: 'claim',
    modelKey: 'claims',
    state: 'Active',
    ...(assigned ? { assignee: `u${(hash >>> 8) % USERS}` } : {}),
    candidates: { users: [], groups: [`team-${i % TEAMS}`] },
    caseOwner: `owner-${i % 50}`,
    ...(dated ? { dueAt: T0 + ((hash >>> 12) % (60 * 24)) * 3_600_000 } : {}),
    priority: PRIORITIES[(hash >>> 20) % 4],
    createdAt: T0,
  };
}

function* rows(count) {
  for (let i = 0; i < count; i++) for (let k = 0; k < TASKS_PER_CASE; k++) yield workItem(i, k);
}

async function fillSqlite(store, count) {
  const db = store.database;
  const insert = db.prepare(
    'INSERT INTO casekit_tasks (case_id, instance_id, item_id, case_definition_id, model_key, state, assignee, due_key, priority, access, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.exec('BEGIN');
  const key = db.prepare('INSERT INTO casekit_task_access (key, case_id, instance_id) VALUES (?, ?, ?)');
  for (const item of rows(count)) {
    for (const k of accessKeys(item)) key.run(k, item.caseId, item.instanceId);
    insert.run(item.caseId, item.instanceId, item.itemId, item.caseDefinitionId, item.modelKey, item.state, item.assignee ?? null, dueKeyOf(item), item.priority, JSON.stringify(accessKeys(item)), JSON.stringify(item));
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
}

async function fillPostgres(store, schema, count) {
  const batch = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.pool.query(
      `INSERT INTO "${schema}".casekit_tasks (case_id, instance_id, item_id, case_definition_id, model_key, state, assignee, due_key, priority, access, item)
       SELECT r ->> 'caseId', r ->> 'instanceId', r ->> 'itemId', r ->> 'caseDefinitionId', r ->> 'modelKey', r ->> 'state', r ->> 'assignee',
         (w ->> 'dueKey')::bigint, (r ->> 'priority')::integer, ARRAY(SELECT json_array_elements_text(w -> 'access')), r
       FROM json_array_elements($1::json) AS w, LATERAL (SELECT w -> 'item' AS r) AS x`,
      [JSON.stringify(batch)],
    );
    batch.length = 0;
  };
  for (const item of rows(count)) {
    batch.push({ item, dueKey: dueKeyOf(item), access: accessKeys(item) });
    if (batch.length === 10_000) await flush();
  }
  await flush();
  await store.pool.query(`VACUUM ANALYZE "${schema}".casekit_tasks`);
}

/** p50 and p99 (ms) of `samples` calls after 20 warm-up calls, and the rows of the last. */
async function time(samples, fn) {
  for (let i = 0; i < 20; i++) await fn(i);
  const times = [];
  let rowsSeen = 0;
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const page = await fn(i);
    times.push(performance.now() - t);
    rowsSeen = page.items.length;
  }
  return { p50: median(times), p99: quantile(times, 0.99), rows: rowsSeen };
}

async function measure(name, store, count, samples) {
  const first = await store.tasks({ limit: 50 });
  const user = (i) => `u${(i * 37) % USERS}`;
  const team = (i) => `team-${(i * 7) % TEAMS}`;
  const queries = {
    'all open tasks, first page of 50': () => store.tasks({ limit: 50 }),
    'page 2 (cursor)': () => store.tasks({ limit: 50, after: first.next }),
    'candidate: a user and their team, 50': (i) => store.tasks({ candidate: { user: user(i), groups: [team(i)] }, limit: 50 }),
    'candidate: a user in a group without tasks (none)': (i) => store.tasks({ candidate: { user: user(i), groups: ['nobody'] }, limit: 50 }),
    'assignee: a user, 50': (i) => store.tasks({ assignee: user(i), limit: 50 }),
    'visible to a user and their team, 50': (i) => store.tasks({ visibleTo: { user: user(i), groups: [team(i)] }, limit: 50 }),
    'due before day 2 (late), 50': () => store.tasks({ dueBefore: T0 + DAY, limit: 50 }),
    'candidate, due before day 2, priority ≥ 70, 50': (i) => store.tasks({ candidate: { user: user(i), groups: [team(i)] }, dueBefore: T0 + DAY, priority: { gte: 70 }, limit: 50 }),
  };
  const result = { store: name, cases: count, tasks: count * TASKS_PER_CASE, queries: {} };
  for (const [label, fn] of Object.entries(queries)) {
    result.queries[label] = await time(samples, fn);
    const r = result.queries[label];
    log(`${name.padEnd(10)} ${label.padEnd(48)} p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  (${r.rows} rows)`);
  }
  return result;
}

const count = Number(args.cases);
const samples = Number(args.samples);
const wanted = args.stores.split(',');
const machine = describeMachine();
log(`work-list benchmark · ${count} cases × ${TASKS_PER_CASE} open tasks · ${machine.cpu} ×${machine.logicalCpus} · Node ${machine.node} · load ${machine.loadAverage1m}`);
const results = { machine, results: [], notes: [] };
const work = mkdtempSync(join(tmpdir(), 'casekit-work-bench-'));
try {
  if (wanted.includes('sqlite')) {
    const store = await openSqliteStore(join(work, 'work.db'), { synchronous: 'NORMAL' });
    try {
      const t = performance.now();
      await fillSqlite(store, count);
      log(`SQLite     filled ${count * TASKS_PER_CASE} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      results.results.push(await measure('SQLite', store, count, samples));
    } finally {
      await store.close();
    }
  }
  if (wanted.includes('postgres')) {
    if (process.env.CASEKIT_PG_URL === undefined) results.notes.push('PostgreSQL skipped: set CASEKIT_PG_URL');
    else {
      const schema = `casekit_bench_work_${process.pid}`;
      const store = await openPostgresStore(process.env.CASEKIT_PG_URL, { schema });
      try {
        const t = performance.now();
        await fillPostgres(store, schema, count);
        log(`PostgreSQL filled ${count * TASKS_PER_CASE} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        results.results.push(await measure('PostgreSQL', store, count, samples));
      } finally {
        await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
        await store.close();
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const note of results.notes) log(note);
if (args.json) console.log(JSON.stringify(results, null, 2));
