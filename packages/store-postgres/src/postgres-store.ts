import {
  ConcurrencyConflictError,
  type CaseInstanceId,
  type CaseInstanceState,
  type CaseQuery,
  type CaseStore,
  type CaseSummary,
  type ClaimedTimer,
  type ClaimTimersOptions,
  type DueTimer,
  type StoredCase,
  type StoredModel,
  type TransitionRecord,
} from '@casekit/core';
import type { PostgresPool } from './driver.js';
import { migrate, quoteIdentifier } from './migrations.js';


/** Options of {@link PostgresCaseStore.open}. */
export interface PostgresStoreOptions {
  /** The schema holding casekit's tables (created if missing). Default `public`. */
  readonly schema?: string;
}

interface SummaryRow {
  readonly id: string;
  readonly case_definition_id: string;
  readonly model_key: string;
  readonly model_version: number;
  readonly state: string;
  readonly revision: number;
  readonly updated_at: string;
}

interface TimerRow {
  readonly case_id: string;
  readonly instance: number;
  readonly due_at: string;
  readonly ord: number;
  readonly lease_until?: string;
}

interface ModelRow {
  readonly key: string;
  readonly version: number;
  readonly xml: string;
  readonly deployed_at: string;
}

/** Where a `bigint` column must hold an "until forever". */
const MAX_TIME = Number.MAX_SAFE_INTEGER;

/**
 * Cases in PostgreSQL, shared by any number of processes. Every `save` is ONE statement (the
 * revision check, the new state, its history and its timers, chained as data-modifying common
 * table expressions): atomic without a transaction round trip, and a concurrent save of the same
 * case waits for the row lock, then finds the revision changed and writes nothing. Due timers are
 * claimed with `FOR UPDATE SKIP LOCKED` and a lease.
 *
 * @example
 * import pg from 'pg';
 * const store = await PostgresCaseStore.open(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * const engine = createEngine({ store });
 */
export class PostgresCaseStore implements CaseStore {
  readonly #pool: PostgresPool;
  readonly #sql: ReturnType<typeof statements>;

  /** Migrates the schema, then returns a store on the pool. `close()` ends the pool. */
  static async open(pool: PostgresPool, options: PostgresStoreOptions = {}): Promise<PostgresCaseStore> {
    const schema = options.schema ?? 'public';
    await migrate(pool, schema);
    return new PostgresCaseStore(pool, schema);
  }

  private constructor(pool: PostgresPool, schema: string) {
    this.#pool = pool;
    this.#sql = statements(quoteIdentifier(schema));
  }

