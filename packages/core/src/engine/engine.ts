/**
 * The engine a host application embeds: models are deployed, cases started and driven by
 * commands. Each command loads the case, runs the pure `step`, saves the new state and its
 * transitions atomically (optimistic revision, retried on conflict), then performs the step's
 * effects (task handlers, decisions, child cases) as further steps, and notifies subscribers.
 */
import { nanoid } from 'nanoid';
import { CaseNotFoundError, ConcurrencyConflictError, IllegalTransitionError, ModelError, UnknownRefError } from '../errors.js';
import type { CmmnModel } from '../model/cmmn-model.js';
import { parseCmmn } from '../parse/parse-cmmn.js';
import { toCmmnXml } from '../export/to-cmmn-xml.js';
import type { CaseStore, StoredModel } from '../store/case-store.js';
import { MemoryCaseStore } from '../store/memory-store.js';
import { compileCase, type CompiledCase } from './compile.js';
import { systemClock, type Clock } from './clock.js';
import { caseSnapshot, legalCommands, applicableItems, type CaseSnapshot, type ItemCommands, type ApplicableItem } from './queries.js';
import { resolveInstance, type ItemRef } from './refs.js';
import {
  createCase,
  linkChildCase,
  step,
  type CaseCommandName,
  type Command,
  type Effect,
  type PlanItemCommandName,
  type StepResult,
} from './step.js';
import type { CaseInstanceId, CaseInstanceState, JsonValue, PlanItemInstanceId, TransitionRecord, User } from './state.js';

/** What a task handler receives. */
export interface TaskContext {
  readonly caseId: CaseInstanceId;
  readonly instanceId: PlanItemInstanceId;
  /** The plan item's id and name, and its definition's id. */
  readonly itemId: string;
  readonly itemName: string;
  readonly definitionId: string | undefined;
  /** A copy of the case file when the task started. */
  readonly caseFile: Readonly<Record<string, JsonValue>>;
}

/**
 * Host code run when a task or process task starts: returns (or resolves to) output merged into
 * the case file, or nothing. A thrown error faults the task (`Failed`); the case is never lost.
 */
export type TaskHandler = (context: TaskContext) => void | Readonly<Record<string, JsonValue>> | Promise<void | Readonly<Record<string, JsonValue>>>;

/** Evaluates the decision of a decision task (see `@casekit/rules` decision tables). */
export interface DecisionEvaluator {
  /**
   * Evaluates the decision named by one of `keys` (the decisionRef, the decision's id, name or
   * externalRef) on `input`; returns the outputs, or undefined when no such decision is known.
   */
  evaluate(keys: readonly string[], input: Readonly<Record<string, JsonValue>>): Readonly<Record<string, JsonValue>> | undefined;
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where cases live. Default: a new {@link MemoryCaseStore}. */
  readonly store?: CaseStore;
  /** The clock. Default: the system clock; tests use a `VirtualClock`. */
  readonly clock?: Clock;
  /** Fresh ids for cases and plan item instances. Default: nanoid. */
  readonly idGenerator?: () => string;
  /** Bound on transitions per command (`RunawayLoop`). Default 10,000. */
  readonly maxTransitionsPerCommand?: number;
  /** Task handlers by definition id, definition name or processRef. */
  readonly handlers?: Readonly<Record<string, TaskHandler>>;
  /** Decision tasks' evaluator. */
  readonly decisions?: DecisionEvaluator;
  /**
   * Retries of a command after a ConcurrencyConflict (reload, re-check, re-apply), with a short
   * random back-off from the second retry on. Default 10.
   */
  readonly maxRetries?: number;
  /** This engine's name when it claims due timers (default: host, pid and a random suffix). */
  readonly owner?: string;
  /** How long a claimed timer stays reserved for this engine (ms, engine clock). Default 60,000. */
  readonly timerLeaseMs?: number;
}

/** A deployed model version. */
export interface Deployment {
  readonly key: string;
  readonly version: number;
  readonly model: CmmnModel;
  /** Ids of the `<case>`s it defines. */
  readonly cases: readonly string[];
}

