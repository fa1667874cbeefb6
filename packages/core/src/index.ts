/**
 * casekit core: parse, validate, export and build CMMN 1.1 case models.
 *
 * @packageDocumentation
 */
export * from './model/types.js';
export { CmmnModel } from './model/cmmn-model.js';
export { NS } from './model/namespaces.js';
export {
  ERROR_CODES,
  DRAFT_CODES,
  WARNING_CODES,
  severityOf,
  formatProblem,
  type Problem,
  type ProblemCode,
  type ErrorCode,
  type DraftCode,
  type WarningCode,
  type Severity,
  type SourcePosition,
} from './model/problems.js';
export type { ExternalDefinitions } from './model/link.js';
export {
  parseCmmn,
  safeParseCmmn,
  DEFAULT_MAX_SIZE,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ATTRIBUTES,
  DEFAULT_MAX_NAMESPACE_DECLARATIONS,
  MAX_STAGE_NESTING,
  MAX_CASE_PLAN_ITEMS,
  type ParseOptions,
  type ParseResult,
} from './parse/parse-cmmn.js';
export { toCmmnXml, type ExportOptions } from './export/to-cmmn-xml.js';
export { CasekitError, ModelError, describeItem, type CasekitErrorCode, type CoreError, type ItemDescription } from './errors.js';
export * from './lifecycle/index.js';
export * from './engine/index.js';
export * from './store/index.js';
export * from './documents/index.js';
export {
  IllegalTransitionError,
  UnknownRefError,
  AmbiguousRefError,
  NotAuthorizedError,
  NotApplicableError,
  TaskClaimedError,
  CaseClosedError,
  RunawayLoopError,
  ConcurrencyConflictError,
  CaseNotFoundError,
  ModelNotDeployedError,
  InvalidInputError,
} from './errors.js';
export { INPUT_LIMITS, type InputLimits } from './engine/gate.js';
export { ExpressionError, RulesError } from '@casekit/rules';
export * from './timer/index.js';
export * from './builder/index.js';
