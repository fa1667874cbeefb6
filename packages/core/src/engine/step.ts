/**
 * The step: `step(compiled, state, command, context) → { state, transitions, effects }`, a pure
 * function over plain data. Each command runs to quiescence inside one step: transitions push
 * standard events onto a FIFO agenda; each event reaches the sentries and timers watching it;
 * satisfied criteria fire in model order; at quiescence, touched stages are checked for
 * completion, deepest first. The step is atomic: on any error nothing changes.
 *
 * This module wires the CMMN concerns into the kernel; each concern is a module of its own.
 */
import { Immer, type Draft } from 'immer';
import { CaseClosedError, IllegalTransitionError } from '../errors.js';
import type { PlanItemState } from '../lifecycle/index.js';
import { afterRootTransition, caseCommand } from './case-level.js';
import { removeCaseFile, writeValues } from './case-file.js';
import type { CompiledCase } from './compile/compiled-case.js';
import { commandName, type Command, type Effect, type Values } from './commands.js';
import { completeStages } from './completion.js';
import { documentCommand } from './documents.js';
import { afterCreate, enter } from './entry.js';
import type { KernelHooks } from './kernel/hooks.js';
import { StepRun, type StepContext } from './kernel/step-run.js';
import { caseCommandRefusal, caseFileRefusal, notAuthorized, planItemCommandRefusal, planItemStateRefusal, refuse, teamRefusal } from './legality.js';
import { plan } from './planning.js';
import { repeatAfterEnd } from './repetition.js';
import * as sentries from './sentries.js';
import { afterStageTransition } from './stages.js';
import type { CaseInstanceId, CaseInstanceState, TeamMember, TransitionRecord, User } from './state.js';
import { afterTaskTransition, childCaseEnded, linkChildCase } from './tasks.js';
import { changeTeam, memberKey, memberOf } from './team.js';
import * as timers from './timers.js';
import { afterTeamChange, afterWorkTransition, workCommand } from './work.js';

export type { StepContext } from './kernel/step-run.js';

/** The outcome of a step. */
export interface StepResult {
  readonly state: CaseInstanceState;
  readonly transitions: readonly TransitionRecord[];
  readonly effects: readonly Effect[];
}

/** Options to create a case instance. */
export interface CreateCaseOptions {
  readonly id: CaseInstanceId;
  readonly modelKey: string;
  readonly modelVersion: number;
  readonly caseFile?: Values;
  readonly user?: User;
  readonly parentCase?: CaseInstanceState['parentCase'];
  /** The case owner (default: the user who starts the case). */
  readonly owner?: string;
  /** The case team's first members (recorded as `addMember` in the start step). */
  readonly team?: readonly TeamMember[];
}

const immer = new Immer({ autoFreeze: false });
const FINAL: ReadonlySet<PlanItemState> = new Set(['Completed', 'Terminated']);

/** The concerns, wired into the kernel. */
const HOOKS: KernelHooks = {
  created: timers.onCreated,
  afterCreate,
  enter,
  afterTransition(run, n, node, transition, from, to) {
    sentries.forget(run, n, node, from, to);
    if (FINAL.has(to)) timers.cancelTimer(run, n);
    if (node.kind === 'stage') afterStageTransition(run, n, transition);
    else if (node.kind === 'task') afterTaskTransition(run, n, node, transition, to);
    else timers.afterTimerTransition(run, n, node, transition, from, to);
    afterWorkTransition(run, n, node, transition, to);
    repeatAfterEnd(run, n, node, transition);
    if (n === 0) afterRootTransition(run, transition, to);
  },
  onItemEvent(run, event) {
    sentries.onItemEvent(run, event);
    timers.onItemEvent(run, event);
  },
  onFileEvent(run, event) {
    timers.onFileEvent(run, event);
    sentries.onFileEvent(run, event);
  },
  atQuiescence: completeStages,
  finished: sentries.forgetOnEvent,
};

