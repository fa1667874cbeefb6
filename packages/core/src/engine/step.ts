/**
 * The engine core: `step(compiled, state, command, context) → { state, transitions, effects }`, a
 * pure function over plain data. Each command runs to quiescence inside one step: transitions push
 * standard events onto a FIFO agenda; each event is matched through the compiled indexes to the
 * sentries watching it; satisfied criteria fire in model order; at quiescence, touched stages are
 * checked for completion, deepest first. The step is atomic: on any error nothing changes.
 */
import { Immer, type Draft } from 'immer';
import { evaluateCondition, type CompiledExpression } from '@casekit/rules';
import {
  CaseClosedError,
  IllegalTransitionError,
  NotApplicableError,
  NotAuthorizedError,
  RunawayLoopError,
  UnknownRefError,
} from '../errors.js';
import {
  nextCaseState,
  nextPlanItemState,
  type CaseTransition,
  type PlanItemState,
  type PlanItemTransition,
} from '../lifecycle/index.js';
import { firstDue, nextDue } from '../timer/index.js';
import type { CompiledCase, CompiledCriterion, CompiledNode, CompiledRule, Watcher } from './compile.js';
import {
  CHUNK_BITS,
  CHUNK_SIZE,
  type CaseInstanceId,
  type CaseInstanceState,
  type JsonValue,
  type PlanItemInstanceId,
  type PlanItemInstanceState,
  type TransitionRecord,
  type User,
} from './state.js';

const immer = new Immer({ autoFreeze: false });

/** Plan item commands a user (or the host) can give. */
export type PlanItemCommandName =
  | 'complete'
  | 'manualStart'
  | 'disable'
  | 'reenable'
  | 'terminate'
  | 'fault'
  | 'reactivate'
  | 'suspend'
  | 'resume'
  | 'occur';

/** Case-level commands. */
export type CaseCommandName = 'suspend' | 'reactivate' | 'terminate' | 'complete' | 'close';

/** A command the step function applies. */
export type Command =
  | {
      readonly type: 'planItem';
      readonly transition: PlanItemCommandName;
      readonly instance: PlanItemInstanceId;
      /** Task output merged into the case file before `complete`. */
      readonly output?: Readonly<Record<string, JsonValue>>;
      readonly user?: User;
    }
  | {
      readonly type: 'plan';
      /** The discretionary item's id. */
      readonly item: string;
      /** The stage or human task instance whose planning table is used (default: the only/oldest Active one). */
      readonly owner?: PlanItemInstanceId;
      readonly user?: User;
    }
  | { readonly type: 'setCaseFile'; readonly values: Readonly<Record<string, JsonValue>>; readonly user?: User }
  | { readonly type: 'removeCaseFileItem'; readonly name: string; readonly user?: User }
  | { readonly type: 'case'; readonly transition: CaseCommandName; readonly user?: User }
  | { readonly type: 'fireTimer'; readonly instance: number }
  | {
      readonly type: 'childCaseEnded';
      readonly instance: PlanItemInstanceId;
      readonly outcome: 'Completed' | 'Terminated' | 'Failed';
      readonly output?: Readonly<Record<string, JsonValue>>;
    };

/** Work the host shell must do after the step is stored. */
export type Effect =
  | {
      readonly kind: 'invokeTask';
      readonly instanceId: PlanItemInstanceId;
      readonly node: number;
      readonly blocking: boolean;
    }
  | { readonly kind: 'startChildCase'; readonly instanceId: PlanItemInstanceId; readonly node: number; readonly blocking: boolean }
  | { readonly kind: 'evaluateDecision'; readonly instanceId: PlanItemInstanceId; readonly node: number; readonly blocking: boolean }
  | { readonly kind: 'terminateChildCase'; readonly instanceId: PlanItemInstanceId; readonly childCase: CaseInstanceId }
  | { readonly kind: 'caseEnded'; readonly state: 'Completed' | 'Terminated' | 'Failed' };

/** What a step needs from outside: the time and fresh ids. */
export interface StepContext {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** A fresh, unique plan item instance id. */
  readonly newId: () => string;
  /** Bound on transitions per command (RunawayLoop). */
  readonly maxTransitions: number;
}

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
  readonly caseFile?: Readonly<Record<string, JsonValue>>;
  readonly user?: User;
  readonly parentCase?: CaseInstanceState['parentCase'];
}

type ItemEvent = {
  readonly kind: 'item';
  readonly seq: number;
  readonly n: number;
  readonly node: number;
  readonly transition: PlanItemTransition;
  readonly exitCriterion: string | undefined;
};
type FileEvent = { readonly kind: 'file'; readonly seq: number; readonly name: string; readonly transition: string };
/** A repeated instance waiting to be entered (deferred, so a repetition loop is iterative, not recursive). */
type EnterEvent = { readonly kind: 'enter'; readonly n: number };
type AgendaEvent = ItemEvent | FileEvent | EnterEvent;

const EMPTY: readonly number[] = Object.freeze([]);
const SEMI_TERMINAL: ReadonlySet<PlanItemState> = new Set(['Completed', 'Terminated', 'Disabled']);
const FINAL: ReadonlySet<PlanItemState> = new Set(['Completed', 'Terminated']);
const EXITABLE: ReadonlySet<PlanItemState> = new Set(['Available', 'Enabled', 'Disabled', 'Active', 'Suspended', 'Failed']);

/**
 * The states in which an owner watches a criterion (§4): entry criteria while Available; exit
 * criteria in every non-final state `exit` leaves from (milestones and event listeners: Available).
 */
function watchedIn(kind: CompiledNode['kind'], criterion: CompiledCriterion, state: PlanItemState): boolean {
  if (criterion.type === 'entry') return state === 'Available';
  if (kind === 'milestone' || kind === 'eventListener') return state === 'Available';
  return EXITABLE.has(state);
}

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
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  return run(compiled, empty, ctx, 'start', options.user, (r) => r.start(options.caseFile ?? {}));
}

