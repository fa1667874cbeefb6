/**
 * Legality: the one place that says whether a user may give a command now, and why not. The step
 * refuses a command with the reason given here; `legalCommands`, `applicableDiscretionaryItems`
 * and ref resolution ask the same functions, so they can never disagree with the commands.
 */
import type { CompiledExpression } from '@casekit/rules';
import { IllegalTransitionError, NotApplicableError, NotAuthorizedError } from '../errors.js';
import { nextPlanItemState } from '../lifecycle/index.js';
import type { CompiledNode } from './compile/compiled-case.js';
import { PLAN_ITEM_COMMANDS, type PlanItemCommandName } from './commands.js';
import { manualCompletionBlocker } from './completion.js';
import { evaluateIn, type InstanceView } from './kernel/view.js';
import type { User } from './state.js';

/** Why a command is refused. */
export type Refusal =
  /** Not legal in the current state (of the item, its stage or the case). */
  | { readonly kind: 'illegal'; readonly reason: string }
  /** The user holds none of the roles that allow it. */
  | { readonly kind: 'unauthorized'; readonly roles: readonly string[] }
  /** A discretionary item not offered for planning now. */
  | { readonly kind: 'notApplicable'; readonly reason: string };

/** Does the user hold one of `roles` (empty: anyone may)? A command without a user is not checked against roles. */
export function holdsRole(user: User | undefined, roles: readonly string[]): boolean {
  if (user === undefined || roles.length === 0) return true;
  return (user.roles ?? []).some((role) => roles.includes(role));
}

/** Why `user` may not give plan item command `command` on instance `n` now (undefined: they may). */
export function planItemCommandRefusal(view: InstanceView, n: number, command: PlanItemCommandName, user: User | undefined): Refusal | undefined {
  if (view.s.state !== 'Active') return { kind: 'illegal', reason: `the case is ${view.s.state}` };
  const instance = view.inst(n);
  const node = view.c.nodes[instance.node]!;
  if (!holdsRole(user, node.behaviour.commandRoles)) return { kind: 'unauthorized', roles: node.behaviour.commandRoles };
  if (instance.parent >= 0) {
    const stage = view.inst(instance.parent);
    if (stage.state !== 'Active') return { kind: 'illegal', reason: `its stage "${view.c.nodes[stage.node]!.name}" is ${stage.state}` };
  }
  if (command === 'occur' && !node.behaviour.userOccurs) {
    return { kind: 'illegal', reason: `only a user event listener occurs by command; "${node.name}" (${node.id}) is a ${node.type}` };
  }
  if (node.behaviour.isStage && command === 'complete' && instance.state === 'Active') {
    const blocker = manualCompletionBlocker(view, n);
    if (blocker !== undefined) return { kind: 'illegal', reason: blocker };
  }
  if (nextPlanItemState(node.kind, instance.state, command, instance.before) === undefined) {
    return { kind: 'illegal', reason: `a ${node.type} cannot ${command} from ${instance.state}` };
  }
  return undefined;
}

/** The plan item commands `user` may give on instance `n` now. */
export function legalPlanItemCommands(view: InstanceView, n: number, user: User | undefined): PlanItemCommandName[] {
  return PLAN_ITEM_COMMANDS.filter((command) => planItemCommandRefusal(view, n, command, user) === undefined);
}

/** Why `user` may not plan discretionary `node` under its Active planning-table owner instance `owner` now (undefined: they may). */
export function planningRefusal(view: InstanceView, node: CompiledNode, owner: number, user: User | undefined): Refusal | undefined {
  for (const rule of node.applicability) {
    if (!evaluateIn(view, rule, owner)) return { kind: 'notApplicable', reason: `applicability rule ${describeRule(rule)} is false` };
  }
  if (!holdsRole(user, node.authorizedRoles)) return { kind: 'unauthorized', roles: node.authorizedRoles };
  return undefined;
}

function describeRule(rule: CompiledExpression): string {
  return rule.elementId ?? JSON.stringify(rule.source);
}

/** Throws the typed error of a refusal of a command on instance `n`. */
export function refuse(view: InstanceView, n: number, command: string, refusal: Refusal, user: User | undefined): never {
  const instance = view.inst(n);
  const node = view.c.nodes[instance.node]!;
  if (refusal.kind === 'unauthorized') {
    throw new NotAuthorizedError(node.id, user?.id, refusal.roles, { itemName: node.name, command, caseId: view.s.id });
  }
  if (refusal.kind === 'notApplicable') throw new NotApplicableError(node.id, refusal.reason, node.name);
  throw new IllegalTransitionError(instance.id, instance.state, command, refusal.reason, {
    item: { name: node.name, itemId: node.id, instanceId: instance.id },
    caseId: view.s.id,
  });
}
