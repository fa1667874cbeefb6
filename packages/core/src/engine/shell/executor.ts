/**
 * Command execution: a command is applied to a stored case by the pure step and saved with its
 * transitions atomically (optimistic revision). On a concurrent change the case is reloaded and
 * the command built again from the new state (re-checking that it still applies). A caller that
 * holds the state it just saved passes it along, so a command costs one load at most.
 */
import { CaseNotFoundError, ConcurrencyConflictError } from '../../errors.js';
import type { CaseStore, JsonObject, OutboxWrite, StoredCase } from '../../store/case-store.js';
import type { Command, Effect } from '../commands.js';
import type { CompiledCase } from '../compile/compiled-case.js';
import type { StepContext } from '../kernel/step-run.js';
import { createCase, step, type CreateCaseOptions, type StepResult } from '../step.js';
import type { CaseInstanceId, CaseInstanceState, TransitionRecord } from '../state.js';

/** The transitions one user command applied, its effects' included: each command has its own. */
export interface Trace {
  readonly transitions: TransitionRecord[];
}

/** Builds the command from the state it will apply to (called again after a conflict). */
export type BuildCommand = (state: CaseInstanceState, compiled: CompiledCase) => Command;

/** An effect as the outbox keeps it: with its stable id, the idempotency key of its work. */
export interface OwedEffect {
  readonly id: string;
  readonly effect: Effect;
}

/** What an applied command left: the case as saved, and the work it hands to the host (already in the outbox). */
export interface Executed {
  readonly stored: StoredCase;
  readonly effects: readonly OwedEffect[];
}

/** A failed effect whose `fault` this command records: the error goes into the fault's history record. */
export interface EffectFailure {
  readonly instanceId: string;
  readonly message: string;
  readonly code?: string;
  readonly attempts: number;
}

/** Options of {@link CommandExecutor.execute}. */
export interface ExecuteOptions {
  /** When true for the state loaded, the command no longer applies: nothing is written. */
  readonly skip?: (state: CaseInstanceState) => boolean;
  /** The case as the caller last saved it: the first attempt starts from it instead of loading. */
  readonly known?: StoredCase;
  readonly trace: Trace;
  /** Outbox effects this command settles (marked done in the same write). */
  readonly done?: readonly string[];
  /** The effect failure a `fault` command records. */
  readonly failure?: EffectFailure;
}

/** Who claims the effects a step writes, and for how long: this engine performs them at once. */
export interface OutboxClaim {
  readonly owner: string;
  readonly leaseMs: number;
}

/** Applies commands to stored cases. */
export class CommandExecutor {
  constructor(
    private readonly store: CaseStore,
    private readonly compiledFor: (state: CaseInstanceState) => Promise<CompiledCase>,
    private readonly context: () => StepContext,
    private readonly maxRetries: number,
    /** Called with the transitions of every saved step, after the save. */
    private readonly saved: (transitions: readonly TransitionRecord[]) => void,
    private readonly claim: OutboxClaim,
  ) {}

  /** Creates and saves a new case. */
  async create(compiled: CompiledCase, options: CreateCaseOptions, trace: Trace): Promise<Executed> {
    const context = this.context();
    const result = createCase(compiled, options, context);
    const owed = owe(result);
    const revision = await this.store.save(result.state, null, result.transitions, this.#outbox(result.state.id, owed, undefined, context.now));
    return this.#done(result, owed, revision, trace);
  }

  /** Applies a command to a stored case; undefined when `skip` says it no longer applies. */
  async execute(caseId: string, build: BuildCommand, options: ExecuteOptions): Promise<Executed | undefined> {
    let known = options.known;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1) await backOff(attempt);
      const stored = known ?? (await this.load(caseId));
      known = undefined;
      if (options.skip?.(stored.state) === true) return undefined;
      const compiled = await this.compiledFor(stored.state);
      const context = this.context();
      const stepped = step(compiled, stored.state, build(stored.state, compiled), context);
      const result = options.failure === undefined ? stepped : { ...stepped, transitions: stepped.transitions.map((r) => withFailure(r, options.failure!)) };
      const owed = owe(result);
      let revision: number;
      try {
        revision = await this.store.save(result.state, stored.revision, result.transitions, this.#outbox(result.state.id, owed, options.done, context.now));
      } catch (error) {
        if (error instanceof ConcurrencyConflictError && attempt < this.maxRetries) continue;
        throw error;
      }
      return this.#done(result, owed, revision, options.trace);
    }
  }

  /** The stored case, or CaseNotFound. */
  async load(caseId: string): Promise<StoredCase> {
    const stored = await this.store.load(caseId as CaseInstanceId);
    if (stored === undefined) throw new CaseNotFoundError(caseId);
    return stored;
  }

  #outbox(caseId: CaseInstanceId, owed: readonly OwedEffect[], done: readonly string[] | undefined, now: number): OutboxWrite | undefined {
    if (owed.length === 0 && (done === undefined || done.length === 0)) return undefined;
    return {
      add: owed.map(({ id, effect }) => ({ id, caseId, kind: effect.kind, payload: payloadOf(effect), createdAt: now })),
      done,
      claim: { owner: this.claim.owner, leaseUntil: now + this.claim.leaseMs },
    };
  }

  #done(result: StepResult, owed: readonly OwedEffect[], revision: number, trace: Trace): Executed {
    trace.transitions.push(...result.transitions);
    this.saved(result.transitions);
    return { stored: { state: result.state, revision }, effects: owed };
  }
}

/** Stable ids for a step's effects: the case, the step's last event number, the position. */
function owe(result: StepResult): OwedEffect[] {
  return result.effects.map((effect, i) => ({ id: `${result.state.id}:${result.state.seq}:${i}`, effect }));
}

/** The record of the `fault` a failed effect caused carries the failure. */
function withFailure(record: TransitionRecord, failure: EffectFailure): TransitionRecord {
  if (record.instanceId !== failure.instanceId || record.transition !== 'fault') return record;
  return { ...record, error: { message: failure.message, ...(failure.code === undefined ? {} : { code: failure.code }), attempts: failure.attempts } };
}

/** Waits a little before a retry (random, growing with the attempt, at most ~100 ms). */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An effect as an outbox payload (its fields are JSON). */
function payloadOf(effect: Effect): JsonObject {
  return Object.fromEntries(Object.entries(effect)) as { [key: string]: JsonObject[string] };
}
