import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadDecisionTables } from '@casekit/rules';
import { parse as parseYaml } from 'yaml';
import { checkScenario, ScenarioError, type Scenario } from './scenario.js';
import { runScenario, type RunOptions, type ScenarioResult } from './runner.js';

/** Reads and checks a scenario file: JSON, or YAML for `.yaml` / `.yml`. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return checkScenario(value);
}

/**
 * Runs a scenario file against a model file — what `casekit run` does. The decision tables a
 * scenario's `decisions` names (paths relative to the scenario file) are loaded with
 * `@casekit/rules` — DMN XML for `.dmn`/`.xml`, casekit's JSON tables for `.json` — unless
 * `options.loadDecisions` loads them.
 *
 * @example
 * const result = await runScenarioFile('claim.cmmn', 'claim.scenario.json');
 * expect(result.exitCode, formatReport(result)).toBe(0);
 */
export async function runScenarioFile(modelPath: string, scenarioPath: string, options: Omit<RunOptions, 'modelName'> & { readonly baseDir?: string } = {}): Promise<ScenarioResult> {
  let scenario: Scenario;
  try {
    scenario = await loadScenarioFile(scenarioPath);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return { exitCode: 2, title: undefined, stepsRun: 0, failure: undefined, invalid: { code: error.code, message: error.message, step: error.step }, snapshot: undefined, timeline: [] };
  }
  let xml: string;
  try {
    xml = await readFile(modelPath, 'utf8');
  } catch (error) {
    return { exitCode: 2, title: scenario.title, stepsRun: 0, failure: undefined, invalid: { code: 'ModelError', message: `cannot read ${modelPath}: ${error instanceof Error ? error.message : String(error)}` }, snapshot: undefined, timeline: [] };
  }
  const baseDir = options.baseDir ?? dirname(resolve(scenarioPath));
  const loadDecisions = options.loadDecisions ?? ((files: Readonly<Record<string, string>>) => loadDecisionTables(files));
  return runScenario(xml, scenario, {
    modelName: modelPath,
    loadDecisions: (decisions) => loadDecisions(Object.fromEntries(Object.entries(decisions).map(([k, v]) => [k, resolve(baseDir, v)]))),
  });
}
