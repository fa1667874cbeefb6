/**
 * Legality: the one place that says whether a user may give a command now, and why not — the
 * command's legality in the current state, and its authorization under the engine's policy
 * (docs/authorization.md). The step refuses a command with the reason given here;
 * `legalCommands`, `applicableDiscretionaryItems` and ref resolution ask the same functions, so
 * they can never disagree with the commands.
 *
 * Authorization in one paragraph: a user's standing in a case is whether they are on it (the
 * owner, a member of its team — as a user or through a group — or, when the engine trusts the
 * host's roles, a user the host gives a role) and the roles they hold there (their team roles,
 * plus the host's roles when trusted). Plan item commands need the item's roles (performer,
 * authorizedRoleRefs), or membership when it names none; timer listeners and milestones need a
 * role the engine grants; stages (the case plan model included) and case-level commands need
 * the owner or a case-command role; case file writes need membership (and the case-file rule); team changes need
 * the owner or a team-admin role. A command without a user is refused. With the policy off,
 * nothing is checked.
 */
import type { CompiledExpression } from '@casekit/rules';
import { IllegalTransitionError, NotApplicableError, NotAuthorizedError, TaskClaimedError } from '../errors.js';
import { nextPlanItemState } from '../lifecycle/index.js';
import type { AuthorizationPolicy } from './authorization-policy.js';
import type { CompiledNode } from './compile/compiled-case.js';
import { PLAN_ITEM_COMMANDS, WORK_COMMANDS, type PlanItemCommandName } from './commands.js';
import { manualCompletionBlocker } from './completion.js';
import { evaluateIn, type InstanceView } from './kernel/view.js';
import type { CaseTeam, TeamMember, User, WorkChange } from './state.js';

/** Why a command is refused. */
export type Refusal =
  /** A claim on a human task another user holds. */
  | { readonly kind: 'claimed'; readonly holder: string; readonly reason: string }
  /** Not legal in the current state (of the item, its stage or the case). */
  | { readonly kind: 'illegal'; readonly reason: string }
  /** The user may not give it: `roles` would allow it (empty: no role would), `reason` says why not. */
  | { readonly kind: 'unauthorized'; readonly roles: readonly string[]; readonly reason: string }
  /** A discretionary item not offered for planning now. */
  | { readonly kind: 'notApplicable'; readonly reason: string };

/** A refusal of authorization. */
export type Unauthorized = Extract<Refusal, { kind: 'unauthorized' }>;

const NO_TEAM: CaseTeam = Object.freeze({ owner: undefined, members: Object.freeze([]) });

/** What a user is in one case: on it or not, and the roles they hold there. */
export interface Standing {
  readonly owner: boolean;
  /** The owner, a team member (directly or through a group), or (trusted host roles) a user given a role. */
  readonly member: boolean;
  /** The roles held, as assigned or given. */
  readonly roles: readonly string[];
  /** The roles held, each with the id and name of the model role it names: what role checks compare. */
  readonly keys: ReadonlySet<string>;
}

/** The case team (absent in states stored before teams existed: no owner, no members). */
function teamOf(view: Pick<InstanceView, 's'>): CaseTeam {
  return view.s.team ?? NO_TEAM;
}

/** The team entries that stand for `user`: their own, and those of their groups. */
function entriesOf(team: CaseTeam, user: User): TeamMember[] {
  const groups = user.groups ?? [];
  return team.members.filter((m) => (m.group === true ? groups.includes(m.id) : m.id === user.id));
}

/** A user's standing in the case the view shows. */
export function standingOf(view: InstanceView, user: User): Standing {
  const team = teamOf(view);
  const entries = entriesOf(team, user);
  const roles = new Set<string>();
  for (const entry of entries) for (const role of entry.roles) roles.add(role);
  const trusted = view.policy.trustUserRoles ? (user.roles ?? []) : [];
  for (const role of trusted) roles.add(role);
  const keys = new Set<string>();
  for (const role of roles) {
    keys.add(role);
    for (const modelRole of view.c.roles) {
      if (modelRole.id !== role && modelRole.name !== role) continue;
      if (modelRole.id !== undefined) keys.add(modelRole.id);
      if (modelRole.name !== undefined && modelRole.name !== '') keys.add(modelRole.name);
    }
  }
  const owner = team.owner !== undefined && team.owner === user.id;
  return { owner, member: owner || entries.length > 0 || trusted.length > 0, roles: [...roles], keys };
}

