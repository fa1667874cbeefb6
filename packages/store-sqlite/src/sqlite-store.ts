import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
  type OutboxWrite,
  type Page,
  type StoredCase,
  type StoredEffect,
  type StoredModel,
  type TransitionRecord,
  type TaskQuery,
  type WorkItem,
} from '@casekit/core';
import { assertStorableJson, assertStorableText, checkCaseId, checkEffectError, checkName, checkOutboxWrite, checkTime, compareText, encodeCursor, parseCaseFilePath, parseCaseQuery, parseEffectQuery, parseHistoryQuery, DEFAULT_PAGE_SIZE, type ParsedCaseQuery, type ParsedOperator, workIndexChanges } from '@casekit/core/internals';
import type { SqliteDatabase, SqliteStatement } from './driver.js';
import { migrate } from './migrations.js';
import { SqliteTaskIndex } from './tasks.js';

/** Options of {@link SqliteCaseStore.open}. */
export interface SqliteStoreOptions {
  /** How long a write waits for another connection's write lock before failing (ms). Default 5,000. */
  readonly busyTimeoutMs?: number;
  /**
   * `FULL` (default): a committed step is on disk when `save` resolves. `NORMAL`: faster; a
   * committed step survives a crash of the process but may be lost on power failure (WAL mode).
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /**
   * Case file paths queried often (`'region'`, `'claim.policy'`): each gets an index on its value,
   * used by `query({ caseFile: { path: … } })`. Other paths are still queryable (a scan).
   */
  readonly indexCaseFileFields?: readonly string[];
  /**
   * Writes (saves, claims, outbox updates) arriving while a transaction is being prepared are
   * committed together, each in a savepoint of its own, so concurrent commands share one disk
   * sync (group commit); every write still resolves only after its commit. At most this many
   * writes per transaction. Default 256; 1 commits every write alone.
   */
  readonly maxBatch?: number;
}

interface CaseRow {
  readonly revision: number;
  readonly data: string;
}

interface SummaryRow {
  readonly id: string;
  readonly case_definition_id: string;
  readonly model_key: string;
  readonly model_version: number;
  readonly state: string;
  readonly revision: number;
  readonly updated_at: number;
}

interface TimerRow {
  readonly case_id: string;
  readonly instance: number;
  readonly due_at: number;
  readonly ord: number;
  readonly lease_until?: number;
}

interface ModelRow {
  readonly key: string;
  readonly version: number;
  readonly xml: string;
  readonly deployed_at: number;
}

interface EffectRow {
  readonly id: string;
  readonly case_id: string;
  readonly kind: string;
  readonly payload: string;
  readonly created_at: number;
  readonly status: StoredEffect['status'];
  readonly attempts: number;
  readonly next_attempt_at: number;
  readonly last_error: string | null;
  readonly owner: string | null;
  readonly lease_until: number | null;
}

/** A write waiting for the next transaction. */
interface QueuedWrite {
  readonly run: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const EFFECT_COLUMNS = 'id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, last_error, owner, lease_until';

/**
 * Cases in one SQLite file (better-sqlite3, WAL): the casekit store for one machine, also shared
 * by several processes on it (writes serialise on SQLite's write lock; the store waits its turn
 * asynchronously). Every `save` is atomic: the revision check, the new state, its history, its
 * timers, its outbox rows and its plan item index commit together or not at all. Writes that
 * arrive together share one transaction (group commit), each in its own savepoint, so one failing
 * write (a conflict) leaves the others intact.
 *
 * better-sqlite3 is synchronous: each call blocks the event loop for the duration of the query
 * (a save of a small case takes tens of microseconds plus the disk sync).
 *
 * @example
 * import Database from 'better-sqlite3';
 * const store = SqliteCaseStore.open(new Database('.casekit/cases.db'));
 * const engine = createEngine({ store });
 */
export class SqliteCaseStore implements CaseStore {
  readonly #db: SqliteDatabase;
  readonly #indexed: ReadonlySet<string>;
  readonly #busyTimeoutMs: number;
  readonly #maxBatch: number;
  #queue: QueuedWrite[] = [];
  #draining = false;
  readonly #s: ReturnType<typeof statements>;
  readonly #tasks: SqliteTaskIndex;

