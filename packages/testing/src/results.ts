/**
 * What a scenario run reports: its result, failures and mismatches, the states and snapshot of the
 * case, and the options of a run.
 */
import type { CaseEngine, DecisionEvaluator, JsonValue, TransitionRecord } from '@casekit/core';
import type { Profile, ScenarioProblem } from './scenario.js';

/** One failed check. */
export interface Mismatch {
  /** The ref checked (`case`, `caseFile`, `discretionary`, or an item ref). */
  readonly ref: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** The states of every item at a point of the run. */
export interface ItemStateRow {
  readonly case: string;
  readonly id: string;
  readonly name: string;
  readonly instance: number;
  readonly state: string;
}

/** Why a run failed. */
export interface ScenarioFailure {
  /** 1-based step number. */
  readonly step: number;
  readonly stepText: string;
  readonly mismatches: readonly Mismatch[];
  /** The engine's error, when a command was rejected unexpectedly. */
  readonly error?: { readonly code: string; readonly name: string; readonly message: string };
  readonly states: readonly ItemStateRow[];
}

/** The final snapshot, in the format `casekit run --json` prints. */
export interface ScenarioSnapshot {
  readonly case: string;
  readonly items: readonly {
    readonly id: string;
    readonly name: string;
    readonly definition: string | null;
    readonly type: string;
    readonly stage: string | null;
    readonly state: string;
    readonly instance: number;
  }[];
  readonly caseFile: Readonly<Record<string, JsonValue>>;
}

/** The outcome of a run. */
export interface ScenarioResult {
  /** 0: every expectation held; 1: an expectation failed or a command was rejected; 2: invalid model or scenario. */
  readonly exitCode: 0 | 1 | 2;
  readonly title: string | undefined;
  readonly stepsRun: number;
  readonly failure: ScenarioFailure | undefined;
  /** For exit code 2: what is invalid (`problems` lists each problem of an invalid scenario). */
  readonly invalid: { readonly code: string; readonly message: string; readonly step?: number; readonly problems?: readonly ScenarioProblem[] } | undefined;
  readonly snapshot: ScenarioSnapshot | undefined;
  /** Every transition of the run (root case and child cases), in order. */
  readonly timeline: readonly TransitionRecord[];
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Loads the decision tables a scenario's `decisions` names (path relative to the scenario). */
  readonly loadDecisions?: (decisions: Readonly<Record<string, string>>) => DecisionEvaluator | Promise<DecisionEvaluator>;
  /** File name of the model, for messages. */
  readonly modelName?: string;
  /**
   * Further models deployed before the case starts (a scenario's `models`, `casekit run --model`):
   * a case task's caseRef may name a case of any of them, and their items are named in steps.
   */
  readonly models?: readonly { readonly xml: string; readonly name?: string }[];
  /** Runs only the scenario's first `stopAfterStep` steps (`casekit render --step N`). */
  readonly stopAfterStep?: number;
  /**
   * Called when the run ends (passed, failed or stopped) with the engine and the root case's id,
   * to read the case through the engine's API (`casekit render` draws it).
   */
  readonly onEnd?: (engine: CaseEngine, caseId: string) => void | Promise<void>;
}

/**
 * The semantic profiles this engine version runs. A scenario naming another one fails with
 * `ScenarioUnsupported` (exit 2) before its case starts.
 */
export const ENGINE_PROFILES: readonly Profile[] = ['cmmn', 'flowable', 'camunda'];

