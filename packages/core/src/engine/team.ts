/**
 * The case team (CMMN 1.1 §5.2.3: case roles, here assigned per case; docs/authorization.md): the
 * case owner, and the members — users, or groups of users — with the case roles assigned to them.
 * Adding a member, removing one and changing a member's roles are commands of their own, recorded
 * in the case history (scope `team`); who may give them is the legality module's decision.
 */
import { IllegalTransitionError } from '../errors.js';
import type { MemberRef } from './commands.js';
import type { StepRun } from './kernel/step-run.js';
import type { CaseTeam, TeamChange, TeamMember } from './state.js';

/** A member as history names it: the user id, or `group:` and the group id. */
export function memberKey(member: Pick<TeamMember, 'id' | 'group'>): string {
  return member.group === true ? `group:${member.id}` : member.id;
}

/** The member a command names, checked: a non-empty user id, or `{ group }` with a non-empty group id. */
export function memberOf(ref: MemberRef, caseId: string, change: TeamChange): Pick<TeamMember, 'id' | 'group'> {
  if (typeof ref === 'string' && ref !== '') return { id: ref };
  if (typeof ref === 'object' && ref !== null && typeof ref.group === 'string' && ref.group !== '') return { id: ref.group, group: true };
  throw new IllegalTransitionError(caseId, 'Active', change, `a team member is a non-empty user id or { group: "<group id>" }, not ${JSON.stringify(ref) ?? String(ref)}`, { caseId });
}

/** Roles as a command gives them, checked (non-empty strings), without repeats. */
function rolesOf(roles: readonly string[] | undefined, caseId: string, change: TeamChange): string[] {
  const list: unknown = roles ?? [];
  if (!Array.isArray(list) || list.some((r) => typeof r !== 'string' || r === '')) {
    throw new IllegalTransitionError(caseId, 'Active', change, 'the roles of a team member are a list of role ids or names', { caseId });
  }
  return [...new Set(list as string[])];
}

/** Applies a change of the case team and records it. */
export function changeTeam(run: StepRun, change: TeamChange, ref: MemberRef, roles: readonly string[] | undefined): void {
  const caseId = run.s.id;
  const member = memberOf(ref, caseId, change);
  const key = memberKey(member);
  const team: CaseTeam = run.s.team ?? { owner: undefined, members: [] };
  const index = team.members.findIndex((m) => m.id === member.id && (m.group === true) === (member.group === true));
  const before = index < 0 ? undefined : team.members[index]!;
  const members = [...team.members];
  let to: string;
  if (change === 'removeMember' || change === 'setMemberRoles') {
    if (before === undefined) throw new IllegalTransitionError(key, 'not a member', change, `${key} is not a member of the case team`, { caseId });
  }
  if (change === 'removeMember') {
    members.splice(index, 1);
    to = 'removed';
  } else {
    const given = rolesOf(roles, caseId, change);
    const next = change === 'addMember' && before !== undefined ? [...new Set([...before.roles, ...given])] : given;
    const entry: TeamMember = member.group === true ? { id: member.id, group: true, roles: next } : { id: member.id, roles: next };
    if (index < 0) members.push(entry);
    else members[index] = entry;
    to = JSON.stringify(next);
  }
  run.s.team = { owner: team.owner, members } as typeof run.s.team;
  run.record(undefined, 'team', change, before === undefined ? null : JSON.stringify(before.roles), to, key);
}
