/**
 * The schema, as numbered migrations. Opening a store applies the ones the database lacks, in
 * order, in one transaction holding an advisory lock: idempotent, and safe when several processes
 * start at once. Never edit a released migration: add the next one.
 */
import type { PostgresPool } from './driver.js';

/** One schema change; `sql` receives the quoted schema name. */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: (schema: string) => string;
}

/** Every migration, in order. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'cases, history, timers, models',
    sql: (s) => `
      CREATE TABLE ${s}.casekit_cases (
        id                 text COLLATE "C" NOT NULL PRIMARY KEY,
        revision           integer NOT NULL,
        case_definition_id text    NOT NULL,
        model_key          text    NOT NULL,
        model_version      integer NOT NULL,
        state              text    NOT NULL,
        format_version     integer NOT NULL,
        created_at         bigint  NOT NULL,
        updated_at         bigint  NOT NULL,
        data               json    NOT NULL,
        case_file          jsonb   NOT NULL
      );
      CREATE INDEX casekit_cases_definition ON ${s}.casekit_cases (case_definition_id, state, updated_at DESC);
      CREATE INDEX casekit_cases_model ON ${s}.casekit_cases (model_key, model_version);
      CREATE INDEX casekit_cases_state ON ${s}.casekit_cases (state, updated_at DESC);
      CREATE INDEX casekit_cases_updated ON ${s}.casekit_cases (updated_at DESC, id);
      CREATE INDEX casekit_cases_case_file ON ${s}.casekit_cases USING gin (case_file jsonb_path_ops);

      CREATE TABLE ${s}.casekit_history (
        case_id text COLLATE "C" NOT NULL,
        seq     integer NOT NULL,
        at      bigint  NOT NULL,
        record  json    NOT NULL,
        PRIMARY KEY (case_id, seq)
      );

      CREATE TABLE ${s}.casekit_timers (
        case_id     text COLLATE "C" NOT NULL,
        instance    integer NOT NULL,
        due_at      bigint  NOT NULL,
        ord         integer NOT NULL,
        owner       text,
        lease_until bigint,
        PRIMARY KEY (case_id, instance)
      );
      CREATE INDEX casekit_timers_due ON ${s}.casekit_timers (due_at, case_id, ord);

      CREATE TABLE ${s}.casekit_models (
        key         text    NOT NULL,
        version     integer NOT NULL,
        xml         text    NOT NULL,
        deployed_at bigint  NOT NULL,
        PRIMARY KEY (key, version)
      );
    `,
  },
];

/** Quotes an identifier for SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Brings the schema up to date (creating the schema if needed); returns the versions applied now. */
export async function migrate(pool: PostgresPool, schema = 'public', migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const s = quoteIdentifier(schema);
  const applied: number[] = [];
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    // One migrating process per schema at a time; the others wait here, then find nothing to do.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`casekit-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.casekit_migrations (
      version    integer NOT NULL PRIMARY KEY,
      name       text    NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query(`SELECT COALESCE(MAX(version), 0) AS version FROM ${s}.casekit_migrations`);
    const current = (rows[0] as { version: number }).version;
    const known = migrations.at(-1)?.version ?? 0;
    if (current > known) {
      throw new Error(`casekit: the schema ${schema} is at version ${current}, newer than this @casekit/store-postgres knows (${known}); upgrade the package`);
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.casekit_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
  return applied;
}
