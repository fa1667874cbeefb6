/**
 * The SQLite store's SQL: every statement it runs more than once, prepared once per connection.
 */
import type { SqliteDatabase, SqliteStatement } from './driver.js';

/** The columns of an outbox row, in the order the store reads them. */
export const EFFECT_COLUMNS = 'id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, last_error, owner, lease_until';

/** The prepared statements of one connection. */
export type SqliteStatements = ReturnType<typeof statements>;

/** Prepares the store's statements on a connection (after the migrations). */
export function statements(db: SqliteDatabase) {
  const claimable = `status = 'pending' AND owner = ?`;
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT casekit_write'),
    releaseSavepoint: db.prepare('RELEASE casekit_write'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO casekit_write'),
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
    history: db.prepare('INSERT INTO casekit_history (case_id, seq, at, record, user_id, item_id, transition) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    item: db.prepare(
      `INSERT INTO casekit_items (case_id, instance_id, item_id, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id, item_id, instance_id) DO UPDATE SET state = excluded.state`,
    ),
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
    addEffect: db.prepare(
      `INSERT INTO casekit_outbox (id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, owner, lease_until)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    ),
    effectDone: db.prepare(`UPDATE casekit_outbox SET status = 'done', owner = NULL, lease_until = NULL WHERE id = ?`),
    claimEffects: db.prepare(
      `UPDATE casekit_outbox SET owner = ?, lease_until = ?
       WHERE id IN (
         SELECT id FROM casekit_outbox
         WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY next_attempt_at, created_at, id LIMIT ?)
       RETURNING ${EFFECT_COLUMNS}`,
    ),
    completeEffect: db.prepare(`UPDATE casekit_outbox SET status = 'done', owner = NULL, lease_until = NULL WHERE id = ? AND ${claimable}`),
    retryEffect: db.prepare(
      `UPDATE casekit_outbox SET status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ?, owner = NULL, lease_until = NULL
       WHERE id = ? AND ${claimable}`,
    ),
    failEffect: db.prepare(
      `UPDATE casekit_outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ? AND ${claimable}`,
    ),
    releaseEffect: db.prepare(`UPDATE casekit_outbox SET owner = NULL, lease_until = NULL WHERE id = ? AND ${claimable}`),
    insertModel: db.prepare('INSERT INTO casekit_models (key, version, xml, deployed_at) VALUES (?, ?, ?, ?) ON CONFLICT (key, version) DO NOTHING'),
    loadModel: db.prepare('SELECT key, version, xml, deployed_at FROM casekit_models WHERE key = ? AND version = ?'),
    latestModel: db.prepare('SELECT key, version, xml, deployed_at FROM casekit_models WHERE key = ? ORDER BY version DESC LIMIT 1'),
  } satisfies Record<string, SqliteStatement>;
}
