/**
 * Compile once per model: turns a case of a parsed `CmmnModel` into the executable form the step
 * function runs (see compiled-case.ts): nodes with their structural facts, compiled rules and
 * expressions, and the watcher indexes.
 */
import { compileExpression, ExpressionError, type CompiledExpression } from '@casekit/rules';
import { ModelError } from '../../errors.js';
import { MAX_STAGE_NESTING } from '../../parse/stage-nesting.js';
import type { CmmnModel } from '../../model/cmmn-model.js';
import type { Problem } from '../../model/problems.js';
import type {
  Case,
  Criterion,
  DiscretionaryItem,
  Expression,
  PlanItem,
  PlanItemControl,
  PlanItemDefinition,
  PlanningTable,
  Role,
  Sentry,
  Stage,
  TimerEventListener,
} from '../../model/types.js';
import { extensionAttribute, isTask } from '../../model/types.js';
import { NS } from '../../model/namespaces.js';
import { planItemKindOf, type PlanItemKind } from '../../lifecycle/index.js';
import { PROFILE_FACTS, REPEATS_AFTER_OCCUR, type Profile, type ProfileFacts, type ProfileWarning } from '../profile.js';
import { behaviourOf, watchedStates } from './behaviour.js';
import { handlerKeys } from './handler-keys.js';
import { compileWork } from './work-spec.js';
import { caseFileItemsOf, itemIdsByNameOf } from './name-indexes.js';
import { crossBorderStages, markIdleListeners, openExemptionOf, profileRepeatsAfter, startableDrafts, variableOnParts } from './profile-rules.js';
import type {
  CompiledCase,
  CompiledCriterion,
  CompiledNode,
  CompiledOnPart,
  CompiledRule,
  NodeBehaviour,
  OpenExemption,
  TimerStartWatcher,
  Watcher,
} from './compiled-case.js';

/** On-parts per word of sentry memory (bits 0–30 of a non-negative small integer). */
export const ON_PARTS_PER_WORD = 31;

/** A node while it is compiled: the lists it fills are mutable; it is frozen when done. */
type DraftFields = 'criteria' | 'children' | 'discretionaryItems' | 'applicability' | 'authorizedRoles' | 'timer' | 'memorySize' | 'behaviour' | 'openExemption' | 'exemptChildren';
interface NodeDraft extends Omit<CompiledNode, DraftFields> {
  behaviour: NodeBehaviour;
  openExemption: OpenExemption | undefined;
  exemptChildren: boolean;
  criteria: CompiledCriterion[];
  children: number[];
  discretionaryItems: number[];
  applicability: CompiledExpression[];
  authorizedRoles: string[];
  timer: CompiledNode['timer'];
  memorySize: number;
}
import { parseTimerExpression, type TimerSpec } from '../../timer/index.js';

/** Options of {@link compileCase}. */
export interface CompileOptions {
  /** Deepest stage nesting accepted (guards recursive stage definitions). Default 64. */
  readonly maxDepth?: number;
  /** The semantic profile to compile for (docs/profiles.md). Default `cmmn`. */
  readonly profile?: Profile;
  /** Ids of cases deployed beside the model: a case task whose caseRef names one (even with a file or QName prefix) is no draft. */
  readonly externalCases?: ReadonlySet<string>;
}

function problem(code: Problem['code'], message: string, elementId: string | undefined, model: CmmnModel, node?: object): Problem {
  const at = node === undefined ? undefined : model.positionOf(node);
  return { code, severity: 'draft', message, elementId, line: at?.line, column: at?.column };
}

function roleKeys(roles: readonly Role[]): string[] {
  const keys: string[] = [];
  for (const role of roles) {
    if (role.id !== undefined) keys.push(role.id);
    if (role.name !== undefined && role.name !== '') keys.push(role.name);
  }
  return keys;
}

function isOnEvent(sentry: Sentry): boolean {
  const mode = extensionAttribute(sentry, NS.casekit, 'triggerMode') ?? extensionAttribute(sentry, NS.flowable, 'triggerMode');
  return mode === 'onEvent';
}

