/** The options and results of the engine's API. */
import type { CaseStore } from '../store/case-store.js';
import type { Clock } from './clock.js';
import type { AuthorizationOptions } from './authorization-policy.js';
import type { Values } from './commands.js';
import type { InputLimits, INPUT_LIMITS } from './gate.js';
import type { Profile } from './profile.js';
import type { Deployment } from './shell/deployments.js';
import type { DocumentOptions } from './shell/documents.js';
import type { DecisionEvaluator, ErrorContext, RetryPolicy, TaskHandler } from './shell/effects.js';
import type { CaseInstanceId, CaseInstanceState, TeamMember, TransitionRecord, User } from './state.js';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where cases live. Default: a new `MemoryCaseStore`. */
  readonly store?: CaseStore;
  /** The clock. Default: the system clock; tests use a `VirtualClock`. */
  readonly clock?: Clock;
  /** Fresh ids for cases and plan item instances. Default: nanoid. */
  readonly idGenerator?: () => string;
  /** Bound on transitions per command (`RunawayLoop`). Default 10,000. */
  readonly maxTransitionsPerCommand?: number;
  /** Bound on timer firings per `fireDueTimers` call (`RunawayLoop`). Default 500. */
  readonly maxTimerFiringsPerCall?: number;
  /** Task handlers by definition id, definition name or processRef. */
  readonly handlers?: Readonly<Record<string, TaskHandler>>;
  /** Decision tasks' evaluator. */
  readonly decisions?: DecisionEvaluator;
  /**
   * Retries of a command after a ConcurrencyConflict (reload, re-check, re-apply), with a short
   * random back-off from the second retry on. Default 10.
   */
  readonly maxRetries?: number;
  /** This engine's name when it claims due timers (default: pid and a random suffix). */
  readonly owner?: string;
  /** How long a claimed timer stays reserved for this engine (ms, engine clock). Default 60,000. */
  readonly timerLeaseMs?: number;
  /**
   * How long this engine holds the effects a step writes to the outbox while it performs them
   * (ms, engine clock): if the process dies, another engine takes them over after it. Default 60,000.
   */
  readonly effectLeaseMs?: number;
  /**
   * Retries of a failing task handler or decision before its task faults: one policy for all, or
   * per handler key (`default` for the others). Default: one attempt, no retry.
   */
  readonly retry?: RetryPolicy | { readonly [handlerKey: string]: RetryPolicy };
  /** Polling interval of {@link CaseEngine.start} (ms). Default 1,000. */
  readonly pollIntervalMs?: number;
  /**
   * Receives every error of a task handler, a decision, a transition listener or an effect, with
   * the case and item. Such errors never fail the command that was saved. Default: none.
   */
  readonly onError?: (error: unknown, context: ErrorContext) => void;
  /** Bounds on the values that enter the engine (case file values, outputs, handler results). Default {@link INPUT_LIMITS}. */
  readonly inputLimits?: InputLimits;
  /**
   * The semantic profile every case of this engine runs under (docs/profiles.md): `cmmn` (CMMN 1.1,
   * the default), `flowable` or `camunda` (that engine's documented departures and extensions).
   */
  readonly profile?: Profile;
  /**
   * Who may give which command (docs/authorization.md). Default: on — every user command is
   * authorized against the case team and the model's roles, and a user command without a user is
   * refused. `'none'` (or `{ mode: 'off' }`) checks nothing: for tests and single-user hosts.
   */
  readonly authorization?: AuthorizationOptions | 'none';
  /**
   * Documents in CMISDocument and CMISFolder case file items (docs/documents.md): the blob store
   * holding their content (default: files under `.casekit/blobs`), the largest content (default
   * 25 MiB), the allowed content types, the longest name.
   */
  readonly documents?: DocumentOptions;
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
  readonly caseFile?: Values;
  /** The user starting the case: its owner unless `owner` names another. */
  readonly user?: User;
  /** The case owner's user id (default: the starting user's). */
  readonly owner?: string;
  /** The case team's first members: users (`{ id, roles }`) and groups (`{ id, group: true, roles }`). */
  readonly team?: readonly TeamMember[];
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
  /** Every transition this command applied (its effects' transitions included), in order; never another command's. */
  readonly transitions: readonly TransitionRecord[];
}

/** A transition listener. */
export type TransitionListener = (record: TransitionRecord) => void;

/**
 * What {@link CaseEngine.deploy} returns: the deployment, usable at once, and awaitable — awaiting
 * it writes the version to the store and rejects with that write's failure.
 */
export interface PendingDeployment extends Deployment, PromiseLike<Deployment> {}

