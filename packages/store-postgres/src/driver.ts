/**
 * The part of node-postgres (`pg`) the store uses, as structural types: the driver is a peer
 * dependency, and any pool of this shape works (a `pg.Pool`, a wrapper adding metrics…).
 */

/** A query's result. */
export interface PostgresQueryResult {
  readonly rows: unknown[];
  readonly rowCount: number | null;
}

/** Something that runs a query with `$1`-style parameters. */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/** A connection checked out of the pool (`pg.PoolClient`). */
export interface PostgresPoolClient extends PostgresQueryable {
  release(error?: Error | boolean): void;
}

/**
 * A connection pool (`pg.Pool`).
 *
 * @example
 * import pg from 'pg';
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 */
export interface PostgresPool extends PostgresQueryable {
  connect(): Promise<PostgresPoolClient>;
  end(): Promise<void>;
}
