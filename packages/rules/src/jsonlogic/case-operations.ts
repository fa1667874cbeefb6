/**
 * Built-in JSON Logic operations for case work, beyond json-logic-js's standard set: dates (as the
 * ISO strings a case file holds), strings and lists. Every operation is pure, reads only its
 * evaluated arguments (and the engine clock for `today`, `now` and `age` without a date), returns
 * plain data, and answers null for a null argument. A wrong argument fails with a reason naming the
 * operation.
 */
import type { Budget } from '../budget.js';
import type { ExpressionContext } from '../context.js';
import { isPlainObject } from '../context.js';
import {
  addDuration,
  DAY_MS,
  formatInstant,
  fullYearsBetween,
  readDuration,
  readInstant,
  type Instant,
} from '../dates.js';
import { ExpressionFailure } from '../errors.js';

/** One case operation: evaluated arguments, the context (for the clock) and the budget → value. */
type CaseOperation = (args: readonly unknown[], context: ExpressionContext, budget: Budget) => unknown;

/** The clock: the context's `now` (the engine's virtual clock), else the system time. */
function clock(context: ExpressionContext): Instant {
  const now = context.now;
  return { ms: now instanceof Date && !Number.isNaN(now.getTime()) ? now.getTime() : Date.now(), dateOnly: false };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function instant(operation: string, value: unknown): Instant {
  const result = readInstant(value);
  if (result === undefined) throw new ExpressionFailure(`${operation}: ${describe(value)} is not an ISO date or date-time`);
  return result;
}

function text(operation: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ExpressionFailure(`${operation}: ${describe(value)} is not a string`);
}

function list(operation: string, value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new ExpressionFailure(`${operation}: ${describe(value)} is not a list`);
}

/** Whether any argument is null (the operation then answers null). */
function anyNull(args: readonly unknown[], count: number): boolean {
  for (let i = 0; i < count; i++) if (args[i] === null || args[i] === undefined) return true;
  return false;
}

/**
 * Structural equality of JSON values (lists and plain objects compared member by member); with a
 * budget, a step per member compared.
 */
export function jsonEquals(a: unknown, b: unknown, budget?: Budget, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 64 || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    budget?.step(a.length);
    return a.every((element, index) => jsonEquals(element, b[index], budget, depth + 1));
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  budget?.step(keys.length);
  return keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key], b[key], budget, depth + 1));
}

