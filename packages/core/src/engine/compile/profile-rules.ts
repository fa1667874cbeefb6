/**
 * What a semantic profile (docs/profiles.md) compiles into a case: the drafts it lets a case start
 * with, the transitions after which an item repeats, when an open instance does not keep its stage
 * open, and the stages a cross-border entry starts. Under `cmmn` each returns the CMMN reading
 * (nothing set), so the step never learns which profile it runs under.
 */
import { compileExpression } from '@casekit/rules';
import { PLAN_ITEM_TRANSITIONS, type PlanItemTransition } from '../../lifecycle/index.js';
import type { CmmnModel } from '../../model/cmmn-model.js';
import { NS } from '../../model/namespaces.js';
import type { Problem } from '../../model/problems.js';
import type { CaseTask, PlanItemControl, PlanItemDefinition, Sentry, Stage } from '../../model/types.js';
import { extensionAttribute } from '../../model/types.js';
import type { XmlElement } from '../../model/xml.js';
import { caseRefCandidates } from '../../model/external-ref.js';
import { REPEATS_AFTER_OCCUR, type ProfileFacts } from '../profile.js';
import type { CompiledNode, CompiledOnPart, CompiledRule, OpenExemption, TimerStartWatcher, Watcher } from './compiled-case.js';

/** The case tasks defined in a stage and the stages inside it, by id. */
function caseTasks(stage: Stage | undefined, out: Map<string, CaseTask>): Map<string, CaseTask> {
  for (const definition of stage?.planItemDefinitions ?? []) {
    if (definition.kind === 'CaseTask' && definition.id !== undefined) out.set(definition.id, definition);
    else if (definition.kind === 'Stage') caseTasks(definition, out);
  }
  return out;
}

/** Every case file item on-part of the sentries of a stage and the stages and plan fragments inside it. */
function caseFileOnParts(stage: Stage | undefined, out: Set<object>): Set<object> {
  if (stage === undefined) return out;
  const visit = (sentries: readonly Sentry[]): void => {
    for (const sentry of sentries) for (const onPart of sentry.onParts) if (onPart.kind === 'CaseFileItemOnPart') out.add(onPart);
  };
  visit(stage.sentries);
  for (const definition of stage.planItemDefinitions) {
    if (definition.kind === 'Stage') caseFileOnParts(definition, out);
    else if (definition.kind === 'PlanFragment') visit(definition.sentries);
  }
  return out;
}

/**
 * The draft problems that keep a case from starting: not a case task's caseRef that names a case
 * deployed beside the model (`externalCases`, with or without a file or QName prefix), and under
 * Camunda's reading none about the case file item on-parts it ignores.
 */
export function startableDrafts(model: CmmnModel, facts: ProfileFacts, externalCases: ReadonlySet<string> | undefined): Problem[] {
  let drafts = model.problems.filter((p) => p.severity === 'draft');
  if (externalCases !== undefined && drafts.some((p) => p.code === 'UnresolvedExternalReference')) {
    const tasks = new Map<string, CaseTask>();
    for (const c of model.definitions.cases) caseTasks(c.casePlanModel, tasks);
    drafts = drafts.filter((p) => {
      const task = p.code === 'UnresolvedExternalReference' && p.elementId !== undefined ? tasks.get(p.elementId) : undefined;
      return task?.caseRef === undefined || !caseRefCandidates(task.caseRef).some((id) => externalCases.has(id));
    });
  }
  if (!facts.ignoreCaseFileOnParts || drafts.length === 0) return drafts;
  const ignored = new Set<string>();
  for (const c of model.definitions.cases) {
    for (const onPart of caseFileOnParts(c.casePlanModel, new Set())) {
      const at = model.positionOf(onPart);
      if (at !== undefined) ignored.add(`${at.line}:${at.column}`);
    }
  }
  return drafts.filter((p) => !((p.code === 'OnPartWithoutSource' || p.code === 'OnPartWithoutStandardEvent') && ignored.has(`${p.line ?? 0}:${p.column ?? 0}`)));
}

/**
 * Camunda's `<camunda:variableOnPart variableName="x"><camunda:variableEvent>create</camunda:variableEvent>`
 * in a sentry's extension elements: an on-part on the create, update or delete of that variable,
 * which casekit keeps in the case file namespace (cmmn-semantics §9).
 */
export function variableOnParts(facts: ProfileFacts, sentry: Sentry | undefined): CompiledOnPart[] {
  if (!facts.variableOnParts || sentry?.extensionElements === undefined) return [];
  const out: CompiledOnPart[] = [];
  for (const element of sentry.extensionElements) {
    if (element.namespace !== NS.camunda || element.local !== 'variableOnPart') continue;
    const name = element.attributes.find((a) => a.local === 'variableName')?.value;
    const event = childText(element, 'variableEvent')?.trim();
    if (name !== undefined && event !== undefined) out.push({ kind: 'caseFile', name, event });
  }
  return out;
}

