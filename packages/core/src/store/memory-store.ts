import { ConcurrencyConflictError } from '../errors.js';
import type { CaseInstanceId, CaseInstanceState, TransitionRecord } from '../engine/state.js';
import type { CaseQuery, CaseStore, CaseSummary, DueTimer, StoredCase } from './case-store.js';

/**
 * The embedded default store: cases in memory, with the same contract as the durable adapters
 * (optimistic revisions, atomic save with history, queries, due timers). States are immutable
 * values, so no copy is needed on load or save.
 *
 * @example
 * const store = new MemoryCaseStore();
 * const engine = createEngine({ store });
 */
export class MemoryCaseStore implements CaseStore {
  readonly #cases = new Map<CaseInstanceId, StoredCase>();
  readonly #history = new Map<CaseInstanceId, TransitionRecord[]>();

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    return this.#cases.get(id);
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[]): Promise<number> {
    const current = this.#cases.get(state.id);
    const actual = current?.revision ?? null;
    if (actual !== expectedRevision) throw new ConcurrencyConflictError(state.id, expectedRevision, actual);
    const revision = (actual ?? 0) + 1;
    this.#cases.set(state.id, { state, revision });
    const history = this.#history.get(state.id);
    if (history === undefined) this.#history.set(state.id, [...transitions]);
    else history.push(...transitions);
    return revision;
  }

  async history(id: CaseInstanceId, options: { readonly afterSeq?: number; readonly limit?: number } = {}): Promise<readonly TransitionRecord[]> {
    const all = this.#history.get(id) ?? [];
    const after = options.afterSeq;
    const selected = after === undefined ? all : all.filter((r) => r.seq > after);
    return options.limit === undefined ? [...selected] : selected.slice(0, options.limit);
  }

  async query(filter: CaseQuery = {}): Promise<readonly CaseSummary[]> {
    const states = filter.state === undefined ? undefined : Array.isArray(filter.state) ? filter.state : [filter.state];
    const out: CaseSummary[] = [];
    for (const { state, revision } of this.#cases.values()) {
      if (filter.caseDefinitionId !== undefined && state.definition.caseId !== filter.caseDefinitionId) continue;
      if (filter.modelKey !== undefined && state.definition.modelKey !== filter.modelKey) continue;
      if (states !== undefined && !states.includes(state.state)) continue;
      if (filter.caseFile !== undefined && !Object.entries(filter.caseFile).every(([k, v]) => Object.hasOwn(state.caseFile, k) && state.caseFile[k] === v)) continue;
      out.push({
        id: state.id,
        caseDefinitionId: state.definition.caseId,
        modelKey: state.definition.modelKey,
        modelVersion: state.definition.modelVersion,
        state: state.state,
        revision,
        updatedAt: state.updatedAt,
      });
    }
    out.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
    return filter.limit === undefined ? out : out.slice(0, filter.limit);
  }

  async dueTimers(until: number, limit = Number.POSITIVE_INFINITY): Promise<readonly DueTimer[]> {
    const due: DueTimer[] = [];
    for (const { state } of this.#cases.values()) {
      if (state.state !== 'Active') continue;
      for (const timer of state.timers) {
        if (timer.dueAt > until) break;
        due.push({ caseId: state.id, instance: timer.instance, dueAt: timer.dueAt });
      }
    }
    // Stable: within one case, timers keep their order (due time, then model order).
    due.sort((a, b) => a.dueAt - b.dueAt || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
    return due.slice(0, limit);
  }
}
