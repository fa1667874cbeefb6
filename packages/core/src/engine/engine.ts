/**
 * The engine a host application embeds: models are deployed, cases started and driven by
 * commands. A facade over the shell's concerns: the model registry (shell/deployments.ts),
 * command execution (shell/executor.ts), effects (shell/effects.ts) and timer scheduling
 * (shell/timer-scheduler.ts). Each command returns its own transitions, its effects' included.
 */
import { nanoid } from 'nanoid';
import type { CmmnModel } from '../model/cmmn-model.js';
import type { CaseStore, EffectQuery, Page, StoredCase, StoredEffect, WorkItem } from '../store/case-store.js';
import { MemoryCaseStore } from '../store/memory-store.js';
import { systemClock, type Clock } from './clock.js';
import { CASE_COMMANDS, PLAN_ITEM_COMMANDS, type CaseCommandName, type MemberRef, type PlanItemCommandName, type Values } from './commands.js';
import { acceptCaseId, acceptName, acceptOneOf, acceptRef, acceptUser, acceptValues, type InputLimits } from './gate.js';
import { authorizationPolicy, type AuthorizationPolicy } from './authorization-policy.js';
import type { CompiledCase } from './compile/compiled-case.js';
import { applicableItems, caseSnapshot, legalCommands, type ApplicableItem, type CaseSnapshot, type ItemCommands } from './queries.js';
import { resolveInstance, resolveDiscretionary, type ItemRef } from './refs.js';
import { ModelRegistry, type Deployment, type DeployOptions } from './shell/deployments.js';
import { EffectRunner, type DecisionEvaluator, type ErrorContext, type RetryPolicy, type TaskHandler } from './shell/effects.js';
import { CommandExecutor, type BuildCommand, type ExecuteOptions, type Trace } from './shell/executor.js';

/** Options of one command run. */
type RunOptions = ExecuteOptions;
import { TimerScheduler } from './shell/timer-scheduler.js';
import { DocumentService, type DocumentCommandResult, type DocumentInput, type DocumentRead, type ReadDocumentOptions } from './shell/documents.js';
import { OutboxWorker } from './shell/worker.js';
import { workList, type WorkListQuery } from './shell/work-list.js';
import type { CaseInstanceId, CaseInstanceState, CaseTeam, TransitionRecord, User, WorkChange } from './state.js';

import type { CommandOptions, CommandResult, EngineOptions, PendingDeployment, StartCaseOptions, TransitionListener } from './engine-options.js';

export type { Deployment, DeployOptions } from './shell/deployments.js';
export type { DecisionEvaluator, ErrorContext, TaskContext, TaskHandler } from './shell/effects.js';
export type { CommandOptions, CommandResult, EngineOptions, PendingDeployment, StartCaseOptions, TransitionListener } from './engine-options.js';

/**
 * Creates an engine.
 *
 * @example
 * const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
 * await engine.deploy(readFileSync('claim.cmmn', 'utf8'));
 * const snapshot = await engine.startCase({ caseFile: { amount: 1200 } });
 * await engine.complete(snapshot.id, 'Assess claim', { user: { id: 'alice', roles: ['adjuster'] } });
 */
export function createEngine(options: EngineOptions = {}): CaseEngine {
  return new CaseEngine(options);
}

/**
 * The embeddable case engine. Create one with {@link createEngine}.
 *
 * @example
 * const engine = createEngine();
 * await engine.deploy(xml);
 * const { id } = await engine.startCase();
 * const { transitions } = await engine.complete(id, 'Screening', { user: { id: 'ann', roles: ['nurse'] } });
 */
