/**
 * Effects: the work a step hands to the host — a task handler, a decision, a child case to start
 * or terminate, a parent to tell that its child ended. The step's effects are written to the
 * store's outbox in the same save as the step, claimed by this engine; they are performed after
 * the commit, and each result comes back as a further command whose save marks the effect done.
 * A process that dies before that leaves the effect pending: another engine takes it over when
 * the lease ends (at-least-once; the effect id is the idempotency key). Effects continue from the
 * state just saved: the case is reloaded only when an effect changed it through another case.
 */
import { createHash } from 'node:crypto';
import type { StoredCase } from '../../store/case-store.js';
import type { Effect, Values } from '../commands.js';
import type { CompiledCase } from '../compile/compiled-case.js';
import { instanceById, type CaseInstanceId, type CaseInstanceState, type JsonValue, type PlanItemInstanceId } from '../state.js';
import type { BuildCommand, EffectFailure, OwedEffect, Trace } from './executor.js';
import { mapInputs, mapOutputs, parameterPlan } from './parameters.js';

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
  /**
   * The task's inputs: with parameter mappings, the values mapped to the process's input
   * parameters (by name); without, the case file.
   */
  readonly inputs: Readonly<Record<string, JsonValue>>;
  /** The id of this piece of work, stable across attempts: an idempotency key for the handler's side effects. */
  readonly effectId: string;
}

/**
 * Host code run when a task or process task starts: returns (or resolves to) output merged into
 * the case file, or nothing. A thrown error faults the task (`Failed`); the case is never lost.
 */
export type TaskHandler = (context: TaskContext) => void | Values | Promise<void | Values>;

/** Evaluates the decision of a decision task (see `@casekit/rules` decision tables). */
export interface DecisionEvaluator {
  /**
   * Evaluates the decision named by one of `keys` (the decisionRef, the decision's id, name or
   * externalRef) on `input`; returns the outputs, or undefined when no such decision is known.
   * `options.now` is the engine's clock, for FEEL `now()`/`today()` and date functions.
   */
  evaluate(keys: readonly string[], input: Values, options?: { readonly now?: Date }): Values | undefined;
}

/** Where an error reported to `onError` came from. */
export interface ErrorContext {
  readonly source: 'handler' | 'decision' | 'listener' | 'effect' | 'document';
  /** The outbox effect, when the error is an effect's. */
  readonly effectId?: string;
  /** Attempts made so far, the failed one included. */
  readonly attempts?: number;
  readonly caseId: CaseInstanceId;
  readonly instanceId?: PlanItemInstanceId;
  readonly itemId?: string;
  readonly itemName?: string;
  readonly effect?: Effect['kind'];
}

/** How often, and how far apart, a failing handler or decision is attempted before its task faults. */
export interface RetryPolicy {
  /** Attempts in all (1: no retry). Default 1. */
  readonly maxAttempts: number;
  /** The wait before attempt `attempt + 1` (ms), after `attempt` failed ones. Default: 1 s doubling, at most 5 min. */
  readonly backoffMs?: (attempt: number) => number;
}

/** Options of one command run for an effect. */
interface RunOptions {
  readonly known?: StoredCase;
  readonly skip?: (state: CaseInstanceState) => boolean;
  readonly trace: Trace;
  readonly done?: readonly string[];
  readonly failure?: EffectFailure;
}

