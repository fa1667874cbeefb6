/**
 * Cases on PostgreSQL: load, the atomic save (one statement: the revision check, the new state,
 * its history, plan item and task index rows, timers and outbox rows), and a case's history.
 */
import { ConcurrencyConflictError, DuplicateEffectError, type CaseInstanceId, type CaseInstanceState, type HistoryOptions, type OutboxWrite, type StoredCase, type TransitionRecord } from '@casekit/core';
import { accessKeys, assertStorableJson, checkCaseId, checkOutboxWrite, dueKeyOf, workIndexChanges } from '@casekit/core/internals';
import type { PostgresPool } from './driver.js';
import type { PostgresStatements } from './statements.js';

/** Loads, saves and reads the history of cases. */
export class PostgresCases {
  readonly #pool: PostgresPool;
  readonly #sql: PostgresStatements;

  constructor(pool: PostgresPool, sql: PostgresStatements) {
    this.#pool = pool;
    this.#sql = sql;
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const { rows } = await this.#pool.query(this.#sql.load, [checkCaseId(id)]);
    const row = rows[0] as { revision: number; data: CaseInstanceState } | undefined;
    return row === undefined ? undefined : { state: row.data, revision: row.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number> {
    const id = checkCaseId(state?.id);
    const write = checkOutboxWrite(outbox);
    const data = JSON.stringify(state);
    assertStorableJson(data, 'state', id);
    const history = JSON.stringify(transitions);
    assertStorableJson(history, 'history', id);
    const d = state.definition;
    const timers = state.state === 'Active' ? state.timers : [];
    const add = outbox?.add ?? [];
    const claimJson = write.claim === undefined ? '' : `,"owner":${JSON.stringify(write.claim.owner)},"leaseUntil":${write.claim.leaseUntil}`;
    // The payloads were serialised (and checked) once: their JSON texts go in as they are.
    const effects = `[${add
      .map((e, i) => `{"id":${JSON.stringify(e.id)},"caseId":${JSON.stringify(e.caseId)},"kind":${JSON.stringify(e.kind)},"createdAt":${e.createdAt},"payload":${write.payloads[i]}${claimJson}}`)
      .join(',')}]`;
    const values: unknown[] = [
      id,
      d.caseId,
      d.modelKey,
      d.modelVersion,
      state.state,
      state.formatVersion,
      state.createdAt,
      state.updatedAt,
      data,
      JSON.stringify(state.caseFile),
      history,
      timers.map((t) => t.instance),
      timers.map((t) => t.dueAt),
      [...write.done],
      effects,
    ];
    if (expectedRevision !== null) values.push(expectedRevision);
    const taskChanges = workIndexChanges(state, transitions);
    values.push(JSON.stringify(taskChanges.put.map((item) => ({ item, dueKey: dueKeyOf(item), access: accessKeys(item) }))), [...taskChanges.remove]);
    let rows: unknown[];
    try {
      ({ rows } = await this.#pool.query(expectedRevision === null ? this.#sql.insert : this.#sql.update, values));
    } catch (error) {
      const e = error as { code?: unknown; constraint?: unknown; detail?: unknown };
      if (e.code === '23505' && e.constraint === 'casekit_outbox_pkey') {
        const duplicate = /\(id\)=\((.*)\) already exists/.exec(String(e.detail))?.[1] ?? add[0]?.id ?? '';
        throw new DuplicateEffectError(duplicate);
      }
      throw error;
    }
    const written = rows[0] as { revision: number } | undefined;
    if (written === undefined) {
      const current = await this.#pool.query(this.#sql.revision, [id]);
      throw new ConcurrencyConflictError(id, expectedRevision, (current.rows[0] as { revision: number } | undefined)?.revision ?? null);
    }
    return written.revision;
  }

  async history(id: CaseInstanceId, options: HistoryOptions = {}): Promise<readonly TransitionRecord[]> {
    const { rows } = await this.#pool.query(this.#sql.history, [checkCaseId(id), options.afterSeq ?? -1, options.limit ?? null]);
    return rows.map((row) => (row as { record: TransitionRecord }).record);
  }
}
