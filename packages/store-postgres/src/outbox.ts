/**
 * The outbox on PostgreSQL: effects claimed for a lease with `FOR UPDATE SKIP LOCKED`, completed,
 * retried, failed or released by their owner only, and listed in pages.
 */
import type { CaseInstanceId, ClaimEffectsOptions, EffectError, EffectQuery, Page, StoredEffect } from '@casekit/core';
import { checkEffectError, checkName, checkTime, compareText, encodeCursor, parseEffectQuery } from '@casekit/core/internals';
import type { PostgresPool } from './driver.js';
import { parameters } from './sql.js';
import { EFFECT_COLUMNS, type PostgresStatements } from './statements.js';

interface EffectRow {
  readonly id: string;
  readonly case_id: string;
  readonly kind: string;
  readonly payload: StoredEffect['payload'];
  readonly created_at: string;
  readonly status: StoredEffect['status'];
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly last_error: EffectError | null;
  readonly owner: string | null;
  readonly lease_until: string | null;
}

/** Claims, settles and lists outbox effects. */
export class PostgresOutbox {
  readonly #pool: PostgresPool;
  readonly #sql: PostgresStatements;

  constructor(pool: PostgresPool, sql: PostgresStatements) {
    this.#pool = pool;
    this.#sql = sql;
  }

  async claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]> {
    const now = checkTime(options.now, 'now');
    const owner = checkName(options.owner, 'owner');
    const leaseUntil = now + checkTime(options.leaseMs, 'leaseMs');
    const { rows } = await this.#pool.query(this.#sql.claimEffects, [now, options.limit ?? 1, owner, leaseUntil]);
    return (rows as EffectRow[]).map(toEffect).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || compareText(a.id, b.id));
  }

  async completeEffect(id: string, owner: string): Promise<boolean> {
    return this.#settle(this.#sql.completeEffect, [checkName(id, 'effect id'), checkName(owner, 'owner')]);
  }

  async retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean> {
    const error = checkEffectError(retry.error);
    const at = checkTime(retry.nextAttemptAt, 'nextAttemptAt');
    return this.#settle(this.#sql.retryEffect, [checkName(id, 'effect id'), checkName(owner, 'owner'), error, at]);
  }

  async failEffect(id: string, owner: string, error: EffectError): Promise<boolean> {
    const json = checkEffectError(error);
    return this.#settle(this.#sql.failEffect, [checkName(id, 'effect id'), checkName(owner, 'owner'), json]);
  }

  async releaseEffect(id: string, owner: string): Promise<boolean> {
    return this.#settle(this.#sql.releaseEffect, [checkName(id, 'effect id'), checkName(owner, 'owner')]);
  }

  async #settle(sql: string, values: unknown[]): Promise<boolean> {
    const { rowCount } = await this.#pool.query(sql, values);
    return (rowCount ?? 0) > 0;
  }

  async effects(query?: EffectQuery): Promise<Page<StoredEffect>> {
    const q = parseEffectQuery(query);
    const where: string[] = [];
    const { values, param } = parameters();
    if (q.caseId !== undefined) where.push(`case_id = ${param(q.caseId)}`);
    if (q.statuses !== undefined) where.push(`status = ANY (${param([...q.statuses])}::text[])`);
    if (q.after !== undefined) where.push(`(created_at, id) > (${param(q.after.createdAt)}::bigint, ${param(q.after.id)}::text)`);
    const sql = `SELECT ${EFFECT_COLUMNS} FROM ${this.#sql.outbox}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY created_at, id LIMIT ${param(q.limit + 1)}`;
    const { rows } = await this.#pool.query(sql, values);
    const items = (rows as EffectRow[]).slice(0, q.limit).map(toEffect);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('e', [last.createdAt, last.id]) } : { items };
  }
}

function toEffect(row: EffectRow): StoredEffect {
  return {
    id: row.id,
    caseId: row.case_id as CaseInstanceId,
    kind: row.kind,
    payload: row.payload,
    createdAt: Number(row.created_at),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.owner === null ? {} : { owner: row.owner }),
    ...(row.lease_until === null ? {} : { leaseUntil: Number(row.lease_until) }),
  };
}
