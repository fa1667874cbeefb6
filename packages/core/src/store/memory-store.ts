import { ConcurrencyConflictError } from '../errors.js';
import type { CaseInstanceId, CaseInstanceState, TransitionRecord } from '../engine/state.js';
import type { CaseQuery, CaseStore, CaseSummary, ClaimedTimer, ClaimTimersOptions, DueTimer, StoredCase, StoredModel } from './case-store.js';

/**
 * The embedded default store: cases in memory, with the same contract as the durable adapters
 * (optimistic revisions, atomic save with history, queries, due timers claimed with leases, model
 * versions). States are immutable values, so no copy is needed on load or save. Engines sharing
 * one `MemoryCaseStore` behave like processes sharing one database.
 *
 * @example
 * const store = new MemoryCaseStore();
 * const engine = createEngine({ store });
 */
export class MemoryCaseStore implements CaseStore {
  readonly #cases = new Map<CaseInstanceId, StoredCase>();
  readonly #history = new Map<CaseInstanceId, TransitionRecord[]>();
  /** Claims by case, then timer instance. */
  readonly #claims = new Map<CaseInstanceId, Map<number, { owner: string; leaseUntil: number }>>();
  readonly #models = new Map<string, StoredModel[]>();
  readonly #clock: () => number;

  /** `now` stamps stored model versions (default: the system clock). */
  constructor(options: { readonly now?: () => number } = {}) {
    this.#clock = options.now ?? Date.now;
  }

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
    const claims = this.#claims.get(state.id);
    if (claims !== undefined) {
      const pending = state.state === 'Active' ? new Set(state.timers.map((t) => t.instance)) : new Set<number>();
      for (const instance of claims.keys()) if (!pending.has(instance)) claims.delete(instance);
      if (claims.size === 0) this.#claims.delete(state.id);
    }
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
    return this.#due(until, limit, () => true);
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { now, owner, leaseMs } = options;
    const free = (timer: DueTimer): boolean => {
      const claim = this.#claims.get(timer.caseId)?.get(timer.instance);
      return claim === undefined || claim.leaseUntil <= now;
    };
    const leaseUntil = now + leaseMs;
    return this.#due(options.until, options.limit ?? 1, free).map((timer) => {
      let claims = this.#claims.get(timer.caseId);
      if (claims === undefined) this.#claims.set(timer.caseId, (claims = new Map()));
      claims.set(timer.instance, { owner, leaseUntil });
      return { ...timer, owner, leaseUntil };
    });
  }

  async releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    const claims = this.#claims.get(caseId);
    if (claims?.get(instance)?.owner === owner) claims.delete(instance);
  }

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    const versions = this.#models.get(model.key) ?? [];
    const existing = versions.find((m) => m.version === model.version);
    if (existing !== undefined) return existing;
    const stored: StoredModel = Object.freeze({ key: model.key, version: model.version, xml: model.xml, deployedAt: this.#clock() });
    versions.push(stored);
    versions.sort((a, b) => a.version - b.version);
    this.#models.set(model.key, versions);
    return stored;
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    return this.#models.get(key)?.find((m) => m.version === version);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    return this.#models.get(key)?.at(-1);
  }

  #due(until: number, limit: number, keep: (timer: DueTimer) => boolean): DueTimer[] {
    const due: DueTimer[] = [];
    for (const { state } of this.#cases.values()) {
      if (state.state !== 'Active') continue;
      for (const timer of state.timers) {
        if (timer.dueAt > until) break;
        const candidate = { caseId: state.id, instance: timer.instance, dueAt: timer.dueAt };
        if (keep(candidate)) due.push(candidate);
      }
    }
    // Stable: within one case, timers keep their order (due time, then model order).
    due.sort((a, b) => a.dueAt - b.dueAt || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
    return due.slice(0, limit);
  }
}
