/**
 * The open human tasks of docs/work.md on SQLite: the `casekit_tasks` rows a save writes (from
 * `workIndexChanges`, in the save's transaction) and the work-list query, in the order of the
 * `casekit_tasks_order` index (due date, priority, case, instance), so a page stops at its limit.
 */
import type { Page, WorkItem } from '@casekit/core';
import { accessKeys, dueKeyOf, parseTaskQuery, principalKeys, taskPage, type ParsedCaseFileCondition, type WorkIndexChange } from '@casekit/core/internals';
import type { SqliteDatabase, SqliteStatement } from './driver.js';

/** The prepared writes of the task index. */
export class SqliteTaskIndex {
  readonly #put: SqliteStatement;
  readonly #remove: SqliteStatement;
  readonly #dropKeys: SqliteStatement;
  readonly #addKey: SqliteStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.#put = db.prepare(`
      INSERT INTO casekit_tasks (case_id, instance_id, item_id, case_definition_id, model_key, state, assignee, due_key, priority, access, item)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (case_id, instance_id) DO UPDATE SET state = excluded.state, assignee = excluded.assignee, due_key = excluded.due_key,
        priority = excluded.priority, access = excluded.access, item = excluded.item`);
    this.#remove = db.prepare('DELETE FROM casekit_tasks WHERE case_id = ? AND instance_id = ?');
    this.#dropKeys = db.prepare('DELETE FROM casekit_task_access WHERE case_id = ? AND instance_id = ?');
    this.#addKey = db.prepare('INSERT INTO casekit_task_access (key, case_id, instance_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  }

  /** Applies a save's changes (inside its transaction). */
  write(caseId: string, { put, remove }: WorkIndexChange): void {
    for (const instanceId of remove) {
      this.#remove.run(caseId, instanceId);
      this.#dropKeys.run(caseId, instanceId);
    }
    for (const item of put) {
      const keys = accessKeys(item);
      this.#put.run(caseId, item.instanceId, item.itemId, item.caseDefinitionId, item.modelKey, item.state, item.assignee ?? null, dueKeyOf(item), item.priority, JSON.stringify(keys), JSON.stringify(item));
      this.#dropKeys.run(caseId, item.instanceId);
      for (const key of keys) this.#addKey.run(key, caseId, item.instanceId);
    }
  }

  /** A work list page; `caseFile` turns the filter's case file conditions into SQL over `casekit_cases.data`. */
  tasks(filter: unknown, caseFile: (conditions: readonly ParsedCaseFileCondition[], params: unknown[]) => string[]): Page<WorkItem> {
    const q = parseTaskQuery(filter as Parameters<typeof parseTaskQuery>[0]);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    add(`t.state IN (${q.states.map(() => '?').join(', ')})`, ...q.states);
    if (q.assignee === null) where.push('t.assignee IS NULL');
    else if (q.assignee !== undefined) add('t.assignee = ?', q.assignee);
    // Keys held by few tasks: their ids from casekit_task_access (an index range), then a sort.
    // Held by many: walk the tasks in the list's order, testing each row's keys, until the page is full.
    let sparse = false;
    const keys = (list: string[]) => {
      const marks = list.map(() => '?').join(', ');
      if (this.#count(list, 64 * (q.limit + 1)) < 64 * (q.limit + 1)) {
        sparse = true;
        return `(t.case_id, t.instance_id) IN (SELECT a.case_id, a.instance_id FROM casekit_task_access AS a WHERE a.key IN (${marks}))`;
      }
      return `EXISTS (SELECT 1 FROM json_each(t.access) AS k WHERE k.value IN (${marks}))`;
    };
    if (q.candidate !== undefined) {
      const list = principalKeys('c', q.candidate);
      add(`t.assignee IS NULL AND ${keys(list)}`, ...list);
    }
    if (q.visibleTo !== undefined) {
      const list = principalKeys('v', q.visibleTo);
      add(keys(list), ...list);
    }
    if (q.dueBefore !== undefined) add('t.due_key < ? AND t.due_key <> 8640000000000000', q.dueBefore);
    if (q.dueAfter !== undefined) add('t.due_key >= ? AND t.due_key <> 8640000000000000', q.dueAfter);
    const p = q.priority;
    if (p.gt !== undefined) add('t.priority > ?', p.gt);
    if (p.gte !== undefined) add('t.priority >= ?', p.gte);
    if (p.lt !== undefined) add('t.priority < ?', p.lt);
    if (p.lte !== undefined) add('t.priority <= ?', p.lte);
    if (q.caseDefinitionId !== undefined) add('t.case_definition_id = ?', q.caseDefinitionId);
    if (q.modelKey !== undefined) add('t.model_key = ?', q.modelKey);
    if (q.caseId !== undefined) add('t.case_id = ?', q.caseId);
    if (q.itemId !== undefined) add('t.item_id = ?', q.itemId);
    if (q.caseFile.length > 0) {
      const inner: unknown[] = [];
      const conditions = caseFile(q.caseFile, inner);
      add(`EXISTS (SELECT 1 FROM casekit_cases WHERE casekit_cases.id = t.case_id AND ${conditions.join(' AND ')})`, ...inner);
    }
    if (q.after !== undefined) {
      const a = q.after;
      add(
        '(t.due_key > ? OR (t.due_key = ? AND (t.priority < ? OR (t.priority = ? AND (t.case_id > ? OR (t.case_id = ? AND t.instance_id > ?))))))',
        a.dueKey, a.dueKey, a.priority, a.priority, a.caseId, a.caseId, a.instanceId,
      );
    }
    // Without statistics SQLite may sort every match; the order index (or the assignee's) walks the
    // rows in the list's order and stops at the page. One case's tasks: its primary key range.
    const index = q.caseId !== undefined || sparse ? '' : ` INDEXED BY ${q.assignee !== undefined && q.assignee !== null ? 'casekit_tasks_assignee' : 'casekit_tasks_order'}`;
    const sql = `SELECT t.item FROM casekit_tasks AS t${index} WHERE ${where.join(' AND ')} ORDER BY t.due_key, t.priority DESC, t.case_id, t.instance_id LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, q.limit + 1) as { item: string }[];
    return taskPage(rows.map((row) => JSON.parse(row.item) as WorkItem), q.limit);
  }

  /** How many index rows hold one of `keys`, counting up to `enough`. */
  #count(keys: readonly string[], enough: number): number {
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM casekit_task_access WHERE key IN (${keys.map(() => '?').join(', ')}) LIMIT ?)`;
    return (this.db.prepare(sql).get(...keys, enough) as { n: number }).n;
  }
}