  /**
   * Sets up a database for casekit (WAL, busy timeout) and migrates its schema. The store takes
   * ownership of the connection: `close()` closes it.
   */
  static open(db: SqliteDatabase, options: SqliteStoreOptions = {}): SqliteCaseStore {
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    const fields = options.indexCaseFileFields ?? [];
    const paths = fields.map((field) => {
      let path: readonly string[];
      try {
        path = parseCaseFilePath(field);
      } catch (error) {
        throw new InvalidStoreNameError('indexCaseFileFields', field, (error as Error).message);
      }
      const literal = jsonPath(path);
      if (literal === undefined) throw new InvalidStoreNameError('indexCaseFileFields', field, 'an indexed path has no double quote, backslash or control character');
      return literal;
    });
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    migrate(db);
    fields.forEach((field, i) => {
      // (JSON type, value): a query's type and value conditions are both answered by the index,
      // so matching rows are found without parsing their JSON. An index of an older definition
      // (value only) is replaced.
      const name = quoteIdentifier(`casekit_cf_${field}`);
      const existing = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(`casekit_cf_${field}`) as { sql: string } | undefined;
      if (existing !== undefined && !existing.sql.includes('json_type(')) db.exec(`DROP INDEX ${name}`);
      db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON casekit_cases (json_type(data, ${paths[i]}), json_extract(data, ${paths[i]}))`);
    });
    return new SqliteCaseStore(db, new Set(fields), busyTimeoutMs, Math.max(1, Math.floor(options.maxBatch ?? 256)));
  }

  private constructor(db: SqliteDatabase, indexed: ReadonlySet<string>, busyTimeoutMs: number, maxBatch: number) {
    this.#db = db;
    this.#indexed = indexed;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#maxBatch = maxBatch;
    this.#s = statements(db);
    this.#tasks = new SqliteTaskIndex(db);
  }

  /** The underlying connection (for backups: `db.backup(file)` in better-sqlite3). */
  get database(): SqliteDatabase {
    return this.#db;
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const row = this.#s.load.get(checkCaseId(id)) as CaseRow | undefined;
    return row === undefined ? undefined : { state: JSON.parse(row.data) as CaseInstanceState, revision: row.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number> {
    const id = checkCaseId(state?.id);
    const write = checkOutboxWrite(outbox);
    const data = JSON.stringify(state);
    assertStorableJson(data, 'state', id);
    const records = transitions.map((record) => {
      const json = JSON.stringify(record);
      assertStorableJson(json, 'history', id);
      return json;
    });
    const s = this.#s;
    const d = state.definition;
    const add = outbox?.add ?? [];
    const taskChanges = workIndexChanges(state, transitions);
    return this.#write(() => {
      const changes =
        expectedRevision === null
          ? s.insert.run(id, d.caseId, d.modelKey, d.modelVersion, state.state, state.formatVersion, state.createdAt, state.updatedAt, data).changes
          : s.update.run(d.caseId, d.modelKey, d.modelVersion, state.state, state.formatVersion, state.createdAt, state.updatedAt, data, id, expectedRevision).changes;
      if (changes === 0) {
        const actual = (s.revision.get(id) as { revision: number } | undefined)?.revision ?? null;
        throw new ConcurrencyConflictError(id, expectedRevision, actual);
      }
      transitions.forEach((record, i) => {
        s.history.run(id, record.seq, record.at, records[i], record.user ?? null, record.itemId ?? null, record.transition);
        if (record.scope === 'planItem' && record.instanceId !== undefined && record.itemId !== undefined) s.item.run(id, record.instanceId, record.itemId, record.to);
      });
      this.#tasks.write(id, taskChanges);
      if (state.state === 'Active') {
        s.dropTimers.run(id, JSON.stringify(state.timers.map((t) => t.instance)));
        state.timers.forEach((timer, ord) => s.upsertTimer.run(id, timer.instance, timer.dueAt, ord));
      } else {
        s.dropAllTimers.run(id);
      }
      for (const effectId of write.done) s.effectDone.run(effectId);
      add.forEach((effect, i) => {
        try {
          s.addEffect.run(effect.id, effect.caseId, effect.kind, write.payloads[i], effect.createdAt, effect.createdAt, write.claim?.owner ?? null, write.claim?.leaseUntil ?? null);
        } catch (error) {
          if (String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw new DuplicateEffectError(effect.id);
          throw error;
        }
      });
      return (expectedRevision ?? 0) + 1;
    });
  }

  /**
   * Runs `body` in a write transaction, resolving after the commit. Writes queued while the
   * current transaction is prepared join it, each in a savepoint (a write that throws is rolled
   * back alone). The queue is drained by one loop: take the write lock (waiting asynchronously
   * while another connection holds it), run the queued writes synchronously, commit, settle.
   */
  #write<T>(body: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run: body, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Let the writes of the same turn of the event loop join this transaction.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        try {
          await this.#lock();
        } catch (error) {
          for (const write of this.#queue.splice(0)) write.reject(error);
          break;
        }
        const batch = this.#queue.splice(0, this.#maxBatch);
        const results = this.#runBatch(batch);
        try {
          this.#s.commit.run();
        } catch (error) {
          if (this.#db.inTransaction) this.#s.rollback.run();
          for (const write of batch) write.reject(error);
          continue;
        }
        batch.forEach((write, i) => {
          const result = results[i]!;
          if (result.ok) write.resolve(result.value);
          else write.reject(result.error);
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  #runBatch(batch: readonly QueuedWrite[]): ({ ok: true; value: unknown } | { ok: false; error: unknown })[] {
    const s = this.#s;
    return batch.map((write) => {
      s.savepoint.run();
      try {
        const value = write.run();
        s.releaseSavepoint.run();
        return { ok: true as const, value };
      } catch (error) {
        s.rollbackToSavepoint.run();
        s.releaseSavepoint.run();
        return { ok: false as const, error };
      }
    });
  }

  /**
   * Takes the write lock (`BEGIN IMMEDIATE`). While another connection holds it, waits
   * asynchronously in short random steps instead of in SQLite's busy handler, which would block
   * the event loop and sleep in coarse steps (up to 100 ms) long after the lock is free; gives up
   * with SQLITE_BUSY after `busyTimeoutMs`.
   */
  async #lock(): Promise<void> {
    const deadline = Date.now() + this.#busyTimeoutMs;
    for (let attempt = 0; !this.#tryBegin(); attempt++) {
      if (Date.now() >= deadline) {
        throw Object.assign(new Error(`casekit: the SQLite database stayed locked for ${this.#busyTimeoutMs} ms (busyTimeoutMs)`), { code: 'SQLITE_BUSY' });
      }
      const ms = Math.random() * Math.min(8, 0.25 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }

  /** `BEGIN IMMEDIATE` without waiting: false when another connection holds the write lock. */
  #tryBegin(): boolean {
    this.#db.exec('PRAGMA busy_timeout = 0');
    try {
      this.#s.begin.run();
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
      throw error;
    } finally {
      this.#db.exec(`PRAGMA busy_timeout = ${this.#busyTimeoutMs}`);
    }
  }

  async history(id: CaseInstanceId, options: HistoryOptions = {}): Promise<readonly TransitionRecord[]> {
    const rows = this.#s.readHistory.all(checkCaseId(id), options.afterSeq ?? -1, options.limit ?? -1) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as TransitionRecord);
  }

  // --- queries -----------------------------------------------------------------------------------

  async query(filter?: CaseQuery): Promise<readonly CaseSummary[]> {
    return this.#query(filter, undefined).items;
  }

  async queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>> {
    return this.#query(filter, DEFAULT_PAGE_SIZE);
  }

  /** Open human tasks across cases (docs/work.md). */
  async tasks(filter?: TaskQuery): Promise<Page<WorkItem>> {
    return this.#tasks.tasks(filter, (conditions, params) =>
      conditions.flatMap((c) => {
        const literal = jsonPath(c.path);
        return c.operators.map((o) => (literal === undefined ? eachCondition(c.path, o, params) : sqlCondition(o, `json_extract(data, ${literal})`, `json_type(data, ${literal})`, params)));
      }),
    );
  }

  #query(filter: CaseQuery | undefined, defaultLimit: number | undefined): Page<CaseSummary> {
    const q = parseCaseQuery(filter, defaultLimit);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.caseDefinitionId !== undefined) {
      where.push('case_definition_id = ?');
      params.push(q.caseDefinitionId);
    }
    if (q.modelKey !== undefined) {
      where.push('model_key = ?');
      params.push(q.modelKey);
    }
    if (q.states !== undefined) {
      where.push(`state IN (${q.states.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...q.states);
    }
    for (const condition of q.caseFile) {
      const literal = jsonPath(condition.path);
      for (const operator of condition.operators) {
        if (literal !== undefined) {
          // The same expression as the optional index, so that SQLite uses it; json_type keeps the
          // comparison strict (true ≠ 1, "1" ≠ 1, an object's JSON text ≠ a string).
          where.push(sqlCondition(operator, `json_extract(data, ${literal})`, `json_type(data, ${literal})`, params));
        } else {
          where.push(eachCondition(condition.path, operator, params));
        }
      }
    }
    // A plan item state held by few cases: their ids first (an index range), then sort them. Held
    // by many: walk the cases in the query's order and probe each, stopping at `limit` — sorting
    // tens of thousands of matches to return fifty would cost a row read per match.
    const dense = q.limit !== undefined && q.planItems.length > 0 && this.#dense(q.planItems[0]!, 64 * (q.limit + 1));
    for (const item of q.planItems) {
      const states = item.states === undefined ? '' : ` AND i.state IN (${item.states.map(() => '?').join(', ') || 'NULL'})`;
      where.push(
        dense
          ? `EXISTS (SELECT 1 FROM casekit_items AS i WHERE i.case_id = casekit_cases.id AND i.item_id = ?${states})`
          : `id IN (SELECT i.case_id FROM casekit_items AS i WHERE i.item_id = ?${states})`,
      );
      params.push(item.id, ...(item.states ?? []));
    }
    if (q.after !== undefined) {
      where.push('(updated_at < ? OR (updated_at = ? AND id > ?))');
      params.push(q.after.updatedAt, q.after.updatedAt, q.after.id);
    }
    const limit = q.limit === undefined ? '' : ` LIMIT ${q.limit + 1}`;
    // Without statistics SQLite prefers walking the update-time index and testing each row over a
    // range scan of a case file index, which costs a JSON parse per row until `limit` rows match
    // (all rows when none do). A condition on an indexed path names its index instead.
    const indexed = this.#indexFor(q.caseFile);
    const sql =
      `SELECT id, case_definition_id, model_key, model_version, state, revision, updated_at FROM casekit_cases${indexed === undefined ? '' : ` INDEXED BY ${quoteIdentifier(`casekit_cf_${indexed}`)}`}` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY updated_at DESC, id${limit}`;
    const rows = this.#db.prepare(sql).all(...params) as SummaryRow[];
    const items = rows.slice(0, q.limit).map((row) => ({
      id: row.id as CaseInstanceId,
      caseDefinitionId: row.case_definition_id,
      modelKey: row.model_key,
      modelVersion: row.model_version,
      state: row.state as CaseSummary['state'],
      revision: row.revision,
      updatedAt: row.updated_at,
    }));
    const last = items.at(-1);
    return q.limit !== undefined && rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('c', [last.updatedAt, last.id]) } : { items };
  }

