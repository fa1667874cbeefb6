/**
 * Queries on SQLite: cases by definition, model, state, case file values and plan item states, in
 * pages; history across cases; work lists (the task index's query with its case file conditions).
 */
import type { CaseInstanceId, CaseQuery, CaseSummary, HistoryQuery, Page, TaskQuery, TransitionRecord, WorkItem } from '@casekit/core';
import { encodeCursor, parseCaseQuery, parseHistoryQuery, DEFAULT_PAGE_SIZE, type ParsedCaseQuery } from '@casekit/core/internals';
import { eachCondition, jsonPath, quoteIdentifier, sqlCondition } from './case-file-sql.js';
import type { SqliteContext } from './context.js';
import type { SqliteDatabase } from './driver.js';
import type { SqliteTaskIndex } from './tasks.js';

interface SummaryRow {
  readonly id: string;
  readonly case_definition_id: string;
  readonly model_key: string;
  readonly model_version: number;
  readonly state: string;
  readonly revision: number;
  readonly updated_at: number;
}

/** Answers the queries of the store; `indexed` names the case file paths with an index. */
export class SqliteQueries {
  readonly #db: SqliteDatabase;
  readonly #tasks: SqliteTaskIndex;
  readonly #indexed: ReadonlySet<string>;

  constructor(context: SqliteContext, indexed: ReadonlySet<string>) {
    this.#db = context.db;
    this.#tasks = context.tasks;
    this.#indexed = indexed;
  }

  async query(filter?: CaseQuery): Promise<readonly CaseSummary[]> {
    return this.#query(filter, undefined).items;
  }

  async queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>> {
    return this.#query(filter, DEFAULT_PAGE_SIZE);
  }

