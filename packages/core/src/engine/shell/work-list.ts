/**
 * Work lists across cases (docs/work.md): the engine's `tasks` query, over the store's index of
 * open human tasks, narrowed to what the asking user may act on under the authorization policy.
 */
import { InvalidInputError } from '../../errors.js';
import type { CaseFileCondition, CaseQueries, Page, TaskQuery, WorkItem } from '../../store/case-store.js';
import type { PlanItemState } from '../../lifecycle/index.js';
import type { AuthorizationPolicy } from '../authorization-policy.js';
import type { User } from '../state.js';

/** A time as work lists take it: ms since the epoch, a `Date`, or an ISO date-time string. */
export type TimeInput = number | Date | string;

/**
 * The filter of {@link CaseEngine.tasks}.
 *
 * @example
 * const query: WorkListQuery = { candidate: { id: 'alice', groups: ['claims'] }, dueBefore: '2026-03-01', limit: 20 };
 */
export interface WorkListQuery {
  /** Tasks held by this user; null: unassigned tasks. */
  readonly assignee?: string | null;
  /** Unassigned tasks this user (or one of their groups) is a candidate for: what they may claim. */
  readonly candidate?: User;
  /** Default: every open state (Enabled, Active, Suspended, Failed). */
  readonly state?: PlanItemState | readonly PlanItemState[];
  readonly dueBefore?: TimeInput;
  readonly dueAfter?: TimeInput;
  readonly priority?: TaskQuery['priority'];
  /** The `<case>` id the tasks' cases run. */
  readonly caseDefinition?: string;
  readonly modelKey?: string;
  /** The tasks of one case. */
  readonly caseId?: string;
  /** The human task's plan item id. */
  readonly itemId?: string;
  /** Case file values of the tasks' cases (as in `store.queryPage`). */
  readonly caseFile?: Readonly<Record<string, CaseFileCondition>>;
  /** Page size (default 100). */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

function timeOf(value: TimeInput | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new InvalidInputError(field, 'expected a time: ms since the epoch, a Date or an ISO date-time');
  return ms;
}

/**
 * The work list: the store's open human tasks, filtered; with the policy on and a user (or a
 * candidate) given, only the tasks that user is a candidate for, holds, owns, or whose case they
 * own — all of them for a holder of a task-manager role the host vouches for (trusted roles).
 */
export function workList(store: CaseQueries, query: WorkListQuery, user: User | undefined, policy: AuthorizationPolicy): Promise<Page<WorkItem>> {
  const viewer = user ?? query.candidate;
  const manager = viewer !== undefined && policy.trustUserRoles && (viewer.roles ?? []).some((r) => policy.taskManagerRoles.includes(r));
  const filter: TaskQuery = {
    ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
    ...(query.candidate === undefined ? {} : { candidate: { user: query.candidate.id, groups: query.candidate.groups ?? [] } }),
    ...(policy.on && viewer !== undefined && !manager ? { visibleTo: { user: viewer.id, groups: viewer.groups ?? [] } } : {}),
    ...(query.state === undefined ? {} : { state: query.state }),
    ...(query.dueBefore === undefined ? {} : { dueBefore: timeOf(query.dueBefore, 'dueBefore') }),
    ...(query.dueAfter === undefined ? {} : { dueAfter: timeOf(query.dueAfter, 'dueAfter') }),
    ...(query.priority === undefined ? {} : { priority: query.priority }),
    ...(query.caseDefinition === undefined ? {} : { caseDefinitionId: query.caseDefinition }),
    ...(query.modelKey === undefined ? {} : { modelKey: query.modelKey }),
    ...(query.caseId === undefined ? {} : { caseId: query.caseId as TaskQuery['caseId'] }),
    ...(query.itemId === undefined ? {} : { itemId: query.itemId }),
    ...(query.caseFile === undefined ? {} : { caseFile: query.caseFile }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.after === undefined ? {} : { after: query.after }),
  };
  return store.tasks(filter);
}