  async historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>> {
    const q = parseHistoryQuery(filter);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (q.caseId !== undefined) add('case_id = ?', q.caseId);
    if (q.user !== undefined) add('user_id = ?', q.user);
    if (q.itemId !== undefined) add('item_id = ?', q.itemId);
    if (q.transition !== undefined) add('transition = ?', q.transition);
    if (q.from !== undefined) add('at >= ?', q.from);
    if (q.to !== undefined) add('at < ?', q.to);
    if (q.after !== undefined) {
      where.push('(at, case_id, seq) > (?, ?, ?)');
      params.push(q.after.at, q.after.caseId, q.after.seq);
    }
    const sql = `SELECT record FROM casekit_history${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY at, case_id, seq LIMIT ${q.limit + 1}`;
    const rows = this.#db.prepare(sql).all(...params) as { record: string }[];
    const items = rows.slice(0, q.limit).map((row) => JSON.parse(row.record) as TransitionRecord);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('h', [last.at, last.caseId, last.seq]) } : { items };
  }

  /** Whether at least `enough` plan item instances match a condition. */
  #dense(item: ParsedCaseQuery['planItems'][number], enough: number): boolean {
    const states = item.states === undefined ? '' : ` AND state IN (${item.states.map(() => '?').join(', ') || 'NULL'})`;
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM casekit_items WHERE item_id = ?${states} LIMIT ${enough})`;
    return (this.#db.prepare(sql).get(item.id, ...(item.states ?? [])) as { n: number }).n >= enough;
  }

  /** The indexed path to drive a query by: an equality on a string or number first, else a range. */
  #indexFor(conditions: ParsedCaseQuery['caseFile']): string | undefined {
    const usable = (kinds: readonly string[]) =>
      conditions.find((c) => this.#indexed.has(c.key) && jsonPath(c.path) !== undefined && c.operators.some((o) => kinds.includes(o.op) && 'value' in o && (typeof o.value === 'string' || typeof o.value === 'number')))?.key;
    return usable(['eq']) ?? usable(['lt', 'lte', 'gt', 'gte']);
  }

  /** Whether `query` on this case file path uses an index. */
  isIndexed(field: string): boolean {
    return this.#indexed.has(field);
  }

  // --- timers ------------------------------------------------------------------------------------

  async dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    const rows = this.#s.due.all(until, limit === undefined || !Number.isFinite(limit) ? -1 : limit) as TimerRow[];
    return rows.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: row.due_at }));
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { owner, now } = options;
    assertStorableText(owner, 'owner');
    const rows = await this.#write(() => this.#s.claim.all(owner, now + options.leaseMs, options.until, now, options.limit ?? 1) as TimerRow[]);
    rows.sort((a, b) => a.due_at - b.due_at || compareText(a.case_id, b.case_id) || a.ord - b.ord);
    return rows.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: row.due_at, owner, leaseUntil: row.lease_until! }));
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    const id = checkCaseId(caseId);
    await this.#write(() => this.#s.release.run(id, instance, owner));
  }

  // --- outbox ------------------------------------------------------------------------------------

  async claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]> {
    const now = checkTime(options.now, 'now');
    const owner = checkName(options.owner, 'owner');
    const leaseUntil = now + checkTime(options.leaseMs, 'leaseMs');
    const limit = options.limit ?? 1;
    const rows = await this.#write(() => this.#s.claimEffects.all(owner, leaseUntil, now, now, limit) as EffectRow[]);
    return rows.map(toEffect).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || compareText(a.id, b.id));
  }

  async completeEffect(id: string, owner: string): Promise<boolean> {
    return this.#write(() => this.#s.completeEffect.run(id, owner).changes > 0);
  }

  async retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean> {
    const error = checkEffectError(retry.error);
    const at = checkTime(retry.nextAttemptAt, 'nextAttemptAt');
    return this.#write(() => this.#s.retryEffect.run(error, at, id, owner).changes > 0);
  }

  async failEffect(id: string, owner: string, error: EffectError): Promise<boolean> {
    const json = checkEffectError(error);
    return this.#write(() => this.#s.failEffect.run(json, id, owner).changes > 0);
  }

  async releaseEffect(id: string, owner: string): Promise<boolean> {
    return this.#write(() => this.#s.releaseEffect.run(id, owner).changes > 0);
  }

  async effects(query?: EffectQuery): Promise<Page<StoredEffect>> {
    const q = parseEffectQuery(query);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.caseId !== undefined) {
      where.push('case_id = ?');
      params.push(q.caseId);
    }
    if (q.statuses !== undefined) {
      where.push(`status IN (${q.statuses.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...q.statuses);
    }
    if (q.after !== undefined) {
      where.push('(created_at, id) > (?, ?)');
      params.push(q.after.createdAt, q.after.id);
    }
    const sql = `SELECT ${EFFECT_COLUMNS} FROM casekit_outbox${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY created_at, id LIMIT ${q.limit + 1}`;
    const rows = this.#db.prepare(sql).all(...params) as EffectRow[];
    const items = rows.slice(0, q.limit).map(toEffect);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('e', [last.createdAt, last.id]) } : { items };
  }

  // --- models ------------------------------------------------------------------------------------

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    assertStorableText(model.key, 'model');
    assertStorableText(model.xml, 'model');
    return this.#write(() => {
      this.#s.insertModel.run(model.key, model.version, model.xml, Date.now());
      return toModel(this.#s.loadModel.get(model.key, model.version) as ModelRow);
    });
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    const row = this.#s.loadModel.get(key, version) as ModelRow | undefined;
    return row === undefined ? undefined : toModel(row);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    const row = this.#s.latestModel.get(key) as ModelRow | undefined;
    return row === undefined ? undefined : toModel(row);
  }

  /** Waits for the queued writes, then closes the database connection. */
  async close(): Promise<void> {
    while (this.#draining || this.#queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    this.#db.close();
  }
}