/** What the effect runner needs from the engine. */
export interface EffectHost {
  /** Runs a command (and its own effects); resolves to the case as last saved, or undefined when `skip` said it no longer applies. */
  run(caseId: string, build: BuildCommand, options: RunOptions): Promise<StoredCase | undefined>;
  /** Starts (or, when `childId` exists already, finds) a child case and runs its effects; resolves to it as last saved. */
  startChild(caseRef: string, caseFile: Values, parent: { readonly state: CaseInstanceState; readonly instance: PlanItemInstanceId }, childId: string, trace: Trace): Promise<StoredCase>;
  load(caseId: string): Promise<StoredCase | undefined>;
  compiledFor(state: CaseInstanceState): Promise<CompiledCase>;
  handler(keys: readonly string[]): TaskHandler | undefined;
  /** The input gate for a handler's or decision's result (a typed error when it is not JSON within the limits). */
  accept(values: unknown, what: string): Values;
  decisions(): DecisionEvaluator | undefined;
  retryPolicy(keys: readonly string[]): RetryPolicy;
  now(): number;
  onError(error: unknown, context: ErrorContext): void;
  /** The outbox, as this engine's owner. */
  complete(effectId: string): Promise<void>;
  retry(effectId: string, error: { readonly message: string; readonly code?: string }, nextAttemptAt: number): Promise<void>;
  fail(effectId: string, error: { readonly message: string; readonly code?: string }): Promise<void>;
}

/** Is the instance Active in an Active case? */
function isActive(state: CaseInstanceState, instance: PlanItemInstanceId): boolean {
  return state.state === 'Active' && instanceById(state, instance)?.state === 'Active';
}

/** What one effect left: this case as saved by it (undefined: it may have changed elsewhere), and whether its outbox entry is settled. */
interface Outcome {
  readonly current: StoredCase | undefined;
  readonly settled: boolean;
}

const DEFAULT_BACKOFF = (attempt: number): number => Math.min(300_000, 1000 * 2 ** (attempt - 1));

function errorOf(error: unknown): { message: string; code?: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : undefined;
  return code === undefined ? { message } : { message, code };
}

/** Performs effects, in order. */
export class EffectRunner {
  constructor(private readonly host: EffectHost) {}

  /**
   * Performs effects owed by a case (just written by its step, or claimed from the outbox);
   * `attempts` counts the failed attempts each has had. Resolves to the case as last saved.
   */
  async perform(stored: StoredCase, effects: readonly OwedEffect[], trace: Trace, attempts = 0): Promise<StoredCase> {
    let current: StoredCase | undefined = stored;
    for (const owed of effects) {
      current ??= await this.host.load(stored.state.id);
      if (current === undefined) return stored;
      let outcome: Outcome;
      try {
        outcome = await this.#effect(current, owed, attempts, trace);
      } catch (error) {
        // The effect stays owed (pending, under this engine's lease): taken over when the lease ends.
        this.host.onError(error, { source: 'effect', caseId: stored.state.id, effectId: owed.id, effect: owed.effect.kind });
        throw error;
      }
      if (!outcome.settled) await this.host.complete(owed.id);
      current = outcome.current;
    }
    return current ?? (await this.host.load(stored.state.id)) ?? stored;
  }

