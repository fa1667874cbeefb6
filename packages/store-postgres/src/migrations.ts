/**
 * The schema, as numbered migrations. Opening a store applies the ones the database lacks, in
 * order, in one transaction holding an advisory lock: idempotent, and safe when several processes
 * start at once. Never edit a released migration: add the next one.
 */
import { InvalidStoreNameError } from '@casekit/core';
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
  {
    version: 2,
    name: 'outbox, plan item states, history columns for queries across cases',
    sql: (s) => `
      ALTER TABLE ${s}.casekit_history ADD COLUMN user_id text, ADD COLUMN item_id text COLLATE "C", ADD COLUMN transition text;
      UPDATE ${s}.casekit_history SET user_id = record ->> 'user', item_id = record ->> 'itemId', transition = record ->> 'transition';
      CREATE INDEX casekit_history_at ON ${s}.casekit_history (at, case_id, seq);
      CREATE INDEX casekit_history_user ON ${s}.casekit_history (user_id, at, case_id, seq) WHERE user_id IS NOT NULL;
      CREATE INDEX casekit_history_item ON ${s}.casekit_history (item_id, at, case_id, seq) WHERE item_id IS NOT NULL;

      CREATE TABLE ${s}.casekit_items (
        case_id     text COLLATE "C" NOT NULL,
        instance_id text COLLATE "C" NOT NULL,
        item_id     text COLLATE "C" NOT NULL,
        state       text NOT NULL,
        PRIMARY KEY (case_id, item_id, instance_id)
      );
      CREATE INDEX casekit_items_state ON ${s}.casekit_items (item_id, state, case_id);
      INSERT INTO ${s}.casekit_items (case_id, instance_id, item_id, state)
        SELECT DISTINCT ON (case_id, record ->> 'instanceId') case_id, record ->> 'instanceId', record ->> 'itemId', record ->> 'to'
        FROM ${s}.casekit_history
        WHERE record ->> 'scope' = 'planItem' AND record ->> 'instanceId' IS NOT NULL AND record ->> 'itemId' IS NOT NULL
        ORDER BY case_id, record ->> 'instanceId', seq DESC;

      CREATE TABLE ${s}.casekit_outbox (
        id              text COLLATE "C" NOT NULL PRIMARY KEY,
        case_id         text COLLATE "C" NOT NULL,
        kind            text    NOT NULL,
        payload         json    NOT NULL,
        created_at      bigint  NOT NULL,
        status          text    NOT NULL,
        attempts        integer NOT NULL,
        next_attempt_at bigint  NOT NULL,
        last_error      json,
        owner           text,
        lease_until     bigint
      );
      CREATE INDEX casekit_outbox_due ON ${s}.casekit_outbox (next_attempt_at, created_at, id) WHERE status = 'pending';
      CREATE INDEX casekit_outbox_case ON ${s}.casekit_outbox (case_id, created_at, id);
      CREATE INDEX casekit_outbox_status ON ${s}.casekit_outbox (status, created_at, id);
      CREATE INDEX casekit_outbox_created ON ${s}.casekit_outbox (created_at, id);
    `,
  },
  {
    version: 3,
    name: 'open human tasks (work lists)',
    // Cases stored before human work existed have no open task with work: nothing to fill.
    sql: (s) => `
      CREATE TABLE ${s}.casekit_tasks (
        case_id            text COLLATE "C" NOT NULL,
        instance_id        text COLLATE "C" NOT NULL,
        item_id            text    NOT NULL,
        case_definition_id text    NOT NULL,
        model_key          text    NOT NULL,
        state              text    NOT NULL,
        assignee           text,
        due_key            bigint  NOT NULL,
        priority           integer NOT NULL,
        access             text[]  NOT NULL,
        item               json    NOT NULL,
        PRIMARY KEY (case_id, instance_id)
      );
      CREATE INDEX casekit_tasks_order ON ${s}.casekit_tasks (due_key, priority DESC, case_id, instance_id);
      CREATE INDEX casekit_tasks_assignee ON ${s}.casekit_tasks (assignee, due_key, priority DESC, case_id, instance_id);
      CREATE INDEX casekit_tasks_access ON ${s}.casekit_tasks USING gin (access);
    `,
  },
];

/** The longest PostgreSQL identifier, in bytes (NAMEDATALEN - 1): longer names would be truncated. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * The schema name, checked: 1 to 63 bytes of ASCII letters, digits, `_`, `$` and `-`, starting
 * with a letter or `_`, not `pg_…` (reserved). PostgreSQL silently truncates longer identifiers,
 * so two long names differing only past byte 63 would share one schema: they are refused instead.
 *
 * @example
 * checkSchemaName('casekit_tenant_42'); // 'casekit_tenant_42'
 */
export function checkSchemaName(schema: unknown, option = 'schema'): string {
  if (typeof schema !== 'string') throw new InvalidStoreNameError(option, schema, 'a schema name is a string');
  if (schema.length === 0) throw new InvalidStoreNameError(option, schema, 'a schema name is not empty');
  const bytes = new TextEncoder().encode(schema).length;
  if (bytes > MAX_IDENTIFIER_BYTES) throw new InvalidStoreNameError(option, schema, `PostgreSQL names have at most ${MAX_IDENTIFIER_BYTES} bytes (this one has ${bytes}); it would be truncated`);
  if (!/^[A-Za-z_][A-Za-z0-9_$-]*$/.test(schema)) throw new InvalidStoreNameError(option, schema, 'a schema name has ASCII letters, digits, _, $ and -, and starts with a letter or _');
  if (/^pg_/i.test(schema)) throw new InvalidStoreNameError(option, schema, 'names starting with pg_ are reserved by PostgreSQL');
  return schema;
}

/** Quotes an identifier for SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Brings the schema up to date (creating the schema if needed); returns the versions applied now. */
export async function migrate(pool: PostgresPool, schema = 'public', migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const s = quoteIdentifier(checkSchemaName(schema));
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