/** Options of {@link CaseEngine.startCase}. */
export interface StartCaseOptions {
  /** The `<case>` to start (id or name); optional when exactly one case is deployed. */
  readonly caseDefinition?: string;
  /** The deployment key; default: the latest deployment defining the case. */
  readonly modelKey?: string;
  /** The new case's id; default: a generated one. */
  readonly caseId?: string;
  /** Initial case file items and variables. */
  readonly caseFile?: Readonly<Record<string, JsonValue>>;
  readonly user?: User;
}

/** Options common to commands. */
export interface CommandOptions {
  readonly user?: User;
}

/** What a command resolves to: the case's state after it, and the transitions it applied. */
export interface CommandResult {
  readonly caseId: CaseInstanceId;
  /** The case's lifecycle state after the command (and its effects). */
  readonly caseState: CaseInstanceState['state'];
  /** Every transition the command applied (its effects' transitions included), in order. */
  readonly transitions: readonly TransitionRecord[];
}

/** A transition listener. */
export type TransitionListener = (record: TransitionRecord) => void;

interface Version {
  readonly deployment: Deployment;
  readonly compiled: Map<string, CompiledCase>;
}

/** A deployment not yet written to the store. */
interface Unsaved {
  readonly key: string;
  readonly version: number;
  readonly source: CmmnModel | string;
}

/**
 * Creates an engine.
 *
 * @example
 * const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
 * engine.deploy(readFileSync('claim.cmmn', 'utf8'));
 * const snapshot = await engine.startCase({ caseFile: { amount: 1200 } });
 * await engine.complete(snapshot.id, 'Assess claim', { user: { id: 'alice', roles: ['adjuster'] } });
 */
export function createEngine(options: EngineOptions = {}): CaseEngine {
  return new CaseEngine(options);
}