/** Builds the executable form of a case. Throws ModelError when the model is a draft. */
export function compileCase(model: CmmnModel, caseElement: Case, options: CompileOptions = {}): CompiledCase {
  return new Compiler(model, caseElement, options.maxDepth ?? MAX_STAGE_NESTING, PROFILE_FACTS[options.profile ?? 'cmmn'], options.externalCases).compile();
}

interface Pending {
  node: number;
  criterion: Criterion;
  type: 'entry' | 'exit';
  index: number;
}

class Compiler {
  private readonly nodes: NodeDraft[] = [];
  private readonly nodesByItemId = new Map<string, number[]>();
  /** Node → the stage definition it is a child of, and the ancestor nodes chain. */
  private readonly ancestors: number[][] = [];
  /** Stage definition (lexical) chain of each plan item / discretionary item element. */
  private readonly lexical = new Map<object, Stage[]>();
  private readonly problems: Problem[] = [];
  private readonly pending: Pending[] = [];
  private readonly timers: { node: number; timer: TimerEventListener }[] = [];
  private readonly warnings: ProfileWarning[] = [];

  constructor(
    private readonly model: CmmnModel,
    private readonly caseElement: Case,
    private readonly maxDepth: number,
    private readonly facts: ProfileFacts,
    private readonly externalCases: ReadonlySet<string> | undefined,
  ) {}

  private warn(message: string, elementId: string | undefined, node: object): void {
    const at = this.model.positionOf(node);
    this.warnings.push({ code: 'IgnoredByProfile', severity: 'warning', profile: this.facts.name, message, elementId, line: at?.line, column: at?.column });
  }

