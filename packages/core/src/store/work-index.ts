/**
 * The index of open human tasks every store keeps on save (docs/work.md, docs/storage.md): which
 * rows a save puts and removes (from the instances its transitions touch, so a save costs what it
 * changed), the work-list filter parsed and checked once for every store, the sort order and the
 * cursor. The memory store evaluates the parsed filter with {@link matchesTask}; the SQL stores
 * translate it.
 */
import type { CaseInstanceState, TransitionRecord } from '../engine/state.js';
import { instanceById } from '../engine/state.js';
import { PLAN_ITEM_STATES, type PlanItemState } from '../lifecycle/index.js';
import type { Principal, TaskQuery, WorkItem } from './case-store.js';
import { InvalidQueryError } from './errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, parseCaseQuery, type ParsedCaseFileCondition } from './query.js';
import { checkCaseId, compareText, unstorableReason } from './validate.js';

/** The states in which a human task is on work lists. */
export const WORK_STATES: readonly PlanItemState[] = ['Enabled', 'Active', 'Suspended', 'Failed'];

/** The sort key of a task without a due date: after every date (the largest time a `Date` holds). */
export const NO_DUE_DATE = 8_640_000_000_000_000;

/** What a save changes in a case's task index: rows to put (insert or replace) and instance ids to remove. */
export interface WorkIndexChange {
  readonly put: readonly WorkItem[];
  readonly remove: readonly string[];
}

/**
 * The task index rows a save changes: for every plan item instance its transitions touch (its own
 * transitions and its work changes), the instance's row when it is an open human task, else its removal.
 *
 * @example
 * const { put, remove } = workIndexChanges(state, transitions);
 */
export function workIndexChanges(state: CaseInstanceState, transitions: readonly TransitionRecord[]): WorkIndexChange {
  const touched = new Map<string, TransitionRecord>();
  for (const record of transitions) {
    if ((record.scope === 'planItem' || record.scope === 'work') && record.instanceId !== undefined) touched.set(record.instanceId, record);
  }
  const put: WorkItem[] = [];
  const remove: string[] = [];
  for (const [instanceId, record] of touched) {
    const instance = instanceById(state, instanceId);
    const work = instance?.work;
    if (instance === undefined || work === undefined || !WORK_STATES.includes(instance.state) || state.state === 'Closed') {
      remove.push(instanceId);
      continue;
    }
    put.push({
      caseId: state.id,
      instanceId,
      itemId: record.itemId ?? '',
      itemName: record.itemName ?? record.itemId ?? '',
      caseDefinitionId: state.definition.caseId,
      modelKey: state.definition.modelKey,
      state: instance.state,
      ...(work.assignee === undefined ? {} : { assignee: work.assignee }),
      ...(work.owner === undefined ? {} : { owner: work.owner }),
      ...(work.delegation === undefined ? {} : { delegation: work.delegation }),
      candidates: { users: [...work.candidates.users], groups: [...work.candidates.groups] },
      ...(state.team?.owner === undefined ? {} : { caseOwner: state.team.owner }),
      ...(work.dueAt === undefined ? {} : { dueAt: work.dueAt }),
      priority: work.priority,
      createdAt: instance.createdAt,
    });
  }
  return { put, remove };
}

/** A checked {@link TaskQuery}. */
export interface ParsedTaskQuery {
  /** null: unassigned. */
  readonly assignee?: string | null;
  readonly candidate?: { readonly user: string; readonly groups: readonly string[] };
  readonly visibleTo?: { readonly user: string; readonly groups: readonly string[] };
  readonly states: readonly PlanItemState[];
  readonly dueBefore?: number;
  readonly dueAfter?: number;
  readonly priority: { readonly gt?: number; readonly gte?: number; readonly lt?: number; readonly lte?: number };
  readonly caseDefinitionId?: string;
  readonly modelKey?: string;
  readonly caseId?: string;
  readonly itemId?: string;
  readonly caseFile: readonly ParsedCaseFileCondition[];
  readonly limit: number;
  /** The sort key of the last row of the previous page. */
  readonly after?: { readonly dueKey: number; readonly priority: number; readonly caseId: string; readonly instanceId: string };
}

const KEYS = new Set(['assignee', 'candidate', 'visibleTo', 'state', 'dueBefore', 'dueAfter', 'priority', 'caseDefinitionId', 'modelKey', 'caseId', 'itemId', 'caseFile', 'limit', 'after']);

function fail(field: string, reason: string): never {
  throw new InvalidQueryError(field, reason);
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') fail(field, 'expected a non-empty string');
  const reason = unstorableReason(value);
  if (reason !== undefined) fail(field, `holds ${reason === 'NUL' ? 'U+0000' : 'a lone surrogate'}`);
  return value;
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'expected a finite number (ms)');
  return value;
}

