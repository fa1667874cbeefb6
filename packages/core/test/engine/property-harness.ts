/**
 * The engine property harness: drives one case of one model with a sequence of random choices,
 * each turned into an action that is legal now (or a case command that may be illegal), and checks
 * the engine's invariants after every action. Pure test code: it never reaches into step.ts.
 *
 * Invariants (numbers as in the failure messages):
 *  1. no plan item instance is in a non-final state while an ancestor stage instance is Completed
 *     or Terminated (casekit rule: Disabled children of a Completed stage are allowed — a Disabled
 *     instance whose nearest final ancestor is Completed, whatever happens further up);
 *  2. a Closed case accepts nothing (every command → CaseClosed) and does not change;
 *  3. the case state matches its case plan model instance (a Closed case: the state it was closed from);
 *  4. every state is one of its lifecycle's states (case; stage/task; milestone/event listener);
 *  5. history is append-only (seq increasing) and its last `to` per instance (and for the case)
 *     equals the current state;
 *  6. a rejected command throws a typed error and leaves every stored state and history unchanged;
 *     a rejected case command is an IllegalTransition; a command the case lifecycle forbids is rejected;
 *  7. determinism: replaying the same actions on a fresh engine gives deep-equal outcomes, states and history;
 *  8. what the queries offer is accepted: a command listed by `legalCommands` or a plan of an item listed
 *     by `applicableDiscretionaryItems` is not refused as illegal, and `setCaseFile` on an Active case succeeds;
 *  9. what a command returns is about the commanded case and agrees with what is stored: `startCase`'s
 *     snapshot (id, definition, states), a command's result (case id, case state, and the transitions it
 *     reports are exactly those appended to the histories);
 * 10. `fireDueTimers(until)` fires every timer due by `until`: afterwards no Active case holds a timer
 *     due by then whose listener is Available;
 * 11. pending timers are kept in due order, each due when its timer expression says (timer/due.ts):
 *     the 1st firing at `firstDue(spec, startedAt)`, the k-th at `nextDue(spec, due of the (k−1)-th, k−1)`.
 */
import { isDeepStrictEqual } from 'node:util';
import { CASE_STATES, CasekitError, RulesError, VirtualClock, createEngine, firstDue, nextDue, nextCaseState, type CaseCommandName, type CaseEngine, type CaseInstanceState, type CaseSnapshot, type CommandResult, type JsonValue, type PlanItemCommandName, type PlanItemKind, type TransitionRecord, type User } from '@casekit/core';
import { allInstances, instanceAt } from '@casekit/core/internals';
import { T0, counter, type PropertyModel } from './property-models.js';

// ------------------------------------------------------------------------------------------------
// Actions and choices
// ------------------------------------------------------------------------------------------------

/** A concrete action, as recorded for the report and the replay. */
export type Action =
  | { readonly type: 'planItem'; readonly transition: PlanItemCommandName; readonly instance: string; readonly offered: boolean; readonly user?: User }
  | { readonly type: 'plan'; readonly item: string; readonly owner: string | undefined; readonly offered: boolean; readonly user?: User }
  | { readonly type: 'setCaseFile'; readonly values: { readonly [name: string]: JsonValue } }
  | { readonly type: 'removeCaseFileItem'; readonly name: string }
  | { readonly type: 'advanceTime'; readonly ms: number }
  | { readonly type: 'case'; readonly transition: CaseCommandName };

/** One random choice; the harness turns it into an action that fits the current state. */
export interface Choice {
  /** 0–99: which kind of action (weights: see {@link Driver.choose}). */
  readonly kind: number;
  /** Which one among the candidates (modulo their number). */
  readonly pick: number;
  /** The value written by a `setCaseFile`. */
  readonly value: JsonValue;
  /** The time a clock advance moves. */
  readonly ms: number;
  /** A second pick: the literal of the model's conditions written instead of `value` (even: none), the command tried on an instance of a Closed case. */
  readonly alt: number;
  /** Who acts on plan items and plans: 0 anyone (no user), 1 a user without roles, 2 a user with one of the case's roles, 3 with all. */
  readonly user: number;
}

