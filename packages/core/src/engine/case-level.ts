/**
 * The case instance's own lifecycle (CMMN 1.1 §8.2, cmmn-semantics §2): case-level commands act
 * on the case plan model, and the case follows its case plan model's transitions.
 */
import { IllegalTransitionError } from '../errors.js';
import { nextCaseState, type CaseTransition, type PlanItemState, type PlanItemTransition } from '../lifecycle/index.js';
import type { CaseCommandName } from './commands.js';
import { completionBlocker } from './completion.js';
import type { StepRun } from './kernel/step-run.js';
import type { CaseInstanceState } from './state.js';

const ROOT = 0;

/** A case-level command. */
export function caseCommand(run: StepRun, transition: CaseCommandName): void {
  const from = run.s.state;
  if (nextCaseState(from, transition as CaseTransition) === undefined) {
    throw new IllegalTransitionError(run.s.id, from, transition, undefined, { caseId: run.s.id });
  }
  switch (transition) {
    case 'complete': {
      const blocker = completionBlocker(run, ROOT, false);
      if (blocker !== undefined) throw new IllegalTransitionError(run.s.id, from, 'complete', blocker, { caseId: run.s.id });
      run.transition(ROOT, 'complete');
      return;
    }
    case 'terminate':
      run.transition(ROOT, 'terminate');
      return;
    case 'suspend':
      run.transition(ROOT, 'suspend');
      return;
    case 'reactivate':
      reactivate(run, from);
      return;
    case 'close':
      setCaseState(run, 'close', 'Closed');
      return;
  }
}

function reactivate(run: StepRun, from: CaseInstanceState['state']): void {
  if (from === 'Suspended') {
    run.transition(ROOT, 'resume');
    return;
  }
  // Completed, Terminated or Failed: the case plan model becomes Active again; its children stay
  // as they are, so the case waits for planning or a manual completion. The case plan model's
  // change is recorded (as `reactivate`) so that history replays to the same state.
  const root = run.inst(ROOT);
  const rootFrom = root.state;
  root.state = 'Active';
  root.updatedAt = run.now;
  run.record(ROOT, 'planItem', 'reactivate', rootFrom, 'Active');
  setCaseState(run, 'reactivate', 'Active');
}

/** Records the case's own transition; an ending child case tells its parent (an effect). */
export function setCaseState(run: StepRun, transition: CaseTransition, to: CaseInstanceState['state']): void {
  const from = run.s.state;
  run.s.before = from;
  run.s.state = to;
  run.record(undefined, 'case', transition, from, to);
  if ((to === 'Completed' || to === 'Terminated' || to === 'Failed') && run.s.parentCase !== undefined) {
    run.effects.push({ kind: 'caseEnded', state: to });
  }
}

/** The case follows its case plan model. */
export function afterRootTransition(run: StepRun, transition: PlanItemTransition, to: PlanItemState): void {
  if (transition === 'start') return;
  if (to === 'Completed') setCaseState(run, 'complete', 'Completed');
  else if (to === 'Terminated') setCaseState(run, 'terminate', 'Terminated');
  else if (transition === 'suspend') setCaseState(run, 'suspend', 'Suspended');
  else if (transition === 'resume') setCaseState(run, 'reactivate', 'Active');
  else if (to === 'Failed') setCaseState(run, 'fault', 'Failed');
}