/** What a profile changes in a node's behaviour: the transitions after which it repeats (undefined: its kind's). */
export function profileRepeatsAfter(facts: ProfileFacts, definition: PlanItemDefinition, rule: PlanItemControl['repetitionRule']): ReadonlySet<PlanItemTransition> | undefined {
  if (rule === undefined) return undefined;
  if (facts.eventListenerRepetition && (definition.kind === 'UserEventListener' || definition.kind === 'TimerEventListener')) return REPEATS_AFTER_OCCUR;
  if (facts.repeatOnStandardEvent) {
    const event = extensionAttribute(rule, NS.camunda, 'repeatOnStandardEvent');
    if (event !== undefined && (PLAN_ITEM_TRANSITIONS as readonly string[]).includes(event)) return Object.freeze(new Set([event as PlanItemTransition]));
  }
  return undefined;
}

/** The text of a foreign element's child element `local` (e.g. a `<condition>` inside `<flowable:completionNeutralRule>`). */
function childText(element: XmlElement, local: string): string | undefined {
  for (const child of element.children) {
    if (typeof child !== 'string' && child.local === local) return child.children.filter((c): c is string => typeof c === 'string').join('');
  }
  return undefined;
}

/** Flowable's `<flowable:completionNeutralRule>` in the first item control's extension elements that has one (an optional `<condition>`). */
function completionNeutral(model: CmmnModel, controls: readonly (PlanItemControl | undefined)[], ownerId: string): CompiledRule | undefined {
  for (const control of controls) {
    const element = control?.extensionElements?.find((e) => e.namespace === NS.flowable && e.local === 'completionNeutralRule');
    if (element === undefined) continue;
    const condition = childText(element, 'condition')?.trim();
    if (condition === undefined || condition === '') return true;
    return compileExpression(condition, { language: model.definitions.expressionLanguage, id: ownerId });
  }
  return undefined;
}

/** When a node's open instances do not keep their stage open (undefined: always, as in CMMN). */
export function openExemptionOf(
  facts: ProfileFacts,
  model: CmmnModel,
  controls: readonly (PlanItemControl | undefined)[],
  id: string,
  repeatsOnEntry: boolean,
): OpenExemption | undefined {
  const neutral = facts.completionNeutralRule ? completionNeutral(model, controls, id) : undefined;
  const waitingRepetition = facts.repetitionWaitNeutral && repeatsOnEntry;
  return neutral === undefined && !waitingRepetition ? undefined : { neutral, waitingRepetition, listenerWatchers: undefined };
}

/**
 * Flowable's idle event listeners: each listener node is given the watchers of its `occur`, so
 * that completion can ask whether any of them can still hear it; every stage with such a child (or
 * any other exemption) is marked. A listener that starts a timer keeps the CMMN reading.
 */
export function markIdleListeners(
  facts: ProfileFacts,
  nodes: { index: number; kind: CompiledNode['kind']; parent: number | undefined; openExemption: OpenExemption | undefined; exemptChildren: boolean }[],
  planItemWatchers: ReadonlyMap<string, readonly Watcher[]>,
  timerStartByPlanItem: ReadonlyMap<string, readonly TimerStartWatcher[]>,
): void {
  if (facts.idleListenersNeutral) {
    for (const node of nodes) {
      if (node.kind !== 'eventListener' || node.index === 0 || timerStartByPlanItem.has(`${node.index}:occur`)) continue;
      node.openExemption = { neutral: undefined, waitingRepetition: false, ...node.openExemption, listenerWatchers: planItemWatchers.get(`${node.index}:occur`) ?? [] };
    }
  }
  for (const node of nodes) if (node.openExemption !== undefined && node.parent !== undefined) nodes[node.parent]!.exemptChildren = true;
}

/**
 * Flowable's cross-border entry: the stage nodes between an entry on-part's scope and its owner
 * (outermost first), which the event starts when they are Available; undefined when there are none.
 */
export function crossBorderStages(
  facts: ProfileFacts,
  type: 'entry' | 'exit',
  nodes: readonly { readonly depth: number; readonly discretionary: boolean }[],
  ancestors: readonly number[],
  owner: number,
  scopeDepth: number,
): readonly number[] | undefined {
  if (!facts.crossBorderActivation || type !== 'entry' || nodes[owner]!.discretionary) return undefined;
  const chain = ancestors.filter((a) => nodes[a]!.depth > scopeDepth);
  return chain.length === 0 ? undefined : chain;
}
