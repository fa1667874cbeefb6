/**
 * Storage: the small interfaces the engine needs, one per concern, so that adapters (in-memory,
 * SQLite, PostgreSQL, yours) plug in without touching the engine. Every method is async.
 *
 * | concern | interface | what it keeps |
 * |---|---|---|
 * | cases | {@link CaseRepository} | the state of each case, its revision and its history, written atomically |
 * | timers | {@link TimerStore} | the pending timers of Active cases, claimed with a lease |
 * | effects | {@link OutboxStore} | the durable outbox: effects written with the step that asks for them, claimed with a lease |
 * | models | {@link ModelStore} | model versions, so that any process runs the cases started from them |
 * | queries | {@link CaseQueries} | cases and history across cases, filtered and paginated |
 *
 * {@link CaseStore} is all of them. docs/storage.md describes the contract every adapter passes
 * (`describeCaseStore` in `@casekit/testing`).
 */
import type { CaseInstanceId, CaseInstanceState, JsonValue, TransitionRecord } from '../engine/state.js';
import type { CaseState, PlanItemState } from '../lifecycle/index.js';

// ------------------------------------------------------------------------------------------------
// Cases
// ------------------------------------------------------------------------------------------------

/** A stored case and its revision (incremented by every save). */
export interface StoredCase {
  readonly state: CaseInstanceState;
  readonly revision: number;
}

/** Which part of a case's history {@link CaseRepository.history} returns. */
export interface HistoryOptions {
  /** Only records with a greater `seq`. */
  readonly afterSeq?: number;
  /** At most this many records. */
  readonly limit?: number;
}

/**
 * What a step asks of the outbox, written by {@link CaseRepository.save} in the same atomic write
 * as the state: new effects to run, and effects whose result this step records.
 *
 * @example
 * await store.save(next, revision, transitions, { add: [{ id: 'e-1', caseId: next.id, kind: 'invokeTask', payload: { task: 'Notify' }, createdAt: Date.now() }] });
 */
export interface OutboxWrite {
  /** Effects to store as `pending`. An id the store already holds fails the save with `DuplicateEffectError`. */
  readonly add?: readonly OutboxEffect[];
  /** Ids of stored effects to mark `done` (unknown ids are ignored; an id may not be in `add` too). */
  readonly done?: readonly string[];
  /**
   * The added effects are claimed at once by `owner` until `leaseUntil` (ms): the process that
   * commits a step performs its effects itself, and others take them over only if its lease ends.
   */
  readonly claim?: { readonly owner: string; readonly leaseUntil: number };
}

/**
 * Cases: load, and save with history. The one write of a step.
 *
 * An adapter author: `save` is the only write and must be atomic — the revision check, the new
 * state, the history rows, the timer rows (see {@link TimerStore}), the outbox rows (see
 * {@link OutboxStore}) and the plan item index used by {@link CaseQueries} commit together or not
 * at all. Case ids are validated before any storage is touched (`InvalidCaseIdError`), and text
 * the durable stores cannot keep (`\u0000`, lone UTF-16 surrogates) is refused with
 * `UnstorableTextError`, by every store alike.
 *
 * @example
 * const stored = await store.load(id);
 * const next = step(compiled, stored.state, command, context);
 * await store.save(next.state, stored.revision, next.transitions);
 */
export interface CaseRepository {
  /** The stored case, or undefined. Never shares objects with earlier or later callers. */
  load(id: CaseInstanceId): Promise<StoredCase | undefined>;
  /**
   * Stores the case's new state and appends its transitions to its history, atomically. Rejects
   * with `ConcurrencyConflictError` (writing nothing) unless the stored revision equals
   * `expectedRevision` (null: the case must not exist yet). Resolves to the new revision.
   * The case's pending timers (those of an Active case) are kept in step with `state.timers` in
   * the same write; a claim on a timer that is still pending survives the save. `outbox` adds
   * effects and marks effects done in the same write.
   */
  save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[], outbox?: OutboxWrite): Promise<number>;
  /** The case's history, oldest first. */
  history(id: CaseInstanceId, options?: HistoryOptions): Promise<readonly TransitionRecord[]>;
}

