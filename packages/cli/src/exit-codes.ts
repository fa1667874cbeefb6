/**
 * The exit codes of `casekit`: 1 = what was checked failed, 2 = the invocation or its inputs are
 * unusable (for `run`: a file it cannot read, an invalid model or scenario).
 *
 * @example
 * if ((await main(['validate', 'claim.cmmn'])) === ExitCode.Failure) console.error('claim.cmmn has errors');
 */
export const ExitCode = {
  /** Everything checked is fine (draft warnings and warnings do not fail). */
  Ok: 0,
  /** A file has errors, or cannot be read. */
  Failure: 1,
  /**
   * The command line is wrong (unknown command or option, missing argument), or, for `run`, a file
   * it names cannot be read or a model or scenario is invalid.
   */
  Usage: 2,
  /** casekit itself failed (a bug); the stack trace is on stderr. */
  Internal: 3,
} as const;

/**
 * One of {@link ExitCode}'s values.
 *
 * @example
 * const code: ExitCode = ExitCode.Usage;
 */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
