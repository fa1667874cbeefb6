/**
 * `@casekit/core/internals`: the engine's inner parts, for the scenario runner, storage adapters,
 * renderers and tests — not for host applications, and not covered by semantic versioning the way
 * the main entry point is: the pure step function, the compiler and its compiled form, instance
 * addressing, ref resolution and the read-only queries over a state.
 *
 * @packageDocumentation
 */
export { compileCase, ON_PARTS_PER_WORD, type CompileOptions } from './engine/compile/compile.js';
export type {
  CompiledCase,
  CompiledNode,
  CompiledCriterion,
  CompiledOnPart,
  CompiledRule,
  CompiledTimerStart,
  NodeBehaviour,
  Watcher,
} from './engine/compile/compiled-case.js';
export { step, createCase, type StepContext, type StepResult, type CreateCaseOptions } from './engine/step.js';
export { CHUNK_SIZE, CHUNK_BITS, instanceAt, allInstances } from './engine/state.js';
export { resolveInstance, resolveDiscretionary, instancesOf, resolveItemIds, splitRef } from './engine/refs.js';
export { caseSnapshot, applicableItems, legalCommands } from './engine/queries.js';
export {
  planItemCommandRefusal,
  planItemStateRefusal,
  legalPlanItemCommands,
  planningRefusal,
  itemRefusal,
  caseCommandRefusal,
  caseFileRefusal,
  teamRefusal,
  standingOf,
  workRefusal,
  legalWorkCommands,
  fourEyesRefusal,
  isCandidate,
  type Refusal,
  type Standing,
} from './engine/legality.js';
export { AUTHORIZATION_ON, AUTHORIZATION_OFF, authorizationPolicy, type AuthorizationPolicy } from './engine/authorization-policy.js';
export { StateView, type InstanceView } from './engine/kernel/view.js';
export { manualCompletionBlocker, completionBlocker } from './engine/completion.js';

// Storage adapters: the checks, query parsing and cursors every store shares, so that all of them
// accept and refuse exactly the same inputs.
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
} from './store/validate.js';
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
} from './store/query.js';
export {
  WORK_STATES,
  NO_DUE_DATE,
  workIndexChanges,
  parseTaskQuery,
  matchesTask,
  compareTasks,
  dueKeyOf,
  taskCursor,
  taskPage,
  accessKeys,
  principalKeys,
  type WorkIndexChange,
  type ParsedTaskQuery,
} from './store/work-index.js';
