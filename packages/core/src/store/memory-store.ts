import { ConcurrencyConflictError } from '../errors.js';
import type { CaseInstanceId, CaseInstanceState, TransitionRecord } from '../engine/state.js';
import type { PlanItemState } from '../lifecycle/index.js';
import type {
  CaseQuery,
  CaseStore,
  CaseSummary,
  ClaimedTimer,
  ClaimEffectsOptions,
  ClaimTimersOptions,
  DueTimer,
  EffectError,
  EffectQuery,
  HistoryOptions,
  HistoryQuery,
  OutboxWrite,
  Page,
  StoredCase,
  StoredEffect,
  StoredModel,
  TaskQuery,
  WorkItem,
} from './case-store.js';
import { DuplicateEffectError, UnstorableTextError } from './errors.js';
import { compareTasks, matchesTask, parseTaskQuery, taskPage, workIndexChanges, type WorkIndexChange } from './work-index.js';
import { compareCaseOrder, encodeCursor, matchesCaseFile, parseCaseQuery, parseEffectQuery, parseHistoryQuery, DEFAULT_PAGE_SIZE } from './query.js';
import { assertStorableText, checkCaseId, checkEffectError, checkName, checkOutboxWrite, checkTime, compareText, unstorableReason } from './validate.js';

/**
 * The embedded default store: cases in memory, with the same contract as the durable adapters
 * (optimistic revisions, atomic save with history and outbox, queries, due timers and effects
 * claimed with leases, model versions). Engines sharing one `MemoryCaseStore` behave like
 * processes sharing one database.
 *
 * Like a database, it shares nothing with its callers: what `save` stores is deep-frozen, so
 * neither a saved state nor a loaded one can change the stored case (an attempt to mutate one
 * throws a `TypeError`). Only the objects a save brings that the store has not frozen before are
 * walked — an engine's step shares the unchanged parts of the previous state — so a save costs
 * what the step changed, not the size of the case.
 *
 * @example
 * const store = new MemoryCaseStore();
 * const engine = createEngine({ store });
 */
export class MemoryCaseStore implements CaseStore {
  readonly #cases = new Map<CaseInstanceId, StoredCase>();
  readonly #history = new Map<CaseInstanceId, TransitionRecord[]>();
  /** Plan item instance → its item id and state, per case (kept from the transitions). */
  readonly #items = new Map<CaseInstanceId, Map<string, { readonly itemId: string; readonly state: PlanItemState }>>();
  /** Open human tasks per case (docs/work.md), kept by every save. */
  readonly #tasks = new Map<CaseInstanceId, Map<string, WorkItem>>();
  /** Claims by case, then timer instance. */
  readonly #claims = new Map<CaseInstanceId, Map<number, { owner: string; leaseUntil: number }>>();
  readonly #effects = new Map<string, StoredEffect>();
  readonly #models = new Map<string, StoredModel[]>();
  /** Objects deep-frozen by this store (and checked for unstorable text). */
  readonly #sealed = new WeakSet<object>();
  readonly #clock: () => number;

  /** `now` stamps stored model versions (default: the system clock). */
  constructor(options: { readonly now?: () => number } = {}) {
    this.#clock = options.now ?? Date.now;
  }