export class CaseEngine {
  readonly store: CaseStore;
  readonly clock: Clock;
  readonly #newId: () => string;
  readonly #maxTransitions: number;
  readonly #handlers = new Map<string, TaskHandler>();
  #decisions: DecisionEvaluator | undefined;
  readonly #listeners = new Set<TransitionListener>();
  readonly #onError: ((error: unknown, context: ErrorContext) => void) | undefined;
  readonly #models: ModelRegistry;
  readonly #executor: CommandExecutor;
  readonly #effects: EffectRunner;
  readonly #timers: TimerScheduler;
  readonly #owner: string;
  readonly #worker: OutboxWorker;
  readonly #limits: InputLimits;
  readonly #authorization: AuthorizationPolicy;
  readonly #documents: DocumentService<CommandResult>;

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryCaseStore();
    this.clock = options.clock ?? systemClock;
    this.#newId = options.idGenerator ?? (() => nanoid());
    this.#maxTransitions = options.maxTransitionsPerCommand ?? 10_000;
    this.#onError = options.onError;
    this.#limits = options.inputLimits ?? {};
    this.#authorization = authorizationPolicy(options.authorization);
    for (const [key, handler] of Object.entries(options.handlers ?? {})) this.#handlers.set(key, handler);
    this.#decisions = options.decisions;
    const maxRetries = options.maxRetries ?? 10;
    this.#models = new ModelRegistry(this.store, maxRetries, options.profile ?? 'cmmn');
    const context = () => ({ now: this.clock.now(), newId: this.#newId, maxTransitions: this.#maxTransitions, authorization: this.#authorization });
    this.#owner = options.owner ?? defaultOwner();
    const effectLeaseMs = options.effectLeaseMs ?? 60_000;
    const retry = options.retry;
    this.#executor = new CommandExecutor(this.store, (state) => this.#models.compiledFor(state), context, maxRetries, (records) => this.#notify(records), {
      owner: this.#owner,
      leaseMs: effectLeaseMs,
    });
    this.#effects = new EffectRunner({
      // An effect's command (a handler's result, a child case's termination) is the engine's, not a user's.
      run: (caseId, build, runOptions) => this.#runIf(caseId, asEngineCommand(build), runOptions),
      startChild: async (caseRef, caseFile, parent, childId, trace) => {
        const existing = await this.store.load(childId as CaseInstanceId);
        if (existing !== undefined) return existing;
        return this.#start({ caseDefinition: caseRef, caseFile, caseId: childId }, parent, trace, true);
      },
      load: (caseId) => this.store.load(caseId as CaseInstanceId),
      compiledFor: (state) => this.#models.compiledFor(state),
      handler: (keys) => keys.map((key) => this.#handlers.get(key)).find((h) => h !== undefined),
      accept: (values, what) => acceptValues(values, what, this.#limits),
      decisions: () => this.#decisions,
      now: () => this.clock.now(),
      onError: (error, context) => this.#reportError(error, context),
      retryPolicy: (keys) => retryPolicyFor(retry, keys),
      complete: async (id) => void (await this.store.completeEffect(id, this.#owner)),
      retry: async (id, error, nextAttemptAt) => void (await this.store.retryEffect(id, this.#owner, { error, nextAttemptAt })),
      fail: async (id, error) => void (await this.store.failEffect(id, this.#owner, error)),
    });
    this.#worker = new OutboxWorker(this.store, this.#effects, {
      owner: this.#owner,
      leaseMs: effectLeaseMs,
      pollMs: options.pollIntervalMs ?? 1_000,
      now: () => this.clock.now(),
      onError: (error, context) => this.#reportError(error, context),
    });
    this.#documents = new DocumentService(options.documents, {
      run: (caseId, build) => this.#command(caseId, build),
      load: (caseId) => this.#models.ready().then(() => this.#executor.load(caseId)),
      compiledFor: (state) => this.#models.compiledFor(state),
      context,
      onError: (error, errorContext) => this.#reportError(error, errorContext),
    });
    this.#timers = new TimerScheduler(
      this.store,
      this.clock,
      { fire: (caseId, build, skip, trace) => this.#runIf(caseId, build, { skip, trace }) },
      { owner: this.#owner, leaseMs: options.timerLeaseMs ?? 60_000, maxFirings: options.maxTimerFiringsPerCall ?? 500 },
    );
  }

  // ------------------------------------------------------------------------------------------
  // Models and handlers
  // ------------------------------------------------------------------------------------------

  /**
   * Deploys a model (parsed, or CMMN XML) in this engine at once. Deploying under an existing key
   * adds a version (the highest this engine knows + 1); running cases keep the version they
   * started with. `await` the result to write the version to the store and learn of a failure
   * there (another process took the version with another model: `ModelError`); not awaited, the
   * write happens before the engine's next store operation, which then reports it. With a store
   * shared by several processes, prefer {@link CaseEngine.publish}.
   *
   * @example
   * const { key, version } = await engine.deploy(readFileSync('claim.cmmn', 'utf8'), { key: 'claim' });
   */
  deploy(model: CmmnModel | string, options: DeployOptions = {}): PendingDeployment {
    const deployment = this.#models.deploy(model, options);
    const models = this.#models;
    return Object.freeze({
      ...deployment,
      then<A = Deployment, B = never>(onFulfilled?: ((value: Deployment) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
        return models.ready().then(() => deployment).then(onFulfilled, onRejected);
      },
    });
  }

  /**
   * Deploys a model through the store, for processes sharing one: when the latest stored version
   * of the key has the same XML, that version is reused; otherwise the next free version is
   * stored and deployed.
   *
   * @example
   * const engine = createEngine({ store: await openPostgresStore(process.env.DATABASE_URL!) });
   * const { version } = await engine.publish(readFileSync('claim.cmmn', 'utf8'), { key: 'claim' });
   */
  publish(model: CmmnModel | string, options: DeployOptions = {}): Promise<Deployment> {
    return this.#models.publish(model, options);
  }

  /**
   * A deployed model version (default: the latest), loaded from the store when another process
   * deployed it. Rejects with `ModelNotDeployedError` when neither knows it.
   *
   * @example
   * const { model } = await engine.deployment('claim', 2);
   */
  deployment(key: string, version?: number): Promise<Deployment> {
    return this.#models.deployment(key, version);
  }

  /**
   * Deployments known to this engine, latest version of each key.
   *
   * @example
   * engine.deployments().map((d) => `${d.key}@${d.version}`); // ['claim@2']
   */
  deployments(): readonly Deployment[] {
    return this.#models.deployments();
  }

  /**
   * The compiled form of a case of a deployment known to this engine (for tools such as the
   * scenario runner and renderers).
   *
   * @example
   * const compiled = engine.compiled('claim', 1, 'ClaimCase');
   */
  compiled(modelKey: string, modelVersion: number, caseId: string): CompiledCase {
    return this.#models.compiled(modelKey, modelVersion, caseId);
  }

  /**
   * Registers a task handler by definition id, definition name or processRef.
   *
   * @example
   * engine.registerHandler('Pay out', async ({ caseFile }) => ({ paid: await pay(caseFile.claim) }));
   */
  registerHandler(key: string, handler: TaskHandler): void {
    this.#handlers.set(key, handler);
  }

  /**
   * Sets the decision evaluator of decision tasks.
   *
   * @example
   * engine.setDecisionEvaluator(createDecisionRegistry(await loadDecisionTables(['risk.dmn'])));
   */
  setDecisionEvaluator(evaluator: DecisionEvaluator | undefined): void {
    this.#decisions = evaluator;
  }

  /**
   * Subscribes to every applied transition, after it is stored. A listener that throws changes
   * nothing: its error goes to `onError`, the other listeners and the effects still run.
   * Returns the unsubscribe function.
   *
   * @example
   * const off = engine.onTransition((r) => console.log(r.itemName, r.transition, r.to));
   */
  onTransition(listener: TransitionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ------------------------------------------------------------------------------------------
  // Cases and commands
  // ------------------------------------------------------------------------------------------

  /**
   * Starts a case: the case plan model activates and runs to quiescence.
   *
   * @example
   * const { id, items } = await engine.startCase({ caseFile: { patient: { age: 71 } } });
   */
  async startCase(options: StartCaseOptions = {}): Promise<CaseSnapshot> {
    const checked: StartCaseOptions = {
      ...options,
      caseId: options.caseId === undefined ? undefined : acceptCaseId(options.caseId),
      caseFile: options.caseFile === undefined ? undefined : acceptValues(options.caseFile, 'caseFile', this.#limits),
      user: acceptUser(options.user),
      owner: options.owner === undefined ? undefined : acceptName(options.owner, 'owner'),
    };
    const stored = await this.#start(checked, undefined, { transitions: [] });
    return caseSnapshot(await this.#models.compiledFor(stored.state), stored.state, stored.revision);
  }

  async #start(options: StartCaseOptions, parentCase: CaseInstanceState['parentCase'], trace: Trace, byCaseRef = false): Promise<StoredCase> {
    await this.#models.ready();
    await this.#models.refreshLatest(options.modelKey);
    const parent = parentCase === undefined ? undefined : (await this.store.load(parentCase.caseId))?.state;
    // A case task's caseRef names a case of its own model version first, else of any deployment
    // (as written, or without a file or QName prefix).
    const { deployment, caseId } =
      byCaseRef && options.caseDefinition !== undefined
        ? this.#models.findCaseRef(options.caseDefinition, parent?.definition)
        : this.#models.findDefinition(options.caseDefinition, options.modelKey);
    const compiled = this.#models.compiled(deployment.key, deployment.version, caseId);
    const id = (options.caseId ?? this.#newId()) as CaseInstanceId;
    // A case task's child case is worked on by its parent's team: it starts with the parent's owner and members.
    const inherited = parent?.team;
    const created = await this.#executor.create(
      compiled,
      {
        id,
        modelKey: deployment.key,
        modelVersion: deployment.version,
        caseFile: options.caseFile,
        user: options.user,
        parentCase,
        owner: options.owner ?? inherited?.owner,
        team: options.team ?? inherited?.members,
      },
      trace,
    );
    return this.#effects.perform(created.stored, created.effects, trace);
  }

  /** Runs a command and its effects; resolves to the case as last saved. */
  async #run(caseId: string, build: BuildCommand, options: RunOptions): Promise<StoredCase> {
    return (await this.#runIf(caseId, build, options)) ?? (await this.#executor.load(caseId));
  }

  async #runIf(caseId: string, build: BuildCommand, options: RunOptions): Promise<StoredCase | undefined> {
    await this.#models.ready();
    const executed = await this.#executor.execute(caseId, build, options);
    if (executed === undefined) return undefined;
    return this.#effects.perform(executed.stored, executed.effects, options.trace);
  }

  /** A user command: its own trace, its own result. */
  async #command(caseId: string, build: BuildCommand): Promise<CommandResult> {
    const trace: Trace = { transitions: [] };
    const stored = await this.#run(acceptCaseId(caseId), build, { trace });
    return { caseId: stored.state.id, caseState: stored.state.state, transitions: trace.transitions };
  }

  /**
   * Applies a plan item command. `target` is an instance id or a ref (id or name of the plan item,
   * `Name#2` for the 2nd instance); with several instances, the one where the command is legal
   * for the user (the oldest if several are).
   *
   * @example
   * await engine.planItemCommand(caseId, 'manualStart', 'Home visit', { user });
   */
  async planItemCommand(caseId: string, transition: PlanItemCommandName, target: ItemRef, options: CommandOptions & { readonly output?: Values } = {}): Promise<CommandResult> {
    const command = acceptOneOf(transition, PLAN_ITEM_COMMANDS, 'command');
    const ref = acceptRef(target, 'target');
    const user = acceptUser(options.user);
    const output = options.output === undefined ? undefined : acceptValues(options.output, 'output', this.#limits);
    return this.#command(caseId, (current, compiled) => ({
      type: 'planItem',
      transition: command,
      instance: resolveInstance(compiled, current, ref, command, user, this.clock.now(), this.#authorization),
      output,
      user,
    }));
  }

  /**
   * Completes an Active task (its output merged into the case file), or manually completes an Active stage.
   *
   * @example
   * await engine.complete(caseId, 'Assess claim', { user, output: { assessment: 'covered' } });
   */
  complete(caseId: string, target: ItemRef, options: CommandOptions & { readonly output?: Values } = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'complete', target, options);
  }

  /** Starts an Enabled task or stage. @example await engine.manualStart(caseId, 'Home visit', { user }); */
  manualStart(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'manualStart', target, options);
  }

