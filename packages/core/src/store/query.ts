/**
 * Query filters, parsed and checked once for every store: a store receives a
 * {@link ParsedCaseQuery} (or history / effect query) it can translate without further checks,
 * and every store refuses the same malformed filters with the same `InvalidQueryError`.
 * Cursors are opaque strings naming the last row of a page.
 */
import type { CaseInstanceId } from '../engine/state.js';
import { CASE_STATES, PLAN_ITEM_STATES, type CaseState, type PlanItemState } from '../lifecycle/index.js';
import type { CaseQuery, EffectQuery, EffectStatus, HistoryQuery, JsonScalar } from './case-store.js';
import { InvalidQueryError } from './errors.js';
import { checkCaseId, compareText, unstorableReason } from './validate.js';

/** The default page size of paginated queries. */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest page. */
export const MAX_PAGE_SIZE = 10_000;
/** The deepest case file path. */
export const MAX_PATH_DEPTH = 16;

/** One comparison on a case file value. */
export type ParsedOperator =
  | { readonly op: 'eq' | 'ne'; readonly value: JsonScalar }
  | { readonly op: 'lt' | 'lte' | 'gt' | 'gte'; readonly value: number | string }
  | { readonly op: 'in'; readonly values: readonly JsonScalar[] }
  | { readonly op: 'exists'; readonly value: boolean };

/** The conditions on one case file path. */
export interface ParsedCaseFileCondition {
  /** As written in the query (`'claim.policy'`). */
  readonly key: string;
  /** Member names from the case file root (`['claim', 'policy']`). */
  readonly path: readonly string[];
  readonly operators: readonly ParsedOperator[];
}

/** A checked {@link CaseQuery}. */
export interface ParsedCaseQuery {
  readonly caseDefinitionId?: string;
  readonly modelKey?: string;
  readonly states?: readonly CaseState[];
  readonly caseFile: readonly ParsedCaseFileCondition[];
  readonly planItems: readonly { readonly id: string; readonly states?: readonly PlanItemState[] }[];
  /** undefined: no limit (`query` only). */
  readonly limit: number | undefined;
  /** The last row of the previous page. */
  readonly after?: { readonly updatedAt: number; readonly id: string };
}

/** A checked {@link HistoryQuery}. */
export interface ParsedHistoryQuery {
  readonly caseId?: CaseInstanceId;
  readonly user?: string;
  readonly from?: number;
  readonly to?: number;
  readonly itemId?: string;
  readonly transition?: string;
  readonly limit: number;
  readonly after?: { readonly at: number; readonly caseId: string; readonly seq: number };
}

/** A checked {@link EffectQuery}. */
export interface ParsedEffectQuery {
  readonly caseId?: CaseInstanceId;
  readonly statuses?: readonly EffectStatus[];
  readonly limit: number;
  readonly after?: { readonly createdAt: number; readonly id: string };
}

const CASE_QUERY_KEYS = new Set(['caseDefinitionId', 'modelKey', 'state', 'caseFile', 'planItem', 'limit', 'after']);
const HISTORY_QUERY_KEYS = new Set(['caseId', 'user', 'from', 'to', 'itemId', 'transition', 'limit', 'after']);
const EFFECT_QUERY_KEYS = new Set(['caseId', 'status', 'limit', 'after']);
const OPERATORS = new Set(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'exists']);
const EFFECT_STATUSES: readonly EffectStatus[] = ['pending', 'done', 'failed'];

function fail(field: string, reason: string): never {
  throw new InvalidQueryError(field, reason);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkKeys(filter: unknown, allowed: ReadonlySet<string>, what: string): Record<string, unknown> {
  if (filter === undefined) return {};
  if (!isRecord(filter)) fail(what, 'a filter is an object');
  for (const key of Object.keys(filter)) {
    if (!allowed.has(key)) fail(key, `unknown filter (expected one of ${[...allowed].join(', ')})`);
  }
  return filter;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, `expected a string, got ${describe(value)}`);
  const reason = unstorableReason(value);
  if (reason !== undefined) fail(field, `holds ${reason === 'NUL' ? 'U+0000' : 'a lone surrogate'}`);
  return value;
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, `expected a finite number, got ${describe(value)}`);
  return value;
}

