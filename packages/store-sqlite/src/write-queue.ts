/**
 * The SQLite store's writes: one queue per connection, drained in write transactions that group
 * the writes arriving together (group commit), each in a savepoint of its own, so one failing
 * write (a conflict) leaves the others intact.
 */
import type { SqliteDatabase } from './driver.js';
import type { SqliteStatements } from './statements.js';

/** A write waiting for the next transaction. */
interface QueuedWrite {
  readonly run: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** The write transactions of one connection (group commit: see `SqliteStoreOptions.maxBatch`). */
export class WriteQueue {
  readonly #db: SqliteDatabase;
  readonly #s: SqliteStatements;
  readonly #busyTimeoutMs: number;
  readonly #maxBatch: number;
  #queue: QueuedWrite[] = [];
  #draining = false;

  constructor(db: SqliteDatabase, s: SqliteStatements, busyTimeoutMs: number, maxBatch: number) {
    this.#db = db;
    this.#s = s;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#maxBatch = maxBatch;
  }

  /**
   * Runs `body` in a write transaction, resolving after the commit. Writes queued while the
   * current transaction is prepared join it, each in a savepoint (a write that throws is rolled
   * back alone). The queue is drained by one loop: take the write lock (waiting asynchronously
   * while another connection holds it), run the queued writes synchronously, commit, settle.
   */
  write<T>(body: () => T): Promise<T> {
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

  /** Resolves once no write is queued or running. */
  async idle(): Promise<void> {
    while (this.#draining || this.#queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
