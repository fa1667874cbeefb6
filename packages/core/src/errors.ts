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
    const lines = problems.slice(0, 20).map((p) => `  ${where}:${p.line ?? 0}:${p.column ?? 0}  ${p.code}  ${p.message}`);
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    return `${where} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}${more}`;
  }
}
