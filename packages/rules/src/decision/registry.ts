/**
 * The decision registry: decisions by id, name and alias — the engine's `DecisionEvaluator` for
 * decision tasks (structurally: this package does not depend on @casekit/core) — and the loading
 * of decision files (DMN XML or JSON tables).
 */
import type { JsonLogicEvaluator } from '../jsonlogic/evaluator.js';
import type { EvaluationLimits } from '../limits.js';
import { compileDecisions, type Decision } from './decision.js';
import { DecisionNotFoundError, DecisionTableError } from './errors.js';
import type { DecisionDefinition, DecisionValue } from './model.js';
import { readDmn } from './read-dmn.js';
import { readDecisionTableJson } from './read-json.js';
import type { DecisionResult, EvaluateOptions } from './result.js';

/**
 * Options of {@link createDecisionRegistry}.
 *
 * @example
 * const options: DecisionRegistryOptions = { now: () => clock.now(), onEvaluate: (result) => audit.push(result.trace) };
 */
export interface DecisionRegistryOptions {
  /** Decisions to register at once. */
  readonly decisions?: readonly Decision[];
  /** The clock of evaluations that are given none (`decide`, `evaluate`). Default: the system time. */
  readonly now?: () => Date;
  /** The bounds of evaluations that are given none, over {@link EXPRESSION_LIMITS}. */
  readonly limits?: Partial<EvaluationLimits>;
  /**
   * Called after every evaluation through `evaluate` (decision tasks) with the explained result —
   * for an audit trail. When set, those evaluations are explained (a little slower).
   */
  readonly onEvaluate?: (result: DecisionResult) => void;
}

/**
 * Decisions by key. Its `evaluate` is the engine's `DecisionEvaluator`: pass the registry as
 * `createEngine({ decisions: registry })`. Per casekit's rule (cmmn-semantics §10) the decision
 * sees the whole case file and each output is written to the case file item of the same name.
 *
 * @example
 * const registry = createDecisionRegistry().register(compileDecisions(readDmn(xml)));
 * const engine = createEngine({ decisions: registry });
 */
export interface DecisionRegistry {
  /** Every registered decision, in registration order. */
  readonly decisions: readonly Decision[];
  /**
   * Registers decisions under their id, name and aliases, and under `options.as` (extra keys).
   * Throws DecisionTableError when a key is already taken by another decision.
   */
  register(decisions: Decision | readonly Decision[], options?: { readonly as?: string | readonly string[] }): DecisionRegistry;
  /** The decision registered under `key`. */
  get(key: string): Decision | undefined;
  /** The decision registered under the first of `keys` that is registered. */
  find(keys: readonly string[]): Decision | undefined;
  /** Evaluates the decision registered under `key` (or the first known of several keys). Throws DecisionNotFoundError. */
  decide(key: string | readonly string[], input: Readonly<Record<string, unknown>>, options?: EvaluateOptions): DecisionResult;
  /**
   * The engine's decision evaluator: the outputs of the decision registered under the first known
   * of `keys` (a decision task's definition id and name, decisionRef, the decision's name and
   * externalRef), or undefined when none is registered. Evaluation errors are thrown (the task faults).
   * `options.now` (the engine clock, when the caller passes it) overrides the registry's clock, and
   * `options.limits` the registry's limits.
   */
  evaluate(
    keys: readonly string[],
    input: Readonly<Record<string, unknown>>,
    options?: { readonly now?: Date; readonly limits?: Partial<EvaluationLimits> },
  ): Readonly<Record<string, DecisionValue>> | undefined;
}

/**
 * Creates an empty registry (or one holding `options.decisions`).
 *
 * @example
 * const registry = createDecisionRegistry({ decisions: compileDecisions(readDecisionTableJson(json)) });
 * registry.evaluate(['credit-granting'], { score: 720, income: 4200, debtRatio: 0.2 }); // { decision: 'approve', limit: 12600 }
 */
export function createDecisionRegistry(options: DecisionRegistryOptions = {}): DecisionRegistry {
  const byKey = new Map<string, Decision>();
  const all: Decision[] = [];
  const clock = options.now;
  const onEvaluate = options.onEvaluate;
  /** The options of one evaluation: the caller's, else the registry's clock and limits. */
  const withDefaults = (given: EvaluateOptions): EvaluateOptions => {
    const now = given.now ?? clock?.();
    const limits = given.limits ?? options.limits;
    return { ...given, ...(now === undefined ? {} : { now }), ...(limits === undefined ? {} : { limits }) };
  };

  const find = (keys: readonly string[]): Decision | undefined => {
    for (const key of keys) {
      const decision = byKey.get(key);
      if (decision !== undefined) return decision;
    }
    return undefined;
  };

  const registry: DecisionRegistry = {
    get decisions() {
      return [...all];
    },
    register(decisions, registerOptions = {}) {
      const list = Array.isArray(decisions) ? (decisions as readonly Decision[]) : [decisions as Decision];
      const extra = registerOptions.as === undefined ? [] : typeof registerOptions.as === 'string' ? [registerOptions.as] : registerOptions.as;
      if (list.length > 1 && extra.length > 0) {
        throw new DecisionTableError('extra keys (`as`) can be given only when registering one decision');
      }
      for (const decision of list) {
        const keys = list.length === 1 ? [...decision.keys, ...extra] : decision.keys;
        for (const key of keys) {
          const existing = byKey.get(key);
          if (existing !== undefined && existing !== decision) {
            throw new DecisionTableError(`the key ${JSON.stringify(key)} is already registered for decision ${JSON.stringify(existing.id)}`, {
              decision: decision.id,
              source: decision.definition.source,
            });
          }
        }
        for (const key of keys) byKey.set(key, decision);
        if (!all.includes(decision)) all.push(decision);
      }
      return registry;
    },
    get: (key) => byKey.get(key),
    find,
    decide(key, input, evaluateOptions = {}) {
      const keys = typeof key === 'string' ? [key] : key;
      const decision = find(keys);
      if (decision === undefined) throw new DecisionNotFoundError(keys);
      return decision.evaluate(input, withDefaults(evaluateOptions));
    },
    evaluate(keys, input, evaluateOptions = {}) {
      const decision = find(keys);
      if (decision === undefined) return undefined;
      const result = decision.evaluate(input, withDefaults({ ...evaluateOptions, explain: onEvaluate !== undefined }));
      onEvaluate?.(result);
      return result.outputs;
    },
  };
  if (options.decisions !== undefined) for (const decision of options.decisions) registry.register(decision);
  return registry;
}

