/**
 * Scenario files on disk: reading them (bounded, regular files only), finding their models, loading
 * the decision tables they name, and running them — what `casekit run` does.
 */
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { CasekitError, DMN_NAMESPACES, loadDecisionTables, type DecisionRegistry } from '@casekit/rules';
import { parseDocument, visit } from 'yaml';
import { checkScenario, SCENARIO_LIMITS, ScenarioError, type Scenario } from './scenario.js';
import { runScenario, type RunOptions, type ScenarioResult } from './runner.js';

/**
 * The most bytes casekit reads from any one file: a model, a scenario, a decision table. Larger
 * files, and anything that is not a regular file (a directory, a device such as /dev/zero, a pipe,
 * a socket), are refused before they are read.
 *
 * @example
 * const text = await readInputFile('big-model.cmmn', { maxBytes: MAX_INPUT_BYTES });
 */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/**
 * A file casekit was asked to read and could not: missing, not a regular file, too large, not
 * readable. `reason` is one line without the path.
 *
 * @example
 * try { await readInputFile('/dev/zero'); }
 * catch (e) { if (e instanceof InputFileError) console.log(e.reason); } // 'not a regular file (a device)'
 */
export class InputFileError extends CasekitError<'FileUnreadable'> {
  override readonly name = 'InputFileError';
  constructor(
    /** The path as given. */
    readonly path: string,
    /** Why, in one line, without the path. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('FileUnreadable', `cannot read ${path}: ${reason}`, options);
  }
}

function openFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENXIO':
      return 'not a regular file (a socket or a device)';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

const decoder = new TextDecoder('utf-8');
const MiB = (bytes: number): string => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`);

/**
 * Reads a text file as UTF-8 (a byte-order mark dropped), refusing anything but a regular file and
 * reading at most `maxBytes` (default {@link MAX_INPUT_BYTES}): the file type is checked on the open
 * descriptor (a FIFO is opened without blocking), and a file that grows while read is cut off and
 * refused. Rejects with {@link InputFileError}.
 *
 * @example
 * const xml = await readInputFile('claim.cmmn');
 */
export async function readInputFile(path: string, options: { readonly maxBytes?: number } = {}): Promise<string> {
  const max = options.maxBytes ?? MAX_INPUT_BYTES;
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputFileError(path, openFailure(error), { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new InputFileError(path, 'it is a directory');
    if (!stat.isFile()) {
      const kind = stat.isFIFO() ? 'a pipe' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
      throw new InputFileError(path, `not a regular file (${kind})`);
    }
    if (stat.size > max) throw new InputFileError(path, `larger than ${MiB(max)}, the limit for an input file`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, max + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) throw new InputFileError(path, `larger than ${MiB(max)}, the limit for an input file`);
    }
    return decoder.decode(Buffer.concat(chunks, total));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(path, openFailure(error), { cause: error });
  } finally {
    await handle.close();
  }
}

/** The deepest nesting of `[`/`{` in a JSON or YAML text, outside its quoted strings and comments. */
function nesting(text: string, yaml: boolean): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || (yaml && c === "'")) {
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
    } else if (yaml && c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > deepest) deepest = depth;
    } else if (c === ']' || c === '}') {
      depth--;
    }
  }
  return deepest;
}

const firstLine = (text: string): string => text.split('\n', 1)[0]!.trim();

/**
 * Parses a scenario file's text, JSON or (`yaml`) YAML, without trusting it: nesting deeper than
 * the limits and YAML aliases (`*name`, which can expand without end or refer to themselves) are
 * refused. Throws {@link ScenarioError}.
 */