function limitOf(value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail('limit', `expected an integer ≥ 0, got ${describe(value)}`);
  if (fallback !== undefined && value > MAX_PAGE_SIZE) fail('limit', `at most ${MAX_PAGE_SIZE} per page`);
  return value;
}

function oneOrMany<T extends string>(value: unknown, allowed: readonly T[], field: string): readonly T[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  list.forEach((item, i) => {
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) {
      fail(Array.isArray(value) ? `${field}[${i}]` : field, `expected one of ${allowed.join(', ')}, got ${describe(item)}`);
    }
  });
  return list as T[];
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

/**
 * A case file path as member names: `'claim.policy'` → `['claim', 'policy']`. Throws
 * `InvalidQueryError` for an empty path or member, or a path deeper than {@link MAX_PATH_DEPTH}.
 *
 * @example
 * parseCaseFilePath('claim.policy'); // ['claim', 'policy']
 */
export function parseCaseFilePath(key: string, field = `caseFile[${JSON.stringify(key)}]`): readonly string[] {
  text(key, field);
  const path = key.split('.');
  if (path.some((segment) => segment.length === 0)) fail(field, 'a path is member names separated by dots, none empty');
  if (path.length > MAX_PATH_DEPTH) fail(field, `a path has at most ${MAX_PATH_DEPTH} members`);
  return path;
}

function scalar(value: unknown, field: string): JsonScalar {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return finite(value, field);
  if (typeof value === 'string') return text(value, field);
  return fail(field, `expected a string, number, boolean or null, got ${describe(value)}`);
}

function conditionOf(key: string, condition: unknown): ParsedCaseFileCondition {
  const field = `caseFile[${JSON.stringify(key)}]`;
  const path = parseCaseFilePath(key, field);
  if (!isRecord(condition)) return { key, path, operators: [{ op: 'eq', value: scalar(condition, field) }] };
  const entries = Object.entries(condition);
  if (entries.length === 0) fail(field, 'no operator (eq, ne, lt, lte, gt, gte, in, exists)');
  const operators: ParsedOperator[] = [];
  for (const [op, operand] of entries) {
    const at = `${field}.${op}`;
    if (!OPERATORS.has(op)) fail(at, 'unknown operator (expected eq, ne, lt, lte, gt, gte, in or exists)');
    if (op === 'eq' || op === 'ne') operators.push({ op, value: scalar(operand, at) });
    else if (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
      if (typeof operand === 'number') operators.push({ op, value: finite(operand, at) });
      else if (typeof operand === 'string') operators.push({ op, value: text(operand, at) });
      else fail(at, `expected a number or a string, got ${describe(operand)}`);
    } else if (op === 'in') {
      if (!Array.isArray(operand)) fail(at, `expected an array of scalars, got ${describe(operand)}`);
      operators.push({ op, values: operand.map((v: unknown, i: number) => scalar(v, `${at}[${i}]`)) });
    } else {
      if (typeof operand !== 'boolean') fail(at, `expected true or false, got ${describe(operand)}`);
      operators.push({ op: 'exists', value: operand });
    }
  }
  return { key, path, operators };
}

/**
 * Checks a case query. `defaultLimit` is the page size when none is given (undefined: no limit).
 *
 * @example
 * const parsed = parseCaseQuery({ caseFile: { 'claim.amount': { gte: 100 } } }, DEFAULT_PAGE_SIZE);
 */
