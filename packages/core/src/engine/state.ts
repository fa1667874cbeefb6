/**
 * The state of a case instance: plain, JSON-serialisable data, versioned (`formatVersion`) so
 * stores can keep it and replays can rebuild it.
 *
 * Plan item instances live in fixed-size chunks indexed by instance number, so that an update
 * copies one small chunk rather than every instance of the case: the cost of a step follows what
 * it touches, not the size of the case.
 */
import type { CaseState as CaseLifecycleState, PlanItemState, PlanItemTransition, CaseTransition, CaseFileItemTransition } from '../lifecycle/index.js';
import type { Brand } from '../model/types.js';

/** The id of a case instance. */
export type CaseInstanceId = Brand<string, 'CaseInstanceId'>;
/** The id of a plan item instance (one plan item may have many: repetition, planning). */
export type PlanItemInstanceId = Brand<string, 'PlanItemInstanceId'>;

/** JSON values held by the case file. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Instances per chunk (a power of two). */
export const CHUNK_SIZE = 32;
/** log2(CHUNK_SIZE). */
export const CHUNK_BITS = 5;

/** One plan item instance. */
export interface PlanItemInstanceState {
  /** Instance number: creation order within the case, 0 = the case plan model. */
  readonly n: number;
  readonly id: PlanItemInstanceId;
  /** The compiled node (use of a plan item) this instance runs. */
  readonly node: number;
  readonly state: PlanItemState;
  /** The state before `parentSuspend`, restored by `parentResume`. */
  readonly before: PlanItemState | undefined;
  /** The enclosing stage instance's number (-1 for the case plan model). */
  readonly parent: number;
  /** Enclosing stage instance numbers from the case plan model down (length = depth). */
  readonly ancestors: readonly number[];
  /** Event sequence number at creation: the instance never sees older events. */
  readonly createdSeq: number;
  /** Required rule value, fixed at creation. */
  readonly required: boolean;
  /** 1-based index among the instances of the same node in the same stage instance (`repetitionCounter`). */
  readonly repetition: number;
  /** Occurred on-parts per criterion (bitmask), when any. */
  readonly memory: readonly number[] | undefined;
  /** Stage instances: children in creation order. */
  readonly children: readonly number[] | undefined;
  /** Stage instances: counts of children by what stage completion asks (kept up to date by every child transition). */
  readonly tally: StageTally | undefined;
  /** The exit criterion that terminated it, when it exited through one. */
  readonly exitCriterion: string | undefined;
  /** Case tasks: the child case. */
  readonly childCase: CaseInstanceId | undefined;
  /** Timer listeners: when the clock was started (ms), undefined while waiting for a start trigger. */
  readonly timerStartedAt: number | undefined;
  /** Timer listeners of a repeating interval: 1-based firing this instance stands for. */
  readonly firing: number;
  /**
   * Human tasks: who does the work, by when (docs/work.md). Set when the task first becomes Enabled
   * or Active; optional so that states stored before it existed stay readable (format 1).
   */
  readonly work?: HumanTaskWork;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A human task's work: assignment, candidates, due date, priority, delegation (docs/work.md). */
export interface HumanTaskWork {
  /** The user who holds the task (claimed, assigned, or delegated to); absent: nobody. */
  readonly assignee?: string;
  /** The user responsible for the task: set by `delegate` (the delegating assignee), who gets it back on `resolve`. */
  readonly owner?: string;
  /** Who may claim it: users and groups from the model's extension attributes and, from the case team, the holders of its performer role (all members when it names none). */
  readonly candidates: { readonly users: readonly string[]; readonly groups: readonly string[] };
  /** When it is due (ms), if the model says. */
  readonly dueAt?: number;
  /** Its priority: higher first (default 50). */
  readonly priority: number;
  /** `pending` while delegated (the assignee is the delegate), `resolved` once the delegate gave it back. */
  readonly delegation?: 'pending' | 'resolved';
  /** The user who completed it (four-eyes compares with it). */
  readonly completedBy?: string;
}

/** A change of a human task's work, as a command and in history. */
export type WorkChange = 'claim' | 'unclaim' | 'assign' | 'delegate' | 'resolve';

/** What stage completion needs to know about a stage's children, counted, so the check is O(1). */
export interface StageTally {
  /** Children in Active. */
  readonly active: number;
  /** Children in Failed. */
  readonly failed: number;
  /** Children not semi-terminal (not Completed, Terminated or Disabled). */
  readonly open: number;
  /** Required children not semi-terminal. */
  readonly requiredOpen: number;
}

/** A timer due at a time. */
export interface TimerState {
  readonly instance: number;
  readonly dueAt: number;
}

/** The state of one case instance. */
export interface CaseInstanceState {
  readonly formatVersion: 1;
  readonly id: CaseInstanceId;
  /** Which model and case it runs. */
  readonly definition: { readonly caseId: string; readonly modelKey: string; readonly modelVersion: number };
  readonly state: CaseLifecycleState;
  readonly before: CaseLifecycleState | undefined;
  readonly caseFile: { readonly [name: string]: JsonValue };
  readonly chunks: readonly (readonly PlanItemInstanceState[])[];
  readonly count: number;
  /** Instance id → number. */
  readonly numbers: { readonly [id: string]: number };
  /** Node → instance numbers, creation order. */
  readonly byNode: { readonly [node: number]: readonly number[] };
  /** Pending timers, in due order (ties: model order, then creation order). */
  readonly timers: readonly TimerState[];
  /** Event sequence: increases with every transition. */
  readonly seq: number;
  /** When the case is a child of a case task. */
  readonly parentCase: { readonly caseId: CaseInstanceId; readonly instance: PlanItemInstanceId } | undefined;
  /**
   * The case team: the owner and the members with their case roles (docs/authorization.md).
   * Optional so that states stored before it existed stay readable: absent = no owner, no members.
   */
  readonly team?: CaseTeam;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One member of a case team: a user, or a group of users (the host says which groups a user is in). */
export interface TeamMember {
  /** The user id, or the group id when `group` is true. */
  readonly id: string;
  readonly group?: true;
  /** The case roles assigned to the member, as given (role ids or names). */
  readonly roles: readonly string[];
}

/** The case team (CMMN 1.1 §5.2.3 case roles, assigned per case): who owns the case and who works on it in which roles. */
export interface CaseTeam {
  /** The user who owns the case (by default the user who started it). */
  readonly owner: string | undefined;
  readonly members: readonly TeamMember[];
}

/** Reads one instance by number. */
export function instanceAt(state: CaseInstanceState, n: number): PlanItemInstanceState {
  const instance = state.chunks[n >> CHUNK_BITS]?.[n & (CHUNK_SIZE - 1)];
  if (instance === undefined) throw new Error(`casekit: no plan item instance #${n}`);
  return instance;
}

/** The instance with this id (an own property of `numbers`: never a prototype name), or undefined. */
export function instanceById(state: CaseInstanceState, id: string): PlanItemInstanceState | undefined {
  const n = Object.hasOwn(state.numbers, id) ? state.numbers[id] : undefined;
  return n === undefined ? undefined : state.chunks[n >> CHUNK_BITS]?.[n & (CHUNK_SIZE - 1)];
}

/** Every instance, in creation order. */
export function* allInstances(state: CaseInstanceState): Generator<PlanItemInstanceState> {
  for (const chunk of state.chunks) yield* chunk;
}

/** The acting user of a command. */
export interface User {
  readonly id: string;
  /**
   * Role names or ids the host gives the user. They count only when the engine trusts them
   * (`authorization: { trustUserRoles: true }`); otherwise a user's roles are those the case team
   * assigns them.
   */
  readonly roles?: readonly string[];
  /** Groups the user belongs to (the host's directory): a group on a case team lends its roles to its users. */
  readonly groups?: readonly string[];
}

/** A change of the case team. */
export type TeamChange = 'addMember' | 'removeMember' | 'setMemberRoles';

/** One applied transition: the unit of history and of the event subscription. */
export interface TransitionRecord {
  readonly seq: number;
  readonly at: number;
  readonly caseId: CaseInstanceId;
  /** Undefined for case-level, case-file and case-team transitions. */
  readonly instanceId: PlanItemInstanceId | undefined;
  /** The plan item (or discretionary item) id; the case file item name for case file transitions; the member (`group:` before a group's id) for case-team transitions. */
  readonly itemId: string | undefined;
  readonly itemName: string | undefined;
  readonly scope: 'case' | 'planItem' | 'caseFile' | 'team' | 'work';
  /**
   * The lifecycle transition; `linkChildCase` records the child case a case task started;
   * `addMember`, `removeMember` and `setMemberRoles` record a change of the case team; `claim`,
   * `unclaim`, `assign`, `delegate` and `resolve` a change of a human task's assignee (scope `work`),
   * `candidates` a change of its candidates after a team change (from and to as JSON).
   */
  readonly transition: PlanItemTransition | CaseTransition | CaseFileItemTransition | 'linkChildCase' | TeamChange | WorkChange | 'candidates';
  /** The state before (case-team records: the member's roles as JSON, null when not a member; work records: the assignee, null when none). */
  readonly from: string | null;
  /** The state after (case-team records: the member's roles as JSON, `removed` after a removal; work records: the assignee, `unassigned` when none). */
  readonly to: string;
  readonly user: string | undefined;
  /** The command that caused it. */
  readonly command: string;
  /** A `fault` caused by a failed effect (a task handler, a decision): its error and the attempts made. */
  readonly error?: { readonly message: string; readonly code?: string; readonly attempts: number };
}
