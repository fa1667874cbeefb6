/**
 * The JSON Logic operations casekit accepts, and casekit's own implementation of the standard
 * ones, with json-logic-js's semantics for each (JavaScript's `==`, `<`, `+`, … on the values a
 * rule computes).
 *
 * json-logic-js keeps one process-wide operations table that any code in the process can change
 * (`add_operation('==', …)`), so casekit neither reads nor writes it: the table below is a frozen
 * null-prototype object private to this module. Every operation spends budget in proportion to the
 * values it walks or builds, and refuses to build a list or string over the limits. Data access
 * (`var`, `missing`, `missing_some`), control flow and the host's custom operations are evaluated
 * by the rule compiler.
 */
import type { Budget } from '../budget.js';
import { isPlainObject } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { CASE_OPERATIONS } from './case-operations.js';

/** One standard operation: already-evaluated arguments → value. */
type StandardOperation = (args: readonly unknown[], budget: Budget) => unknown;

/**
 * A value as JavaScript's ToPrimitive gives it, for a value of a case file: lists as their elements
 * joined by commas (recursively), plain objects as "[object Object]", dates as text or (`hint`
 * number) their time. The string is built under the budget, so a list that shares itself many
 * times over cannot explode.
 */
function primitive(value: unknown, budget: Budget, hint: 'default' | 'number' = 'default'): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return hint === 'number' ? value.getTime() : String(value);
  return textOf(value, budget);
}

/** JavaScript's String(value) for case-file values, bounded by the budget. */
export function textOf(value: unknown, budget: Budget): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return String(value);
  if (!Array.isArray(value)) return isPlainObject(value) ? '[object Object]' : Object.prototype.toString.call(value);
  const parts: string[] = [];
  let length = 0;
  const visit = (list: readonly unknown[], depth: number): void => {
    if (depth > 64) throw new ExpressionFailure('a list nested too deeply to be read as text');
    budget.step(list.length);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) {
        parts.push(',');
        length += 1;
      }
      const element = list[i];
      if (Array.isArray(element)) visit(element, depth + 1);
      else if (element !== null && element !== undefined) {
        const text = typeof element === 'object' ? textOf(element, budget) : String(element);
        parts.push(text);
        length += text.length;
      }
      if (length > budget.limits.maxStringLength) budget.text(length, 'a list read as text');
    }
  };
  visit(value, 0);
  return parts.join('');
}

/** JavaScript's Number(value) for case-file values, bounded by the budget. */
export function numberOf(value: unknown, budget: Budget): number {
  return Number(primitive(value, budget, 'number'));
}

/** JavaScript's parseFloat(value) for case-file values (json-logic-js's `+` and `*`). */
function floatOf(value: unknown, budget: Budget): number {
  return Number.parseFloat(String(primitive(value, budget)));
}

/** JavaScript's loose equality `a == b` for case-file values. */
function looseEquals(a: unknown, b: unknown, budget: Budget): boolean {
  const aObject = a !== null && typeof a === 'object';
  const bObject = b !== null && typeof b === 'object';
  if (aObject && bObject) return a === b;
  // eslint-disable-next-line eqeqeq
  return (aObject ? primitive(a, budget) : a) == (bObject ? primitive(b, budget) : b);
}

/** JavaScript's relational comparison for case-file values. */
function less(a: unknown, b: unknown, budget: Budget, orEqual: boolean): boolean {
  const x = primitive(a, budget, 'number') as number;
  const y = primitive(b, budget, 'number') as number;
  return orEqual ? x <= y : x < y;
}