  /** One effect. */
  async #effect(current: StoredCase, owed: OwedEffect, attempts: number, trace: Trace): Promise<Outcome> {
    const state = current.state;
    const { effect, id } = owed;
    switch (effect.kind) {
      case 'invokeTask': {
        // A blocking task's work is owed while it is Active (a retry may find it done); a non-blocking task completed at once.
        if (effect.blocking && !isActive(state, effect.instanceId)) return { current, settled: false };
        const compiled = await this.host.compiledFor(state);
        const node = compiled.nodes[effect.node]!;
        const handler = this.host.handler(node.handlerKeys);
        if (handler === undefined) return { current, settled: false };
        const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
        let output: Values | undefined;
        try {
          const caseFile = structuredClone(state.caseFile);
          const result = await handler({
            caseId: state.id,
            instanceId: effect.instanceId,
            itemId: node.id,
            itemName: node.name,
            definitionId: node.definition.id,
            caseFile,
            inputs: plan === undefined ? caseFile : mapInputs(plan, state.caseFile, this.host.now()),
            effectId: id,
          });
          const accepted = result === undefined || result === null ? undefined : this.host.accept(result, `result of handler of "${node.name}"`);
          output = accepted === undefined ? undefined : mapOutputs(plan, accepted, state.caseFile, this.host.now());
        } catch (error) {
          const context: ErrorContext = { source: 'handler', caseId: state.id, instanceId: effect.instanceId, itemId: node.id, itemName: node.name, effect: effect.kind, effectId: id, attempts: attempts + 1 };
          return this.#failed(current, owed, node.handlerKeys, attempts, error, context, effect.blocking, trace);
        }
        if (!effect.blocking) return { current, settled: false };
        return this.#whenActive(current, effect.instanceId, () => ({ type: 'planItem', transition: 'complete', instance: effect.instanceId, output }), trace, { done: [id] });
      }
      case 'evaluateDecision': {
        // A blocking task's work is owed while it is Active (a retry may find it done); a non-blocking task completed at once.
        if (effect.blocking && !isActive(state, effect.instanceId)) return { current, settled: false };
        const compiled = await this.host.compiledFor(state);
        const node = compiled.nodes[effect.node]!;
        const decisions = this.host.decisions();
        if (decisions === undefined) return { current, settled: false };
        const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
        let output: Values | undefined;
        try {
          const input = mapInputs(plan, state.caseFile, this.host.now());
          const result = decisions.evaluate(node.handlerKeys, input, { now: new Date(this.host.now()) });
          const accepted = result === undefined ? undefined : this.host.accept(result, `outputs of decision of "${node.name}"`);
          output = accepted === undefined ? undefined : mapOutputs(plan, accepted, state.caseFile, this.host.now());
        } catch (error) {
          const context: ErrorContext = { source: 'decision', caseId: state.id, instanceId: effect.instanceId, itemId: node.id, itemName: node.name, effect: effect.kind, effectId: id, attempts: attempts + 1 };
          return this.#failed(current, owed, node.handlerKeys, attempts, error, context, true, trace);
        }
        if (output === undefined || !effect.blocking) return { current, settled: false };
        return this.#whenActive(current, effect.instanceId, () => ({ type: 'planItem', transition: 'complete', instance: effect.instanceId, output }), trace, { done: [id] });
      }
      case 'startChildCase': {
        // A blocking task's work is owed while it is Active (a retry may find it done); a non-blocking task completed at once.
        if (effect.blocking && !isActive(state, effect.instanceId)) return { current, settled: false };
        const compiled = await this.host.compiledFor(state);
        const node = compiled.nodes[effect.node]!;
        const definition = node.definition;
        const caseRef = definition.kind === 'CaseTask' ? (definition.case?.id ?? definition.caseRef) : undefined;
        if (caseRef === undefined) return { current, settled: false };
        const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
        const caseFile = mapInputs(plan, state.caseFile, this.host.now());
        // The child's id comes from the effect's: a retried start finds the child it started before.
        const child = await this.host.startChild(caseRef, caseFile, { state, instance: effect.instanceId }, childIdOf(id), trace);
        const linked = await this.host.run(state.id, () => ({ type: 'linkChildCase', instance: effect.instanceId, childCase: child.state.id }), {
          known: current,
          skip: (s) => {
            const task = instanceById(s, effect.instanceId);
            return task === undefined || task.childCase === child.state.id;
          },
          trace,
          done: [id],
        });
        if (effect.blocking && isEnded(child.state)) {
          await this.#childEnded(child.state, trace);
          return { current: undefined, settled: linked !== undefined };
        }
        return { current: linked, settled: linked !== undefined };
      }
      case 'terminateChildCase': {
        const child = await this.host.load(effect.childCase);
        if (child === undefined || child.state.state !== 'Active') return { current, settled: false };
        await this.host.run(effect.childCase, () => ({ type: 'case', transition: 'terminate' }), { known: child, skip: (s) => s.state !== 'Active', trace });
        return { current: undefined, settled: false };
      }
      case 'caseEnded':
        await this.#childEnded(state, trace);
        return { current, settled: false };
    }
  }

  /** A handler or decision failed: retried later while attempts remain, else its task faults with the error in history. */
  async #failed(current: StoredCase, owed: OwedEffect, keys: readonly string[], attempts: number, error: unknown, context: ErrorContext, faults: boolean, trace: Trace): Promise<Outcome> {
    this.host.onError(error, context);
    const made = attempts + 1;
    const policy = this.host.retryPolicy(keys);
    const failure = errorOf(error);
    if (made < policy.maxAttempts) {
      await this.host.retry(owed.id, failure, this.host.now() + (policy.backoffMs ?? DEFAULT_BACKOFF)(made));
      return { current, settled: true };
    }
    await this.host.fail(owed.id, failure);
    if (!faults || !('instanceId' in owed.effect)) return { current, settled: true };
    const instance = owed.effect.instanceId;
    const faulted = await this.#whenActive(current, instance, () => ({ type: 'planItem', transition: 'fault', instance }), trace, {
      failure: { instanceId: instance, ...failure, attempts: made },
    });
    return { current: faulted.current, settled: true };
  }

  /** A child case ended: its case task in the parent completes (or faults). */
  async #childEnded(child: CaseInstanceState, trace: Trace): Promise<void> {
    const parent = child.parentCase;
    if (parent === undefined || !isEnded(child)) return;
    const outcome = child.state as 'Completed' | 'Terminated' | 'Failed';
    const stored = await this.host.load(parent.caseId);
    const task = stored === undefined ? undefined : instanceById(stored.state, parent.instance);
    if (stored === undefined || task === undefined) return;
    // With output mappings, the case task takes the mapped outputs from the child's case file.
    const compiled = await this.host.compiledFor(stored.state);
    const node = compiled.nodes[task.node]!;
    const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
    const output = outcome === 'Completed' && plan !== undefined ? mapOutputs(plan, child.caseFile, stored.state.caseFile, this.host.now()) : undefined;
    await this.#whenActive(stored, parent.instance, () => ({ type: 'childCaseEnded', instance: parent.instance, outcome, output }), trace);
  }

  /** Runs a command on an instance only while it is Active (the host's answer may come late); settles the effect with it. */
  async #whenActive(current: StoredCase, instance: PlanItemInstanceId, build: BuildCommand, trace: Trace, extra: Pick<RunOptions, 'done' | 'failure'> = {}): Promise<Outcome> {
    if (!isActive(current.state, instance)) return { current, settled: false };
    const saved = await this.host.run(current.state.id, build, { known: current, skip: (s) => !isActive(s, instance), trace, ...extra });
    // Skipped (no longer Active): nothing was saved, so the effect is settled separately.
    return { current: saved, settled: saved !== undefined && extra.done !== undefined };
  }
}

