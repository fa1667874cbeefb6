/**
 * Timers on SQLite: the due timers of Active cases in due order, claimed for a lease, released by
 * their owner.
 */
import type { CaseInstanceId, ClaimedTimer, ClaimTimersOptions, DueTimer } from '@casekit/core';
import { assertStorableText, checkCaseId, compareText } from '@casekit/core/internals';
import type { SqliteContext } from './context.js';
import type { SqliteStatements } from './statements.js';

interface TimerRow {
  readonly case_id: string;
  readonly instance: number;
  readonly due_at: number;
  readonly ord: number;
  readonly lease_until?: number;
}

/** Lists, claims and releases due timers. */
export class SqliteTimers {
  readonly #s: SqliteStatements;
  readonly #write: SqliteContext['queue']['write'];

  constructor(context: SqliteContext) {
    this.#s = context.s;
    this.#write = (body) => context.queue.write(body);
  }

  async dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    const rows = this.#s.due.all(until, limit === undefined || !Number.isFinite(limit) ? -1 : limit) as TimerRow[];
    return rows.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: row.due_at }));
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { owner, now } = options;
    assertStorableText(owner, 'owner');
    const rows = await this.#write(() => this.#s.claim.all(owner, now + options.leaseMs, options.until, now, options.limit ?? 1) as TimerRow[]);
    rows.sort((a, b) => a.due_at - b.due_at || compareText(a.case_id, b.case_id) || a.ord - b.ord);
    return rows.map((row) => ({ caseId: row.case_id as CaseInstanceId, instance: row.instance, dueAt: row.due_at, owner, leaseUntil: row.lease_until! }));
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    const id = checkCaseId(caseId);
    await this.#write(() => this.#s.release.run(id, instance, owner));
  }
}
