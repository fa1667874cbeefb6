/**
 * Storage, as a host application sees it: the store interfaces (one per concern), their types,
 * the in-memory store and the typed store errors. What adapters share besides (checks, query
 * parsing, cursors, the work index) is in adapter-kit.ts, exported by `@casekit/core/internals`.
 *
 * @module
 */
export type {
  CaseStore,
  CaseRepository,
  TimerStore,
  OutboxStore,
  ModelStore,
  CaseQueries,
  StoredCase,
  HistoryOptions,
  OutboxWrite,
  DueTimer,
  ClaimTimersOptions,
  ClaimedTimer,
  JsonObject,
  OutboxEffect,
  EffectStatus,
  EffectError,
  StoredEffect,
  ClaimEffectsOptions,
  EffectQuery,
  StoredModel,
  JsonScalar,
  CaseFileOperators,
  CaseFileCondition,
  PlanItemCondition,
  CaseQuery,
  CaseSummary,
  Page,
  HistoryQuery,
  TaskQuery,
  WorkItem,
  Principal,
} from './case-store.js';
export { MemoryCaseStore } from './memory-store.js';
export {
  StoreError,
  InvalidCaseIdError,
  InvalidQueryError,
  InvalidStoreNameError,
  UnstorableTextError,
  InvalidEffectError,
  DuplicateEffectError,
  type StoreErrorCode,
} from './errors.js';
