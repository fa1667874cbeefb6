/**
 * Queries on PostgreSQL: cases by definition, model, state, case file values and plan item states,
 * in pages; history across cases; work lists (the task index's query with its case file conditions).
 */
import type { CaseInstanceId, CaseQuery, CaseSummary, HistoryQuery, Page, TaskQuery, TransitionRecord, WorkItem } from '@casekit/core';
import { encodeCursor, parseCaseQuery, parseHistoryQuery, taskPage, DEFAULT_PAGE_SIZE, type ParsedCaseQuery } from '@casekit/core/internals';
import type { PostgresPool } from './driver.js';
import { caseFileValue, nest, parameters, pgCondition } from './sql.js';
import type { PostgresStatements } from './statements.js';
import { tasksQuery } from './tasks.js';

interface SummaryRow {
  readonly id: string;
  readonly case_definition_id: string;
  readonly model_key: string;
  readonly model_version: number;
  readonly state: string;
  readonly revision: number;
  readonly updated_at: string;
}

/** Answers the queries of the store; `indexed` names the case file paths with a B-tree index. */
export class PostgresQueries {
  readonly #pool: PostgresPool;
  readonly #sql: PostgresStatements;
  readonly #indexed: ReadonlySet<string>;

  constructor(pool: PostgresPool, sql: PostgresStatements, indexed: ReadonlySet<string>) {
    this.#pool = pool;
    this.#sql = sql;
    this.#indexed = indexed;
  }

  /** Whether this store created a B-tree index for a case file path. */
  isIndexed(field: string): boolean {
    return this.#indexed.has(field);
  }

  async query(filter?: CaseQuery): Promise<readonly CaseSummary[]> {
    return (await this.#query(filter, undefined)).items;
  }

  async queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>> {
    return this.#query(filter, DEFAULT_PAGE_SIZE);
  }

  /** Open human tasks across cases (docs/work.md). */
  async tasks(filter?: TaskQuery): Promise<Page<WorkItem>> {
    const { sql, values, limit } = tasksQuery(filter, this.#sql.tasks, this.#sql.cases, (conditions, param) =>
      conditions.flatMap((c) => c.operators.map((o) => pgCondition(o, caseFileValue(c.path), param))),
    );
    const { rows } = await this.#pool.query(sql, values);
    return taskPage((rows as { item: WorkItem }[]).map((row) => row.item), limit);
  }

  async #query(filter: CaseQuery | undefined, defaultLimit: number | undefined): Promise<Page<CaseSummary>> {
    const q = parseCaseQuery(filter, defaultLimit);
    const where: string[] = [];
    const { values, param } = parameters();
    if (q.caseDefinitionId !== undefined) where.push(`case_definition_id = ${param(q.caseDefinitionId)}`);
    if (q.modelKey !== undefined) where.push(`model_key = ${param(q.modelKey)}`);
    if (q.states !== undefined) where.push(`state = ANY (${param([...q.states])}::text[])`);
    for (const condition of q.caseFile) {
      const value = caseFileValue(condition.path);
      for (const operator of condition.operators) {
        // Equality also as containment, which the GIN index of the case file answers — unless the
        // path has a B-tree index: PostgreSQL keeps statistics for it (so it can tell a value
        // held by a quarter of the cases from a unique one) but none for containment, which it
        // would then always estimate as rare.
        if (operator.op === 'eq' && !this.#indexed.has(condition.key)) where.push(`case_file @> ${param(JSON.stringify(nest(condition.path, operator.value)))}::jsonb`);
        where.push(pgCondition(operator, value, param));
      }
    }
    // A plan item state held by few cases: a semi-join on their ids, then a sort. Held by many:
    // a probe per case in the query's order (OFFSET 0 keeps PostgreSQL from turning it into a
    // semi-join that sorts every match), stopping at `limit`.
    const dense = q.limit !== undefined && q.planItems.length > 0 && (await this.#dense(q.planItems[0]!, 64 * (q.limit + 1)));
    for (const item of q.planItems) {
      const states = item.states === undefined ? '' : ` AND i.state = ANY (${param([...item.states])}::text[])`;
      where.push(
        dense
          ? `EXISTS (SELECT 1 FROM ${this.#sql.items} AS i WHERE i.case_id = ${this.#sql.cases}.id AND i.item_id = ${param(item.id)}${states} OFFSET 0)`
          : `id IN (SELECT i.case_id FROM ${this.#sql.items} AS i WHERE i.item_id = ${param(item.id)}${states})`,
      );
    }
    if (q.after !== undefined) {
      where.push(`(updated_at < ${param(q.after.updatedAt)} OR (updated_at = ${param(q.after.updatedAt)} AND id > ${param(q.after.id)}))`);
    }
    const limit = q.limit === undefined ? '' : ` LIMIT ${param(q.limit + 1)}`;
    const sql =
      `SELECT id, case_definition_id, model_key, model_version, state, revision, updated_at FROM ${this.#sql.cases}` +
      (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
      ` ORDER BY updated_at DESC, id${limit}`;
    const { rows } = await this.#pool.query(sql, values);
    const items = (rows as SummaryRow[]).slice(0, q.limit).map((row) => ({
      id: row.id as CaseInstanceId,
      caseDefinitionId: row.case_definition_id,
      modelKey: row.model_key,
      modelVersion: row.model_version,
      state: row.state as CaseSummary['state'],
      revision: row.revision,
      updatedAt: Number(row.updated_at),
    }));
    const last = items.at(-1);
    return q.limit !== undefined && rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('c', [last.updatedAt, last.id]) } : { items };
  }

  /** Whether at least `enough` plan item instances match a condition. */
  async #dense(item: ParsedCaseQuery['planItems'][number], enough: number): Promise<boolean> {
    const states = item.states === undefined ? '' : ' AND state = ANY ($3::text[])';
    const sql = `SELECT count(*)::integer AS n FROM (SELECT 1 FROM ${this.#sql.items} WHERE item_id = $1${states} LIMIT $2) AS m`;
    const { rows } = await this.#pool.query(sql, item.states === undefined ? [item.id, enough] : [item.id, enough, [...item.states]]);
    return (rows[0] as { n: number }).n >= enough;
  }

  async historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>> {
    const q = parseHistoryQuery(filter);
    const where: string[] = [];
    const { values, param } = parameters();
    if (q.caseId !== undefined) where.push(`case_id = ${param(q.caseId)}`);
    if (q.user !== undefined) where.push(`user_id = ${param(q.user)}`);
    if (q.itemId !== undefined) where.push(`item_id = ${param(q.itemId)}`);
    if (q.transition !== undefined) where.push(`transition = ${param(q.transition)}`);
    if (q.from !== undefined) where.push(`at >= ${param(Math.ceil(q.from))}`);
    if (q.to !== undefined) where.push(`at < ${param(Math.ceil(q.to))}`);
    if (q.after !== undefined) where.push(`(at, case_id, seq) > (${param(q.after.at)}::bigint, ${param(q.after.caseId)}::text, ${param(q.after.seq)}::integer)`);
    const sql = `SELECT record FROM ${this.#sql.historyTable}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY at, case_id, seq LIMIT ${param(q.limit + 1)}`;
    const { rows } = await this.#pool.query(sql, values);
    const items = (rows as { record: TransitionRecord }[]).slice(0, q.limit).map((row) => row.record);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('h', [last.at, last.caseId, last.seq]) } : { items };
  }
}