/** The id of the child case a start effect creates: derived from the effect id, so a retried start finds it. */
function childIdOf(effectId: string): string {
  return `child-${createHash('sha256').update(effectId).digest('base64url').slice(0, 24)}`;
}

/** An effect read back from the outbox (undefined: not one this engine knows). */
export function effectFromPayload(payload: Readonly<Record<string, unknown>>): Effect | undefined {
  const kind = payload['kind'];
  const instanceId = payload['instanceId'];
  if (kind === 'caseEnded') {
    const state = payload['state'];
    return state === 'Completed' || state === 'Terminated' || state === 'Failed' ? { kind, state } : undefined;
  }
  if (typeof instanceId !== 'string') return undefined;
  if (kind === 'terminateChildCase') {
    const childCase = payload['childCase'];
    return typeof childCase === 'string' ? { kind, instanceId: instanceId as PlanItemInstanceId, childCase: childCase as CaseInstanceId } : undefined;
  }
  if (kind !== 'invokeTask' && kind !== 'startChildCase' && kind !== 'evaluateDecision') return undefined;
  const node = payload['node'];
  const blocking = payload['blocking'];
  if (typeof node !== 'number' || !Number.isInteger(node) || node < 0 || typeof blocking !== 'boolean') return undefined;
  return { kind, instanceId: instanceId as PlanItemInstanceId, node, blocking };
}

function isEnded(state: CaseInstanceState): boolean {
  return state.state === 'Completed' || state.state === 'Terminated' || state.state === 'Failed';
}
