/**
 * Command execution: a command is applied to a stored case by the pure step and saved with its
 * transitions atomically (optimistic revision). On a concurrent change the case is reloaded and
 * the command built again from the new state (re-checking that it still applies). A caller that
 * holds the state it just saved passes it along, so a command costs one load at most.
 */
import { CaseNotFoundError, ConcurrencyConflictError } from '../../errors.js';
import type { CaseStore, StoredCase } from '../../store/case-store.js';
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

/** What an applied command left: the case as saved, and the work it hands to the host. */
export interface Executed {
  readonly stored: StoredCase;
  readonly effects: readonly Effect[];
}

/** Options of {@link CommandExecutor.execute}. */
export interface ExecuteOptions {
  /** When true for the state loaded, the command no longer applies: nothing is written. */
  readonly skip?: (state: CaseInstanceState) => boolean;
  /** The case as the caller last saved it: the first attempt starts from it instead of loading. */
  readonly known?: StoredCase;
  readonly trace: Trace;
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
  ) {}

  /** Creates and saves a new case. */
  async create(compiled: CompiledCase, options: CreateCaseOptions, trace: Trace): Promise<Executed> {
    const result = createCase(compiled, options, this.context());
    const revision = await this.store.save(result.state, null, result.transitions);
    return this.#done(result, revision, trace);
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
      const result = step(compiled, stored.state, build(stored.state, compiled), this.context());
      let revision: number;
      try {
        revision = await this.store.save(result.state, stored.revision, result.transitions);
      } catch (error) {
        if (error instanceof ConcurrencyConflictError && attempt < this.maxRetries) continue;
        throw error;
      }
      return this.#done(result, revision, options.trace);
    }
  }

  /** The stored case, or CaseNotFound. */
  async load(caseId: string): Promise<StoredCase> {
    const stored = await this.store.load(caseId as CaseInstanceId);
    if (stored === undefined) throw new CaseNotFoundError(caseId);
    return stored;
  }

  #done(result: StepResult, revision: number, trace: Trace): Executed {
    trace.transitions.push(...result.transitions);
    this.saved(result.transitions);
    return { stored: { state: result.state, revision }, effects: result.effects };
  }
}

/** Waits a little before a retry (random, growing with the attempt, at most ~100 ms). */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
