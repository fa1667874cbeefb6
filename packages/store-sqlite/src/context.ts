/**
 * What the SQLite store's per-concern modules share: one connection and what is prepared on it.
 */
import type { SqliteDatabase } from './driver.js';
import type { SqliteStatements } from './statements.js';
import type { SqliteTaskIndex } from './tasks.js';
import type { WriteQueue } from './write-queue.js';

/** What each concern of the store works on: the connection, its statements, its write queue and its task index. */
export interface SqliteContext {
  readonly db: SqliteDatabase;
  readonly s: SqliteStatements;
  readonly queue: WriteQueue;
  readonly tasks: SqliteTaskIndex;
}
