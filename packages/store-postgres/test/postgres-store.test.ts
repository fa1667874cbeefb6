import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCaseStore } from '@casekit/testing';
import { migrate, PostgresCaseStore, POSTGRES_MIGRATIONS, quoteIdentifier } from '@casekit/store-postgres';
import { runCrash, runOutboxCrash, runOutboxRace, runRace } from '../../core/test/store/harness/harness.js';
import { expectDensePlanItemPages, expectSameAnswers, versionOneCases } from '../../core/test/store/harness/version-one.js';
import { testServer } from './postgres-server.js';

// A real server: CASEKIT_PG_URL (CI), else a throwaway cluster; no server → this file fails.
const server = await testServer();
const admin = new pg.Pool({ connectionString: server.url, max: 2 });
afterAll(async () => {
  await admin.end();
  await server.stop();
});

let n = 0;
/** A schema of its own for each test: tests never see each other's rows. */
const freshSchema = (prefix: string): string => `casekit_test_${prefix}_${process.pid}_${Date.now().toString(36)}_${++n}`;
const pool = (max = 4) => new pg.Pool({ connectionString: server.url, max });
const drop = (schema: string) => admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);

describeCaseStore(
  'postgres',
  async () => {
    const schema = freshSchema('contract');
    return {
      store: await PostgresCaseStore.open(pool(), { schema }),
      reopen: () => PostgresCaseStore.open(pool(), { schema }),
      dispose: async () => void (await drop(schema)),
    };
  },
  { describe, it },
);

// The same contract with the queried case file paths B-tree indexed (equality then without the
// GIN containment clause): the same rows.
describeCaseStore(
  'postgres, case file paths indexed',
  async () => {
    const schema = freshSchema('indexed');
    const indexCaseFileFields = ['region', 'risk', 'code', 'claim.policy', 'claim.amount', 'name'];
    return {
      store: await PostgresCaseStore.open(pool(), { schema, indexCaseFileFields }),
      reopen: () => PostgresCaseStore.open(pool(), { schema, indexCaseFileFields }),
      dispose: async () => void (await drop(schema)),
    };
  },
  { describe, it },
);