  async load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    const stored = this.#cases.get(checkCaseId(id));
    return stored === undefined ? undefined : { state: stored.state, revision: stored.revision };
  }

  async save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number> {
    const id = checkCaseId(state?.id);
    const write = checkOutboxWrite(outbox);
    this.#seal(state, 'state', id);
    for (const record of transitions) this.#seal(record, 'history', id);
    const current = this.#cases.get(id);
    const actual = current?.revision ?? null;
    if (actual !== expectedRevision) throw new ConcurrencyConflictError(id, expectedRevision, actual);
    for (const effect of outbox?.add ?? []) if (this.#effects.has(effect.id)) throw new DuplicateEffectError(effect.id);
    const taskChanges = workIndexChanges(state, transitions);
    // Checked: from here on nothing throws.
    const revision = (actual ?? 0) + 1;
    this.#cases.set(id, { state, revision });
    const history = this.#history.get(id);
    if (history === undefined) this.#history.set(id, [...transitions]);
    else history.push(...transitions);
    this.#index(id, transitions);
    this.#indexTasks(id, taskChanges);
    const claims = this.#claims.get(id);
    if (claims !== undefined) {
      const pending = state.state === 'Active' ? new Set(state.timers.map((t) => t.instance)) : new Set<number>();
      for (const instance of claims.keys()) if (!pending.has(instance)) claims.delete(instance);
      if (claims.size === 0) this.#claims.delete(id);
    }
    for (const effectId of write.done) {
      const effect = this.#effects.get(effectId);
      if (effect !== undefined) this.#effects.set(effectId, settle(effect, { status: 'done' }));
    }
    for (const effect of outbox?.add ?? []) {
      const payload = JSON.parse(JSON.stringify(effect.payload)) as StoredEffect['payload'];
      this.#effects.set(
        effect.id,
        Object.freeze({
          id: effect.id,
          caseId: effect.caseId,
          kind: effect.kind,
          payload: deepFreeze(payload),
          createdAt: effect.createdAt,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: effect.createdAt,
          ...(write.claim === undefined ? {} : { owner: write.claim.owner, leaseUntil: write.claim.leaseUntil }),
        }),
      );
    }
    return revision;
  }

  /** Plan item instance states from the transitions (the last transition of an instance wins). */
  #index(id: CaseInstanceId, transitions: readonly TransitionRecord[]): void {
    let items = this.#items.get(id);
    for (const record of transitions) {
      if (record.scope !== 'planItem' || record.instanceId === undefined || record.itemId === undefined) continue;
      if (items === undefined) this.#items.set(id, (items = new Map()));
      items.set(record.instanceId, { itemId: record.itemId, state: record.to as PlanItemState });
    }
  }

  /** The case's open human tasks, from the instances the transitions touch. */
  #indexTasks(id: CaseInstanceId, { put, remove }: WorkIndexChange): void {
    let tasks = this.#tasks.get(id);
    for (const instanceId of remove) tasks?.delete(instanceId);
    for (const item of put) {
      if (tasks === undefined) this.#tasks.set(id, (tasks = new Map()));
      tasks.set(item.instanceId, Object.freeze(item));
    }
    if (tasks?.size === 0) this.#tasks.delete(id);
  }

  async tasks(filter?: TaskQuery): Promise<Page<WorkItem>> {
    const q = parseTaskQuery(filter);
    const out: WorkItem[] = [];
    const lists = q.caseId === undefined ? this.#tasks.values() : [this.#tasks.get(q.caseId as CaseInstanceId) ?? new Map<string, WorkItem>()];
    for (const tasks of lists) {
      for (const item of tasks.values()) {
        if (!matchesTask(item, q)) continue;
        if (q.caseFile.length > 0 && !q.caseFile.every((c) => matchesCaseFile(this.#cases.get(item.caseId)?.state.caseFile, c))) continue;
        out.push(item);
      }
    }
    out.sort(compareTasks);
    return taskPage(out, q.limit);
  }

  /**
   * Deep-freezes what the store keeps, walking only objects it has not frozen before, and refuses
   * text no durable store can keep (U+0000, lone surrogates) as they do.
   */
  #seal(value: unknown, where: string, caseId: string): void {
    if (typeof value === 'string') {
      const reason = unstorableReason(value);
      if (reason !== undefined) throw new UnstorableTextError(where, reason, caseId);
      return;
    }
    if (value === null || typeof value !== 'object' || this.#sealed.has(value)) return;
    if (Array.isArray(value)) {
      for (const item of value) this.#seal(item, where, caseId);
    } else {
      for (const key of Object.keys(value)) {
        const reason = unstorableReason(key);
        if (reason !== undefined) throw new UnstorableTextError(where, reason, caseId);
        this.#seal((value as Record<string, unknown>)[key], where, caseId);
      }
    }
    Object.freeze(value);
    this.#sealed.add(value);
  }

  async history(id: CaseInstanceId, options: HistoryOptions = {}): Promise<readonly TransitionRecord[]> {
    const all = this.#history.get(checkCaseId(id)) ?? [];
    const after = options.afterSeq;
    const selected = after === undefined ? all : all.filter((r) => r.seq > after);
    return options.limit === undefined ? [...selected] : selected.slice(0, options.limit);
  }

  async query(filter?: CaseQuery): Promise<readonly CaseSummary[]> {
    return this.#query(filter, undefined).items;
  }

  async queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>> {
    return this.#query(filter, DEFAULT_PAGE_SIZE);
  }

  #query(filter: CaseQuery | undefined, defaultLimit: number | undefined): Page<CaseSummary> {
    const q = parseCaseQuery(filter, defaultLimit);
    const out: CaseSummary[] = [];
    for (const { state, revision } of this.#cases.values()) {
      if (q.caseDefinitionId !== undefined && state.definition.caseId !== q.caseDefinitionId) continue;
      if (q.modelKey !== undefined && state.definition.modelKey !== q.modelKey) continue;
      if (q.states !== undefined && !q.states.includes(state.state)) continue;
      if (q.after !== undefined && compareCaseOrder(state, q.after) <= 0) continue;
      if (!q.caseFile.every((c) => matchesCaseFile(state.caseFile, c))) continue;
      if (q.planItems.length > 0) {
        const items = [...(this.#items.get(state.id)?.values() ?? [])];
        if (!q.planItems.every((p) => items.some((i) => i.itemId === p.id && (p.states === undefined || p.states.includes(i.state))))) continue;
      }
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
    out.sort(compareCaseOrder);
    if (q.limit === undefined || out.length <= q.limit) return { items: out };
    const items = out.slice(0, q.limit);
    const last = items.at(-1);
    return last === undefined ? { items } : { items, next: encodeCursor('c', [last.updatedAt, last.id]) };
  }

  async historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>> {
    const q = parseHistoryQuery(filter);
    const out: TransitionRecord[] = [];
    const lists = q.caseId === undefined ? this.#history.values() : [this.#history.get(q.caseId) ?? []];
    for (const list of lists) {
      for (const r of list) {
        if (q.user !== undefined && r.user !== q.user) continue;
        if (q.from !== undefined && r.at < q.from) continue;
        if (q.to !== undefined && r.at >= q.to) continue;
        if (q.itemId !== undefined && r.itemId !== q.itemId) continue;
        if (q.transition !== undefined && r.transition !== q.transition) continue;
        if (q.after !== undefined && compareHistory(r, q.after) <= 0) continue;
        out.push(r);
      }
    }
    out.sort(compareHistory);
    if (out.length <= q.limit) return { items: out };
    const items = out.slice(0, q.limit);
    const last = items.at(-1);
    return last === undefined ? { items } : { items, next: encodeCursor('h', [last.at, last.caseId, last.seq]) };
  }

  async dueTimers(until: number, limit = Number.POSITIVE_INFINITY): Promise<readonly DueTimer[]> {
    return this.#due(until, limit, () => true);
  }

  async claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    const { now, owner, leaseMs } = options;
    assertStorableText(owner, 'owner');
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
    const claims = this.#claims.get(checkCaseId(caseId));
    if (claims?.get(instance)?.owner === owner) claims.delete(instance);
  }

  // --- outbox ------------------------------------------------------------------------------------

  async claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]> {
    const now = checkTime(options.now, 'now');
    const owner = checkName(options.owner, 'owner');
    const leaseUntil = now + checkTime(options.leaseMs, 'leaseMs');
    const limit = options.limit ?? 1;
    const due = [...this.#effects.values()]
      .filter((e) => e.status === 'pending' && e.nextAttemptAt <= now && (e.leaseUntil === undefined || e.leaseUntil <= now))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || compareText(a.id, b.id))
      .slice(0, limit);
    return due.map((effect) => {
      const claimed = Object.freeze({ ...effect, owner, leaseUntil });
      this.#effects.set(effect.id, claimed);
      return claimed;
    });
  }

  async completeEffect(id: string, owner: string): Promise<boolean> {
    return this.#settle(id, owner, () => ({ status: 'done' }));
  }

  async retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean> {
    const error = JSON.parse(checkEffectError(retry.error)) as EffectError;
    const nextAttemptAt = checkTime(retry.nextAttemptAt, 'nextAttemptAt');
    return this.#settle(id, owner, (e) => ({ status: 'pending', attempts: e.attempts + 1, lastError: error, nextAttemptAt }));
  }

  async failEffect(id: string, owner: string, error: EffectError): Promise<boolean> {
    const lastError = JSON.parse(checkEffectError(error)) as EffectError;
    return this.#settle(id, owner, (e) => ({ status: 'failed', attempts: e.attempts + 1, lastError }));
  }

  async releaseEffect(id: string, owner: string): Promise<boolean> {
    return this.#settle(id, owner, () => ({}));
  }

  #settle(id: string, owner: string, change: (effect: StoredEffect) => Partial<StoredEffect>): boolean {
    const effect = this.#effects.get(id);
    if (effect === undefined || effect.status !== 'pending' || effect.owner !== owner) return false;
    this.#effects.set(id, settle(effect, change(effect)));
    return true;
  }

  async effects(query?: EffectQuery): Promise<Page<StoredEffect>> {
    const q = parseEffectQuery(query);
    const out = [...this.#effects.values()]
      .filter((e) => (q.caseId === undefined || e.caseId === q.caseId) && (q.statuses === undefined || q.statuses.includes(e.status)))
      .filter((e) => q.after === undefined || e.createdAt > q.after.createdAt || (e.createdAt === q.after.createdAt && compareText(e.id, q.after.id) > 0))
      .sort((a, b) => a.createdAt - b.createdAt || compareText(a.id, b.id));
    if (out.length <= q.limit) return { items: out };
    const items = out.slice(0, q.limit);
    const last = items.at(-1)!;
    return { items, next: encodeCursor('e', [last.createdAt, last.id]) };
  }

  // --- models ------------------------------------------------------------------------------------

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    assertStorableText(model.key, 'model');
    assertStorableText(model.xml, 'model');
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
    due.sort((a, b) => a.dueAt - b.dueAt || compareText(a.caseId, b.caseId));
    return due.slice(0, limit);
  }
}

/** The effect with `change` applied and its claim released (fields left undefined are dropped). */
function settle(effect: StoredEffect, change: Partial<StoredEffect>): StoredEffect {
  const next: Record<string, unknown> = { ...effect, ...change };
  delete next.owner;
  delete next.leaseUntil;
  return Object.freeze(next) as unknown as StoredEffect;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

function compareHistory(a: { readonly at: number; readonly caseId: string; readonly seq: number }, b: { readonly at: number; readonly caseId: string; readonly seq: number }): number {
  return a.at - b.at || compareText(a.caseId, b.caseId) || a.seq - b.seq;
}
