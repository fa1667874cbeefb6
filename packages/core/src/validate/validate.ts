/**
 * What the XSD cannot say: definitions and sentries out of reach, unfinished (draft) elements,
 * on-parts on events their source never emits, expressions casekit cannot evaluate, timer
 * expressions that do not parse, and plan items that can never be reached. Works on any linked
 * model, parsed or built.
 */
import { compileExpression, languageOf } from '@casekit/rules';
import type { ProblemCode } from '../model/problems.js';
import type {
  Case,
  CaseFileItemOnPart,
  Criterion,
  Definitions,
  DiscretionaryItem,
  Expression,
  PlanItem,
  PlanItemDefinition,
  PlanItemOnPart,
  PlanningTable,
  Sentry,
  Stage,
} from '../model/types.js';
import { parseTimerExpression } from '../timer/index.js';
import { emittedEvents, CASE_FILE_ITEM_EVENTS, PLAN_ITEM_EVENTS } from './events.js';

/** Receives a problem about a model node; `elementId` is the nearest id. */
export type ReportProblem = (code: ProblemCode, message: string, node: object, elementId: string | undefined) => void;

type Item = PlanItem | DiscretionaryItem;

interface StageScope {
  /** The stage or plan fragment whose plan items and sentries are being checked. */
  readonly container: Stage | { readonly kind: 'PlanFragment'; readonly sentries: readonly Sentry[] };
  /** Plan item definitions visible here (declared in this stage or a lexically enclosing one). */
  readonly reach: ReadonlySet<PlanItemDefinition>;
  /** Sentries visible here (declared in this stage or plan fragment, or a lexically enclosing stage). */
  readonly sentries: ReadonlySet<Sentry>;
  /** The id used to locate problems when an element has none. */
  readonly ownerId: string | undefined;
}

/** Validates a linked model, reporting every problem found. */
export function validateModel(definitions: Definitions, report: ReportProblem): void {
  new Validator(definitions, report).run();
}

class Validator {
  /** Items whose entry can be reached at all, computed per case. */
  private readonly items: { item: Item; container: Stage | PlanningTable | PlanItemDefinition; ownerStage: Stage | undefined }[] = [];
  /** Every stage of the case being checked (its case plan model first). */
  private readonly stages: Stage[] = [];

  constructor(
    private readonly definitions: Definitions,
    private readonly report: ReportProblem,
  ) {}

  run(): void {
    for (const c of this.definitions.cases) this.checkCase(c);
  }

  private checkCase(c: Case): void {
    const plan = c.casePlanModel;
    if (plan === undefined) {
      this.report('CaseWithoutPlanModel', `case "${c.id ?? c.name ?? '?'}" has no casePlanModel`, c, c.id);
      return;
    }
    this.items.length = 0;
    this.stages.length = 0;
    for (const criterion of plan.exitCriteria) this.checkCriterion(criterion, new Set(plan.sentries), plan.id);
    this.checkStage(plan, new Set(), new Set());
    this.checkRecursion();
    this.checkReachability(plan);
  }

  private checkStage(stage: Stage, outer: ReadonlySet<PlanItemDefinition>, outerSentries: ReadonlySet<Sentry>): void {
    const reach = new Set(outer);
    for (const definition of stage.planItemDefinitions) reach.add(definition);
    const sentries = new Set(outerSentries);
    for (const sentry of stage.sentries) sentries.add(sentry);
    const scope: StageScope = { container: stage, reach, sentries, ownerId: stage.id };
    this.stages.push(stage);
    for (const sentry of stage.sentries) this.checkSentry(sentry);
    for (const item of stage.planItems) {
      this.checkItem(item, scope);
      this.items.push({ item, container: stage, ownerStage: stage });
    }
    if (stage.planningTable !== undefined) this.checkPlanningTable(stage.planningTable, scope, stage);
    for (const definition of stage.planItemDefinitions) this.checkDefinition(definition, scope);
  }

  private checkDefinition(definition: PlanItemDefinition, scope: StageScope): void {
    switch (definition.kind) {
      case 'Stage':
        this.checkStage(definition, scope.reach, scope.sentries);
        break;
      case 'PlanFragment': {
        const inner: StageScope = {
          container: definition,
          reach: scope.reach,
          sentries: new Set([...scope.sentries, ...definition.sentries]),
          ownerId: definition.id,
        };
        for (const sentry of definition.sentries) this.checkSentry(sentry);
        for (const item of definition.planItems) this.checkItem(item, inner);
        break;
      }
      case 'HumanTask':
        if (definition.planningTable !== undefined) {
          this.checkPlanningTable(definition.planningTable, scope, scope.container.kind === 'Stage' ? scope.container : undefined);
        }
        break;
      case 'TimerEventListener':
        this.checkTimer(definition);
        break;
      default:
        break;
    }
    const control = definition.defaultControl;
    if (control !== undefined) {
      this.checkRule(control.repetitionRule);
      this.checkRule(control.requiredRule);
      this.checkRule(control.manualActivationRule);
    }
  }