const PLAN_ITEM_COMMANDS: readonly PlanItemCommandName[] = [
  'complete', 'manualStart', 'disable', 'reenable', 'terminate', 'fault', 'reactivate', 'suspend', 'resume', 'occur',
];
const CASE_COMMANDS: readonly CaseCommandName[] = ['suspend', 'reactivate', 'terminate', 'complete', 'close'];

/** The outcome of an action: accepted, or rejected with an error. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly typed: boolean; readonly code: string; readonly message: string };

/** Every stored case with its history, deep-copied. */
type World = Map<string, { readonly state: CaseInstanceState; readonly history: readonly TransitionRecord[] }>;

/** An invariant does not hold. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  constructor(
    readonly invariant: number,
    readonly detail: string,
  ) {
    super(`invariant ${invariant}: ${detail}`);
  }
}

// ------------------------------------------------------------------------------------------------
// The driver: one engine, one case
// ------------------------------------------------------------------------------------------------

/** One engine with one deployed model and one started case. */
export class Driver {
  readonly clock = new VirtualClock(T0);
  readonly engine: CaseEngine;
  caseId = '';
  /** The snapshot `startCase` returned. */
  snapshot: CaseSnapshot | undefined;
  /** What the last accepted command returned (undefined for a clock advance). */
  result: CommandResult | undefined;

  constructor(readonly model: PropertyModel) {
    this.engine = createEngine({ authorization: 'none', clock: this.clock, idGenerator: counter() });
    this.engine.deploy(model.model, { key: 'model' });
  }

  /** Starts the case; `caseId` is the one stored case that is no child of another (not the returned id: see invariant 9). */
  async start(): Promise<Outcome> {
    return this.attempt(async () => {
      this.snapshot = await this.engine.startCase({ caseDefinition: this.model.caseId });
      const roots: string[] = [];
      for (const summary of await this.engine.store.query()) {
        if ((await this.engine.getState(summary.id)).parentCase === undefined) roots.push(summary.id);
      }
      if (roots.length !== 1) throw new InvariantViolation(9, `startCase stored ${roots.length} top-level cases: ${roots.join(', ')}`);
      this.caseId = roots[0]!;
    });
  }

  /** Applies an action. */
  async apply(action: Action): Promise<Outcome> {
    const { engine, caseId } = this;
    this.result = undefined;
    return this.attempt(async () => {
      switch (action.type) {
        case 'planItem':
          this.result = await engine.planItemCommand(caseId, action.transition, action.instance, action.user === undefined ? {} : { user: action.user });
          return;
        case 'plan':
          this.result = await engine.plan(caseId, action.item, {
            ...(action.owner === undefined ? {} : { in: action.owner }),
            ...(action.user === undefined ? {} : { user: action.user }),
          });
          return;
        case 'setCaseFile':
          this.result = await engine.setCaseFile(caseId, action.values);
          return;
        case 'removeCaseFileItem':
          this.result = await engine.removeCaseFileItem(caseId, action.name);
          return;
        case 'advanceTime':
          this.clock.advance(action.ms);
          await engine.fireDueTimers();
          return;
        case 'case':
          this.result = await engine.caseCommand(caseId, action.transition);
          return;
      }
    });
  }

