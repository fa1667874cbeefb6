/**
 * The engine a host application embeds: models are deployed, cases started and driven by
 * commands. A facade over the shell's concerns, in three layers: facade/engine-core.ts (the
 * wiring, deployments, handlers, listeners, the path of every command), facade/case-commands.ts
 * (starting and commanding cases), and here the case team, human work, the worker and the
 * queries. Each command returns its own transitions, its effects' included.
 */
import type { EffectQuery, Page, StoredEffect, WorkItem } from '../store/case-store.js';
import type { MemberRef } from './commands.js';
import type { CommandOptions, CommandResult, EngineOptions } from './engine-options.js';
import { CaseCommands } from './facade/case-commands.js';
import { acceptCaseId, acceptName, acceptRef, acceptUser } from './gate.js';
import { applicableItems, caseSnapshot, legalCommands, type ApplicableItem, type CaseSnapshot, type ItemCommands } from './queries.js';
import { resolveInstance, type ItemRef } from './refs.js';
import { workList, type WorkListQuery } from './shell/work-list.js';
import type { CaseInstanceState, CaseTeam, TransitionRecord, User, WorkChange } from './state.js';

export type { Deployment, DeployOptions } from './shell/deployments.js';
export type { DecisionEvaluator, ErrorContext, TaskContext, TaskHandler } from './shell/effects.js';
export type { CommandOptions, CommandResult, EngineOptions, PendingDeployment, StartCaseOptions, TransitionListener } from './engine-options.js';

/**
 * Creates an engine.
 *
 * @example
 * const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
 * await engine.deploy(readFileSync('claim.cmmn', 'utf8'));
 * const snapshot = await engine.startCase({ caseFile: { amount: 1200 } });
 * await engine.complete(snapshot.id, 'Assess claim', { user: { id: 'alice', roles: ['adjuster'] } });
 */
export function createEngine(options: EngineOptions = {}): CaseEngine {
  return new CaseEngine(options);
}

/**
 * The embeddable case engine. Create one with {@link createEngine}.
 *
 * @example
 * const engine = createEngine();
 * await engine.deploy(xml);
 * const { id } = await engine.startCase();
 * const { transitions } = await engine.complete(id, 'Screening', { user: { id: 'ann', roles: ['nurse'] } });
 */
export class CaseEngine extends CaseCommands {
  /**
   * Adds a member to the case team — a user id, or `{ group }` — with case roles (ids or names of
   * the model's case roles, or roles the authorization options name); adding a member again adds
   * the roles. Only the case owner or a holder of a team-admin role may (docs/authorization.md).
   *
   * @example
   * await engine.addMember(caseId, 'nina', ['nurse'], { user: { id: 'carlos' } });
   */
  async addMember(caseId: string, member: MemberRef, roles: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const user = acceptUser(options.user);
    return this.command(caseId, () => ({ type: 'team', change: 'addMember', member, roles, user }));
  }

  /** Removes a member (user id or `{ group }`) from the case team. @example await engine.removeMember(caseId, 'nina', { user: owner }); */
  async removeMember(caseId: string, member: MemberRef, options: CommandOptions = {}): Promise<CommandResult> {
    const user = acceptUser(options.user);
    return this.command(caseId, () => ({ type: 'team', change: 'removeMember', member, user }));
  }

  /** Replaces a team member's case roles. @example await engine.setMemberRoles(caseId, 'nina', ['nurse', 'case manager'], { user: owner }); */
  async setMemberRoles(caseId: string, member: MemberRef, roles: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const user = acceptUser(options.user);
    return this.command(caseId, () => ({ type: 'team', change: 'setMemberRoles', member, roles, user }));
  }

