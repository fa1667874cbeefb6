/**
 * A case's run-time facts as the diagram shows them: the instances of each item, the criteria
 * whose sentries fired, the discretionary items that may be planned now. Read from the engine's
 * public views only: the snapshot (`getCase`), the history and `applicableDiscretionaryItems`.
 */
import type { ApplicableItem, CaseSnapshot, Criterion, PlanItemState, TransitionRecord } from '@casekit/core';
import type { Item, ModelIndex } from './model-index.js';

/**
 * One plan item instance as the diagram needs it (a `PlanItemSnapshot` is one).
 *
 * @example
 * const instance: LiveInstance = { itemId: 'pi_review', state: 'Active' };
 */
export interface LiveInstance {
  /** The plan item's (or discretionary item's) id. */
  readonly itemId: string;
  readonly state: PlanItemState;
  /** The exit criterion through which it exited, when known. */
  readonly exitCriterion?: string | undefined;
}

/**
 * The state of a case as the diagram needs it: a {@link CaseSnapshot} (`engine.getCase`) is one,
 * and {@link caseFromHistory} rebuilds one from a case's transitions.
 *
 * @example
 * const live: LiveCase = { state: 'Active', items: [{ itemId: 'pi_review', state: 'Active' }] };
 * renderSvg(model, { snapshot: live });
 */
export interface LiveCase {
  readonly state: CaseSnapshot['state'];
  /** The `<case>` id it runs, to pick the case of a model defining several. */
  readonly caseDefinitionId?: string | undefined;
  /** Every plan item instance, in creation order (an instance of the case plan model itself is ignored). */
  readonly items: readonly LiveInstance[];
}

/**
 * Rebuilds the state of one case from its transitions (oldest first; the history of
 * `engine.history`, or the timeline of a scenario run): each instance's latest state, the case's
 * latest state. `caseId` defaults to the case of the first record.
 *
 * @example
 * const result = await runScenario(xml, scenario);
 * const svg = renderSvg(model, { snapshot: caseFromHistory(result.timeline), history: result.timeline });
 */
export function caseFromHistory(history: readonly TransitionRecord[], caseId?: string): LiveCase {
  const id = caseId ?? history[0]?.caseId;
  let state: CaseSnapshot['state'] = 'Active';
  const instances = new Map<string, { itemId: string; state: PlanItemState }>();
  for (const r of history) {
    if (r.caseId !== id) continue;
    if (r.scope === 'case') state = r.to as CaseSnapshot['state'];
    else if (r.scope === 'planItem' && r.instanceId !== undefined && r.itemId !== undefined) {
      const known = instances.get(r.instanceId);
      if (known === undefined) instances.set(r.instanceId, { itemId: r.itemId, state: r.to as PlanItemState });
      else known.state = r.to as PlanItemState;
    }
  }
  return { state, items: [...instances.values()] };
}

/** What the diagram of a running case draws on top of the model. */
export interface LiveView {
  readonly caseState: CaseSnapshot['state'];
  /** Instances by plan item (or discretionary item) id, in creation order. */
  readonly instances: ReadonlyMap<string, readonly LiveInstance[]>;
  /** Ids of criteria whose sentry fired (entered or exited an instance, or terminated the case). */
  readonly fired: ReadonlySet<string>;
  /** Discretionary item ids that may be planned now. */
  readonly plannable: ReadonlySet<string>;
}

/** Transitions by which an instance is entered out of Available (what an entry criterion causes). */
const ENTERING: ReadonlySet<string> = new Set(['start', 'enable', 'occur']);

/** Builds the live view of a case. */
export function liveView(
  index: ModelIndex,
  snapshot: LiveCase,
  history: readonly TransitionRecord[] | undefined,
  applicable: readonly ApplicableItem[] | undefined,
): LiveView {
  const instances = new Map<string, LiveInstance[]>();
  for (const item of snapshot.items) {
    let list = instances.get(item.itemId);
    if (list === undefined) instances.set(item.itemId, (list = []));
    list.push(item);
  }
  const fired = new Set<string>();
  for (const item of snapshot.items) if (item.exitCriterion !== undefined) fired.add(item.exitCriterion);
  if (history !== undefined) firedFromHistory(index, history, fired);
  const plannable = new Set((applicable ?? []).map((a) => a.itemId));
  return { caseState: snapshot.state, instances, fired, plannable };
}

/** The on-parts of a criterion all occurred at or before `seq`. */
function satisfiedBefore(index: ModelIndex, criterion: Criterion, seq: number, events: ReadonlyMap<string, readonly TransitionRecord[]>): boolean {
  const sentry = index.sentryOf(criterion);
  if (sentry === undefined) return false;
  return sentry.onParts.every((onPart) => {
    if (onPart.sourceRef === undefined || onPart.standardEvent === undefined) return false;
    const key = onPart.kind === 'CaseFileItemOnPart' ? `file:${index.caseFileNames.get(onPart.sourceRef) ?? onPart.sourceRef}` : `item:${onPart.sourceRef}`;
    return (events.get(key) ?? []).some((r) => r.seq <= seq && r.transition === onPart.standardEvent);
  });
}

/**
 * Which entry criterion entered each instance, and which exit criterion of the case plan model
 * terminated the case: the criteria whose on-parts had all occurred by then. When none of an
 * item's criteria qualifies (if-part only, or remembered across a stage), those without on-parts
 * are taken, else the only one. A case terminated by a user is not credited to any criterion.
 */
function firedFromHistory(index: ModelIndex, history: readonly TransitionRecord[], fired: Set<string>): void {
  const events = new Map<string, TransitionRecord[]>();
  for (const r of history) {
    if (r.itemId === undefined) continue;
    const key = r.scope === 'caseFile' ? `file:${r.itemId}` : `item:${r.itemId}`;
    let list = events.get(key);
    if (list === undefined) events.set(key, (list = []));
    list.push(r);
  }
  const credit = (criteria: readonly Criterion[], seq: number, fallback: boolean): void => {
    if (criteria.length === 0) return;
    let matched = criteria.filter((c) => satisfiedBefore(index, c, seq, events));
    if (!fallback) matched = matched.filter((c) => (index.sentryOf(c)?.onParts.length ?? 0) > 0);
    else if (matched.length === 0) matched = criteria.filter((c) => (index.sentryOf(c)?.onParts.length ?? 1) === 0);
    if (matched.length === 0 && criteria.length === 1) matched = [...criteria];
    for (const c of matched) if (c.id !== undefined) fired.add(c.id);
  };
  for (const r of history) {
    if (r.scope === 'planItem' && r.from === 'Available' && ENTERING.has(r.transition) && r.itemId !== undefined) {
      const item = index.byId(r.itemId);
      if (item?.kind === 'PlanItem' || item?.kind === 'DiscretionaryItem') credit((item as Item).entryCriteria, r.seq, true);
    } else if (r.scope === 'planItem' && r.transition === 'exit' && r.itemId !== undefined) {
      // An item also exits with its stage: only a criterion whose on-parts all occurred is credited.
      const item = index.byId(r.itemId);
      if (item?.kind === 'PlanItem' || item?.kind === 'DiscretionaryItem') credit((item as Item).exitCriteria, r.seq, false);
    } else if (r.scope === 'case' && r.transition === 'terminate') {
      for (const [planId] of index.planModels) {
        const plan = index.byId(planId);
        if (plan?.kind === 'Stage') credit(plan.exitCriteria, r.seq, false);
      }
    }
  }
}