describe('PostgreSQL migrations', () => {
  it('run on open, once: reopening applies nothing, and the tables and indexes exist', async () => {
    const schema = freshSchema('migrate');
    const p = pool();
    try {
      expect(await migrate(p, schema)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
      expect(await migrate(p, schema)).toEqual([]);
      const { rows } = await p.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [schema]);
      expect(rows.map((r: { indexname: string }) => r.indexname)).toEqual(
        expect.arrayContaining(['casekit_cases_case_file', 'casekit_cases_definition', 'casekit_cases_state', 'casekit_cases_updated', 'casekit_timers_due']),
      );
      const versions = await p.query(`SELECT version, name FROM ${quoteIdentifier(schema)}.casekit_migrations ORDER BY version`);
      expect(versions.rows.map((r: { version: number }) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await p.end();
      await drop(schema);
    }
  });

  it('are safe when several processes open the store at once', async () => {
    const schema = freshSchema('race');
    const pools = Array.from({ length: 6 }, () => pool(1));
    try {
      const applied = await Promise.all(pools.map((p) => migrate(p, schema)));
      expect(applied.filter((a) => a.length > 0)).toEqual([POSTGRES_MIGRATIONS.map((m) => m.version)]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await drop(schema);
    }
  });

  it('refuse a schema newer than the package', async () => {
    const schema = freshSchema('newer');
    const p = pool();
    try {
      await migrate(p, schema);
      await p.query(`INSERT INTO ${quoteIdentifier(schema)}.casekit_migrations (version, name) VALUES (999, 'from the future')`);
      await expect(migrate(p, schema)).rejects.toThrow(/version 999, newer than/);
    } finally {
      await p.end();
      await drop(schema);
    }
  });
});

describe('PostgreSQL schema names', () => {
  it('are checked, never truncated: two names differing past byte 63 cannot share one schema', async () => {
    const p = pool(1);
    try {
      const base = `casekit_t_${process.pid}_${'x'.repeat(60)}`.slice(0, 63);
      for (const schema of [`${base}a`, `${base}b`, `${'é'.repeat(32)}`, '', 'has space', 'semi;colon', 'quote"d', '1starts_with_digit', 'pg_catalog', 'PG_mine', 'a\u0000b']) {
        await expect(PostgresCaseStore.open(p, { schema })).rejects.toMatchObject({ code: 'InvalidStoreName', option: 'schema' });
      }
      await expect(PostgresCaseStore.open(p, { schema: 42 as unknown as string })).rejects.toMatchObject({ code: 'InvalidStoreName' });
      await expect(migrate(p, `${base}a`)).rejects.toMatchObject({ code: 'InvalidStoreName' });
      await expect(PostgresCaseStore.open(p, { indexCaseFileFields: ['a..b'] })).rejects.toMatchObject({ code: 'InvalidStoreName', option: 'indexCaseFileFields' });
      const { rows } = await admin.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${base.slice(0, 20)}%`]);
      expect(rows).toEqual([]);
    } finally {
      await p.end();
    }
    // 63 bytes exactly, with the allowed punctuation, is fine.
    const schema = `T-${process.pid}$_${'y'.repeat(63)}`.slice(0, 63);
    expect(new TextEncoder().encode(schema).length).toBe(63);
    const store = await PostgresCaseStore.open(pool(1), { schema });
    try {
      expect((await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(1);
      expect(await store.load('nobody' as never)).toBeUndefined();
    } finally {
      await store.close();
      await drop(schema);
    }
  });
});

describe('PostgreSQL migration 2 on a schema written by version 1', () => {
  it('fills the plan item index and the history columns from the stored history', async () => {
    const { memory, cases } = await versionOneCases();
    const schema = freshSchema('v1');
    const p = pool(2);
    await migrate(p, schema, POSTGRES_MIGRATIONS.slice(0, 1));
    const s = quoteIdentifier(schema);
    for (const { stored, history } of cases) {
      const st = stored.state;
      const id = st.id;
      await p.query(
        `INSERT INTO ${s}.casekit_cases (id, revision, case_definition_id, model_key, model_version, state, format_version, created_at, updated_at, data, case_file)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, stored.revision, st.definition.caseId, st.definition.modelKey, st.definition.modelVersion, st.state, st.formatVersion, st.createdAt, st.updatedAt, JSON.stringify(st), JSON.stringify(st.caseFile)],
      );
      for (const r of history) await p.query(`INSERT INTO ${s}.casekit_history (case_id, seq, at, record) VALUES ($1, $2, $3, $4)`, [id, r.seq, r.at, JSON.stringify(r)]);
    }
    const store = await PostgresCaseStore.open(p, { schema });
    try {
      await expectSameAnswers(store, memory);
    } finally {
      await store.close();
      await drop(schema);
    }
  });
});

describe('PostgreSQL plan item conditions held by many cases', () => {
  it('probe each case in order (EXISTS … OFFSET 0), with the same pages as the memory store', async () => {
    const schema = freshSchema('dense');
    const store = await PostgresCaseStore.open(pool(), { schema });
    try {
      await expectDensePlanItemPages(store);
    } finally {
      await store.close();
      await drop(schema);
    }
  });
});

describe('PostgreSQL query plans', () => {
  it('use the indexes for case file queries, state queries and timer claims', async () => {
    const schema = freshSchema('plans');
    const store = await PostgresCaseStore.open(pool(), { schema });
    const client = await admin.connect();
    try {
      const s = quoteIdentifier(schema);
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = async (sql: string) => ((await client.query(`EXPLAIN ${sql}`)).rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(`SELECT id FROM ${s}.casekit_cases WHERE case_file @> '{"region":"north"}'::jsonb`)).toMatch(/casekit_cases_case_file/);
      expect(await plan(`SELECT id FROM ${s}.casekit_cases WHERE state = ANY ('{Active}'::text[]) ORDER BY updated_at DESC LIMIT 10`)).toMatch(/casekit_cases_(state|updated)/);
      expect(await plan(`SELECT case_id FROM ${s}.casekit_timers WHERE due_at <= 0 ORDER BY due_at, case_id, ord LIMIT 1 FOR UPDATE SKIP LOCKED`)).toMatch(/casekit_timers_due/);
      expect(await plan(`SELECT id FROM ${s}.casekit_outbox WHERE status = 'pending' AND next_attempt_at <= 5 ORDER BY next_attempt_at, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`)).toMatch(/casekit_outbox_due/);
      expect(await plan(`SELECT case_id FROM ${s}.casekit_items WHERE item_id = 'pi' AND state = ANY ('{Active}'::text[])`)).toMatch(/casekit_items_state/);
      expect(await plan(`SELECT record FROM ${s}.casekit_history WHERE user_id = 'ann' ORDER BY at, case_id, seq LIMIT 10`)).toMatch(/casekit_history_user/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
      await store.close();
      await drop(schema);
    }
  });
});

describe('PostgreSQL, many processes', () => {
  it('4 worker processes race on the same 100 cases: every command applied once or refused as illegal, no update lost, timers fire once (also past a dead claimer)', async () => {
    const schema = freshSchema('race');
    const open = () => PostgresCaseStore.open(pool(), { schema });
    try {
      const report = await runRace({ kind: 'postgres', url: server.url, schema }, open, { workers: 4, cases: 100 });
      console.log(`[postgres race] ${JSON.stringify(report)}`);
    } finally {
      await drop(schema);
    }
  }, 300_000);

  for (const killAfter of [57, 211]) {
    it(`a worker killed with SIGKILL after ${killAfter} commands leaves exactly its committed steps; a new process resumes`, async () => {
      const schema = freshSchema('crash');
      const open = () => PostgresCaseStore.open(pool(), { schema });
      try {
        const report = await runCrash({ kind: 'postgres', url: server.url, schema }, open, { killAfter });
        console.log(`[postgres crash] ${JSON.stringify(report)}`);
      } finally {
        await drop(schema);
      }
    }, 300_000);
  }
});

describe('PostgreSQL, effects across process deaths (the outbox)', () => {
  for (const behaviour of ['hang', 'pay-then-hang'] as const) {
    it(`a process SIGKILLed after its approvals committed and ${behaviour === 'hang' ? 'before its handler ran' : 'after its handler worked, before the result was saved'}: a new process performs every payment`, async () => {
      const schema = freshSchema('outbox');
      const open = () => PostgresCaseStore.open(pool(), { schema });
      try {
        const report = await runOutboxCrash({ kind: 'postgres', url: server.url, schema }, open, { behaviour });
        console.log(`[postgres outbox crash ${behaviour}] ${JSON.stringify(report)}`);
      } finally {
        await drop(schema);
      }
    }, 300_000);
  }

  it('4 processes share the outbox, one dies holding its payments: every payment is made, none lost', async () => {
    const schema = freshSchema('outboxrace');
    const open = () => PostgresCaseStore.open(pool(), { schema });
    try {
      const report = await runOutboxRace({ kind: 'postgres', url: server.url, schema }, open);
      console.log(`[postgres outbox race] ${JSON.stringify(report)}`);
    } finally {
      await drop(schema);
    }
  }, 300_000);
});
