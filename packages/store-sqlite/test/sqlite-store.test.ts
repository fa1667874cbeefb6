import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCaseStore } from '@casekit/testing';
import { migrate, openSqliteStore, SqliteCaseStore, SQLITE_MIGRATIONS } from '@casekit/store-sqlite';
import { runCrash, runOutboxCrash, runOutboxRace, runRace } from '../../core/test/store/harness/harness.js';
import { expectDensePlanItemPages, expectSameAnswers, versionOneCases } from '../../core/test/store/harness/version-one.js';

const dir = mkdtempSync(join(tmpdir(), 'casekit-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = (): string => join(dir, `cases-${++n}.db`);

describeCaseStore(
  'sqlite',
  () => {
    const file = freshFile();
    return {
      store: SqliteCaseStore.open(new Database(file)),
      // Another connection to the same file, as another process would open it.
      reopen: () => SqliteCaseStore.open(new Database(file)),
      dispose: () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      },
    };
  },
  { describe, it },
);

// The same contract with the queried case file paths indexed: queries then go through those
// indexes (INDEXED BY) and must return the same rows.
describeCaseStore(
  'sqlite, case file paths indexed',
  () => {
    const file = freshFile();
    const indexCaseFileFields = ['region', 'risk', 'code', 'claim.policy', 'claim.amount', 'name'];
    return {
      store: SqliteCaseStore.open(new Database(file), { indexCaseFileFields }),
      reopen: () => SqliteCaseStore.open(new Database(file), { indexCaseFileFields }),
      dispose: () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      },
    };
  },
  { describe, it },
);

