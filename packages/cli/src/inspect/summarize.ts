/**
 * A CMMN model reduced to what a reader of the plan needs, as plain JSON-ready data: `casekit
 * inspect --json` prints it and the tree view is drawn from it, so both always agree.
 */
import {
  effectiveLanguage,
  type Case,
  type CaseFileItem,
  type CmmnModel,
  type Criterion,
  type Definitions,
  type DiscretionaryItem,
  type Expression,
  type OnPart,
  type PlanItem,
  type PlanItemControl,
  type PlanItemDefinition,
  type PlanningTable,
  type Role,
  type Rule,
  type Sentry,
  type Stage,
  type TimerEventListener,
} from '@casekit/core';

/** An expression: its trimmed body and its language (own, else the definitions'), if declared. */
export interface ExpressionSummary {
  readonly body: string;
  readonly language: string | null;
}

/** A required, repetition, manual activation or applicability rule. */
export interface RuleSummary {
  readonly id: string | null;
  readonly name: string | null;
  /** Null: no condition, which makes the rule true. */
  readonly condition: ExpressionSummary | null;
  /** The case file item named by `contextRef`, by name or id. */
  readonly context: string | null;
}

/** A rule that applies to an item, and where it comes from. */
export interface ControlRuleSummary extends RuleSummary {
  /** The item's own `itemControl`, or its definition's `defaultControl` (the item's control does not state this rule). */
  readonly source: 'itemControl' | 'defaultControl';
}

/**
 * The rules that apply to an item, rule by rule (cmmn-semantics §1): each from its `itemControl`
 * when that states it, else from its definition's `defaultControl`.
 */
export interface ControlSummary {
  readonly required: ControlRuleSummary | null;
  readonly repetition: ControlRuleSummary | null;
  readonly manualActivation: ControlRuleSummary | null;
}

/** An on-part of a sentry, or the start trigger of a timer. */
export interface OnPartSummary {
  readonly kind: 'PlanItemOnPart' | 'CaseFileItemOnPart' | 'PlanItemStartTrigger' | 'CaseFileItemStartTrigger';
  readonly sourceRef: string | null;
  /** The source's name (a plan item's falls back to its definition's), else its id. */
  readonly source: string | null;
  readonly standardEvent: string | null;
  readonly exitCriterionRef: string | null;
}

/** A sentry: what it waits for (on-parts) and what must then hold (if-part). */
export interface SentrySummary {
  readonly id: string | null;
  readonly name: string | null;
  readonly onParts: readonly OnPartSummary[];
  readonly ifPart: { readonly condition: ExpressionSummary | null; readonly context: string | null } | null;
}

/** An entry or exit criterion with its sentry. */
export interface CriterionSummary {
  readonly id: string | null;
  readonly name: string | null;
  readonly sentryRef: string | null;
  readonly sentry: SentrySummary | null;
}

/** A role, case file item definition or other element named by reference. */
export interface NamedSummary {
  readonly id: string | null;
  readonly name: string | null;
}

/** A plan item or discretionary item, with what its definition adds. */
export interface ItemSummary {
  readonly kind: 'PlanItem' | 'DiscretionaryItem';
  readonly id: string | null;
  /** The item's name, else its definition's. */
  readonly name: string | null;
  readonly definition: (NamedSummary & { readonly kind: PlanItemDefinition['kind'] }) | null;
  readonly control: ControlSummary | null;
  readonly entryCriteria: readonly CriterionSummary[];
  readonly exitCriteria: readonly CriterionSummary[];
  /** Tasks: `isBlocking`, default true. */
  readonly blocking?: boolean;
  /** Human tasks: the `performerRef` role. */
  readonly performer?: NamedSummary | null;
  /** Stages: `autoComplete`, default false. */
  readonly autoComplete?: boolean;
  /** Timer event listeners. */
  readonly timer?: { readonly expression: ExpressionSummary | null; readonly start: OnPartSummary | null };
  /** User event listeners and discretionary items: `authorizedRoleRefs` (none: anyone). */
  readonly authorizedRoles?: readonly NamedSummary[];
  /** Discretionary items: the applicability rules named by `applicabilityRuleRefs`. */
  readonly applicabilityRules?: readonly RuleSummary[];
  /** Case, process and decision tasks: what they call. */
  readonly calls?: {
    readonly kind: 'case' | 'process' | 'decision';
    readonly ref: string | null;
    /** The called element's name when it is defined in this file. */
    readonly name: string | null;
    /** Defined in this file. */
    readonly local: boolean;
    readonly expression: ExpressionSummary | null;
  };
  /** Stages and plan fragments: their plan items. */
  readonly items?: readonly ItemSummary[];
  /** Stages and human tasks. */
  readonly planningTable?: PlanningTableSummary | null;
  /** A stage used inside itself: its content is not repeated. */
  readonly recursive?: true;
}