export function parseCaseQuery(filter: CaseQuery | undefined, defaultLimit: number | undefined): ParsedCaseQuery {
  const f = checkKeys(filter, CASE_QUERY_KEYS, 'query');
  const caseFile: ParsedCaseFileCondition[] = [];
  if (f.caseFile !== undefined) {
    if (!isRecord(f.caseFile)) fail('caseFile', `expected an object of path → condition, got ${describe(f.caseFile)}`);
    for (const [key, condition] of Object.entries(f.caseFile)) caseFile.push(conditionOf(key, condition));
  }
  const planItems: { id: string; states?: readonly PlanItemState[] }[] = [];
  if (f.planItem !== undefined) {
    const list = Array.isArray(f.planItem) ? (f.planItem as unknown[]) : [f.planItem];
    list.forEach((item, i) => {
      const field = Array.isArray(f.planItem) ? `planItem[${i}]` : 'planItem';
      if (!isRecord(item)) fail(field, `expected { id, state? }, got ${describe(item)}`);
      for (const key of Object.keys(item)) if (key !== 'id' && key !== 'state') fail(`${field}.${key}`, 'unknown key (expected id, state)');
      const id = text(item.id, `${field}.id`);
      if (id.length === 0) fail(`${field}.id`, 'a plan item id is not empty');
      planItems.push(item.state === undefined ? { id } : { id, states: oneOrMany(item.state, PLAN_ITEM_STATES, `${field}.state`) });
    });
  }
  return {
    ...(f.caseDefinitionId === undefined ? {} : { caseDefinitionId: text(f.caseDefinitionId, 'caseDefinitionId') }),
    ...(f.modelKey === undefined ? {} : { modelKey: text(f.modelKey, 'modelKey') }),
    ...(f.state === undefined ? {} : { states: oneOrMany(f.state, CASE_STATES, 'state') }),
    caseFile,
    planItems,
    limit: limitOf(f.limit, defaultLimit),
    ...(f.after === undefined ? {} : { after: caseCursor(f.after) }),
  };
}

/**
 * Checks a history query.
 *
 * @example
 * const parsed = parseHistoryQuery({ user: 'ann', from: Date.parse('2026-01-01') });
 */
export function parseHistoryQuery(filter: HistoryQuery | undefined): ParsedHistoryQuery {
  const f = checkKeys(filter, HISTORY_QUERY_KEYS, 'historyQuery');
  const caseId = f.caseId === undefined ? undefined : caseIdField(f.caseId);
  const after = f.after === undefined ? undefined : decodeCursor(f.after, 'h', 3);
  if (after !== undefined && !(typeof after[0] === 'number' && typeof after[1] === 'string' && typeof after[2] === 'number')) fail('after', 'not a history cursor');
  return {
    ...(caseId === undefined ? {} : { caseId }),
    ...(f.user === undefined ? {} : { user: text(f.user, 'user') }),
    ...(f.from === undefined ? {} : { from: finite(f.from, 'from') }),
    ...(f.to === undefined ? {} : { to: finite(f.to, 'to') }),
    ...(f.itemId === undefined ? {} : { itemId: text(f.itemId, 'itemId') }),
    ...(f.transition === undefined ? {} : { transition: text(f.transition, 'transition') }),
    limit: limitOf(f.limit, DEFAULT_PAGE_SIZE)!,
    ...(after === undefined ? {} : { after: { at: after[0] as number, caseId: after[1] as string, seq: after[2] as number } }),
  };
}

/**
 * Checks an outbox query.
 *
 * @example
 * const parsed = parseEffectQuery({ status: ['pending', 'failed'] });
 */
export function parseEffectQuery(filter: EffectQuery | undefined): ParsedEffectQuery {
  const f = checkKeys(filter, EFFECT_QUERY_KEYS, 'effects');
  const caseId = f.caseId === undefined ? undefined : caseIdField(f.caseId);
  const after = f.after === undefined ? undefined : decodeCursor(f.after, 'e', 2);
  if (after !== undefined && !(typeof after[0] === 'number' && typeof after[1] === 'string')) fail('after', 'not an effects cursor');
  return {
    ...(caseId === undefined ? {} : { caseId }),
    ...(f.status === undefined ? {} : { statuses: oneOrMany(f.status, EFFECT_STATUSES, 'status') }),
    limit: limitOf(f.limit, DEFAULT_PAGE_SIZE)!,
    ...(after === undefined ? {} : { after: { createdAt: after[0] as number, id: after[1] as string } }),
  };
}

