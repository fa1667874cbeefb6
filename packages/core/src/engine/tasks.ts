/**
 * Tasks (CMMN 1.1 §5.4.10, cmmn-semantics §10): starting a task hands its work to the host as an
 * effect (a handler, a decision, a child case; a human task waits for a user); a non-blocking task
 * completes at once; a blocking case task follows its child case, which it links in its history.
 */
import type { PlanItemState, PlanItemTransition } from '../lifecycle/index.js';
import type { CompiledNode } from './compile/compiled-case.js';
import { writeValues } from './case-file.js';
import type { StepRun } from './kernel/step-run.js';
import type { CaseInstanceId, JsonValue } from './state.js';

/** What a task's own transition hands to the host. */
export function afterTaskTransition(run: StepRun, n: number, node: CompiledNode, transition: PlanItemTransition, to: PlanItemState): void {
  const instance = run.inst(n);
  if (to === 'Active' && (transition === 'start' || transition === 'manualStart' || transition === 'reactivate')) start(run, n, node);
  if (to === 'Terminated' && instance.childCase !== undefined) {
    run.effects.push({ kind: 'terminateChildCase', instanceId: instance.id, childCase: instance.childCase });
  }
}

function start(run: StepRun, n: number, node: CompiledNode): void {
  const instanceId = run.inst(n).id;
  const onStart = node.behaviour.onStart;
  if (onStart !== 'none') run.effects.push({ kind: onStart, instanceId, node: node.index, blocking: node.isBlocking });
  if (!node.isBlocking) run.transition(n, 'complete');
}

/** The `linkChildCase` command: the case task records the child case it started. */
export function linkChildCase(run: StepRun, n: number, childCase: CaseInstanceId): void {
  const instance = run.inst(n);
  instance.childCase = childCase;
  instance.updatedAt = run.now;
  run.record(n, 'planItem', 'linkChildCase', instance.state, instance.state);
}

/** The `childCaseEnded` command: a blocking case task completes (output into the case file) or faults with its child. */
export function childCaseEnded(run: StepRun, n: number, outcome: 'Completed' | 'Terminated' | 'Failed', output: Readonly<Record<string, JsonValue>> | undefined): void {
  if (run.inst(n).state !== 'Active') return;
  if (outcome === 'Completed') {
    writeValues(run, output);
    run.transition(n, 'complete');
  } else {
    run.transition(n, 'fault');
  }
}