describe('SQLite setup', () => {
  it('opens in WAL mode with a busy timeout, FULL sync by default', async () => {
    const store = await openSqliteStore(join(dir, 'nested', 'folder', 'cases.db'));
    try {
      const db = store.database as unknown as Database.Database;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('migrates on open, once; refuses a schema newer than the package', () => {
    const file = freshFile();
    const db = new Database(file);
    try {
      expect(migrate(db)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
      expect(migrate(db)).toEqual([]);
      SqliteCaseStore.open(db);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'casekit_%' ORDER BY name").pluck().all();
      expect(tables).toEqual(['casekit_cases', 'casekit_history', 'casekit_items', 'casekit_migrations', 'casekit_models', 'casekit_outbox', 'casekit_task_access', 'casekit_tasks', 'casekit_timers']);
      db.prepare("INSERT INTO casekit_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
      expect(() => migrate(db)).toThrow(/version 999, newer than/);
    } finally {
      db.close();
    }
  });

  it('uses its indexes: state and definition queries, timer claims, indexed case file fields', async () => {
    const db = new Database(freshFile());
    const store = SqliteCaseStore.open(db, { indexCaseFileFields: ['region'] });
    try {
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan("SELECT id FROM casekit_cases WHERE state IN ('Active') ORDER BY updated_at DESC")).toMatch(/casekit_cases_state/);
      expect(plan("SELECT id FROM casekit_cases WHERE case_definition_id = 'x' AND state IN ('Active')")).toMatch(/casekit_cases_definition/);
      expect(plan('SELECT case_id FROM casekit_timers WHERE due_at <= 5 ORDER BY due_at, case_id, ord LIMIT 1')).toMatch(/casekit_timers_due/);
      expect(plan(`SELECT id FROM casekit_cases WHERE json_type(data, '$.caseFile."region"') = 'text' AND json_extract(data, '$.caseFile."region"') = 'north'`)).toMatch(/casekit_cf_region/);
      expect(plan(`SELECT id FROM casekit_cases WHERE json_type(data, '$.caseFile."region"') IN ('integer', 'real') AND json_extract(data, '$.caseFile."region"') >= 3`)).toMatch(/casekit_cf_region/);
      expect(store.isIndexed('region')).toBe(true);
      expect(plan("SELECT id FROM casekit_outbox WHERE status = 'pending' AND next_attempt_at <= 5 ORDER BY next_attempt_at, created_at, id LIMIT 1")).toMatch(/casekit_outbox_due/);
      expect(plan("SELECT case_id FROM casekit_items WHERE item_id = 'pi' AND state IN ('Active')")).toMatch(/casekit_items_state/);
      expect(plan("SELECT record FROM casekit_history WHERE user_id = 'ann' ORDER BY at, case_id, seq LIMIT 10")).toMatch(/casekit_history_user/);
      expect(plan('SELECT record FROM casekit_history WHERE at >= 5 ORDER BY at, case_id, seq LIMIT 10')).toMatch(/casekit_history_at/);
    } finally {
      await store.close();
    }
  });

  it('replaces a case file index of the older definition (value only) by the (type, value) one', async () => {
    const file = freshFile();
    const db = new Database(file);
    migrate(db);
    db.exec(`CREATE INDEX "casekit_cf_region" ON casekit_cases (json_extract(data, '$.caseFile."region"'))`);
    const store = SqliteCaseStore.open(db, { indexCaseFileFields: ['region'] });
    try {
      const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'casekit_cf_region'").pluck().get() as string;
      expect(sql).toContain('json_type(');
      expect(() => SqliteCaseStore.open(new Database(file), { indexCaseFileFields: ['bad "name"'] })).toThrow(expect.objectContaining({ code: 'InvalidStoreName' }));
    } finally {
      await store.close();
    }
  });

  it('queries case file fields whose names are not JSON path literals', async () => {
    const { createEngine, VirtualClock } = await import('@casekit/core');
    const { CONTRACT_MODEL_XML } = await import('@casekit/testing');
    const store = SqliteCaseStore.open(new Database(freshFile()));
    try {
      const engine = createEngine({ store, clock: new VirtualClock(), authorization: 'none' });
      engine.deploy(CONTRACT_MODEL_XML[1], { key: 'contract' });
      const a = await engine.startCase({ caseFile: { 'say "hi"': 'yes', "it's": 1 } });
      await engine.startCase({ caseFile: { 'say "hi"': 'no', "it's": 1 } });
      expect((await store.query({ caseFile: { 'say "hi"': 'yes', "it's": 1 } })).map((r) => r.id)).toEqual([a.id]);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite plan item conditions held by many cases', () => {
  it('walk the cases in order and probe each (EXISTS), with the same pages as the memory store', async () => {
    const sqlite = SqliteCaseStore.open(new Database(freshFile()));
    try {
      await expectDensePlanItemPages(sqlite);
    } finally {
      await sqlite.close();
    }
  });
});

describe('SQLite migration 2 on a database written by version 1', () => {
  it('fills the plan item index and the history columns from the stored history', async () => {
    const { memory, cases } = await versionOneCases();
    // A version 1 file: the first migration only, rows as the version 1 store wrote them.
    const file = freshFile();
    const db = new Database(file);
    migrate(db, SQLITE_MIGRATIONS.slice(0, 1));
    for (const { stored, history } of cases) {
      const st = stored.state;
      const id = st.id;
      db.prepare(
        `INSERT INTO casekit_cases (id, revision, case_definition_id, model_key, model_version, state, format_version, created_at, updated_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, stored.revision, st.definition.caseId, st.definition.modelKey, st.definition.modelVersion, st.state, st.formatVersion, st.createdAt, st.updatedAt, JSON.stringify(st));
      for (const r of history) db.prepare('INSERT INTO casekit_history (case_id, seq, at, record) VALUES (?, ?, ?, ?)').run(id, r.seq, r.at, JSON.stringify(r));
    }
    const store = SqliteCaseStore.open(db);
    try {
      await expectSameAnswers(store, memory);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite, many processes', () => {
  it('4 worker processes race on the same 100 cases in one file: every command applied once or refused as illegal, no update lost, timers fire once', async () => {
    const file = freshFile();
    const report = await runRace({ kind: 'sqlite', file }, () => openSqliteStore(file), { workers: 4, cases: 100 });
    console.log(`[sqlite race] ${JSON.stringify(report)}`);
  }, 300_000);

  for (const killAfter of [57, 211]) {
    it(`a worker killed with SIGKILL after ${killAfter} commands leaves exactly its committed steps; a new process resumes`, async () => {
      const file = freshFile();
      const report = await runCrash({ kind: 'sqlite', file }, () => openSqliteStore(file), { killAfter });
      console.log(`[sqlite crash] ${JSON.stringify(report)}`);
    }, 300_000);
  }
});

describe('SQLite, effects across process deaths (the outbox)', () => {
  for (const behaviour of ['hang', 'pay-then-hang'] as const) {
    it(`a process SIGKILLed after its approvals committed and ${behaviour === 'hang' ? 'before its handler ran' : 'after its handler worked, before the result was saved'}: a new process performs every payment`, async () => {
      const file = freshFile();
      const report = await runOutboxCrash({ kind: 'sqlite', file }, () => openSqliteStore(file), { behaviour });
      console.log(`[sqlite outbox crash ${behaviour}] ${JSON.stringify(report)}`);
    }, 300_000);
  }

  it('4 processes share the outbox, one dies holding its payments: every payment is made, none lost', async () => {
    const file = freshFile();
    const report = await runOutboxRace({ kind: 'sqlite', file }, () => openSqliteStore(file));
    console.log(`[sqlite outbox race] ${JSON.stringify(report)}`);
  }, 300_000);
});