/** A planning table: its discretionary items and nested tables. */
export interface PlanningTableSummary {
  readonly kind: 'PlanningTable';
  readonly id: string | null;
  readonly authorizedRoles: readonly NamedSummary[];
  /** The applicability rules the table defines (items name the ones that apply to them). */
  readonly applicabilityRules: readonly RuleSummary[];
  readonly items: readonly (ItemSummary | PlanningTableSummary)[];
}

/** A case file item with its children. */
export interface CaseFileItemSummary {
  readonly id: string | null;
  readonly name: string | null;
  /** As written, else `Unspecified`. */
  readonly multiplicity: string;
  readonly definition: (NamedSummary & { readonly definitionType: string | null }) | null;
  readonly children: readonly CaseFileItemSummary[];
}

/** The case plan model: the outermost stage. */
export interface CasePlanSummary {
  readonly id: string | null;
  readonly name: string | null;
  readonly autoComplete: boolean;
  readonly exitCriteria: readonly CriterionSummary[];
  readonly control: ControlSummary | null;
  readonly items: readonly ItemSummary[];
  readonly planningTable: PlanningTableSummary | null;
}

/** One `<case>`. */
export interface CaseSummary {
  readonly id: string | null;
  readonly name: string | null;
  readonly caseFileItems: readonly CaseFileItemSummary[];
  readonly roles: readonly NamedSummary[];
  /** Null for a draft case without a case plan model. */
  readonly plan: CasePlanSummary | null;
}

/** A `<process>` or `<decision>` defined in the file. */
export interface ExternalSummary extends NamedSummary {
  readonly externalRef: string | null;
  readonly implementationType: string | null;
}

/**
 * Everything `casekit inspect` shows about a file.
 *
 * @example
 * const summary = JSON.parse(stdout) as InspectJson;
 * const names = summary.ok ? summary.cases.flatMap((c) => c.plan?.items.map((i) => i.name) ?? []) : [];
 */
export interface ModelSummary {
  readonly definitions: NamedSummary & { readonly targetNamespace: string | null };
  readonly cases: readonly CaseSummary[];
  readonly processes: readonly ExternalSummary[];
  readonly decisions: readonly ExternalSummary[];
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** Summarises a parsed model. */
export function summarizeModel(model: CmmnModel): ModelSummary {
  return new Summarizer(model.definitions).run();
}

class Summarizer {
  /** Stage and plan fragment definitions being expanded, to stop on a stage used inside itself. */
  private readonly expanding = new Set<PlanItemDefinition>();

  constructor(private readonly definitions: Definitions) {}

  run(): ModelSummary {
    const d = this.definitions;
    const external = (e: { id: string | undefined; name: string | undefined; externalRef: string | undefined; implementationType: string | undefined }): ExternalSummary => ({
      id: orNull(e.id),
      name: orNull(e.name),
      externalRef: orNull(e.externalRef),
      implementationType: orNull(e.implementationType),
    });
    return {
      definitions: { id: orNull(d.id), name: orNull(d.name), targetNamespace: orNull(d.targetNamespace) },
      cases: d.cases.map((c) => this.case(c)),
      processes: d.processes.map(external),
      decisions: d.decisions.map(external),
    };
  }