/** Does the standing hold one of `roles`? */
function holdsRole(standing: Standing, roles: readonly string[]): boolean {
  return roles.some((role) => standing.keys.has(role));
}

const NO_USER = "a user command needs the acting user (the engine's authorization is on; 'none' turns it off)";

function rolesNote(roles: readonly string[]): string {
  return roles.length === 0 ? '' : ` (roles that would allow it: ${roles.join(', ')})`;
}

/**
 * The one rule for "who may": `roles` allow it; when `members` is true, so does being on the
 * case. Undefined: the user may.
 */
function authorize(view: InstanceView, user: User | undefined, roles: readonly string[], members: boolean, denied: string): Unauthorized | undefined {
  if (!view.policy.on) return undefined;
  if (user === undefined) return { kind: 'unauthorized', roles, reason: `${NO_USER}${rolesNote(roles)}` };
  const standing = standingOf(view, user);
  if (members && standing.member) return undefined;
  if (holdsRole(standing, roles)) return undefined;
  return { kind: 'unauthorized', roles, reason: denied };
}

/** Roles the engine grants on a node (by its plan item id or name). */
function grantedRoles(policy: AuthorizationPolicy, node: CompiledNode): readonly string[] {
  const byId = Object.hasOwn(policy.itemRoles, node.id) ? policy.itemRoles[node.id]! : [];
  const byName = node.name !== node.id && Object.hasOwn(policy.itemRoles, node.name) ? policy.itemRoles[node.name]! : [];
  return byName.length === 0 ? byId : [...byId, ...byName];
}

/**
 * May `user` give the case owner's commands: case-level commands, and plan item commands on stages
 * (the case plan model included) — with `granted`, the roles the engine grants on that stage?
 */
export function caseCommandRefusal(view: InstanceView, user: User | undefined, granted: readonly string[] = []): Unauthorized | undefined {
  const roles = granted.length === 0 ? view.policy.caseCommandRoles : [...view.policy.caseCommandRoles, ...granted];
  const owner = teamOf(view).owner;
  const who = `only the case owner (${owner ?? 'the case has none'})${roles.length === 0 ? '' : ` or a holder of ${roles.join(', ')}`} may`;
  if (!view.policy.on || user === undefined || user.id !== owner) return authorize(view, user, roles, false, who);
  return undefined;
}

/** May `user` change the case team? The owner, or a team-admin role. */
export function teamRefusal(view: InstanceView, user: User | undefined): Unauthorized | undefined {
  const roles = view.policy.teamAdminRoles;
  const owner = teamOf(view).owner;
  const who = `only the case owner (${owner ?? 'the case has none'})${roles.length === 0 ? '' : ` or a holder of ${roles.join(', ')}`} may change the case team`;
  if (!view.policy.on || user === undefined || user.id !== owner) return authorize(view, user, roles, false, who);
  return undefined;
}

/**
 * May `user` write (`set`, a task's `output`) or remove the case file items `items`? Members of
 * the case may, as far as the engine's case-file rule lets them.
 */
export function caseFileRefusal(view: InstanceView, user: User | undefined, items: readonly string[], command: 'set' | 'remove' | 'complete'): Unauthorized | undefined {
  const refusal = authorize(view, user, [], true, `only members of the case team may write the case file; ${user?.id ?? ''} is not one`);
  if (refusal !== undefined || !view.policy.on || user === undefined) return refusal;
  const rule = view.policy.caseFileRule;
  if (rule === undefined) return undefined;
  const roles = standingOf(view, user).roles;
  for (const item of items) {
    if (!rule({ caseId: view.s.id, user, item, command, roles })) {
      return { kind: 'unauthorized', roles: [], reason: `the engine's case-file rule refuses ${user.id} to ${command === 'remove' ? 'remove' : 'write'} "${item}"` };
    }
  }
  return undefined;
}

