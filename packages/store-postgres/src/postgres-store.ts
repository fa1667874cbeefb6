import { InvalidStoreNameError } from '@casekit/core';
import { ComposedCaseStore, parseCaseFilePath } from '@casekit/core/internals';
import { PostgresCases } from './cases.js';
import type { PostgresPool } from './driver.js';
import { checkSchemaName, migrate, quoteIdentifier } from './migrations.js';
import { PostgresModels } from './models.js';
import { PostgresOutbox } from './outbox.js';
import { PostgresQueries } from './queries.js';
import { caseFileValue, literal } from './sql.js';
import { statements } from './statements.js';
import { PostgresTimers } from './timers.js';

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
export class PostgresCaseStore extends ComposedCaseStore {
  readonly #pool: PostgresPool;
  readonly #queries: PostgresQueries;

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
    const sql = statements(quoteIdentifier(schema));
    const queries = new PostgresQueries(pool, sql, indexed);
    super({ cases: new PostgresCases(pool, sql), queries, timers: new PostgresTimers(pool, sql), outbox: new PostgresOutbox(pool, sql), models: new PostgresModels(pool, sql) });
    this.#pool = pool;
    this.#queries = queries;
  }

  /** The pool. */
  get pool(): PostgresPool {
    return this.#pool;
  }

  /** Whether this store created a B-tree index for a case file path. */
  isIndexed(field: string): boolean {
    return this.#queries.isIndexed(field);
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

/** A short stable name for a path (index names are at most 63 bytes). */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
