import type { Severity } from '@casekit/core';
import { ExitCode } from '../exit-codes.js';
import { problemJson, type ProblemJson } from '../format/problems.js';
import { hasErrors, printReport, summarize, type ReportSummary } from '../format/report.js';
import { loadFiles } from '../load.js';
import { defineCommand } from './command.js';

/**
 * What `casekit validate --json` prints: one entry per file, in command-line order.
 *
 * @example
 * const report = JSON.parse(stdout) as ValidateJson;
 * for (const f of report.files) for (const p of f.problems) console.log(f.file, p.line, p.code);
 */
export interface ValidateJson {
  /** False when a file has errors or cannot be read (exit code 1). */
  readonly ok: boolean;
  readonly summary: ReportSummary;
  readonly files: readonly {
    /** The file as named on the command line. */
    readonly file: string;
    readonly ok: boolean;
    /** Errors, then draft warnings, then warnings (errors only with `--quiet`). */
    readonly problems: readonly ProblemJson[];
  }[];
}

/**
 * `casekit validate <file...>`: reads every file, resolves case/process/decision references between
 * them, prints each problem as `file:line:col  code  message` grouped by file and level, then a
 * summary line. Exit 1 when a file has errors or cannot be read.
 */
export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check CMMN files and report every problem with its line and column',
  args: { name: 'file', min: 1, max: Number.POSITIVE_INFINITY },
  options: {
    quiet: { type: 'boolean', short: 'q', description: 'Print errors only (nothing at all when there are none)' },
    json: { type: 'boolean', description: 'Print the problems of each file as JSON' },
  },
  details: [
    'Each problem is one line, `file:line:col  code  message`, under a heading per file and level:',
    'errors (the file cannot be used), draft warnings (an unfinished model: it can be inspected but',
    'cannot start a case), warnings (legal, but probably not what was meant). A summary line ends',
    'the output.',
    '',
    'A caseRef, processRef or decisionRef naming a case, process or decision defined in another',
    'file of the same command is resolved.',
    '',
    'Exit codes: 0 no file has errors (draft warnings and warnings do not fail), 1 a file has',
    'errors or cannot be read, 2 usage error.',
  ],
  async run({ args, options, console }) {
    const files = await loadFiles(args, console);
    const summary = summarize(files);
    const ok = summary.filesWithErrors === 0;
    const severities: readonly Severity[] = options.quiet ? ['error'] : ['error', 'draft', 'warning'];

    if (options.json) {
      const json: ValidateJson = {
        ok,
        summary,
        files: files.map((f) => ({
          file: f.file,
          ok: !hasErrors(f),
          problems: f.problems.filter((p) => severities.includes(p.severity)).map(problemJson),
        })),
      };
      console.out(JSON.stringify(json, null, 2));
    } else {
      printReport(files, console, { severities, summary: !options.quiet || !ok });
    }
    return ok ? ExitCode.Ok : ExitCode.Failure;
  },
});
