import { ExitCode } from '../exit-codes.js';
import { problemJson, problemLines, type ProblemJson } from '../format/problems.js';
import { printReport } from '../format/report.js';
import { renderTree } from '../format/tree.js';
import { modelTree } from '../inspect/render.js';
import { summarizeModel, type ModelSummary } from '../inspect/summarize.js';
import { loadFiles } from '../load.js';
import { defineCommand } from './command.js';

/**
 * What `casekit inspect --json` prints: the {@link ModelSummary} of the file and its problems, or
 * only the problems when the file has errors.
 *
 * @example
 * const summary = JSON.parse(stdout) as InspectJson;
 * if (summary.ok) for (const c of summary.cases) console.log(c.id, c.plan?.items.length);
 */
export type InspectJson =
  | ({ readonly file: string; readonly ok: true; readonly problems: readonly ProblemJson[] } & ModelSummary)
  | { readonly file: string; readonly ok: false; readonly problems: readonly ProblemJson[] };

/**
 * `casekit inspect <file>`: prints each case of a file as a tree (case file, roles, then the case
 * plan model with its stages, items, rules, criteria and sentries, planning tables and timers),
 * then the file's draft warnings and warnings. A file with errors prints them as `validate` does
 * and exits 1.
 */
export const inspectCommand = defineCommand({
  name: 'inspect',
  summary: 'Print the plan of a CMMN file as a tree',
  args: { name: 'file', min: 1, max: 1 },
  options: {
    json: { type: 'boolean', description: 'Print the summary as JSON instead of a tree' },
  },
  details: [
    'For each case: its case file items, its roles, then the case plan model as a tree of stages and',
    'plan items (definition kind, name, id) with their rules (required, repetition,',
    'manualActivation; each `(defaultControl)` when the item\'s itemControl does not state it and',
    'the definition\'s defaultControl does: rule by rule), entry and exit',
    'criteria with the on-parts (`on "<source>" <standardEvent>`) and if-part of their sentry,',
    'planning tables with their discretionary items, timers, performers and non-blocking tasks.',
    'Draft warnings and warnings follow the tree.',
    '',
    'Exit codes: 0 the file has no errors, 1 it has errors (printed as `validate` prints them) or',
    'cannot be read, 2 usage error.',
  ],
  async run({ args, options, console }) {
    // `args` holds exactly one file (checked by the dispatcher), so there is exactly one result.
    const file = (await loadFiles(args, console))[0]!;
    const { problems, result } = file;
    if (result === undefined || !result.success) {
      if (options.json) {
        const json: InspectJson = { file: file.file, ok: false, problems: problems.map(problemJson) };
        console.out(JSON.stringify(json, null, 2));
      } else {
        printReport([file], console);
      }
      return ExitCode.Failure;
    }

    const summary = summarizeModel(result.model);
    if (options.json) {
      const json: InspectJson = { file: file.file, ok: true, ...summary, problems: problems.map(problemJson) };
      console.out(JSON.stringify(json, null, 2));
      return ExitCode.Ok;
    }
    for (const line of renderTree(modelTree(file.file, summary))) console.out(line);
    const lines = problemLines(file);
    if (lines.length > 0) {
      console.out();
      for (const line of lines) console.out(line);
    }
    return ExitCode.Ok;
  },
});
