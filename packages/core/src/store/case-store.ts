/**
 * Storage: a small interface the engine needs, so adapters (in-memory, SQLite, PostgreSQL) plug in
 * without touching the engine. Every method is async; `save` is atomic and optimistic.
 *
 * Four concerns, each a few methods: cases (load, save), history, queries, timers (due, claimed
 * with a lease so that many processes share the work) and model versions. docs/storage.md
 * describes the contract every adapter passes (`describeCaseStore` in `@casekit/testing`).
 */
import type { CaseInstanceId, CaseInstanceState, TransitionRecord } from '../engine/state.js';
import type { CaseState } from '../lifecycle/index.js';

/** A stored case and its revision (incremented by every save). */
export interface StoredCase {
  readonly state: CaseInstanceState;
  readonly revision: number;
}

/** Filter of {@link CaseStore.query}. */
export interface CaseQuery {
  /** The `<case>` id the instances run. */
  readonly caseDefinitionId?: string;
  readonly modelKey?: string;
  readonly state?: CaseState | readonly CaseState[];
  /** Case file fields that must equal these values (top-level names; strict equality, no coercion). */
  readonly caseFile?: Readonly<Record<string, string | number | boolean | null>>;
  readonly limit?: number;
}

/** A row of {@link CaseStore.query}. */
export interface CaseSummary {
  readonly id: CaseInstanceId;
  readonly caseDefinitionId: string;
  readonly modelKey: string;
  readonly modelVersion: number;
  readonly state: CaseState;
  readonly revision: number;
  readonly updatedAt: number;
}

/** A timer due at a time, for the scheduler. */
export interface DueTimer {
  readonly caseId: CaseInstanceId;
  /** The timer event listener instance number inside the case. */
  readonly instance: number;
  readonly dueAt: number;
}

/** What {@link CaseStore.claimDueTimers} claims. */
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
 * What the engine needs from storage.
 *
 * @example
 * const engine = createEngine({ store: new MemoryCaseStore() });
 */
export interface CaseStore {
  /** The stored case, or undefined. */
  load(id: CaseInstanceId): Promise<StoredCase | undefined>;
  /**
   * Stores the case's new state and appends its transitions to its history, atomically. Rejects
   * with `ConcurrencyConflictError` (writing nothing) unless the stored revision equals
   * `expectedRevision` (null: the case must not exist yet). Resolves to the new revision.
   * The case's pending timers (those of an Active case) are kept in step with `state.timers` in
   * the same write; a claim on a timer that is still pending survives the save.
   */
  save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[]): Promise<number>;
  /** The case's history, oldest first. */
  history(id: CaseInstanceId, options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<readonly TransitionRecord[]>;
  /** Cases matching a filter, most recently updated first (ties: by id). */
  query(filter?: CaseQuery): Promise<readonly CaseSummary[]>;
  /** Timers of Active cases due at or before `until`, in due order, claimed or not. */
  dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]>;
  /**
   * Claims up to `limit` due timers that nobody holds (no claim, or an expired lease), in due
   * order, for `owner` until `now + leaseMs`. Two concurrent calls never claim the same timer.
   * A timer leaves the store when a save removes it from its case (it fired); a claim is only a
   * hint that spares the others the work: firing stays exactly-once through the case revision.
   */
  claimDueTimers(options: ClaimTimersOptions): Promise<readonly ClaimedTimer[]>;
  /** Gives up `owner`'s claim on a timer (after a failure), so that it can be claimed at once. */
  releaseTimer(caseId: CaseInstanceId, instance: number, owner: string): Promise<void>;
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
  /** Releases the store's resources (the database connection or pool). Optional. */
  close?(): Promise<void>;
}
