/**
 * Storage: the store interfaces (one per concern), their types, the in-memory store, the typed
 * store errors, and the helpers adapters share (checks, query parsing, cursors) so that every
 * store accepts and refuses exactly the same inputs.
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
export {
  MAX_CASE_ID_LENGTH,
  checkCaseId,
  checkEffect,
  checkEffectError,
  checkOutboxWrite,
  checkName,
  checkTime,
  assertStorableJson,
  assertStorableText,
  unstorableReason,
  unstorableJsonReason,
  compareText,
} from './validate.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_PATH_DEPTH,
  parseCaseQuery,
  parseHistoryQuery,
  parseEffectQuery,
  parseCaseFilePath,
  encodeCursor,
  decodeCursor,
  valueAt,
  matchesCaseFile,
  compareCaseOrder,
  type ParsedCaseQuery,
  type ParsedCaseFileCondition,
  type ParsedOperator,
  type ParsedHistoryQuery,
  type ParsedEffectQuery,
} from './query.js';
