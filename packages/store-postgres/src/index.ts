/**
 * casekit's PostgreSQL store: cases, history, timers and model versions shared by any number of
 * processes, through node-postgres (`pg`, a peer dependency).
 *
 * @packageDocumentation
 */
export { PostgresCaseStore, openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { POSTGRES_MIGRATIONS, MAX_IDENTIFIER_BYTES, checkSchemaName, migrate, quoteIdentifier, type PostgresMigration } from './migrations.js';
export type { PostgresPool, PostgresPoolClient, PostgresQueryable, PostgresQueryResult } from './driver.js';