  private checkPlanningTable(table: PlanningTable, scope: StageScope, ownerStage: Stage | undefined): void {
    for (const rule of table.applicabilityRules) this.checkRule(rule);
    for (const entry of table.tableItems) {
      if (entry.kind === 'PlanningTable') {
        this.checkPlanningTable(entry, scope, ownerStage);
      } else {
        this.checkItem(entry, scope);
        this.items.push({ item: entry, container: table, ownerStage });
      }
    }
  }

  private checkItem(item: Item, scope: StageScope): void {
    const label = item.kind === 'PlanItem' ? 'plan item' : 'discretionary item';
    if (item.definitionRef === undefined) {
      this.report('PlanItemWithoutDefinition', `${label} "${item.id ?? '?'}" has no definitionRef`, item, item.id ?? scope.ownerId);
    } else if (item.definition !== undefined && !scope.reach.has(item.definition)) {
      this.report(
        'DefinitionOutOfReach',
        `${label} "${item.id ?? '?'}" uses definition "${item.definitionRef}", which is not declared in its stage or an enclosing stage`,
        item,
        item.id ?? scope.ownerId,
      );
    }
    for (const criterion of item.entryCriteria) this.checkCriterion(criterion, scope.sentries, item.id ?? scope.ownerId);
    for (const criterion of item.exitCriteria) this.checkCriterion(criterion, scope.sentries, item.id ?? scope.ownerId);
    const control = item.itemControl;
    if (control !== undefined) {
      this.checkRule(control.repetitionRule);
      this.checkRule(control.requiredRule);
      this.checkRule(control.manualActivationRule);
    }
  }

  private checkCriterion(criterion: Criterion, visible: ReadonlySet<Sentry>, ownerId: string | undefined): void {
    const what = criterion.kind === 'EntryCriterion' ? 'entry criterion' : 'exit criterion';
    if (criterion.sentryRef === undefined) {
      this.report('CriterionWithoutSentry', `${what} "${criterion.id ?? '?'}" of "${ownerId ?? '?'}" has no sentryRef`, criterion, criterion.id ?? ownerId);
      return;
    }
    const sentry = criterion.sentry;
    if (sentry !== undefined && !visible.has(sentry)) {
      this.report(
        'SentryOutOfReach',
        `${what} "${criterion.id ?? '?'}" of "${ownerId ?? '?'}" uses sentry "${criterion.sentryRef}", which is declared neither in its stage nor in an enclosing stage`,
        criterion,
        criterion.id ?? ownerId,
      );
    }
  }

  private checkSentry(sentry: Sentry): void {
    for (const onPart of sentry.onParts) {
      if (onPart.kind === 'PlanItemOnPart') this.checkPlanItemOnPart(onPart, sentry);
      else this.checkCaseFileItemOnPart(onPart, sentry);
    }
    if (sentry.ifPart !== undefined) this.checkExpression(sentry.ifPart.condition, sentry.id);
  }

  private checkPlanItemOnPart(onPart: PlanItemOnPart, sentry: Sentry): void {
    const id = onPart.id ?? sentry.id;
    if (onPart.sourceRef === undefined) {
      this.report('OnPartWithoutSource', `on-part "${onPart.id ?? '?'}" of sentry "${sentry.id ?? '?'}" has no sourceRef`, onPart, id);
    }
    const event = onPart.standardEvent;
    if (event === undefined) {
      this.report('OnPartWithoutStandardEvent', `on-part "${onPart.id ?? '?'}" of sentry "${sentry.id ?? '?'}" has no standardEvent`, onPart, id);
      return;
    }
    if (!(PLAN_ITEM_EVENTS as readonly string[]).includes(event)) {
      this.report('InvalidStandardEvent', `standardEvent "${event}" of on-part "${onPart.id ?? '?'}" is not a plan item transition`, onPart, id);
      return;
    }
    const definition = onPart.source?.definition;
    if (definition !== undefined) {
      const emitted = emittedEvents(definition.kind);
      if (!emitted.includes(event)) {
        this.report(
          'EventNeverEmitted',
          `on-part "${onPart.id ?? '?'}" waits for "${event}" of "${onPart.sourceRef}", a ${definition.kind}, which never emits it (it emits ${emitted.join(', ')}); the on-part can never occur`,
          onPart,
          id,
        );
      }
    }
    if (onPart.exitCriterionRef !== undefined && event !== 'exit') {
      this.report(
        'EventNeverEmitted',
        `on-part "${onPart.id ?? '?'}" names exitCriterionRef "${onPart.exitCriterionRef}" but waits for "${event}"; exitCriterionRef only applies to "exit"`,
        onPart,
        id,
      );
    } else if (onPart.exitCriterion !== undefined && onPart.source !== undefined && !onPart.source.exitCriteria.includes(onPart.exitCriterion)) {
      this.report(
        'EventNeverEmitted',
        `on-part "${onPart.id ?? '?'}" waits for "${onPart.sourceRef}" to exit through "${onPart.exitCriterionRef}", which is not an exit criterion of "${onPart.sourceRef}"; the on-part can never occur`,
        onPart,
        id,
      );
    }
  }

