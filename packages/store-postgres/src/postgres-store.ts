import {
  ConcurrencyConflictError,
  DuplicateEffectError,
  InvalidStoreNameError,
  type CaseInstanceId,
  type CaseInstanceState,
  type CaseQuery,
  type CaseStore,
  type CaseSummary,
  type ClaimedTimer,
  type ClaimEffectsOptions,
  type ClaimTimersOptions,
  type DueTimer,
  type EffectError,
  type EffectQuery,
  type HistoryOptions,
  type HistoryQuery,
  type JsonScalar,
  type OutboxWrite,
  type Page,
  type StoredCase,
  type StoredEffect,
  type StoredModel,
  type TransitionRecord,
  type TaskQuery,
  type WorkItem,
} from '@casekit/core';
import { assertStorableJson, assertStorableText, checkCaseId, checkEffectError, checkName, checkOutboxWrite, checkTime, compareText, encodeCursor, parseCaseFilePath, parseCaseQuery, parseEffectQuery, parseHistoryQuery, DEFAULT_PAGE_SIZE, type ParsedCaseQuery, type ParsedOperator, accessKeys, dueKeyOf, taskPage, workIndexChanges } from '@casekit/core/internals';
import type { PostgresPool } from './driver.js';
import { taskWrites, tasksQuery } from './tasks.js';
import { checkSchemaName, migrate, quoteIdentifier } from './migrations.js';


/** Options of {@link PostgresCaseStore.open}. */
export interface PostgresStoreOptions {
  /**
   * The schema holding casekit's tables (created if missing). Default `public`. 1 to 63 bytes of
   * ASCII letters, digits, `_`, `$`, `-` (else `InvalidStoreNameError`: never truncated).
   */
  readonly schema?: string;
  /**
   * Case file paths queried by range, or by equality on values many cases share (`'claim.amount'`,
   * `'region'`): each gets a B-tree index on its value, with statistics. Equality on any other path
   * uses the GIN index of the case file (best for values few cases share).
   */
  readonly indexCaseFileFields?: readonly string[];
}

interface EffectRow {
  readonly id: string;
  readonly case_id: string;
  readonly kind: string;
  readonly payload: StoredEffect['payload'];
  readonly created_at: string;
  readonly status: StoredEffect['status'];
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly last_error: EffectError | null;
  readonly owner: string | null;
  readonly lease_until: string | null;
}

