/**
 * Effects: the work a step hands to the host once it is saved — a task handler, a decision, a
 * child case to start or terminate, a parent to tell that its child ended. Each result comes back
 * as a further command. Effects continue from the state just saved: the case is reloaded only
 * when an effect changed it through another case.
 */
import type { StoredCase } from '../../store/case-store.js';
import type { Effect, Values } from '../commands.js';
import type { CompiledCase } from '../compile/compiled-case.js';
import { CHUNK_BITS, CHUNK_SIZE, type CaseInstanceId, type CaseInstanceState, type JsonValue, type PlanItemInstanceId } from '../state.js';
import type { BuildCommand, Trace } from './executor.js';
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
  readonly source: 'handler' | 'decision' | 'listener' | 'effect';
  readonly caseId: CaseInstanceId;
  readonly instanceId?: PlanItemInstanceId;
  readonly itemId?: string;
  readonly itemName?: string;
  readonly effect?: Effect['kind'];
}

/** What the effect runner needs from the engine. */
export interface EffectHost {
  /** Runs a command (and its own effects); resolves to the case as last saved. */
  run(caseId: string, build: BuildCommand, options: { readonly known?: StoredCase; readonly skip?: (state: CaseInstanceState) => boolean; readonly trace: Trace }): Promise<StoredCase>;
  /** Starts a child case (and runs its effects); resolves to it as last saved. */
  startChild(caseRef: string, caseFile: Values, parent: NonNullable<CaseInstanceState['parentCase']>, trace: Trace): Promise<StoredCase>;
  load(caseId: string): Promise<StoredCase | undefined>;
  compiledFor(state: CaseInstanceState): Promise<CompiledCase>;
  handler(keys: readonly string[]): TaskHandler | undefined;
  /** The input gate for a handler's or decision's result (a typed error when it is not JSON within the limits). */
  accept(values: unknown, what: string): Values;
  decisions(): DecisionEvaluator | undefined;
  now(): number;
  onError(error: unknown, context: ErrorContext): void;
}

/** Is the instance Active in an Active case? */
function isActive(state: CaseInstanceState, instance: PlanItemInstanceId): boolean {
  if (state.state !== 'Active' || !Object.hasOwn(state.numbers, instance)) return false;
  const n = state.numbers[instance]!;
  return state.chunks[n >> CHUNK_BITS]?.[n & (CHUNK_SIZE - 1)]?.state === 'Active';
}

/** Performs effects, in order. */
export class EffectRunner {
  constructor(private readonly host: EffectHost) {}

  /** Performs a step's effects; resolves to the case as last saved. */
  async perform(stored: StoredCase, effects: readonly Effect[], trace: Trace): Promise<StoredCase> {
    let current: StoredCase | undefined = stored;
    for (const effect of effects) {
      current ??= await this.host.load(stored.state.id);
      if (current === undefined) return stored;
      current = await this.#effect(current, effect, trace);
    }
    return current ?? (await this.host.load(stored.state.id)) ?? stored;
  }

