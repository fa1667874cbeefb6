import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CaseEngine, User } from '@casekit/core';
import { RenderError, renderSvg, type RenderOptions } from '@casekit/render';
import { formatReport, loadScenarioFile, runScenarioFile, type Scenario } from '@casekit/testing';
import { ExitCode } from '../exit-codes.js';
import { printReport } from '../format/report.js';
import { loadFiles } from '../load.js';
import { defineCommand, UsageError } from './command.js';

/**
 * The diagram of a case as the engine holds it now: its model version, states, fired criteria and
 * the discretionary items `user` may plan (`casekit render --scenario`, `casekit run --diagram-on-failure`).
 */
export async function caseDiagram(engine: CaseEngine, caseId: string, user?: User, options: Pick<RenderOptions, 'case' | 'computedLayout'> = {}): Promise<string> {
  const snapshot = await engine.getCase(caseId);
  const [history, applicable, deployment] = await Promise.all([
    engine.history(caseId),
    engine.applicableDiscretionaryItems(caseId, user),
    engine.deployment(snapshot.modelKey, snapshot.modelVersion),
  ]);
  return renderSvg(deployment.model, { computedLayout: options.computedLayout, case: options.case ?? snapshot.caseDefinitionId, snapshot, history, applicable });
}

/**
 * `casekit render <model.cmmn>`: draws the model as CMMN 1.1 notation in SVG (docs/rendering.md);
 * with `--scenario`, the case after the scenario (or after its step `--step N`), each instance in
 * its state. Exit 0: drawn; 1: the model has errors, or the scenario failed before the step
 * (the case is drawn as it was then); 2: usage error or invalid scenario.
 */
export const renderCommand = defineCommand({
  name: 'render',
  summary: 'Draw a CMMN model, or a case after a scenario, as SVG',
  args: { name: 'model.cmmn', min: 1, max: 1 },
  options: {
    scenario: { type: 'string', valueName: '<file>', description: 'Run this scenario and draw the case it leaves' },
    step: { type: 'string', valueName: '<n>', description: 'With --scenario: stop after step n (0: the case as it starts)' },
    case: { type: 'string', valueName: '<id>', description: 'The case to draw (id or name) when the model defines several' },
    'computed-layout': { type: 'boolean', description: "Ignore the model's CMMNDI and lay the case out automatically" },
    output: { type: 'string', short: 'o', valueName: '<file>', description: 'Write the SVG to this file instead of stdout' },
  },
  details: [
    'Draws the diagram of the model (its CMMNDI, or a computed layout when it has none). With',
    '--scenario, the scenario runs as `casekit run` runs it, and the diagram shows the case it',
    'leaves: each instance in its state, repeated items with their count, the criteria that fired',
    'and the discretionary items the scenario\'s user may plan now, with a legend. --step N stops',
    'after the first N steps. When the scenario fails first, the case is drawn as it was at the',
    'failure, the report goes to stderr and the exit code is 1.',
    '',
    'Exit codes: 0 drawn, 1 the model has errors or the scenario failed, 2 usage error or invalid scenario.',
  ],
  async run({ args, options, console }) {
    const [modelFile] = args as [string];
    let step: number | undefined;
    if (options.step !== undefined) {
      if (options.scenario === undefined) throw new UsageError('--step needs --scenario');
      if (!/^[0-9]+$/.test(options.step)) throw new UsageError(`--step must be a step number, got "${options.step}"`);
      step = Number(options.step);
    }
    const file = (await loadFiles([modelFile], console))[0]!;
    if (file.result === undefined || !file.result.success) {
      printReport([file], console);
      return ExitCode.Failure;
    }
    const renderOptions = { case: options.case, computedLayout: options['computed-layout'] };
    let svg: string | undefined;
    let exitCode: number = ExitCode.Ok;
    try {
      if (options.scenario === undefined) svg = renderSvg(file.result.model, renderOptions);
      else {
        const scenarioPath = resolve(console.cwd, options.scenario);
        // The scenario's user decides which discretionary items are shown as plannable; an invalid
        // scenario is reported by the run below.
        const user = await loadScenarioFile(scenarioPath).then(
          (s: Scenario) => s.user,
          () => undefined,
        );
        const result = await runScenarioFile(resolve(console.cwd, modelFile), scenarioPath, {
          stopAfterStep: step,
          onEnd: async (engine, caseId) => void (svg = await caseDiagram(engine, caseId, user, renderOptions)),
        });
        if (result.exitCode !== 0) {
          console.err(formatReport(result, { model: modelFile, scenario: options.scenario }));
          exitCode = result.exitCode === 2 ? ExitCode.Usage : ExitCode.Failure;
        }
      }
    } catch (error) {
      if (error instanceof RenderError) throw new UsageError(error.message);
      throw error;
    }
    if (svg === undefined) return exitCode;
    if (options.output === undefined) console.out(svg.trimEnd());
    else await writeFile(resolve(console.cwd, options.output), svg);
    return exitCode;
  },
});
