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
import type { CaseStore } from '../store/case-store.js';
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
  /** Retries of a command after a ConcurrencyConflict. Default 3. */
  readonly maxRetries?: number;
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
  readonly #handlers = new Map<string, TaskHandler>();
  #decisions: DecisionEvaluator | undefined;
  readonly #versions = new Map<string, Version[]>();
  readonly #listeners = new Set<TransitionListener>();
  readonly #collectors = new Set<TransitionListener>();

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryCaseStore();
    this.clock = options.clock ?? systemClock;
    this.#newId = options.idGenerator ?? (() => nanoid());
    this.#maxTransitions = options.maxTransitionsPerCommand ?? 10_000;
    this.#maxRetries = options.maxRetries ?? 3;
    for (const [key, handler] of Object.entries(options.handlers ?? {})) this.#handlers.set(key, handler);
    this.#decisions = options.decisions;
  }

  // ------------------------------------------------------------------------------------------
  // Models and handlers
  // ------------------------------------------------------------------------------------------

  /**
   * Deploys a model (parsed, or CMMN XML). Deploying under an existing key adds a version; running
   * cases keep the version they started with.
   */
  deploy(model: CmmnModel | string, options: { readonly key?: string; readonly fileName?: string } = {}): Deployment {
    const parsed = typeof model === 'string' ? parseCmmn(model, { fileName: options.fileName }) : model;
    const cases = parsed.definitions.cases.map((c) => c.id).filter((id): id is NonNullable<typeof id> => id !== undefined);
    const key = options.key ?? parsed.definitions.id ?? cases[0] ?? 'model';
    const versions = this.#versions.get(key) ?? [];
    const deployment: Deployment = Object.freeze({ key, version: versions.length + 1, model: parsed, cases });
    versions.push({ deployment, compiled: new Map() });
    this.#versions.set(key, versions);
    return deployment;
  }

  /** Deployments, latest version of each key. */
  deployments(): readonly Deployment[] {
    return [...this.#versions.values()].map((versions) => versions[versions.length - 1]!.deployment);
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
    const version = this.#versions.get(modelKey)?.[modelVersion - 1];
    if (version === undefined) throw new ModelError([], undefined, `model ${modelKey} version ${modelVersion} is not deployed`);
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

  /** Applies a command to a stored case, retrying on a concurrent change. Returns the new state. */
  async #command(caseId: string, build: (state: CaseInstanceState, compiled: CompiledCase) => Command): Promise<CaseInstanceState> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.store.load(caseId as CaseInstanceId);
      if (stored === undefined) throw new CaseNotFoundError(caseId);
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
    let current = state;
    for (const effect of effects) {
      const latest = await this.store.load(current.id);
      if (latest !== undefined) current = latest.state;
      current = await this.#effect(current, effect);
    }
    return current;
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
        const stored = await this.store.load(state.id);
        if (stored === undefined) return state;
        const linked = linkChildCase(stored.state, effect.instanceId, child.id);
        await this.store.save(linked, stored.revision, []);
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
   * periodically with the system clock.
   */
  async fireDueTimers(until: number = this.clock.now()): Promise<number> {
    let fired = 0;
    for (;;) {
      const [next] = await this.store.dueTimers(until, 1);
      if (next === undefined) return fired;
      const clock = this.clock;
      if ('set' in clock && typeof clock.set === 'function' && clock.now() < next.dueAt) clock.set(next.dueAt);
      await this.#command(next.caseId, () => ({ type: 'fireTimer', instance: next.instance }));
      fired++;
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
    const stored = await this.store.load(caseId as CaseInstanceId);
    if (stored === undefined) throw new CaseNotFoundError(caseId);
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
    return applicableItems(this.#compiledFor(state), state, user);
  }

  /** The commands `user` may give now, per plan item instance (for a task list UI). */
  async legalCommands(caseId: string, user?: User): Promise<readonly ItemCommands[]> {
    const state = await this.getState(caseId);
    return legalCommands(this.#compiledFor(state), state, user);
  }

  #snapshot(state: CaseInstanceState, revision?: number): CaseSnapshot {
    return caseSnapshot(this.#compiledFor(state), state, revision);
  }
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
