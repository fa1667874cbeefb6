/**
 * The schema, as numbered migrations. Opening a store applies the ones the file lacks, in order,
 * each in the same write transaction as its row in `casekit_migrations`: idempotent, and safe when
 * several processes open the same file at once (the write lock serialises them). Never edit a
 * released migration: add the next one. Small tables of small rows are `WITHOUT ROWID`; the
 * others (case JSON, history records, model XML) keep a rowid, as SQLite advises for large rows.
 */
import type { SqliteDatabase } from './driver.js';

/** One schema change. */
export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'cases, history, timers, models',
    sql: `
      CREATE TABLE casekit_cases (
        id                 TEXT    NOT NULL PRIMARY KEY,
        revision           INTEGER NOT NULL,
        case_definition_id TEXT    NOT NULL,
        model_key          TEXT    NOT NULL,
        model_version      INTEGER NOT NULL,
        state              TEXT    NOT NULL,
        format_version     INTEGER NOT NULL,
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL,
        data               TEXT    NOT NULL
      );
      CREATE INDEX casekit_cases_definition ON casekit_cases (case_definition_id, state, updated_at DESC);
      CREATE INDEX casekit_cases_model ON casekit_cases (model_key, model_version);
      CREATE INDEX casekit_cases_state ON casekit_cases (state, updated_at DESC);
      CREATE INDEX casekit_cases_updated ON casekit_cases (updated_at DESC, id);

      CREATE TABLE casekit_history (
        case_id TEXT    NOT NULL,
        seq     INTEGER NOT NULL,
        at      INTEGER NOT NULL,
        record  TEXT    NOT NULL,
        PRIMARY KEY (case_id, seq)
      );

      CREATE TABLE casekit_timers (
        case_id     TEXT    NOT NULL,
        instance    INTEGER NOT NULL,
        due_at      INTEGER NOT NULL,
        ord         INTEGER NOT NULL,
        owner       TEXT,
        lease_until INTEGER,
        PRIMARY KEY (case_id, instance)
      ) WITHOUT ROWID;
      CREATE INDEX casekit_timers_due ON casekit_timers (due_at, case_id, ord);

      CREATE TABLE casekit_models (
        key         TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        xml         TEXT    NOT NULL,
        deployed_at INTEGER NOT NULL,
        PRIMARY KEY (key, version)
      );
    `,
  },
  {
    version: 2,
    name: 'outbox, plan item states, history columns for queries across cases',
    sql: `
      ALTER TABLE casekit_history ADD COLUMN user_id TEXT;
      ALTER TABLE casekit_history ADD COLUMN item_id TEXT;
      ALTER TABLE casekit_history ADD COLUMN transition TEXT;
      UPDATE casekit_history SET
        user_id = json_extract(record, '$.user'),
        item_id = json_extract(record, '$.itemId'),
        transition = json_extract(record, '$.transition');
      CREATE INDEX casekit_history_at ON casekit_history (at, case_id, seq);
      CREATE INDEX casekit_history_user ON casekit_history (user_id, at, case_id, seq) WHERE user_id IS NOT NULL;
      CREATE INDEX casekit_history_item ON casekit_history (item_id, at, case_id, seq) WHERE item_id IS NOT NULL;

      CREATE TABLE casekit_items (
        case_id     TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        item_id     TEXT NOT NULL,
        state       TEXT NOT NULL,
        PRIMARY KEY (case_id, item_id, instance_id)
      ) WITHOUT ROWID;
      CREATE INDEX casekit_items_state ON casekit_items (item_id, state, case_id);
      INSERT INTO casekit_items (case_id, instance_id, item_id, state)
        SELECT case_id, json_extract(record, '$.instanceId'), json_extract(record, '$.itemId'), json_extract(record, '$.to')
        FROM casekit_history
        WHERE json_extract(record, '$.scope') = 'planItem' AND json_extract(record, '$.instanceId') IS NOT NULL AND json_extract(record, '$.itemId') IS NOT NULL
        ORDER BY case_id, seq
        ON CONFLICT (case_id, item_id, instance_id) DO UPDATE SET state = excluded.state;

      CREATE TABLE casekit_outbox (
        id              TEXT    NOT NULL PRIMARY KEY,
        case_id         TEXT    NOT NULL,
        kind            TEXT    NOT NULL,
        payload         TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        status          TEXT    NOT NULL,
        attempts        INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT,
        owner           TEXT,
        lease_until     INTEGER
      );
      CREATE INDEX casekit_outbox_due ON casekit_outbox (status, next_attempt_at, created_at, id);
      CREATE INDEX casekit_outbox_case ON casekit_outbox (case_id, created_at, id);
      CREATE INDEX casekit_outbox_status ON casekit_outbox (status, created_at, id);
      CREATE INDEX casekit_outbox_created ON casekit_outbox (created_at, id);
    `,
  },
  {
    version: 3,
    name: 'open human tasks (work lists)',
    // Cases stored before human work existed have no open task with work: nothing to fill.
    sql: `
      CREATE TABLE casekit_tasks (
        case_id            TEXT    NOT NULL,
        instance_id        TEXT    NOT NULL,
        item_id            TEXT    NOT NULL,
        case_definition_id TEXT    NOT NULL,
        model_key          TEXT    NOT NULL,
        state              TEXT    NOT NULL,
        assignee           TEXT,
        due_key            INTEGER NOT NULL,
        priority           INTEGER NOT NULL,
        access             TEXT    NOT NULL,
        item               TEXT    NOT NULL,
        PRIMARY KEY (case_id, instance_id)
      );
      CREATE INDEX casekit_tasks_order ON casekit_tasks (due_key, priority DESC, case_id, instance_id);
      CREATE INDEX casekit_tasks_assignee ON casekit_tasks (assignee, due_key, priority DESC, case_id, instance_id);
      CREATE TABLE casekit_task_access (
        key         TEXT NOT NULL,
        case_id     TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        PRIMARY KEY (key, case_id, instance_id)
      ) WITHOUT ROWID;
      CREATE INDEX casekit_task_access_task ON casekit_task_access (case_id, instance_id);
    `,
  },
];

/** Brings the schema up to date; returns the versions applied now. */
export function migrate(db: SqliteDatabase, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): number[] {
  const applied: number[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS casekit_migrations (
      version    INTEGER NOT NULL PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const row = db.prepare('SELECT MAX(version) AS version FROM casekit_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    const known = migrations.at(-1)?.version ?? 0;
    if (current > known) {
      throw new Error(`casekit: the database schema is at version ${current}, newer than this @casekit/store-sqlite knows (${known}); upgrade the package`);
    }
    const record = db.prepare('INSERT INTO casekit_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
      applied.push(migration.version);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return applied;
}
