/**
 * Timers on PostgreSQL: the due timers of Active cases in due order, claimed for a lease with
 * `FOR UPDATE SKIP LOCKED`, released by their owner.
 */
import type { CaseInstanceId, ClaimedTimer, ClaimTimersOptions, DueTimer } from '@casekit/core';
import { assertStorableText, checkCaseId, compareText } from '@casekit/core/internals';
import type { PostgresPool } from './driver.js';
import type { PostgresStatements } from './statements.js';

interface TimerRow {
  readonly case_id: string;
  readonly instance: number;
  readonly due_at: string;
  readonly ord: number;
  readonly lease_until?: string;
}

/** Where a `bigint` column must hold an "until forever". */
const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** Lists, claims and releases due timers. */
export class PostgresTimers {
  readonly #pool: PostgresPool;
  readonly #sql: PostgresStatements;

  constructor(pool: PostgresPool, sql: PostgresStatements) {
    this.#pool = pool;
    this.#sql = sql;
  }

  async dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    const { rows } = await this.#pool.query(this.#sql.due, [clampTime(until), limit === undefined || !Number.isFinite(limit) ? null : limit]);
    return (rows as TimerRow[]).map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: Number(row.due_at) }));
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { owner, now } = options;
    assertStorableText(owner, 'owner');
    const { rows } = await this.#pool.query(this.#sql.claim, [clampTime(options.until), now, options.limit ?? 1, owner, clampTime(now + options.leaseMs)]);
    const claimed = rows as TimerRow[];
    claimed.sort((a, b) => Number(a.due_at) - Number(b.due_at) || compareText(a.case_id, b.case_id) || a.ord - b.ord);
    return claimed.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: Number(row.due_at), owner, leaseUntil: Number(row.lease_until) }));
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    assertStorableText(owner, 'owner');
    await this.#pool.query(this.#sql.release, [checkCaseId(caseId), instance, owner]);
  }
}

function clampTime(ms: number): number {
  return Math.min(Math.max(ms, -MAX_TIME), MAX_TIME);
}
