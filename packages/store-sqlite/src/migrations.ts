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