  /** The pool. */
  get pool(): PostgresPool {
    return this.#pool;
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const { rows } = await this.#pool.query(this.#sql.load, [id]);
    const row = rows[0] as { revision: number; data: CaseInstanceState } | undefined;
    return row === undefined ? undefined : { state: row.data, revision: row.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[]): Promise<number> {
    const d = state.definition;
    const timers = state.state === 'Active' ? state.timers : [];
    const values: unknown[] = [
      state.id,
      d.caseId,
      d.modelKey,
      d.modelVersion,
      state.state,
      state.formatVersion,
      state.createdAt,
      state.updatedAt,
      JSON.stringify(state),
      JSON.stringify(state.caseFile),
      JSON.stringify(transitions),
      timers.map((t) => t.instance),
      timers.map((t) => t.dueAt),
    ];
    if (expectedRevision !== null) values.push(expectedRevision);
    const { rows } = await this.#pool.query(expectedRevision === null ? this.#sql.insert : this.#sql.update, values);
    const written = rows[0] as { revision: number } | undefined;
    if (written === undefined) {
      const current = await this.#pool.query(this.#sql.revision, [state.id]);
      throw new ConcurrencyConflictError(state.id, expectedRevision, (current.rows[0] as { revision: number } | undefined)?.revision ?? null);
    }
    return written.revision;
  }

  async history(id: CaseInstanceId, options: { readonly afterSeq?: number; readonly limit?: number } = {}): Promise<readonly TransitionRecord[]> {
    const { rows } = await this.#pool.query(this.#sql.history, [id, options.afterSeq ?? -1, options.limit ?? null]);
    return rows.map((row) => (row as { record: TransitionRecord }).record);
  }

  async query(filter: CaseQuery = {}): Promise<readonly CaseSummary[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    if (filter.caseDefinitionId !== undefined) where.push(`case_definition_id = ${param(filter.caseDefinitionId)}`);
    if (filter.modelKey !== undefined) where.push(`model_key = ${param(filter.modelKey)}`);
    if (filter.state !== undefined) where.push(`state = ANY (${param(typeof filter.state === 'string' ? [filter.state] : [...filter.state])}::text[])`);
    const caseFile = Object.entries(filter.caseFile ?? {});
    if (caseFile.length > 0) {
      // Containment finds the candidates through the GIN index; equality per field keeps it
      // exact (containment would also match an array holding the value).
      where.push(`case_file @> ${param(JSON.stringify(filter.caseFile))}::jsonb`);
      for (const [field, value] of caseFile) where.push(`case_file -> ${param(field)}::text = ${param(JSON.stringify(value))}::jsonb`);
    }
    const limit = filter.limit === undefined ? '' : ` LIMIT ${param(Math.max(0, Math.floor(filter.limit)))}`;
    const sql =
      `SELECT id, case_definition_id, model_key, model_version, state, revision, updated_at FROM ${this.#sql.cases}` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY updated_at DESC, id${limit}`;
    const { rows } = await this.#pool.query(sql, values);
    return (rows as SummaryRow[]).map((row) => ({
      id: row.id as CaseInstanceId,
      caseDefinitionId: row.case_definition_id,
      modelKey: row.model_key,
      modelVersion: row.model_version,
      state: row.state as CaseSummary['state'],
      revision: row.revision,
      updatedAt: Number(row.updated_at),
    }));
  }

  async dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    const { rows } = await this.#pool.query(this.#sql.due, [clampTime(until), limit === undefined || !Number.isFinite(limit) ? null : limit]);
    return (rows as TimerRow[]).map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: Number(row.due_at) }));
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { owner, now } = options;
    const { rows } = await this.#pool.query(this.#sql.claim, [clampTime(options.until), now, options.limit ?? 1, owner, clampTime(now + options.leaseMs)]);
    const claimed = rows as TimerRow[];
    claimed.sort((a, b) => Number(a.due_at) - Number(b.due_at) || (a.case_id < b.case_id ? -1 : a.case_id > b.case_id ? 1 : a.ord - b.ord));
    return claimed.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: Number(row.due_at), owner, leaseUntil: Number(row.lease_until) }));
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    await this.#pool.query(this.#sql.release, [caseId, instance, owner]);
  }

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    const inserted = await this.#pool.query(this.#sql.insertModel, [model.key, model.version, model.xml, Date.now()]);
    const row = (inserted.rows[0] ?? (await this.#pool.query(this.#sql.loadModel, [model.key, model.version])).rows[0]) as ModelRow;
    return toModel(row);
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    const { rows } = await this.#pool.query(this.#sql.loadModel, [key, version]);
    return rows[0] === undefined ? undefined : toModel(rows[0] as ModelRow);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    const { rows } = await this.#pool.query(this.#sql.latestModel, [key]);
    return rows[0] === undefined ? undefined : toModel(rows[0] as ModelRow);
  }

  /** Ends the pool. */
  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/**
 * Opens a store on a PostgreSQL server (a connection string, or `pg.Pool` options), with `pg`
 * loaded from the application's dependencies; migrates the schema.
 *
 * @example
 * const store = await openPostgresStore('postgres://casekit@db.internal:5432/cases');
 * const engine = createEngine({ store });
 */
export async function openPostgresStore(
  connection: string | Readonly<Record<string, unknown>>,
  options: PostgresStoreOptions & { readonly max?: number } = {},
): Promise<PostgresCaseStore> {
  let Pool: new (config: Record<string, unknown>) => PostgresPool;
  try {
    const pg = (await import('pg')) as unknown as { default?: { Pool: typeof Pool }; Pool?: typeof Pool };
    Pool = (pg.default?.Pool ?? pg.Pool)!;
  } catch (error) {
    throw new Error(`casekit: @casekit/store-postgres needs pg (npm install pg): ${error instanceof Error ? error.message : String(error)}`);
  }
  const config = typeof connection === 'string' ? { connectionString: connection } : { ...connection };
  const pool = new Pool(options.max === undefined ? config : { ...config, max: options.max });
  try {
    return await PostgresCaseStore.open(pool, options);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

function toModel(row: ModelRow): StoredModel {
  return { key: row.key, version: row.version, xml: row.xml, deployedAt: Number(row.deployed_at) };
}

function clampTime(ms: number): number {
  return Math.min(Math.max(ms, -MAX_TIME), MAX_TIME);
}

/** The store's SQL, for one schema. */
function statements(s: string) {
  const cases = `${s}.casekit_cases`;
  const history = `${s}.casekit_history`;
  const timers = `${s}.casekit_timers`;
  const models = `${s}.casekit_models`;
  // After `written` (the case row, when the revision matched): the history rows, and the timers
  // brought in line with the state's — rows of fired timers deleted, new ones inserted, a pending
  // timer's row (and its claim) kept. Nothing happens when `written` is empty.
  const rest = `
    , appended AS (
      INSERT INTO ${history} (case_id, seq, at, record)
      SELECT $1, (r ->> 'seq')::integer, (r ->> 'at')::bigint, r
      FROM written, json_array_elements($11::json) AS r
    ), dropped AS (
      DELETE FROM ${timers} AS t USING written
      WHERE t.case_id = $1 AND NOT (t.instance = ANY ($12::integer[]))
    ), scheduled AS (
      INSERT INTO ${timers} (case_id, instance, due_at, ord)
      SELECT $1, x.instance, x.due_at, x.ord - 1
      FROM written, unnest($12::integer[], $13::bigint[]) WITH ORDINALITY AS x (instance, due_at, ord)
      ON CONFLICT (case_id, instance) DO UPDATE SET due_at = excluded.due_at, ord = excluded.ord
      WHERE ${timers}.due_at <> excluded.due_at OR ${timers}.ord <> excluded.ord
    )
    SELECT revision FROM written`;
  return {
    cases,
    load: `SELECT revision, data FROM ${cases} WHERE id = $1`,
    revision: `SELECT revision FROM ${cases} WHERE id = $1`,
    insert: `
      WITH written AS (
        INSERT INTO ${cases} (id, revision, case_definition_id, model_key, model_version, state, format_version, created_at, updated_at, data, case_file)
        VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10::jsonb)
        ON CONFLICT (id) DO NOTHING
        RETURNING revision
      )${rest}`,
    update: `
      WITH written AS (
        UPDATE ${cases} SET revision = revision + 1, case_definition_id = $2, model_key = $3, model_version = $4, state = $5,
          format_version = $6, created_at = $7, updated_at = $8, data = $9::json, case_file = $10::jsonb
        WHERE id = $1 AND revision = $14
        RETURNING revision
      )${rest}`,
    history: `SELECT record FROM ${history} WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    due: `SELECT case_id, instance, due_at FROM ${timers} WHERE due_at <= $1 ORDER BY due_at, case_id, ord LIMIT $2`,
    claim: `
      WITH due AS (
        SELECT case_id, instance FROM ${timers}
        WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $2)
        ORDER BY due_at, case_id, ord
        LIMIT $3
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${timers} AS t SET owner = $4, lease_until = $5
      FROM due WHERE t.case_id = due.case_id AND t.instance = due.instance
      RETURNING t.case_id, t.instance, t.due_at, t.ord, t.lease_until`,
    release: `UPDATE ${timers} SET owner = NULL, lease_until = NULL WHERE case_id = $1 AND instance = $2 AND owner = $3`,
    insertModel: `
      INSERT INTO ${models} (key, version, xml, deployed_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (key, version) DO NOTHING
      RETURNING key, version, xml, deployed_at`,
    loadModel: `SELECT key, version, xml, deployed_at FROM ${models} WHERE key = $1 AND version = $2`,
    latestModel: `SELECT key, version, xml, deployed_at FROM ${models} WHERE key = $1 ORDER BY version DESC LIMIT 1`,
  };
}