/**
 * Options of {@link readDecisions} and {@link loadDecisionTables}.
 *
 * @example
 * const options: LoadDecisionOptions = { format: 'dmn' };
 */
export interface LoadDecisionOptions {
  /** The source format; default: from the file name (`.dmn`, `.xml` → DMN; `.json` → JSON), else from the text. */
  readonly format?: 'dmn' | 'json';
  /** The JSON Logic evaluator for JSON Logic entries (custom operations). */
  readonly jsonLogic?: JsonLogicEvaluator;
}

/**
 * Reads decisions from a file's text, DMN XML or casekit JSON, by `options.format`, else by the
 * extension of `source`, else by the text (`<` → DMN). Throws DecisionTableError.
 *
 * @example
 * const definitions = readDecisions(text, { source: 'tables/triage.json' });
 */
export function readDecisions(text: string, options: { readonly source?: string; readonly format?: 'dmn' | 'json' } = {}): DecisionDefinition[] {
  const source = options.source;
  const format = options.format ?? formatOf(source) ?? (text.trimStart().startsWith('<') ? 'dmn' : 'json');
  return format === 'dmn' ? readDmn(text, source === undefined ? {} : { source }) : readDecisionTableJson(text, source === undefined ? {} : { source });
}

function formatOf(source: string | undefined): 'dmn' | 'json' | undefined {
  if (source === undefined) return undefined;
  if (/\.(dmn|xml)$/i.test(source)) return 'dmn';
  if (/\.json$/i.test(source)) return 'json';
  return undefined;
}

/**
 * Loads decision files into a new registry: a list of paths, or — as a scenario's `decisions` —
 * `{ key: path }`, where each file's decisions are registered under their own ids and names and
 * the file's decision named `key` (or its only top-level decision) also under `key`. DMN by
 * `.dmn`/`.xml`, JSON by `.json`. Rejects with DecisionTableError naming the file.
 *
 * @example
 * const registry = await loadDecisionTables({ riskLevel: '/abs/path/care-risk.dmn' });
 * const engine = createEngine({ decisions: registry });
 */
export async function loadDecisionTables(
  files: Readonly<Record<string, string>> | readonly string[],
  options: LoadDecisionOptions & DecisionRegistryOptions = {},
): Promise<DecisionRegistry> {
  const { readFile } = await import('node:fs/promises');
  const registry = createDecisionRegistry(options);
  const entries: [string | undefined, string][] = Array.isArray(files)
    ? (files as readonly string[]).map((path) => [undefined, path])
    : Object.entries(files as Readonly<Record<string, string>>);
  const loaded = new Map<string, Decision[]>();
  for (const [key, path] of entries) {
    let decisions = loaded.get(path);
    if (decisions === undefined) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new DecisionTableError(`cannot read the file: ${error instanceof Error ? error.message : String(error)}`, { source: path }, { cause: error });
      }
      const definitions = readDecisions(text, { source: path, ...(options.format === undefined ? {} : { format: options.format }) });
      decisions = compileDecisions(definitions, {
        available: registry.decisions,
        ...(options.jsonLogic === undefined ? {} : { jsonLogic: options.jsonLogic }),
      });
      loaded.set(path, decisions);
      registry.register(decisions);
    }
    if (key !== undefined) {
      const target = chooseDecision(decisions, key, path);
      if (!target.keys.includes(key)) registry.register(target, { as: key });
    }
  }
  return registry;
}

/** The decision of a file a scenario key names: by id, name or alias, else the one no other requires. */
function chooseDecision(decisions: readonly Decision[], key: string, path: string): Decision {
  const named = decisions.find((decision) => decision.keys.includes(key));
  if (named !== undefined) return named;
  const required = new Set(decisions.flatMap((decision) => decision.requires.map((requirement) => requirement.id)));
  const top = decisions.filter((decision) => !required.has(decision.id));
  if (top.length === 1) return top[0]!;
  throw new DecisionTableError(
    `the file has ${top.length} top-level decisions (${top.map((decision) => JSON.stringify(decision.id)).join(', ')}) and none is named ${JSON.stringify(key)}`,
    { source: path },
  );
}