// ------------------------------------------------------------------------------------------------
// Timers
// ------------------------------------------------------------------------------------------------

/** A timer due at a time, for the scheduler. */
export interface DueTimer {
  readonly caseId: CaseInstanceId;
  /** The timer event listener instance number inside the case. */
  readonly instance: number;
  readonly dueAt: number;
}

/** What {@link TimerStore.claimDueTimers} claims. */
export interface ClaimTimersOptions {
  /** Timers due at or before this time (ms). */
  readonly until: number;
  /** The current time (ms), against which leases are measured. */
  readonly now: number;
  /** Who claims: a process-unique name (the engine's `owner` option). */
  readonly owner: string;
  /** How long the claim holds (ms); past `now + leaseMs` another owner may claim the timer. */
  readonly leaseMs: number;
  /** At most this many timers. Default 1. */
  readonly limit?: number;
}

/** A due timer claimed by one owner until its lease ends. */
export interface ClaimedTimer extends DueTimer {
  readonly owner: string;
  /** The claim holds until this time (ms). */
  readonly leaseUntil: number;
}

/**
 * Timers: the pending timers of Active cases, mirrored from `state.timers` by every save.
 *
 * An adapter author: timers are written only by {@link CaseRepository.save}; this interface reads
 * them and holds claims. A claim is a hint that spares other processes the work — firing stays
 * exactly-once through the case revision.
 *
 * @example
 * const [timer] = await store.claimDueTimers({ until: now, now, owner: 'worker-1', leaseMs: 60_000 });
 */
export interface TimerStore {
  /** Timers of Active cases due at or before `until`, in due order, claimed or not. */
  dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]>;
  /**
   * Claims up to `limit` due timers that nobody holds (no claim, or an expired lease), in due
   * order, for `owner` until `now + leaseMs`. Two concurrent calls never claim the same timer.
   */
  claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]>;
  /** Gives up `owner`'s claim on a timer (after a failure), so that it can be claimed at once. */
  releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void>;
}

// ------------------------------------------------------------------------------------------------
// Outbox
// ------------------------------------------------------------------------------------------------

/** A JSON object, as effect payloads are. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** An effect a step asks for (run a task handler, start a child case…), stored with the step. */
export interface OutboxEffect {
  /** Unique among all effects of the store. */
  readonly id: string;
  /** The case the effect belongs to. */
  readonly caseId: CaseInstanceId;
  /** What to do, e.g. `invokeTask`. */
  readonly kind: string;
  /** What the runner of `kind` needs. */
  readonly payload: JsonObject;
  /** When the step asked for it (ms); its first attempt is due then. */
  readonly createdAt: number;
}

/** Where an effect is: waiting or being attempted, done, or given up. */
export type EffectStatus = 'pending' | 'done' | 'failed';

/** Why an attempt failed. */
export interface EffectError {
  readonly message: string;
  readonly code?: string;
}

/** An effect as the outbox keeps it. */
export interface StoredEffect extends OutboxEffect {
  readonly status: EffectStatus;
  /** Failed attempts so far (retried or failed). */
  readonly attempts: number;
  /** The next attempt is due at this time (ms). */
  readonly nextAttemptAt: number;
  /** The error of the last failed attempt. */
  readonly lastError?: EffectError;
  /** Who holds the effect (a pending effect claimed by {@link OutboxStore.claimEffects}). */
  readonly owner?: string;
  /** The claim holds until this time (ms). */
  readonly leaseUntil?: number;
}

