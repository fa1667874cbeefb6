/**
 * Stage and case completion (CMMN 1.1 §8.6.3, cmmn-semantics §6): a stage completes by itself
 * when no child is Active or Failed and every required child is done (and, without autoComplete,
 * every child is done); a user may complete it manually on the weaker condition. Checked in O(1)
 * from the per-stage tallies the kernel keeps; the children are scanned only to say what blocks.
 */
import type { Watcher } from './compile/compiled-case.js';
import { evaluateIn, type InstanceView } from './kernel/view.js';
import { isSemiTerminal, type StepRun } from './kernel/step-run.js';

/** O(1): may stage `n` complete now? `auto`: by itself (its autoComplete mode), else by a user. */
export function canComplete(view: InstanceView, n: number, auto: boolean): boolean {
  const stage = view.inst(n);
  const tally = stage.tally;
  if (tally === undefined) return completionBlocker(view, n, auto) === undefined;
  if (tally.active > 0 || tally.failed > 0 || tally.requiredOpen > 0) return false;
  const node = view.c.nodes[stage.node]!;
  if (!auto || node.autoComplete || tally.open === 0) return true;
  // A profile may let some open children not keep the stage open (docs/profiles.md): only then are they looked at.
  return node.exemptChildren && completionBlocker(view, n, auto) === undefined;
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
    if (auto && !autoComplete && !isSemiTerminal(state) && !leavesStageOpen(view, child)) return `${named} is ${state}`;
  }
  return undefined;
}

/**
 * Under a profile (docs/profiles.md): does this open child leave its stage free to complete by
 * itself — an Available instance whose completion-neutral rule holds, one that waits for its
 * item's next repetition, or an event listener that no sentry can hear any longer?
 */
function leavesStageOpen(view: InstanceView, n: number): boolean {
  const instance = view.inst(n);
  const exemption = view.c.nodes[instance.node]!.openExemption;
  if (exemption === undefined || instance.state !== 'Available') return false;
  if (exemption.waitingRepetition && instance.repetition > 1) return true;
  if (exemption.neutral !== undefined && (exemption.neutral === true || evaluateIn(view, exemption.neutral, n))) return true;
  return exemption.listenerWatchers !== undefined && !exemption.listenerWatchers.some((w) => canHear(view, n, w));
}

/**
 * Can the owner of this watcher still hear the listener `n` occur: is an instance of it in the
 * listener's scope in a state that watches the criterion, or may one still come (a stage on the
 * way to it not yet Active, a discretionary item not yet planned)?
 */
function canHear(view: InstanceView, n: number, watcher: Watcher): boolean {
  const listener = view.inst(n);
  const scope = watcher.scopeDepth < listener.ancestors.length ? listener.ancestors[watcher.scopeDepth]! : n;
  const nodes = view.c.nodes;
  const chain: number[] = [];
  for (let k: number | undefined = watcher.node; k !== undefined && nodes[k]!.depth > watcher.scopeDepth; k = nodes[k]!.parent) chain.unshift(k);
  let level = [scope];
  for (const k of chain) {
    if (nodes[k]!.discretionary) return true;
    const next: number[] = [];
    for (const s of level) {
      const state = view.inst(s).state;
      if (state !== 'Active' && !isSemiTerminal(state) && state !== 'Failed') return true;
      for (const child of view.inst(s).children ?? []) if (view.inst(child).node === k) next.push(child);
    }
    level = next;
  }
  const criterion = nodes[watcher.node]!.criteria[watcher.criterion]!;
  return level.some((owner) => criterion.watchedIn.has(view.inst(owner).state));
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
