/**
 * The scenario runner: drives one case through a scenario's steps on a virtual clock and checks
 * every expectation. `casekit run` and test suites use this same function.
 */
import {
  allInstances,
  instanceAt,
  applicableItems,
  createEngine,
  instancesOf,
  parseCmmn,
  parseDuration,
  addDuration,
  resolveItemIds,
  VirtualClock,
  CasekitError,
  ModelError,
  type CaseEngine,
  type CaseInstanceState,
  type CmmnModel,
  type DecisionEvaluator,
  type JsonValue,
  type TransitionRecord,
  type User,
} from '@casekit/core';
import { CASE_VERBS, checkScenario, ScenarioError, verbOf, type Scenario, type ScenarioStep } from './scenario.js';

/** One failed check. */
export interface Mismatch {
  /** The ref checked (`case`, `caseFile`, `discretionary`, or an item ref). */
  readonly ref: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** The states of every item at a point of the run. */
export interface ItemStateRow {
  readonly case: string;
  readonly id: string;
  readonly name: string;
  readonly instance: number;
  readonly state: string;
}

/** Why a run failed. */
export interface ScenarioFailure {
  /** 1-based step number. */
  readonly step: number;
  readonly stepText: string;
  readonly mismatches: readonly Mismatch[];
  /** The engine's error, when a command was rejected unexpectedly. */
  readonly error?: { readonly code: string; readonly name: string; readonly message: string };
  readonly states: readonly ItemStateRow[];
}

/** The final snapshot, in the format `casekit run --json` prints. */
export interface ScenarioSnapshot {
  readonly case: string;
  readonly items: readonly {
    readonly id: string;
    readonly name: string;
    readonly definition: string | null;
    readonly type: string;
    readonly stage: string | null;
    readonly state: string;
    readonly instance: number;
  }[];
  readonly caseFile: Readonly<Record<string, JsonValue>>;
}

/** The outcome of a run. */
export interface ScenarioResult {
  /** 0: every expectation held; 1: an expectation failed or a command was rejected; 2: invalid model or scenario. */
  readonly exitCode: 0 | 1 | 2;
  readonly title: string | undefined;
  readonly stepsRun: number;
  readonly failure: ScenarioFailure | undefined;
  /** For exit code 2: what is invalid. */
  readonly invalid: { readonly code: string; readonly message: string; readonly step?: number } | undefined;
  readonly snapshot: ScenarioSnapshot | undefined;
  /** Every transition of the run (root case and child cases), in order. */
  readonly timeline: readonly TransitionRecord[];
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Loads the decision tables a scenario's `decisions` names (path relative to the scenario). */
  readonly loadDecisions?: (decisions: Readonly<Record<string, string>>) => DecisionEvaluator | Promise<DecisionEvaluator>;
  /** File name of the model, for messages. */
  readonly modelName?: string;
}

const lower = (state: string): string => state.toLowerCase();

class Run {
  readonly timeline: TransitionRecord[] = [];
  rootId = '';
  private readonly idCounter = { n: 0 };
  readonly clock: VirtualClock;
  readonly engine: CaseEngine;

  constructor(
    readonly model: CmmnModel,
    readonly scenario: Scenario,
    decisions: DecisionEvaluator | undefined,
  ) {
    this.clock = new VirtualClock(scenario.start?.at ?? '2026-01-01T00:00:00Z');
    this.engine = createEngine({
      clock: this.clock,
      idGenerator: () => `id-${++this.idCounter.n}`,
      decisions,
    });
    this.engine.deploy(model, { key: 'scenario' });
    this.engine.onTransition((record) => this.timeline.push(record));
  }

  /** The root case and every child case it started, in creation order. */
  async caseTree(): Promise<CaseInstanceState[]> {
    const out: CaseInstanceState[] = [];
    const visit = async (id: string): Promise<void> => {
      const state = await this.engine.getState(id);
      out.push(state);
      for (const instance of allInstances(state)) if (instance.childCase !== undefined) await visit(instance.childCase);
    };
    await visit(this.rootId);
    return out;
  }