const EFFECT_COLUMNS = 'id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, last_error, owner, lease_until';

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
  readonly #indexed: ReadonlySet<string>;

  /** Migrates the schema, then returns a store on the pool. `close()` ends the pool. */
  static async open(pool: PostgresPool, options: PostgresStoreOptions = {}): Promise<PostgresCaseStore> {
    const schema = checkSchemaName(options.schema ?? 'public');
    const fields = options.indexCaseFileFields ?? [];
    const paths = fields.map((field) => {
      try {
        return parseCaseFilePath(field);
      } catch (error) {
        throw new InvalidStoreNameError('indexCaseFileFields', field, (error as Error).message);
      }
    });
    await migrate(pool, schema);
    const s = quoteIdentifier(schema);
    for (const [i, path] of paths.entries()) {
      // Index names are bounded (63 bytes): named by a hash of the path, the path in a comment.
      const name = `casekit_cf_${await digest(fields[i]!)}`;
      await pool.query(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(name)} ON ${s}.casekit_cases ((${caseFileValue(path)}))`);
      await pool.query(`COMMENT ON INDEX ${s}.${quoteIdentifier(name)} IS ${literal(`casekit case file path ${fields[i]!}`)}`);
    }
    return new PostgresCaseStore(pool, schema, new Set(fields));
  }

  private constructor(pool: PostgresPool, schema: string, indexed: ReadonlySet<string>) {
    this.#pool = pool;
    this.#sql = statements(quoteIdentifier(schema));
    this.#indexed = indexed;
  }

  /** The pool. */
  get pool(): PostgresPool {
    return this.#pool;
  }

  /** Whether this store created a B-tree index for a case file path. */
  isIndexed(field: string): boolean {
    return this.#indexed.has(field);
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const { rows } = await this.#pool.query(this.#sql.load, [checkCaseId(id)]);
    const row = rows[0] as { revision: number; data: CaseInstanceState } | undefined;
    return row === undefined ? undefined : { state: row.data, revision: row.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number> {
    const id = checkCaseId(state?.id);
    const write = checkOutboxWrite(outbox);
    const data = JSON.stringify(state);
    assertStorableJson(data, 'state', id);
    const history = JSON.stringify(transitions);
    assertStorableJson(history, 'history', id);
    const d = state.definition;
    const timers = state.state === 'Active' ? state.timers : [];
    const add = outbox?.add ?? [];
    const claimJson = write.claim === undefined ? '' : `,"owner":${JSON.stringify(write.claim.owner)},"leaseUntil":${write.claim.leaseUntil}`;
    // The payloads were serialised (and checked) once: their JSON texts go in as they are.
    const effects = `[${add
      .map((e, i) => `{"id":${JSON.stringify(e.id)},"caseId":${JSON.stringify(e.caseId)},"kind":${JSON.stringify(e.kind)},"createdAt":${e.createdAt},"payload":${write.payloads[i]}${claimJson}}`)
      .join(',')}]`;
    const values: unknown[] = [
      id,
      d.caseId,
      d.modelKey,
      d.modelVersion,
      state.state,
      state.formatVersion,
      state.createdAt,
      state.updatedAt,
      data,
      JSON.stringify(state.caseFile),
      history,
      timers.map((t) => t.instance),
      timers.map((t) => t.dueAt),
      [...write.done],
      effects,
    ];
    if (expectedRevision !== null) values.push(expectedRevision);
    const taskChanges = workIndexChanges(state, transitions);
    values.push(JSON.stringify(taskChanges.put.map((item) => ({ item, dueKey: dueKeyOf(item), access: accessKeys(item) }))), [...taskChanges.remove]);
    let rows: unknown[];
    try {
      ({ rows } = await this.#pool.query(expectedRevision === null ? this.#sql.insert : this.#sql.update, values));
    } catch (error) {
      const e = error as { code?: unknown; constraint?: unknown; detail?: unknown };
      if (e.code === '23505' && e.constraint === 'casekit_outbox_pkey') {
        const duplicate = /\(id\)=\((.*)\) already exists/.exec(String(e.detail))?.[1] ?? add[0]?.id ?? '';
        throw new DuplicateEffectError(duplicate);
      }
      throw error;
    }
    const written = rows[0] as { revision: number } | undefined;
    if (written === undefined) {
      const current = await this.#pool.query(this.#sql.revision, [id]);
      throw new ConcurrencyConflictError(id, expectedRevision, (current.rows[0] as { revision: number } | undefined)?.revision ?? null);
    }
    return written.revision;
  }

  async history(id: CaseInstanceId, options: HistoryOptions = {}): Promise<readonly TransitionRecord[]> {
    const { rows } = await this.#pool.query(this.#sql.history, [checkCaseId(id), options.afterSeq ?? -1, options.limit ?? null]);
    return rows.map((row) => (row as { record: TransitionRecord }).record);
  }

  // --- queries -----------------------------------------------------------------------------------

  async query(filter?: CaseQuery): Promise<readonly CaseSummary[]> {
    return (await this.#query(filter, undefined)).items;
  }

  async queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>> {
    return this.#query(filter, DEFAULT_PAGE_SIZE);
  }

  /** Open human tasks across cases (docs/work.md). */
  async tasks(filter?: TaskQuery): Promise<Page<WorkItem>> {
    const { sql, values, limit } = tasksQuery(filter, this.#sql.tasks, this.#sql.cases, (conditions, param) =>
      conditions.flatMap((c) => c.operators.map((o) => pgCondition(o, caseFileValue(c.path), param))),
    );
    const { rows } = await this.#pool.query(sql, values);
    return taskPage((rows as { item: WorkItem }[]).map((row) => row.item), limit);
  }

  async #query(filter: CaseQuery | undefined, defaultLimit: number | undefined): Promise<Page<CaseSummary>> {
    const q = parseCaseQuery(filter, defaultLimit);
    const where: string[] = [];
    const { values, param } = parameters();
    if (q.caseDefinitionId !== undefined) where.push(`case_definition_id = ${param(q.caseDefinitionId)}`);
    if (q.modelKey !== undefined) where.push(`model_key = ${param(q.modelKey)}`);
    if (q.states !== undefined) where.push(`state = ANY (${param([...q.states])}::text[])`);
    for (const condition of q.caseFile) {
      const value = caseFileValue(condition.path);
      for (const operator of condition.operators) {
        // Equality also as containment, which the GIN index of the case file answers — unless the
        // path has a B-tree index: PostgreSQL keeps statistics for it (so it can tell a value
        // held by a quarter of the cases from a unique one) but none for containment, which it
        // would then always estimate as rare.
        if (operator.op === 'eq' && !this.#indexed.has(condition.key)) where.push(`case_file @> ${param(JSON.stringify(nest(condition.path, operator.value)))}::jsonb`);
        where.push(pgCondition(operator, value, param));
      }
    }
    // A plan item state held by few cases: a semi-join on their ids, then a sort. Held by many:
    // a probe per case in the query's order (OFFSET 0 keeps PostgreSQL from turning it into a
    // semi-join that sorts every match), stopping at `limit`.
    const dense = q.limit !== undefined && q.planItems.length > 0 && (await this.#dense(q.planItems[0]!, 64 * (q.limit + 1)));
    for (const item of q.planItems) {
      const states = item.states === undefined ? '' : ` AND i.state = ANY (${param([...item.states])}::text[])`;
      where.push(
        dense
          ? `EXISTS (SELECT 1 FROM ${this.#sql.items} AS i WHERE i.case_id = ${this.#sql.cases}.id AND i.item_id = ${param(item.id)}${states} OFFSET 0)`
          : `id IN (SELECT i.case_id FROM ${this.#sql.items} AS i WHERE i.item_id = ${param(item.id)}${states})`,
      );
    }
    if (q.after !== undefined) {
      where.push(`(updated_at < ${param(q.after.updatedAt)} OR (updated_at = ${param(q.after.updatedAt)} AND id > ${param(q.after.id)}))`);
    }
    const limit = q.limit === undefined ? '' : ` LIMIT ${param(q.limit + 1)}`;
    const sql =
      `SELECT id, case_definition_id, model_key, model_version, state, revision, updated_at FROM ${this.#sql.cases}` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY updated_at DESC, id${limit}`;
    const { rows } = await this.#pool.query(sql, values);
    const items = (rows as SummaryRow[]).slice(0, q.limit).map((row) => ({
      id: row.id as CaseInstanceId,
      caseDefinitionId: row.case_definition_id,
      modelKey: row.model_key,
      modelVersion: row.model_version,
      state: row.state as CaseSummary['state'],
      revision: row.revision,
      updatedAt: Number(row.updated_at),
    }));
    const last = items.at(-1);
    return q.limit !== undefined && rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('c', [last.updatedAt, last.id]) } : { items };
  }

  /** Whether at least `enough` plan item instances match a condition. */
  async #dense(item: ParsedCaseQuery['planItems'][number], enough: number): Promise<boolean> {
    const states = item.states === undefined ? '' : ' AND state = ANY ($3::text[])';
    const sql = `SELECT count(*)::integer AS n FROM (SELECT 1 FROM ${this.#sql.items} WHERE item_id = $1${states} LIMIT $2) AS m`;
    const { rows } = await this.#pool.query(sql, item.states === undefined ? [item.id, enough] : [item.id, enough, [...item.states]]);
    return (rows[0] as { n: number }).n >= enough;
  }

  async historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>> {
    const q = parseHistoryQuery(filter);
    const where: string[] = [];
    const { values, param } = parameters();
    if (q.caseId !== undefined) where.push(`case_id = ${param(q.caseId)}`);
    if (q.user !== undefined) where.push(`user_id = ${param(q.user)}`);
    if (q.itemId !== undefined) where.push(`item_id = ${param(q.itemId)}`);
    if (q.transition !== undefined) where.push(`transition = ${param(q.transition)}`);
    if (q.from !== undefined) where.push(`at >= ${param(Math.ceil(q.from))}`);
    if (q.to !== undefined) where.push(`at < ${param(Math.ceil(q.to))}`);
    if (q.after !== undefined) where.push(`(at, case_id, seq) > (${param(q.after.at)}::bigint, ${param(q.after.caseId)}::text, ${param(q.after.seq)}::integer)`);
    const sql = `SELECT record FROM ${this.#sql.historyTable}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY at, case_id, seq LIMIT ${param(q.limit + 1)}`;
    const { rows } = await this.#pool.query(sql, values);
    const items = (rows as { record: TransitionRecord }[]).slice(0, q.limit).map((row) => row.record);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('h', [last.at, last.caseId, last.seq]) } : { items };
  }

  // --- timers ------------------------------------------------------------------------------------

  async dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    const { rows } = await this.#pool.query(this.#sql.due, [clampTime(until), limit === undefined || !Number.isFinite(limit) ? null : limit]);
    return (rows as TimerRow[]).map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: Number(row.due_at) }));
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { owner, now } = options;
    assertStorableText(owner, 'owner');
    const { rows } = await this.#pool.query(this.#sql.claim, [clampTime(options.until), now, options.limit ?? 1, owner, clampTime(now + options.leaseMs)]);
    const claimed = rows as TimerRow[];
    claimed.sort((a, b) => Number(a.due_at) - Number(b.due_at) || compareText(a.case_id, b.case_id) || a.ord - b.ord);
    return claimed.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: Number(row.due_at), owner, leaseUntil: Number(row.lease_until) }));
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    assertStorableText(owner, 'owner');
    await this.#pool.query(this.#sql.release, [checkCaseId(caseId), instance, owner]);
  }

  // --- outbox ------------------------------------------------------------------------------------

  async claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]> {
    const now = checkTime(options.now, 'now');
    const owner = checkName(options.owner, 'owner');
    const leaseUntil = now + checkTime(options.leaseMs, 'leaseMs');
    const { rows } = await this.#pool.query(this.#sql.claimEffects, [now, options.limit ?? 1, owner, leaseUntil]);
    return (rows as EffectRow[]).map(toEffect).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || compareText(a.id, b.id));
  }

  async completeEffect(id: string, owner: string): Promise<boolean> {
    return this.#settle(this.#sql.completeEffect, [checkName(id, 'effect id'), checkName(owner, 'owner')]);
  }

  async retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean> {
    const error = checkEffectError(retry.error);
    const at = checkTime(retry.nextAttemptAt, 'nextAttemptAt');
    return this.#settle(this.#sql.retryEffect, [checkName(id, 'effect id'), checkName(owner, 'owner'), error, at]);
  }

  async failEffect(id: string, owner: string, error: EffectError): Promise<boolean> {
    const json = checkEffectError(error);
    return this.#settle(this.#sql.failEffect, [checkName(id, 'effect id'), checkName(owner, 'owner'), json]);
  }

  async releaseEffect(id: string, owner: string): Promise<boolean> {
    return this.#settle(this.#sql.releaseEffect, [checkName(id, 'effect id'), checkName(owner, 'owner')]);
  }

  async #settle(sql: string, values: unknown[]): Promise<boolean> {
    const { rowCount } = await this.#pool.query(sql, values);
    return (rowCount ?? 0) > 0;
  }

  async effects(query?: EffectQuery): Promise<Page<StoredEffect>> {
    const q = parseEffectQuery(query);
    const where: string[] = [];
    const { values, param } = parameters();
    if (q.caseId !== undefined) where.push(`case_id = ${param(q.caseId)}`);
    if (q.statuses !== undefined) where.push(`status = ANY (${param([...q.statuses])}::text[])`);
    if (q.after !== undefined) where.push(`(created_at, id) > (${param(q.after.createdAt)}::bigint, ${param(q.after.id)}::text)`);
    const sql = `SELECT ${EFFECT_COLUMNS} FROM ${this.#sql.outbox}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY created_at, id LIMIT ${param(q.limit + 1)}`;
    const { rows } = await this.#pool.query(sql, values);
    const items = (rows as EffectRow[]).slice(0, q.limit).map(toEffect);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('e', [last.createdAt, last.id]) } : { items };
  }

  // --- models ------------------------------------------------------------------------------------

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    assertStorableText(model.key, 'model');
    assertStorableText(model.xml, 'model');
    const inserted = await this.#pool.query(this.#sql.insertModel, [model.key, model.version, model.xml, Date.now()]);
    const row = (inserted.rows[0] ?? (await this.#pool.query(this.#sql.loadModel, [model.key, model.version])).rows[0]) as ModelRow;
    return toModel(row);
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    assertStorableText(key, 'model key');
    const { rows } = await this.#pool.query(this.#sql.loadModel, [key, version]);
    return rows[0] === undefined ? undefined : toModel(rows[0] as ModelRow);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    assertStorableText(key, 'model key');
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

function toEffect(row: EffectRow): StoredEffect {
  return {
    id: row.id,
    caseId: row.case_id as CaseInstanceId,
    kind: row.kind,
    payload: row.payload,
    createdAt: Number(row.created_at),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.owner === null ? {} : { owner: row.owner }),
    ...(row.lease_until === null ? {} : { leaseUntil: Number(row.lease_until) }),
  };
}

/** Numbered parameters of a query built piece by piece: `param(value)` returns its `$n`. */
function parameters(): { readonly values: unknown[]; readonly param: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    param: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** A string as an SQL literal (escape-string syntax, so backslashes mean the same whatever `standard_conforming_strings`). */
function literal(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The case file value at a path, as jsonb (SQL NULL when missing; `->` does not go into arrays). */
function caseFileValue(path: readonly string[]): string {
  return `(case_file${path.map((member) => ` -> ${literal(member)}`).join('')})`;
}

/** `{ a: { b: value } }` for the path `a.b`. */
function nest(path: readonly string[], value: JsonScalar): unknown {
  return path.reduceRight<unknown>((inner, member) => ({ [member]: inner }), value);
}

/** One operator on a jsonb value `x` (SQL NULL when missing). */
function pgCondition(o: ParsedOperator, x: string, param: (value: unknown) => string): string {
  switch (o.op) {
    case 'exists':
      return o.value ? `${x} IS NOT NULL` : `${x} IS NULL`;
    case 'eq':
      return `${x} = ${param(JSON.stringify(o.value))}::jsonb`;
    case 'ne':
      return `${x} <> ${param(JSON.stringify(o.value))}::jsonb`;
    case 'in':
      return o.values.length === 0 ? 'false' : `${x} = ANY (${param(o.values.map((v) => JSON.stringify(v)))}::jsonb[])`;
    default: {
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[o.op];
      // Numbers compare as jsonb (numerically); strings by code point, as the other stores do.
      return typeof o.value === 'number'
        ? `(jsonb_typeof(${x}) = 'number' AND ${x} ${sign} ${param(JSON.stringify(o.value))}::jsonb)`
        : `(jsonb_typeof(${x}) = 'string' AND (${x} #>> '{}') COLLATE "C" ${sign} ${param(o.value)}::text COLLATE "C")`;
    }
  }
}

/** A short stable name for a path (index names are at most 63 bytes). */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
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
  const items = `${s}.casekit_items`;
  const outbox = `${s}.casekit_outbox`;
  // After `written` (the case row, when the revision matched): the history rows, the plan item
  // index, the timers brought in line with the state's — rows of fired timers deleted, new ones
  // inserted, a pending timer's row (and its claim) kept — and the outbox: effects marked done,
  // new effects added. Nothing happens when `written` is empty.
  const tasks = `${s}.casekit_tasks`;
  // Parameters k and k + 1 (after the case's own): the open human tasks the step changed (rows to
  // put, with their access keys) and the instance ids whose rows go (docs/work.md).
  const rest = (k: number): string => `
    ${taskWrites(tasks, k)}
    ), appended AS (
      INSERT INTO ${history} (case_id, seq, at, record, user_id, item_id, transition)
      SELECT $1, (r ->> 'seq')::integer, (r ->> 'at')::bigint, r, r ->> 'user', r ->> 'itemId', r ->> 'transition'
      FROM written, json_array_elements($11::json) AS r
    ), indexed AS (
      INSERT INTO ${items} (case_id, instance_id, item_id, state)
      SELECT DISTINCT ON (r ->> 'instanceId') $1, r ->> 'instanceId', r ->> 'itemId', r ->> 'to'
      FROM written, json_array_elements($11::json) AS r
      WHERE r ->> 'scope' = 'planItem' AND r ->> 'instanceId' IS NOT NULL AND r ->> 'itemId' IS NOT NULL
      ORDER BY r ->> 'instanceId', (r ->> 'seq')::integer DESC
      ON CONFLICT (case_id, item_id, instance_id) DO UPDATE SET state = excluded.state
    ), dropped AS (
      DELETE FROM ${timers} AS t USING written
      WHERE t.case_id = $1 AND NOT (t.instance = ANY ($12::integer[]))
    ), scheduled AS (
      INSERT INTO ${timers} (case_id, instance, due_at, ord)
      SELECT $1, x.instance, x.due_at, x.ord - 1
      FROM written, unnest($12::integer[], $13::bigint[]) WITH ORDINALITY AS x (instance, due_at, ord)
      ON CONFLICT (case_id, instance) DO UPDATE SET due_at = excluded.due_at, ord = excluded.ord
      WHERE ${timers}.due_at <> excluded.due_at OR ${timers}.ord <> excluded.ord
    ), settled AS (
      UPDATE ${outbox} AS o SET status = 'done', owner = NULL, lease_until = NULL
      FROM written WHERE o.id = ANY ($14::text[])
    ), added AS (
      INSERT INTO ${outbox} (id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, owner, lease_until)
      SELECT e ->> 'id', e ->> 'caseId', e ->> 'kind', e -> 'payload', (e ->> 'createdAt')::bigint, 'pending', 0, (e ->> 'createdAt')::bigint,
        e ->> 'owner', (e ->> 'leaseUntil')::bigint
      FROM written, json_array_elements($15::json) AS e
    )
    SELECT revision FROM written`;
  const held = `status = 'pending' AND owner = $2`;
  return {
    cases,
    items,
    outbox,
    tasks,
    historyTable: history,
    load: `SELECT revision, data FROM ${cases} WHERE id = $1`,
    revision: `SELECT revision FROM ${cases} WHERE id = $1`,
    insert: `
      WITH written AS (
        INSERT INTO ${cases} (id, revision, case_definition_id, model_key, model_version, state, format_version, created_at, updated_at, data, case_file)
        VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10::jsonb)
        ON CONFLICT (id) DO NOTHING
        RETURNING revision
      )${rest(16)}`,
    update: `
      WITH written AS (
        UPDATE ${cases} SET revision = revision + 1, case_definition_id = $2, model_key = $3, model_version = $4, state = $5,
          format_version = $6, created_at = $7, updated_at = $8, data = $9::json, case_file = $10::jsonb
        WHERE id = $1 AND revision = $16
        RETURNING revision
      )${rest(17)}`,
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
    claimEffects: `
      WITH due AS (
        SELECT id FROM ${outbox}
        WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
        ORDER BY next_attempt_at, created_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${outbox} AS o SET owner = $3, lease_until = $4
      FROM due WHERE o.id = due.id
      RETURNING o.id, o.case_id, o.kind, o.payload, o.created_at, o.status, o.attempts, o.next_attempt_at, o.last_error, o.owner, o.lease_until`,
    completeEffect: `UPDATE ${outbox} SET status = 'done', owner = NULL, lease_until = NULL WHERE id = $1 AND ${held}`,
    retryEffect: `
      UPDATE ${outbox} SET status = 'pending', attempts = attempts + 1, last_error = $3::json, next_attempt_at = $4, owner = NULL, lease_until = NULL
      WHERE id = $1 AND ${held}`,
    failEffect: `UPDATE ${outbox} SET status = 'failed', attempts = attempts + 1, last_error = $3::json, owner = NULL, lease_until = NULL WHERE id = $1 AND ${held}`,
    releaseEffect: `UPDATE ${outbox} SET owner = NULL, lease_until = NULL WHERE id = $1 AND ${held}`,
    insertModel: `
      INSERT INTO ${models} (key, version, xml, deployed_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (key, version) DO NOTHING
      RETURNING key, version, xml, deployed_at`,
    loadModel: `SELECT key, version, xml, deployed_at FROM ${models} WHERE key = $1 AND version = $2`,
    latestModel: `SELECT key, version, xml, deployed_at FROM ${models} WHERE key = $1 ORDER BY version DESC LIMIT 1`,
  };
}
