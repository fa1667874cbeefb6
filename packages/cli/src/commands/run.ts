import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { formatJunit, formatReport, formatTimeline, InputFileError, readInputFile, runScenarioFile, type SuiteEntry } from '@casekit/testing';
import { ExitCode } from '../exit-codes.js';
import { expandPattern, isPattern } from '../glob.js';
import { defineCommand, UsageError } from './command.js';
import { caseDiagram } from './render.js';

const isModelFile = (file: string): boolean => /\.(cmmn|xml)$/i.test(file);

/** The worst exit code of a suite: an invalid scenario (2) over a failed one (1) over success. */
function suiteExitCode(entries: readonly SuiteEntry[]): number {
  if (entries.some((e) => e.result.exitCode === 2)) return ExitCode.Usage;
  if (entries.some((e) => e.result.exitCode === 1)) return ExitCode.Failure;
  return ExitCode.Ok;
}

/**
 * `casekit run [<model.cmmn>] <scenario...>`: drives one case per scenario file (docs/scenarios.md)
 * and checks its expectations; several files and patterns run as a suite that ends with one line,
 * `N passed, M failed`. Exit 0: every expectation held; 1: one failed or a command was rejected;
 * 2: a model or a scenario is invalid, or a file cannot be read.
 */
export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run scenario files against CMMN models and check their expectations',
  args: { name: 'scenario', min: 1, max: Number.POSITIVE_INFINITY, usage: '[<model.cmmn>] <scenario...>' },
  options: {
    model: {
      type: 'string',
      multiple: true,
      valueName: '<file.cmmn>',
      description: 'A further model file deployed with every scenario (repeatable)',
    },
    reporter: { type: 'string', valueName: '<text|junit>', description: 'text (default), or junit: JUnit XML on stdout, progress on stderr' },
    json: { type: 'boolean', description: 'Print the final snapshot of the one scenario as JSON on stdout' },
    timeline: { type: 'boolean', description: 'Print the timeline of transitions (time, item, transition, who)' },
    'diagram-on-failure': { type: 'string', valueName: '<dir>', description: "Write the diagram (SVG) of each failed scenario's last state into this folder" },
  },
  details: [
    'Arguments are scenario files (JSON, or YAML for .yaml/.yml) and patterns (quoted, so that',
    'casekit expands them: "models/**/*.scenario.json"). A scenario runs against the model named',
    'first on the command line (a .cmmn or .xml argument: `casekit run claim.cmmn a.json b.json`),',
    'else against its model by convention (X.scenario.json → X.cmmn beside it; X.Y.scenario.json →',
    'X.Y.cmmn, else X.cmmn; else the folder\'s only .cmmn file), else the first file of its',
    '"models". --model files and the',
    'scenario\'s "models" are deployed too: a case task may start a case they define.',
    '',
    'Each scenario starts one case on a virtual clock and runs its steps. A line per scenario',
    'shows the progress (PASS, FAIL or INVALID); a failure names the step, the ref, the expected',
    'and the actual value, and lists the states of all items at that point. The last line is',
    '`N passed, M failed`.',
    '',
    '--json prints {"case", "items": [{"id","name","definition","type","stage","state","instance"}], "caseFile"}.',
    'Every file is read bounded: regular files only, at most 10 MiB each.',
    '',
    'Exit codes: 0 every expectation held, 1 an expectation failed or a command was rejected,',
    '2 a model or a scenario is invalid, a file cannot be read, or usage error.',
  ],
  async run({ args, options, console }) {
    const reporter = options.reporter ?? 'text';
    if (reporter !== 'text' && reporter !== 'junit') throw new UsageError(`--reporter takes text or junit, not "${reporter}"`);
    const files: string[] = [];
    for (const arg of args) {
      if (!isPattern(arg)) {
        files.push(arg);
        continue;
      }
      const matched = await expandPattern(arg, console.cwd);
      if (matched.length === 0) throw new UsageError(`no file matches ${arg}`);
      files.push(...matched);
    }
    const [model, ...otherModels] = files.filter(isModelFile);
    const scenarios = files.filter((f) => !isModelFile(f));
    if (scenarios.length === 0) throw new UsageError('no scenario file given');
    if (options.json && scenarios.length > 1) throw new UsageError(`--json prints the snapshot of one scenario; ${scenarios.length} were given`);
    const extraModels = [...otherModels, ...options.model];
    // A file that cannot be read is a mistake in the command line: one line, exit 2, before anything runs.
    for (const file of [...(model === undefined ? [] : [model]), ...extraModels, ...scenarios]) {
      try {
        await readInputFile(resolve(console.cwd, file));
      } catch (error) {
        if (!(error instanceof InputFileError)) throw error;
        console.err(`casekit run: cannot read ${file}: ${error.reason}`);
        return ExitCode.Usage;
      }
    }

    const progress = reporter === 'junit' || options.json ? console.err : console.out;
    const entries: SuiteEntry[] = [];
    for (const scenario of scenarios) {
      const started = performance.now();
      let diagram: string | undefined;
      const result = await runScenarioFile(model === undefined ? undefined : resolve(console.cwd, model), resolve(console.cwd, scenario), {
        models: extraModels.map((m) => resolve(console.cwd, m)),
        onEnd: options['diagram-on-failure'] === undefined ? undefined : async (engine, caseId) => void (diagram = await caseDiagram(engine, caseId)),
      });
      if (result.exitCode === 1 && diagram !== undefined) {
        const dir = resolve(console.cwd, options['diagram-on-failure']!);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${basename(scenario).replace(/\.(json|ya?ml)$/i, '')}.svg`), diagram);
      }
      entries.push({ scenario, result, seconds: (performance.now() - started) / 1000 });
      if (options.timeline && result.timeline.length > 0) {
        progress(formatTimeline(result.timeline));
        progress();
      }
      if (options.json && result.snapshot !== undefined) console.out(JSON.stringify(result.snapshot, null, 2));
      const report = formatReport(result, { scenario });
      progress(reporter === 'junit' ? report.split('\n', 1)[0] : report);
    }
    const failed = entries.filter((e) => e.result.exitCode !== 0).length;
    if (reporter === 'junit') console.out(formatJunit(entries).trimEnd());
    progress(`${entries.length - failed} passed, ${failed} failed`);
    return suiteExitCode(entries);
  },
});