function parseScenarioText(text: string, path: string, yaml: boolean): unknown {
  const format = yaml ? 'YAML' : 'JSON';
  if (nesting(text, yaml) > SCENARIO_LIMITS.maxDepth) throw new ScenarioError(`${path}: values nest deeper than ${SCENARIO_LIMITS.maxDepth} levels`);
  try {
    if (!yaml) return JSON.parse(text) as unknown;
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const error = document.errors[0];
    if (error !== undefined) {
      const line = text.slice(0, error.pos[0]).split('\n').length;
      throw new ScenarioError(`${path} is not valid YAML: ${firstLine(error.message)} (line ${line})`);
    }
    let alias = false;
    visit(document, {
      Alias() {
        alias = true;
        return visit.BREAK;
      },
    });
    if (alias) throw new ScenarioError(`${path}: YAML aliases (*name) are not allowed in a scenario; write the value out`);
    return document.toJS({ maxAliasCount: 0 }) as unknown;
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    if (error instanceof RangeError) throw new ScenarioError(`${path}: values nest too deep`);
    throw new ScenarioError(`${path} is not valid ${format}: ${firstLine(error instanceof Error ? error.message : String(error))}`);
  }
}

/**
 * Reads and checks a scenario file: JSON, or YAML for `.yaml` / `.yml`. The file is read bounded
 * ({@link readInputFile}) and checked whole ({@link checkScenario}). Throws {@link ScenarioError}.
 *
 * @example
 * const scenario = await loadScenarioFile('claim.scenario.yaml');
 */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readInputFile(path);
  } catch (error) {
    if (error instanceof InputFileError) throw new ScenarioError(error.message);
    throw error;
  }
  return checkScenario(parseScenarioText(text, path, /\.ya?ml$/i.test(path)));
}

const MODEL_EXTENSIONS = /\.(cmmn|xml)$/i;

/**
 * The model of a scenario file by convention: `X.scenario.json` (or `.yaml`/`.yml`) runs against
 * `X.cmmn` beside it, and `X.Y.scenario.json` (a variant) against `X.Y.cmmn`, else `X.cmmn`; else
 * against the one `.cmmn` file of its folder when there is exactly one. Undefined when there is
 * none (the scenario's `models` may then name it).
 *
 * @example
 * const model = await modelForScenario('claims/claim.rejected.scenario.json'); // 'claims/claim.cmmn'
 */
export async function modelForScenario(scenarioPath: string): Promise<string | undefined> {
  const dir = dirname(scenarioPath);
  const base = basename(scenarioPath).replace(/\.scenario\.(json|ya?ml)$/i, '').replace(/\.(json|ya?ml)$/i, '');
  let names: Set<string>;
  try {
    names = new Set(await readdir(dir));
  } catch {
    return undefined;
  }
  for (const candidate of [base, base.replace(/\.[^.]+$/, '')]) {
    if (names.has(`${candidate}.cmmn`)) return join(dir, `${candidate}.cmmn`);
  }
  const models = [...names].filter((n) => n.endsWith('.cmmn'));
  return models.length === 1 ? join(dir, models[0]!) : undefined;
}

/**
 * Loads the decision tables a scenario's `decisions` names — and only decision tables: each path
 * must end in `.dmn`, `.xml` (DMN) or `.json` (casekit's JSON tables), be a regular file within
 * {@link MAX_INPUT_BYTES}, and hold a DMN document or a JSON decision table. A file that does not
 * is refused without quoting its content. Throws {@link ScenarioError}.
 *
 * @example
 * const registry = await loadScenarioDecisions({ riskLevel: '/abs/care-risk.dmn' });
 */
