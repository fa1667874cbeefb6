/**
 * The kernel of a step: instances (creation, addressing), lifecycle transitions (legality from
 * the lifecycle machines' tables), the agenda, and recording. It knows nothing of sentries,
 * stages, timers or tasks: it hands every created instance, applied transition and agenda event
 * to the concerns through {@link KernelHooks}.
 */
import type { Draft } from 'immer';
import type { CompiledExpression } from '@casekit/rules';
import { IllegalTransitionError, RunawayLoopError, UnknownRefError } from '../../errors.js';
import { nextPlanItemState, type PlanItemState, type PlanItemTransition } from '../../lifecycle/index.js';
import { AUTHORIZATION_ON, policyFor, type AuthorizationPolicy } from '../authorization-policy.js';
import type { CompiledCase, CompiledNode, CompiledRule } from '../compile/compiled-case.js';
import type { Effect } from '../commands.js';
import {
  CHUNK_BITS,
  CHUNK_SIZE,
  type CaseInstanceState,
  type PlanItemInstanceId,
  type PlanItemInstanceState,
  type TransitionRecord,
  type User,
} from '../state.js';
import type { AgendaEvent } from './agenda.js';
import type { KernelHooks } from './hooks.js';
import { evaluateIn, type InstanceView } from './view.js';

/** What a step needs from outside: the time, fresh ids and the authorization policy. */
export interface StepContext {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** A fresh, unique plan item instance id. */
  readonly newId: () => string;
  /** Bound on transitions per command (RunawayLoop). */
  readonly maxTransitions: number;
  /** The engine's authorization policy (default: on, only case-team roles count). */
  readonly authorization?: AuthorizationPolicy;
}

/** A plan item instance being changed by the step. */
export type MutableInstance = Draft<PlanItemInstanceState>;

const EMPTY: readonly number[] = Object.freeze([]);
const SEMI_TERMINAL: ReadonlySet<PlanItemState> = new Set(['Completed', 'Terminated', 'Disabled']);

/** Is `state` semi-terminal (Completed, Terminated or Disabled: done as far as its stage is concerned)? */
export function isSemiTerminal(state: PlanItemState): boolean {
  return SEMI_TERMINAL.has(state);
}

/** One step in progress over an immer draft of the case state. */
export class StepRun implements InstanceView {
  readonly records: TransitionRecord[] = [];
  readonly effects: Effect[] = [];
  /** Stages whose children changed in this step: checked for completion at quiescence. */
  readonly dirtyStages = new Set<number>();
  /** Timers: the due time of each timer fired in this step (instance number → ms). */
  readonly firedDue = new Map<number, number>();
  /** Sentries: criteria with `onEvent` memory touched in this step, forgotten when it ends. */
  readonly onEventTouched: { n: number; criterion: number }[] = [];
  private readonly agenda: AgendaEvent[] = [];
  private agendaHead = 0;
  /** Instances created in this step, by node (reads of the draft's byNode would copy it whole). */
  private readonly createdByNode = new Map<number, number[]>();
  private transitions = 0;

  constructor(
    readonly c: CompiledCase,
    readonly s: Draft<CaseInstanceState>,
    /** The state the step started from (never modified). */
    private readonly base: CaseInstanceState,
    readonly ctx: StepContext,
    /** The command's name, recorded with every transition. */
    readonly command: string,
    readonly user: User | undefined,
    private readonly hooks: KernelHooks,
  ) {}

  get now(): number {
    return this.ctx.now;
  }

  get policy(): AuthorizationPolicy {
    return policyFor(this.ctx.authorization ?? AUTHORIZATION_ON, this.user);
  }

  // ------------------------------------------------------------------------------------------
  // Instances
  // ------------------------------------------------------------------------------------------

  inst(n: number): MutableInstance {
    const instance = this.s.chunks[n >> CHUNK_BITS]?.[n & (CHUNK_SIZE - 1)];
    if (instance === undefined) throw new Error(`casekit: no plan item instance #${n} in case ${this.s.id}`);
    return instance;
  }

  node(n: number): CompiledNode {
    return this.c.nodes[this.inst(n).node]!;
  }

  /**
   * The instances of a node, in creation order. Read from the step's base state plus the instances
   * this step created: reading `byNode` through the immer draft would copy the whole map.
   */
  instancesOf(node: number): readonly number[] {
    const base = this.base.byNode[node] ?? EMPTY;
    const created = this.createdByNode.get(node);
    return created === undefined ? base : [...base, ...created];
  }

