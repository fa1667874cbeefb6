/**
 * The scenario runner: drives one case through a scenario's steps on a virtual clock and checks
 * every expectation. `casekit run` and test suites use this same function.
 */
import { createEngine, parseCmmn, safeParseCmmn, parseDuration, addDuration, VirtualClock, CasekitError, ModelError, type CaseEngine, type CaseInstanceState, type CmmnModel, type DecisionEvaluator, type Deployment, type ExternalDefinitions, type JsonValue, type TransitionRecord, type User } from '@casekit/core';
import { allInstances, instanceAt, applicableItems, authorizationPolicy, instancesOf, resolveItemIds, type AuthorizationPolicy } from '@casekit/core/internals';
import type { Mismatch, ItemStateRow, ScenarioFailure, ScenarioSnapshot, ScenarioResult, RunOptions } from './results.js';
import { ENGINE_PROFILES } from './results.js';
import { errorInfo, errorMatches, partialMatch } from './matching.js';
import { CASE_VERBS, checkScenario, ScenarioError, verbOf, type Scenario, type ScenarioProblem, type ScenarioStep, type WorkVerb } from './scenario.js';

export type { Mismatch, ItemStateRow, ScenarioFailure, ScenarioSnapshot, ScenarioResult, RunOptions } from './results.js';
export { ENGINE_PROFILES } from './results.js';
export { partialMatch } from './matching.js';

/**
 * How each work-management verb calls the engine: the method and its arguments. A verb whose
 * method the engine lacks fails its step with `ScenarioUnsupported` (exit 2).
 */
const WORK_CALLS: Readonly<Record<WorkVerb, (caseId: string, step: Readonly<Record<string, unknown>>, user: User | undefined) => readonly unknown[]>> = {
  claim: (caseId, step, user) => [caseId, step['claim'], { user }],
  unclaim: (caseId, step, user) => [caseId, step['unclaim'], { user }],
  assign: (caseId, step, user) => [caseId, step['assign'], step['to'] ?? null, { user }],
  delegate: (caseId, step, user) => [caseId, step['delegate'], step['to'], { user }],
  resolve: (caseId, step, user) => [caseId, step['resolve'], { user }],
  addMember: (caseId, step, user) => [caseId, step['addMember'], step['roles'] ?? [], { user }],
  removeMember: (caseId, step, user) => [caseId, step['removeMember'], { user }],
};

function unsupported(what: string, step?: number): ScenarioError<'ScenarioUnsupported'> {
  return new ScenarioError(`${what} is not supported by this engine version`, step, 'ScenarioUnsupported');
}

const lower = (state: string): string => state.toLowerCase();

class Run {
  readonly timeline: TransitionRecord[] = [];
  rootId = '';
  private readonly idCounter = { n: 0 };
  readonly clock: VirtualClock;
  readonly engine: CaseEngine;
  readonly authorization: AuthorizationPolicy;

  readonly deployments: { readonly deployment: Deployment; readonly model: CmmnModel }[] = [];