function principal(value: unknown, field: string): { user: string; groups: string[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'expected { user, groups? }');
  const p = value as Principal;
  for (const key of Object.keys(p)) if (key !== 'user' && key !== 'groups') fail(`${field}.${key}`, 'unknown key (expected user, groups)');
  const groups = p.groups ?? [];
  if (!Array.isArray(groups)) fail(`${field}.groups`, 'expected an array of group ids');
  return { user: name(p.user, `${field}.user`), groups: groups.map((g, i) => name(g, `${field}.groups[${i}]`)) };
}

/**
 * Checks a work-list filter; an unknown key, a bad state, a non-finite time or a cursor of another
 * query is an `InvalidQueryError`.
 *
 * @example
 * parseTaskQuery({ assignee: 'alice', state: 'Active' }).states; // ['Active']
 */
export function parseTaskQuery(filter: TaskQuery | undefined): ParsedTaskQuery {
  const f = (filter ?? {}) as Record<string, unknown>;
  if (filter !== undefined && (filter === null || typeof filter !== 'object' || Array.isArray(filter))) fail('tasks', 'a filter is an object');
  for (const key of Object.keys(f)) if (!KEYS.has(key)) fail(key, `unknown filter (expected one of ${[...KEYS].join(', ')})`);
  const list = f.state === undefined ? WORK_STATES : Array.isArray(f.state) ? (f.state as unknown[]) : [f.state];
  list.forEach((s, i) => {
    if (typeof s !== 'string' || !(PLAN_ITEM_STATES as readonly string[]).includes(s)) fail(Array.isArray(f.state) ? `state[${i}]` : 'state', `expected one of ${WORK_STATES.join(', ')}`);
  });
  let priority: ParsedTaskQuery['priority'] = {};
  if (typeof f.priority === 'number') priority = { gte: finite(f.priority, 'priority'), lte: f.priority };
  else if (f.priority !== undefined) {
    if (f.priority === null || typeof f.priority !== 'object') fail('priority', 'expected a number or { gt, gte, lt, lte }');
    const range: Record<string, number> = {};
    for (const [op, v] of Object.entries(f.priority)) {
      if (!['gt', 'gte', 'lt', 'lte'].includes(op)) fail(`priority.${op}`, 'unknown operator (expected gt, gte, lt, lte)');
      range[op] = finite(v, `priority.${op}`);
    }
    priority = range;
  }
  const limit = f.limit === undefined ? DEFAULT_PAGE_SIZE : f.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) fail('limit', `expected an integer from 0 to ${MAX_PAGE_SIZE}`);
  let after: ParsedTaskQuery['after'];
  if (f.after !== undefined) {
    const v = decodeCursor(f.after, 't', 4);
    if (!(typeof v[0] === 'number' && typeof v[1] === 'number' && typeof v[2] === 'string' && typeof v[3] === 'string')) fail('after', 'not a task cursor');
    after = { dueKey: v[0], priority: v[1], caseId: v[2], instanceId: v[3] };
  }
  let caseId: string | undefined;
  if (f.caseId !== undefined) {
    try {
      caseId = checkCaseId(f.caseId);
    } catch (error) {
      fail('caseId', (error as Error).message);
    }
  }
  const assignee = f.assignee === undefined ? undefined : f.assignee === null ? null : name(f.assignee, 'assignee');
  return {
    ...(assignee === undefined ? {} : { assignee }),
    ...(f.candidate === undefined ? {} : { candidate: principal(f.candidate, 'candidate') }),
    ...(f.visibleTo === undefined ? {} : { visibleTo: principal(f.visibleTo, 'visibleTo') }),
    states: list as PlanItemState[],
    ...(f.dueBefore === undefined ? {} : { dueBefore: finite(f.dueBefore, 'dueBefore') }),
    ...(f.dueAfter === undefined ? {} : { dueAfter: finite(f.dueAfter, 'dueAfter') }),
    priority,
    ...(f.caseDefinitionId === undefined ? {} : { caseDefinitionId: name(f.caseDefinitionId, 'caseDefinitionId') }),
    ...(f.modelKey === undefined ? {} : { modelKey: name(f.modelKey, 'modelKey') }),
    ...(caseId === undefined ? {} : { caseId }),
    ...(f.itemId === undefined ? {} : { itemId: name(f.itemId, 'itemId') }),
    caseFile: f.caseFile === undefined ? [] : parseCaseQuery({ caseFile: f.caseFile as TaskQuery['caseFile'] }, undefined).caseFile,
    limit,
    ...(after === undefined ? {} : { after }),
  };
}

