/**
 * The engine facade's core: the wiring of the shell's concerns (model registry, command executor,
 * effect runner and outbox worker, timer scheduler, documents), deployments and handlers,
 * listeners and errors, and the one path every command takes (`command` → `run` → executor →
 * effects). The commands and queries users call are added by the classes that extend it
 * (case-commands.ts, then engine.ts).
 */
import { nanoid } from 'nanoid';
import type { CmmnModel } from '../../model/cmmn-model.js';
import type { CaseStore, StoredCase } from '../../store/case-store.js';
import { MemoryCaseStore } from '../../store/memory-store.js';
import { systemClock, type Clock } from '../clock.js';
import { acceptCaseId, acceptValues, type InputLimits } from '../gate.js';
import { authorizationPolicy, type AuthorizationPolicy } from '../authorization-policy.js';
import type { CompiledCase } from '../compile/compiled-case.js';
import { ModelRegistry, type Deployment, type DeployOptions } from '../shell/deployments.js';
import { EffectRunner, type DecisionEvaluator, type ErrorContext, type RetryPolicy, type TaskHandler } from '../shell/effects.js';
import { CommandExecutor, type BuildCommand, type ExecuteOptions, type Trace } from '../shell/executor.js';

import { TimerScheduler } from '../shell/timer-scheduler.js';
import { DocumentService } from '../shell/documents.js';
import { OutboxWorker } from '../shell/worker.js';
import type { CaseInstanceId, CaseInstanceState, PlanItemInstanceId, TransitionRecord } from '../state.js';
import type { CommandResult, EngineOptions, PendingDeployment, StartCaseOptions, TransitionListener } from '../engine-options.js';

/** The parent of a child case: the state its case task's effect saw, and the case task instance. */
type ChildOf = { readonly state: CaseInstanceState; readonly instance: PlanItemInstanceId };

/** Options of one command run. */
type RunOptions = ExecuteOptions;


/** What every facade class shares. */
export abstract class EngineCore {
  readonly store: CaseStore;
  readonly clock: Clock;
  protected readonly newId: () => string;
  protected readonly maxTransitions: number;
  protected readonly handlers = new Map<string, TaskHandler>();
  protected decisionEvaluator: DecisionEvaluator | undefined;
  protected readonly listeners = new Set<TransitionListener>();
  protected readonly onErrorHook: ((error: unknown, context: ErrorContext) => void) | undefined;
  protected readonly models: ModelRegistry;
  protected readonly executor: CommandExecutor;
  protected readonly effectRunner: EffectRunner;
  protected readonly timerScheduler: TimerScheduler;
  protected readonly owner: string;
  protected readonly worker: OutboxWorker;
  protected readonly limits: InputLimits;
  protected readonly authorization: AuthorizationPolicy;
  protected readonly documentService: DocumentService<CommandResult>;

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryCaseStore();
    this.clock = options.clock ?? systemClock;
    this.newId = options.idGenerator ?? (() => nanoid());
    this.maxTransitions = options.maxTransitionsPerCommand ?? 10_000;
    this.onErrorHook = options.onError;
    this.limits = options.inputLimits ?? {};
    this.authorization = authorizationPolicy(options.authorization);
    for (const [key, handler] of Object.entries(options.handlers ?? {})) this.handlers.set(key, handler);
    this.decisionEvaluator = options.decisions;
    const maxRetries = options.maxRetries ?? 10;
    this.models = new ModelRegistry(this.store, maxRetries, options.profile ?? 'cmmn');
    const context = () => ({ now: this.clock.now(), newId: this.newId, maxTransitions: this.maxTransitions, authorization: this.authorization });
    this.owner = options.owner ?? defaultOwner();
    const effectLeaseMs = options.effectLeaseMs ?? 60_000;
    const retry = options.retry;
    this.executor = new CommandExecutor(this.store, (state) => this.models.compiledFor(state), context, maxRetries, (records) => this.notify(records), {
      owner: this.owner,
      leaseMs: effectLeaseMs,
    });
    this.effectRunner = new EffectRunner({
      // An effect's command (a handler's result, a child case's termination) is the engine's, not a user's.
      run: (caseId, build, runOptions) => this.runIf(caseId, asEngineCommand(build), runOptions),
      startChild: async (caseRef, caseFile, parent, childId, trace) => {
        const existing = await this.store.load(childId as CaseInstanceId);
        if (existing !== undefined) return existing;
        return this.startIn({ caseDefinition: caseRef, caseFile, caseId: childId }, parent, trace);
      },
      load: (caseId) => this.store.load(caseId as CaseInstanceId),
      compiledFor: (state) => this.models.compiledFor(state),
      handler: (keys) => keys.map((key) => this.handlers.get(key)).find((h) => h !== undefined),
      accept: (values, what) => acceptValues(values, what, this.limits),
      decisions: () => this.decisionEvaluator,
      now: () => this.clock.now(),
      onError: (error, context) => this.reportError(error, context),
      retryPolicy: (keys) => retryPolicyFor(retry, keys),
      complete: async (id) => void (await this.store.completeEffect(id, this.owner)),
      retry: async (id, error, nextAttemptAt) => void (await this.store.retryEffect(id, this.owner, { error, nextAttemptAt })),
      fail: async (id, error) => void (await this.store.failEffect(id, this.owner, error)),
    });
    this.worker = new OutboxWorker(this.store, this.effectRunner, {
      owner: this.owner,
      leaseMs: effectLeaseMs,
      pollMs: options.pollIntervalMs ?? 1_000,
      now: () => this.clock.now(),
      onError: (error, context) => this.reportError(error, context),
    });
    this.documentService = new DocumentService(options.documents, {
      run: (caseId, build) => this.command(caseId, build),
      load: (caseId) => this.models.ready().then(() => this.executor.load(caseId)),
      compiledFor: (state) => this.models.compiledFor(state),
      context,
      onError: (error, errorContext) => this.reportError(error, errorContext),
    });
    this.timerScheduler = new TimerScheduler(
      this.store,
      this.clock,
      { fire: (caseId, build, skip, trace) => this.runIf(caseId, build, { skip, trace }) },
      { owner: this.owner, leaseMs: options.timerLeaseMs ?? 60_000, maxFirings: options.maxTimerFiringsPerCall ?? 500 },
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
    const deployment = this.models.deploy(model, options);
    const models = this.models;
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
    return this.models.publish(model, options);
  }

