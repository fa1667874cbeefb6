/**
 * Timer event listeners (CMMN 1.1 §5.4.9.1, cmmn-semantics §7): a timer's clock starts at
 * creation or on its start trigger; the due time is kept in the case state (never in an xstate
 * delay); a firing is a `fireTimer` command; a repeating interval's next firing is a new instance
 * beside the one that occurred; a suspended timer holds its clock.
 */
import { firstDue, nextDue } from '../timer/index.js';
import type { CompiledNode } from './compile/compiled-case.js';
import type { FileEvent, ItemEvent } from './kernel/agenda.js';
import type { StepRun } from './kernel/step-run.js';

/** A timer that starts at its listener's creation starts now. */
export function onCreated(run: StepRun, n: number): void {
  const instance = run.inst(n);
  if (run.node(n).timer?.start.kind === 'creation' && instance.firing === 1) startTimer(run, n, run.now);
}

/** Starts timers whose start trigger is this plan item event (in the event's scope). */
export function onItemEvent(run: StepRun, event: ItemEvent): void {
  const timers = run.c.timerStartByPlanItem.get(`${event.node}:${event.transition}`);
  if (timers === undefined) return;
  for (const timer of timers) {
    const scope = run.anchor(event.n, timer.scopeDepth);
    for (const owner of run.instancesOf(timer.node)) {
      const instance = run.inst(owner);
      if (instance.state === 'Available' && instance.createdSeq <= event.seq && run.anchor(owner, timer.scopeDepth) === scope) {
        startTimer(run, owner, run.now);
      }
    }
  }
}

/** Starts timers whose start trigger is this case file event. */
export function onFileEvent(run: StepRun, event: FileEvent): void {
  for (const timer of run.c.timerStartByCaseFile.get(`${event.name}:${event.transition}`) ?? []) {
    for (const owner of run.instancesOf(timer.node)) {
      if (run.inst(owner).state === 'Available') startTimer(run, owner, run.now);
    }
  }
}

function startTimer(run: StepRun, n: number, at: number): void {
  const instance = run.inst(n);
  const timer = run.node(n).timer;
  if (timer === undefined || instance.timerStartedAt !== undefined) return;
  instance.timerStartedAt = at;
  const due = firstDue(timer.spec, at);
  if (due !== null) schedule(run, n, due);
}

/** Inserts a timer in due order (ties: model order, then creation order). */
function schedule(run: StepRun, n: number, dueAt: number): void {
  const timers = run.s.timers;
  const node = run.inst(n).node;
  let i = timers.length;
  while (i > 0) {
    const t = timers[i - 1]!;
    const otherNode = run.inst(t.instance).node;
    if (t.dueAt < dueAt || (t.dueAt === dueAt && (otherNode < node || (otherNode === node && t.instance < n)))) break;
    i--;
  }
  timers.splice(i, 0, { instance: n, dueAt });
}

/** Removes an instance's pending timer, if any. */
export function cancelTimer(run: StepRun, n: number): void {
  const i = run.s.timers.findIndex((t) => t.instance === n);
  if (i >= 0) run.s.timers.splice(i, 1);
}

/** The `fireTimer` command: the timer leaves the list (so a host firing due timers always makes progress) and its listener occurs. */
export function fireTimer(run: StepRun, n: number): void {
  const instance = run.inst(n);
  // The next firing of a repeating interval counts from this due time, not from the clock.
  const due = run.s.timers.find((t) => t.instance === n)?.dueAt;
  if (due !== undefined) run.firedDue.set(n, due);
  cancelTimer(run, n);
  if (run.s.state !== 'Active' || instance.state !== 'Available') return;
  run.transition(n, 'occur');
}

/** A timer listener's own transitions: the next firing after `occur`, its clock held while Suspended. */
export function afterTimerTransition(run: StepRun, n: number, node: CompiledNode, transition: string, from: string, to: string): void {
  if (node.timer === undefined) return;
  if (transition === 'occur') nextFiring(run, n, node);
  // A suspended timer listener holds its clock (casekit rule): no due timer while Suspended,
  // and on resume its firing is due again at its time in the series (at once when overdue).
  else if (to === 'Suspended') cancelTimer(run, n);
  else if (from === 'Suspended' && to === 'Available') resumeTimer(run, n, node);
}

/** Reschedules a resumed timer listener: the due time of its firing, counted from its clock's start. */
function resumeTimer(run: StepRun, n: number, node: CompiledNode): void {
  const instance = run.inst(n);
  const timer = node.timer;
  if (timer === undefined || instance.timerStartedAt === undefined) return;
  let due = firstDue(timer.spec, instance.timerStartedAt);
  for (let firing = 1; due !== null && firing < instance.firing; firing++) due = nextDue(timer.spec, due, firing);
  if (due !== null) schedule(run, n, due);
}

/** A repeating interval: the next firing is a new instance beside this one. */
function nextFiring(run: StepRun, n: number, node: CompiledNode): void {
  const instance = run.inst(n);
  const timer = node.timer!;
  if (timer.spec.kind !== 'cycle' || instance.parent < 0 || run.inst(instance.parent).state !== 'Active') return;
  const previous = run.firedDue.get(n) ?? run.s.timers.find((t) => t.instance === n)?.dueAt ?? run.now;
  const due = nextDue(timer.spec, previous, instance.firing);
  if (due === null) return;
  const next = run.create(instance.node, instance.parent, instance.firing + 1);
  run.inst(next).timerStartedAt = instance.timerStartedAt;
  schedule(run, next, due);
}
