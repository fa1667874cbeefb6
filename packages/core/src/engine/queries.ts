/** Read-only views of a case: snapshot, applicable discretionary items, legal commands. */
import type { PlanItemKind, PlanItemState } from '../lifecycle/index.js';
import type { PlanItemDefinition } from '../model/types.js';
import { AUTHORIZATION_ON, policyFor, type AuthorizationPolicy } from './authorization-policy.js';
import type { PlanItemCommandName } from './commands.js';
import type { CompiledCase } from './compile/compiled-case.js';
import { StateView } from './kernel/view.js';
import { legalPlanItemCommands, legalWorkCommands, planningRefusal } from './legality.js';
import { allInstances, instanceAt, type CaseInstanceId, type CaseInstanceState, type HumanTaskWork, type WorkChange, type JsonValue, type PlanItemInstanceId, type User } from './state.js';

/** One plan item instance in a snapshot. */
export interface PlanItemSnapshot {
  readonly instanceId: PlanItemInstanceId;
  /** The plan item's (or discretionary item's) id. */
  readonly itemId: string;
  readonly name: string;
  readonly definitionId: string | undefined;
  /** The definition's kind: 'HumanTask', 'Stage', 'Milestone', … */
  readonly type: PlanItemDefinition['kind'];
  readonly kind: PlanItemKind;
  readonly state: PlanItemState;
  /** The enclosing stage's plan item id (undefined for items of the case plan model). */
  readonly stageId: string | undefined;
  readonly stageInstanceId: PlanItemInstanceId | undefined;
  /** 1-based index among repetitions in the same stage instance. */
  readonly repetition: number;
  readonly required: boolean;
  readonly discretionary: boolean;
  /** The exit criterion through which it exited, if it did. */
  readonly exitCriterion: string | undefined;
  readonly childCase: CaseInstanceId | undefined;
  /** Human tasks: who holds it (null: nobody) — absent on other items (docs/work.md). */
  readonly assignee?: string | null;
  /** Human tasks, once Enabled or Active: assignee, owner, candidates, due date, priority, delegation. */
  readonly work?: HumanTaskWork;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A case at one point in time. */
export interface CaseSnapshot {
  readonly id: CaseInstanceId;
  readonly state: CaseInstanceState['state'];
  readonly caseDefinitionId: string;
  readonly modelKey: string;
  readonly modelVersion: number;
  readonly caseFile: Readonly<Record<string, JsonValue>>;
  /** Every plan item instance except the case plan model itself, in creation order. */
  readonly items: readonly PlanItemSnapshot[];
  /** Pending timers. */
  readonly timers: readonly { readonly instanceId: PlanItemInstanceId; readonly itemId: string; readonly dueAt: number }[];
  readonly parentCase: CaseInstanceState['parentCase'];
  readonly revision: number | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Builds the snapshot of a case state. */
export function caseSnapshot(compiled: CompiledCase, state: CaseInstanceState, revision?: number): CaseSnapshot {
  const items: PlanItemSnapshot[] = [];
  for (const instance of allInstances(state)) {
    if (instance.n === 0) continue;
    const node = compiled.nodes[instance.node]!;
    const parent = instance.parent > 0 ? instanceAt(state, instance.parent) : undefined;
    items.push({
      instanceId: instance.id,
      itemId: node.id,
      name: node.name,
      definitionId: node.definition.id,
      type: node.type,
      kind: node.kind,
      state: instance.state,
      stageId: parent === undefined ? undefined : compiled.nodes[parent.node]!.id,
      stageInstanceId: parent?.id,
      repetition: instance.repetition,
      required: instance.required,
      discretionary: node.discretionary,
      exitCriterion: instance.exitCriterion,
      childCase: instance.childCase,
      ...(node.work === undefined ? {} : { assignee: instance.work?.assignee ?? null, ...(instance.work === undefined ? {} : { work: instance.work }) }),
      createdAt: instance.createdAt,
      updatedAt: instance.updatedAt,
    });
  }
  return {
    id: state.id,
    state: state.state,
    caseDefinitionId: state.definition.caseId,
    modelKey: state.definition.modelKey,
    modelVersion: state.definition.modelVersion,
    caseFile: state.caseFile,
    items,
    timers: state.timers.map((t) => {
      const instance = instanceAt(state, t.instance);
      return { instanceId: instance.id, itemId: compiled.nodes[instance.node]!.id, dueAt: t.dueAt };
    }),
    parentCase: state.parentCase,
    revision,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

/** A discretionary item that may be planned now. */
export interface ApplicableItem {
  readonly itemId: string;
  readonly name: string;
  readonly type: PlanItemDefinition['kind'];
  /** The Active stage or human task instance whose planning table offers it. */
  readonly ownerInstanceId: PlanItemInstanceId;
  readonly ownerItemId: string;
}

/**
 * The discretionary items `user` may plan now (owner Active, applicability rules true at `now`,
 * authorized under `policy`): exactly what `plan` accepts.
 */
export function applicableItems(compiled: CompiledCase, state: CaseInstanceState, user: User | undefined, now: number, policy: AuthorizationPolicy = AUTHORIZATION_ON): ApplicableItem[] {
  const out: ApplicableItem[] = [];
  if (state.state !== 'Active') return out;
  const view = new StateView(compiled, state, now, policyFor(policy, user));
  for (const instance of allInstances(state)) {
    if (instance.state !== 'Active') continue;
    const owner = compiled.nodes[instance.node]!;
    for (const index of owner.discretionaryItems) {
      const node = compiled.nodes[index]!;
      if (planningRefusal(view, node, instance.n, user) !== undefined) continue;
      out.push({ itemId: node.id, name: node.name, type: node.type, ownerInstanceId: instance.id, ownerItemId: owner.id });
    }
  }
  return out;
}

/** The commands legal now on one instance. */
export interface ItemCommands {
  readonly instanceId: PlanItemInstanceId;
  readonly itemId: string;
  readonly name: string;
  readonly state: PlanItemState;
  readonly commands: readonly PlanItemCommandName[];
  /**
   * Human tasks: the work commands the user may also give now (docs/work.md; `assign` and
   * `delegate`: to whom is checked when given). Items are listed for their plan item commands; a
   * user with work commands only (a candidate named by the model, the case owner who may assign)
   * finds them through `legalWorkCommands` (`@casekit/core/internals`) and work lists.
   */
  readonly work?: readonly WorkChange[];
}

/** The plan item commands `user` may give now under `policy`, per instance: exactly what the commands accept. */
export function legalCommands(compiled: CompiledCase, state: CaseInstanceState, user: User | undefined, now: number, policy: AuthorizationPolicy = AUTHORIZATION_ON): ItemCommands[] {
  const out: ItemCommands[] = [];
  if (state.state !== 'Active') return out;
  const view = new StateView(compiled, state, now, policyFor(policy, user));
  for (const instance of allInstances(state)) {
    if (instance.n === 0) continue;
    const commands = legalPlanItemCommands(view, instance.n, user);
    if (commands.length === 0) continue;
    const work = legalWorkCommands(view, instance.n, user);
    const node = compiled.nodes[instance.node]!;
    out.push({ instanceId: instance.id, itemId: node.id, name: node.name, state: instance.state, commands, ...(work.length === 0 ? {} : { work }) });
  }
  return out;
}