  private case(c: Case): CaseSummary {
    const plan = c.casePlanModel;
    return {
      id: orNull(c.id),
      name: orNull(c.name),
      caseFileItems: (c.caseFileModel?.caseFileItems ?? []).map((item) => this.caseFileItem(item)),
      roles: (c.caseRoles?.roles ?? []).map(named),
      plan:
        plan === undefined
          ? null
          : {
              id: orNull(plan.id),
              name: orNull(plan.name),
              autoComplete: plan.autoComplete ?? false,
              exitCriteria: plan.exitCriteria.map((x) => this.criterion(x)),
              control: this.control(undefined, plan),
              items: this.stageItems(plan),
              planningTable: plan.planningTable === undefined ? null : this.planningTable(plan.planningTable),
            },
    };
  }

  private caseFileItem(item: CaseFileItem): CaseFileItemSummary {
    const definition = item.definition;
    return {
      id: orNull(item.id),
      name: orNull(item.name),
      multiplicity: item.multiplicity ?? 'Unspecified',
      definition:
        definition === undefined
          ? null
          : { id: orNull(definition.id), name: orNull(definition.name), definitionType: orNull(definition.definitionType) },
      children: (item.children?.caseFileItems ?? []).map((child) => this.caseFileItem(child)),
    };
  }

  private stageItems(stage: Stage): ItemSummary[] {
    this.expanding.add(stage);
    const items = stage.planItems.map((item) => this.item(item));
    this.expanding.delete(stage);
    return items;
  }

  private item(item: PlanItem | DiscretionaryItem): ItemSummary {
    const definition = item.definition;
    const base: ItemSummary = {
      kind: item.kind,
      id: orNull(item.id),
      name: orNull(item.name ?? definition?.name),
      definition: definition === undefined ? null : { kind: definition.kind, id: orNull(definition.id), name: orNull(definition.name) },
      control: this.control(item.itemControl, definition),
      entryCriteria: item.entryCriteria.map((x) => this.criterion(x)),
      exitCriteria: item.exitCriteria.map((x) => this.criterion(x)),
      ...(item.kind === 'DiscretionaryItem'
        ? {
            authorizedRoles: item.authorizedRoles.map(named),
            applicabilityRules: item.applicabilityRulesApplied.map((r) => this.rule(r)),
          }
        : {}),
    };
    return definition === undefined ? base : { ...base, ...this.definitionDetails(definition) };
  }

  /** What an item's definition adds to it. */
  private definitionDetails(definition: PlanItemDefinition): Partial<ItemSummary> {
    switch (definition.kind) {
      case 'Stage':
        if (this.expanding.has(definition)) return { autoComplete: definition.autoComplete ?? false, recursive: true };
        return {
          autoComplete: definition.autoComplete ?? false,
          items: this.stageItems(definition),
          planningTable: definition.planningTable === undefined ? null : this.planningTable(definition.planningTable),
        };
      case 'PlanFragment': {
        if (this.expanding.has(definition)) return { recursive: true };
        this.expanding.add(definition);
        const items = definition.planItems.map((item) => this.item(item));
        this.expanding.delete(definition);
        return { items };
      }
      case 'Task':
        return { blocking: definition.isBlocking ?? true };
      case 'HumanTask':
        return {
          blocking: definition.isBlocking ?? true,
          performer: definition.performer === undefined ? (definition.performerRef === undefined ? null : { id: definition.performerRef, name: null }) : named(definition.performer),
          planningTable: definition.planningTable === undefined ? null : this.planningTable(definition.planningTable),
        };
      case 'CaseTask':
        return {
          blocking: definition.isBlocking ?? true,
          calls: this.calls('case', definition.caseRef, definition.case, definition.caseRefExpression),
        };
      case 'ProcessTask':
        return {
          blocking: definition.isBlocking ?? true,
          calls: this.calls('process', definition.processRef, definition.process, definition.processRefExpression),
        };
      case 'DecisionTask':
        return {
          blocking: definition.isBlocking ?? true,
          calls: this.calls('decision', definition.decisionRef, definition.decision, definition.decisionRefExpression),
        };
      case 'UserEventListener':
        return { authorizedRoles: definition.authorizedRoles.map(named) };
      case 'TimerEventListener':
        return { timer: { expression: this.expression(definition.timerExpression), start: this.timerStart(definition) } };
      case 'Milestone':
      case 'EventListener':
        return {};
    }
  }

