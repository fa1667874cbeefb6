/**
 * Human work (docs/work.md): who does a human task and by when. When a human task first becomes
 * Enabled or Active, its work is set from the model — assignee, candidates (the model's
 * candidate users and groups, and the case team's holders of its performer role), due date and
 * priority; `claim`, `unclaim`, `assign`, `delegate` and `resolve` then change who holds it, each
 * recorded in history (scope `work`). Who may give them is the legality module's decision.
 */
import { IllegalTransitionError } from '../errors.js';
import type { PlanItemState, PlanItemTransition } from '../lifecycle/index.js';
import type { CompiledNode } from './compile/compiled-case.js';
import { DEFAULT_PRIORITY, dueAtOf, idsOf, priorityOf, type CompiledWork, type WorkValue } from './compile/work-spec.js';
import type { Command } from './commands.js';
import type { StepRun } from './kernel/step-run.js';
import { refuse, standingOf, workRefusal } from './legality.js';
import type { HumanTaskWork, User } from './state.js';

type WorkCommand = Extract<Command, { type: 'work' }>;

function evaluate(run: StepRun, value: WorkValue | undefined, n: number): unknown {
  if (value === undefined) return undefined;
  if (value.kind === 'literal') return value.value;
  if (value.kind === 'list') return value.parts.flatMap((part) => idsOf(evaluate(run, part, n)));
  return value.expression.evaluate({
    variables: run.s.caseFile as Record<string, unknown>,
    repetitionCounter: run.inst(n).repetition,
    now: new Date(run.now),
  });
}

/** The candidates of a human task: the model's, and the case team's holders of its performer role (every member and the owner when it names none). */
function candidatesOf(run: StepRun, node: CompiledNode, spec: CompiledWork, n: number): HumanTaskWork['candidates'] {
  const users = idsOf(evaluate(run, spec.candidateUsers, n));
  const groups = idsOf(evaluate(run, spec.candidateGroups, n));
  const team = run.s.team;
  const anyone = node.performerRoles.length === 0 && users.length === 0 && groups.length === 0;
  if (anyone && team?.owner !== undefined) users.push(team.owner);
  for (const member of team?.members ?? []) {
    const probe: User = member.group === true ? { id: '', groups: [member.id] } : { id: member.id };
    const holds = anyone || node.performerRoles.some((role) => standingOf(run, probe).keys.has(role));
    if (!holds) continue;
    const list = member.group === true ? groups : users;
    if (!list.includes(member.id)) list.push(member.id);
  }
  return { users, groups };
}

/** Sets a human task instance's work from the model, recording an assignee the model names. */
function startWork(run: StepRun, n: number, node: CompiledNode, spec: CompiledWork): void {
  const assignee = idsOf(evaluate(run, spec.assignee, n))[0];
  const dueAt = dueAtOf(evaluate(run, spec.dueDate, n), run.now, node.id);
  const work: HumanTaskWork = {
    ...(assignee === undefined ? {} : { assignee }),
    candidates: candidatesOf(run, node, spec, n),
    ...(dueAt === undefined ? {} : { dueAt }),
    priority: spec.priority === undefined ? DEFAULT_PRIORITY : priorityOf(evaluate(run, spec.priority, n), node.id),
  };
  (run.inst(n) as { work?: HumanTaskWork }).work = work;
  if (assignee !== undefined) run.record(n, 'work', 'assign', null, assignee);
}

/** After a transition: a human task becoming Enabled or Active for the first time gets its work; completing one records who did. */
export function afterWorkTransition(run: StepRun, n: number, node: CompiledNode, transition: PlanItemTransition, to: PlanItemState): void {
  const spec = node.work;
  if (spec === undefined) return;
  const instance = run.inst(n);
  if (instance.work === undefined && (to === 'Enabled' || to === 'Active')) {
    startWork(run, n, node, spec);
  } else if (transition === 'complete' && instance.work !== undefined && run.user !== undefined) {
    instance.work.completedBy = run.user.id;
  }
}

const OPEN: ReadonlySet<PlanItemState> = new Set(['Enabled', 'Active', 'Suspended', 'Failed']);

/**
 * After a change of the case team: the candidates of the open human tasks are computed again (the
 * model's, and the team's holders of the performer role now), each change recorded (`candidates`,
 * from and to as JSON), so work lists follow the team.
 */
export function afterTeamChange(run: StepRun): void {
  for (const node of run.c.nodes) {
    if (node.work === undefined) continue;
    for (const n of run.instancesOf(node.index)) {
      const instance = run.inst(n);
      if (instance.work === undefined || !OPEN.has(instance.state)) continue;
      const before = JSON.stringify(instance.work.candidates);
      const candidates = candidatesOf(run, node, node.work, n);
      const after = JSON.stringify(candidates);
      if (after === before) continue;
      instance.work.candidates = candidates as typeof instance.work.candidates;
      run.record(n, 'work', 'candidates', before, after);
    }
  }
}

/** Applies a work command (claim, unclaim, assign, delegate, resolve) and records it. */
export function workCommand(run: StepRun, command: WorkCommand): void {
  const n = run.byId(command.instance);
  const to = command.to === undefined ? undefined : command.to;
  if (to !== undefined && to !== null && (typeof to !== 'string' || to === '')) {
    throw new IllegalTransitionError(command.instance, run.inst(n).state, command.change, `"to" is a user id${command.change === 'assign' ? ' or null' : ''}`, { caseId: run.s.id });
  }
  // With the policy on, a claim without a user is refused as NotAuthorized (legality.ts); off, there is nobody to hold it.
  if (command.change === 'claim' && run.user === undefined && !run.policy.on) {
    throw new IllegalTransitionError(command.instance, run.inst(n).state, 'claim', 'a claim needs the acting user', { caseId: run.s.id });
  }
  // A human task that was already open in a state stored before human work existed gets its work now.
  const node = run.node(n);
  if (run.inst(n).work === undefined && node.work !== undefined && OPEN.has(run.inst(n).state)) startWork(run, n, node, node.work);
  const refusal = workRefusal(run, n, command.change, run.user, to);
  if (refusal !== undefined) refuse(run, n, command.change, refusal, run.user);
  const work = run.inst(n).work!;
  const before = work.assignee;
  switch (command.change) {
    case 'claim':
      work.assignee = run.user!.id;
      break;
    case 'unclaim':
      delete work.assignee;
      break;
    case 'assign':
      if (to === null || to === undefined) delete work.assignee;
      else work.assignee = to;
      delete work.delegation;
      break;
    case 'delegate':
      if (work.owner === undefined) work.owner = before;
      work.assignee = to as string;
      work.delegation = 'pending';
      break;
    case 'resolve':
      if (work.owner === undefined) delete work.assignee;
      else work.assignee = work.owner;
      work.delegation = 'resolved';
      break;
  }
  run.record(n, 'work', command.change, before ?? null, work.assignee ?? 'unassigned');
}