const OPERATIONS: Readonly<Record<string, CaseOperation>> = {
  // ---- dates ------------------------------------------------------------------------------
  today: (_args, context) => formatInstant({ ms: clock(context).ms, dateOnly: true }),
  now: (_args, context) => formatInstant(clock(context)),
  age: (args, context) => {
    if (args[0] === null || args[0] === undefined) return null;
    const at = args.length > 1 ? (args[1] === null ? null : instant('age', args[1])) : clock(context);
    return at === null ? null : fullYearsBetween(instant('age', args[0]), at);
  },
  days_between: (args) => {
    if (anyNull(args, 2)) return null;
    const from = instant('days_between', args[0]);
    const to = instant('days_between', args[1]);
    return Math.floor(to.ms / DAY_MS) - Math.floor(from.ms / DAY_MS);
  },
  add_duration: (args) => {
    if (anyNull(args, 2)) return null;
    const duration = readDuration(args[1]);
    if (duration === undefined) throw new ExpressionFailure(`add_duration: ${describe(args[1])} is not an ISO 8601 duration such as "P14D"`);
    return formatInstant(addDuration(instant('add_duration', args[0]), duration));
  },
  before: (args) => (anyNull(args, 2) ? null : instant('before', args[0]).ms < instant('before', args[1]).ms),
  after: (args) => (anyNull(args, 2) ? null : instant('after', args[0]).ms > instant('after', args[1]).ms),
  // ---- strings ----------------------------------------------------------------------------
  lower: (args) => (anyNull(args, 1) ? null : text('lower', args[0]).toLowerCase()),
  upper: (args) => (anyNull(args, 1) ? null : text('upper', args[0]).toUpperCase()),
  trim: (args) => (anyNull(args, 1) ? null : text('trim', args[0]).trim()),
  starts_with: (args) => (anyNull(args, 2) ? null : text('starts_with', args[0]).startsWith(text('starts_with', args[1]))),
  ends_with: (args) => (anyNull(args, 2) ? null : text('ends_with', args[0]).endsWith(text('ends_with', args[1]))),
  split: (args, _context, budget) => {
    if (anyNull(args, 2)) return null;
    const separator = text('split', args[1]);
    if (separator === '') throw new ExpressionFailure('split: the separator is empty');
    const parts = text('split', args[0]).split(separator, budget.limits.maxCollectionLength + 1);
    budget.collection(parts.length, 'the result of "split"');
    return parts;
  },
  // ---- strings and lists ------------------------------------------------------------------
  length: (args) => {
    const value = args[0];
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    throw new ExpressionFailure(`length: ${describe(value)} is neither a string nor a list`);
  },
  contains: (args, _context, budget) => {
    if (anyNull(args, 1)) return null;
    const [container, element] = args;
    if (Array.isArray(container)) {
      budget.step(container.length);
      return container.some((item) => jsonEquals(item, element ?? null, budget));
    }
    if (element === null || element === undefined) return null;
    return text('contains', container).includes(text('contains', element));
  },
  // ---- lists ------------------------------------------------------------------------------
  join: (args, _context, budget) => {
    if (anyNull(args, 1)) return null;
    const separator = args.length > 1 && args[1] !== null ? text('join', args[1]) : '';
    const items = list('join', args[0]).map((item) => (item === null || item === undefined ? '' : text('join', item)));
    const length = items.reduce((total, item) => total + item.length, Math.max(0, items.length - 1) * separator.length);
    budget.text(length, 'the result of "join"');
    return items.join(separator);
  },
  sum: (args, _context, budget) => {
    if (anyNull(args, 1)) return null;
    budget.step(list('sum', args[0]).length);
    let total = 0;
    for (const item of list('sum', args[0])) {
      if (item === null) continue;
      if (typeof item !== 'number') throw new ExpressionFailure(`sum: ${describe(item)} is not a number`);
      total += item;
    }
    return total;
  },
  distinct: (args, _context, budget) => {
    if (anyNull(args, 1)) return null;
    const result: unknown[] = [];
    for (const item of list('distinct', args[0])) {
      budget.step(1 + result.length);
      if (!result.some((seen) => jsonEquals(seen, item, budget))) result.push(item);
    }
    return result;
  },
  first: (args) => (anyNull(args, 1) ? null : (list('first', args[0])[0] ?? null)),
  last: (args) => {
    if (anyNull(args, 1)) return null;
    const items = list('last', args[0]);
    return items.length === 0 ? null : (items[items.length - 1] ?? null);
  },
};

/** The arity of each case operation: [min, max] arguments. */
const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  today: [0, 0],
  now: [0, 0],
  age: [1, 2],
  days_between: [2, 2],
  add_duration: [2, 2],
  before: [2, 2],
  after: [2, 2],
  lower: [1, 1],
  upper: [1, 1],
  trim: [1, 1],
  starts_with: [2, 2],
  ends_with: [2, 2],
  split: [2, 2],
  length: [1, 1],
  contains: [2, 2],
  join: [1, 2],
  sum: [1, 1],
  distinct: [1, 1],
  first: [1, 1],
  last: [1, 1],
};

/** The names of the case operations: no custom operation may reuse one. */
export const CASE_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

/**
 * The case operation `name` for `arity` arguments; throws ExpressionFailure at compile time when
 * the number of arguments is wrong.
 */
export function caseOperation(name: string, arity: number): CaseOperation {
  const operation = OPERATIONS[name] as CaseOperation;
  const [min, max] = ARITY[name] as readonly [number, number];
  if (arity < min || arity > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new ExpressionFailure(`operation "${name}" takes ${expected} argument${max === 1 ? '' : 's'}, got ${arity}`);
  }
  return operation;
}
