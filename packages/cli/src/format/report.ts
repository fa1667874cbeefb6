import type { Severity } from '@casekit/core';
import type { Console } from '../io.js';
import { count, problemLines, type FileProblems } from './problems.js';

/**
 * Problem counts over the files of one command.
 *
 * @example
 * const s: ReportSummary = { files: 2, filesWithErrors: 0, errors: 0, draftWarnings: 1, warnings: 0 };
 */
export interface ReportSummary {
  readonly files: number;
  readonly filesWithErrors: number;
  readonly errors: number;
  readonly draftWarnings: number;
  readonly warnings: number;
}

/** True when a file has at least one error. */
export function hasErrors(file: FileProblems): boolean {
  return file.problems.some((p) => p.severity === 'error');
}

/** Counts the problems of some files. */
export function summarize(files: readonly FileProblems[]): ReportSummary {
  const all = files.flatMap((f) => f.problems);
  const n = (severity: Severity): number => all.filter((p) => p.severity === severity).length;
  return {
    files: files.length,
    filesWithErrors: files.filter(hasErrors).length,
    errors: n('error'),
    draftWarnings: n('draft'),
    warnings: n('warning'),
  };
}

/**
 * The summary line: `OK  2 files checked: 0 errors, 1 draft warning, 0 warnings`, or
 * `FAILED  1 file checked: 1 error, 0 draft warnings, 0 warnings; 1 file has errors`.
 */
export function summaryLine(summary: ReportSummary): string {
  const files = `${summary.files} ${summary.files === 1 ? 'file' : 'files'} checked`;
  const total = summary.errors + summary.draftWarnings + summary.warnings;
  const counts =
    total === 0
      ? 'no problems'
      : `${count(summary.errors, 'error')}, ${count(summary.draftWarnings, 'draft')}, ${count(summary.warnings, 'warning')}`;
  if (summary.filesWithErrors === 0) return `OK  ${files}: ${counts}`;
  const failed = `${summary.filesWithErrors} ${summary.filesWithErrors === 1 ? 'file has' : 'files have'} errors`;
  return `FAILED  ${files}: ${counts}; ${failed}`;
}

/**
 * Prints the problems of each file (the given levels only), a blank line between files, then the
 * summary line unless `summary` is false.
 */
export function printReport(
  files: readonly FileProblems[],
  console: Console,
  options: { readonly severities?: readonly Severity[]; readonly summary?: boolean } = {},
): void {
  let printed = false;
  for (const file of files) {
    const lines = problemLines(file, options.severities);
    if (lines.length === 0) continue;
    if (printed) console.out();
    for (const line of lines) console.out(line);
    printed = true;
  }
  if (options.summary ?? true) {
    if (printed) console.out();
    console.out(summaryLine(summarize(files)));
  }
}