  private checkCaseFileItemOnPart(onPart: CaseFileItemOnPart, sentry: Sentry): void {
    const id = onPart.id ?? sentry.id;
    if (onPart.sourceRef === undefined) {
      this.report('OnPartWithoutSource', `on-part "${onPart.id ?? '?'}" of sentry "${sentry.id ?? '?'}" has no sourceRef`, onPart, id);
    }
    const event = onPart.standardEvent;
    if (event === undefined) {
      this.report('OnPartWithoutStandardEvent', `on-part "${onPart.id ?? '?'}" of sentry "${sentry.id ?? '?'}" has no standardEvent`, onPart, id);
    } else if (!(CASE_FILE_ITEM_EVENTS as readonly string[]).includes(event)) {
      this.report('InvalidStandardEvent', `standardEvent "${event}" of on-part "${onPart.id ?? '?'}" is not a case file item transition`, onPart, id);
    }
  }

  private checkRule(rule: { readonly condition: Expression | undefined; readonly id: string | undefined } | undefined): void {
    if (rule?.condition !== undefined) this.checkExpression(rule.condition, rule.id);
  }

  private checkExpression(expression: Expression | undefined, ownerId: string | undefined): void {
    if (expression === undefined) return;
    const id = expression.id ?? ownerId;
    const declared = expression.language ?? this.definitions.expressionLanguage;
    const body = expression.body;
    if (body.trim() === '') return;
    const language = languageOf(body, declared);
    if (language === 'unsupported') {
      this.report(
        'UnsupportedExpressionLanguage',
        `expression of "${id ?? '?'}" is in language "${declared ?? '?'}", which casekit cannot evaluate: ${body.trim().slice(0, 80)}`,
        expression,
        id,
      );
      return;
    }
    try {
      compileExpression(body, { language: declared, id });
    } catch (error) {
      // An ExpressionError, normally. Anything else the compiler throws means the same to a model
      // author, and a validator must not crash on the text of a model, so it is reported alike.
      const reason = error instanceof Error ? error.message : String(error);
      this.report('InvalidExpression', `expression of "${id ?? '?'}" does not compile: ${reason}`, expression, id);
    }
  }

  private checkTimer(definition: Extract<PlanItemDefinition, { kind: 'TimerEventListener' }>): void {
    this.checkStartTrigger(definition);
    const expression = definition.timerExpression;
    if (expression === undefined || expression.body.trim() === '') {
      this.report('TimerWithoutExpression', `timer event listener "${definition.id ?? '?'}" has no timerExpression`, definition, definition.id);
      return;
    }
    try {
      parseTimerExpression(expression.body);
    } catch (error) {
      this.report(
        'InvalidTimerExpression',
        `timerExpression "${expression.body.trim()}" of "${definition.id ?? '?'}" is not an ISO-8601 duration, date-time or repeating interval${error instanceof Error ? `: ${error.message}` : ''}`,
        expression,
        expression.id ?? definition.id,
      );
    }
  }

