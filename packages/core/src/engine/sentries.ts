/**
 * Sentries (CMMN 1.1 §5.4.6, cmmn-semantics §4): on-parts remembered per owner instance while the
 * owner is in a state that watches the criterion, if-parts evaluated when every on-part has
 * occurred, satisfied criteria fired in model order. Events reach only the criteria that watch
 * them, through the compiled watcher indexes.
 */
import type { PlanItemState } from '../lifecycle/index.js';
import { ON_PARTS_PER_WORD } from './compile/compile.js';
import type { CompiledCriterion, CompiledNode, Watcher } from './compile/compiled-case.js';
import type { FileEvent, ItemEvent } from './kernel/agenda.js';
import type { StepRun } from './kernel/step-run.js';

type Satisfied = { n: number; criterion: CompiledCriterion };

/** The full mask of word `w` of a criterion's memory: one bit per on-part in that word. */
function fullWord(criterion: CompiledCriterion, w: number): number {
  const bits = Math.min(ON_PARTS_PER_WORD, criterion.onParts.length - w * ON_PARTS_PER_WORD);
  return bits <= 0 ? 0 : bits === ON_PARTS_PER_WORD ? 0x7fffffff : (1 << bits) - 1;
}

/** Have all on-parts of the criterion occurred (true for a criterion without on-parts)? */
export function allOccurred(memory: readonly number[] | undefined, criterion: CompiledCriterion): boolean {
  for (let w = 0; w < criterion.memoryWords; w++) {
    if ((memory?.[criterion.memoryOffset + w] ?? 0) !== fullWord(criterion, w)) return false;
  }
  return true;
}

/** Forgets the occurred on-parts of one criterion. */
function clear(memory: number[] | undefined, criterion: CompiledCriterion): void {
  if (memory === undefined) return;
  for (let w = 0; w < criterion.memoryWords; w++) memory[criterion.memoryOffset + w] = 0;
}

/** Has any on-part of the criterion occurred? */
function anyOccurred(memory: readonly number[], criterion: CompiledCriterion): boolean {
  for (let w = 0; w < criterion.memoryWords; w++) if ((memory[criterion.memoryOffset + w] ?? 0) !== 0) return true;
  return false;
}

/** Is the owner instance in a state where this criterion is watched? */
function watching(run: StepRun, n: number, criterion: CompiledCriterion): boolean {
  return criterion.watchedIn.has(run.inst(n).state);
}

/** A plan item event: marks the on-parts watching it in every owner in scope, fires the satisfied criteria. */
export function onItemEvent(run: StepRun, event: ItemEvent): void {
  const watchers = run.c.planItemWatchers.get(`${event.node}:${event.transition}`);
  if (watchers === undefined) return;
  const satisfied: Satisfied[] = [];
  for (const watcher of watchers) {
    const criterion = run.c.nodes[watcher.node]!.criteria[watcher.criterion]!;
    const onPart = criterion.onParts[watcher.onPart]!;
    if (onPart.kind === 'planItem' && onPart.exitCriterionId !== undefined && onPart.exitCriterionId !== event.exitCriterion) continue;
    const scope = run.anchor(event.n, watcher.scopeDepth);
    if (watcher.activate !== undefined) crossBorder(run, watcher, criterion, scope, event.seq, satisfied);
    mark(run, watcher, criterion, event.seq, (owner) => run.anchor(owner, watcher.scopeDepth) === scope, satisfied);
  }
  fireSatisfied(run, satisfied);
}

/** A case file event: marks the on-parts watching it, re-evaluates the if-parts that read the item, fires. */
export function onFileEvent(run: StepRun, event: FileEvent): void {
  const satisfied: Satisfied[] = [];
  for (const watcher of run.c.caseFileWatchers.get(`${event.name}:${event.transition}`) ?? []) {
    const criterion = run.c.nodes[watcher.node]!.criteria[watcher.criterion]!;
    mark(run, watcher, criterion, event.seq, () => true, satisfied);
  }
  // If-parts that read this name are re-evaluated while their owner waits with all on-parts occurred.
  const readers = [...(run.c.ifPartReaders.get(event.name) ?? []), ...run.c.ifPartAlways];
  for (const watcher of readers) {
    const criterion = run.c.nodes[watcher.node]!.criteria[watcher.criterion]!;
    for (const owner of run.instancesOf(watcher.node)) {
      if (!watching(run, owner, criterion)) continue;
      if (!allOccurred(run.inst(owner).memory, criterion)) continue;
      if (!satisfied.some((s) => s.n === owner && s.criterion === criterion)) satisfied.push({ n: owner, criterion });
    }
  }
  fireSatisfied(run, satisfied);
}

/** Sets the on-part's bit in every watching owner in scope; collects owners whose sentry is complete. */
function mark(run: StepRun, watcher: Watcher, criterion: CompiledCriterion, seq: number, inScope: (owner: number) => boolean, satisfied: Satisfied[]): void {
  for (const owner of run.instancesOf(watcher.node)) {
    const instance = run.inst(owner);
    if (instance.createdSeq > seq || !watching(run, owner, criterion) || !inScope(owner)) continue;
    remember(run, owner, watcher, criterion, satisfied);
  }
}