/** What {@link OutboxStore.claimEffects} claims. */
export interface ClaimEffectsOptions {
  /** The current time (ms): effects whose next attempt is due, and leases, are measured against it. */
  readonly now: number;
  /** A process-unique name. */
  readonly owner: string;
  /** How long the claim holds (ms). */
  readonly leaseMs: number;
  /** At most this many effects. Default 1. */
  readonly limit?: number;
}

/** Filter of {@link OutboxStore.effects}. */
export interface EffectQuery {
  readonly caseId?: CaseInstanceId;
  readonly status?: EffectStatus | readonly EffectStatus[];
  /** Page size. Default 100, at most 10,000. */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

/**
 * The durable outbox: effects are written by {@link CaseRepository.save} in the same write as the
 * step that asks for them, then claimed by workers with a lease, attempted, and completed, retried
 * or failed. A process that dies holding a claim loses it when the lease expires: the effect is
 * attempted again (at-least-once), so effect runners must be idempotent per effect id.
 *
 * An adapter author: `claimEffects` must never hand the same effect to two concurrent callers
 * (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: one write transaction); the other methods change
 * an effect only while `owner` holds it and resolve to whether they did.
 *
 * @example
 * for (const effect of await store.claimEffects({ now: Date.now(), owner: 'worker-1', leaseMs: 30_000, limit: 10 })) {
 *   try { await run(effect); await store.completeEffect(effect.id, 'worker-1'); }
 *   catch (e) { await store.retryEffect(effect.id, 'worker-1', { error: { message: String(e) }, nextAttemptAt: Date.now() + 5_000 }); }
 * }
 */
export interface OutboxStore {
  /**
   * Claims up to `limit` pending effects whose next attempt is due (`nextAttemptAt ≤ now`) and that
   * nobody holds (no owner, or an expired lease), for `owner` until `now + leaseMs`; in the order
   * nextAttemptAt, createdAt, id.
   */
  claimEffects(options: ClaimEffectsOptions): Promise<readonly StoredEffect[]>;
  /** Marks an effect `owner` holds done. False when `owner` does not hold it (any more). */
  completeEffect(id: string, owner: string): Promise<boolean>;
  /** Records a failed attempt (attempts + 1, `lastError`) and makes the effect pending again at `nextAttemptAt`, lease released. */
  retryEffect(id: string, owner: string, retry: { readonly error: EffectError; readonly nextAttemptAt: number }): Promise<boolean>;
  /** Records a last failed attempt (attempts + 1, `lastError`): the effect is `failed` and no longer claimed. */
  failEffect(id: string, owner: string, error: EffectError): Promise<boolean>;
  /** Gives up `owner`'s claim without counting an attempt: claimable again at once. */
  releaseEffect(id: string, owner: string): Promise<boolean>;
  /** Stored effects, per case or across cases, by status; ordered by createdAt, then id; paginated. */
  effects(query?: EffectQuery): Promise<Page<StoredEffect>>;
}

// ------------------------------------------------------------------------------------------------
// Models
// ------------------------------------------------------------------------------------------------

/** A model version kept by a store, so that any process can run the cases started from it. */
export interface StoredModel {
  /** The deployment key. */
  readonly key: string;
  /** 1, 2, … per key. */
  readonly version: number;
  /** The CMMN XML. */
  readonly xml: string;
  /** When the version was first stored (ms). */
  readonly deployedAt: number;
}

/**
 * Model versions. A version, once stored, keeps its first content.
 *
 * @example
 * const stored = await store.saveModel({ key: 'claims', version: 1, xml });
 * if (stored.xml !== xml) throw new Error('version 1 of claims is another model');
 */
export interface ModelStore {
  /**
   * Stores a model version unless the key already has this version; resolves to what the store
   * holds for it afterwards. When the XML differs from `model.xml`, another deployment took the
   * version first.
   */
  saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel>;
  /** One version of a model, or undefined. */
  loadModel(key: string, version: number): Promise<StoredModel | undefined>;
  /** The highest version of a model, or undefined. */
  latestModel(key: string): Promise<StoredModel | undefined>;
}

// ------------------------------------------------------------------------------------------------
// Queries
// ------------------------------------------------------------------------------------------------

/** A JSON scalar, as case file conditions compare. */
export type JsonScalar = string | number | boolean | null;

/**
 * Conditions on one case file value (all must hold). Comparisons are strict about JSON types:
 * `1` ≠ `"1"` ≠ `true`; `lt`…`gte` compare numbers with numbers and strings with strings (by
 * code point); a value of another type never matches.
 */
export interface CaseFileOperators {
  /** Equal (type and value). */
  readonly eq?: JsonScalar;
  /** Present and not equal. A missing value does not match. */
  readonly ne?: JsonScalar;
  readonly lt?: number | string;
  readonly lte?: number | string;
  readonly gt?: number | string;
  readonly gte?: number | string;
  /** Equal to one of these. `[]` matches nothing. */
  readonly in?: readonly JsonScalar[];
  /** true: the value is present (`null` included); false: it is missing. */
  readonly exists?: boolean;
}

/** A scalar (equality) or operators. */
export type CaseFileCondition = JsonScalar | CaseFileOperators;

/** Cases having an instance of a plan item (by its model id) in one of the given states. */
export interface PlanItemCondition {
  /** The plan item's id in the model (a discretionary item's id for planned items). */
  readonly id: string;
  /** Default: any state. */
  readonly state?: PlanItemState | readonly PlanItemState[];
}

/**
 * Filter of {@link CaseQueries.query} and {@link CaseQueries.queryPage}. Every given condition
 * must hold. An unknown key, operator or state, a malformed path or a value of the wrong type is
 * an `InvalidQueryError`, never an empty result.
 *
 * @example
 * await store.queryPage({ state: 'Active', caseFile: { 'claim.amount': { gte: 1000 }, region: 'north' }, planItem: { id: 'pi_review', state: 'Active' }, limit: 50 });
 */
export interface CaseQuery {
  /** The `<case>` id the instances run. */
  readonly caseDefinitionId?: string;
  readonly modelKey?: string;
  readonly state?: CaseState | readonly CaseState[];
  /**
   * Case file values by path: `'claim.policy'` is the `policy` member of the `claim` object
   * (object members only: a path does not go into arrays). A scalar means `eq`.
   */
  readonly caseFile?: Readonly<Record<string, CaseFileCondition>>;
  /** Cases with a plan item in a state (several: all must hold). */
  readonly planItem?: PlanItemCondition | readonly PlanItemCondition[];
  /** At most this many (query: default all; queryPage: default 100). At most 10,000 per page. */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

/** A row of {@link CaseQueries.query}. */
export interface CaseSummary {
  readonly id: CaseInstanceId;
  readonly caseDefinitionId: string;
  readonly modelKey: string;
  readonly modelVersion: number;
  readonly state: CaseState;
  readonly revision: number;
  readonly updatedAt: number;
}

/** One page of results; `next` (when more may follow) is the `after` of the next page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

/**
 * Filter of {@link CaseQueries.historyQuery}: transitions across cases, ordered by `at`, then case
 * id, then `seq`.
 */
export interface HistoryQuery {
  readonly caseId?: CaseInstanceId;
  /** The acting user. */
  readonly user?: string;
  /** At or after this time (ms). */
  readonly from?: number;
  /** Before this time (ms). */
  readonly to?: number;
  /** The plan item id (or case file item name). */
  readonly itemId?: string;
  readonly transition?: string;
  /** Page size. Default 100, at most 10,000. */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

/** Users and groups, as a work list names who asks: a user id and the groups the host says they are in. */
export interface Principal {
  readonly user: string;
  readonly groups?: readonly string[];
}

/**
 * Filter of {@link CaseQueries.tasks}: open human tasks (Enabled, Active, Suspended or Failed)
 * across cases. Every given condition must hold.
 *
 * @example
 * await store.tasks({ candidate: { user: 'alice', groups: ['claims'] }, dueBefore: Date.parse('2026-03-01'), limit: 20 });
 */
export interface TaskQuery {
  /** The assignee; null: unassigned tasks. */
  readonly assignee?: string | null;
  /** Unassigned tasks this user (or one of their groups) is a candidate for. */
  readonly candidate?: Principal;
  /** Tasks this user may see: they (or a group of theirs) are a candidate, the assignee, the task's owner or the case owner. */
  readonly visibleTo?: Principal;
  readonly state?: PlanItemState | readonly PlanItemState[];
  /** Due before this time (ms; tasks without a due date never match). */
  readonly dueBefore?: number;
  /** Due at or after this time (ms). */
  readonly dueAfter?: number;
  /** A priority, or a range (`{ gte: 60 }`). */
  readonly priority?: number | { readonly gt?: number; readonly gte?: number; readonly lt?: number; readonly lte?: number };
  readonly caseDefinitionId?: string;
  readonly modelKey?: string;
  readonly caseId?: CaseInstanceId;
  /** The human task's plan item id. */
  readonly itemId?: string;
  /** Case file values of the task's case, as in {@link CaseQuery}. */
  readonly caseFile?: Readonly<Record<string, CaseFileCondition>>;
  /** Page size. Default 100, at most 10,000. */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

/** An open human task, as work lists show it. */
export interface WorkItem {
  readonly caseId: CaseInstanceId;
  readonly instanceId: string;
  /** The plan item id and name. */
  readonly itemId: string;
  readonly itemName: string;
  readonly caseDefinitionId: string;
  readonly modelKey: string;
  readonly state: PlanItemState;
  readonly assignee?: string;
  readonly owner?: string;
  readonly delegation?: 'pending' | 'resolved';
  readonly candidates: { readonly users: readonly string[]; readonly groups: readonly string[] };
  readonly caseOwner?: string;
  readonly dueAt?: number;
  readonly priority: number;
  /** When the task instance was created (ms). */
  readonly createdAt: number;
}

/**
 * Queries across cases: cases by definition, state, case file values and plan item states, and
 * history by user, time, item and transition; cursor-paginated in a stable order.
 *
 * An adapter author: the filters are parsed and checked once by `parseCaseQuery` /
 * `parseHistoryQuery` (exported beside these types), so every store refuses the same filters
 * with the same error; cursors are encoded with `encodeCursor` / `decodeCursor`.
 *
 * @example
 * let page = await store.queryPage({ state: 'Active', limit: 100 });
 * while (page.next !== undefined) page = await store.queryPage({ state: 'Active', limit: 100, after: page.next });
 */
export interface CaseQueries {
  /**
   * Open human tasks across cases (docs/work.md), from the index each save keeps: by due date
   * (none last), then priority (highest first), then case id and instance id; one page at a time.
   */
  tasks(filter?: TaskQuery): Promise<Page<WorkItem>>;
  /** Matching cases, most recently updated first (ties: by id), all of them unless `limit`. */
  query(filter?: CaseQuery): Promise<readonly CaseSummary[]>;
  /** One page of {@link query}'s results. */
  queryPage(filter?: CaseQuery): Promise<Page<CaseSummary>>;
  /** Transitions across cases, oldest first (at, case id, seq). */
  historyQuery(filter?: HistoryQuery): Promise<Page<TransitionRecord>>;
}

// ------------------------------------------------------------------------------------------------
// All of it
// ------------------------------------------------------------------------------------------------

/**
 * What the engine needs from storage: every concern above.
 *
 * @example
 * const engine = createEngine({ store: new MemoryCaseStore() });
 */
export interface CaseStore extends CaseRepository, TimerStore, OutboxStore, ModelStore, CaseQueries {
  /** Releases the store's resources (the database connection or pool). Optional. */
  close?(): Promise<void>;
}