/** Applies one command to a case and runs it to quiescence. */
export function step(compiled: CompiledCase, state: CaseInstanceState, command: Command, ctx: StepContext): StepResult {
  if (state.state === 'Closed') throw new CaseClosedError(state.id);
  const user = 'user' in command ? command.user : undefined;
  return run(compiled, state, ctx, describe(command), user, (r) => r.apply(command));
}

function describe(command: Command): string {
  switch (command.type) {
    case 'planItem':
      return command.transition;
    case 'plan':
      return 'plan';
    case 'setCaseFile':
      return 'set';
    case 'removeCaseFileItem':
      return 'remove';
    case 'case':
      return `case:${command.transition}`;
    case 'fireTimer':
      return 'timer';
    case 'childCaseEnded':
      return 'childCase';
  }
}

function run(
  compiled: CompiledCase,
  state: CaseInstanceState,
  ctx: StepContext,
  commandName: string,
  user: User | undefined,
  body: (r: Run) => void,
): StepResult {
  let records: TransitionRecord[] = [];
  let effects: Effect[] = [];
  const next = immer.produce(state, (draft) => {
    const r = new Run(compiled, draft, state, ctx, commandName, user);
    body(r);
    r.settle();
    draft.updatedAt = ctx.now;
    records = r.records;
    effects = r.effects;
  });
  return { state: next, transitions: records, effects };
}

type MutableInstance = Draft<PlanItemInstanceState>;

/** One step in progress over an immer draft. */
class Run {
  readonly records: TransitionRecord[] = [];
  readonly effects: Effect[] = [];
  private readonly agenda: AgendaEvent[] = [];
  private agendaHead = 0;
  private readonly dirtyStages = new Set<number>();
  /** Instances created in this step, by node (reads of the draft's byNode would copy it whole). */
  private readonly createdByNode = new Map<number, number[]>();
  /** Due time of each timer fired in this step (instance number → ms). */
  private readonly firedDue = new Map<number, number>();
  private readonly onEventTouched: { n: number; criterion: number }[] = [];
  private transitions = 0;

  constructor(
    private readonly c: CompiledCase,
    private readonly s: Draft<CaseInstanceState>,
    /** The state the step started from (never modified). */
    private readonly base: CaseInstanceState,
    private readonly ctx: StepContext,
    private readonly command: string,
    private readonly user: User | undefined,
  ) {}

  // ------------------------------------------------------------------------------------------
  // State access
  // ------------------------------------------------------------------------------------------

  private inst(n: number): MutableInstance {
    const instance = this.s.chunks[n >> CHUNK_BITS]?.[n & (CHUNK_SIZE - 1)];
    if (instance === undefined) throw new Error(`casekit: no plan item instance #${n}`);
    return instance;
  }

  /**
   * The instances of a node, in creation order. Read from the step's base state plus the instances
   * this step created: reading `byNode` through the immer draft would copy the whole map.
   */
  private instancesOf(node: number): readonly number[] {
    const base = this.base.byNode[node] ?? EMPTY;
    const created = this.createdByNode.get(node);
    return created === undefined ? base : [...base, ...created];
  }

  private node(n: number): CompiledNode {
    return this.c.nodes[this.inst(n).node]!;
  }

  private byId(id: PlanItemInstanceId): number {
    const n = this.s.numbers[id];
    if (n === undefined) throw new UnknownRefError(id, ` in case ${this.s.id}`);
    return n;
  }

  private variables(): Record<string, unknown> {
    return this.s.caseFile as Record<string, unknown>;
  }

  private evaluate(expression: CompiledExpression, n: number | undefined): boolean {
    // Each language's own condition truthiness (§11): EL must yield a boolean, JSON Logic's `[]` is false, FEEL needs `true`.
    return evaluateCondition(expression, {
      variables: this.variables(),
      repetitionCounter: n === undefined ? undefined : this.inst(n).repetition,
      now: new Date(this.ctx.now),
    });
  }

  private rule(rule: CompiledRule | undefined, n: number | undefined): boolean {
    if (rule === undefined) return false;
    if (rule === true) return true;
    return this.evaluate(rule, n);
  }

  // ------------------------------------------------------------------------------------------
  // Commands
  // ------------------------------------------------------------------------------------------

  start(caseFile: Readonly<Record<string, JsonValue>>): void {
    this.record(undefined, 'case', 'create', null, 'Active');
    for (const [name, value] of Object.entries(caseFile)) this.writeCaseFile(name, value);
    const root = this.create(0, -1);
    this.transition(root, 'start');
  }

  apply(command: Command): void {
    switch (command.type) {
      case 'planItem':
        this.requireActiveCase(command.transition);
        this.userCommand(this.byId(command.instance), command.transition, command.output);
        break;
      case 'plan':
        this.requireActiveCase('plan');
        this.plan(command.item, command.owner);
        break;
      case 'setCaseFile':
        this.requireActiveCase('set');
        for (const [name, value] of Object.entries(command.values)) this.writeCaseFile(name, value);
        break;
      case 'removeCaseFileItem':
        this.requireActiveCase('remove');
        this.removeCaseFile(command.name);
        break;
      case 'case':
        this.caseCommand(command.transition);
        break;
      case 'fireTimer':
        this.fireTimer(command.instance);
        break;
      case 'childCaseEnded':
        this.childCaseEnded(this.byId(command.instance), command.outcome, command.output);
        break;
    }
  }

  private requireActiveCase(what: string): void {
    if (this.s.state !== 'Active') throw new IllegalTransitionError(this.s.id, this.s.state, what, `the case is ${this.s.state}`);
  }