/** The due date's sort key: the date, or {@link NO_DUE_DATE}. */
export function dueKeyOf(item: Pick<WorkItem, 'dueAt'>): number {
  return item.dueAt ?? NO_DUE_DATE;
}

/** The order of work lists: due date (none last), priority (highest first), case id, instance id (code point order). */
export function compareTasks(a: WorkItem, b: WorkItem): number {
  return dueKeyOf(a) - dueKeyOf(b) || b.priority - a.priority || compareText(a.caseId, b.caseId) || compareText(a.instanceId, b.instanceId);
}

/** The cursor naming `item` as the last row of a page. */
export function taskCursor(item: WorkItem): string {
  return encodeCursor('t', [dueKeyOf(item), item.priority, item.caseId, item.instanceId]);
}

function principalMatches(p: { readonly user: string; readonly groups: readonly string[] }, item: WorkItem, asCandidate: boolean): boolean {
  const candidate = item.candidates.users.includes(p.user) || p.groups.some((g) => item.candidates.groups.includes(g));
  if (asCandidate) return candidate;
  return candidate || item.assignee === p.user || item.owner === p.user || item.caseOwner === p.user;
}

/**
 * Whether a task row satisfies a parsed filter — every condition but the case file's, which the
 * store checks against the case.
 */
export function matchesTask(item: WorkItem, q: ParsedTaskQuery): boolean {
  if (!q.states.includes(item.state)) return false;
  if (q.assignee !== undefined && (item.assignee ?? null) !== q.assignee) return false;
  if (q.candidate !== undefined && (item.assignee !== undefined || !principalMatches(q.candidate, item, true))) return false;
  if (q.visibleTo !== undefined && !principalMatches(q.visibleTo, item, false)) return false;
  if (q.dueBefore !== undefined && !(item.dueAt !== undefined && item.dueAt < q.dueBefore)) return false;
  if (q.dueAfter !== undefined && !(item.dueAt !== undefined && item.dueAt >= q.dueAfter)) return false;
  const p = q.priority;
  if ((p.gt !== undefined && !(item.priority > p.gt)) || (p.gte !== undefined && !(item.priority >= p.gte))) return false;
  if ((p.lt !== undefined && !(item.priority < p.lt)) || (p.lte !== undefined && !(item.priority <= p.lte))) return false;
  if (q.caseDefinitionId !== undefined && item.caseDefinitionId !== q.caseDefinitionId) return false;
  if (q.modelKey !== undefined && item.modelKey !== q.modelKey) return false;
  if (q.caseId !== undefined && item.caseId !== q.caseId) return false;
  if (q.itemId !== undefined && item.itemId !== q.itemId) return false;
  if (q.after !== undefined) {
    const a = q.after;
    const c = dueKeyOf(item) - a.dueKey || a.priority - item.priority || compareText(item.caseId, a.caseId) || compareText(item.instanceId, a.instanceId);
    if (c <= 0) return false;
  }
  return true;
}

/**
 * The keys a SQL store indexes a task under, so that one array overlap answers a work list's
 * `candidate` (`c:u:<user>`, `c:g:<group>`) and `visibleTo` (`v:u:<user>`, `v:g:<group>`: the
 * candidates, the assignee, the task's owner, the case owner).
 *
 * @example
 * accessKeys(item); // ['c:g:claims', 'v:g:claims', 'v:u:alice', 'v:u:olga']
 */
export function accessKeys(item: WorkItem): string[] {
  const keys = new Set<string>();
  for (const user of item.candidates.users) keys.add(`c:u:${user}`).add(`v:u:${user}`);
  for (const group of item.candidates.groups) keys.add(`c:g:${group}`).add(`v:g:${group}`);
  for (const user of [item.assignee, item.owner, item.caseOwner]) if (user !== undefined) keys.add(`v:u:${user}`);
  return [...keys];
}

/** The keys a filter's `candidate` or `visibleTo` looks for (see {@link accessKeys}). */
export function principalKeys(kind: 'c' | 'v', p: { readonly user: string; readonly groups: readonly string[] }): string[] {
  return [`${kind}:u:${p.user}`, ...p.groups.map((g) => `${kind}:g:${g}`)];
}

/** One page of sorted rows, with the cursor of the next page when more may follow. */
export function taskPage(sorted: readonly WorkItem[], limit: number): { readonly items: readonly WorkItem[]; readonly next?: string } {
  if (sorted.length <= limit) return { items: sorted };
  const items = sorted.slice(0, limit);
  const last = items.at(-1);
  return last === undefined ? { items } : { items, next: taskCursor(last) };
}