/** May `user` give plan item commands on `node`? (Authorization only; legality in the state is {@link planItemCommandRefusal}'s.) */
export function itemRefusal(view: InstanceView, node: CompiledNode, user: User | undefined): Unauthorized | undefined {
  const behaviour = node.behaviour;
  const granted = grantedRoles(view.policy, node);
  if (behaviour.commandedBy === 'case') return caseCommandRefusal(view, user, granted);
  if (behaviour.commandedBy === 'granted') {
    const reason =
      granted.length === 0
        ? `no user commands a ${node.type}; the engine moves it (a role is granted one through authorization.itemRoles)`
        : `one of the roles ${granted.join(', ')} is required`;
    return authorize(view, user, granted, false, reason);
  }
  const modelRoles = behaviour.commandRoles;
  if (modelRoles.length === 0) {
    const reason = `only members of the case team may${granted.length === 0 ? '' : ` (or holders of ${granted.join(', ')})`}; ${user?.id ?? ''} is not one`;
    return authorize(view, user, granted, true, reason);
  }
  const roles = granted.length === 0 ? modelRoles : [...modelRoles, ...granted];
  return authorize(view, user, roles, false, `one of the roles ${roles.join(', ')} is required`);
}

/** Why `user` may not give plan item command `command` on instance `n` now (undefined: they may). */
export function planItemCommandRefusal(view: InstanceView, n: number, command: PlanItemCommandName, user: User | undefined): Refusal | undefined {
  if (view.s.state !== 'Active') return { kind: 'illegal', reason: `the case is ${view.s.state}` };
  const assignee = view.inst(n).work?.assignee;
  // docs/work.md: the assignee of a human task may give its commands; only the assignee may complete it.
  const unauthorized = assignee !== undefined && user?.id === assignee ? undefined : itemRefusal(view, view.node(n), user);
  if (unauthorized !== undefined) return unauthorized;
  if (command === 'complete') {
    const refusal = completionRefusal(view, n, user);
    if (refusal !== undefined) return refusal;
  }
  return planItemStateRefusal(view, n, command);
}

// ------------------------------------------------------------------------------------------------
// Human work (docs/work.md): claim, unclaim, assign, delegate, resolve; who may complete; four-eyes
// ------------------------------------------------------------------------------------------------

const WORK_STATES: ReadonlySet<string> = new Set(['Enabled', 'Active', 'Suspended', 'Failed']);

/** An assigned human task is completed by its assignee only; four-eyes holds whatever the policy. */
function completionRefusal(view: InstanceView, n: number, user: User | undefined): Refusal | undefined {
  const work = view.inst(n).work;
  if (work === undefined) return undefined;
  if (view.policy.on && work.assignee !== undefined && user?.id !== work.assignee) {
    return { kind: 'unauthorized', roles: [], reason: `it is assigned to ${work.assignee}; only the assignee may complete it` };
  }
  return user === undefined ? undefined : fourEyesRefusal(view, n, user.id);
}

/**
 * Is `user` a candidate of human task instance `n`: named as one (by the model, or by the case
 * team when the task became work), a holder of its performer role, or — when it names neither
 * performer nor candidates — anyone the policy lets command it?
 */
export function isCandidate(view: InstanceView, n: number, user: User): boolean {
  const candidates = view.inst(n).work?.candidates;
  if (candidates !== undefined) {
    if (candidates.users.includes(user.id)) return true;
    if ((user.groups ?? []).some((g) => candidates.groups.includes(g))) return true;
  }
  // Candidates the model names narrow "any member of the case"; a performer role's holders are candidates as the policy says.
  const node = view.node(n);
  const named = node.work?.candidateUsers !== undefined || node.work?.candidateGroups !== undefined;
  return (node.performerRoles.length > 0 || !named) && itemRefusal(view, node, user) === undefined;
}

/**
 * Four-eyes (`casekit:fourEyesWith`, docs/work.md): `userId` may not claim, be assigned, or
 * complete instance `n` when they claimed or completed an instance of a task it is paired with.
 */