  constructor(
    models: readonly CmmnModel[],
    readonly scenario: Scenario,
    decisions: DecisionEvaluator | undefined,
  ) {
    this.clock = new VirtualClock(scenario.start?.at ?? '2026-01-01T00:00:00Z');
    // The scenario format's rule: without any user (`user`, `as`), anyone, no role checks; once a
    // scenario names users, every command is authorized, trusting the roles the scenario gives them.
    // A step without a user is still anyone's, with no role checks (`anonymous: 'unchecked'`).
    const authorization =
      scenario.user !== undefined || scenario.steps.some((s) => s.as !== undefined) ? ({ trustUserRoles: true, anonymous: 'unchecked' } as const) : 'none';
    this.authorization = authorizationPolicy(authorization);
    this.engine = createEngine({
      authorization,
      clock: this.clock,
      idGenerator: () => `id-${++this.idCounter.n}`,
      decisions,
      profile: scenario.profile ?? 'cmmn',
    });
    // Further models first, so that the main model is the latest deployment of a case id both define.
    for (const [i, model] of [...models.entries()].reverse()) {
      this.deployments.push({ deployment: this.engine.deploy(model, { key: i === 0 ? 'scenario' : `scenario-model-${i + 1}` }), model });
    }
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
      // The item may exist in a case not started yet (a case task's child): check the models.
      for (const { deployment, model } of this.deployments) {
        for (const c of model.definitions.cases) {
          if (c.id === undefined) continue;
          try {
            const compiled = this.engine.compiled(deployment.key, deployment.version, c.id);
            resolveItemIds(compiled, ref.replace(/#[1-9][0-9]*$/, ''));
            return [];
          } catch {
            // not in this case
          }
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

  /** Executes a command step (`n`: its number). Errors propagate to the caller. */
  async command(step: ScenarioStep, n: number): Promise<void> {
    const verb = verbOf(step);
    const user = this.userOf(step);
    const body = (step as Record<string, unknown>)[verb];
    if (Object.hasOwn(WORK_CALLS, verb)) {
      const method = (this.engine as unknown as Record<string, unknown>)[verb];
      if (typeof method !== 'function') throw unsupported(`"${verb}"`, n);
      const caseId = verb === 'addMember' || verb === 'removeMember' ? this.rootId : await this.caseOf(body as string);
      await (method as (...args: unknown[]) => Promise<unknown>).apply(this.engine, [...WORK_CALLS[verb as WorkVerb](caseId, step as Record<string, unknown>, user)]);
      return;
    }
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
        await this.engine.planItemCommand(await this.caseOf(ref), verb as never, ref, { user });
      }
    }
  }

  /** The case of the tree a ref's item lives in (the root case when none has it yet). */
  private async caseOf(ref: string): Promise<string> {
    const found = await this.locate(ref);
    const target = found.find((f) => f.instances.length > 0) ?? found[0];
    return target?.state.id ?? this.rootId;
  }

  /** The assignee of each listed human task's current instance, as the engine reports it. */
  private async assignees(expected: Readonly<Record<string, unknown>>, step: number): Promise<Mismatch[]> {
    const mismatches: Mismatch[] = [];
    for (const [ref, want] of Object.entries(expected)) {
      const found = await this.locate(ref);
      const holder = found.find((f) => f.instances.length > 0);
      let actual: unknown = null;
      if (holder !== undefined) {
        const snapshot = await this.engine.getCase(holder.state.id);
        const current = holder.instances[holder.instances.length - 1]!;
        const item = snapshot.items.find((i) => i.instanceId === current.id) as Record<string, unknown> | undefined;
        const works = typeof (this.engine as unknown as Record<string, unknown>)['claim'] === 'function';
        if (item !== undefined && !('assignee' in item) && !works) throw unsupported('"expect.assignee"', step);
        actual = item === undefined || 'assignee' in item ? (item?.['assignee'] ?? null) : `(${String(item['type'])}: not a human task)`;
      }
      if (actual !== want) mismatches.push({ ref: `assignee of ${ref}`, expected: want, actual });
    }
    return mismatches;
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
  async expect(expectations: Record<string, unknown>, user: User | undefined, step: number): Promise<Mismatch[]> {
    const mismatches: Mismatch[] = [];
    const root = await this.engine.getState(this.rootId);
    for (const [ref, expected] of Object.entries(expectations)) {
      if (ref === 'assignee') {
        mismatches.push(...(await this.assignees(expected as Record<string, unknown>, step)));
      } else if (ref === 'case') {
        if (lower(root.state) !== expected) mismatches.push({ ref, expected, actual: lower(root.state) });
      } else if (ref === 'caseFile') {
        if (!partialMatch(expected, root.caseFile)) mismatches.push({ ref, expected, actual: root.caseFile });
      } else if (ref === 'discretionary') {
        const actual = new Set<string>();
        for (const state of await this.caseTree()) {
          const compiled = this.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
          for (const item of applicableItems(compiled, state, user, this.clock.now(), this.authorization)) actual.add(item.itemId);
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

/**
 * Runs a scenario against a model (XML text or a parsed model).
 *
 * @example
 * const result = await runScenario(readFileSync('claim.cmmn', 'utf8'), scenario);
 * if (result.exitCode !== 0) console.log(formatReport(result));
 */
export async function runScenario(model: string | CmmnModel, scenario: Scenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const invalid = (code: string, message: string, step?: number, problems?: readonly ScenarioProblem[]): ScenarioResult => ({
    exitCode: 2,
    title: typeof scenario?.title === 'string' ? scenario.title : undefined,
    stepsRun: 0,
    failure: undefined,
    invalid: { code, message, ...(step === undefined ? {} : { step }), ...(problems === undefined ? {} : { problems }) },
    snapshot: undefined,
    timeline: [],
  });
  const refused = (error: ScenarioError): ScenarioResult => invalid(error.code, error.message, error.step, error.problems);
  // A scenario built in code is checked like one read from a file: whole, before anything runs.
  try {
    checkScenario(scenario);
  } catch (error) {
    if (error instanceof ScenarioError) return refused(error);
    throw error;
  }
  if (scenario.profile !== undefined && !ENGINE_PROFILES.includes(scenario.profile)) return refused(unsupported(`profile "${scenario.profile}"`));
  let models: CmmnModel[];
  try {
    models = parseModels([{ model, name: options.modelName }, ...(options.models ?? []).map((m) => ({ model: m.xml, name: m.name }))]);
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
      if (error instanceof ScenarioError) return refused(error);
      return invalid('ScenarioInvalid', `decision tables: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const cases = models.flatMap((m) => m.definitions.cases);
  const mainCases = models[0]!.definitions.cases;
  if (scenario.case === undefined && mainCases.length > 1) {
    return invalid('ScenarioInvalid', `the model defines ${mainCases.length} cases (${mainCases.map((c) => c.id).join(', ')}); name one with "case"`);
  }
  if (scenario.case !== undefined && !cases.some((c) => c.id === scenario.case || c.name === scenario.case)) {
    return invalid('ScenarioInvalid', `the model${models.length > 1 ? 's define' : ' defines'} no case "${scenario.case}"`);
  }

  const run = new Run(models, scenario, decisions);
  try {
    const started = await run.engine.startCase({
      caseDefinition: scenario.case ?? mainCases[0]?.id,
      caseFile: scenario.start?.caseFile,
      user: scenario.user,
    });
    run.rootId = started.id;
  } catch (error) {
    if (error instanceof ModelError || (error instanceof CasekitError && error.code === 'ExpressionError')) return invalid(error.code, error.message);
    if ((error as { code?: string }).code === 'ExpressionError') return invalid('ExpressionError', (error as Error).message);
    throw error;
  }

  const steps = options.stopAfterStep === undefined ? scenario.steps : scenario.steps.slice(0, Math.max(0, options.stopAfterStep));
  const finish = async (exitCode: 0 | 1, stepsRun: number, failure: ScenarioFailure | undefined): Promise<ScenarioResult> => {
    await options.onEnd?.(run.engine, run.rootId);
    return { exitCode, title: scenario.title, stepsRun, failure, invalid: undefined, snapshot: await run.snapshot(), timeline: run.timeline };
  };

  for (const [i, step] of steps.entries()) {
    const n = i + 1;
    const stepText = JSON.stringify(step);
    const verb = verbOf(step);
    if (verb === 'expect') {
      let mismatches: Mismatch[];
      try {
        mismatches = await run.expect((step as { expect: Record<string, unknown> }).expect, run.userOf(step), n);
      } catch (error) {
        if (error instanceof ScenarioError) return refused(error);
        if (error instanceof CasekitError && (error.code === 'UnknownRef' || error.code === 'AmbiguousRef')) {
          return finish(1, n, { step: n, stepText, mismatches: [], error: errorInfo(error), states: await run.states() });
        }
        throw error;
      }
      if (mismatches.length > 0) return finish(1, n, { step: n, stepText, mismatches, states: await run.states() });
      continue;
    }
    let error: unknown;
    try {
      await run.command(step, n);
    } catch (e) {
      if (e instanceof ScenarioError) return refused(e);
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
  return finish(0, steps.length, undefined);
}

interface DefinedIds {
  readonly cases: readonly string[];
  readonly processes: readonly string[];
  readonly decisions: readonly string[];
}

/** The ids of the cases, processes and decisions a model defines. */
function definedIds(model: CmmnModel): DefinedIds {
  const ids = (elements: readonly { readonly id: string | undefined }[]): string[] => elements.flatMap((e) => (e.id === undefined ? [] : [e.id]));
  const { cases, processes, decisions } = model.definitions;
  return { cases: ids(cases), processes: ids(processes), decisions: ids(decisions) };
}

/**
 * Parses the models of a run; with several, each file's caseRef, processRef and decisionRef may
 * name what another file defines. Throws ModelError naming the file.
 */
function parseModels(sources: readonly { readonly model: string | CmmnModel; readonly name: string | undefined }[]): CmmnModel[] {
  const parse = (text: string, name: string | undefined, externals?: ExternalDefinitions): CmmnModel =>
    parseCmmn(text, { fileName: name, ...(externals === undefined ? {} : { externals }) });
  const first = sources.map((s) => (typeof s.model === 'string' ? safeParseCmmn(s.model, { fileName: s.name }) : undefined));
  if (sources.length === 1) return [typeof sources[0]!.model === 'string' ? parse(sources[0]!.model, sources[0]!.name) : sources[0]!.model];
  const defined = sources.map((s, i) => {
    const r = first[i];
    if (r === undefined) return definedIds(s.model as CmmnModel);
    return r.success ? definedIds(r.model) : { cases: [], processes: [], decisions: [] };
  });
  return sources.map((s, i) => {
    if (typeof s.model !== 'string') return s.model;
    const others = defined.filter((_, j) => j !== i);
    return parse(s.model, s.name, {
      cases: others.flatMap((d) => d.cases),
      processes: others.flatMap((d) => d.processes),
      decisions: others.flatMap((d) => d.decisions),
    });
  });
}
