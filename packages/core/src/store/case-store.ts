/**
 * Storage: a small interface the engine needs, so adapters (in-memory, SQLite, PostgreSQL) plug in
 * without touching the engine. Every method is async; `save` is atomic and optimistic.
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
  /** Case file fields that must equal these values (top-level names). */
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
   */
  save(state: CaseInstanceState, expectedRevision: number | null, transitions: readonly TransitionRecord[]): Promise<number>;
  /** The case's history, oldest first. */
  history(id: CaseInstanceId, options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<readonly TransitionRecord[]>;
  /** Cases matching a filter, most recently updated first. */
  query(filter?: CaseQuery): Promise<readonly CaseSummary[]>;
  /** Timers due at or before `until`, in due order. */
  dueTimers(until: number, limit?: number): Promise<readonly DueTimer[]>;
}