  /** One effect; resolves to this case as saved by it, or undefined when it may have changed elsewhere. */
  async #effect(current: StoredCase, effect: Effect, trace: Trace): Promise<StoredCase | undefined> {
    const state = current.state;
    switch (effect.kind) {
      case 'invokeTask': {
        const compiled = await this.host.compiledFor(state);
        const node = compiled.nodes[effect.node]!;
        const handler = this.host.handler(node.handlerKeys);
        if (handler === undefined) return current;
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
            effectId: effectIdOf(state, effect),
          });
          const accepted = result === undefined || result === null ? undefined : this.host.accept(result, `result of handler of "${node.name}"`);
          output = accepted === undefined ? undefined : mapOutputs(plan, accepted, state.caseFile, this.host.now());
        } catch (error) {
          this.host.onError(error, { source: 'handler', caseId: state.id, instanceId: effect.instanceId, itemId: node.id, itemName: node.name, effect: effect.kind });
          if (!effect.blocking) return current;
          return this.#whenActive(current, effect.instanceId, () => ({ type: 'planItem', transition: 'fault', instance: effect.instanceId }), trace);
        }
        if (!effect.blocking) return current;
        return this.#whenActive(current, effect.instanceId, () => ({ type: 'planItem', transition: 'complete', instance: effect.instanceId, output }), trace);
      }
      case 'evaluateDecision': {
        const compiled = await this.host.compiledFor(state);
        const node = compiled.nodes[effect.node]!;
        const decisions = this.host.decisions();
        if (decisions === undefined) return current;
        const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
        let output: Values | undefined;
        try {
          const input = mapInputs(plan, state.caseFile, this.host.now());
          const result = decisions.evaluate(node.handlerKeys, input, { now: new Date(this.host.now()) });
          const accepted = result === undefined ? undefined : this.host.accept(result, `outputs of decision of "${node.name}"`);
          output = accepted === undefined ? undefined : mapOutputs(plan, accepted, state.caseFile, this.host.now());
        } catch (error) {
          this.host.onError(error, { source: 'decision', caseId: state.id, instanceId: effect.instanceId, itemId: node.id, itemName: node.name, effect: effect.kind });
          return this.#whenActive(current, effect.instanceId, () => ({ type: 'planItem', transition: 'fault', instance: effect.instanceId }), trace);
        }
        if (output === undefined || !effect.blocking) return current;
        return this.#whenActive(current, effect.instanceId, () => ({ type: 'planItem', transition: 'complete', instance: effect.instanceId, output }), trace);
      }
      case 'startChildCase': {
        const compiled = await this.host.compiledFor(state);
        const node = compiled.nodes[effect.node]!;
        const definition = node.definition;
        const caseRef = definition.kind === 'CaseTask' ? (definition.case?.id ?? definition.caseRef) : undefined;
        if (caseRef === undefined) return current;
        const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
        const caseFile = mapInputs(plan, state.caseFile, this.host.now());
        const child = await this.host.startChild(caseRef, caseFile, { caseId: state.id, instance: effect.instanceId }, trace);
        const linked = await this.host.run(state.id, () => ({ type: 'linkChildCase', instance: effect.instanceId, childCase: child.state.id }), {
          known: current,
          skip: (s) => !Object.hasOwn(s.numbers, effect.instanceId),
          trace,
        });
        if (effect.blocking && isEnded(child.state)) {
          await this.#childEnded(child.state, trace);
          return undefined;
        }
        return linked;
      }
      case 'terminateChildCase': {
        const child = await this.host.load(effect.childCase);
        if (child === undefined || child.state.state !== 'Active') return current;
        await this.host.run(effect.childCase, () => ({ type: 'case', transition: 'terminate' }), { known: child, trace });
        return undefined;
      }
      case 'caseEnded':
        await this.#childEnded(state, trace);
        return current;
    }
  }

  /** A child case ended: its case task in the parent completes (or faults). */
  async #childEnded(child: CaseInstanceState, trace: Trace): Promise<void> {
    const parent = child.parentCase;
    if (parent === undefined || !isEnded(child)) return;
    const outcome = child.state as 'Completed' | 'Terminated' | 'Failed';
    const stored = await this.host.load(parent.caseId);
    if (stored === undefined || !Object.hasOwn(stored.state.numbers, parent.instance)) return;
    // With output mappings, the case task takes the mapped outputs from the child's case file.
    const compiled = await this.host.compiledFor(stored.state);
    const n = stored.state.numbers[parent.instance]!;
    const node = compiled.nodes[stored.state.chunks[n >> CHUNK_BITS]![n & (CHUNK_SIZE - 1)]!.node]!;
    const plan = parameterPlan(node, compiled.model.definitions.expressionLanguage);
    const output = outcome === 'Completed' && plan !== undefined ? mapOutputs(plan, child.caseFile, stored.state.caseFile, this.host.now()) : undefined;
    await this.#whenActive(stored, parent.instance, () => ({ type: 'childCaseEnded', instance: parent.instance, outcome, output }), trace);
  }

  /** Runs a command on an instance only while it is Active (the host's answer may come late). */
  async #whenActive(current: StoredCase, instance: PlanItemInstanceId, build: BuildCommand, trace: Trace): Promise<StoredCase> {
    if (!isActive(current.state, instance)) return current;
    return this.host.run(current.state.id, build, { known: current, skip: (s) => !isActive(s, instance), trace });
  }
}

/** The stable id of an effect: the case, the instance and the step that asked for it. */
export function effectIdOf(state: CaseInstanceState, effect: Effect): string {
  const target = 'instanceId' in effect ? effect.instanceId : 'case';
  return `${state.id}/${target}/${effect.kind}/${state.seq}`;
}

function isEnded(state: CaseInstanceState): boolean {
  return state.state === 'Completed' || state.state === 'Terminated' || state.state === 'Failed';
}
