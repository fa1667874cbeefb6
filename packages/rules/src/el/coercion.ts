/**
 * EL type coercion and operator semantics (EL 2.2 §1.7–1.9, §1.18), as JUEL implements them, on
 * JSON values: numbers are JavaScript numbers, so JUEL's Long/Double distinction only shows where
 * it changes a result (`%` by zero).
 */
import { isPlainObject } from '../context.js';
import { ExpressionFailure } from '../errors.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** EL coercion to Number: null and '' → 0, numeric strings parse, anything else fails. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (DECIMAL.test(text)) return Number(text);
  }
  throw new ExpressionFailure(`cannot coerce ${describeValue(value)} to a number`);
}

/** EL coercion to Boolean: null and '' → false, strings are true when 'true' in any case. */
export function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new ExpressionFailure(`cannot coerce ${describeValue(value)} to a boolean`);
}

/** EL coercion to String: null → '', lists and objects as JSON, dates as ISO-8601. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value) || isPlainObject(value)) {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      throw new ExpressionFailure(`cannot coerce ${describeValue(value)} to a string`);
    }
  }
  throw new ExpressionFailure(`cannot coerce ${describeValue(value)} to a string`);
}

/** Whether an operand keeps JUEL's integer (Long) arithmetic: integers and strings without `.eE`. */
function isIntegral(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value === 'string') return !/[.eE]/.test(value);
  return value === null || value === undefined;
}

/** `+ - * / %` (and `div`, `mod`): numeric only, `+` never concatenates. */
export function arithmetic(operator: '+' | '-' | '*' | '/' | '%', left: unknown, right: unknown): number {
  if ((left === null || left === undefined) && (right === null || right === undefined)) return 0;
  const a = toNumber(left);
  const b = toNumber(right);
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      if (b === 0 && isIntegral(left) && isIntegral(right)) throw new ExpressionFailure('division by zero');
      return a % b;
  }
}

/** Unary minus: null → 0, strings parse, booleans and objects fail. */
export function negate(value: unknown): number {
  return value === null || value === undefined ? 0 : -toNumber(value);
}

/** `empty`: null, '', an empty list or an object without keys. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** `==`: EL equality with coercion (numbers, then booleans, then strings), deep for lists and objects. */
export function looseEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || left === undefined || right === null || right === undefined) return false;
  if (typeof left === 'number' || typeof right === 'number') return toNumber(left) === toNumber(right);
  if (typeof left === 'boolean' || typeof right === 'boolean') return toBoolean(left) === toBoolean(right);
  if (typeof left === 'string' || typeof right === 'string') {
    // Both strings were settled by ===; a string equals a date's ISO text, and nothing else.
    if (left instanceof Date) return toText(left) === right;
    if (right instanceof Date) return left === toText(right);
    return false;
  }
  return deepEquals(left, right);
}

/** Structural equality of JSON values (numbers by value; dates by time). */
export function deepEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!deepEquals(left[i] ?? null, right[i] ?? null)) return false;
    return true;
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(right, key) || !deepEquals(left[key] ?? null, right[key] ?? null)) return false;
    }
    return true;
  }
  return false;
}

/** `< <= > >=`: numbers (with numeric strings), strings, booleans and dates; null compares false. */
export function compare(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const bothNull = (left === null || left === undefined) && (right === null || right === undefined);
  if (left === right || bothNull) return operator === '<=' || operator === '>=';
  if (left === null || left === undefined || right === null || right === undefined) return false;
  let a: number | string;
  let b: number | string;
  if (typeof left === 'number' || typeof right === 'number') {
    a = toNumber(left);
    b = toNumber(right);
  } else if (typeof left === 'string' && typeof right === 'string') {
    a = left;
    b = right;
  } else if (typeof left === 'boolean' && typeof right === 'boolean') {
    a = Number(left);
    b = Number(right);
  } else if (left instanceof Date && right instanceof Date) {
    a = left.getTime();
    b = right.getTime();
  } else {
    throw new ExpressionFailure(`cannot compare ${describeValue(left)} with ${describeValue(right)}`);
  }
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}
