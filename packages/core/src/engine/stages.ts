/**
 * Stages (CMMN 1.1 §8.6, cmmn-semantics §3 and §8): activating a stage creates its children;
 * suspending and resuming it propagates `parentSuspend` / `parentResume`; its ending ends the
 * children not yet done, depth first.
 */
import type { PlanItemState, PlanItemTransition } from '../lifecycle/index.js';
import type { StepRun } from './kernel/step-run.js';

const SUSPENDABLE: ReadonlySet<PlanItemState> = new Set(['Available', 'Enabled', 'Disabled', 'Active']);
const FINAL: ReadonlySet<PlanItemState> = new Set(['Completed', 'Terminated']);

/** What a stage's own transition does to its children. */
export function afterStageTransition(run: StepRun, n: number, transition: PlanItemTransition): void {
  switch (transition) {
    case 'start':
    case 'manualStart':
      activate(run, n);
      break;
    case 'suspend':
    case 'parentSuspend':
      forChildren(run, n, (child, state) => (SUSPENDABLE.has(state) ? 'parentSuspend' : undefined));
      break;
    case 'resume':
    case 'parentResume':
      forChildren(run, n, (child, state) => (state === 'Suspended' && run.inst(child).before !== undefined ? 'parentResume' : undefined));
      break;
    case 'terminate':
    case 'exit':
      endChildren(run, n, true);
      break;
    case 'complete':
      endChildren(run, n, false);
      break;
    default:
      break;
  }
}

/** Creates the stage's children (once) and tries their entry; an empty stage completes at once. */
function activate(run: StepRun, n: number): void {
  const instance = run.inst(n);
  if ((instance.children ?? []).length > 0) return;
  run.dirtyStages.add(n);
  const created = run.node(n).children.map((child) => run.create(child, n));
  for (const child of created) run.afterCreate(child);
}

function forChildren(run: StepRun, n: number, pick: (child: number, state: PlanItemState) => PlanItemTransition | undefined): void {
  for (const child of [...(run.inst(n).children ?? [])]) {
    const transition = pick(child, run.inst(child).state);
    if (transition !== undefined) run.transition(child, transition);
  }
}

/**
 * A stage ends: children not yet done get `exit` (tasks, stages) or `parentTerminate`
 * (milestones, event listeners). On completion, Disabled children stay Disabled.
 */
function endChildren(run: StepRun, n: number, terminating: boolean): void {
  for (const child of [...(run.inst(n).children ?? [])]) {
    const state = run.inst(child).state;
    if (FINAL.has(state) || (!terminating && state === 'Disabled')) continue;
    const behaviour = run.node(child).behaviour;
    if (behaviour.endableFrom.has(state)) run.transition(child, behaviour.endedByStage);
  }
}