  private checkPerformer(n: number, node: CompiledNode): void {
    const roles = node.type === 'UserEventListener' ? node.authorizedRoles : node.performerRoles;
    if (this.user === undefined || roles.length === 0) return;
    if (!(this.user.roles ?? []).some((role) => roles.includes(role))) {
      throw new NotAuthorizedError(node.id, this.user.id, roles);
    }
    void n;
  }

  private userCommand(n: number, transition: PlanItemCommandName, output: Readonly<Record<string, JsonValue>> | undefined): void {
    const instance = this.inst(n);
    const node = this.c.nodes[instance.node]!;
    this.checkPerformer(n, node);
    if (instance.parent >= 0) {
      const stage = this.inst(instance.parent);
      if (stage.state !== 'Active') {
        throw new IllegalTransitionError(instance.id, instance.state, transition, `its stage "${this.c.nodes[stage.node]!.name}" is ${stage.state}`);
      }
    }
    if (transition === 'occur' && node.type !== 'UserEventListener') {
      throw new IllegalTransitionError(instance.id, instance.state, 'occur', `only a user event listener occurs by command; "${node.id}" is a ${node.type}`);
    }
    if (node.kind === 'stage' && transition === 'complete') {
      const blocker = this.completionBlocker(n, false);
      if (instance.state !== 'Active' || blocker !== undefined) {
        throw new IllegalTransitionError(instance.id, instance.state, 'complete', blocker);
      }
    }
    if (output !== undefined && transition === 'complete') {
      if (instance.state !== 'Active') throw new IllegalTransitionError(instance.id, instance.state, 'complete');
      for (const [name, value] of Object.entries(output)) this.writeCaseFile(name, value);
    }
    this.transition(n, transition);
  }

  private caseCommand(transition: CaseCommandName): void {
    const from = this.s.state;
    const target = nextCaseState(from, transition as CaseTransition);
    if (target === undefined) throw new IllegalTransitionError(this.s.id, from, transition);
    const root = 0;
    switch (transition) {
      case 'complete': {
        const blocker = this.completionBlocker(root, false);
        if (blocker !== undefined) throw new IllegalTransitionError(this.s.id, from, 'complete', blocker);
        this.transition(root, 'complete');
        return;
      }
      case 'terminate':
        this.transition(root, 'terminate');
        return;
      case 'suspend':
        this.transition(root, 'suspend');
        return;
      case 'reactivate':
        this.reactivateCase(from);
        return;
      case 'close':
        this.setCaseState('close', 'Closed');
        return;
    }
  }

  private reactivateCase(from: string): void {
    const root = this.inst(0);
    if (from === 'Suspended') {
      this.transition(0, 'resume');
      return;
    }
    // Completed, Terminated or Failed: the case plan model becomes Active again; its children stay
    // as they are, so the case waits for planning or a manual completion. The case plan model's
    // change is recorded (as `reactivate`) so that history replays to the same state.
    const rootFrom = root.state;
    root.state = 'Active';
    root.updatedAt = this.ctx.now;
    this.record(0, 'planItem', 'reactivate', rootFrom, 'Active');
    this.setCaseState('reactivate', 'Active');
  }

