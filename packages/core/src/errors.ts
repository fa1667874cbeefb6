/**
 * casekit's typed errors. Each carries a stable `code` (../docs/api.md#errors, the codes of the
 * scenario format) and the ids involved as readonly fields.
 */
import type { Problem } from './model/problems.js';

/** Stable error codes. */
export type CasekitErrorCode =
  | 'IllegalTransition'
  | 'UnknownRef'
  | 'AmbiguousRef'
  | 'NotAuthorized'
  | 'NotApplicable'
  | 'CaseClosed'
  | 'ExpressionError'
  | 'RunawayLoop'
  | 'ModelError'
  | 'ConcurrencyConflict'
  | 'CaseNotFound';

/** The base class of every error casekit throws on purpose. */
export class CasekitError extends Error {
  override readonly name: string = 'CasekitError';
  constructor(
    readonly code: CasekitErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The model is invalid: it could not be parsed, has errors, or (when starting a case) is an
 * unfinished draft. `problems` lists every problem found, not only the first.
 *
 * @example
 * try { parseCmmn('<definitions/>'); } catch (e) { if (e instanceof ModelError) console.log(e.problems); }
 */
export class ModelError extends CasekitError {
  override readonly name = 'ModelError';
  constructor(
    readonly problems: readonly Problem[],
    readonly source: string | undefined = undefined,
    summary?: string,
  ) {
    super('ModelError', summary ?? ModelError.describe(problems, source));
  }

  private static describe(problems: readonly Problem[], source: string | undefined): string {
    const where = source ?? 'model';
    const lines = problems.slice(0, 20).map((p) => {
      const at = p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`;
      const id = p.elementId === undefined ? '' : ` [${p.elementId}]`;
      return `  ${where}${at}  ${p.code}  ${p.message}${id}`;
    });
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    return `${where} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}${more}`;
  }
}

/**
 * The command is not legal in the current state of the plan item (or of the case).
 *
 * @example
 * await engine.complete(caseId, 'Assessment'); // IllegalTransitionError when Assessment is Available
 */
export class IllegalTransitionError extends CasekitError {
  override readonly name = 'IllegalTransitionError';
  constructor(
    /** The plan item instance id, or the case id for a case-level command. */
    readonly target: string,
    /** The current state. */
    readonly state: string,
    /** The refused transition. */
    readonly transition: string,
    reason?: string,
  ) {
    super('IllegalTransition', `cannot ${transition} ${target} in state ${state}${reason === undefined ? '' : `: ${reason}`}`);
  }
}

/** A ref names no plan item, discretionary item or instance. */
export class UnknownRefError extends CasekitError {
  override readonly name = 'UnknownRefError';
  constructor(readonly ref: string, detail = '') {
    super('UnknownRef', `"${ref}" names no plan item, discretionary item or instance${detail}`);
  }
}

/** A ref (a name) names several different items. */
export class AmbiguousRefError extends CasekitError {
  override readonly name = 'AmbiguousRefError';
  constructor(
    readonly ref: string,
    readonly candidates: readonly string[],
  ) {
    super('AmbiguousRef', `"${ref}" names several items: ${candidates.join(', ')}; use an id`);
  }
}

/** The acting user lacks a role the item requires (performerRef, authorizedRoleRefs). */
export class NotAuthorizedError extends CasekitError {
  override readonly name = 'NotAuthorizedError';
  constructor(
    readonly itemId: string,
    readonly userId: string | undefined,
    readonly requiredRoles: readonly string[],
  ) {
    super('NotAuthorized', `user ${userId ?? '(anonymous)'} may not act on "${itemId}": one of the roles ${requiredRoles.join(', ')} is required`);
  }
}

/** The discretionary item is not offered for planning now. */
export class NotApplicableError extends CasekitError {
  override readonly name = 'NotApplicableError';
  constructor(
    readonly itemId: string,
    reason: string,
  ) {
    super('NotApplicable', `discretionary item "${itemId}" cannot be planned now: ${reason}`);
  }
}

/** The case is closed and accepts no command. */
export class CaseClosedError extends CasekitError {
  override readonly name = 'CaseClosedError';
  constructor(readonly caseId: string) {
    super('CaseClosed', `case ${caseId} is closed and accepts no command`);
  }
}

/** One command caused more transitions than the configured bound (a sentry or repetition loop). */
export class RunawayLoopError extends CasekitError {
  override readonly name = 'RunawayLoopError';
  constructor(
    readonly caseId: string,
    readonly limit: number,
    readonly lastItems: readonly string[],
  ) {
    super(
      'RunawayLoop',
      `case ${caseId}: one command caused more than ${limit} transitions (last items: ${lastItems.join(', ')}); a repetition or sentry loop never settles`,
    );
  }
}

/** The stored case changed since it was loaded. */
export class ConcurrencyConflictError extends CasekitError {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly caseId: string,
    readonly expectedRevision: number | null,
    readonly actualRevision: number | null,
  ) {
    super('ConcurrencyConflict', `case ${caseId} was changed concurrently (expected revision ${expectedRevision}, found ${actualRevision})`);
  }
}

/** No case with this id is stored. */
export class CaseNotFoundError extends CasekitError {
  override readonly name = 'CaseNotFoundError';
  constructor(readonly caseId: string) {
    super('CaseNotFound', `no case ${caseId}`);
  }
}