export function fourEyesRefusal(view: InstanceView, n: number, userId: string): Unauthorized | undefined {
  const node = view.node(n);
  const partners = new Set<number>();
  for (const id of node.work?.fourEyesWith ?? []) for (const m of view.c.nodesByItemId.get(id) ?? []) partners.add(m);
  for (const other of view.c.nodes) if (other.work?.fourEyesWith.includes(node.id) === true) partners.add(other.index);
  for (const partner of partners) {
    for (const m of view.instancesOf(partner)) {
      if (m === n) continue;
      const work = view.inst(m).work;
      const did = work?.completedBy === userId ? 'completed' : work?.assignee === userId ? 'holds' : undefined;
      if (did === undefined) continue;
      const first = view.c.nodes[partner]!;
      return { kind: 'unauthorized', roles: [], reason: `four eyes: ${userId} ${did} "${first.name}" (${first.id}), which must be done by another user` };
    }
  }
  return undefined;
}

/** May `user` hold or take the task's management: its owner, the case owner, or a task-manager role. */
function managerRefusal(view: InstanceView, n: number, user: User | undefined): Unauthorized | undefined {
  if (!view.policy.on) return undefined;
  const owner = view.inst(n).work?.owner;
  const caseOwner = teamOf(view).owner;
  if (user !== undefined && (user.id === owner || user.id === caseOwner)) return undefined;
  const roles = view.policy.taskManagerRoles;
  const who = `only the task's owner${owner === undefined ? '' : ` (${owner})`}, the case owner (${caseOwner ?? 'the case has none'})${roles.length === 0 ? '' : ` or a holder of ${roles.join(', ')}`} may assign it`;
  return authorize(view, user, roles, false, who);
}

/**
 * Why `user` may not give work command `change` on human task instance `n` now (undefined: they
 * may); `to` is the assignee of `assign` (null clears it) or the delegate of `delegate`.
 */
export function workRefusal(view: InstanceView, n: number, change: WorkChange, user: User | undefined, to?: string | null): Refusal | undefined {
  if (view.s.state !== 'Active') return { kind: 'illegal', reason: `the case is ${view.s.state}` };
  const instance = view.inst(n);
  const node = view.node(n);
  const work = instance.work;
  if (node.work === undefined) return { kind: 'illegal', reason: `only a human task is claimed, assigned or delegated; "${node.name}" (${node.id}) is a ${node.type}` };
  if (work === undefined || !WORK_STATES.has(instance.state)) return { kind: 'illegal', reason: `it is ${instance.state}: only an Enabled, Active, Suspended or Failed human task is worked on` };
  const on = view.policy.on;
  const self = (what: string): Refusal | undefined =>
    on && user?.id !== work.assignee ? authorize(view, user, [], false, `only its assignee${work.assignee === undefined ? '' : ` (${work.assignee})`} may ${what} it`) : undefined;
  switch (change) {
    case 'claim': {
      if (work.assignee !== undefined && work.assignee === user?.id) return { kind: 'illegal', reason: `${work.assignee} already holds it` };
      if (on && (user === undefined || !isCandidate(view, n, user))) {
        return authorize(view, user, [], false, `${user?.id ?? ''} is not a candidate for it`);
      }
      if (work.assignee !== undefined) return { kind: 'claimed', holder: work.assignee, reason: `it is claimed by ${work.assignee}` };
      return user === undefined ? undefined : fourEyesRefusal(view, n, user.id);
    }
    case 'unclaim':
      if (work.assignee === undefined) return { kind: 'illegal', reason: 'nobody holds it' };
      if (work.delegation === 'pending') return { kind: 'illegal', reason: `it is delegated to ${work.assignee}, who resolves it` };
      return self('give back');
    case 'assign': {
      const refusal = managerRefusal(view, n, user);
      if (refusal !== undefined) return refusal;
      if (to !== undefined && (to ?? undefined) === work.assignee) return { kind: 'illegal', reason: to === null || to === undefined ? 'nobody holds it' : `${to} already holds it` };
      return to === null || to === undefined ? undefined : fourEyesRefusal(view, n, to);
    }
    case 'delegate': {
      if (work.assignee === undefined) return { kind: 'illegal', reason: 'nobody holds it: claim it first' };
      const refusal = self('delegate');
      if (refusal !== undefined) return refusal;
      if (to === undefined) return undefined; // asked by legalCommands: may this user delegate it at all?
      if (typeof to !== 'string' || to === '' || to === work.assignee) return { kind: 'illegal', reason: `a task is delegated to another user, not ${JSON.stringify(to)}` };
      return fourEyesRefusal(view, n, to);
    }
    case 'resolve':
      if (work.delegation !== 'pending') return { kind: 'illegal', reason: 'it is not delegated' };
      return self('resolve');
  }
}

