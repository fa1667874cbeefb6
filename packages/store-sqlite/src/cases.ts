/**
 * Cases on SQLite: load, the atomic save (revision check, state, history, plan item index, task
 * index, timers and outbox rows in one savepoint of a write transaction), and a case's history.
 */
import { ConcurrencyConflictError, DuplicateEffectError, type CaseInstanceId, type CaseInstanceState, type HistoryOptions, type OutboxWrite, type StoredCase, type TransitionRecord } from '@casekit/core';
import { assertStorableJson, checkCaseId, checkOutboxWrite, workIndexChanges } from '@casekit/core/internals';
import type { SqliteContext } from './context.js';
import type { SqliteStatements } from './statements.js';
import type { SqliteTaskIndex } from './tasks.js';

interface CaseRow {
  readonly revision: number;
  readonly data: string;
}

/** Loads, saves and reads the history of cases. */
export class SqliteCases {
  readonly #s: SqliteStatements;
  readonly #tasks: SqliteTaskIndex;
  readonly #write: SqliteContext['queue']['write'];

  constructor(context: SqliteContext) {
    this.#s = context.s;
    this.#tasks = context.tasks;
    this.#write = (body) => context.queue.write(body);
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const row = this.#s.load.get(checkCaseId(id)) as CaseRow | undefined;
    return row === undefined ? undefined : { state: JSON.parse(row.data) as CaseInstanceState, revision: row.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number> {
    const id = checkCaseId(state?.id);
    const write = checkOutboxWrite(outbox);
    const data = JSON.stringify(state);
    assertStorableJson(data, 'state', id);
    const records = transitions.map((record) => {
      const json = JSON.stringify(record);
      assertStorableJson(json, 'history', id);
      return json;
    });
    const s = this.#s;
    const d = state.definition;
    const add = outbox?.add ?? [];
    const taskChanges = workIndexChanges(state, transitions);
    return this.#write(() => {
      const changes =
        expectedRevision === null
          ? s.insert.run(id, d.caseId, d.modelKey, d.modelVersion, state.state, state.formatVersion, state.createdAt, state.updatedAt, data).changes
          : s.update.run(d.caseId, d.modelKey, d.modelVersion, state.state, state.formatVersion, state.createdAt, state.updatedAt, data, id, expectedRevision).changes;
      if (changes === 0) {
        const actual = (s.revision.get(id) as { revision: number } | undefined)?.revision ?? null;
        throw new ConcurrencyConflictError(id, expectedRevision, actual);
      }
      transitions.forEach((record, i) => {
        s.history.run(id, record.seq, record.at, records[i], record.user ?? null, record.itemId ?? null, record.transition);
        if (record.scope === 'planItem' && record.instanceId !== undefined && record.itemId !== undefined) s.item.run(id, record.instanceId, record.itemId, record.to);
      });
      this.#tasks.write(id, taskChanges);
      if (state.state === 'Active') {
        s.dropTimers.run(id, JSON.stringify(state.timers.map((t) => t.instance)));
        state.timers.forEach((timer, ord) => s.upsertTimer.run(id, timer.instance, timer.dueAt, ord));
      } else {
        s.dropAllTimers.run(id);
      }
      for (const effectId of write.done) s.effectDone.run(effectId);
      add.forEach((effect, i) => {
        try {
          s.addEffect.run(effect.id, effect.caseId, effect.kind, write.payloads[i], effect.createdAt, effect.createdAt, write.claim?.owner ?? null, write.claim?.leaseUntil ?? null);
        } catch (error) {
          if (String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw new DuplicateEffectError(effect.id);
          throw error;
        }
      });
      return (expectedRevision ?? 0) + 1;
    });
  }

  async history(id: CaseInstanceId, options: HistoryOptions = {}): Promise<readonly TransitionRecord[]> {
    const rows = this.#s.readHistory.all(checkCaseId(id), options.afterSeq ?? -1, options.limit ?? -1) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as TransitionRecord);
  }
}
