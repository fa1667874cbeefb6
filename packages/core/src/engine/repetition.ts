/**
 * Repetition (CMMN 1.1 §8.6.2, cmmn-semantics §5): where a plan item is repeated. An item with
 * entry criteria repeats when one fires and its repetition rule holds (a new Available instance
 * waits for the next); an item without entry criteria repeats when it completes or is terminated
 * (a milestone: when it occurs) while its stage is Active and the rule holds.
 */
import type { PlanItemTransition } from '../lifecycle/index.js';
import type { CompiledNode } from './compile/compiled-case.js';
import type { StepRun } from './kernel/step-run.js';

/** On entry through an entry criterion: the next instance, when the repetition rule holds. */
export function repeatOnEntry(run: StepRun, n: number, node: CompiledNode): void {
  const instance = run.inst(n);
  if (node.entryCount > 0 && run.rule(node.repetition, n)) run.create(instance.node, instance.parent);
}

/** After an item without entry criteria ends: the next instance, entered from the agenda. */
export function repeatAfterEnd(run: StepRun, n: number, node: CompiledNode, transition: PlanItemTransition): void {
  if (n === 0 || node.entryCount > 0 || node.repetition === undefined || !node.behaviour.repeatsAfter.has(transition)) return;
  const instance = run.inst(n);
  if (run.inst(instance.parent).state !== 'Active' || !run.rule(node.repetition, n)) return;
  // Entered from the agenda rather than here: a rule that never turns false then loops through
  // the agenda until the transition bound (RunawayLoop), instead of overflowing the stack.
  const next = run.create(instance.node, instance.parent);
  run.push({ kind: 'enter', n: next });
}
