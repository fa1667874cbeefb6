/**
 * The work-list query of docs/work.md on PostgreSQL, over `casekit_tasks` (written by `save` in
 * the same statement as the case): in the order of the `casekit_tasks_order` index (due date,
 * priority, case, instance), with `candidate` and `visibleTo` as one overlap (`&&`) of the row's
 * access keys, which the GIN index answers when few rows match.
 */
import { parseTaskQuery, principalKeys, type ParsedCaseFileCondition } from '@casekit/core/internals';
import type { TaskQuery } from '@casekit/core';

/**
 * The data-modifying CTEs of `save` that keep the task index (after `written`, the case row):
 * parameter k holds the rows to put with their access keys, k + 1 the instance ids whose rows go.
 */
export function taskWrites(tasks: string, k: number): string {
  return `, untasked AS (
      DELETE FROM ${tasks} AS t USING written WHERE t.case_id = $1 AND t.instance_id = ANY ($${k + 1}::text[])
    ), tasked AS (
      INSERT INTO ${tasks} (case_id, instance_id, item_id, case_definition_id, model_key, state, assignee, due_key, priority, access, item)
      SELECT $1, w -> 'item' ->> 'instanceId', w -> 'item' ->> 'itemId', w -> 'item' ->> 'caseDefinitionId', w -> 'item' ->> 'modelKey',
        w -> 'item' ->> 'state', w -> 'item' ->> 'assignee', (w ->> 'dueKey')::bigint, (w -> 'item' ->> 'priority')::integer,
        ARRAY(SELECT json_array_elements_text(w -> 'access')), w -> 'item'
      FROM written, json_array_elements($${k}::json) AS w
      ON CONFLICT (case_id, instance_id) DO UPDATE SET state = excluded.state, assignee = excluded.assignee, due_key = excluded.due_key,
        priority = excluded.priority, access = excluded.access, item = excluded.item`;
}

/** The SQL of a work-list page (one row more than the page, to know whether another follows). */
export function tasksQuery(
  filter: TaskQuery | undefined,
  table: string,
  cases: string,
  caseFile: (conditions: readonly ParsedCaseFileCondition[], param: (value: unknown) => string) => string[],
): { readonly sql: string; readonly values: unknown[]; readonly limit: number } {
  const q = parseTaskQuery(filter);
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [`t.state = ANY (${param([...q.states])}::text[])`];
  if (q.assignee === null) where.push('t.assignee IS NULL');
  else if (q.assignee !== undefined) where.push(`t.assignee = ${param(q.assignee)}`);
  if (q.candidate !== undefined) where.push(`t.assignee IS NULL AND t.access && ${param(principalKeys('c', q.candidate))}::text[]`);
  if (q.visibleTo !== undefined) where.push(`t.access && ${param(principalKeys('v', q.visibleTo))}::text[]`);
  if (q.dueBefore !== undefined) where.push(`t.due_key < ${param(Math.trunc(q.dueBefore))}::bigint AND t.due_key <> 8640000000000000`);
  if (q.dueAfter !== undefined) where.push(`t.due_key >= ${param(Math.ceil(q.dueAfter))}::bigint AND t.due_key <> 8640000000000000`);
  const p = q.priority;
  if (p.gt !== undefined) where.push(`t.priority > ${param(p.gt)}::float8`);
  if (p.gte !== undefined) where.push(`t.priority >= ${param(p.gte)}::float8`);
  if (p.lt !== undefined) where.push(`t.priority < ${param(p.lt)}::float8`);
  if (p.lte !== undefined) where.push(`t.priority <= ${param(p.lte)}::float8`);
  if (q.caseDefinitionId !== undefined) where.push(`t.case_definition_id = ${param(q.caseDefinitionId)}`);
  if (q.modelKey !== undefined) where.push(`t.model_key = ${param(q.modelKey)}`);
  if (q.caseId !== undefined) where.push(`t.case_id = ${param(q.caseId)}`);
  if (q.itemId !== undefined) where.push(`t.item_id = ${param(q.itemId)}`);
  if (q.caseFile.length > 0) where.push(`EXISTS (SELECT 1 FROM ${cases} AS c WHERE c.id = t.case_id AND ${caseFile(q.caseFile, param).join(' AND ')})`);
  if (q.after !== undefined) {
    const a = q.after;
    const due = param(a.dueKey);
    const priority = param(a.priority);
    const caseId = param(a.caseId);
    where.push(
      `(t.due_key > ${due}::bigint OR (t.due_key = ${due}::bigint AND (t.priority < ${priority}::integer OR (t.priority = ${priority}::integer AND ` +
        `(t.case_id > ${caseId}::text COLLATE "C" OR (t.case_id = ${caseId}::text AND t.instance_id > ${param(a.instanceId)}::text COLLATE "C"))))))`,
    );
  }
  const sql = `SELECT t.item FROM ${table} AS t WHERE ${where.join(' AND ')} ORDER BY t.due_key, t.priority DESC, t.case_id, t.instance_id LIMIT ${param(q.limit + 1)}`;
  return { sql, values, limit: q.limit };
}