  /** Disables an Enabled task or stage. @example await engine.disable(caseId, 'Home visit', { user }); */
  disable(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'disable', target, options);
  }

  /** Re-enables a Disabled task or stage. @example await engine.reenable(caseId, 'Home visit', { user }); */
  reenable(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'reenable', target, options);
  }

  /** Terminates a plan item by user decision. @example await engine.terminate(caseId, 'Home visit', { user }); */
  terminate(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'terminate', target, options);
  }

  /** Marks an Active task or stage Failed. @example await engine.fault(caseId, 'Pay out', { user }); */
  fault(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'fault', target, options);
  }

  /** Reactivates a Failed task or stage (its handler runs again). @example await engine.reactivate(caseId, 'Pay out', { user }); */
  reactivate(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'reactivate', target, options);
  }

  /** Suspends a plan item. @example await engine.suspend(caseId, 'Follow-up', { user }); */
  suspend(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'suspend', target, options);
  }

  /** Resumes a suspended plan item. @example await engine.resume(caseId, 'Follow-up', { user }); */
  resume(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'resume', target, options);
  }

  /** Raises a user event listener. @example await engine.occur(caseId, 'Patient withdraws', { user }); */
  occur(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'occur', target, options);
  }

  /**
   * Plans a discretionary item (by id or name) into its stage; `in` names the stage or human task
   * whose planning table offers it when several are Active.
   *
   * @example
   * await engine.plan(caseId, 'Home visit', { user: { id: 'cm-lee', roles: ['case manager'] } });
   */
  async plan(caseId: string, item: ItemRef, options: CommandOptions & { readonly in?: ItemRef } = {}): Promise<CommandResult> {
    const ref = acceptRef(item, 'item');
    const stage = options.in === undefined ? undefined : acceptRef(options.in, 'in');
    const user = acceptUser(options.user);
    return this.#command(caseId, (current, compiled) => {
      const itemId = resolveDiscretionary(compiled, ref);
      const owner = stage === undefined ? undefined : resolveInstance(compiled, current, stage, undefined);
      return { type: 'plan', item: itemId, owner, user };
    });
  }

  /**
   * Sets case file items (create or update each).
   *
   * @example
   * await engine.setCaseFile(caseId, { assessment: { score: 4 } }, { user });
   */
  async setCaseFile(caseId: string, values: Values, options: CommandOptions = {}): Promise<CommandResult> {
    const checked = acceptValues(values, 'values', this.#limits);
    const user = acceptUser(options.user);
    return this.#command(caseId, () => ({ type: 'setCaseFile', values: checked, user }));
  }

  /** Deletes a case file item. @example await engine.removeCaseFileItem(caseId, 'draftLetter', { user }); */
  async removeCaseFileItem(caseId: string, name: string, options: CommandOptions = {}): Promise<CommandResult> {
    const item = acceptName(name, 'name');
    const user = acceptUser(options.user);
    return this.#command(caseId, () => ({ type: 'removeCaseFileItem', name: item, user }));
  }

  /**
   * Attaches a document to a CMISDocument case file item (raising `create`) or adds it to a
   * CMISFolder item (`addChild`); its content goes to the blob store first (docs/documents.md).
   *
   * @example
   * await engine.attachDocument(caseId, 'expertReport', { name: 'report.pdf', contentType: 'application/pdf', content: Buffer.from(requestBody) }, { user });
   */
  attachDocument(caseId: string, item: string, document: DocumentInput, options: CommandOptions = {}): Promise<CommandResult & DocumentCommandResult> {
    return this.#documents.put('attachDocument', caseId, item, document, options);
  }

  /** Records a new version of a document (`replace`; in a folder, `update`), the earlier ones kept. @example await engine.replaceDocument(caseId, 'expertReport', { name: 'report-v2.pdf', contentType: 'application/pdf', content: Buffer.from(requestBody) }, { user }); */
  replaceDocument(caseId: string, item: string, document: DocumentInput, options: CommandOptions & { readonly name?: string } = {}): Promise<CommandResult & DocumentCommandResult> {
    return this.#documents.put('replaceDocument', caseId, item, document, options);
  }

  /** Removes a document (`delete`; in a folder, `removeChild`) and then its content. @example await engine.removeDocument(caseId, 'photos', { name: 'hall.jpg', user }); */
  removeDocument(caseId: string, item: string, options: CommandOptions & { readonly name?: string } = {}): Promise<CommandResult> {
    return this.#documents.remove(caseId, item, options);
  }

  /** A document's metadata and content (a stream checked against its size and SHA-256). @example const { document, content } = await engine.readDocument(caseId, 'expertReport'); */
  readDocument(caseId: string, item: string, options: ReadDocumentOptions = {}): Promise<DocumentRead> {
    return this.#documents.read(caseId, item, options);
  }

  /**
   * A case-level command: suspend, reactivate, terminate, complete (manual completion) or close.
   *
   * @example
   * await engine.caseCommand(caseId, 'close', { user });
   */
  async caseCommand(caseId: string, transition: CaseCommandName, options: CommandOptions = {}): Promise<CommandResult> {
    const command = acceptOneOf(transition, CASE_COMMANDS, 'command');
    const user = acceptUser(options.user);
    return this.#command(caseId, () => ({ type: 'case', transition: command, user }));
  }
  /**
   * Adds a member to the case team — a user id, or `{ group }` — with case roles (ids or names of
   * the model's case roles, or roles the authorization options name); adding a member again adds
   * the roles. Only the case owner or a holder of a team-admin role may (docs/authorization.md).
   *
   * @example
   * await engine.addMember(caseId, 'nina', ['nurse'], { user: { id: 'carlos' } });
   */
  async addMember(caseId: string, member: MemberRef, roles: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const user = acceptUser(options.user);
    return this.#command(caseId, () => ({ type: 'team', change: 'addMember', member, roles, user }));
  }

  /** Removes a member (user id or `{ group }`) from the case team. @example await engine.removeMember(caseId, 'nina', { user: owner }); */
  async removeMember(caseId: string, member: MemberRef, options: CommandOptions = {}): Promise<CommandResult> {
    const user = acceptUser(options.user);
    return this.#command(caseId, () => ({ type: 'team', change: 'removeMember', member, user }));
  }

  /** Replaces a team member's case roles. @example await engine.setMemberRoles(caseId, 'nina', ['nurse', 'case manager'], { user: owner }); */
  async setMemberRoles(caseId: string, member: MemberRef, roles: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const user = acceptUser(options.user);
    return this.#command(caseId, () => ({ type: 'team', change: 'setMemberRoles', member, roles, user }));
  }

  /**
   * Claims a human task for the acting user: a candidate (docs/work.md). A task another user holds
   * is refused with `TaskClaimedError`, naming the holder.
   *
   * @example
   * await engine.claim(caseId, 'Assess claim', { user: { id: 'alice' } });
   */
  claim(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'claim', target, undefined, options);
  }

  /** Gives back a human task the acting user holds. @example await engine.unclaim(caseId, 'Assess claim', { user }); */
  unclaim(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'unclaim', target, undefined, options);
  }

  /** Sets a human task's assignee (null clears it): the task's owner, the case owner or a task-manager role may. @example await engine.assign(caseId, 'Assess claim', 'bob', { user: owner }); */
  assign(caseId: string, target: ItemRef, to: string | null, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'assign', target, to === null ? null : acceptName(to, 'to'), options);
  }

  /** Hands a human task the acting user holds to another user, who resolves it back. @example await engine.delegate(caseId, 'Assess claim', 'carol', { user: { id: 'alice' } }); */
  delegate(caseId: string, target: ItemRef, to: string, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'delegate', target, acceptName(to, 'to'), options);
  }

  /** Gives a delegated human task back to its owner (the delegate does). @example await engine.resolve(caseId, 'Assess claim', { user: { id: 'carol' } }); */
  resolve(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'resolve', target, undefined, options);
  }

  #work(caseId: string, change: WorkChange, target: ItemRef, to: string | null | undefined, options: CommandOptions): Promise<CommandResult> {
    const ref = acceptRef(target, 'target');
    const user = acceptUser(options.user);
    return this.#command(caseId, (current, compiled) => ({ type: 'work', change, instance: resolveInstance(compiled, current, ref, change, user, this.clock.now(), this.#authorization), to, user }));
  }

  /**
   * Open human tasks across cases — a work list: filtered (assignee, candidate, state, due dates,
   * priority, case definition, case file), sorted by due date, then priority (highest first), then
   * case and instance, one page at a time. With a `user` (or a `candidate`), only the tasks the
   * authorization policy lets that user act on (docs/work.md).
   *
   * @example
   * const { items, next } = await engine.tasks({ candidate: { id: 'alice', groups: ['claims'] }, dueBefore: Date.now(), limit: 20 });
   */
  tasks(query: WorkListQuery = {}, options: { readonly user?: User } = {}): Promise<Page<WorkItem>> {
    return workList(this.store, query, acceptUser(options.user), this.#authorization);
  }

  /**
   * The case team: the owner and the members with their roles (a case stored before teams existed
   * has neither).
   *
   * @example
   * const { owner, members } = await engine.team(caseId);
   */
  async team(caseId: string): Promise<CaseTeam> {
    return (await this.getState(caseId)).team ?? { owner: undefined, members: [] };
  }


  /**
   * Fires every timer due at or before `until` (default: now), in due order, each as its own step
   * at its due time. Use with a `VirtualClock` to simulate time; a host scheduler calls it
   * periodically. Timers are claimed through the store for `timerLeaseMs`, so engines sharing a
   * store split the work, and each fires exactly once. Resolves to the number this engine fired;
   * more than `maxTimerFiringsPerCall` is a `RunawayLoopError`.
   *
   * @example
   * clock.advance(30 * 24 * 3600_000);
   * await engine.fireDueTimers();
   */
  async fireDueTimers(until: number = this.clock.now()): Promise<number> {
    await this.#models.ready();
    return this.#timers.fireDue(until, { transitions: [] });
  }

  // ------------------------------------------------------------------------------------------
  // The worker: due timers and owed effects
  // ------------------------------------------------------------------------------------------

  /**
   * Does the work that is due once: fires due timers, then performs the outbox effects that are
   * due and that nobody holds (retries, and effects of processes that died: taken over when their
   * lease ends). For hosts with their own scheduler, and for tests; {@link CaseEngine.start} calls
   * it periodically. Resolves to what it did.
   *
   * @example
   * const { timers, effects } = await engine.runDueWork();
   */
  async runDueWork(options: { readonly limit?: number } = {}): Promise<{ readonly timers: number; readonly effects: number }> {
    await this.#models.ready();
    const timers = await this.#timers.fireDue(this.clock.now(), { transitions: [] });
    return { timers, effects: await this.#worker.performOwed(options.limit ?? 100) };
  }

  /**
   * Starts polling for due work (timers and outbox effects) every `pollIntervalMs`, until
   * {@link CaseEngine.stop}. Errors go to `onError`; polling goes on.
   *
   * @example
   * engine.start();
   * process.on('SIGTERM', () => void engine.stop());
   */
  start(): void {
    this.#worker.start(() => this.runDueWork());
  }

  /** Stops polling; resolves when the round in progress (if any) is over. @example await engine.stop(); */
  stop(): Promise<void> {
    return this.#worker.stop();
  }

  /**
   * The outbox: effects per case or across cases, by status (`pending`, `done`, `failed`), for
   * finding a stuck case.
   *
   * @example
   * const { items } = await engine.effects({ status: 'failed' });
   */
  effects(query: EffectQuery = {}): Promise<Page<StoredEffect>> {
    return this.store.effects(query);
  }

  // ------------------------------------------------------------------------------------------
  // Queries
  // ------------------------------------------------------------------------------------------

  /**
   * The case's current snapshot.
   *
   * @example
   * (await engine.getCase(caseId)).items.map((i) => `${i.name}: ${i.state}`);
   */
  async getCase(caseId: string): Promise<CaseSnapshot> {
    await this.#models.ready();
    const stored = await this.#executor.load(acceptCaseId(caseId));
    return caseSnapshot(await this.#models.compiledFor(stored.state), stored.state, stored.revision);
  }

  /** The raw stored state (plain data). @example const state = await engine.getState(caseId); */
  async getState(caseId: string): Promise<CaseInstanceState> {
    return (await this.#executor.load(acceptCaseId(caseId))).state;
  }

  /** The case's history: every transition, oldest first. @example for (const r of await engine.history(caseId)) console.log(r.transition); */
  history(caseId: string): Promise<readonly TransitionRecord[]> {
    return this.store.history(acceptCaseId(caseId));
  }

  /**
   * The discretionary items `user` may plan now: exactly those `plan` accepts (applicability rules
   * evaluated at the engine's time).
   *
   * @example
   * const offered = await engine.applicableDiscretionaryItems(caseId, user);
   */
  async applicableDiscretionaryItems(caseId: string, user?: User): Promise<readonly ApplicableItem[]> {
    const state = await this.getState(caseId);
    return applicableItems(await this.#models.compiledFor(state), state, acceptUser(user), this.clock.now(), this.#authorization);
  }

  /**
   * The plan item commands `user` may give now, per instance: exactly those the commands accept.
   *
   * @example
   * for (const item of await engine.legalCommands(caseId, user)) console.log(item.name, item.commands);
   */
  async legalCommands(caseId: string, user?: User): Promise<readonly ItemCommands[]> {
    const state = await this.getState(caseId);
    return legalCommands(await this.#models.compiledFor(state), state, acceptUser(user), this.clock.now(), this.#authorization);
  }

  // ------------------------------------------------------------------------------------------
  // Listeners and errors
  // ------------------------------------------------------------------------------------------

  #notify(transitions: readonly TransitionRecord[]): void {
    for (const record of transitions) {
      for (const listener of this.#listeners) {
        try {
          listener(record);
        } catch (error) {
          this.#reportError(error, { source: 'listener', caseId: record.caseId, instanceId: record.instanceId, itemId: record.itemId, itemName: record.itemName });
        }
      }
    }
  }

  #reportError(error: unknown, context: ErrorContext): void {
    try {
      this.#onError?.(error, context);
    } catch {
      // An error hook that throws must not undo a saved command either.
    }
  }
}

/** The retry policy of a handler: the engine-wide one, or the one of its key (else `default`). */
function retryPolicyFor(retry: EngineOptions['retry'], keys: readonly string[]): RetryPolicy {
  if (retry === undefined) return { maxAttempts: 1 };
  if (typeof (retry as RetryPolicy).maxAttempts === 'number') return retry as RetryPolicy;
  const byKey = retry as { readonly [key: string]: RetryPolicy };
  for (const key of keys) if (Object.hasOwn(byKey, key)) return byKey[key]!;
  return Object.hasOwn(byKey, 'default') ? byKey['default']! : { maxAttempts: 1 };
}

/** A name unique to this engine among the processes sharing a store. */
function defaultOwner(): string {
  const host = typeof process === 'object' && typeof process.pid === 'number' ? `pid-${process.pid}` : 'engine';
  return `${host}-${nanoid(8)}`;
}

/** Marks the commands an effect gives as the engine's own: not a user's, so not authorized. */
function asEngineCommand(build: BuildCommand): BuildCommand {
  return (state, compiled) => {
    const command = build(state, compiled);
    return command.type === 'planItem' || command.type === 'case' ? { ...command, internal: true } : command;
  };
}
