/**
 * The input gate: everything that enters the engine from a caller or a handler — case file values,
 * task outputs, handler and decision results, users, case ids, refs, command names — is checked
 * here, once, before any state is touched. Values must be JSON (plain objects and arrays, finite
 * numbers, strings every store can keep), within bounded depth and size, and are copied on the way
 * in, so that a caller's later mutation cannot reach a stored case and every store holds the same.
 */
import { InvalidInputError } from '../errors.js';
import { unstorableReason } from '../store/validate.js';
import { checkCaseId } from '../store/validate.js';
import type { Values } from './commands.js';
import type { CaseInstanceId, JsonValue, User } from './state.js';

/** Bounds on the values that enter the engine. */
export interface InputLimits {
  /** Deepest nesting of objects and arrays in one value. Default 64. */
  readonly maxDepth?: number;
  /** Largest value, measured as the length of its JSON text (approximately). Default 1,000,000. */
  readonly maxSize?: number;
}

/** The default {@link InputLimits}. */
export const INPUT_LIMITS: Required<InputLimits> = Object.freeze({ maxDepth: 64, maxSize: 1_000_000 });

/** Names a case file item cannot have. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'non-plain'} object`;
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}

/** Checks and copies one JSON value; `path` names it in errors. */
function copyJson(value: unknown, path: string, depth: number, limits: Required<InputLimits>, budget: { size: number }, seen: Set<object>): JsonValue {
  if ((budget.size += 8) > limits.maxSize) throw new InvalidInputError(path, `the value is larger than ${limits.maxSize} (limits.maxSize)`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidInputError(path, `${describe(value)} is not a JSON number`);
    return value;
  }
  if (typeof value === 'string') {
    budget.size += value.length;
    if (budget.size > limits.maxSize) throw new InvalidInputError(path, `the value is larger than ${limits.maxSize} (limits.maxSize)`);
    const reason = unstorableReason(value);
    if (reason !== undefined) throw new InvalidInputError(path, `a string holding ${reason === 'NUL' ? 'U+0000' : 'a lone surrogate'} cannot be stored`);
    return value;
  }
  if (typeof value !== 'object') throw new InvalidInputError(path, `${describe(value)} is not JSON`);
  if (depth >= limits.maxDepth) throw new InvalidInputError(path, `nested deeper than ${limits.maxDepth} (limits.maxDepth)`);
  if (seen.has(value)) throw new InvalidInputError(path, 'the value refers to itself (a cycle)');
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) throw new InvalidInputError(path, `${describe(value)} is not JSON`);
      const out: JsonValue[] = [];
      for (let i = 0; i < value.length; i++) out.push(copyJson(readOwn(value, String(i), path), `${path}[${i}]`, depth + 1, limits, budget, seen));
      return out;
    }
    if (!isPlainObject(value)) throw new InvalidInputError(path, `${describe(value)} is not JSON (plain objects only)`);
    const out: Record<string, JsonValue> = {};
    for (const key of ownKeys(value, path)) {
      if (key === '__proto__') throw new InvalidInputError(`${path}.__proto__`, 'the key "__proto__" is refused');
      budget.size += key.length;
      out[key] = copyJson(readOwn(value, key, path), `${path}.${key}`, depth + 1, limits, budget, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function ownKeys(value: object, path: string): string[] {
  try {
    const keys = Reflect.ownKeys(value);
    if (keys.some((k) => typeof k === 'symbol')) throw new InvalidInputError(path, 'symbol keys are not JSON');
    return keys as string[];
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(path, `its keys cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads an own data property (never a getter: a value with accessors is not JSON). */
function readOwn(value: object, key: string, path: string): unknown {
  let descriptor: PropertyDescriptor | undefined;
  try {
    descriptor = Reflect.getOwnPropertyDescriptor(value, key);
  } catch (error) {
    throw new InvalidInputError(`${path}.${key}`, `it cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (descriptor === undefined) throw new InvalidInputError(`${path}[${key}]`, 'a hole in an array is not JSON');
  if (!('value' in descriptor)) throw new InvalidInputError(`${path}.${key}`, 'an accessor property is not JSON');
  return descriptor.value as unknown;
}

/**
 * Checks and copies a set of named values (case file items, task output): a plain object whose
 * keys are case file item names and whose values are JSON. Throws `InvalidInputError` naming the
 * path of the first bad value.
 *
 * @example
 * acceptValues({ claim: { amount: 1200 } }, 'caseFile'); // a deep copy
 */
export function acceptValues(values: unknown, what: string, limits: InputLimits = {}): Values {
  const bounds = { ...INPUT_LIMITS, ...limits };
  if (values === null || typeof values !== 'object' || Array.isArray(values) || !isPlainObject(values)) {
    throw new InvalidInputError(what, `expected an object of named values, got ${describe(values)}`);
  }
  for (const key of ownKeys(values, what)) {
    if (RESERVED_NAMES.has(key)) throw new InvalidInputError(`${what}.${key}`, `"${key}" is a reserved name and cannot be a case file item`);
    if (key === '') throw new InvalidInputError(what, 'a case file item needs a name');
  }
  return copyJson(values, what, 0, bounds, { size: 0 }, new Set()) as Values;
}

/** Checks a user object: `{ id: non-empty string, roles?: string[], groups?: string[] }`; undefined stays undefined. Returns a copy. */
export function acceptUser(user: unknown): User | undefined {
  if (user === undefined) return undefined;
  if (user === null || typeof user !== 'object' || Array.isArray(user)) throw new InvalidInputError('user', `expected { id, roles? }, got ${describe(user)}`);
  const { id, roles, groups } = user as { id?: unknown; roles?: unknown; groups?: unknown };
  if (typeof id !== 'string' || id === '' || id.length > 255 || unstorableReason(id) !== undefined) {
    throw new InvalidInputError('user.id', 'a user id is a non-empty, storable string of at most 255 characters');
  }
  if (roles !== undefined && (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))) throw new InvalidInputError('user.roles', 'roles are an array of strings');
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string'))) throw new InvalidInputError('user.groups', 'groups are an array of strings');
  return {
    id,
    ...(roles === undefined ? {} : { roles: [...(roles as string[])] }),
    ...(groups === undefined ? {} : { groups: [...(groups as string[])] }),
  };
}

/** Checks a case id argument (`InvalidCaseIdError` for '', 42, {} …). */
export function acceptCaseId(caseId: unknown): CaseInstanceId {
  return checkCaseId(caseId);
}

/** Checks a ref or name argument: a non-empty string. */
export function acceptName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(what, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

/** Checks a ref: a non-empty string, or a builder handle (its `id`). */
export function acceptRef(value: unknown, what: string): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'id')) {
    const kind = (value as { kind?: unknown }).kind;
    if (kind === 'PlanItem' || kind === 'DiscretionaryItem') return acceptName((value as { id: unknown }).id, `${what}.id`);
  }
  return acceptName(value, what);
}

/** Checks that a command name is one of a list. */
export function acceptOneOf<T extends string>(value: unknown, list: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(list as readonly string[]).includes(value)) {
    throw new InvalidInputError(what, `expected one of ${list.join(', ')}, got ${typeof value === 'string' ? `"${value}"` : describe(value)}`);
  }
  return value as T;
}
