/**
 * What an expression is evaluated against, and the one way every evaluator reads from it: own
 * properties of plain objects and arrays only, never an inherited property.
 */
import type { EvaluationLimits } from './limits.js';

/**
 * A host function callable from EL as `name(…)` or `prefix:name(…)`: it receives the evaluated
 * arguments (plain data) and returns a value. It must be pure; it never sees the context.
 *
 * @example
 * const functions: Record<string, ExpressionFunction> = { 'math:max': (...xs) => Math.max(...(xs as number[])) };
 */
export type ExpressionFunction = (...args: unknown[]) => unknown;

/**
 * The data an expression is evaluated against: the case file (and host variables) by name, plus
 * what the engine knows about the plan item whose rule or sentry is being evaluated.
 *
 * @example
 * const context: ExpressionContext = { variables: { amount: 1200 }, repetitionCounter: 2, now: new Date() };
 */
export interface ExpressionContext {
  /** Case file items and host variables by name (one namespace, §9). Read through own properties only. */
  readonly variables: Readonly<Record<string, unknown>>;
  /**
   * Names local to the plan item (e.g. a Flowable `counterVariable`), consulted before
   * `repetitionCounter` and `variables`.
   */
  readonly locals?: Readonly<Record<string, unknown>>;
  /** Flowable's `repetitionCounter`: 1-based index of this instance among its repetitions. */
  readonly repetitionCounter?: number;
  /** Host functions for EL, by qualified name (`'max'` or `'math:max'`). Built-ins cannot be replaced. */
  readonly functions?: Readonly<Record<string, ExpressionFunction>>;
  /** The engine clock's current time: `fn:now()` in EL, `now()` and `today()` in FEEL, `today`/`now` in JSON Logic. */
  readonly now?: Date;
  /** Bounds of this evaluation, over {@link EXPRESSION_LIMITS} (steps, sizes, the FEEL wall-clock backstop). */
  readonly limits?: Partial<EvaluationLimits>;
}

/** Names that are never read from any value, even when they are own properties. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

const hasOwn = Object.hasOwn;

/** Whether `value` is a plain object: its prototype is `Object.prototype` or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `undefined` becomes null: expressions never see undefined. */
function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

/**
 * Reads a top-level name: `locals`, then `repetitionCounter`, then `variables`. Missing → null.
 */
export function resolveName(context: ExpressionContext, name: string): unknown {
  if (FORBIDDEN_NAMES.has(name)) return null;
  const locals = context.locals;
  if (locals !== undefined && locals !== null && hasOwn(locals, name)) return orNull(locals[name]);
  if (name === 'repetitionCounter' && typeof context.repetitionCounter === 'number') {
    return context.repetitionCounter;
  }
  return readVariable(context, name);
}

/** Reads a case variable (case scope only, as `caseInstance.getVariable`). Missing → null. */
export function readVariable(context: ExpressionContext, name: string): unknown {
  if (FORBIDDEN_NAMES.has(name)) return null;
  const variables = context.variables;
  if (variables === undefined || variables === null || !hasOwn(variables, name)) return null;
  return orNull(variables[name]);
}

/** Whether a case variable is present (even when its value is null). */
export function hasVariable(context: ExpressionContext, name: string): boolean {
  if (FORBIDDEN_NAMES.has(name)) return false;
  const variables = context.variables;
  return variables !== undefined && variables !== null && hasOwn(variables, name);
}

/** An array index from a property key: a non-negative integer number or digit string, else -1. */
function toArrayIndex(key: unknown): number {
  if (typeof key === 'number') {
    const index = Math.trunc(key);
    return Number.isFinite(index) && index >= 0 ? index : -1;
  }
  if (typeof key === 'string' && /^\d{1,15}$/.test(key)) return Number(key);
  return -1;
}

/**
 * Reads `key` of `target`: an element of an array (integer index in range) or an own property
 * of a plain object. Anything else (strings, numbers, class instances, inherited or forbidden
 * names, a missing key) → null.
 */
export function getMember(target: unknown, key: unknown): unknown {
  if (target === null || typeof target !== 'object' || key === null || key === undefined) return null;
  if (Array.isArray(target)) {
    const index = toArrayIndex(key);
    return index >= 0 && index < target.length ? orNull(target[index]) : null;
  }
  if (!isPlainObject(target)) return null;
  const name = typeof key === 'string' ? key : typeof key === 'number' || typeof key === 'boolean' ? String(key) : null;
  if (name === null || FORBIDDEN_NAMES.has(name) || !hasOwn(target, name)) return null;
  return orNull(target[name]);
}

/** Returned by {@link lookupMember} when there is no such value. */
export const MISSING: unique symbol = Symbol('missing');

/**
 * Like {@link getMember}, but reports absence as {@link MISSING} (JSON Logic's `var` default and
 * `missing` need the difference between a null value and no value), and reads an array's
 * `length` as JSON Logic does.
 */
export function lookupMember(target: unknown, key: string): unknown {
  if (target === null || typeof target !== 'object') return MISSING;
  if (Array.isArray(target)) {
    if (key === 'length') return target.length;
    const index = toArrayIndex(key);
    if (index < 0 || index >= target.length) return MISSING;
    const element: unknown = target[index];
    return element === undefined ? MISSING : element;
  }
  if (!isPlainObject(target) || FORBIDDEN_NAMES.has(key) || !hasOwn(target, key)) return MISSING;
  const value = target[key];
  return value === undefined ? MISSING : value;
}