  /** The stage instance at `depth` above (or at) instance `n`: the scope an on-part (or timer start) and its owner share. */
  anchor(n: number, depth: number): number {
    const instance = this.inst(n);
    return depth < instance.ancestors.length ? instance.ancestors[depth]! : n;
  }

  /** The instance number of an instance id of this case. */
  byId(id: PlanItemInstanceId): number {
    const n = Object.hasOwn(this.s.numbers, id) ? this.s.numbers[id] : undefined;
    if (n === undefined) throw new UnknownRefError(id, ` in case ${this.s.id}`);
    return n;
  }

  /** Evaluates a condition over the case file, with the instance's repetition counter and the step's time. */
  evaluate(expression: CompiledExpression, n: number | undefined): boolean {
    return evaluateIn(this, expression, n);
  }

  /** A rule's value: absent is false, an empty rule true, else its condition. */
  rule(rule: CompiledRule | undefined, n: number | undefined): boolean {
    if (rule === undefined) return false;
    if (rule === true) return true;
    return this.evaluate(rule, n);
  }

  /** Creates an Available instance of `node` under stage instance `parent`. */
  create(nodeIndex: number, parent: number, firing = 1): number {
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
      memory: node.memorySize === 0 ? undefined : new Array<number>(node.memorySize).fill(0),
      children: node.behaviour.isStage ? [] : undefined,
      tally: node.behaviour.isStage ? { active: 0, failed: 0, open: 0, requiredOpen: 0 } : undefined,
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
    this.hooks.created(this, n);
    return n;
  }

  /** Counts a child of stage `n` in (or, with `delta` -1, out of) `state`: what stage completion asks, kept in O(1). */
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

  // ------------------------------------------------------------------------------------------
  // Transitions
  // ------------------------------------------------------------------------------------------

  /** Applies a lifecycle transition (legal per the lifecycle machines' table), records it and hands it to the concerns. */
  transition(n: number, transition: PlanItemTransition, exitCriterion?: string): void {
    const instance = this.inst(n);
    const node = this.c.nodes[instance.node]!;
    const from = instance.state;
    const to = nextPlanItemState(node.kind, from, transition, instance.before);
    if (to === undefined) {
      throw new IllegalTransitionError(instance.id, from, transition, `a ${node.type} cannot ${transition} from ${from}`, {
        item: { name: node.name, itemId: node.id, instanceId: instance.id },
        caseId: this.s.id,
      });
    }
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
    this.record(n, 'planItem', transition, from, to);
    this.push({ kind: 'item', seq: this.s.seq, n, node: instance.node, transition, exitCriterion });
    if (instance.parent >= 0) this.dirtyStages.add(instance.parent);
    this.hooks.afterTransition(this, n, node, transition, from, to);
  }

  /** Entry of an instance (its entry criterion fired, or it has none). */
  enter(n: number): void {
    this.hooks.enter(this, n);
  }

  /** Tries the entry of a new instance: items without entry criteria enter, standing criteria are evaluated. */
  afterCreate(n: number): void {
    this.hooks.afterCreate(this, n);
  }

  // ------------------------------------------------------------------------------------------
  // Recording
  // ------------------------------------------------------------------------------------------

  /** Appends a history record (and counts it against the RunawayLoop bound). */
  record(
    n: number | undefined,
    scope: TransitionRecord['scope'],
    transition: TransitionRecord['transition'],
    from: string | null,
    to: string,
    itemId?: string,
  ): void {
    if (++this.transitions > this.ctx.maxTransitions) {
      const last = this.records.slice(-5).map((r) => r.itemName ?? r.itemId ?? String(r.transition));
      throw new RunawayLoopError(this.s.id, this.ctx.maxTransitions, last);
    }
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

  // ------------------------------------------------------------------------------------------
  // Agenda
  // ------------------------------------------------------------------------------------------

  push(event: AgendaEvent): void {
    this.agenda.push(event);
  }

  /** True while events wait on the agenda. */
  get busy(): boolean {
    return this.agendaHead < this.agenda.length;
  }

  /** Runs the agenda to quiescence, letting the concerns complete what may complete whenever it empties. */
  settle(): void {
    for (;;) {
      while (this.agendaHead < this.agenda.length) {
        const event = this.agenda[this.agendaHead++]!;
        if (event.kind === 'item') this.hooks.onItemEvent(this, event);
        else if (event.kind === 'file') this.hooks.onFileEvent(this, event);
        else this.afterCreate(event.n);
      }
      this.agenda.length = 0;
      this.agendaHead = 0;
      if (!this.hooks.atQuiescence(this)) break;
    }
    this.hooks.finished(this);
  }
}
