import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
import type { SqliteDatabase, SqliteStatement } from './driver.js';
import { migrate } from './migrations.js';


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
   * Case file fields queried often: each gets an index on its value, used by
   * `query({ caseFile: { field: value } })`. Other fields are still queryable (a scan).
   */
  readonly indexCaseFileFields?: readonly string[];
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

/**
 * Cases in one SQLite file (better-sqlite3, WAL): the casekit store for one machine, also shared
 * by several processes on it (writes serialise on SQLite's write lock; a busy timeout makes them
 * wait their turn). Every `save` is one `BEGIN IMMEDIATE` transaction: the revision check, the
 * new state, its history and its timers commit together or not at all.
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
  readonly #s: {
    begin: SqliteStatement;
    commit: SqliteStatement;
    rollback: SqliteStatement;
    load: SqliteStatement;
    revision: SqliteStatement;
    insert: SqliteStatement;
    update: SqliteStatement;
    history: SqliteStatement;
    readHistory: SqliteStatement;
    dropTimers: SqliteStatement;
    dropAllTimers: SqliteStatement;
    upsertTimer: SqliteStatement;
    due: SqliteStatement;
    claim: SqliteStatement;
    release: SqliteStatement;
    insertModel: SqliteStatement;
    loadModel: SqliteStatement;
    latestModel: SqliteStatement;
  };

  /**
   * Sets up a database for casekit (WAL, busy timeout, foreign keys) and migrates its schema.
   * The store takes ownership of the connection: `close()` closes it.
   */
  static open(db: SqliteDatabase, options: SqliteStoreOptions = {}): SqliteCaseStore {
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    migrate(db);
    const fields = options.indexCaseFileFields ?? [];
    for (const field of fields) {
      const path = caseFilePath(field);
      if (path === undefined) throw new RangeError(`casekit: cannot index case file field ${JSON.stringify(field)} (double quotes or control characters)`);
      db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`casekit_cf_${field}`)} ON casekit_cases (json_extract(data, ${path}))`);
    }
    return new SqliteCaseStore(db, new Set(fields), busyTimeoutMs);
  }

  private constructor(db: SqliteDatabase, indexed: ReadonlySet<string>, busyTimeoutMs: number) {
    this.#db = db;
    this.#indexed = indexed;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#s = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
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
      history: db.prepare('INSERT INTO casekit_history (case_id, seq, at, record) VALUES (?, ?, ?, ?)'),
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
      insertModel: db.prepare('INSERT INTO casekit_models (key, version, xml, deployed_at) VALUES (?, ?, ?, ?) ON CONFLICT (key, version) DO NOTHING'),
      loadModel: db.prepare('SELECT key, version, xml, deployed_at FROM casekit_models WHERE key = ? AND version = ?'),
      latestModel: db.prepare('SELECT key, version, xml, deployed_at FROM casekit_models WHERE key = ? ORDER BY version DESC LIMIT 1'),
    };
  }

  /** The underlying connection (for backups: `db.backup(file)` in better-sqlite3). */
  get database(): SqliteDatabase {
    return this.#db;
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const row = this.#s.load.get(id) as CaseRow | undefined;
    return row === undefined ? undefined : { state: JSON.parse(row.data) as CaseInstanceState, revision: row.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[]): Promise<number> {
    const s = this.#s;
    const data = JSON.stringify(state);
    const d = state.definition;
    await this.#write(() => {
      const changes =
        expectedRevision === null
          ? s.insert.run(state.id, d.caseId, d.modelKey, d.modelVersion, state.state, state.formatVersion, state.createdAt, state.updatedAt, data).changes
          : s.update.run(d.caseId, d.modelKey, d.modelVersion, state.state, state.formatVersion, state.createdAt, state.updatedAt, data, state.id, expectedRevision)
              .changes;
      if (changes === 0) {
        const actual = (s.revision.get(state.id) as { revision: number } | undefined)?.revision ?? null;
        throw new ConcurrencyConflictError(state.id, expectedRevision, actual);
      }
      for (const record of transitions) s.history.run(state.id, record.seq, record.at, JSON.stringify(record));
      if (state.state === 'Active') {
        s.dropTimers.run(state.id, JSON.stringify(state.timers.map((t) => t.instance)));
        state.timers.forEach((timer, ord) => s.upsertTimer.run(state.id, timer.instance, timer.dueAt, ord));
      } else {
        s.dropAllTimers.run(state.id);
      }
    });
    return (expectedRevision ?? 0) + 1;
  }

  /**
   * Runs `body` in a write transaction (`BEGIN IMMEDIATE` … `COMMIT`, `ROLLBACK` if it throws),
   * synchronously once the write lock is held, so that no other call on this connection can run
   * in between. While another connection holds the lock, waits asynchronously in short random
   * steps instead of in SQLite's busy handler, which would block the event loop and sleep in
   * coarse steps (up to 100 ms) long after the lock is free; gives up with SQLITE_BUSY after
   * `busyTimeoutMs`.
   */
  async #write(body: () => void): Promise<void> {
    const deadline = Date.now() + this.#busyTimeoutMs;
    for (let attempt = 0; !this.#tryBegin(); attempt++) {
      if (Date.now() >= deadline) {
        throw Object.assign(new Error(`casekit: the SQLite database stayed locked for ${this.#busyTimeoutMs} ms (busyTimeoutMs)`), { code: 'SQLITE_BUSY' });
      }
      const ms = Math.random() * Math.min(8, 0.25 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    try {
      body();
      this.#s.commit.run();
    } catch (error) {
      if (this.#db.inTransaction) this.#s.rollback.run();
      throw error;
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

  async history(id: CaseInstanceId, options: { readonly afterSeq?: number; readonly limit?: number } = {}): Promise<readonly TransitionRecord[]> {
    const rows = this.#s.readHistory.all(id, options.afterSeq ?? -1, options.limit ?? -1) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as TransitionRecord);
  }

  async query(filter: CaseQuery = {}): Promise<readonly CaseSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.caseDefinitionId !== undefined) {
      where.push('case_definition_id = ?');
      params.push(filter.caseDefinitionId);
    }
    if (filter.modelKey !== undefined) {
      where.push('model_key = ?');
      params.push(filter.modelKey);
    }
    if (filter.state !== undefined) {
      const states = typeof filter.state === 'string' ? [filter.state] : filter.state;
      where.push(`state IN (${states.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...states);
    }
    // Fields whose name cannot be a JSON path literal are compared here, after the query.
    const late: [string, unknown][] = [];
    for (const [field, value] of Object.entries(filter.caseFile ?? {})) {
      const path = caseFilePath(field);
      if (path === undefined) {
        late.push([field, value]);
        continue;
      }
      // The same expression as the optional index, so that SQLite uses it; the type check keeps
      // the comparison strict (true ≠ 1, "1" ≠ 1, an object's JSON text ≠ a string).
      const value_ = `json_extract(data, ${path})`;
      const type = `json_type(data, ${path})`;
      if (value === null) where.push(`${value_} IS NULL AND ${type} = 'null'`);
      else if (value === true) where.push(`${value_} = 1 AND ${type} = 'true'`);
      else if (value === false) where.push(`${value_} = 0 AND ${type} = 'false'`);
      else if (typeof value === 'number') {
        where.push(`${value_} = ? AND ${type} IN ('integer', 'real')`);
        params.push(value);
      } else {
        where.push(`${value_} = ? AND ${type} = 'text'`);
        params.push(value);
      }
    }
    const limit = late.length === 0 && filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
    const columns = late.length === 0 ? '' : ', data';
    const sql =
      `SELECT id, case_definition_id, model_key, model_version, state, revision, updated_at${columns} FROM casekit_cases` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY updated_at DESC, id${limit}`;
    let rows = this.#db.prepare(sql).all(...params) as (SummaryRow & { data?: string })[];
    if (late.length > 0) {
      rows = rows.filter((row) => {
        const caseFile = (JSON.parse(row.data!) as CaseInstanceState).caseFile;
        return late.every(([field, value]) => Object.hasOwn(caseFile, field) && caseFile[field] === value);
      });
      if (filter.limit !== undefined) rows = rows.slice(0, filter.limit);
    }
    return rows.map((row) => ({
      id: row.id as CaseInstanceId,
      caseDefinitionId: row.case_definition_id,
      modelKey: row.model_key,
      modelVersion: row.model_version,
      state: row.state as CaseSummary['state'],
      revision: row.revision,
      updatedAt: row.updated_at,
    }));
  }

  /** Whether `query` on this case file field uses an index. */
  isIndexed(field: string): boolean {
    return this.#indexed.has(field);
  }

  async dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    const rows = this.#s.due.all(until, limit === undefined || !Number.isFinite(limit) ? -1 : limit) as TimerRow[];
    return rows.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: row.due_at }));
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { owner, now } = options;
    const rows = this.#s.claim.all(owner, now + options.leaseMs, options.until, now, options.limit ?? 1) as TimerRow[];
    rows.sort((a, b) => a.due_at - b.due_at || (a.case_id < b.case_id ? -1 : a.case_id > b.case_id ? 1 : a.ord - b.ord));
    return rows.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: row.due_at, owner, leaseUntil: row.lease_until! }));
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    this.#s.release.run(caseId, instance, owner);
  }

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    this.#s.insertModel.run(model.key, model.version, model.xml, Date.now());
    return toModel(this.#s.loadModel.get(model.key, model.version) as ModelRow);
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    const row = this.#s.loadModel.get(key, version) as ModelRow | undefined;
    return row === undefined ? undefined : toModel(row);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    const row = this.#s.latestModel.get(key) as ModelRow | undefined;
    return row === undefined ? undefined : toModel(row);
  }

  /** Closes the database connection. */
  async close(): Promise<void> {
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

function toModel(row: ModelRow): StoredModel {
  return { key: row.key, version: row.version, xml: row.xml, deployedAt: row.deployed_at };
}

/** `'$.caseFile."field"'` as an SQL string literal, or undefined when the name cannot be one. */
function caseFilePath(field: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f]/.test(field)) return undefined;
  return `'$.caseFile."${field.replaceAll("'", "''")}"'`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
