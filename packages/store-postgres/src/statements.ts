/**
 * The PostgreSQL store's SQL, for one schema: `save` as one statement of data-modifying CTEs, and
 * the statements of loads, history, timers, the outbox and model versions.
 */
import { taskWrites } from './tasks.js';

/** The columns of an outbox row, in the order the store reads them. */
export const EFFECT_COLUMNS = 'id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, last_error, owner, lease_until';

/** The store's SQL texts for one schema. */
export type PostgresStatements = ReturnType<typeof statements>;

/** The store's SQL, for one schema. */
export function statements(s: string) {
  const cases = `${s}.casekit_cases`;
  const history = `${s}.casekit_history`;
  const timers = `${s}.casekit_timers`;
  const models = `${s}.casekit_models`;
  const items = `${s}.casekit_items`;
  const outbox = `${s}.casekit_outbox`;
  // After `written` (the case row, when the revision matched): the history rows, the plan item
  // index, the timers brought in line with the state's — rows of fired timers deleted, new ones
  // inserted, a pending timer's row (and its claim) kept — and the outbox: effects marked done,
  // new effects added. Nothing happens when `written` is empty.
  const tasks = `${s}.casekit_tasks`;
  // Parameters k and k + 1 (after the case's own): the open human tasks the step changed (rows to
  // put, with their access keys) and the instance ids whose rows go (docs/work.md).
  const rest = (k: number): string => `
    ${taskWrites(tasks, k)}
    ), appended AS (
      INSERT INTO ${history} (case_id, seq, at, record, user_id, item_id, transition)
      SELECT $1, (r ->> 'seq')::integer, (r ->> 'at')::bigint, r, r ->> 'user', r ->> 'itemId', r ->> 'transition'
      FROM written, json_array_elements($11::json) AS r
    ), indexed AS (
      INSERT INTO ${items} (case_id, instance_id, item_id, state)
      SELECT DISTINCT ON (r ->> 'instanceId') $1, r ->> 'instanceId', r ->> 'itemId', r ->> 'to'
      FROM written, json_array_elements($11::json) AS r
      WHERE r ->> 'scope' = 'planItem' AND r ->> 'instanceId' IS NOT NULL AND r ->> 'itemId' IS NOT NULL
      ORDER BY r ->> 'instanceId', (r ->> 'seq')::integer DESC
      ON CONFLICT (case_id, item_id, instance_id) DO UPDATE SET state = excluded.state
    ), dropped AS (
      DELETE FROM ${timers} AS t USING written
      WHERE t.case_id = $1 AND NOT (t.instance = ANY ($12::integer[]))
    ), scheduled AS (
      INSERT INTO ${timers} (case_id, instance, due_at, ord)
      SELECT $1, x.instance, x.due_at, x.ord - 1
      FROM written, unnest($12::integer[], $13::bigint[]) WITH ORDINALITY AS x (instance, due_at, ord)
      ON CONFLICT (case_id, instance) DO UPDATE SET due_at = excluded.due_at, ord = excluded.ord
      WHERE ${timers}.due_at <> excluded.due_at OR ${timers}.ord <> excluded.ord
    ), settled AS (
      UPDATE ${outbox} AS o SET status = 'done', owner = NULL, lease_until = NULL
      FROM written WHERE o.id = ANY ($14::text[])
    ), added AS (
      INSERT INTO ${outbox} (id, case_id, kind, payload, created_at, status, attempts, next_attempt_at, owner, lease_until)
      SELECT e ->> 'id', e ->> 'caseId', e ->> 'kind', e -> 'payload', (e ->> 'createdAt')::bigint, 'pending', 0, (e ->> 'createdAt')::bigint,
        e ->> 'owner', (e ->> 'leaseUntil')::bigint
      FROM written, json_array_elements($15::json) AS e
    )
    SELECT revision FROM written`;
  const held = `status = 'pending' AND owner = $2`;
  return {
    cases,
    items,
    outbox,
    tasks,
    historyTable: history,
    load: `SELECT revision, data FROM ${cases} WHERE id = $1`,
    revision: `SELECT revision FROM ${cases} WHERE id = $1`,
    insert: `
      WITH written AS (
        INSERT INTO ${cases} (id, revision, case_definition_id, model_key, model_version, state, format_version, created_at, updated_at, data, case_file)
        VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10::jsonb)
        ON CONFLICT (id) DO NOTHING
        RETURNING revision
      )${rest(16)}`,
    update: `
      WITH written AS (
        UPDATE ${cases} SET revision = revision + 1, case_definition_id = $2, model_key = $3, model_version = $4, state = $5,
          format_version = $6, created_at = $7, updated_at = $8, data = $9::json, case_file = $10::jsonb
        WHERE id = $1 AND revision = $16
        RETURNING revision
      )${rest(17)}`,
    history: `SELECT record FROM ${history} WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    due: `SELECT case_id, instance, due_at FROM ${timers} WHERE due_at <= $1 ORDER BY due_at, case_id, ord LIMIT $2`,
    claim: `
      WITH due AS (
        SELECT case_id, instance FROM ${timers}
        WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $2)
        ORDER BY due_at, case_id, ord
        LIMIT $3
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${timers} AS t SET owner = $4, lease_until = $5
      FROM due WHERE t.case_id = due.case_id AND t.instance = due.instance
      RETURNING t.case_id, t.instance, t.due_at, t.ord, t.lease_until`,
    release: `UPDATE ${timers} SET owner = NULL, lease_until = NULL WHERE case_id = $1 AND instance = $2 AND owner = $3`,
    claimEffects: `
      WITH due AS (
        SELECT id FROM ${outbox}
        WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
        ORDER BY next_attempt_at, created_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${outbox} AS o SET owner = $3, lease_until = $4
      FROM due WHERE o.id = due.id
      RETURNING o.id, o.case_id, o.kind, o.payload, o.created_at, o.status, o.attempts, o.next_attempt_at, o.last_error, o.owner, o.lease_until`,
    completeEffect: `UPDATE ${outbox} SET status = 'done', owner = NULL, lease_until = NULL WHERE id = $1 AND ${held}`,
    retryEffect: `
      UPDATE ${outbox} SET status = 'pending', attempts = attempts + 1, last_error = $3::json, next_attempt_at = $4, owner = NULL, lease_until = NULL
      WHERE id = $1 AND ${held}`,
    failEffect: `UPDATE ${outbox} SET status = 'failed', attempts = attempts + 1, last_error = $3::json, owner = NULL, lease_until = NULL WHERE id = $1 AND ${held}`,
    releaseEffect: `UPDATE ${outbox} SET owner = NULL, lease_until = NULL WHERE id = $1 AND ${held}`,
    insertModel: `
      INSERT INTO ${models} (key, version, xml, deployed_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (key, version) DO NOTHING
      RETURNING key, version, xml, deployed_at`,
    loadModel: `SELECT key, version, xml, deployed_at FROM ${models} WHERE key = $1 AND version = $2`,
    latestModel: `SELECT key, version, xml, deployed_at FROM ${models} WHERE key = $1 ORDER BY version DESC LIMIT 1`,
  };
}