/** JSON Logic truthiness (an empty array is false), as json-logic-js defines it. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return Boolean(value);
}

const table = Object.create(null) as Record<string, StandardOperation>;
Object.assign(table, {
  '==': ([a, b], budget) => looseEquals(a, b, budget),
  '===': ([a, b]) => a === b,
  '!=': ([a, b], budget) => !looseEquals(a, b, budget),
  '!==': ([a, b]) => a !== b,
  '>': ([a, b], budget) => less(b, a, budget, false),
  '>=': ([a, b], budget) => less(b, a, budget, true),
  '<': ([a, b, c], budget) => (c === undefined ? less(a, b, budget, false) : less(a, b, budget, false) && less(b, c, budget, false)),
  '<=': ([a, b, c], budget) => (c === undefined ? less(a, b, budget, true) : less(a, b, budget, true) && less(b, c, budget, true)),
  '!!': ([a]) => truthy(a),
  '!': ([a]) => !truthy(a),
  '%': ([a, b], budget) => numberOf(a, budget) % numberOf(b, budget),
  in: ([a, b], budget) => {
    // As json-logic-js: a falsy container ('' included) holds nothing.
    if (b === '') return false;
    if (typeof b === 'string') {
      budget.step(1 + (b.length >>> 6));
      return b.includes(typeof a === 'string' ? a : textOf(a, budget));
    }
    if (!Array.isArray(b)) return false;
    budget.step(b.length);
    return b.includes(a);
  },
  cat: (args, budget) => {
    let length = 0;
    const parts = args.map((arg) => {
      const text = arg === null || arg === undefined ? '' : typeof arg === 'string' ? arg : textOf(arg, budget);
      length += text.length;
      return text;
    });
    budget.text(length, 'the result of "cat"');
    return parts.join('');
  },
  substr: ([source, start, end], budget) => {
    const text = typeof source === 'string' ? source : textOf(source, budget);
    const from = numberOf(start, budget);
    if (end !== undefined && numberOf(end, budget) < 0) {
      const rest = text.substr(from);
      // json-logic-js adds `end` to the length with JavaScript's `+`: a string end is concatenated.
      const tail = primitive(end, budget);
      return rest.substr(0, typeof tail === 'string' ? Number(`${rest.length}${tail}`) : rest.length + Number(tail));
    }
    return end === undefined ? text.substr(from) : text.substr(from, numberOf(end, budget));
  },
  '+': (args, budget) => args.reduce<number>((sum, arg) => sum + floatOf(arg, budget), 0),
  // As json-logic-js: no initial value, so one argument is returned as it is and none is a TypeError.
  '*': (args, budget) => args.reduce((product, arg) => floatOf(product, budget) * floatOf(arg, budget)),
  '-': ([a, b], budget) => (b === undefined ? -numberOf(a, budget) : numberOf(a, budget) - numberOf(b, budget)),
  '/': ([a, b], budget) => numberOf(a, budget) / numberOf(b, budget),
  min: (args, budget) => Math.min(...args.map((arg) => numberOf(arg, budget))),
  max: (args, budget) => Math.max(...args.map((arg) => numberOf(arg, budget))),
  merge: (args, budget) => {
    let length = 0;
    for (const arg of args) length += Array.isArray(arg) ? arg.length : 1;
    budget.collection(length, 'the result of "merge"');
    const result: unknown[] = [];
    for (const arg of args) {
      if (Array.isArray(arg)) for (const element of arg) result.push(element);
      else result.push(arg);
    }
    return result;
  },
} satisfies Record<string, StandardOperation>);
const STANDARD: Readonly<Record<string, StandardOperation>> = Object.freeze(table);

/** The pure standard operations (`log` is left out: it writes to the console). */
export const STANDARD_OPERATIONS: readonly string[] = Object.freeze(Object.keys(STANDARD));

/** Operations with data access or control flow, evaluated by casekit with json-logic-js's semantics. */
export const CONTROL_OPERATIONS: readonly string[] = [
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
];

/** Every built-in operation name: a custom operation may not reuse one. */
export const BUILT_IN_OPERATIONS: ReadonlySet<string> = new Set([...STANDARD_OPERATIONS, ...CONTROL_OPERATIONS, ...CASE_OPERATIONS]);

/** The standard operations of casekit's table. */
export const STANDARD_OPERATION_SET: ReadonlySet<string> = new Set(STANDARD_OPERATIONS);

/** The standard operation `operator` (one of {@link STANDARD_OPERATIONS}). */
export function standardOperation(operator: string): StandardOperation {
  const operation = STANDARD[operator];
  if (operation === undefined) throw new ExpressionFailure(`unknown operation ${JSON.stringify(operator)}`);
  return operation;
}
