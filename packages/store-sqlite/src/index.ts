/**
 * casekit's SQLite store: cases, history, timers and model versions in one SQLite file, through
 * better-sqlite3 (a peer dependency).
 *
 * @packageDocumentation
 */
export { SqliteCaseStore, openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { SQLITE_MIGRATIONS, migrate, type SqliteMigration } from './migrations.js';
export type { SqliteDatabase, SqliteStatement } from './driver.js';