  private setCaseState(transition: CaseTransition, to: CaseInstanceState['state']): void {
    const from = this.s.state;
    this.s.before = from;
    this.s.state = to;
    this.record(undefined, 'case', transition, from, to);
    if ((to === 'Completed' || to === 'Terminated' || to === 'Failed') && this.s.parentCase !== undefined) {
      this.effects.push({ kind: 'caseEnded', state: to });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Transitions
  // ------------------------------------------------------------------------------------------

  private count(label: string): void {
    if (++this.transitions > this.ctx.maxTransitions) {
      const last = this.records.slice(-5).map((r) => r.itemName ?? r.itemId ?? label);
      throw new RunawayLoopError(this.s.id, this.ctx.maxTransitions, last);
    }
  }

  private record(
    n: number | undefined,
    scope: TransitionRecord['scope'],
    transition: TransitionRecord['transition'],
    from: string | null,
    to: string,
    itemId?: string,
  ): void {
    this.count(itemId ?? String(n ?? transition));
    const instance = n === undefined ? undefined : this.inst(n);
    const node = instance === undefined ? undefined : this.c.nodes[instance.node];
    this.records.push({
      seq: ++this.s.seq,
      at: this.ctx.now,
      caseId: this.s.id,
      instanceId: instance?.id,
      itemId: node?.id ?? itemId,
      itemName: node?.name ?? itemId,
      scope,
      transition,
      from,
      to,
      user: this.user?.id,
      command: this.command,
    });
  }

  /** Creates an Available instance of `node` under stage instance `parent`. */
  private create(nodeIndex: number, parent: number, firing = 1): number {
    const node = this.c.nodes[nodeIndex]!;
    const n = this.s.count++;
    const chunkIndex = n >> CHUNK_BITS;
    if (this.s.chunks[chunkIndex] === undefined) this.s.chunks[chunkIndex] = [];
    // 1-based index among the node's instances in this stage instance: one more than the latest
    // such instance's (scanning from the newest, so a long repetition costs O(1) per instance).
    const sameNode = this.instancesOf(nodeIndex);
    let siblings = 0;
    for (let i = sameNode.length - 1; i >= 0; i--) {
      const other = this.inst(sameNode[i]!);
      if (other.parent === parent) {
        siblings = other.repetition;
        break;
      }
    }
    const parentInstance = parent < 0 ? undefined : this.inst(parent);
    const id = this.ctx.newId() as PlanItemInstanceId;
    const instance: PlanItemInstanceState = {
      n,
      id,
      node: nodeIndex,
      state: 'Available',
      before: undefined,
      parent,
      ancestors: parentInstance === undefined ? [] : [...parentInstance.ancestors, parent],
      createdSeq: this.s.seq + 1,
      required: false,
      repetition: siblings + 1,
      memory: node.criteria.length === 0 ? undefined : node.criteria.map(() => 0),
      children: node.kind === 'stage' ? [] : undefined,
      tally: node.kind === 'stage' ? { active: 0, failed: 0, open: 0, requiredOpen: 0 } : undefined,
      exitCriterion: undefined,
      childCase: undefined,
      timerStartedAt: undefined,
      firing,
      createdAt: this.ctx.now,
      updatedAt: this.ctx.now,
    };
    this.s.chunks[chunkIndex]!.push(instance as MutableInstance);
    this.s.numbers[id] = n;
    const list = this.s.byNode[nodeIndex];
    if (list === undefined) this.s.byNode[nodeIndex] = [n];
    else list.push(n);
    const created = this.createdByNode.get(nodeIndex);
    if (created === undefined) this.createdByNode.set(nodeIndex, [n]);
    else created.push(n);
    if (parentInstance !== undefined) {
      parentInstance.children!.push(n);
      this.dirtyStages.add(parent);
    }
    const required = this.rule(node.required, n);
    this.inst(n).required = required;
    if (parent >= 0) this.tally(parent, 'Available', required, 1);
    this.record(n, 'planItem', 'create', null, 'Available');
    this.push({ kind: 'item', seq: this.s.seq, n, node: nodeIndex, transition: 'create', exitCriterion: undefined });
    if (node.timer?.start.kind === 'creation' && firing === 1) this.startTimer(n, this.ctx.now);
    return n;
  }

  /** After creation: enter items without entry criteria, evaluate if-part-only sentries. */
  private afterCreate(n: number): void {
    const instance = this.inst(n);
    if (instance.state !== 'Available') return;
    const node = this.c.nodes[instance.node]!;
    if (node.entryCount === 0 && node.kind !== 'eventListener') this.enter(n);
    this.evaluateStandingCriteria(n);
  }

  /**
   * Criteria with no on-part are evaluated at creation (and on every case file change), in model
   * order, each only while its owner is in a state that watches it: entry criteria first (one fires
   * at most), then exit criteria — which also hold for an item entered at once for lack of entry criteria.
   */
  private evaluateStandingCriteria(n: number): void {
    const node = this.node(n);
    for (const criterion of node.criteria) {
      if (criterion.onParts.length > 0) continue;
      if (!this.watching(n, criterion)) continue;
      if (criterion.ifPart === undefined || this.evaluate(criterion.ifPart, n)) this.fire(n, criterion);
    }
  }

  /** Entry satisfied: repetition, then start / enable / occur. */
  private enter(n: number): void {
    const instance = this.inst(n);
    const node = this.c.nodes[instance.node]!;
    if (instance.state !== 'Available') return;
    if (node.entryCount > 0 && this.rule(node.repetition, n)) {
      const next = this.create(instance.node, instance.parent);
      void next;
    }
    if (node.kind === 'milestone') {
      this.transition(n, 'occur');
    } else if (node.kind === 'task' || node.kind === 'stage') {
      this.transition(n, this.rule(node.manualActivation, n) ? 'enable' : 'start');
    }
  }

  /** Applies a lifecycle transition (legality from the lifecycle machines) and its consequences. */
  private transition(n: number, transition: PlanItemTransition, exitCriterion?: string): void {
    const instance = this.inst(n);
    const node = this.c.nodes[instance.node]!;
    const from = instance.state;
    const to = nextPlanItemState(node.kind, from, transition, instance.before);
    if (to === undefined) throw new IllegalTransitionError(instance.id, from, transition, `"${node.name}" (${node.type})`);
    // Only `parentSuspend` remembers the state to restore: a user's `suspend` leaves `before` unset,
    // which is what makes a later `resume` legal (and keeps a parent's resume from resuming it).
    if (transition === 'parentSuspend') instance.before = from;
    else if (transition === 'parentResume' || transition === 'resume') instance.before = undefined;
    instance.state = to;
    instance.updatedAt = this.ctx.now;
    if (instance.parent >= 0) {
      this.tally(instance.parent, from, instance.required, -1);
      this.tally(instance.parent, to, instance.required, 1);
    }
    if (exitCriterion !== undefined) instance.exitCriterion = exitCriterion;
    this.forget(n, node, from, to);
    this.record(n, 'planItem', transition, from, to);
    this.push({ kind: 'item', seq: this.s.seq, n, node: instance.node, transition, exitCriterion });
    if (instance.parent >= 0) this.dirtyStages.add(instance.parent);
    this.consequences(n, node, transition, from, to);
  }

  /**
   * Memory (§4, casekit rule): a sentry forgets its occurred on-parts when its owner leaves the
   * states in which the sentry is watched (e.g. Available → Suspended for an entry criterion, any
   * final state for every criterion). Costs one check per criterion of the node.
   */
  private forget(n: number, node: CompiledNode, from: PlanItemState, to: PlanItemState): void {
    const memory = this.inst(n).memory;
    if (memory === undefined) return;
    for (const criterion of node.criteria) {
      if (memory[criterion.index] !== 0 && watchedIn(node.kind, criterion, from) && !watchedIn(node.kind, criterion, to)) memory[criterion.index] = 0;
    }
  }

  private consequences(n: number, node: CompiledNode, transition: PlanItemTransition, from: PlanItemState, to: PlanItemState): void {
    const instance = this.inst(n);
    if (FINAL.has(to)) this.cancelTimer(n);
    if (node.kind === 'stage') {
      switch (transition) {
        case 'start':
        case 'manualStart':
          this.activateStage(n);
          break;
        case 'suspend':
        case 'parentSuspend':
          this.forChildren(n, (child, state) => (state === 'Available' || state === 'Enabled' || state === 'Disabled' || state === 'Active' ? 'parentSuspend' : undefined));
          break;
        case 'resume':
        case 'parentResume':
          this.forChildren(n, (child, state) => (state === 'Suspended' && this.inst(child).before !== undefined ? 'parentResume' : undefined));
          break;
        case 'terminate':
        case 'exit':
          this.endChildren(n, true);
          break;
        case 'complete':
          this.endChildren(n, false);
          break;
        default:
          break;
      }
    } else if (node.kind === 'task') {
      if (to === 'Active' && (transition === 'start' || transition === 'manualStart' || transition === 'reactivate')) this.startTask(n, node);
      if (to === 'Terminated' && instance.childCase !== undefined) {
        this.effects.push({ kind: 'terminateChildCase', instanceId: instance.id, childCase: instance.childCase });
      }
    } else if (node.kind === 'eventListener' && node.timer !== undefined) {
      if (transition === 'occur') this.nextFiring(n, node);
      // A suspended timer listener holds its clock (casekit rule): no due timer while Suspended,
      // and on resume its firing is due again at its time in the series (at once when overdue).
      else if (to === 'Suspended') this.cancelTimer(n);
      else if (from === 'Suspended' && to === 'Available') this.resumeTimer(n, node);
    }

    // Repetition without entry criteria: after completion or a user's termination (not an exit).
    if (
      n !== 0 &&
      node.entryCount === 0 &&
      node.repetition !== undefined &&
      (transition === 'complete' || transition === 'terminate' || (transition === 'occur' && node.kind === 'milestone')) &&
      this.inst(instance.parent).state === 'Active' &&
      this.rule(node.repetition, n)
    ) {
      // Entered from the agenda rather than here: a rule that never turns false then loops through
      // the agenda until the transition bound (RunawayLoop), instead of overflowing the stack.
      const next = this.create(instance.node, instance.parent);
      this.push({ kind: 'enter', n: next });
    }

    if (n === 0) this.rootChanged(transition, to);
  }

  /** The case follows its case plan model. */
  private rootChanged(transition: PlanItemTransition, to: PlanItemState): void {
    if (transition === 'start') return;
    if (to === 'Completed') this.setCaseState('complete', 'Completed');
    else if (to === 'Terminated') this.setCaseState('terminate', 'Terminated');
    else if (transition === 'suspend') this.setCaseState('suspend', 'Suspended');
    else if (transition === 'resume') this.setCaseState('reactivate', 'Active');
    else if (to === 'Failed') this.setCaseState('fault', 'Failed');
  }

  private forChildren(n: number, pick: (child: number, state: PlanItemState) => PlanItemTransition | undefined): void {
    for (const child of [...(this.inst(n).children ?? [])]) {
      const transition = pick(child, this.inst(child).state);
      if (transition !== undefined) this.transition(child, transition);
    }
  }

  /**
   * A stage ends: children not yet done get `exit` (tasks, stages) or `parentTerminate`
   * (milestones, event listeners), depth first. On completion, Disabled children stay Disabled.
   */
  private endChildren(n: number, terminating: boolean): void {
    for (const child of [...(this.inst(n).children ?? [])]) {
      const instance = this.inst(child);
      const kind = this.c.nodes[instance.node]!.kind;
      const state = instance.state;
      if (FINAL.has(state)) continue;
      if (!terminating && state === 'Disabled') continue;
      if (kind === 'milestone' || kind === 'eventListener') {
        if (state === 'Available' || state === 'Suspended') this.transition(child, 'parentTerminate');
      } else if (EXITABLE.has(state)) {
        this.transition(child, 'exit');
      }
    }
  }

  private activateStage(n: number): void {
    const instance = this.inst(n);
    if ((instance.children ?? []).length > 0) return;
    // An empty stage completes at once; any other is checked again when a child changes.
    this.dirtyStages.add(n);
    const created = this.c.nodes[instance.node]!.children.map((child) => this.create(child, n));
    for (const child of created) this.afterCreate(child);
  }

  private startTask(n: number, node: CompiledNode): void {
    const instance = this.inst(n);
    switch (node.type) {
      case 'HumanTask':
        break;
      case 'CaseTask':
        this.effects.push({ kind: 'startChildCase', instanceId: instance.id, node: node.index, blocking: node.isBlocking });
        break;
      case 'DecisionTask':
        this.effects.push({ kind: 'evaluateDecision', instanceId: instance.id, node: node.index, blocking: node.isBlocking });
        break;
      default:
        this.effects.push({ kind: 'invokeTask', instanceId: instance.id, node: node.index, blocking: node.isBlocking });
        break;
    }
    if (!node.isBlocking) this.transition(n, 'complete');
  }

  private childCaseEnded(n: number, outcome: 'Completed' | 'Terminated' | 'Failed', output: Readonly<Record<string, JsonValue>> | undefined): void {
    const instance = this.inst(n);
    if (instance.state !== 'Active') return;
    if (outcome === 'Completed') {
      for (const [name, value] of Object.entries(output ?? {})) this.writeCaseFile(name, value);
      this.transition(n, 'complete');
    } else {
      this.transition(n, 'fault');
    }
  }

  /** Records the child case a case task started (called by the shell through a command-less update). */
  static linkChildCase(state: CaseInstanceState, instance: PlanItemInstanceId, childCase: CaseInstanceId): CaseInstanceState {
    return immer.produce(state, (draft) => {
      const n = draft.numbers[instance];
      if (n === undefined) return;
      const target = draft.chunks[n >> CHUNK_BITS]?.[n & (CHUNK_SIZE - 1)];
      if (target !== undefined) target.childCase = childCase;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Planning
  // ------------------------------------------------------------------------------------------

  private plan(itemId: string, ownerId: PlanItemInstanceId | undefined): void {
    const nodes = (this.c.nodesByItemId.get(itemId) ?? []).filter((i) => this.c.nodes[i]!.discretionary);
    if (nodes.length === 0) throw new UnknownRefError(itemId, ': no discretionary item has this id');
    const owners: { node: CompiledNode; owner: number }[] = [];
    for (const index of nodes) {
      const node = this.c.nodes[index]!;
      for (const owner of this.instancesOf(node.planningOwner!)) {
        if (this.inst(owner).state === 'Active') owners.push({ node, owner });
      }
    }
    const chosen =
      ownerId === undefined
        ? owners[0]
        : owners.find((o) => o.owner === this.byId(ownerId));
    if (chosen === undefined) {
      throw new NotApplicableError(itemId, ownerId === undefined ? 'the stage or human task owning its planning table is not Active' : `${ownerId} is not an Active owner of its planning table`);
    }
    const { node, owner } = chosen;
    for (const rule of node.applicability) {
      if (!this.evaluate(rule, owner)) throw new NotApplicableError(itemId, `applicability rule ${rule.elementId ?? ''} is false`);
    }
    if (this.user !== undefined && node.authorizedRoles.length > 0 && !(this.user.roles ?? []).some((r) => node.authorizedRoles.includes(r))) {
      throw new NotAuthorizedError(node.id, this.user.id, node.authorizedRoles);
    }
    const ownerInstance = this.inst(owner);
    const stage = this.c.nodes[ownerInstance.node]!.kind === 'stage' ? owner : ownerInstance.parent;
    const n = this.create(node.index, stage);
    this.afterCreate(n);
  }

  /** True when `node` (discretionary) is applicable under the owner instance for `user`. */
  static applicable(r: { evaluate(rule: CompiledExpression, n: number): boolean }, node: CompiledNode, owner: number, user: User | undefined): boolean {
    if (user !== undefined && node.authorizedRoles.length > 0 && !(user.roles ?? []).some((role) => node.authorizedRoles.includes(role))) return false;
    return node.applicability.every((rule) => r.evaluate(rule, owner));
  }

  // ------------------------------------------------------------------------------------------
  // Case file
  // ------------------------------------------------------------------------------------------

  private writeCaseFile(name: string, value: JsonValue): void {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') {
      throw new IllegalTransitionError(name, 'n/a', 'set', 'reserved name');
    }
    const exists = Object.hasOwn(this.s.caseFile, name);
    const transition = exists ? 'update' : 'create';
    (this.s.caseFile as Record<string, JsonValue>)[name] = value as JsonValue;
    this.fileTransition(name, transition, exists ? 'Available' : null, 'Available');
    const parent = this.c.caseFileItems.get(name)?.parent;
    if (!exists && parent !== undefined && Object.hasOwn(this.s.caseFile, parent)) {
      this.fileTransition(parent, 'addChild', 'Available', 'Available');
    }
  }

  private removeCaseFile(name: string): void {
    if (!Object.hasOwn(this.s.caseFile, name)) {
      throw new IllegalTransitionError(name, 'Discarded', 'delete', 'the case file item does not exist');
    }
    delete (this.s.caseFile as Record<string, JsonValue>)[name];
    this.fileTransition(name, 'delete', 'Available', 'Discarded');
    const parent = this.c.caseFileItems.get(name)?.parent;
    if (parent !== undefined && Object.hasOwn(this.s.caseFile, parent)) this.fileTransition(parent, 'removeChild', 'Available', 'Available');
  }

  private fileTransition(name: string, transition: 'create' | 'update' | 'delete' | 'addChild' | 'removeChild', from: string | null, to: string): void {
    this.record(undefined, 'caseFile', transition, from, to, name);
    this.push({ kind: 'file', seq: this.s.seq, name, transition });
  }

  // ------------------------------------------------------------------------------------------
  // Timers
  // ------------------------------------------------------------------------------------------

  private startTimer(n: number, at: number): void {
    const instance = this.inst(n);
    const timer = this.c.nodes[instance.node]!.timer;
    if (timer === undefined || instance.timerStartedAt !== undefined) return;
    instance.timerStartedAt = at;
    const due = firstDue(timer.spec, at);
    if (due !== null) this.schedule(n, due);
  }

  private schedule(n: number, dueAt: number): void {
    const timers = this.s.timers;
    const node = this.inst(n).node;
    let i = timers.length;
    while (i > 0) {
      const t = timers[i - 1]!;
      const otherNode = this.inst(t.instance).node;
      if (t.dueAt < dueAt || (t.dueAt === dueAt && (otherNode < node || (otherNode === node && t.instance < n)))) break;
      i--;
    }
    timers.splice(i, 0, { instance: n, dueAt });
  }

  private cancelTimer(n: number): void {
    const i = this.s.timers.findIndex((t) => t.instance === n);
    if (i >= 0) this.s.timers.splice(i, 1);
  }

  private fireTimer(n: number): void {
    const instance = this.inst(n);
    // The next firing of a repeating interval counts from this due time, not from the clock.
    const due = this.s.timers.find((t) => t.instance === n)?.dueAt;
    if (due !== undefined) this.firedDue.set(n, due);
    // A due timer always leaves the list, so a host firing due timers always makes progress.
    this.cancelTimer(n);
    if (this.s.state !== 'Active' || instance.state !== 'Available') return;
    this.transition(n, 'occur');
  }

  /** Reschedules a resumed timer listener: the due time of its firing, counted from its clock's start. */
  private resumeTimer(n: number, node: CompiledNode): void {
    const instance = this.inst(n);
    const timer = node.timer;
    if (timer === undefined || instance.timerStartedAt === undefined) return;
    let due = firstDue(timer.spec, instance.timerStartedAt);
    for (let firing = 1; due !== null && firing < instance.firing; firing++) due = nextDue(timer.spec, due, firing);
    if (due !== null) this.schedule(n, due);
  }

  /** A repeating interval: the next firing is a new instance beside this one. */
  private nextFiring(n: number, node: CompiledNode): void {
    const instance = this.inst(n);
    const timer = node.timer!;
    if (timer.spec.kind !== 'cycle' || instance.parent < 0 || this.inst(instance.parent).state !== 'Active') return;
    const previous = this.firedDue.get(n) ?? this.s.timers.find((t) => t.instance === n)?.dueAt ?? this.ctx.now;
    const due = nextDue(timer.spec, previous, instance.firing);
    if (due === null) return;
    const next = this.create(instance.node, instance.parent, instance.firing + 1);
    const created = this.inst(next);
    created.timerStartedAt = instance.timerStartedAt;
    this.schedule(next, due);
  }

  // ------------------------------------------------------------------------------------------
  // Agenda and sentries
  // ------------------------------------------------------------------------------------------

  private push(event: AgendaEvent): void {
    this.agenda.push(event);
  }

  /** Runs the agenda to quiescence, checking stage completion whenever it empties. */
  settle(): void {
    for (;;) {
      while (this.agendaHead < this.agenda.length) {
        const event = this.agenda[this.agendaHead++]!;
        if (event.kind === 'item') this.onItemEvent(event);
        else if (event.kind === 'file') this.onFileEvent(event);
        else this.afterCreate(event.n);
      }
      this.agenda.length = 0;
      this.agendaHead = 0;
      if (!this.checkCompletion()) break;
    }
    for (const { n, criterion } of this.onEventTouched) {
      const memory = this.inst(n).memory;
      if (memory !== undefined) memory[criterion] = 0;
    }
  }

  /** Is the owner instance in a state where this criterion is watched? */
  private watching(n: number, criterion: CompiledCriterion): boolean {
    const instance = this.inst(n);
    return watchedIn(this.c.nodes[instance.node]!.kind, criterion, instance.state);
  }

  private anchor(n: number, depth: number): number {
    const instance = this.inst(n);
    return depth < instance.ancestors.length ? instance.ancestors[depth]! : n;
  }

  private onItemEvent(event: ItemEvent): void {
    const key = `${event.node}:${event.transition}`;
    const watchers = this.c.planItemWatchers.get(key);
    if (watchers !== undefined) {
      const satisfied: { n: number; criterion: CompiledCriterion }[] = [];
      for (const watcher of watchers) {
        const criterion = this.c.nodes[watcher.node]!.criteria[watcher.criterion]!;
        const onPart = criterion.onParts[watcher.onPart]!;
        if (onPart.kind === 'planItem' && onPart.exitCriterionId !== undefined && onPart.exitCriterionId !== event.exitCriterion) continue;
        const scope = this.anchor(event.n, watcher.scopeDepth);
        this.mark(watcher, criterion, event.seq, (owner) => this.anchor(owner, watcher.scopeDepth) === scope, satisfied);
      }
      this.fireSatisfied(satisfied);
    }
    const timers = this.c.timerStartByPlanItem.get(key);
    if (timers !== undefined) {
      for (const timer of timers) {
        const scope = this.anchor(event.n, timer.scopeDepth);
        for (const owner of this.instancesOf(timer.node)) {
          const instance = this.inst(owner);
          if (instance.state === 'Available' && instance.createdSeq <= event.seq && this.anchor(owner, timer.scopeDepth) === scope) {
            this.startTimer(owner, this.ctx.now);
          }
        }
      }
    }
  }

  private onFileEvent(event: FileEvent): void {
    const key = `${event.name}:${event.transition}`;
    const watchers = this.c.caseFileWatchers.get(key);
    const satisfied: { n: number; criterion: CompiledCriterion }[] = [];
    if (watchers !== undefined) {
      for (const watcher of watchers) {
        const criterion = this.c.nodes[watcher.node]!.criteria[watcher.criterion]!;
        this.mark(watcher, criterion, event.seq, () => true, satisfied);
      }
    }
    const timers = this.c.timerStartByCaseFile.get(key);
    for (const timer of timers ?? []) {
      for (const owner of this.instancesOf(timer.node)) {
        if (this.inst(owner).state === 'Available') this.startTimer(owner, this.ctx.now);
      }
    }
    // If-parts that read this name are re-evaluated while their owner waits with all on-parts occurred.
    const readers = [...(this.c.ifPartReaders.get(event.name) ?? []), ...this.c.ifPartAlways];
    for (const watcher of readers) {
      const criterion = this.c.nodes[watcher.node]!.criteria[watcher.criterion]!;
      for (const owner of this.instancesOf(watcher.node)) {
        if (!this.watching(owner, criterion)) continue;
        const memory = this.inst(owner).memory;
        if ((memory?.[criterion.index] ?? 0) !== criterion.fullMask) continue;
        if (!satisfied.some((s) => s.n === owner && s.criterion === criterion)) satisfied.push({ n: owner, criterion });
      }
    }
    this.fireSatisfied(satisfied);
  }

  /** Sets the on-part's bit in every watching owner in scope; collects owners whose sentry is complete. */
  private mark(
    watcher: Watcher,
    criterion: CompiledCriterion,
    seq: number,
    inScope: (owner: number) => boolean,
    satisfied: { n: number; criterion: CompiledCriterion }[],
  ): void {
    for (const owner of this.instancesOf(watcher.node)) {
      const instance = this.inst(owner);
      if (instance.createdSeq > seq || !this.watching(owner, criterion) || !inScope(owner)) continue;
      const memory = instance.memory!;
      const bits = (memory[criterion.index] ?? 0) | (1 << watcher.onPart);
      memory[criterion.index] = bits;
      if (criterion.onEvent) this.onEventTouched.push({ n: owner, criterion: criterion.index });
      if (bits === criterion.fullMask) satisfied.push({ n: owner, criterion });
    }
  }

  /** Fires satisfied criteria in model order (node, then criterion, then instance). */
  private fireSatisfied(satisfied: { n: number; criterion: CompiledCriterion }[]): void {
    if (satisfied.length === 0) return;
    satisfied.sort((a, b) => this.inst(a.n).node - this.inst(b.n).node || a.criterion.index - b.criterion.index || a.n - b.n);
    const fired = new Set<number>();
    for (const { n, criterion } of satisfied) {
      if (criterion.type === 'entry' && fired.has(n)) continue;
      if (!this.watching(n, criterion)) continue;
      if ((this.inst(n).memory?.[criterion.index] ?? 0) !== criterion.fullMask) continue;
      if (criterion.ifPart !== undefined && !this.evaluate(criterion.ifPart, n)) continue;
      fired.add(n);
      this.fire(n, criterion);
    }
  }

  /** A satisfied criterion triggers one transition of its owner, and is consumed. */
  private fire(n: number, criterion: CompiledCriterion): void {
    const instance = this.inst(n);
    if (instance.memory !== undefined) instance.memory[criterion.index] = 0;
    if (criterion.type === 'entry') {
      this.enter(n);
      return;
    }
    if (n === 0) {
      this.inst(0).exitCriterion = criterion.id;
      this.transition(0, 'terminate');
      return;
    }
    const kind = this.c.nodes[instance.node]!.kind;
    if (kind === 'eventListener') this.transition(n, 'parentTerminate');
    else this.transition(n, 'exit', criterion.id ?? criterion.sentryId ?? '');
  }

  // ------------------------------------------------------------------------------------------
  // Stage completion (cmmn-semantics §6)
  // ------------------------------------------------------------------------------------------

  /** Counts a child of stage `n` in (or, with `delta` -1, out of) `state`. */
  private tally(n: number, state: PlanItemState, required: boolean, delta: 1 | -1): void {
    const tally = this.inst(n).tally;
    if (tally === undefined) return;
    if (state === 'Active') tally.active += delta;
    else if (state === 'Failed') tally.failed += delta;
    if (!SEMI_TERMINAL.has(state)) {
      tally.open += delta;
      if (required) tally.requiredOpen += delta;
    }
  }

  /** O(1): may stage `n` complete now? `auto`: by itself (its autoComplete mode), else by a user. */
  private canComplete(n: number, auto: boolean): boolean {
    const stage = this.inst(n);
    const tally = stage.tally;
    if (tally === undefined) return this.completionBlocker(n, auto) === undefined;
    if (tally.active > 0 || tally.failed > 0 || tally.requiredOpen > 0) return false;
    return !auto || this.c.nodes[stage.node]!.autoComplete || tally.open === 0;
  }

  /** Why a user may not complete stage `n` now (undefined: they may); scans only when blocked. */
  manualBlocker(n: number): string | undefined {
    return this.canComplete(n, false) ? undefined : this.completionBlocker(n, false);
  }

  /** Why a stage cannot complete now (undefined: it can), naming the child that blocks it. */
  completionBlocker(n: number, auto: boolean): string | undefined {
    const stage = this.inst(n);
    const node = this.c.nodes[stage.node]!;
    const autoComplete = node.autoComplete;
    for (const child of stage.children ?? []) {
      const instance = this.inst(child);
      const childNode = this.c.nodes[instance.node]!;
      const state = instance.state;
      if (state === 'Active') return `"${childNode.name}" is Active`;
      if (state === 'Failed') return `"${childNode.name}" is Failed`;
      if (instance.required && !SEMI_TERMINAL.has(state)) return `required "${childNode.name}" is ${state}`;
      if (auto && !autoComplete && !SEMI_TERMINAL.has(state)) return `"${childNode.name}" is ${state}`;
    }
    return undefined;
  }

  /** Completes every touched stage that may complete, deepest first. True when one did. */
  private checkCompletion(): boolean {
    if (this.dirtyStages.size === 0) return false;
    const stages = [...this.dirtyStages].sort((a, b) => this.inst(b).ancestors.length - this.inst(a).ancestors.length || a - b);
    this.dirtyStages.clear();
    let completed = false;
    for (const n of stages) {
      const stage = this.inst(n);
      if (stage.state !== 'Active') continue;
      if (n === 0 && this.s.state !== 'Active') continue;
      if (this.canComplete(n, true)) {
        this.transition(n, 'complete');
        completed = true;
      }
    }
    return completed || this.agenda.length > 0;
  }
}

/** Evaluates whether discretionary `node` is applicable under `owner` for `user`, without changing state. */
export function isApplicable(compiled: CompiledCase, state: CaseInstanceState, node: CompiledNode, owner: number, user: User | undefined): boolean {
  const instance = state.chunks[owner >> CHUNK_BITS]?.[owner & (CHUNK_SIZE - 1)];
  const evaluator = {
    evaluate: (rule: CompiledExpression): boolean =>
      evaluateCondition(rule, { variables: state.caseFile as Record<string, unknown>, repetitionCounter: instance?.repetition }),
  };
  void compiled;
  return Run.applicable(evaluator, node, owner, user);
}

/** Records which child case a case task started. */
export function linkChildCase(state: CaseInstanceState, instance: PlanItemInstanceId, childCase: CaseInstanceId): CaseInstanceState {
  return Run.linkChildCase(state, instance, childCase);
}

/** Why a stage instance cannot be completed manually now (undefined: it can). O(1) when it can. */
export function manualCompletionBlocker(compiled: CompiledCase, state: CaseInstanceState, n: number): string | undefined {
  const r = new Run(compiled, state as Draft<CaseInstanceState>, state, { now: 0, newId: () => '', maxTransitions: 0 }, 'query', undefined);
  return r.manualBlocker(n);
}
