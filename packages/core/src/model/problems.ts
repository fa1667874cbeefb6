/**
 * Problems found while reading a model, at three levels (see docs/modeling.md#validation-codes):
 * `error` — the file cannot be read unambiguously; `draft` — an unfinished model that loads and can be
 * inspected but cannot start a case; `warning` — legal but almost certainly not what was meant.
 */

/** Problem codes that make a file unreadable. */
export const ERROR_CODES = [
  'MalformedXml',
  'InputTooLarge',
  'DoctypeForbidden',
  'NotCmmn',
  'DuplicateId',
  'UnresolvedReference',
  'DefinitionOutOfReach',
  'SentryOutOfReach',
  'InvalidTimerExpression',
  'InvalidAttributeValue',
  'InvalidStandardEvent',
  'RecursiveStage',
] as const;

/** Problem codes of unfinished (draft) models. */
export const DRAFT_CODES = [
  'CriterionWithoutSentry',
  'OnPartWithoutSource',
  'OnPartWithoutStandardEvent',
  'PlanItemWithoutDefinition',
  'CaseWithoutPlanModel',
  'TimerWithoutExpression',
  'UnsupportedExpressionLanguage',
  'InvalidExpression',
  'UnresolvedExternalReference',
  'WrongReferenceKind',
] as const;

/** Problem codes of warnings. */
export const WARNING_CODES = [
  'EventNeverEmitted',
  'UnreachableItem',
  'MissingNamespace',
  'UnknownElement',
  'UnresolvedDefinitionType',
] as const;

/** An error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];
/** A draft-warning code. */
export type DraftCode = (typeof DRAFT_CODES)[number];
/** A warning code. */
export type WarningCode = (typeof WARNING_CODES)[number];
/** Any problem code. */
export type ProblemCode = ErrorCode | DraftCode | WarningCode;
/** The three levels. */
export type Severity = 'error' | 'draft' | 'warning';

/** A position in the source text (1-based). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One problem found in a model. */
export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly message: string;
  /** The id of the element the problem is about (or of its nearest ancestor with an id). */
  readonly elementId: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

const SEVERITY = new Map<ProblemCode, Severity>([
  ...ERROR_CODES.map((code) => [code, 'error'] as const),
  ...DRAFT_CODES.map((code) => [code, 'draft'] as const),
  ...WARNING_CODES.map((code) => [code, 'warning'] as const),
]);

/** The level of a problem code. */
export function severityOf(code: ProblemCode): Severity {
  return SEVERITY.get(code) ?? 'error';
}

/**
 * Formats a problem the way `casekit validate` prints it: `file:line:col  code  message`. A problem
 * about the whole input (no position) is reported at 1:1, where editors can jump to.
 */
export function formatProblem(problem: Problem, file = '<input>'): string {
  return `${file}:${problem.line ?? 1}:${problem.column ?? 1}  ${problem.code}  ${problem.message}`;
}