/** Creates a case instance: the case plan model activates and runs to quiescence. */
export function createCase(compiled: CompiledCase, options: CreateCaseOptions, ctx: StepContext): StepResult {
  const empty: CaseInstanceState = {
    formatVersion: 1,
    id: options.id,
    definition: { caseId: compiled.caseId, modelKey: options.modelKey, modelVersion: options.modelVersion },
    state: 'Active',
    before: undefined,
    caseFile: {},
    chunks: [],
    count: 0,
    numbers: {},
    byNode: {},
    timers: [],
    seq: 0,
    parentCase: options.parentCase,
    team: { owner: options.owner ?? options.user?.id, members: [] },
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  // A new case has no earlier state to keep: it is built in place, without a draft (an error
  // discards it all the same), so starting a case costs what its instances cost.
  const draft = empty as Draft<CaseInstanceState>;
  const r = new StepRun(compiled, draft, { ...empty, byNode: {} }, ctx, 'start', options.user, HOOKS);
  r.record(undefined, 'case', 'create', null, 'Active');
  for (const member of options.team ?? []) changeTeam(r, 'addMember', member.group === true ? { group: member.id } : member.id, member.roles);
  writeValues(r, options.caseFile);
  r.transition(r.create(0, -1), 'start');
  r.settle();
  draft.updatedAt = ctx.now;
  return { state: draft, transitions: r.records, effects: r.effects };
}

/** Applies one command to a case and runs it to quiescence. */
export function step(compiled: CompiledCase, state: CaseInstanceState, command: Command, ctx: StepContext): StepResult {
  if (state.state === 'Closed') throw new CaseClosedError(state.id);
  const user = 'user' in command ? command.user : undefined;
  return run(compiled, state, ctx, commandName(command), user, (r) => apply(r, command));
}

function run(compiled: CompiledCase, state: CaseInstanceState, ctx: StepContext, name: string, user: User | undefined, body: (r: StepRun) => void): StepResult {
  let records: TransitionRecord[] = [];
  let effects: Effect[] = [];
  const next = immer.produce(state, (draft) => {
    const r = new StepRun(compiled, draft, state, ctx, name, user, HOOKS);
    body(r);
    r.settle();
    draft.updatedAt = ctx.now;
    records = r.records;
    effects = r.effects;
  });
  return { state: next, transitions: records, effects };
}

function requireActiveCase(r: StepRun, what: string): void {
  if (r.s.state !== 'Active') throw new IllegalTransitionError(r.s.id, r.s.state, what, `the case is ${r.s.state}`, { caseId: r.s.id });
}

function apply(r: StepRun, command: Command): void {
  switch (command.type) {
    case 'planItem': {
      const n = r.byId(command.instance);
      // The engine's own commands (a handler's result) are not a user's: only their legality is checked.
      const internal = command.internal === true;
      const refusal = internal ? planItemStateRefusal(r, n, command.transition) : planItemCommandRefusal(r, n, command.transition, r.user);
      if (refusal !== undefined) refuse(r, n, command.transition, refusal, r.user);
      if (command.transition === 'complete' && command.output !== undefined) {
        if (!internal) authorizeCaseFile(r, Object.keys(command.output), 'complete', r.node(n).id, r.node(n).name);
        writeValues(r, command.output);
      }
      r.transition(n, command.transition);
      return;
    }
    case 'plan':
      requireActiveCase(r, 'plan');
      plan(r, command.item, command.owner);
      return;
    case 'setCaseFile':
      requireActiveCase(r, 'set');
      authorizeCaseFile(r, Object.keys(command.values), 'set');
      writeValues(r, command.values);
      return;
    case 'removeCaseFileItem':
      requireActiveCase(r, 'remove');
      authorizeCaseFile(r, [command.name], 'remove');
      removeCaseFile(r, command.name);
      return;
    case 'document':
      requireActiveCase(r, command.change);
      authorizeCaseFile(r, [command.item], command.change === 'removeDocument' ? 'remove' : 'set');
      documentCommand(r, command);
      return;
    case 'case': {
      const refusal = command.internal === true ? undefined : caseCommandRefusal(r, r.user);
      if (refusal !== undefined) throw notAuthorized(r, refusal, r.user, command.transition, r.s.id, r.c.nodes[0]!.name);
      caseCommand(r, command.transition);
      return;
    }
    case 'team': {
      const refusal = teamRefusal(r, r.user);
      if (refusal !== undefined) throw notAuthorized(r, refusal, r.user, command.change, memberKey(memberOf(command.member, r.s.id, command.change)));
      changeTeam(r, command.change, command.member, command.roles);
      afterTeamChange(r);
      return;
    }
    case 'work':
      workCommand(r, command);
      return;
    case 'fireTimer':
      timers.fireTimer(r, command.instance);
      return;
    case 'linkChildCase':
      linkChildCase(r, r.byId(command.instance), command.childCase);
      return;
    case 'childCaseEnded':
      childCaseEnded(r, r.byId(command.instance), command.outcome, command.output);
      return;
  }
}

/** Refuses a user's write (or removal) of case file items unless the policy allows it. */
function authorizeCaseFile(r: StepRun, items: readonly string[], command: 'set' | 'remove' | 'complete', itemId?: string, itemName?: string): void {
  const refusal = caseFileRefusal(r, r.user, items, command);
  if (refusal !== undefined) throw notAuthorized(r, refusal, r.user, command, itemId ?? items.join(', '), itemName);
}