  private calls(
    kind: 'case' | 'process' | 'decision',
    ref: string | undefined,
    target: { readonly name: string | undefined } | undefined,
    expression: Expression | undefined,
  ): NonNullable<ItemSummary['calls']> {
    return { kind, ref: orNull(ref), name: orNull(target?.name), local: target !== undefined, expression: this.expression(expression) };
  }

  private timerStart(timer: TimerEventListener): OnPartSummary | null {
    const trigger = timer.timerStart;
    if (trigger === undefined) return null;
    return {
      kind: trigger.kind,
      sourceRef: orNull(trigger.sourceRef),
      source: sourceName(trigger.source, trigger.sourceRef),
      standardEvent: orNull(trigger.standardEvent),
      exitCriterionRef: null,
    };
  }

  private planningTable(table: PlanningTable): PlanningTableSummary {
    return {
      kind: 'PlanningTable',
      id: orNull(table.id),
      authorizedRoles: table.authorizedRoles.map(named),
      applicabilityRules: table.applicabilityRules.map((r) => this.rule(r)),
      items: table.tableItems.map((entry) => (entry.kind === 'PlanningTable' ? this.planningTable(entry) : this.item(entry))),
    };
  }

  private control(own: PlanItemControl | undefined, definition: PlanItemDefinition | undefined): ControlSummary | null {
    const defaults = definition?.defaultControl;
    if (own === undefined && defaults === undefined) return null;
    // Rule by rule: the item's itemControl overrides its definition's defaultControl only in the rules it states.
    const pick = (key: 'requiredRule' | 'repetitionRule' | 'manualActivationRule'): ControlRuleSummary | null => {
      const mine = own?.[key];
      if (mine !== undefined) return { ...this.rule(mine), source: 'itemControl' };
      const inherited = defaults?.[key];
      return inherited === undefined ? null : { ...this.rule(inherited), source: 'defaultControl' };
    };
    return { required: pick('requiredRule'), repetition: pick('repetitionRule'), manualActivation: pick('manualActivationRule') };
  }

  private rule(rule: Rule<string>): RuleSummary {
    return {
      id: orNull(rule.id),
      name: orNull(rule.name),
      condition: this.expression(rule.condition),
      context: rule.contextRef === undefined ? null : (rule.context?.name ?? rule.contextRef),
    };
  }

  private criterion(criterion: Criterion): CriterionSummary {
    return {
      id: orNull(criterion.id),
      name: orNull(criterion.name),
      sentryRef: orNull(criterion.sentryRef),
      sentry: criterion.sentry === undefined ? null : this.sentry(criterion.sentry),
    };
  }

  private sentry(sentry: Sentry): SentrySummary {
    const ifPart = sentry.ifPart;
    return {
      id: orNull(sentry.id),
      name: orNull(sentry.name),
      onParts: sentry.onParts.map(onPartSummary),
      ifPart:
        ifPart === undefined
          ? null
          : {
              condition: this.expression(ifPart.condition),
              context: ifPart.contextRef === undefined ? null : (ifPart.context?.name ?? ifPart.contextRef),
            },
    };
  }

  private expression(expression: Expression | undefined): ExpressionSummary | null {
    if (expression === undefined || expression.body.trim() === '') return null;
    return { body: expression.body.trim(), language: orNull(effectiveLanguage(expression, this.definitions)) };
  }
}

function named(element: Role | { readonly id: string | undefined; readonly name: string | undefined }): NamedSummary {
  return { id: orNull(element.id), name: orNull(element.name) };
}

function sourceName(
  source: { readonly name: string | undefined; readonly id: string | undefined; readonly definition?: { readonly name: string | undefined } | undefined } | undefined,
  sourceRef: string | undefined,
): string | null {
  return orNull(source?.name ?? source?.definition?.name ?? sourceRef);
}

function onPartSummary(onPart: OnPart): OnPartSummary {
  return {
    kind: onPart.kind,
    sourceRef: orNull(onPart.sourceRef),
    source: sourceName(onPart.source, onPart.sourceRef),
    standardEvent: orNull(onPart.standardEvent),
    exitCriterionRef: onPart.kind === 'PlanItemOnPart' ? orNull(onPart.exitCriterionRef) : null,
  };
}
