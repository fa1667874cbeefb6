/**
 * The outbox on SQLite: effects claimed for a lease, completed, retried, failed or released by
 * their owner only, and listed in pages.
 */
import type { CaseInstanceId, ClaimEffectsOptions, EffectError, EffectQuery, Page, StoredEffect } from '@casekit/core';
import { checkEffectError, checkName, checkTime, compareText, encodeCursor, parseEffectQuery } from '@casekit/core/internals';
import type { SqliteContext } from './context.js';
import type { SqliteDatabase } from './driver.js';
import { EFFECT_COLUMNS, type SqliteStatements } from './statements.js';

interface EffectRow {
  readonly id: string;
  readonly case_id: string;
  readonly kind: string;
  readonly payload: string;
  readonly created_at: number;
  readonly status: StoredEffect['status'];
  readonly attempts: number;
  readonly next_attempt_at: number;
  readonly last_error: string | null;
  readonly owner: string | null;
  readonly lease_until: number | null;
}

/** Claims, settles and lists outbox effects. */
export class SqliteOutbox {
  readonly #db: SqliteDatabase;
  readonly #s: SqliteStatements;
  readonly #write: SqliteContext['queue']['write'];

  constructor(context: SqliteContext) {
    this.#db = context.db;
    this.#s = context.s;
    this.#write = (body) => context.queue.write(body);
  }

  async claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]> {
    const now = checkTime(options.now, 'now');
    const owner = checkName(options.owner, 'owner');
    const leaseUntil = now + checkTime(options.leaseMs, 'leaseMs');
    const limit = options.limit ?? 1;
    const rows = await this.#write(() => this.#s.claimEffects.all(owner, leaseUntil, now, now, limit) as EffectRow[]);
    return rows.map(toEffect).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || compareText(a.id, b.id));
  }

  async completeEffect(id: string, owner: string): Promise<boolean> {
    return this.#write(() => this.#s.completeEffect.run(id, owner).changes > 0);
  }

  async retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean> {
    const error = checkEffectError(retry.error);
    const at = checkTime(retry.nextAttemptAt, 'nextAttemptAt');
    return this.#write(() => this.#s.retryEffect.run(error, at, id, owner).changes > 0);
  }

  async failEffect(id: string, owner: string, error: EffectError): Promise<boolean> {
    const json = checkEffectError(error);
    return this.#write(() => this.#s.failEffect.run(json, id, owner).changes > 0);
  }

  async releaseEffect(id: string, owner: string): Promise<boolean> {
    return this.#write(() => this.#s.releaseEffect.run(id, owner).changes > 0);
  }

  async effects(query?: EffectQuery): Promise<Page<StoredEffect>> {
    const q = parseEffectQuery(query);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.caseId !== undefined) {
      where.push('case_id = ?');
      params.push(q.caseId);
    }
    if (q.statuses !== undefined) {
      where.push(`status IN (${q.statuses.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...q.statuses);
    }
    if (q.after !== undefined) {
      where.push('(created_at, id) > (?, ?)');
      params.push(q.after.createdAt, q.after.id);
    }
    const sql = `SELECT ${EFFECT_COLUMNS} FROM casekit_outbox${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY created_at, id LIMIT ${q.limit + 1}`;
    const rows = this.#db.prepare(sql).all(...params) as EffectRow[];
    const items = rows.slice(0, q.limit).map(toEffect);
    const last = items.at(-1);
    return rows.length > q.limit && last !== undefined ? { items, next: encodeCursor('e', [last.createdAt, last.id]) } : { items };
  }
}

function toEffect(row: EffectRow): StoredEffect {
  return {
    id: row.id,
    caseId: row.case_id as CaseInstanceId,
    kind: row.kind,
    payload: JSON.parse(row.payload) as StoredEffect['payload'],
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: JSON.parse(row.last_error) as EffectError }),
    ...(row.owner === null ? {} : { owner: row.owner }),
    ...(row.lease_until === null ? {} : { leaseUntil: row.lease_until }),
  };
}