export async function loadScenarioDecisions(files: Readonly<Record<string, string>>): Promise<DecisionRegistry> {
  for (const [key, path] of Object.entries(files)) {
    const where = `"decisions.${key}" (${path})`;
    const ext = extname(path).toLowerCase();
    if (ext !== '.dmn' && ext !== '.xml' && ext !== '.json') throw new ScenarioError(`${where}: a decision table file ends in .dmn, .xml or .json`);
    let text: string;
    try {
      text = await readInputFile(path);
    } catch (error) {
      if (error instanceof InputFileError) throw new ScenarioError(`${where}: ${error.reason}`);
      throw error;
    }
    if (ext === '.json') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ScenarioError(`${where}: not a JSON decision table (the file is not JSON)`);
      }
      const tables = Array.isArray(value) ? value : [value];
      const isTable = (t: unknown): boolean => typeof t === 'object' && t !== null && !Array.isArray(t) && 'rules' in t && ('inputs' in t || 'outputs' in t);
      if (tables.length === 0 || !tables.every(isTable)) throw new ScenarioError(`${where}: not a JSON decision table (no "inputs", "outputs" and "rules")`);
    } else if (!DMN_NAMESPACES.some((ns) => text.includes(ns))) {
      throw new ScenarioError(`${where}: not a DMN file (no DMN namespace)`);
    }
  }
  try {
    return await loadDecisionTables(files);
  } catch (error) {
    throw new ScenarioError(`decision tables: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Options of {@link runScenarioFile}.
 *
 * @example
 * const options: RunFileOptions = { models: ['shared/intake.cmmn'] };
 */
export interface RunFileOptions extends Omit<RunOptions, 'modelName' | 'models'> {
  /** The directory the scenario's relative paths (`models`, `decisions`) resolve against; default: the scenario's. */
  readonly baseDir?: string;
  /** Further model files deployed with the model (paths), before those the scenario's `models` names. */
  readonly models?: readonly string[];
}

function invalidResult(code: string, message: string, title?: string): ScenarioResult {
  return { exitCode: 2, title, stepsRun: 0, failure: undefined, invalid: { code, message }, snapshot: undefined, timeline: [] };
}

/**
 * Runs a scenario file against a model file — what `casekit run` does. With `modelPath`
 * undefined, the model is found by convention ({@link modelForScenario}), else it is the first
 * file of the scenario's `models`. The scenario's `models` (further model files) and `decisions`
 * (decision tables, loaded with {@link loadScenarioDecisions} unless `options.loadDecisions` is
 * given) are relative to the scenario file. Every file is read bounded ({@link readInputFile}); a
 * file that cannot be read makes the result invalid (exit code 2), never an exception.
 *
 * @example
 * const result = await runScenarioFile('claim.cmmn', 'claim.scenario.json');
 * expect(result.exitCode, formatReport(result)).toBe(0);
 */
export async function runScenarioFile(modelPath: string | undefined, scenarioPath: string, options: RunFileOptions = {}): Promise<ScenarioResult> {
  let scenario: Scenario;
  try {
    scenario = await loadScenarioFile(scenarioPath);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return { ...invalidResult(error.code, error.message), invalid: { code: error.code, message: error.message, step: error.step, problems: error.problems } };
  }
  const baseDir = options.baseDir ?? dirname(resolve(scenarioPath));
  const named = (scenario.models ?? []).map((m) => resolve(baseDir, m));
  for (const [i, m] of named.entries()) {
    if (!MODEL_EXTENSIONS.test(m)) return invalidResult('ScenarioInvalid', `"models[${i}]" (${scenario.models![i]}): a model file ends in .cmmn or .xml`, scenario.title);
  }
  const main = modelPath ?? (await modelForScenario(scenarioPath)) ?? named.shift();
  if (main === undefined) {
    const name = basename(scenarioPath);
    return invalidResult('ScenarioInvalid', `no model for ${name}: name it on the command line or in "models", or put ${name.replace(/\.scenario\.(json|ya?ml)$/i, '')}.cmmn beside it`, scenario.title);
  }
  const paths = [main, ...(options.models ?? []), ...named.filter((m) => m !== resolve(main))];
  const texts: string[] = [];
  for (const path of paths) {
    try {
      texts.push(await readInputFile(path));
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      return invalidResult('ModelError', error.message, scenario.title);
    }
  }
  const loadDecisions = options.loadDecisions ?? loadScenarioDecisions;
  return runScenario(texts[0]!, scenario, {
    modelName: main,
    models: texts.slice(1).map((xml, i) => ({ xml, name: paths[i + 1] })),
    stopAfterStep: options.stopAfterStep,
    onEnd: options.onEnd,
    loadDecisions: (decisions) => loadDecisions(Object.fromEntries(Object.entries(decisions).map(([k, v]) => [k, resolve(baseDir, v)]))),
  });
}
