import { formatProblem, type Problem, type Severity } from '@casekit/core';

/** The code of a file the CLI could not read; not a core problem code, but reported like one. */
export const FILE_UNREADABLE = 'FileUnreadable';

/** A problem as the CLI reports it: a core {@link Problem}, or a file that could not be read. */
export type CliProblem =
  | Problem
  | {
      readonly code: typeof FILE_UNREADABLE;
      readonly severity: 'error';
      readonly message: string;
      readonly elementId: undefined;
      readonly line: undefined;
      readonly column: undefined;
    };

/** The problems found in one file. */
export interface FileProblems {
  /** The file as named on the command line. */
  readonly file: string;
  /** Sorted: errors, then draft warnings, then warnings; by position within each level. */
  readonly problems: readonly CliProblem[];
}

/** The levels in the order they are printed, with their heading words. */
export const LEVELS: readonly { readonly severity: Severity; readonly one: string; readonly many: string }[] = [
  { severity: 'error', one: 'error', many: 'errors' },
  { severity: 'draft', one: 'draft warning', many: 'draft warnings' },
  { severity: 'warning', one: 'warning', many: 'warnings' },
];

/** `1 error`, `2 draft warnings`. */
export function count(n: number, severity: Severity): string {
  const level = LEVELS.find((l) => l.severity === severity)!;
  return `${n} ${n === 1 ? level.one : level.many}`;
}

/** One problem as `file:line:col  code  message` (1:1 when the position is unknown). */
export function problemLine(problem: CliProblem, file: string): string {
  if (problem.code === FILE_UNREADABLE) return `${file}:1:1  ${problem.code}  ${problem.message}`;
  return formatProblem(problem, file);
}

/**
 * The problems of a file, grouped by level, each group under a heading that cannot be mistaken for
 * a problem line (`claim.cmmn — draft warnings (2)`). Only the given levels are printed.
 */
export function problemLines(report: FileProblems, severities: readonly Severity[] = ['error', 'draft', 'warning']): string[] {
  const lines: string[] = [];
  for (const level of LEVELS) {
    if (!severities.includes(level.severity)) continue;
    const group = report.problems.filter((p) => p.severity === level.severity);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`${report.file} — ${level.many} (${group.length})`);
    for (const problem of group) lines.push(problemLine(problem, report.file));
  }
  return lines;
}

/**
 * A problem as JSON: every field present, `null` where unknown.
 *
 * @example
 * const p: ProblemJson = { severity: 'error', code: 'DuplicateId', message: 'duplicate id "a" (Task)', elementId: 'a', line: 7, column: 5 };
 */
export interface ProblemJson {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly elementId: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** Converts a problem to {@link ProblemJson}. */
export function problemJson(problem: CliProblem): ProblemJson {
  return {
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    elementId: problem.elementId ?? null,
    line: problem.line ?? null,
    column: problem.column ?? null,
  };
}
