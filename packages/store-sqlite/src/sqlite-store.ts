import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidStoreNameError } from '@casekit/core';
import { ComposedCaseStore, parseCaseFilePath } from '@casekit/core/internals';
import { jsonPath, quoteIdentifier } from './case-file-sql.js';
import { SqliteCases } from './cases.js';
import type { SqliteContext } from './context.js';
import type { SqliteDatabase } from './driver.js';
import { migrate } from './migrations.js';
import { SqliteModels } from './models.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteQueries } from './queries.js';
import { statements } from './statements.js';
import { SqliteTaskIndex } from './tasks.js';
import { SqliteTimers } from './timers.js';
import { WriteQueue } from './write-queue.js';

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
export class SqliteCaseStore extends ComposedCaseStore {
  readonly #db: SqliteDatabase;
  readonly #queue: WriteQueue;
  readonly #queries: SqliteQueries;

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
    const s = statements(db);
    const context: SqliteContext = { db, s, queue: new WriteQueue(db, s, busyTimeoutMs, maxBatch), tasks: new SqliteTaskIndex(db) };
    const queries = new SqliteQueries(context, indexed);
    super({ cases: new SqliteCases(context), queries, timers: new SqliteTimers(context), outbox: new SqliteOutbox(context), models: new SqliteModels(context) });
    this.#db = db;
    this.#queue = context.queue;
    this.#queries = queries;
  }

  /** The underlying connection (for backups: `db.backup(file)` in better-sqlite3). */
  get database(): SqliteDatabase {
    return this.#db;
  }

  /** Whether `query` on this case file path uses an index. */
  isIndexed(field: string): boolean {
    return this.#queries.isIndexed(field);
  }

  /** Waits for the queued writes, then closes the database connection. */
  async close(): Promise<void> {
    await this.#queue.idle();
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