  /** The case (of the tree) whose model holds the item a ref names, with that item's instances. */
  async locate(ref: string): Promise<{ state: CaseInstanceState; instances: ReturnType<typeof instancesOf> }[]> {
    const found: { state: CaseInstanceState; instances: ReturnType<typeof instancesOf> }[] = [];
    let lastError: unknown;
    for (const state of await this.caseTree()) {
      const compiled = this.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
      try {
        found.push({ state, instances: instancesOf(compiled, state, ref) });
      } catch (error) {
        lastError = error;
      }
    }
    if (found.length === 0) {
      // The item may exist in a case not started yet (a case task's child): check the model.
      const rootState = await this.engine.getState(this.rootId);
      for (const c of this.model.definitions.cases) {
        if (c.id === undefined) continue;
        try {
          const compiled = this.engine.compiled(rootState.definition.modelKey, rootState.definition.modelVersion, c.id);
          resolveItemIds(compiled, ref.replace(/#[1-9][0-9]*$/, ''));
          return [];
        } catch {
          // not in this case
        }
      }
      throw lastError;
    }
    return found;
  }

  async states(): Promise<ItemStateRow[]> {
    const rows: ItemStateRow[] = [];
    for (const state of await this.caseTree()) {
      const compiled = this.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
      const seen = new Map<string, number>();
      rows.push({ case: state.id, id: '(case)', name: compiled.caseElement.name ?? compiled.caseId, instance: 1, state: lower(state.state) });
      for (const instance of allInstances(state)) {
        if (instance.n === 0) continue;
        const node = compiled.nodes[instance.node]!;
        const k = (seen.get(node.id) ?? 0) + 1;
        seen.set(node.id, k);
        rows.push({ case: state.id, id: node.id, name: node.name, instance: k, state: lower(instance.state) });
      }
    }
    return rows;
  }

  async snapshot(): Promise<ScenarioSnapshot> {
    const root = await this.engine.getState(this.rootId);
    const items: ScenarioSnapshot['items'][number][] = [];
    for (const state of await this.caseTree()) {
      const compiled = this.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
      const seen = new Map<string, number>();
      for (const instance of allInstances(state)) {
        if (instance.n === 0) continue;
        const node = compiled.nodes[instance.node]!;
        const k = (seen.get(node.id) ?? 0) + 1;
        seen.set(node.id, k);
        const parent = instance.parent > 0 ? compiled.nodes[instanceAt(state, instance.parent).node]! : undefined;
        items.push({
          id: node.id,
          name: node.name,
          definition: node.definition.id ?? null,
          type: node.type,
          stage: parent?.id ?? null,
          state: lower(instance.state),
          instance: k,
        });
      }
    }
    return { case: lower(root.state), items, caseFile: root.caseFile };
  }

  userOf(step: ScenarioStep): User | undefined {
    return step.as ?? this.scenario.user;
  }

  /** Executes a command step. Errors propagate to the caller. */
  async command(step: ScenarioStep): Promise<void> {
    const verb = verbOf(step);
    const user = this.userOf(step);
    const body = (step as Record<string, unknown>)[verb];
    switch (verb) {
      case 'set':
        await this.engine.setCaseFile(this.rootId, body as Record<string, JsonValue>, { user });
        return;
      case 'remove':
        await this.engine.removeCaseFileItem(this.rootId, body as string, { user });
        return;
      case 'case':
        await this.engine.caseCommand(this.rootId, body as (typeof CASE_VERBS)[number], { user });
        return;
      case 'advanceTime': {
        const target = addDuration(this.clock.now(), parseDuration(body as string));
        await this.engine.fireDueTimers(target);
        this.clock.set(target);
        return;
      }
      case 'plan': {
        const ref = body as string;
        const targets = await this.locateDiscretionary(ref);
        await this.engine.plan(targets, ref, { user, in: step.in });
        return;
      }
      default: {
        const ref = body as string;
        const found = await this.locate(ref);
        const target = found.find((f) => f.instances.length > 0) ?? found[0];
        const caseId = target?.state.id ?? this.rootId;
        await this.engine.planItemCommand(caseId, verb as never, ref, { user });
      }
    }
  }

  private async locateDiscretionary(ref: string): Promise<string> {
    for (const state of await this.caseTree()) {
      const compiled = this.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
      try {
        resolveItemIds(compiled, ref);
        return state.id;
      } catch {
        // not in this case
      }
    }
    return this.rootId;
  }

  /** Checks an expect step; returns the mismatches. */
  async expect(expectations: Record<string, unknown>, user: User | undefined): Promise<Mismatch[]> {
    const mismatches: Mismatch[] = [];
    const root = await this.engine.getState(this.rootId);
    for (const [ref, expected] of Object.entries(expectations)) {
      if (ref === 'case') {
        if (lower(root.state) !== expected) mismatches.push({ ref, expected, actual: lower(root.state) });
      } else if (ref === 'caseFile') {
        if (!partialMatch(expected, root.caseFile)) mismatches.push({ ref, expected, actual: root.caseFile });
      } else if (ref === 'discretionary') {
        const actual = new Set<string>();
        for (const state of await this.caseTree()) {
          const compiled = this.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
          for (const item of applicableItems(compiled, state, user)) actual.add(item.itemId);
        }
        const compiledRoot = this.engine.compiled(root.definition.modelKey, root.definition.modelVersion, root.definition.caseId);
        const wanted = new Set<string>();
        for (const r of expected as string[]) {
          try {
            for (const id of resolveItemIds(compiledRoot, r)) wanted.add(id);
          } catch {
            wanted.add(r);
          }
        }
        const names = (ids: Iterable<string>) => [...ids].map((id) => compiledRoot.nodes[compiledRoot.nodesByItemId.get(id)?.[0] ?? -1]?.name ?? id).sort();
        if (wanted.size !== actual.size || [...wanted].some((id) => !actual.has(id))) {
          mismatches.push({ ref, expected: names(wanted), actual: names(actual) });
        }
      } else {
        const found = await this.locate(ref);
        const states = found.flatMap((f) => f.instances.map((i) => lower(i.state)));
        if (expected === 'none') {
          if (states.length !== 0) mismatches.push({ ref, expected, actual: states });
        } else if (typeof expected === 'string') {
          if (states.length !== 1 || states[0] !== expected) mismatches.push({ ref, expected, actual: states.length === 1 ? states[0] : states.length === 0 ? 'none' : states });
        } else {
          const list = expected as string[];
          if (states.length !== list.length || states.some((s, i) => s !== list[i])) mismatches.push({ ref, expected: list, actual: states });
        }
      }
    }
    return mismatches;
  }
}

/** Partial deep match: every key of `expected` is in `actual` with a matching value. */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(expected, actual) || expected === actual;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => partialMatch(e, actual[i]));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && partialMatch(v, (actual as Record<string, unknown>)[k]));
}