/** Remembers that one on-part of an owner's criterion occurred; collects the owner when its sentry is complete. */
function remember(run: StepRun, owner: number, watcher: Watcher, criterion: CompiledCriterion, satisfied: Satisfied[]): void {
  const memory = run.inst(owner).memory!;
  const word = criterion.memoryOffset + Math.floor(watcher.onPart / ON_PARTS_PER_WORD);
  memory[word] = (memory[word] ?? 0) | (1 << watcher.onPart % ON_PARTS_PER_WORD);
  if (criterion.onEvent) run.onEventTouched.push({ n: owner, criterion: criterion.index });
  if (allOccurred(memory, criterion)) satisfied.push({ n: owner, criterion });
}

/**
 * Flowable's cross-border entry (docs/profiles.md; compiled only under that profile): when the
 * event alone satisfies an entry sentry (its one on-part, its if-part true) whose owner lies in
 * stages that are still Available, those stages start, outermost first, and the owner instance
 * their activation creates takes the event that caused it.
 */
function crossBorder(run: StepRun, watcher: Watcher, criterion: CompiledCriterion, scope: number, seq: number, satisfied: Satisfied[]): void {
  if (criterion.onParts.length !== 1 || run.inst(scope).state !== 'Active') return;
  let stage = scope;
  let started = false;
  for (const node of watcher.activate!) {
    const children = run.inst(stage).children ?? [];
    let found: number | undefined;
    for (let i = children.length - 1; i >= 0 && found === undefined; i--) if (run.inst(children[i]!).node === node) found = children[i];
    if (found === undefined) return;
    if (run.inst(found).state === 'Available') {
      if (!started && criterion.ifPart !== undefined && !run.evaluate(criterion.ifPart, undefined)) return;
      run.transition(found, 'start');
      started = true;
    }
    if (run.inst(found).state !== 'Active') return;
    stage = found;
  }
  if (!started) return;
  for (const owner of run.inst(stage).children ?? []) {
    const instance = run.inst(owner);
    if (instance.node === watcher.node && instance.createdSeq > seq && watching(run, owner, criterion)) remember(run, owner, watcher, criterion, satisfied);
  }
}

/** Fires satisfied criteria in model order (node, then criterion, then instance); an owner enters at most once. */
function fireSatisfied(run: StepRun, satisfied: Satisfied[]): void {
  if (satisfied.length === 0) return;
  satisfied.sort((a, b) => run.inst(a.n).node - run.inst(b.n).node || a.criterion.index - b.criterion.index || a.n - b.n);
  const fired = new Set<number>();
  for (const { n, criterion } of satisfied) {
    if (criterion.type === 'entry' && fired.has(n)) continue;
    if (!watching(run, n, criterion)) continue;
    if (!allOccurred(run.inst(n).memory, criterion)) continue;
    if (criterion.ifPart !== undefined && !run.evaluate(criterion.ifPart, n)) continue;
    fired.add(n);
    fire(run, n, criterion);
  }
}

/** A satisfied criterion triggers one transition of its owner, and is consumed. */
function fire(run: StepRun, n: number, criterion: CompiledCriterion): void {
  const instance = run.inst(n);
  clear(instance.memory, criterion);
  if (criterion.type === 'entry') {
    run.enter(n);
    return;
  }
  const exit = run.node(n).behaviour.exit;
  if (exit === 'terminate') {
    instance.exitCriterion = criterion.id;
    run.transition(n, 'terminate');
  } else if (exit === 'parentTerminate') {
    run.transition(n, 'parentTerminate');
  } else {
    run.transition(n, 'exit', criterion.id ?? criterion.sentryId ?? '');
  }
}

/**
 * Criteria with no on-part are evaluated at creation (and on every case file change), in model
 * order, each only while its owner is in a state that watches it: entry criteria first (one fires
 * at most), then exit criteria — which also hold for an item entered at once for lack of entry criteria.
 */
export function evaluateStandingCriteria(run: StepRun, n: number): void {
  for (const criterion of run.node(n).criteria) {
    if (criterion.onParts.length > 0) continue;
    if (!watching(run, n, criterion)) continue;
    if (criterion.ifPart === undefined || run.evaluate(criterion.ifPart, n)) fire(run, n, criterion);
  }
}

/**
 * Memory (§4, casekit rule): a sentry forgets its occurred on-parts when its owner leaves the
 * states in which the sentry is watched (e.g. Available → Suspended for an entry criterion, any
 * final state for every criterion). Costs one check per criterion of the node.
 */
export function forget(run: StepRun, n: number, node: CompiledNode, from: PlanItemState, to: PlanItemState): void {
  const memory = run.inst(n).memory;
  if (memory === undefined) return;
  for (const criterion of node.criteria) {
    if (criterion.watchedIn.has(from) && !criterion.watchedIn.has(to) && anyOccurred(memory, criterion)) clear(memory, criterion);
  }
}

/** `onEvent` sentries remember their on-parts for one step only. */
export function forgetOnEvent(run: StepRun): void {
  for (const { n, criterion } of run.onEventTouched) clear(run.inst(n).memory, run.node(n).criteria[criterion]!);
}