  compile(): CompiledCase {
    const model = this.model;
    const drafts = startableDrafts(model, this.facts, this.externalCases);
    if (drafts.length > 0 && drafts.every((p) => p.code === 'UnsupportedExpressionLanguage')) {
      // §11: the model loads, but starting a case fails with ExpressionError listing every such expression.
      const lines = drafts.map((p) => `  ${p.line ?? 0}:${p.column ?? 0}  ${p.message}`).join('\n');
      throw new ExpressionError(
        drafts.map((p) => p.elementId ?? '?').join(', '),
        `${drafts.length} expression(s) in a language casekit cannot evaluate (it never runs host-language code), so no case can start from this model:\n${lines}`,
      );
    }
    if (drafts.length > 0) {
      throw new ModelError(drafts, undefined, `the model is an unfinished draft and cannot start a case:\n${drafts.map((p) => `  ${p.line ?? 0}:${p.column ?? 0}  ${p.code}  ${p.message}`).join('\n')}`);
    }
    const plan = this.caseElement.casePlanModel;
    if (plan === undefined) {
      throw new ModelError([problem('CaseWithoutPlanModel', `case "${this.caseElement.id ?? '?'}" has no casePlanModel`, this.caseElement.id, model)]);
    }
    this.indexLexical(plan, []);
    this.addNode(plan, plan, undefined, false, undefined);
    if (this.problems.length > 0) throw new ModelError(this.problems);

    const planItemWatchers = new Map<string, Watcher[]>();
    const caseFileWatchers = new Map<string, Watcher[]>();
    const ifPartReaders = new Map<string, Watcher[]>();
    const ifPartAlways: Watcher[] = [];
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [value]);
      else list.push(value);
    };

    for (const p of this.pending) {
      const compiled = this.compileCriterion(p);
      this.nodes[p.node]!.criteria[p.index] = compiled;
      compiled.onParts.forEach((onPart, i) => {
        if (onPart.kind === 'planItem') {
          const activate = crossBorderStages(this.facts, p.type, this.nodes, this.ancestors[p.node] ?? [], p.node, onPart.scopeDepth);
          for (const source of onPart.sources) {
            const watcher: Watcher = { node: p.node, criterion: p.index, onPart: i, scopeDepth: onPart.scopeDepth };
            push(planItemWatchers, `${source}:${onPart.event}`, activate === undefined ? watcher : { ...watcher, activate });
          }
        } else {
          push(caseFileWatchers, `${onPart.name}:${onPart.event}`, { node: p.node, criterion: p.index, onPart: i, scopeDepth: 0 });
        }
      });
      if (compiled.ifPart !== undefined) {
        const watcher: Watcher = { node: p.node, criterion: p.index, onPart: -1, scopeDepth: 0 };
        const reads = compiled.ifPart.reads;
        if (reads === undefined || compiled.onParts.length === 0) ifPartAlways.push(watcher);
        else for (const name of reads) push(ifPartReaders, name, watcher);
      }
    }

    const timerStartByPlanItem = new Map<string, TimerStartWatcher[]>();
    const timerStartByCaseFile = new Map<string, TimerStartWatcher[]>();
    for (const { node, timer } of this.timers) {
      const compiled = this.compileTimer(node, timer);
      this.nodes[node]!.timer = compiled;
      // A repeating interval makes its own next firings: a repetition rule does not repeat it as well.
      if (compiled?.spec.kind === 'cycle' && this.nodes[node]!.behaviour.repeatsAfter === REPEATS_AFTER_OCCUR) {
        this.nodes[node]!.behaviour = behaviourOf(this.nodes[node]!.kind, timer.kind, false, this.nodes[node]!.behaviour.commandRoles);
      }
      const start = compiled?.start;
      if (start?.kind === 'planItem') {
        for (const source of start.sources) push(timerStartByPlanItem, `${source}:${start.event}`, { node, scopeDepth: start.scopeDepth });
      } else if (start?.kind === 'caseFile') {
        push(timerStartByCaseFile, `${start.name}:${start.event}`, { node, scopeDepth: 0 });
      }
    }
    if (this.problems.length > 0) throw new ModelError(this.problems);

    const itemIdsByName = itemIdsByNameOf(this.nodes);
    const caseFileItems = caseFileItemsOf(this.caseElement);

    markIdleListeners(this.facts, this.nodes, planItemWatchers, timerStartByPlanItem);

    for (const node of this.nodes) {
      let offset = 0;
      node.criteria = node.criteria.map((criterion) => {
        const words = Math.max(1, Math.ceil(criterion.onParts.length / ON_PARTS_PER_WORD));
        const placed = Object.freeze({ ...criterion, memoryOffset: offset, memoryWords: words });
        offset += words;
        return placed;
      });
      node.memorySize = offset;
      Object.freeze(node);
    }
    return Object.freeze({
      model,
      caseElement: this.caseElement,
      caseId: this.caseElement.id ?? this.caseElement.name ?? 'case',
      nodes: this.nodes,
      nodesByItemId: this.nodesByItemId,
      itemIdsByName,
      planItemWatchers,
      caseFileWatchers,
      ifPartReaders,
      ifPartAlways,
      timerStartByPlanItem,
      timerStartByCaseFile,
      caseFileItems,
      roles: this.caseElement.caseRoles?.roles ?? [],
      profile: this.facts.name,
      warnings: this.warnings,
    });
  }

  /** Records, for every plan item and discretionary item, the chain of stage definitions around it. */
  private indexLexical(stage: Stage, outer: Stage[]): void {
    const chain = [...outer, stage];
    for (const item of stage.planItems) this.lexical.set(item, chain);
    const visitTable = (table: PlanningTable | undefined): void => {
      for (const entry of table?.tableItems ?? []) {
        if (entry.kind === 'PlanningTable') visitTable(entry);
        else this.lexical.set(entry, chain);
      }
    };
    visitTable(stage.planningTable);
    for (const definition of stage.planItemDefinitions) {
      if (definition.kind === 'Stage') this.indexLexical(definition, chain);
      else if (definition.kind === 'HumanTask') visitTable(definition.planningTable);
      else if (definition.kind === 'PlanFragment') for (const item of definition.planItems) this.lexical.set(item, chain);
    }
  }

  private ruleOf(rule: { readonly condition: Expression | undefined; readonly id: string | undefined } | undefined, ownerId: string | undefined): CompiledRule | undefined {
    if (rule === undefined) return undefined;
    const condition = rule.condition;
    if (condition === undefined || condition.body.trim() === '') return true;
    return this.expression(condition, rule.id ?? ownerId);
  }

  private expression(expression: Expression, id: string | undefined): CompiledExpression {
    return compileExpression(expression.body, {
      language: expression.language ?? this.model.definitions.expressionLanguage,
      id: expression.id ?? id,
    });
  }

  private addNode(
    element: PlanItem | DiscretionaryItem | Stage,
    definition: PlanItemDefinition,
    parent: number | undefined,
    discretionary: boolean,
    planningOwner: number | undefined,
  ): number {
    const index = this.nodes.length;
    const parentAncestors = parent === undefined ? [] : [...(this.ancestors[parent] ?? []), parent];
    const depth = parentAncestors.length;
    const id = element.id ?? `node_${index}`;
    if (depth > this.maxDepth) {
      // Nothing below can run: refused at once, before a half-built tree is read (the parser refuses deeper plans already).
      throw new ModelError([problem('InputTooLarge', `stage nesting deeper than ${this.maxDepth} at "${id}" (MAX_STAGE_NESTING)`, id, this.model, element)]);
    }
    const kind = planItemKindOf(definition.kind);
    const itemControl = element.kind === 'Stage' ? undefined : element.itemControl;
    // cmmn-semantics §1: the item's itemControl overrides its definition's defaultControl rule by rule.
    const defaults = definition.defaultControl;
    const control = {
      requiredRule: itemControl?.requiredRule ?? defaults?.requiredRule,
      repetitionRule: itemControl?.repetitionRule ?? defaults?.repetitionRule,
      manualActivationRule: itemControl?.manualActivationRule ?? defaults?.manualActivationRule,
    } satisfies Pick<PlanItemControl, 'requiredRule' | 'repetitionRule' | 'manualActivationRule'>;
    const isRoot = element.kind === 'Stage';
    const entryCriteria = element.kind === 'Stage' ? [] : element.entryCriteria;
    const exitCriteria = element.kind === 'Stage' ? element.exitCriteria : element.exitCriteria;

    const commandRoles =
      definition.kind === 'UserEventListener'
        ? roleKeys(definition.authorizedRoles)
        : definition.kind === 'HumanTask' && definition.performer !== undefined
          ? roleKeys([definition.performer])
          : [];
    const node: NodeDraft = {
      index,
      id,
      name: (isRoot ? definition.name : element.name) || definition.name || id,
      element,
      definition,
      kind: kind ?? 'task',
      type: definition.kind,
      behaviour: this.behaviour(kind ?? 'task', definition, isRoot, commandRoles, control.repetitionRule),
      parent,
      depth,
      discretionary,
      criteria: [],
      entryCount: entryCriteria.length,
      memorySize: 0,
      required: isRoot ? undefined : this.ruleOf(control.requiredRule, id),
      repetition: isRoot ? undefined : this.ruleOf(control.repetitionRule, id),
      manualActivation: isRoot ? undefined : this.ruleOf(control.manualActivationRule, id),
      isBlocking: isTask(definition) ? definition.isBlocking !== false : true,
      autoComplete: definition.kind === 'Stage' ? definition.autoComplete === true : false,
      children: [],
      discretionaryItems: [],
      planningOwner,
      applicability: [],
      authorizedRoles: definition.kind === 'UserEventListener' ? [...commandRoles] : [],
      performerRoles: definition.kind === 'HumanTask' ? commandRoles : [],
      work: compileWork(element, definition),
      timer: undefined,
      handlerKeys: handlerKeys(definition),
      openExemption: isRoot ? undefined : openExemptionOf(this.facts, this.model, [itemControl, defaults], id, !discretionary && entryCriteria.length > 0 && control.repetitionRule !== undefined),
      exemptChildren: false,
    };
    this.nodes.push(node);
    this.ancestors.push(parentAncestors);
    const ids = this.nodesByItemId.get(id);
    if (ids === undefined) this.nodesByItemId.set(id, [index]);
    else ids.push(index);

    if (kind === undefined || definition.kind === 'PlanFragment') {
      this.problems.push(problem('PlanItemWithoutDefinition', `"${id}" uses a ${definition.kind}, which cannot be a plan item here`, id, this.model, element));
      return index;
    }
    [...entryCriteria, ...exitCriteria].forEach((criterion, i) => {
      this.pending.push({ node: index, criterion, type: i < entryCriteria.length ? 'entry' : 'exit', index: i });
    });
    if (definition.kind === 'TimerEventListener') this.timers.push({ node: index, timer: definition });

    if (definition.kind === 'Stage') {
      const children = node.children;
      for (const item of definition.planItems) {
        if (item.definition === undefined) continue;
        children.push(this.addNode(item, item.definition, index, false, undefined));
      }
      this.addPlanningTable(definition.planningTable, index, index, [], []);
      // Human tasks among the stage's plan items offer their planning tables too (items go into this stage).
      for (const child of children) {
        const childDefinition = this.nodes[child]!.definition;
        if (childDefinition.kind === 'HumanTask') this.addPlanningTable(childDefinition.planningTable, child, index, [], []);
      }
    }
    return index;
  }

  private behaviour(
    kind: PlanItemKind,
    definition: PlanItemDefinition,
    isRoot: boolean,
    commandRoles: readonly string[],
    rule: PlanItemControl['repetitionRule'],
  ): NodeBehaviour {
    const base = behaviourOf(kind, definition.kind, isRoot, commandRoles);
    const repeatsAfter = isRoot ? undefined : profileRepeatsAfter(this.facts, definition, rule);
    return repeatsAfter === undefined ? base : Object.freeze({ ...base, repeatsAfter });
  }

  /** Adds the discretionary items of a planning table (owned by `owner`, placed in `stage`). */
  private addPlanningTable(
    table: PlanningTable | undefined,
    owner: number,
    stage: number,
    rules: readonly CompiledExpression[],
    roles: readonly string[],
  ): void {
    if (table === undefined) return;
    const tableRules = [...rules, ...table.applicabilityRulesApplied.map((r) => this.ruleExpression(r))].filter(
      (r): r is CompiledExpression => r !== undefined,
    );
    const tableRoles = [...roles, ...roleKeys(table.authorizedRoles)];
    for (const entry of table.tableItems) {
      if (entry.kind === 'PlanningTable') {
        this.addPlanningTable(entry, owner, stage, tableRules, tableRoles);
        continue;
      }
      if (entry.definition === undefined) continue;
      const index = this.addNode(entry, entry.definition, stage, true, owner);
      const node = this.nodes[index]!;
      node.applicability = [
        ...tableRules,
        ...entry.applicabilityRulesApplied.map((r) => this.ruleExpression(r)).filter((r): r is CompiledExpression => r !== undefined),
      ];
      node.authorizedRoles = [...tableRoles, ...roleKeys(entry.authorizedRoles)];
      this.nodes[owner]!.discretionaryItems.push(index);
      // A human task offered for planning may carry its own planning table (planned into the same stage).
      if (entry.definition.kind === 'HumanTask') this.addPlanningTable(entry.definition.planningTable, index, stage, [], []);
    }
  }

  private ruleExpression(rule: { readonly condition: Expression | undefined; readonly id: string | undefined }): CompiledExpression | undefined {
    if (rule.condition === undefined || rule.condition.body.trim() === '') return undefined;
    return this.expression(rule.condition, rule.id);
  }

  /** The nodes using `item` that share the innermost common stage with `owner`, and that stage's depth. */
  private scope(owner: number, item: PlanItem | DiscretionaryItem): { sources: number[]; scopeDepth: number } {
    const ownerElement = this.nodes[owner]!.element;
    const ownerChain = ownerElement.kind === 'Stage' ? [ownerElement] : (this.lexical.get(ownerElement) ?? []);
    const sourceChain = this.lexical.get(item) ?? [];
    let common: Stage | undefined;
    for (let i = 0; i < Math.min(ownerChain.length, sourceChain.length); i++) {
      if (ownerChain[i] === sourceChain[i]) common = ownerChain[i];
      else break;
    }
    // The owner's nearest ancestor node (itself included when it is that stage) whose definition is the common stage.
    const chain = [...(this.ancestors[owner] ?? []), owner];
    let scopeNode = 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      const candidate = this.nodes[chain[i]!]!;
      if (candidate.definition === common) {
        scopeNode = candidate.index;
        break;
      }
    }
    const scopeDepth = this.nodes[scopeNode]!.depth;
    const sources = (this.nodesByItemId.get(item.id ?? '') ?? []).filter(
      (source) => source === scopeNode || (this.ancestors[source] ?? []).includes(scopeNode),
    );
    return { sources, scopeDepth };
  }

  private compileCriterion(p: Pending): CompiledCriterion {
    const sentry = p.criterion.sentry;
    const onParts: CompiledOnPart[] = [];
    for (const onPart of sentry?.onParts ?? []) {
      if (onPart.kind === 'CaseFileItemOnPart' && this.facts.ignoreCaseFileOnParts) {
        this.warn(`case file item on-part "${onPart.id ?? onPart.sourceRef ?? '?'}" of sentry "${sentry?.id ?? '?'}" is ignored (Camunda 7 does not support case file item on-parts)`, onPart.id ?? sentry?.id, onPart);
        continue;
      }
      if (onPart.kind === 'PlanItemOnPart') {
        if (onPart.source === undefined) continue;
        const { sources, scopeDepth } = this.scope(p.node, onPart.source);
        onParts.push({ kind: 'planItem', sources, event: onPart.standardEvent ?? '', exitCriterionId: onPart.exitCriterionRef, scopeDepth });
      } else {
        const source = onPart.source;
        const name = source?.name ?? source?.id ?? onPart.sourceRef ?? '';
        onParts.push({ kind: 'caseFile', name, event: onPart.standardEvent ?? '' });
      }
    }
    onParts.push(...variableOnParts(this.facts, sentry));
    const condition = sentry?.ifPart?.condition;
    const kind = this.nodes[p.node]!.kind;
    return {
      type: p.type,
      index: p.index,
      id: p.criterion.id,
      sentryId: sentry?.id,
      onParts,
      ifPart: condition === undefined || condition.body.trim() === '' ? undefined : this.expression(condition, sentry?.ifPart?.id ?? sentry?.id),
      onEvent: sentry !== undefined && isOnEvent(sentry),
      watchedIn: watchedStates(kind, p.type),
      // Placed in the node's sentry memory once all its criteria are known.
      memoryOffset: 0,
      memoryWords: 0,
    };
  }

  private compileTimer(node: number, timer: TimerEventListener): CompiledNode['timer'] {
    const body = timer.timerExpression?.body ?? '';
    let spec: TimerSpec;
    try {
      spec = parseTimerExpression(body);
    } catch (error) {
      this.problems.push(problem('InvalidTimerExpression', `timerExpression of "${timer.id ?? '?'}" does not parse: ${error instanceof Error ? error.message : String(error)}`, timer.id, this.model, timer));
      return undefined;
    }
    const trigger = timer.timerStart;
    if (trigger === undefined) return { spec, start: { kind: 'creation' } };
    if (trigger.kind === 'PlanItemStartTrigger') {
      if (trigger.source === undefined) return { spec, start: { kind: 'creation' } };
      const { sources, scopeDepth } = this.scope(node, trigger.source);
      return { spec, start: { kind: 'planItem', sources, event: trigger.standardEvent ?? 'complete', scopeDepth } };
    }
    const name = trigger.source?.name ?? trigger.source?.id ?? trigger.sourceRef ?? '';
    return { spec, start: { kind: 'caseFile', name, event: trigger.standardEvent ?? 'create' } };
  }
}
