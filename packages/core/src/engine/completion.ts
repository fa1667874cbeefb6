/**
 * Stage and case completion (CMMN 1.1 §8.6.3, cmmn-semantics §6): a stage completes by itself
 * when no child is Active or Failed and every required child is done (and, without autoComplete,
 * every child is done); a user may complete it manually on the weaker condition. Checked in O(1)
 * from the per-stage tallies the kernel keeps; the children are scanned only to say what blocks.
 */
import type { InstanceView } from './kernel/view.js';
import { isSemiTerminal, type StepRun } from './kernel/step-run.js';

/** O(1): may stage `n` complete now? `auto`: by itself (its autoComplete mode), else by a user. */
export function canComplete(view: InstanceView, n: number, auto: boolean): boolean {
  const stage = view.inst(n);
  const tally = stage.tally;
  if (tally === undefined) return completionBlocker(view, n, auto) === undefined;
  if (tally.active > 0 || tally.failed > 0 || tally.requiredOpen > 0) return false;
  return !auto || view.c.nodes[stage.node]!.autoComplete || tally.open === 0;
}

/** Why a stage cannot complete now (undefined: it can), naming the child that blocks it. */
export function completionBlocker(view: InstanceView, n: number, auto: boolean): string | undefined {
  const stage = view.inst(n);
  const autoComplete = view.c.nodes[stage.node]!.autoComplete;
  for (const child of stage.children ?? []) {
    const instance = view.inst(child);
    const childNode = view.c.nodes[instance.node]!;
    const state = instance.state;
    const named = `"${childNode.name}" (${childNode.id})`;
    if (state === 'Active') return `${named} is Active`;
    if (state === 'Failed') return `${named} is Failed`;
    if (instance.required && !isSemiTerminal(state)) return `required ${named} is ${state}`;
    if (auto && !autoComplete && !isSemiTerminal(state)) return `${named} is ${state}`;
  }
  return undefined;
}

/** Why a user may not complete stage `n` now (undefined: they may); scans only when blocked. */
export function manualCompletionBlocker(view: InstanceView, n: number): string | undefined {
  return canComplete(view, n, false) ? undefined : completionBlocker(view, n, false);
}

/** At quiescence: completes every touched stage that may complete, deepest first. True when one did (or events wait). */
export function completeStages(run: StepRun): boolean {
  if (run.dirtyStages.size === 0) return false;
  const stages = [...run.dirtyStages].sort((a, b) => run.inst(b).ancestors.length - run.inst(a).ancestors.length || a - b);
  run.dirtyStages.clear();
  let completed = false;
  for (const n of stages) {
    if (run.inst(n).state !== 'Active') continue;
    if (n === 0 && run.s.state !== 'Active') continue;
    if (canComplete(run, n, true)) {
      run.transition(n, 'complete');
      completed = true;
    }
  }
  return completed || run.busy;
}
