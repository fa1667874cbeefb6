/**
 * Entering a plan item (CMMN 1.1 §8.6.1, cmmn-semantics §3): at creation, an item without entry
 * criteria enters at once and criteria without on-parts are evaluated; entering starts or enables
 * a task or stage (manual activation rule), makes a milestone occur, and leaves an event listener
 * waiting for its event.
 */
import { repeatOnEntry } from './repetition.js';
import { evaluateStandingCriteria } from './sentries.js';
import type { StepRun } from './kernel/step-run.js';

/** After creation: enter items without entry criteria, evaluate if-part-only sentries. */
export function afterCreate(run: StepRun, n: number): void {
  if (run.inst(n).state !== 'Available') return;
  const node = run.node(n);
  if (node.entryCount === 0 && node.behaviour.entry !== 'wait') enter(run, n);
  evaluateStandingCriteria(run, n);
}

/** Entry satisfied: repetition, then start / enable / occur. */
export function enter(run: StepRun, n: number): void {
  if (run.inst(n).state !== 'Available') return;
  const node = run.node(n);
  repeatOnEntry(run, n, node);
  if (node.behaviour.entry === 'occur') run.transition(n, 'occur');
  else if (node.behaviour.entry === 'startOrEnable') run.transition(n, run.rule(node.manualActivation, n) ? 'enable' : 'start');
}