  /** A timer's start trigger names a transition its source can make, like an on-part. */
  private checkStartTrigger(definition: Extract<PlanItemDefinition, { kind: 'TimerEventListener' }>): void {
    const trigger = definition.timerStart;
    if (trigger === undefined) return;
    const id = trigger.id ?? definition.id;
    const event = trigger.standardEvent;
    if (trigger.sourceRef === undefined) {
      this.report('OnPartWithoutSource', `start trigger of timer "${definition.id ?? '?'}" has no sourceRef`, trigger, id);
    }
    if (event === undefined) {
      this.report('OnPartWithoutStandardEvent', `start trigger of timer "${definition.id ?? '?'}" has no standardEvent`, trigger, id);
      return;
    }
    const events: readonly string[] = trigger.kind === 'PlanItemStartTrigger' ? PLAN_ITEM_EVENTS : CASE_FILE_ITEM_EVENTS;
    if (!events.includes(event)) {
      this.report(
        'InvalidStandardEvent',
        `standardEvent "${event}" of the start trigger of timer "${definition.id ?? '?'}" is not a ${trigger.kind === 'PlanItemStartTrigger' ? 'plan item' : 'case file item'} transition`,
        trigger,
        id,
      );
      return;
    }
    const source = trigger.kind === 'PlanItemStartTrigger' ? trigger.source?.definition : undefined;
    if (source !== undefined && !emittedEvents(source.kind).includes(event)) {
      this.report(
        'EventNeverEmitted',
        `the start trigger of timer "${definition.id ?? '?'}" waits for "${event}" of "${trigger.sourceRef}", a ${source.kind}, which never emits it; the timer never starts`,
        trigger,
        id,
      );
    }
  }

  /**
   * A stage whose plan items use the stage itself, directly or through nested stages, would create
   * a new instance of itself each time it is instantiated, without end.
   */
  private checkRecursion(): void {
    for (const stage of this.stages) {
      const seen = new Set<Stage>();
      const pending: Stage[] = [stage];
      let via: PlanItem | undefined;
      search: while (pending.length > 0) {
        const current = pending.pop()!;
        for (const item of current.planItems) {
          const definition = item.definition;
          if (definition?.kind !== 'Stage') continue;
          if (definition === stage) {
            via = item;
            break search;
          }
          if (!seen.has(definition)) {
            seen.add(definition);
            pending.push(definition);
          }
        }
      }
      if (via === undefined) continue;
      this.report(
        'RecursiveStage',
        `stage "${stage.id ?? '?'}" would be instantiated without end: its plan items use it again (plan item "${via.id ?? '?'}"${via.definition === stage && stage.planItems.includes(via) ? '' : ', through nested stages'})`,
        stage,
        stage.id,
      );
    }
  }

  /**
   * A fixpoint over the plan: an item is reachable when it has no entry criterion, or one of its
   * criteria has a sentry whose every plan item on-part watches a reachable source that can emit
   * the event. Items in an unreachable stage are unreachable. Cycles of items waiting for each other
   * never become reachable.
   */
  private checkReachability(plan: Stage): void {
    const reachable = new Set<object>([plan]);
    const stagesUsing = new Map<Stage, Item[]>();
    for (const { item } of this.items) {
      if (item.definition?.kind === 'Stage') {
        const list = stagesUsing.get(item.definition) ?? [];
        list.push(item);
        stagesUsing.set(item.definition, list);
      }
    }
    const containerReachable = (stage: Stage | undefined): boolean =>
      stage !== undefined && (stage === plan || (stagesUsing.get(stage) ?? []).some((user) => reachable.has(user)));

    const canFire = (criterion: Criterion): boolean => {
      const sentry = criterion.sentry;
      if (sentry === undefined) return false;
      return sentry.onParts.every((onPart) => {
        if (onPart.kind === 'CaseFileItemOnPart') return true;
        const source = onPart.source;
        if (source === undefined || onPart.standardEvent === undefined) return false;
        if (!reachable.has(source)) return false;
        // An exit through a criterion the source does not have can never happen.
        if (onPart.exitCriterion !== undefined && !source.exitCriteria.includes(onPart.exitCriterion)) return false;
        const kind = source.definition?.kind;
        return kind === undefined || emittedEvents(kind).includes(onPart.standardEvent);
      });
    };

    let changed = true;
    while (changed) {
      changed = false;
      for (const { item, ownerStage } of this.items) {
        if (reachable.has(item)) continue;
        if (!containerReachable(ownerStage)) continue;
        if (item.entryCriteria.length === 0 || item.entryCriteria.some(canFire)) {
          reachable.add(item);
          changed = true;
        }
      }
    }
    for (const { item, ownerStage } of this.items) {
      if (reachable.has(item) || !containerReachable(ownerStage)) continue;
      // Criteria that are drafts are reported as such; an item is unreachable only when every
      // criterion is complete and still can never fire.
      if (item.entryCriteria.some((c) => c.sentry === undefined || c.sentry.onParts.some((o) => o.sourceRef === undefined || o.standardEvent === undefined))) continue;
      this.report(
        'UnreachableItem',
        `${item.kind === 'PlanItem' ? 'plan item' : 'discretionary item'} "${item.id ?? '?'}" can never be entered: none of its entry criteria can be satisfied`,
        item,
        item.id,
      );
    }
  }
}
