/**
 * The part of better-sqlite3 the store uses, as a structural type: the driver is a peer
 * dependency, and any object of this shape (a better-sqlite3 `Database`, a wrapper) works.
 */

/** A prepared statement (better-sqlite3's `Statement`). */
export interface SqliteStatement {
  run(...params: unknown[]): { readonly changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/**
 * An open SQLite database (better-sqlite3's `Database`).
 *
 * @example
 * import Database from 'better-sqlite3';
 * const db: SqliteDatabase = new Database('.casekit/cases.db');
 */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
}
