/**
 * What the builder records while a model is authored. Handles are views of these records; the
 * records become model nodes only in `build()`, so a builder can be built more than once and each
 * model is independent and frozen.
 *
 * @internal
 */
import type { DefinitionKind } from '../lifecycle/standard-events.js';
import type {
  ApplicabilityRuleOptions,
  CalledElementOptions,
  CaseFileItemDefinitionOptions,
  CaseFileItemOptions,
  CaseOptions,
  ElementOptions,
  ExpressionInput,
  ItemKind,
  ModelOptions,
  OnPartSpec,
  ParameterHandle,
  ParameterMappingOptions,
  PlanningTableOptions,
  RuleSpec,
  SentrySpec,
} from './handles/index.js';
import type { IdGenerator } from './ids.js';

export interface ModelRec {
  readonly kind: 'Definitions';
  readonly ids: IdGenerator;
  readonly options: ModelOptions;
  readonly cases: CaseRec[];
  readonly processes: CalledRec[];
  readonly decisions: CalledRec[];
  readonly caseFileItemDefinitions: CaseFileItemDefinitionRec[];
}

export interface CaseRec {
  readonly kind: 'Case';
  readonly model: ModelRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: CaseOptions;
  /** Set right after the case record is made. */
  plan: ContainerRec;
  readonly caseFileItems: CaseFileItemRec[];
  readonly roles: RoleRec[];
  readonly inputs: ParameterRec[];
  readonly outputs: ParameterRec[];
}

export interface CaseFileItemRec {
  readonly kind: 'CaseFileItem';
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: CaseFileItemOptions;
  readonly children: CaseFileItemRec[];
}

export interface RoleRec {
  readonly kind: 'Role';
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: ElementOptions;
}

export interface ParameterRec {
  readonly kind: 'CaseParameter' | 'ProcessParameter' | 'DecisionParameter';
  readonly model: ModelRec;
  /** The case whose case file items a binding may name (case and task parameters). */
  readonly case: CaseRec | undefined;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: ElementOptions & { readonly binding?: unknown; readonly bindingRefinement?: ExpressionInput };
}

export interface CalledRec {
  readonly kind: 'Process' | 'Decision';
  readonly model: ModelRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: CalledElementOptions;
  readonly inputs: ParameterRec[];
  readonly outputs: ParameterRec[];
}

export interface CaseFileItemDefinitionRec {
  readonly kind: 'CaseFileItemDefinition';
  readonly model: ModelRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: CaseFileItemDefinitionOptions;
}

/** A rule with its id fixed at authoring time. */
export interface RuleRec {
  readonly kind: 'RequiredRule' | 'RepetitionRule' | 'ManualActivationRule' | 'ApplicabilityRule';
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: RuleSpec<string> | ApplicabilityRuleOptions<string>;
}

export interface ControlRec {
  readonly options: ElementOptions;
  readonly requiredRule: RuleRec | undefined;
  readonly repetitionRule: RuleRec | undefined;
  readonly manualActivationRule: RuleRec | undefined;
}

/** The case plan model, a stage's content or a plan fragment's content. */
export interface ContainerRec {
  readonly kind: 'Stage' | 'PlanFragment';
  readonly case: CaseRec;
  /** The stage that declares the definitions of this container's items (itself for a stage). */
  readonly declareIn: ContainerRec;
  /** The case plan model's own id, name and options; for stages see the definition record. */
  readonly id: string;
  readonly name: string | undefined;
  readonly planItems: ItemRec[];
  readonly sentries: SentryRec[];
  readonly definitions: DefinitionRec[];
  table: TableRec | undefined;
  /** Case plan model only. */
  readonly exitCriteria: CriterionRec[];
}

export interface DefinitionRec {
  readonly kind: DefinitionKind;
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  /** The stage whose `planItemDefinitions` hold it. */
  readonly declaredIn: ContainerRec;
  /** The element options of the definition. */
  readonly element: ElementOptions;
  /** Kind-specific fields (isBlocking, performer, timerExpression, …) as given. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly defaultControl: ControlRec | undefined;
  /** Stage and plan fragment content. */
  readonly content: ContainerRec | undefined;
  /** Human task planning table (stages keep theirs on `content`). */
  table: TableRec | undefined;
  readonly inputs: ParameterRec[];
  readonly outputs: ParameterRec[];
  readonly mappings: MappingRec[];
  /** Timer start trigger id, fixed at authoring time. */
  readonly timerStartId: string | undefined;
}

export interface ItemRec {
  readonly kind: ItemKind;
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly definition: DefinitionRec;
  readonly options: ElementOptions;
  /** Where the sentries of this item's criteria live. */
  readonly scope: ContainerRec;
  readonly itemControl: ControlRec | undefined;
  readonly entryCriteria: CriterionRec[];
  readonly exitCriteria: CriterionRec[];
  /** Discretionary items only. */
  readonly authorizedRoles: readonly unknown[];
  readonly applicabilityRules: readonly unknown[];
}

export interface CriterionRec {
  readonly kind: 'EntryCriterion' | 'ExitCriterion';
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly options: ElementOptions;
  /** The sentry's handle, or whatever was passed as one (checked at build). */
  readonly sentry: unknown;
  readonly owner: ItemRec | ContainerRec;
}

export interface OnPartRec {
  readonly id: string;
  readonly spec: OnPartSpec;
}

export interface SentryRec {
  readonly kind: 'Sentry';
  readonly case: CaseRec;
  readonly id: string;
  readonly name: string | undefined;
  readonly scope: ContainerRec;
  readonly spec: SentrySpec;
  readonly onParts: readonly OnPartRec[];
}

export interface TableRec {
  readonly kind: 'PlanningTable';
  readonly case: CaseRec;
  readonly id: string;
  /** Where the sentries of the discretionary items' criteria live. */
  readonly scope: ContainerRec;
  readonly options: PlanningTableOptions<string>;
  readonly tableItems: (ItemRec | TableRec)[];
  readonly applicabilityRules: RuleRec[];
}

export interface MappingRec {
  readonly id: string | undefined;
  readonly source: ParameterHandle;
  readonly target: ParameterHandle;
  readonly options: ParameterMappingOptions;
}

/** Any record a handle stands for. */
export type AnyRec =
  | CaseRec
  | CaseFileItemRec
  | RoleRec
  | ParameterRec
  | CalledRec
  | CaseFileItemDefinitionRec
  | RuleRec
  | ContainerRec
  | DefinitionRec
  | ItemRec
  | CriterionRec
  | SentryRec
  | TableRec;

const RECORDS = new WeakMap<object, AnyRec>();

/** Makes `handle` stand for `record`, and freezes it. */
export function bind<H extends object>(handle: H, record: AnyRec): H {
  RECORDS.set(handle, record);
  return Object.freeze(handle);
}

/** The record behind a handle; undefined for anything the builder did not hand out. */
export function recordOf(handle: unknown): AnyRec | undefined {
  return handle !== null && typeof handle === 'object' ? RECORDS.get(handle) : undefined;
}

/** The model a record belongs to. */
export function modelOf(record: AnyRec): ModelRec {
  return 'model' in record ? record.model : record.case.model;
}