  private async attempt(body: () => Promise<void>): Promise<Outcome> {
    try {
      await body();
      return { ok: true };
    } catch (error) {
      if (error instanceof InvariantViolation) throw error;
      const typed = error instanceof CasekitError || error instanceof RulesError;
      const code = typed ? (error as CasekitError).code : error instanceof Error ? error.name : typeof error;
      return { ok: false, typed, code, message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Every stored case with its history, deep-copied (the store hands out its own immutable values). */
  async world(): Promise<World> {
    const world: World = new Map();
    for (const summary of await this.engine.store.query()) {
      const state = structuredClone(await this.engine.getState(summary.id));
      const history = structuredClone(await this.engine.history(summary.id));
      world.set(summary.id, { state, history });
    }
    return world;
  }

  /**
   * Turns a random choice into an action that fits the current state. By `kind`: < 55 a command
   * `legalCommands` offers, < 65 a plan `applicableDiscretionaryItems` offers, < 80 a `setCaseFile`,
   * < 83 a `removeCaseFileItem` of a present item, ≥ 93 a case command (legal or not), else — and
   * whenever the chosen kind has no candidate — a clock advance with `fireDueTimers`.
   */
  async choose(choice: Choice): Promise<Action> {
    const state = await this.engine.getState(this.caseId);
    if (state.state === 'Closed') return this.closedAction(state, choice);
    const pick = <T>(list: readonly T[]): T => list[choice.pick % list.length]!;
    const k = choice.kind;
    const user = this.user(choice);
    const as = user === undefined ? {} : { user };
    if (k < 55) {
      const offered = (await this.engine.legalCommands(this.caseId, user)).flatMap((item) => item.commands.map((transition) => ({ item, transition })));
      if (offered.length > 0) {
        const { item, transition } = pick(offered);
        return { type: 'planItem', transition, instance: item.instanceId, offered: true, ...as };
      }
    }
    if (k < 65) {
      // An applicability rule that cannot be evaluated on the generated data (ExpressionError) offers nothing.
      const applicable = await this.engine.applicableDiscretionaryItems(this.caseId, user).catch((error: unknown) => {
        if (error instanceof RulesError) return [];
        throw error;
      });
      if (applicable.length > 0) {
        const item = pick(applicable);
        return { type: 'plan', item: item.itemId, owner: item.ownerInstanceId, offered: true, ...as };
      }
    }
    if (k < 80 && this.model.variables.length > 0) {
      const literals = this.model.literals;
      const value = choice.alt % 2 === 1 && literals.length > 0 ? literals[(choice.alt >> 1) % literals.length]! : choice.value;
      return { type: 'setCaseFile', values: { [pick(this.model.variables)]: value } };
    }
    if (k < 83) {
      const present = Object.keys(state.caseFile).sort();
      if (present.length > 0) return { type: 'removeCaseFileItem', name: pick(present) };
    }
    if (k >= 93) return { type: 'case', transition: pick(CASE_COMMANDS) };
    return { type: 'advanceTime', ms: choice.ms };
  }

  /** The acting user of a choice (undefined: no user, so no role checks). */
  private user(choice: Choice): User | undefined {
    const roles = this.model.roles;
    switch (choice.user % 4) {
      case 1:
        return { id: 'nobody', roles: [] };
      case 2:
        return roles.length === 0 ? undefined : { id: 'one', roles: [roles[choice.alt % roles.length]!] };
      case 3:
        return roles.length === 0 ? undefined : { id: 'all', roles: [...roles] };
      default:
        return undefined;
    }
  }

  /** A Closed case: any command at all, on anything that exists. */
  private closedAction(state: CaseInstanceState, choice: Choice): Action {
    const instances = [...allInstances(state)].map((i) => i.id);
    const candidates: Action[] = [
      ...CASE_COMMANDS.map((transition): Action => ({ type: 'case', transition })),
      ...instances.map((instance): Action => ({
        type: 'planItem',
        transition: PLAN_ITEM_COMMANDS[choice.alt % PLAN_ITEM_COMMANDS.length]!,
        instance,
        offered: false,
      })),
      ...this.model.discretionaryItems.map((item): Action => ({ type: 'plan', item, owner: undefined, offered: false })),
      { type: 'setCaseFile', values: { [this.model.variables[0] ?? 'x']: choice.value } },
      { type: 'removeCaseFileItem', name: Object.keys(state.caseFile)[0] ?? this.model.variables[0] ?? 'x' },
      { type: 'advanceTime', ms: choice.ms },
    ];
    return candidates[choice.pick % candidates.length]!;
  }
}

// ------------------------------------------------------------------------------------------------
// Invariants
// ------------------------------------------------------------------------------------------------

const FINAL: ReadonlySet<string> = new Set(['Completed', 'Terminated']);
/** The lifecycles' states (cmmn-semantics §3), written out here rather than taken from the engine. */
const STATES_OF: Readonly<Record<PlanItemKind, ReadonlySet<string>>> = {
  stage: new Set(['Available', 'Enabled', 'Disabled', 'Active', 'Suspended', 'Failed', 'Completed', 'Terminated']),
  task: new Set(['Available', 'Enabled', 'Disabled', 'Active', 'Suspended', 'Failed', 'Completed', 'Terminated']),
  milestone: new Set(['Available', 'Suspended', 'Completed', 'Terminated']),
  eventListener: new Set(['Available', 'Suspended', 'Completed', 'Terminated']),
};
const CASE_STATE_SET: ReadonlySet<string> = new Set(CASE_STATES);
/** States a case is closed from (close: Completed, Terminated, Failed, Suspended → Closed). */
const CLOSABLE: ReadonlySet<string> = new Set(['Completed', 'Terminated', 'Failed', 'Suspended']);

function describeInstance(driver: Driver, state: CaseInstanceState, n: number): string {
  const instance = instanceAt(state, n);
  const node = driver.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId).nodes[instance.node]!;
  return `${instance.id} (${node.type} "${node.name || node.id}") ${instance.state}`;
}

/** Invariants 1, 3, 4, 5 on one stored case. */
export function checkCase(driver: Driver, state: CaseInstanceState, history: readonly TransitionRecord[]): void {
  const compiled = driver.engine.compiled(state.definition.modelKey, state.definition.modelVersion, state.definition.caseId);
  const where = `case ${state.id}`;

  // (4) lifecycle states.
  if (!CASE_STATE_SET.has(state.state)) throw new InvariantViolation(4, `${where} is in "${state.state}", not a case state`);
  for (const instance of allInstances(state)) {
    const node = compiled.nodes[instance.node];
    if (node === undefined) throw new InvariantViolation(4, `${where}: instance ${instance.id} runs no compiled node`);
    const states = STATES_OF[node.kind];
    if (!states.has(instance.state)) {
      throw new InvariantViolation(4, `${where}: ${describeInstance(driver, state, instance.n)}: "${instance.state}" is not a ${node.kind} state`);
    }
    if (instance.before !== undefined && !states.has(instance.before)) {
      throw new InvariantViolation(4, `${where}: ${describeInstance(driver, state, instance.n)} remembers "${instance.before}", not a ${node.kind} state`);
    }
  }

  // (1) nothing alive under a Completed or Terminated stage. The casekit rule's exception: a
  // Disabled instance whose nearest final ancestor is Completed (its stage completed and kept the
  // user's decision visible; a later termination further up does not reach into a completed stage).
  for (const instance of allInstances(state)) {
    if (FINAL.has(instance.state)) continue;
    let p = instance.parent;
    while (p >= 0 && !FINAL.has(instanceAt(state, p).state)) p = instanceAt(state, p).parent;
    if (p < 0) continue;
    if (instanceAt(state, p).state === 'Completed' && instance.state === 'Disabled') continue;
    throw new InvariantViolation(1, `${where}: ${describeInstance(driver, state, instance.n)} under ${describeInstance(driver, state, p)}`);
  }

  // (3) the case follows its case plan model.
  const root = instanceAt(state, 0);
  if (state.state === 'Closed') {
    if (state.before === undefined || !CLOSABLE.has(state.before)) throw new InvariantViolation(3, `${where} is Closed from "${String(state.before)}"`);
    if (root.state !== state.before) throw new InvariantViolation(3, `${where} was closed when ${state.before}, but its case plan model is ${root.state}`);
  } else if (root.state !== state.state) {
    throw new InvariantViolation(3, `${where} is ${state.state} but its case plan model is ${root.state}`);
  }

  // (11) timers: in due order, each at the time its expression gives.
  for (let i = 0; i < state.timers.length; i++) {
    const timer = state.timers[i]!;
    if (i > 0 && timer.dueAt < state.timers[i - 1]!.dueAt) throw new InvariantViolation(11, `${where}: pending timers are not in due order`);
    const instance = instanceAt(state, timer.instance);
    const spec = compiled.nodes[instance.node]!.timer?.spec;
    if (spec === undefined || instance.timerStartedAt === undefined) {
      throw new InvariantViolation(11, `${where}: ${describeInstance(driver, state, timer.instance)} has a pending timer but no started timer expression`);
    }
    let expected = firstDue(spec, instance.timerStartedAt);
    for (let k = 2; k <= instance.firing && expected !== null; k++) expected = nextDue(spec, expected, k - 1);
    if (expected !== timer.dueAt) {
      const iso = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
      throw new InvariantViolation(
        11,
        `${where}: firing ${instance.firing} of ${describeInstance(driver, state, timer.instance)} (clock started ${iso(instance.timerStartedAt)}) is due at ${iso(timer.dueAt)}, its expression says ${iso(expected)}`,
      );
    }
  }

  // (5) history: increasing seq, last `to` per instance and for the case.
  for (let i = 1; i < history.length; i++) {
    if (!(history[i]!.seq > history[i - 1]!.seq)) throw new InvariantViolation(5, `${where}: history seq ${history[i]!.seq} follows ${history[i - 1]!.seq}`);
  }
  const last = new Map<string, string>();
  let caseTo: string | undefined;
  for (const record of history) {
    if (record.caseId !== state.id) throw new InvariantViolation(5, `${where}: history holds a record of case ${record.caseId}`);
    if (record.scope === 'planItem' && record.instanceId !== undefined) last.set(record.instanceId, record.to);
    if (record.scope === 'case') caseTo = record.to;
  }
  if (caseTo !== state.state) throw new InvariantViolation(5, `${where} is ${state.state} but its last case transition went to ${String(caseTo)}`);
  for (const instance of allInstances(state)) {
    const to = last.get(instance.id);
    if (to !== instance.state) {
      throw new InvariantViolation(5, `${where}: ${describeInstance(driver, state, instance.n)} but its last recorded transition went to ${String(to)}`);
    }
  }
}

/** (9) `startCase`'s snapshot is of the started case and agrees with the stored state. */
function checkStartSnapshot(driver: Driver, world: World): void {
  const snapshot = driver.snapshot;
  if (snapshot === undefined) return;
  const stored = world.get(driver.caseId)!.state;
  if (snapshot.id !== driver.caseId || snapshot.caseDefinitionId !== driver.model.caseId) {
    const other = world.get(snapshot.id)?.state;
    throw new InvariantViolation(
      9,
      `startCase of case "${driver.model.caseId}" returned the snapshot of case ${snapshot.id} ("${snapshot.caseDefinitionId}", ${snapshot.state}` +
        `${other?.parentCase === undefined ? '' : `, a child case of ${other.parentCase.caseId}`}), not of the started case ${driver.caseId}`,
    );
  }
  const items = (list: readonly { id: string; state: string }[]) => list.map((i) => `${i.id}:${i.state}`).join(' ');
  const storedItems = items([...allInstances(stored)].filter((i) => i.n !== 0).map((i) => ({ id: i.id as string, state: i.state as string })));
  const returnedItems = items(snapshot.items.map((i) => ({ id: i.instanceId as string, state: i.state as string })));
  if (snapshot.state !== stored.state || returnedItems !== storedItems || !isDeepStrictEqual(snapshot.caseFile, stored.caseFile)) {
    throw new InvariantViolation(9, `startCase returned ${snapshot.state} [${returnedItems}] but the stored case is ${stored.state} [${storedItems}]`);
  }
}

/** (9) a command's result is about the commanded case, and its transitions are what the histories gained. */
function checkResult(driver: Driver, what: string, before: World, after: World): void {
  const result = driver.result;
  if (result === undefined) return;
  const stored = after.get(driver.caseId)!.state;
  if (result.caseId !== driver.caseId) {
    const other = after.get(result.caseId)?.state;
    throw new InvariantViolation(
      9,
      `${what} on case ${driver.caseId} resolved to the result of case ${result.caseId} ("${other?.definition.caseId ?? '?'}", ${result.caseState}` +
        `${other?.parentCase === undefined ? '' : `, a child case of ${other.parentCase.caseId}`})`,
    );
  }
  if (result.caseState !== stored.state) throw new InvariantViolation(9, `${what} resolved to case state ${result.caseState} but the stored case is ${stored.state}`);
  for (const [id, { history }] of after) {
    const gained = history.slice(before.get(id)?.history.length ?? 0);
    const reported = result.transitions.filter((r) => r.caseId === id);
    if (!isDeepStrictEqual(structuredClone(reported), gained)) {
      throw new InvariantViolation(9, `${what}: the result reports ${reported.length} transition(s) of case ${id}, its history gained ${gained.length} (${JSON.stringify(reported.map((r) => r.seq))} vs ${JSON.stringify(gained.map((r) => r.seq))})`);
    }
  }
}

/** (10) after `fireDueTimers()`, nothing due is left waiting. */
function checkTimersFired(driver: Driver, after: World): void {
  const until = driver.clock.now();
  for (const [id, { state }] of after) {
    if (state.state !== 'Active') continue;
    for (const timer of state.timers) {
      if (timer.dueAt > until || instanceAt(state, timer.instance).state !== 'Available') continue;
      throw new InvariantViolation(
        10,
        `case ${id}: the timer of ${describeInstance(driver, state, timer.instance)} was due at ${new Date(timer.dueAt).toISOString()} but did not fire by ${new Date(until).toISOString()}`,
      );
    }
  }
}

/** (5) append-only: every case of `before` keeps its history as a prefix. */
function checkAppendOnly(before: World, after: World): void {
  for (const [id, { history }] of before) {
    const now = after.get(id);
    if (now === undefined) throw new InvariantViolation(5, `case ${id} disappeared from the store`);
    if (now.history.length < history.length || !isDeepStrictEqual(now.history.slice(0, history.length), history)) {
      throw new InvariantViolation(5, `case ${id}: history was rewritten, not appended to`);
    }
  }
}

function worldsEqual(a: World, b: World): boolean {
  return isDeepStrictEqual([...a.entries()].sort(([x], [y]) => (x < y ? -1 : 1)), [...b.entries()].sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** Why two worlds differ (first difference), for the failure message. */
function difference(a: World, b: World): string {
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const id of ids) {
    const x = a.get(id);
    const y = b.get(id);
    if (x === undefined || y === undefined) return `case ${id} exists in only one`;
    if (!isDeepStrictEqual(x.history, y.history)) {
      const i = x.history.findIndex((r, k) => !isDeepStrictEqual(r, y.history[k]));
      return `case ${id}: history differs at #${i === -1 ? x.history.length : i}: ${JSON.stringify(x.history[i])} vs ${JSON.stringify(y.history[i === -1 ? x.history.length : i])}`;
    }
    if (!isDeepStrictEqual(x.state, y.state)) {
      for (const key of Object.keys({ ...x.state, ...y.state }) as (keyof CaseInstanceState)[]) {
        if (!isDeepStrictEqual(x.state[key], y.state[key])) return `case ${id}: state.${key} differs: ${JSON.stringify(x.state[key]).slice(0, 300)} vs ${JSON.stringify(y.state[key]).slice(0, 300)}`;
      }
    }
  }
  return 'no difference';
}

// ------------------------------------------------------------------------------------------------
// One run
// ------------------------------------------------------------------------------------------------

/** What a run did, for the report. */
export interface RunLog {
  readonly model: string;
  readonly actions: Action[];
  readonly outcomes: Outcome[];
}

function formatLog(log: RunLog): string {
  const lines = log.actions.map((action, i) => {
    const outcome = log.outcomes[i];
    const result = outcome === undefined ? '(pending)' : outcome.ok ? 'ok' : `rejected ${outcome.code}: ${outcome.message.split('\n')[0]}`;
    return `  ${i + 1}. ${JSON.stringify(action)} → ${result}`;
  });
  return [`model: ${log.model}`, `actions (after startCase):`, ...(lines.length > 0 ? lines : ['  (none)'])].join('\n');
}

/** Runs `choices` on a fresh case of `model`, checking every invariant; throws with a readable report. */
export async function runChoices(model: PropertyModel, choices: readonly Choice[]): Promise<RunLog> {
  const log: RunLog = { model: `${model.file} (case ${model.caseId})`, actions: [], outcomes: [] };
  try {
    await runChecked(model, choices, log);
  } catch (error) {
    const what = error instanceof InvariantViolation ? error.message : `unexpected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    throw new Error(`${what}\n${formatLog(log)}`);
  }
  return log;
}

async function runChecked(model: PropertyModel, choices: readonly Choice[], log: RunLog): Promise<void> {
  const driver = new Driver(model);
  const started = await driver.start();
  if (!started.ok) {
    // A case that cannot start must say why with a typed error (e.g. RunawayLoop), never crash, and store nothing half-done.
    if (!started.typed) throw new InvariantViolation(6, `startCase crashed with ${started.code}: ${started.message.split('\n')[0]}`);
    return;
  }
  let world = await driver.world();
  checkStartSnapshot(driver, world);
  for (const [, { state, history }] of world) checkCase(driver, state, history);

  for (const choice of choices) {
    const action = await driver.choose(choice);
    log.actions.push(action);
    const before = world;
    const caseBefore = before.get(driver.caseId)!.state;
    const outcome = await driver.apply(action);
    log.outcomes.push(outcome);
    const after = await driver.world();

    checkAppendOnly(before, after);
    if (!outcome.ok) {
      // (6) typed, and nothing changed.
      if (!outcome.typed) throw new InvariantViolation(6, `the command crashed with an untyped ${outcome.code}: ${outcome.message.split('\n')[0]}`);
      if (!worldsEqual(before, after)) throw new InvariantViolation(6, `a rejected command (${outcome.code}) changed the stored case: ${difference(before, after)}`);
    }
    // (2) a Closed case accepts nothing and does not change.
    if (caseBefore.state === 'Closed') {
      if (action.type === 'advanceTime') {
        if (!outcome.ok) throw new InvariantViolation(2, `advancing time on a Closed case failed: ${outcome.message}`);
      } else if (outcome.ok || outcome.code !== 'CaseClosed') {
        throw new InvariantViolation(2, `a Closed case answered ${outcome.ok ? 'by accepting the command' : `with ${outcome.code} instead of CaseClosed`}`);
      }
      const mine = (w: World): World => new Map([[driver.caseId, w.get(driver.caseId)!]]);
      if (!worldsEqual(mine(before), mine(after))) throw new InvariantViolation(2, `a Closed case changed: ${difference(mine(before), mine(after))}`);
    }
    // (6) case commands follow the case lifecycle.
    if (action.type === 'case' && caseBefore.state !== 'Closed') {
      const target = nextCaseState(caseBefore.state, action.transition);
      if (!outcome.ok && outcome.code !== 'IllegalTransition') {
        throw new InvariantViolation(6, `case ${action.transition} in state ${caseBefore.state} was rejected with ${outcome.code}, not IllegalTransition`);
      }
      if (outcome.ok && target === undefined) {
        throw new InvariantViolation(6, `case ${action.transition} was accepted in state ${caseBefore.state}, which the case lifecycle forbids`);
      }
      if (outcome.ok) {
        const added = after.get(driver.caseId)!.history.slice(before.get(driver.caseId)!.history.length);
        const first = added.find((r) => r.scope === 'case');
        if (first === undefined || first.to !== target) {
          throw new InvariantViolation(6, `case ${action.transition} from ${caseBefore.state} was accepted but its first case transition went to ${String(first?.to)}, not ${String(target)}`);
        }
      }
    }
    // (8) what the queries offered is accepted.
    if (!outcome.ok && caseBefore.state === 'Active' && ['IllegalTransition', 'NotApplicable', 'UnknownRef', 'AmbiguousRef', 'NotAuthorized', 'CaseClosed'].includes(outcome.code)) {
      if ((action.type === 'planItem' || action.type === 'plan') && action.offered) {
        throw new InvariantViolation(8, `${action.type === 'plan' ? 'applicableDiscretionaryItems' : 'legalCommands'} offered it, but it was rejected: ${outcome.message.split('\n')[0]}`);
      }
      if (action.type === 'setCaseFile') throw new InvariantViolation(8, `setCaseFile on an Active case was rejected: ${outcome.message.split('\n')[0]}`);
    }
    if (outcome.ok && action.type === 'advanceTime') checkTimersFired(driver, after);
    if (outcome.ok) checkResult(driver, `${action.type}${'transition' in action ? ` ${action.transition}` : ''}`, before, after);
    // (1), (3), (4), (5) on every stored case.
    for (const [, { state, history }] of after) checkCase(driver, state, history);
    world = after;
  }

  // (7) determinism: the same actions on a fresh engine.
  const replay = new Driver(model);
  const replayStart = await replay.start();
  if (!replayStart.ok) throw new InvariantViolation(7, `the replay's startCase failed (${replayStart.code}) where the first run's succeeded`);
  for (let i = 0; i < log.actions.length; i++) {
    const outcome = await replay.apply(log.actions[i]!);
    if (!isDeepStrictEqual(outcome, log.outcomes[i])) {
      throw new InvariantViolation(7, `replayed action ${i + 1} gave ${JSON.stringify(outcome)}, the first run ${JSON.stringify(log.outcomes[i])}`);
    }
  }
  const replayed = await replay.world();
  if (!worldsEqual(world, replayed)) throw new InvariantViolation(7, `the replay ended in another state: ${difference(world, replayed)}`);
}