/** The embeddable case engine. Create one with {@link createEngine}. */
export class CaseEngine {
  readonly store: CaseStore;
  readonly clock: Clock;
  readonly #newId: () => string;
  readonly #maxTransitions: number;
  readonly #maxRetries: number;
  readonly #owner: string;
  readonly #leaseMs: number;
  readonly #handlers = new Map<string, TaskHandler>();
  #decisions: DecisionEvaluator | undefined;
  /** Deployments known here (deployed, published or loaded from the store): key → version → it. */
  readonly #versions = new Map<string, Map<number, Version>>();
  /** Deployments waiting to be written to the store (see {@link CaseEngine.deploy}). */
  #unsaved: Unsaved[] = [];
  #flushing: Promise<void> | undefined;
  /** Loads of model versions from the store in flight, by `key@version`. */
  readonly #loading = new Map<string, Promise<Version>>();
  readonly #listeners = new Set<TransitionListener>();
  readonly #collectors = new Set<TransitionListener>();

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryCaseStore();
    this.clock = options.clock ?? systemClock;
    this.#newId = options.idGenerator ?? (() => nanoid());
    this.#maxTransitions = options.maxTransitionsPerCommand ?? 10_000;
    this.#maxRetries = options.maxRetries ?? 10;
    this.#owner = options.owner ?? defaultOwner();
    this.#leaseMs = options.timerLeaseMs ?? 60_000;
    for (const [key, handler] of Object.entries(options.handlers ?? {})) this.#handlers.set(key, handler);
    this.#decisions = options.decisions;
  }

  // ------------------------------------------------------------------------------------------
  // Models and handlers
  // ------------------------------------------------------------------------------------------

  /**
   * Deploys a model (parsed, or CMMN XML) in this engine at once. Deploying under an existing key
   * adds a version (the highest this engine knows + 1); running cases keep the version they
   * started with. The version is also written to the store before the engine's next store
   * operation, unless the store holds that version already with the same XML; when another
   * process took the version with another model, that next operation rejects with a
   * `ModelError`. With a store shared by several processes, prefer {@link CaseEngine.publish},
   * which lets the store assign the version.
   */
  deploy(model: CmmnModel | string, options: { readonly key?: string; readonly fileName?: string } = {}): Deployment {
    const parsed = typeof model === 'string' ? parseCmmn(model, { fileName: options.fileName }) : model;
    const key = options.key ?? defaultKey(parsed);
    const known = this.#versions.get(key);
    const version = known === undefined ? 1 : Math.max(...known.keys()) + 1;
    const { deployment } = this.#register(key, version, parsed);
    this.#unsaved.push({ key, version, source: model });
    return deployment;
  }

  /**
   * Deploys a model through the store, for processes sharing one: when the latest stored version
   * of the key has the same XML, that version is reused (every process may publish the model it
   * ships at start-up); otherwise the next free version is stored and deployed. Running cases keep
   * their version.
   *
   * @example
   * const engine = createEngine({ store: await openPostgresStore(process.env.DATABASE_URL!) });
   * const { version } = await engine.publish(readFileSync('claim.cmmn', 'utf8'), { key: 'claim' });
   */
  async publish(model: CmmnModel | string, options: { readonly key?: string; readonly fileName?: string } = {}): Promise<Deployment> {
    await this.#ready();
    const parsed = typeof model === 'string' ? parseCmmn(model, { fileName: options.fileName }) : model;
    const key = options.key ?? defaultKey(parsed);
    const xml = typeof model === 'string' ? model : toCmmnXml(parsed);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.store.latestModel(key);
      const local = this.#versions.get(key);
      if (latest !== undefined && latest.xml === xml) {
        return (local?.get(latest.version) ?? this.#register(key, latest.version, parsed)).deployment;
      }
      const version = Math.max(latest?.version ?? 0, ...(local?.keys() ?? [])) + 1;
      const stored = await this.store.saveModel({ key, version, xml });
      if (stored.xml === xml) return this.#register(key, version, parsed).deployment;
      if (attempt >= this.#maxRetries) {
        throw new ModelError([], undefined, `could not publish model ${key}: other processes keep taking the next version`);
      }
    }
  }

  /**
   * A deployed model version, loaded from the store when this engine has not deployed it (another
   * process did). Rejects with a `ModelError` when neither knows it.
   */
  async deployment(key: string, version?: number): Promise<Deployment> {
    await this.#ready();
    if (version === undefined) {
      const latest = await this.store.latestModel(key);
      const local = this.#versions.get(key);
      const localLatest = local === undefined ? 0 : Math.max(...local.keys());
      if (latest === undefined || latest.version <= localLatest) {
        if (local === undefined) throw new ModelError([], undefined, `model ${key} is not deployed`);
        return local.get(localLatest)!.deployment;
      }
      return (await this.#version(key, latest.version, latest)).deployment;
    }
    return (await this.#version(key, version)).deployment;
  }

  /** Deployments known to this engine, latest version of each key. */
  deployments(): readonly Deployment[] {
    return [...this.#versions.values()].map((versions) => versions.get(Math.max(...versions.keys()))!.deployment);
  }

  #register(key: string, version: number, model: CmmnModel): Version {
    const cases = model.definitions.cases.map((c) => c.id).filter((id): id is NonNullable<typeof id> => id !== undefined);
    const deployment: Deployment = Object.freeze({ key, version, model, cases });
    const entry: Version = { deployment, compiled: new Map() };
    let versions = this.#versions.get(key);
    if (versions === undefined) this.#versions.set(key, (versions = new Map()));
    versions.set(version, entry);
    return entry;
  }

  /** A model version known here, or loaded from the store (once, however many ask at a time). */
  async #version(key: string, version: number, known?: StoredModel): Promise<Version> {
    const local = this.#versions.get(key)?.get(version);
    if (local !== undefined) return local;
    const id = `${key}@${version}`;
    let loading = this.#loading.get(id);
    if (loading === undefined) {
      loading = (async () => {
        const stored = known ?? (await this.store.loadModel(key, version));
        if (stored === undefined) throw new ModelError([], undefined, `model ${key} version ${version} is not deployed here nor stored`);
        return this.#versions.get(key)?.get(version) ?? this.#register(key, version, parseCmmn(stored.xml, { fileName: `${key}@${version}` }));
      })();
      this.#loading.set(id, loading);
      void loading.finally(() => this.#loading.delete(id)).catch(() => undefined);
    }
    return loading;
  }

  /** Loads the model version a case runs, when this engine does not know it yet. */
  async #modelOf(state: CaseInstanceState): Promise<void> {
    const { modelKey, modelVersion } = state.definition;
    if (this.#versions.get(modelKey)?.has(modelVersion) !== true) await this.#version(modelKey, modelVersion);
  }

  /** Writes the deployments made with {@link CaseEngine.deploy} to the store (once each). */
  #ready(): Promise<void> {
    if (this.#unsaved.length === 0) return this.#flushing ?? Promise.resolve();
    if (this.#flushing === undefined) {
      this.#flushing = (async () => {
        try {
          while (this.#unsaved.length > 0) {
            const next = this.#unsaved[0]!;
            const xml = typeof next.source === 'string' ? next.source : toCmmnXml(next.source);
            const stored = await this.store.saveModel({ key: next.key, version: next.version, xml });
            this.#unsaved.shift();
            if (stored.xml !== xml) {
              throw new ModelError(
                [],
                undefined,
                `model ${next.key} version ${next.version} is stored with other content (deployed by another process?); ` +
                  'with a shared store, deploy with `await engine.publish(model, { key })`, which takes the next free version',
              );
            }
          }
        } finally {
          this.#flushing = undefined;
        }
      })();
    }
    return this.#flushing;
  }

  /** Registers a task handler by definition id, definition name or processRef. */
  registerHandler(key: string, handler: TaskHandler): void {
    this.#handlers.set(key, handler);
  }

  /** Sets the decision evaluator of decision tasks. */
  setDecisionEvaluator(evaluator: DecisionEvaluator | undefined): void {
    this.#decisions = evaluator;
  }

  /** Subscribes to every applied transition (after it is stored). Returns the unsubscribe function. */
  onTransition(listener: TransitionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The compiled form of a case of a deployment (cached per model version). */
  compiled(modelKey: string, modelVersion: number, caseId: string): CompiledCase {
    const version = this.#versions.get(modelKey)?.get(modelVersion);
    if (version === undefined) {
      throw new ModelError([], undefined, `model ${modelKey} version ${modelVersion} is not deployed here (\`await engine.deployment(key, version)\` loads it from the store)`);
    }
    let compiled = version.compiled.get(caseId);
    if (compiled === undefined) {
      const caseElement = version.deployment.model.definitions.cases.find((c) => c.id === caseId);
      if (caseElement === undefined) throw new ModelError([], undefined, `model ${modelKey} defines no case ${caseId}`);
      compiled = compileCase(version.deployment.model, caseElement);
      version.compiled.set(caseId, compiled);
    }
    return compiled;
  }

  private findDefinition(caseDefinition: string | undefined, modelKey: string | undefined): { deployment: Deployment; caseId: string } {
    const candidates: { deployment: Deployment; caseId: string }[] = [];
    for (const deployment of this.deployments()) {
      if (modelKey !== undefined && deployment.key !== modelKey) continue;
      for (const c of deployment.model.definitions.cases) {
        if (c.id === undefined) continue;
        if (caseDefinition === undefined || c.id === caseDefinition || c.name === caseDefinition) candidates.push({ deployment, caseId: c.id });
      }
    }
    if (candidates.length === 1) return candidates[0]!;
    const what = caseDefinition === undefined ? 'a case' : `case "${caseDefinition}"`;
    if (candidates.length === 0) throw new ModelError([], undefined, `no deployed model defines ${what}`);
    throw new ModelError([], undefined, `several deployed cases match ${what}: ${candidates.map((c) => `${c.deployment.key}/${c.caseId}`).join(', ')}; name one`);
  }

  // ------------------------------------------------------------------------------------------
  // Cases
  // ------------------------------------------------------------------------------------------

  /** Starts a case: the case plan model activates and runs to quiescence. */
  async startCase(options: StartCaseOptions = {}): Promise<CaseSnapshot> {
    const state = await this.#start(options, undefined);
    return this.#snapshot(state);
  }

  async #start(options: StartCaseOptions, parentCase: CaseInstanceState['parentCase']): Promise<CaseInstanceState> {
    await this.#ready();
    await this.#refreshLatest(options.modelKey);
    const { deployment, caseId } = this.findDefinition(options.caseDefinition, options.modelKey);
    const compiled = this.compiled(deployment.key, deployment.version, caseId);
    const id = (options.caseId ?? this.#newId()) as CaseInstanceId;
    const result = createCase(
      compiled,
      { id, modelKey: deployment.key, modelVersion: deployment.version, caseFile: options.caseFile, user: options.user, parentCase },
      this.#context(),
    );
    await this.store.save(result.state, null, result.transitions);
    this.#notify(result.transitions);
    return this.#effects(result.state, result.effects);
  }

  /**
   * New cases start on the latest version of their model: loads from the store the versions other
   * processes published since (for `modelKey`, or every key this engine knows).
   */
  async #refreshLatest(modelKey: string | undefined): Promise<void> {
    const keys = modelKey === undefined ? [...this.#versions.keys()] : [modelKey];
    await Promise.all(
      keys.map(async (key) => {
        const latest = await this.store.latestModel(key);
        if (latest !== undefined) await this.#version(key, latest.version, latest);
      }),
    );
  }

  /**
   * Applies a command to a stored case, retrying on a concurrent change: each attempt reloads the
   * case, builds the command again (re-checking that it still applies) and re-runs the step.
   * Returns the new state, or undefined when `skip` says the command no longer applies (nothing is
   * written then).
   */
  async #command(
    caseId: string,
    build: (state: CaseInstanceState, compiled: CompiledCase) => Command,
    skip?: (state: CaseInstanceState) => boolean,
  ): Promise<CaseInstanceState> {
    const state = await this.#attempt(caseId, build, skip);
    return state ?? (await this.getState(caseId));
  }

  async #attempt(
    caseId: string,
    build: (state: CaseInstanceState, compiled: CompiledCase) => Command,
    skip: ((state: CaseInstanceState) => boolean) | undefined,
  ): Promise<CaseInstanceState | undefined> {
    await this.#ready();
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1) await backOff(attempt);
      const stored = await this.store.load(caseId as CaseInstanceId);
      if (stored === undefined) throw new CaseNotFoundError(caseId);
      if (skip?.(stored.state) === true) return undefined;
      await this.#modelOf(stored.state);
      const compiled = this.#compiledFor(stored.state);
      const command = build(stored.state, compiled);
      const result: StepResult = step(compiled, stored.state, command, this.#context());
      try {
        await this.store.save(result.state, stored.revision, result.transitions);
      } catch (error) {
        if (error instanceof ConcurrencyConflictError && attempt < this.#maxRetries) continue;
        throw error;
      }
      this.#notify(result.transitions);
      return this.#effects(result.state, result.effects);
    }
  }

  #compiledFor(state: CaseInstanceState): CompiledCase {
    return this.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
  }

  #context() {
    return { now: this.clock.now(), newId: this.#newId, maxTransitions: this.#maxTransitions };
  }

  #notify(transitions: readonly TransitionRecord[]): void {
    for (const record of transitions) {
      for (const collect of this.#collectors) collect(record);
      for (const listener of this.#listeners) listener(record);
    }
  }

  /** Performs a step's effects, each result being a further step; returns the latest state. */
  async #effects(state: CaseInstanceState, effects: readonly Effect[]): Promise<CaseInstanceState> {
    // Effects may act on other cases (a child case, a parent case): always come back to this one.
    const id = state.id;
    let current = state;
    for (const effect of effects) {
      const latest = await this.store.load(id);
      if (latest !== undefined) current = latest.state;
      await this.#effect(current, effect);
    }
    return (await this.store.load(id))?.state ?? current;
  }

  async #effect(state: CaseInstanceState, effect: Effect): Promise<CaseInstanceState> {
    const compiled = this.#compiledFor(state);
    switch (effect.kind) {
      case 'invokeTask': {
        const node = compiled.nodes[effect.node]!;
        const handler = node.handlerKeys.map((key) => this.#handlers.get(key)).find((h) => h !== undefined);
        if (handler === undefined) return state;
        let output: Readonly<Record<string, JsonValue>> | void;
        try {
          output = await handler({
            caseId: state.id,
            instanceId: effect.instanceId,
            itemId: node.id,
            itemName: node.name,
            definitionId: node.definition.id,
            caseFile: state.caseFile,
          });
        } catch {
          if (!effect.blocking) return state;
          return this.#command(state.id, () => ({ type: 'planItem', transition: 'fault', instance: effect.instanceId }));
        }
        if (!effect.blocking) return state;
        return this.#whenActive(state.id, effect.instanceId, () => ({
          type: 'planItem',
          transition: 'complete',
          instance: effect.instanceId,
          output: output ?? undefined,
        }));
      }
      case 'evaluateDecision': {
        const node = compiled.nodes[effect.node]!;
        if (this.#decisions === undefined) return state;
        let output: Readonly<Record<string, JsonValue>> | undefined;
        try {
          output = this.#decisions.evaluate(node.handlerKeys, state.caseFile);
        } catch {
          return this.#whenActive(state.id, effect.instanceId, () => ({ type: 'planItem', transition: 'fault', instance: effect.instanceId }));
        }
        if (output === undefined || !effect.blocking) return state;
        return this.#whenActive(state.id, effect.instanceId, () => ({ type: 'planItem', transition: 'complete', instance: effect.instanceId, output }));
      }
      case 'startChildCase': {
        const node = compiled.nodes[effect.node]!;
        const definition = node.definition;
        const caseRef = definition.kind === 'CaseTask' ? (definition.case?.id ?? definition.caseRef) : undefined;
        if (caseRef === undefined) return state;
        const child = await this.#start(
          { caseDefinition: caseRef, caseFile: state.caseFile },
          { caseId: state.id, instance: effect.instanceId },
        );
        const linked = await this.#linkChild(state.id, effect.instanceId, child.id);
        if (linked === undefined) return state;
        if (effect.blocking && (child.state === 'Completed' || child.state === 'Terminated' || child.state === 'Failed')) {
          return this.#childEnded(child);
        }
        return linked;
      }
      case 'terminateChildCase': {
        const child = await this.store.load(effect.childCase);
        if (child === undefined || child.state.state !== 'Active') return state;
        await this.#command(effect.childCase, () => ({ type: 'case', transition: 'terminate' }));
        const latest = await this.store.load(state.id);
        return latest?.state ?? state;
      }
      case 'caseEnded':
        return this.#childEnded(state);
    }
  }

  /** Records a started child case in its case task (retried on a concurrent change). */
  async #linkChild(caseId: CaseInstanceId, instance: PlanItemInstanceId, child: CaseInstanceId): Promise<CaseInstanceState | undefined> {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1) await backOff(attempt);
      const stored = await this.store.load(caseId);
      if (stored === undefined) return undefined;
      const linked = linkChildCase(stored.state, instance, child);
      try {
        await this.store.save(linked, stored.revision, []);
        return linked;
      } catch (error) {
        if (error instanceof ConcurrencyConflictError && attempt < this.#maxRetries) continue;
        throw error;
      }
    }
  }

  /** A child case ended: its case task in the parent completes (or faults). */
  async #childEnded(child: CaseInstanceState): Promise<CaseInstanceState> {
    const parent = child.parentCase;
    if (parent === undefined || (child.state !== 'Completed' && child.state !== 'Terminated' && child.state !== 'Failed')) return child;
    const outcome = child.state;
    await this.#whenActive(parent.caseId, parent.instance, () => ({ type: 'childCaseEnded', instance: parent.instance, outcome }));
    return (await this.store.load(child.id))?.state ?? child;
  }

  /** Runs a command on an instance only while it is Active (the host's answer may come late). */
  async #whenActive(caseId: CaseInstanceId, instance: PlanItemInstanceId, command: () => Command): Promise<CaseInstanceState> {
    const stored = await this.store.load(caseId);
    if (stored === undefined) throw new CaseNotFoundError(caseId);
    const n = stored.state.numbers[instance];
    const current = n === undefined ? undefined : stored.state.chunks[n >> 5]?.[n & 31];
    if (current?.state !== 'Active' || stored.state.state !== 'Active') return stored.state;
    return this.#command(caseId, command);
  }

  // ------------------------------------------------------------------------------------------
  // Commands
  // ------------------------------------------------------------------------------------------

  /**
   * Applies a plan item command. `target` is an instance id or a ref (id or name of the plan item,
   * `Name#2` for the 2nd instance); with several instances, the one where the command is legal
   * (the oldest if several are). Resolves to the case state and the transitions applied; use
   * {@link CaseEngine.getCase} for a full snapshot.
   */
  planItemCommand(
    caseId: string,
    transition: PlanItemCommandName,
    target: ItemRef,
    options: CommandOptions & { readonly output?: Readonly<Record<string, JsonValue>> } = {},
  ): Promise<CommandResult> {
    return this.#tracked(caseId, (current, compiled) => ({
      type: 'planItem',
      transition,
      instance: resolveInstance(compiled, current, target, transition),
      output: options.output,
      user: options.user,
    }));
  }

  /** Runs a command and collects the transitions it (and its effects) applied. */
  async #tracked(caseId: string, build: (state: CaseInstanceState, compiled: CompiledCase) => Command): Promise<CommandResult> {
    const transitions: TransitionRecord[] = [];
    const collect = (record: TransitionRecord): void => void transitions.push(record);
    this.#collectors.add(collect);
    try {
      const state = await this.#command(caseId, build);
      return { caseId: state.id, caseState: state.state, transitions };
    } finally {
      this.#collectors.delete(collect);
    }
  }

  /** Completes an Active task, or manually completes an Active stage. */
  complete(caseId: string, target: ItemRef, options: CommandOptions & { readonly output?: Readonly<Record<string, JsonValue>> } = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'complete', target, options);
  }

  /** Starts an Enabled task or stage. */
  manualStart(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'manualStart', target, options);
  }

  /** Disables an Enabled task or stage. */
  disable(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'disable', target, options);
  }

  /** Re-enables a Disabled task or stage. */
  reenable(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'reenable', target, options);
  }

  /** Terminates a plan item by user decision. */
  terminate(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'terminate', target, options);
  }

  /** Marks an Active task or stage Failed. */
  fault(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'fault', target, options);
  }

  /** Reactivates a Failed task or stage. */
  reactivate(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'reactivate', target, options);
  }

  /** Suspends a plan item. */
  suspend(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'suspend', target, options);
  }

  /** Resumes a suspended plan item. */
  resume(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'resume', target, options);
  }

  /** Raises a user event listener. */
  occur(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'occur', target, options);
  }

  /** Plans a discretionary item (by id or name) into its stage. */
  plan(caseId: string, item: string, options: CommandOptions & { readonly in?: ItemRef } = {}): Promise<CommandResult> {
    return this.#tracked(caseId, (current, compiled) => {
      const itemId = resolveDiscretionary(compiled, item);
      const owner = options.in === undefined ? undefined : resolveInstance(compiled, current, options.in, undefined);
      return { type: 'plan', item: itemId, owner, user: options.user };
    });
  }

  /** Sets case file items (create or update each). */
  setCaseFile(caseId: string, values: Readonly<Record<string, JsonValue>>, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#tracked(caseId, () => ({ type: 'setCaseFile', values, user: options.user }));
  }

  /** Deletes a case file item. */
  removeCaseFileItem(caseId: string, name: string, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#tracked(caseId, () => ({ type: 'removeCaseFileItem', name, user: options.user }));
  }

  /** A case-level command: suspend, reactivate, terminate, complete (manual completion) or close. */
  caseCommand(caseId: string, transition: CaseCommandName, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#tracked(caseId, () => ({ type: 'case', transition, user: options.user }));
  }

  /**
   * Fires every timer due at or before `until` (default: now), in due order, each as its own step
   * at its due time. Use with a `VirtualClock` to simulate time; a host scheduler calls it
   * periodically with the system clock. Each timer is first claimed through the store for
   * `timerLeaseMs`, so that engines in several processes sharing one store split the work; a
   * timer fires exactly once whoever claims it (the firing step is an optimistic write that
   * re-checks the timer is still pending), also when a process died holding a claim (its lease
   * expires). Resolves to the number of timers this engine fired.
   */
  async fireDueTimers(until: number = this.clock.now()): Promise<number> {
    await this.#ready();
    let fired = 0;
    for (;;) {
      const [next] = await this.store.claimDueTimers({ until, now: this.clock.now(), owner: this.#owner, leaseMs: this.#leaseMs, limit: 1 });
      if (next === undefined) return fired;
      const clock = this.clock;
      if ('set' in clock && typeof clock.set === 'function' && clock.now() < next.dueAt) clock.set(next.dueAt);
      let state: CaseInstanceState | undefined;
      try {
        state = await this.#attempt(
          next.caseId,
          () => ({ type: 'fireTimer', instance: next.instance }),
          (current) => current.state !== 'Active' || !current.timers.some((t) => t.instance === next.instance),
        );
      } catch (error) {
        await this.store.releaseTimer(next.caseId, next.instance, this.#owner);
        throw error;
      }
      if (state !== undefined) fired++;
      if (fired > this.#maxTransitions) {
        throw new IllegalTransitionError(next.caseId, 'Active', 'timer', `more than ${this.#maxTransitions} timers due at once`);
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Queries
  // ------------------------------------------------------------------------------------------

  /** The case's current snapshot. */
  async getCase(caseId: string): Promise<CaseSnapshot> {
    await this.#ready();
    const stored = await this.store.load(caseId as CaseInstanceId);
    if (stored === undefined) throw new CaseNotFoundError(caseId);
    await this.#modelOf(stored.state);
    return this.#snapshot(stored.state, stored.revision);
  }

  /** The raw stored state (plain data). */
  async getState(caseId: string): Promise<CaseInstanceState> {
    const stored = await this.store.load(caseId as CaseInstanceId);
    if (stored === undefined) throw new CaseNotFoundError(caseId);
    return stored.state;
  }

  /** The case's history: every transition, oldest first. */
  history(caseId: string): Promise<readonly TransitionRecord[]> {
    return this.store.history(caseId as CaseInstanceId);
  }

  /** The discretionary items `user` may plan now. */
  async applicableDiscretionaryItems(caseId: string, user?: User): Promise<readonly ApplicableItem[]> {
    const state = await this.getState(caseId);
    await this.#modelOf(state);
    return applicableItems(this.#compiledFor(state), state, user);
  }

  /** The commands `user` may give now, per plan item instance (for a task list UI). */
  async legalCommands(caseId: string, user?: User): Promise<readonly ItemCommands[]> {
    const state = await this.getState(caseId);
    await this.#modelOf(state);
    return legalCommands(this.#compiledFor(state), state, user);
  }

  #snapshot(state: CaseInstanceState, revision?: number): CaseSnapshot {
    return caseSnapshot(this.#compiledFor(state), state, revision);
  }
}

/** The deployment key of a model deployed without one. */
function defaultKey(model: CmmnModel): string {
  return model.definitions.id ?? model.definitions.cases.find((c) => c.id !== undefined)?.id ?? 'model';
}

/** A name unique to this engine among the processes sharing a store. */
function defaultOwner(): string {
  const host = typeof process === 'object' && typeof process.pid === 'number' ? `pid-${process.pid}` : 'engine';
  return `${host}-${nanoid(8)}`;
}

/** Waits a little before a retry (random, growing with the attempt, at most ~100 ms). */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves a discretionary item ref (id or name) to its id. */
function resolveDiscretionary(compiled: CompiledCase, ref: string): string {
  const byId = compiled.nodesByItemId.get(ref);
  if (byId !== undefined && byId.some((n) => compiled.nodes[n]!.discretionary)) return ref;
  const ids = (compiled.itemIdsByName.get(ref) ?? []).filter((id) => (compiled.nodesByItemId.get(id) ?? []).some((n) => compiled.nodes[n]!.discretionary));
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new UnknownRefError(ref, ': no discretionary item has this id or name');
  throw new UnknownRefError(ref, `: several discretionary items are named so (${ids.join(', ')})`);
}
