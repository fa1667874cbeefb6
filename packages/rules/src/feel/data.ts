/**
 * What feelin is given: copies of the case's values reduced to plain data (never a function, a
 * class instance, a prototype or a reserved guard name), and the engine clock as FEEL's `now()`
 * and `today()`.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelTime, parseDate, parseDateTime } from 'feelin';
import { FORBIDDEN_NAMES, isPlainObject } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import { GUARD_PREFIX } from './guard.js';

/** Whether a name may be handed to feelin: not a forbidden name, not a guard's. */
export function isFeelName(name: string): boolean {
  return !FORBIDDEN_NAMES.has(name) && !name.startsWith(GUARD_PREFIX);
}

/** Internal: binds FEEL's `now()` and `today()` to the engine clock, when there is one. */
export function addClock(feelContext: Record<string, unknown>, now: Date | undefined): void {
  if (now instanceof Date && !Number.isNaN(now.getTime())) {
    const iso = now.toISOString();
    feelContext.now = new FeelFunction(() => parseDateTime(iso), []);
    feelContext.today = new FeelFunction(() => parseDate(iso.slice(0, 10)), []);
  }
}

/**
 * Internal: a copy of a value as plain data for feelin: primitives, dates and FEEL temporals as they are,
 * arrays and plain objects copied (own enumerable keys, forbidden names dropped), anything else
 * (functions, class instances) → null.
 */
export function toFeelData(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value !== 'object') return null;
  if (depth >= EXPRESSION_LIMITS.maxValueDepth) {
    throw new ExpressionFailure(`variable value nested too deeply (more than ${EXPRESSION_LIMITS.maxValueDepth} levels)`);
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof FeelDate || value instanceof FeelDateTime || value instanceof FeelTime || value instanceof FeelDuration) {
    return value;
  }
  if (Array.isArray(value)) return value.map((element: unknown) => toFeelData(element, depth + 1));
  if (!isPlainObject(value)) return null;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (isFeelName(key)) copy[key] = toFeelData(value[key], depth + 1);
  }
  return copy;
}