  /** Open human tasks across cases (docs/work.md). */
  async tasks(filter?: TaskQuery): Promise<Page<WorkItem>> {
    return this.#tasks.tasks(filter, (conditions, params) =>
      conditions.flatMap((c) => {
        const literal = jsonPath(c.path);
        return c.operators.map((o) => (literal === undefined ? eachCondition(c.path, o, params) : sqlCondition(o, `json_extract(data, ${literal})`, `json_type(data, ${literal})`, params)));
      }),
    );
  }

  #query(filter: CaseQuery | undefined, defaultLimit: number | undefined): Page<CaseSummary> {
    const q = parseCaseQuery(filter, defaultLimit);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.caseDefinitionId !== undefined) {
      where.push('case_definition_id = ?');
      params.push(q.caseDefinitionId);
    }
    if (q.modelKey !== undefined) {
      where.push('model_key = ?');
      params.push(q.modelKey);
    }
    if (q.states !== undefined) {
      where.push(`state IN (${q.states.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...q.states);
    }
    for (const condition of q.caseFile) {
      const literal = jsonPath(condition.path);
      for (const operator of condition.operators) {
        if (literal !== undefined) {
          // The same expression as the optional index, so that SQLite uses it; json_type keeps the
          // comparison strict (true ≠ 1, "1" ≠ 1, an object's JSON text ≠ a string).
          where.push(sqlCondition(operator, `json_extract(data, ${literal})`, `json_type(data, ${literal})`, params));
        } else {
          where.push(eachCondition(condition.path, operator, params));
        }
      }
    }
    // A plan item state held by few cases: their ids first (an index range), then sort them. Held
    // by many: walk the cases in the query's order and probe each, stopping at `limit` — sorting
    // tens of thousands of matches to return fifty would cost a row read per match.
    const dense = q.limit !== undefined && q.planItems.length > 0 && this.#dense(q.planItems[0]!, 64 * (q.limit + 1));
    for (const item of q.planItems) {
      const states = item.states === undefined ? '' : ` AND i.state IN (${item.states.map(() => '?').join(', ') || 'NULL'})`;
      where.push(
        dense
          ? `EXISTS (SELECT 1 FROM casekit_items AS i WHERE i.case_id = casekit_cases.id AND i.item_id = ?${states})`
          : `id IN (SELECT i.case_id FROM casekit_items AS i WHERE i.item_id = ?${states})`,
      );
      params.push(item.id, ...(item.states ?? []));
    }
    if (q.after !== undefined) {
      where.push('(updated_at < ? OR (updated_at = ? AND id > ?))');
      params.push(q.after.updatedAt, q.after.updatedAt, q.after.id);
    }
    const limit = q.limit === undefined ? '' : ` LIMIT ${q.limit + 1}`;
    // Without statistics SQLite prefers walking the update-time index and testing each row over a
    // range scan of a case file index, which costs a JSON parse per row until `limit` rows match
    // (all rows when none do). A condition on an indexed path names its index instead.
    const indexed = this.#indexFor(q.caseFile);
    const sql =
      `SELECT id, case_definition_id, model_key, model_version, state, revision, updated_at FROM casekit_cases${indexed === undefined ? '' : ` INDEXED BY ${quoteIdentifier(`casekit_cf_${indexed}`)}`}` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY updated_at DESC, id${limit}`;
    const rows = this.#db.prepare(sql).all(...params) as SummaryRow[];
    const items = rows.slice(0, q.limit).map((row) => ({
      id: row.id as CaseInstanceId,
      caseDefinitionId: row.case_definition_id,
      modelKey: row.model_key,
      modelVersion: row.model_version,
      state: row.state as CaseSummary['state'],
      revision: row.revision,
      updatedAt: row.updated_at,
    }));
    const last = items.at(-1);
    return q.limit !== undefined && rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('c', [last.updatedAt, last.id]) } : { items };
  }

  async historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>> {
    const q = parseHistoryQuery(filter);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (q.caseId !== undefined) add('case_id = ?', q.caseId);
    if (q.user !== undefined) add('user_id = ?', q.user);
    if (q.itemId !== undefined) add('item_id = ?', q.itemId);
    if (q.transition !== undefined) add('transition = ?', q.transition);
    if (q.from !== undefined) add('at >= ?', q.from);
    if (q.to !== undefined) add('at < ?', q.to);
    if (q.after !== undefined) {
      where.push('(at, case_id, seq) > (?, ?, ?)');
      params.push(q.after.at, q.after.caseId, q.after.seq);
    }
    const sql = `SELECT record FROM casekit_history${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY at, case_id, seq LIMIT ${q.limit + 1}`;
    const rows = this.#db.prepare(sql).all(...params) as { record: string }[];
    const items = rows.slice(0, q.limit).map((row) => JSON.parse(row.record) as TransitionRecord);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('h', [last.at, last.caseId, last.seq]) } : { items };
  }

  /** Whether at least `enough` plan item instances match a condition. */
  #dense(item: ParsedCaseQuery['planItems'][number], enough: number): boolean {
    const states = item.states === undefined ? '' : ` AND state IN (${item.states.map(() => '?').join(', ') || 'NULL'})`;
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM casekit_items WHERE item_id = ?${states} LIMIT ${enough})`;
    return (this.#db.prepare(sql).get(item.id, ...(item.states ?? [])) as { n: number }).n >= enough;
  }

  /** The indexed path to drive a query by: an equality on a string or number first, else a range. */
  #indexFor(conditions: ParsedCaseQuery['caseFile']): string | undefined {
    const usable = (kinds: readonly string[]) =>
      conditions.find((c) => this.#indexed.has(c.key) && jsonPath(c.path) !== undefined && c.operators.some((o) => kinds.includes(o.op) && 'value' in o && (typeof o.value === 'string' || typeof o.value === 'number')))?.key;
    return usable(['eq']) ?? usable(['lt', 'lte', 'gt', 'gte']);
  }

  /** Whether `query` on this case file path uses an index. */
  isIndexed(field: string): boolean {
    return this.#indexed.has(field);
  }
}