  /**
   * A deployed model version (default: the latest), loaded from the store when another process
   * deployed it. Rejects with `ModelNotDeployedError` when neither knows it.
   *
   * @example
   * const { model } = await engine.deployment('claim', 2);
   */
  deployment(key: string, version?: number): Promise<Deployment> {
    return this.models.deployment(key, version);
  }

  /**
   * Deployments known to this engine, latest version of each key.
   *
   * @example
   * engine.deployments().map((d) => `${d.key}@${d.version}`); // ['claim@2']
   */
  deployments(): readonly Deployment[] {
    return this.models.deployments();
  }

  /**
   * The compiled form of a case of a deployment known to this engine (for tools such as the
   * scenario runner and renderers).
   *
   * @example
   * const compiled = engine.compiled('claim', 1, 'ClaimCase');
   */
  compiled(modelKey: string, modelVersion: number, caseId: string): CompiledCase {
    return this.models.compiled(modelKey, modelVersion, caseId);
  }

  /**
   * Registers a task handler by definition id, definition name or processRef.
   *
   * @example
   * engine.registerHandler('Pay out', async ({ caseFile }) => ({ paid: await pay(caseFile.claim) }));
   */
  registerHandler(key: string, handler: TaskHandler): void {
    this.handlers.set(key, handler);
  }

  /**
   * Sets the decision evaluator of decision tasks.
   *
   * @example
   * engine.setDecisionEvaluator(createDecisionRegistry(await loadDecisionTables(['risk.dmn'])));
   */
  setDecisionEvaluator(evaluator: DecisionEvaluator | undefined): void {
    this.decisionEvaluator = evaluator;
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a case; a case task's child case names its parent (the state the effect just saw) and its case task instance. */
  protected async startIn(options: StartCaseOptions, from: ChildOf | undefined, trace: Trace): Promise<StoredCase> {
    await this.models.ready();
    await this.models.refreshLatest(options.modelKey);
    const parent = from?.state;
    const parentCase = from === undefined ? undefined : { caseId: from.state.id, instance: from.instance };
    const byCaseRef = from !== undefined;
    // A case task's caseRef names a case of its own model version first, else of any deployment
    // (as written, or without a file or QName prefix).
    const { deployment, caseId } =
      byCaseRef && options.caseDefinition !== undefined
        ? this.models.findCaseRef(options.caseDefinition, parent?.definition)
        : this.models.findDefinition(options.caseDefinition, options.modelKey);
    const compiled = this.models.compiled(deployment.key, deployment.version, caseId);
    const id = (options.caseId ?? this.newId()) as CaseInstanceId;
    // A case task's child case is worked on by its parent's team: it starts with the parent's owner and members.
    const inherited = parent?.team;
    const created = await this.executor.create(
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
    return this.effectRunner.perform(created.stored, created.effects, trace);
  }

  /** Runs a command and its effects; resolves to the case as last saved. */
  protected async run(caseId: string, build: BuildCommand, options: RunOptions): Promise<StoredCase> {
    return (await this.runIf(caseId, build, options)) ?? (await this.executor.load(caseId));
  }

  protected async runIf(caseId: string, build: BuildCommand, options: RunOptions): Promise<StoredCase | undefined> {
    await this.models.ready();
    const executed = await this.executor.execute(caseId, build, options);
    if (executed === undefined) return undefined;
    return this.effectRunner.perform(executed.stored, executed.effects, options.trace);
  }

  /** A user command: its own trace, its own result. */
  protected async command(caseId: string, build: BuildCommand): Promise<CommandResult> {
    const trace: Trace = { transitions: [] };
    const stored = await this.run(acceptCaseId(caseId), build, { trace });
    return { caseId: stored.state.id, caseState: stored.state.state, transitions: trace.transitions };
  }

  // ------------------------------------------------------------------------------------------
  // Listeners and errors
  // ------------------------------------------------------------------------------------------

  protected notify(transitions: readonly TransitionRecord[]): void {
    for (const record of transitions) {
      for (const listener of this.listeners) {
        try {
          listener(record);
        } catch (error) {
          this.reportError(error, { source: 'listener', caseId: record.caseId, instanceId: record.instanceId, itemId: record.itemId, itemName: record.itemName });
        }
      }
    }
  }

  protected reportError(error: unknown, context: ErrorContext): void {
    try {
      this.onErrorHook?.(error, context);
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