  /**
   * Claims a human task for the acting user: a candidate (docs/work.md). A task another user holds
   * is refused with `TaskClaimedError`, naming the holder.
   *
   * @example
   * await engine.claim(caseId, 'Assess claim', { user: { id: 'alice' } });
   */
  claim(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'claim', target, undefined, options);
  }

  /** Gives back a human task the acting user holds. @example await engine.unclaim(caseId, 'Assess claim', { user }); */
  unclaim(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'unclaim', target, undefined, options);
  }

  /** Sets a human task's assignee (null clears it): the task's owner, the case owner or a task-manager role may. @example await engine.assign(caseId, 'Assess claim', 'bob', { user: owner }); */
  assign(caseId: string, target: ItemRef, to: string | null, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'assign', target, to === null ? null : acceptName(to, 'to'), options);
  }

  /** Hands a human task the acting user holds to another user, who resolves it back. @example await engine.delegate(caseId, 'Assess claim', 'carol', { user: { id: 'alice' } }); */
  delegate(caseId: string, target: ItemRef, to: string, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'delegate', target, acceptName(to, 'to'), options);
  }

  /** Gives a delegated human task back to its owner (the delegate does). @example await engine.resolve(caseId, 'Assess claim', { user: { id: 'carol' } }); */
  resolve(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.#work(caseId, 'resolve', target, undefined, options);
  }

  #work(caseId: string, change: WorkChange, target: ItemRef, to: string | null | undefined, options: CommandOptions): Promise<CommandResult> {
    const ref = acceptRef(target, 'target');
    const user = acceptUser(options.user);
    return this.command(caseId, (current, compiled) => ({ type: 'work', change, instance: resolveInstance(compiled, current, ref, change, user, this.clock.now(), this.authorization), to, user }));
  }

  /**
   * Open human tasks across cases — a work list: filtered (assignee, candidate, state, due dates,
   * priority, case definition, case file), sorted by due date, then priority (highest first), then
   * case and instance, one page at a time. With a `user` (or a `candidate`), only the tasks the
   * authorization policy lets that user act on (docs/work.md).
   *
   * @example
   * const { items, next } = await engine.tasks({ candidate: { id: 'alice', groups: ['claims'] }, dueBefore: Date.now(), limit: 20 });
   */
  tasks(query: WorkListQuery = {}, options: { readonly user?: User } = {}): Promise<Page<WorkItem>> {
    return workList(this.store, query, acceptUser(options.user), this.authorization);
  }

  /**
   * The case team: the owner and the members with their roles (a case stored before teams existed
   * has neither).
   *
   * @example
   * const { owner, members } = await engine.team(caseId);
   */
  async team(caseId: string): Promise<CaseTeam> {
    return (await this.getState(caseId)).team ?? { owner: undefined, members: [] };
  }


  /**
   * Fires every timer due at or before `until` (default: now), in due order, each as its own step
   * at its due time. Use with a `VirtualClock` to simulate time; a host scheduler calls it
   * periodically. Timers are claimed through the store for `timerLeaseMs`, so engines sharing a
   * store split the work, and each fires exactly once. Resolves to the number this engine fired;
   * more than `maxTimerFiringsPerCall` is a `RunawayLoopError`.
   *
   * @example
   * clock.advance(30 * 24 * 3600_000);
   * await engine.fireDueTimers();
   */
  async fireDueTimers(until: number = this.clock.now()): Promise<number> {
    await this.models.ready();
    return this.timerScheduler.fireDue(until, { transitions: [] });
  }

  // ------------------------------------------------------------------------------------------
  // The worker: due timers and owed effects
  // ------------------------------------------------------------------------------------------

  /**
   * Does the work that is due once: fires due timers, then performs the outbox effects that are
   * due and that nobody holds (retries, and effects of processes that died: taken over when their
   * lease ends). For hosts with their own scheduler, and for tests; {@link CaseEngine.start} calls
   * it periodically. Resolves to what it did.
   *
   * @example
   * const { timers, effects } = await engine.runDueWork();
   */
  async runDueWork(options: { readonly limit?: number } = {}): Promise<{ readonly timers: number; readonly effects: number }> {
    await this.models.ready();
    const timers = await this.timerScheduler.fireDue(this.clock.now(), { transitions: [] });
    return { timers, effects: await this.worker.performOwed(options.limit ?? 100) };
  }

  /**
   * Starts polling for due work (timers and outbox effects) every `pollIntervalMs`, until
   * {@link CaseEngine.stop}. Errors go to `onError`; polling goes on.
   *
   * @example
   * engine.start();
   * process.on('SIGTERM', () => void engine.stop());
   */
  start(): void {
    this.worker.start(() => this.runDueWork());
  }

  /** Stops polling; resolves when the round in progress (if any) is over. @example await engine.stop(); */
  stop(): Promise<void> {
    return this.worker.stop();
  }

  /**
   * The outbox: effects per case or across cases, by status (`pending`, `done`, `failed`), for
   * finding a stuck case.
   *
   * @example
   * const { items } = await engine.effects({ status: 'failed' });
   */
  effects(query: EffectQuery = {}): Promise<Page<StoredEffect>> {
    return this.store.effects(query);
  }

  // ------------------------------------------------------------------------------------------
  // Queries
  // ------------------------------------------------------------------------------------------

  /**
   * The case's current snapshot.
   *
   * @example
   * (await engine.getCase(caseId)).items.map((i) => `${i.name}: ${i.state}`);
   */
  async getCase(caseId: string): Promise<CaseSnapshot> {
    await this.models.ready();
    const stored = await this.executor.load(acceptCaseId(caseId));
    return caseSnapshot(await this.models.compiledFor(stored.state), stored.state, stored.revision);
  }

  /** The raw stored state (plain data). @example const state = await engine.getState(caseId); */
  async getState(caseId: string): Promise<CaseInstanceState> {
    return (await this.executor.load(acceptCaseId(caseId))).state;
  }

  /** The case's history: every transition, oldest first. @example for (const r of await engine.history(caseId)) console.log(r.transition); */
  history(caseId: string): Promise<readonly TransitionRecord[]> {
    return this.store.history(acceptCaseId(caseId));
  }

  /**
   * The discretionary items `user` may plan now: exactly those `plan` accepts (applicability rules
   * evaluated at the engine's time).
   *
   * @example
   * const offered = await engine.applicableDiscretionaryItems(caseId, user);
   */
  async applicableDiscretionaryItems(caseId: string, user?: User): Promise<readonly ApplicableItem[]> {
    const state = await this.getState(caseId);
    return applicableItems(await this.models.compiledFor(state), state, acceptUser(user), this.clock.now(), this.authorization);
  }

  /**
   * The plan item commands `user` may give now, per instance: exactly those the commands accept.
   *
   * @example
   * for (const item of await engine.legalCommands(caseId, user)) console.log(item.name, item.commands);
   */
  async legalCommands(caseId: string, user?: User): Promise<readonly ItemCommands[]> {
    const state = await this.getState(caseId);
    return legalCommands(await this.models.compiledFor(state), state, acceptUser(user), this.clock.now(), this.authorization);
  }

}