/**
 * Why plan item command `command` is not legal on instance `n` in the current state, whoever
 * gives it (undefined: it is). The engine's own commands (a task handler's result) ask only this.
 */
export function planItemStateRefusal(view: InstanceView, n: number, command: PlanItemCommandName): Refusal | undefined {
  if (view.s.state !== 'Active') return { kind: 'illegal', reason: `the case is ${view.s.state}` };
  const instance = view.inst(n);
  const node = view.c.nodes[instance.node]!;
  if (instance.parent >= 0) {
    const stage = view.inst(instance.parent);
    if (stage.state !== 'Active') return { kind: 'illegal', reason: `its stage "${view.c.nodes[stage.node]!.name}" is ${stage.state}` };
  }
  if (command === 'occur' && !node.behaviour.userOccurs) {
    return { kind: 'illegal', reason: `only a user event listener occurs by command; "${node.name}" (${node.id}) is a ${node.type}` };
  }
  if (command === 'complete' && node.behaviour.onStart === 'startChildCase' && node.isBlocking && instance.childCase !== undefined && instance.state === 'Active') {
    // cmmn-semantics §10 (casekit rule): a blocking case task is completed by its child case only.
    return { kind: 'illegal', reason: `its child case ${instance.childCase} is running; it completes when the child does (terminate the case task to stop it)` };
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

/**
 * The work commands `user` may give on human task instance `n` now (docs/work.md); for `assign`
 * and `delegate`, whether they may give them at all — to whom is checked when they do.
 */
export function legalWorkCommands(view: InstanceView, n: number, user: User | undefined): WorkChange[] {
  if (view.node(n).work === undefined) return [];
  return WORK_COMMANDS.filter((change) => workRefusal(view, n, change, user) === undefined);
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
  const granted = grantedRoles(view.policy, node);
  if (node.authorizedRoles.length === 0) {
    const reason = `only members of the case team may plan it${granted.length === 0 ? '' : ` (or holders of ${granted.join(', ')})`}; ${user?.id ?? ''} is not one`;
    return authorize(view, user, granted, true, reason);
  }
  const roles = granted.length === 0 ? node.authorizedRoles : [...node.authorizedRoles, ...granted];
  return authorize(view, user, roles, false, `one of the roles ${roles.join(', ')} is required`);
}

function describeRule(rule: CompiledExpression): string {
  return rule.elementId ?? JSON.stringify(rule.source);
}

/**
 * The NotAuthorized error of a refusal: it names the user, the target (`itemId`, `itemName`: a
 * plan item, the case, a case file item or a team member), the command and the roles that would
 * allow it.
 */
export function notAuthorized(view: InstanceView, refusal: Unauthorized, user: User | undefined, command: string, itemId: string, itemName?: string): NotAuthorizedError {
  return new NotAuthorizedError(itemId, user?.id, refusal.roles, { itemName, command, caseId: view.s.id, reason: refusal.reason });
}

/** Throws the typed error of a refusal of a command on instance `n`. */
export function refuse(view: InstanceView, n: number, command: string, refusal: Refusal, user: User | undefined): never {
  const instance = view.inst(n);
  const node = view.c.nodes[instance.node]!;
  if (refusal.kind === 'unauthorized') throw notAuthorized(view, refusal, user, command, node.id, node.name);
  if (refusal.kind === 'notApplicable') throw new NotApplicableError(node.id, refusal.reason, node.name);
  if (refusal.kind === 'claimed') throw new TaskClaimedError(node.id, refusal.holder, user?.id, { itemName: node.name, caseId: view.s.id });
  throw new IllegalTransitionError(instance.id, instance.state, command, refusal.reason, {
    item: { name: node.name, itemId: node.id, instanceId: instance.id },
    caseId: view.s.id,
  });
}
