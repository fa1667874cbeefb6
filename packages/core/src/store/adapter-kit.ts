/**
 * What every store adapter shares, so that the memory, SQLite and PostgreSQL stores accept and
 * refuse exactly the same inputs and answer queries alike: the input checks, the parsing of case,
 * history, effect and task queries, cursors, and the open human task index. Exported by
 * `@casekit/core/internals` for adapter authors.
 *
 * @module
 */
export * from './validate.js';
export * from './query.js';
export * from './work-index.js';
export * from './composed-store.js';