function errorInfo(error: unknown): { code: string; name: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, name: error.name, message: error.message };
  }
  return { code: 'Error', name: 'Error', message: String(error) };
}

function errorMatches(error: unknown, expected: string): boolean {
  const info = errorInfo(error);
  return info.code === expected || info.name === expected || (error instanceof Error && error.constructor.name === expected);
}

/**
 * Runs a scenario against a model (XML text or a parsed model).
 *
 * @example
 * const result = await runScenario(readFileSync('claim.cmmn', 'utf8'), scenario);
 * if (result.exitCode !== 0) console.log(formatReport(result));
 */
export async function runScenario(model: string | CmmnModel, scenario: Scenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const invalid = (code: string, message: string, step?: number): ScenarioResult => ({
    exitCode: 2,
    title: typeof scenario?.title === 'string' ? scenario.title : undefined,
    stepsRun: 0,
    failure: undefined,
    invalid: { code, message, step },
    snapshot: undefined,
    timeline: [],
  });
  // A scenario built in code is checked like one read from a file (exit 2 names the step).
  try {
    checkScenario(scenario);
  } catch (error) {
    if (error instanceof ScenarioError) return invalid(error.code, error.message, error.step);
    throw error;
  }
  let parsed: CmmnModel;
  try {
    parsed = typeof model === 'string' ? parseCmmn(model, { fileName: options.modelName }) : model;
  } catch (error) {
    if (error instanceof ModelError) return invalid('ModelError', error.message);
    throw error;
  }
  let decisions: DecisionEvaluator | undefined;
  if (scenario.decisions !== undefined && Object.keys(scenario.decisions).length > 0) {
    if (options.loadDecisions === undefined) {
      return invalid('ScenarioInvalid', 'the scenario names decision tables, but no decision table loader is available');
    }
    try {
      decisions = await options.loadDecisions(scenario.decisions);
    } catch (error) {
      return invalid('ScenarioInvalid', `decision tables: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const cases = parsed.definitions.cases;
  if (scenario.case === undefined && cases.length > 1) {
    return invalid('ScenarioInvalid', `the model defines ${cases.length} cases (${cases.map((c) => c.id).join(', ')}); name one with "case"`);
  }
  if (scenario.case !== undefined && !cases.some((c) => c.id === scenario.case || c.name === scenario.case)) {
    return invalid('ScenarioInvalid', `the model defines no case "${scenario.case}"`);
  }

  const run = new Run(parsed, scenario, decisions);
  try {
    const started = await run.engine.startCase({
      caseDefinition: scenario.case ?? cases[0]?.id,
      caseFile: scenario.start?.caseFile,
      user: scenario.user,
    });
    run.rootId = started.id;
  } catch (error) {
    if (error instanceof ModelError || (error instanceof CasekitError && error.code === 'ExpressionError')) return invalid(error.code, error.message);
    if ((error as { code?: string }).code === 'ExpressionError') return invalid('ExpressionError', (error as Error).message);
    throw error;
  }

  const finish = async (exitCode: 0 | 1, stepsRun: number, failure: ScenarioFailure | undefined): Promise<ScenarioResult> => ({
    exitCode,
    title: scenario.title,
    stepsRun,
    failure,
    invalid: undefined,
    snapshot: await run.snapshot(),
    timeline: run.timeline,
  });

  for (const [i, step] of scenario.steps.entries()) {
    const n = i + 1;
    const stepText = JSON.stringify(step);
    const verb = verbOf(step);
    if (verb === 'expect') {
      let mismatches: Mismatch[];
      try {
        mismatches = await run.expect((step as { expect: Record<string, unknown> }).expect, run.userOf(step));
      } catch (error) {
        if (error instanceof CasekitError && (error.code === 'UnknownRef' || error.code === 'AmbiguousRef')) {
          return { ...(await finish(1, n, { step: n, stepText, mismatches: [], error: errorInfo(error), states: await run.states() })) };
        }
        throw error;
      }
      if (mismatches.length > 0) return finish(1, n, { step: n, stepText, mismatches, states: await run.states() });
      continue;
    }
    let error: unknown;
    try {
      await run.command(step);
    } catch (e) {
      if (e instanceof ScenarioError) return { ...invalid(e.code, e.message, n) };
      error = e;
      if (!(e instanceof Error)) throw e;
      if (!(e instanceof CasekitError) && !('code' in e)) throw e;
    }
    const expected = step.expectError;
    if (expected !== undefined) {
      if (error === undefined) {
        return finish(1, n, { step: n, stepText, mismatches: [{ ref: 'expectError', expected, actual: 'no error' }], states: await run.states() });
      }
      if (!errorMatches(error, expected)) {
        const info = errorInfo(error);
        return finish(1, n, { step: n, stepText, mismatches: [{ ref: 'expectError', expected, actual: info.code }], error: info, states: await run.states() });
      }
    } else if (error !== undefined) {
      return finish(1, n, { step: n, stepText, mismatches: [], error: errorInfo(error), states: await run.states() });
    }
  }
  return finish(0, scenario.steps.length, undefined);
}
