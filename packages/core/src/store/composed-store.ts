/**
 * A store made of one part per concern: the store interfaces split the contract by concern, and a
 * durable adapter implements each in a class of its own; this class presents them as one
 * `CaseStore`, so that no adapter writes the delegation again.
 */
import type { CaseInstanceId, CaseInstanceState, TransitionRecord } from '../engine/state.js';
import type {
  CaseQueries,
  CaseQuery,
  CaseRepository,
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
  ModelStore,
  OutboxStore,
  OutboxWrite,
  Page,
  StoredCase,
  StoredEffect,
  StoredModel,
  TaskQuery,
  TimerStore,
  WorkItem,
} from './case-store.js';

/** The parts of a store, one per concern. */
export interface StoreParts {
  readonly cases: CaseRepository;
  readonly queries: CaseQueries;
  readonly timers: TimerStore;
  readonly outbox: OutboxStore;
  readonly models: ModelStore;
}

/**
 * A `CaseStore` that passes each call to the part of its concern.
 *
 * @example
 * class MyStore extends ComposedCaseStore {
 *   constructor(db: Db) { super({ cases: new MyCases(db), queries: new MyQueries(db), timers: new MyTimers(db), outbox: new MyOutbox(db), models: new MyModels(db) }); }
 * }
 */
export abstract class ComposedCaseStore implements CaseStore {
  readonly #parts: StoreParts;

  protected constructor(parts: StoreParts) {
    this.#parts = parts;
  }

  load(id: CaseInstanceId): Promise<StoredCase | undefined> {
    return this.#parts.cases.load(id);
  }

  save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number> {
    return this.#parts.cases.save(state, expectedRevision, transitions, outbox);
  }

  history(id: CaseInstanceId, options: HistoryOptions = {}): Promise<readonly TransitionRecord[]> {
    return this.#parts.cases.history(id, options);
  }

  query(filter?: CaseQuery): Promise<readonly CaseSummary[]> {
    return this.#parts.queries.query(filter);
  }

  queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>> {
    return this.#parts.queries.queryPage(filter);
  }

  /** Open human tasks across cases (docs/work.md). */
  tasks(filter?: TaskQuery): Promise<Page<WorkItem>> {
    return this.#parts.queries.tasks(filter);
  }

  historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>> {
    return this.#parts.queries.historyQuery(filter);
  }

  dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]> {
    return this.#parts.timers.dueTimers(until, limit);
  }

  claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]> {
    return this.#parts.timers.claimDueTimers(options);
  }

  releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void> {
    return this.#parts.timers.releaseTimer(caseId, instance, owner);
  }

  claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]> {
    return this.#parts.outbox.claimEffects(options);
  }

  completeEffect(id: string, owner: string): Promise<boolean> {
    return this.#parts.outbox.completeEffect(id, owner);
  }

  retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean> {
    return this.#parts.outbox.retryEffect(id, owner, retry);
  }

  failEffect(id: string, owner: string, error: EffectError): Promise<boolean> {
    return this.#parts.outbox.failEffect(id, owner, error);
  }

  releaseEffect(id: string, owner: string): Promise<boolean> {
    return this.#parts.outbox.releaseEffect(id, owner);
  }

  effects(query?: EffectQuery): Promise<Page<StoredEffect>> {
    return this.#parts.outbox.effects(query);
  }

  saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    return this.#parts.models.saveModel(model);
  }

  loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    return this.#parts.models.loadModel(key, version);
  }

  latestModel(key: string): Promise<StoredModel | undefined> {
    return this.#parts.models.latestModel(key);
  }
}