/** A case id filter: `InvalidQueryError` (field `caseId`) rather than `InvalidCaseIdError`. */
function caseIdField(value: unknown): CaseInstanceId {
  try {
    return checkCaseId(value);
  } catch (error) {
    return fail('caseId', (error as Error).message);
  }
}

function caseCursor(cursor: unknown): { updatedAt: number; id: string } {
  const values = decodeCursor(cursor, 'c', 2);
  if (!(typeof values[0] === 'number' && typeof values[1] === 'string')) fail('after', 'not a case cursor');
  return { updatedAt: values[0], id: values[1] };
}

/**
 * An opaque cursor: the kind of query (`c` cases, `h` history, `e` effects) and the sort key of
 * the last row of a page.
 *
 * @example
 * const next = encodeCursor('c', [row.updatedAt, row.id]);
 */
export function encodeCursor(kind: 'c' | 'h' | 'e' | 't', values: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(values));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `${kind}.${btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
}

/** The values of a cursor of `kind`; `InvalidQueryError` (field `after`) when it is not one. */
export function decodeCursor(cursor: unknown, kind: 'c' | 'h' | 'e' | 't', length: number): readonly (string | number)[] {
  if (typeof cursor !== 'string' || !cursor.startsWith(`${kind}.`)) fail('after', 'not a cursor of this query');
  let values: unknown;
  try {
    const binary = atob(cursor.slice(2).replaceAll('-', '+').replaceAll('_', '/'));
    values = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    fail('after', 'malformed cursor');
  }
  if (!Array.isArray(values) || values.length !== length || !values.every((v) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string')) {
    fail('after', 'malformed cursor');
  }
  return values as (string | number)[];
}

// ------------------------------------------------------------------------------------------------
// Evaluation in JavaScript (the memory store; the SQL stores translate the same parsed query)
// ------------------------------------------------------------------------------------------------

/** The value at a path of the case file (object members only), or undefined when missing. */
export function valueAt(caseFile: unknown, path: readonly string[]): unknown {
  let value = caseFile;
  for (const member of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, member)) return undefined;
    value = (value as Record<string, unknown>)[member];
  }
  return value;
}

function equalScalar(value: unknown, expected: JsonScalar): boolean {
  return value === expected;
}

function compare(value: unknown, op: 'lt' | 'lte' | 'gt' | 'gte', operand: number | string): boolean {
  let c: number;
  if (typeof operand === 'number') {
    if (typeof value !== 'number') return false;
    c = value - operand;
  } else {
    if (typeof value !== 'string') return false;
    c = compareText(value, operand);
  }
  return op === 'lt' ? c < 0 : op === 'lte' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
}

/** Whether a case file satisfies one parsed condition. */
export function matchesCaseFile(caseFile: unknown, condition: ParsedCaseFileCondition): boolean {
  const value = valueAt(caseFile, condition.path);
  return condition.operators.every((o) => {
    switch (o.op) {
      case 'exists':
        return (value !== undefined) === o.value;
      case 'eq':
        return equalScalar(value, o.value);
      case 'ne':
        return value !== undefined && !equalScalar(value, o.value);
      case 'in':
        return o.values.some((v) => equalScalar(value, v));
      default:
        return compare(value, o.op, o.value);
    }
  });
}

/** The order of case queries: most recently updated first, then by id (code point order). */
export function compareCaseOrder(a: { readonly updatedAt: number; readonly id: string }, b: { readonly updatedAt: number; readonly id: string }): number {
  return b.updatedAt - a.updatedAt || compareText(a.id, b.id);
}