/**
 * Opens (creating it and its folder if needed) a SQLite file as a case store, with better-sqlite3
 * loaded from the application's dependencies.
 *
 * @example
 * const store = await openSqliteStore('.casekit/cases.db');
 * const engine = createEngine({ store });
 */
export async function openSqliteStore(filename: string, options: SqliteStoreOptions = {}): Promise<SqliteCaseStore> {
  let Database: new (filename: string) => SqliteDatabase;
  try {
    Database = ((await import('better-sqlite3')) as unknown as { default: new (filename: string) => SqliteDatabase }).default;
  } catch (error) {
    throw new Error(`casekit: @casekit/store-sqlite needs better-sqlite3 (npm install better-sqlite3): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (filename !== ':memory:' && filename !== '') mkdirSync(dirname(filename), { recursive: true });
  const db = new Database(filename);
  try {
    return SqliteCaseStore.open(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}

function statements(db: SqliteDatabase) {
  const claimable = `status = 'pending' AND owner = ?`;
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT casekit_write'),
    releaseSavepoint: db.prepare('RELEASE casekit_write'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO casekit_write'),
    load: db.prepare('SELECT revision, data FROM casekit_cases WHERE id = ?'),
    revision: db.prepare('SELECT revision FROM casekit_cases WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO casekit_cases (id, revision, case_definition_id, model_key, model_version, state, format_version, created_at, updated_at, data)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE casekit_cases SET revision = revision + 1, case_definition_id = ?, model_key = ?, model_version = ?, state = ?,
         format_version = ?, created_at = ?, updated_at = ?, data = ?
       WHERE id = ? AND revision = ?`,
    ),
    history: db.prepare('INSERT INTO casekit_history (case_id, seq, at, record, user_id, item_id, transition) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    item: db.prepare(
      `INSERT INTO casekit_items (case_id, instance_id, item_id, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id, item_id, instance_id) DO UPDATE SET state = excluded.state`,
    ),
    readHistory: db.prepare('SELECT record FROM casekit_history WHERE case_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    dropTimers: db.prepare('DELETE FROM casekit_timers WHERE case_id = ? AND instance NOT IN (SELECT value FROM json_each(?))'),
    dropAllTimers: db.prepare('DELETE FROM casekit_timers WHERE case_id = ?'),
    upsertTimer: db.prepare(
      `INSERT INTO casekit_timers (case_id, instance, due_at, ord) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id, instance) DO UPDATE SET due_at = excluded.due_at, ord = excluded.ord
       WHERE due_at <> excluded.due_at OR ord <> excluded.ord`,
    ),
    due: db.prepare('SELECT case_id, instance, due_at FROM casekit_timers WHERE due_at <= ? ORDER BY due_at, case_id, ord LIMIT ?'),
    claim: db.prepare(
      `UPDATE casekit_timers SET owner = ?, lease_until = ?
       WHERE (case_id, instance) IN (
         SELECT case_id, instance FROM casekit_timers
         WHERE due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY due_at, case_id, ord LIMIT ?)
       RETURNING case_id, instance, due_at, ord, lease_until`,
    ),
    release: db.prepare('UPDATE casekit_timers SET owner = NULL, lease_until = NULL WHERE case_id = ? AND instance = ? AND owner = ?'),
    addEffect: db.prepare(
      `INSERT INTO casekit_outbox (id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, owner, lease_until)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    ),
    effectDone: db.prepare(`UPDATE casekit_outbox SET status = 'done', owner = NULL, lease_until = NULL WHERE id = ?`),
    claimEffects: db.prepare(
      `UPDATE casekit_outbox SET owner = ?, lease_until = ?
       WHERE id IN (
         SELECT id FROM casekit_outbox
         WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY next_attempt_at, created_at, id LIMIT ?)
       RETURNING ${EFFECT_COLUMNS}`,
    ),
    completeEffect: db.prepare(`UPDATE casekit_outbox SET status = 'done', owner = NULL, lease_until = NULL WHERE id = ? AND ${claimable}`),
    retryEffect: db.prepare(
      `UPDATE casekit_outbox SET status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ?, owner = NULL, lease_until = NULL
       WHERE id = ? AND ${claimable}`,
    ),
    failEffect: db.prepare(
      `UPDATE casekit_outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ? AND ${claimable}`,
    ),
    releaseEffect: db.prepare(`UPDATE casekit_outbox SET owner = NULL, lease_until = NULL WHERE id = ? AND ${claimable}`),
    insertModel: db.prepare('INSERT INTO casekit_models (key, version, xml, deployed_at) VALUES (?, ?, ?, ?) ON CONFLICT (key, version) DO NOTHING'),
    loadModel: db.prepare('SELECT key, version, xml, deployed_at FROM casekit_models WHERE key = ? AND version = ?'),
    latestModel: db.prepare('SELECT key, version, xml, deployed_at FROM casekit_models WHERE key = ? ORDER BY version DESC LIMIT 1'),
  } satisfies Record<string, SqliteStatement>;
}

function toModel(row: ModelRow): StoredModel {
  return { key: row.key, version: row.version, xml: row.xml, deployedAt: row.deployed_at };
}

function toEffect(row: EffectRow): StoredEffect {
  return {
    id: row.id,
    caseId: row.case_id as CaseInstanceId,
    kind: row.kind,
    payload: JSON.parse(row.payload) as StoredEffect['payload'],
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: JSON.parse(row.last_error) as EffectError }),
    ...(row.owner === null ? {} : { owner: row.owner }),
    ...(row.lease_until === null ? {} : { leaseUntil: row.lease_until }),
  };
}

/**
 * `'$.caseFile."a"."b"'` as an SQL string literal, or undefined when a member name would need an
 * escape in a JSON path (double quote, backslash, control character): those are read with
 * `json_each` instead, which compares member names as bound parameters.
 */
function jsonPath(path: readonly string[]): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (path.some((member) => /["\\\u0000-\u001f]/.test(member))) return undefined;
  return `'$.caseFile${path.map((member) => `."${member.replaceAll("'", "''")}"`).join('')}'`;
}

/** One operator on a value `v` of JSON type `t` (`json_type`: null when missing), parenthesised. */
function sqlCondition(o: ParsedOperator, v: string, t: string, params: unknown[]): string {
  const equal = (value: unknown): string => {
    if (value === null) return `(${t} = 'null')`;
    if (value === true) return `(${t} = 'true')`;
    if (value === false) return `(${t} = 'false')`;
    params.push(value);
    return typeof value === 'number' ? `(${t} IN ('integer', 'real') AND ${v} = ?)` : `(${t} = 'text' AND ${v} = ?)`;
  };
  switch (o.op) {
    case 'exists':
      return o.value ? `(${t} IS NOT NULL)` : `(${t} IS NULL)`;
    case 'eq':
      return equal(o.value);
    case 'ne':
      return `(${t} IS NOT NULL AND NOT ${equal(o.value)})`;
    case 'in':
      return o.values.length === 0 ? '(0)' : `(${o.values.map(equal).join(' OR ')})`;
    default: {
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[o.op];
      params.push(o.value);
      return typeof o.value === 'number' ? `(${t} IN ('integer', 'real') AND ${v} ${sign} ?)` : `(${t} = 'text' AND ${v} ${sign} ?)`;
    }
  }
}

/** One operator on a path whose member names cannot be a JSON path literal: a `json_each` walk. */
function eachCondition(path: readonly string[], o: ParsedOperator, params: unknown[]): string {
  const joins: string[] = [];
  const keys: string[] = [];
  path.forEach((member, i) => {
    const j = `j${i}`;
    joins.push(i === 0 ? `json_each(data, '$.caseFile') AS ${j}` : `json_each(CASE WHEN j${i - 1}.type = 'object' THEN j${i - 1}.value ELSE '{}' END) AS ${j}`);
    keys.push(`${j}.key = ?`);
    params.push(member);
  });
  const last = `j${path.length - 1}`;
  const from = `SELECT 1 FROM ${joins.join(', ')} WHERE ${keys.join(' AND ')}`;
  if (o.op === 'exists') return o.value ? `EXISTS (${from})` : `NOT EXISTS (${from})`;
  return `EXISTS (${from} AND ${sqlCondition(o, `${last}.value`, `${last}.type`, params)})`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
