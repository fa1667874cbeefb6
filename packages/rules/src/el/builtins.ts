/**
 * The built-in pure EL functions, under the `fn:` prefix (the JSTL functions familiar from JSP EL,
 * plus `fn:now()` from the engine clock).
 */
import type { Budget } from '../budget.js';
import type { ExpressionContext } from '../context.js';
import { isPlainObject } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { describeValue, toNumber, toText } from './coercion.js';

/** One built-in: `arity` is [min, max] arguments. */
interface Builtin {
  readonly arity: readonly [number, number];
  readonly apply: (args: readonly unknown[], context: ExpressionContext, budget: Budget) => unknown;
}

function text(args: readonly unknown[], index: number): string {
  return toText(args[index] ?? null);
}

function integer(args: readonly unknown[], index: number): number {
  const value = toNumber(args[index] ?? null);
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}

const BUILTINS: Readonly<Record<string, Builtin>> = {
  length: {
    arity: [1, 1],
    apply: ([value]) => {
      if (value === null || value === undefined) return 0;
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isPlainObject(value)) return Object.keys(value).length;
      throw new ExpressionFailure(`fn:length cannot measure ${describeValue(value)}`);
    },
  },
  contains: { arity: [2, 2], apply: (args) => text(args, 0).includes(text(args, 1)) },
  containsIgnoreCase: {
    arity: [2, 2],
    apply: (args) => text(args, 0).toUpperCase().includes(text(args, 1).toUpperCase()),
  },
  startsWith: { arity: [2, 2], apply: (args) => text(args, 0).startsWith(text(args, 1)) },
  endsWith: { arity: [2, 2], apply: (args) => text(args, 0).endsWith(text(args, 1)) },
  indexOf: { arity: [2, 2], apply: (args) => text(args, 0).indexOf(text(args, 1)) },
  toLowerCase: { arity: [1, 1], apply: (args) => text(args, 0).toLowerCase() },
  toUpperCase: { arity: [1, 1], apply: (args) => text(args, 0).toUpperCase() },
  trim: { arity: [1, 1], apply: (args) => text(args, 0).trim() },
  substring: {
    arity: [3, 3],
    apply: (args) => {
      // JSTL: a negative begin is 0, a negative or too-large end is the length, begin > end is ''.
      const value = text(args, 0);
      const begin = Math.max(0, integer(args, 1));
      let end = integer(args, 2);
      if (end < 0 || end > value.length) end = value.length;
      return begin > end ? '' : value.slice(begin, end);
    },
  },
  substringBefore: {
    arity: [2, 2],
    apply: (args) => {
      const value = text(args, 0);
      const at = value.indexOf(text(args, 1));
      return at === -1 ? '' : value.slice(0, at);
    },
  },
  substringAfter: {
    arity: [2, 2],
    apply: (args) => {
      const value = text(args, 0);
      const separator = text(args, 1);
      const at = value.indexOf(separator);
      return at === -1 ? '' : value.slice(at + separator.length);
    },
  },
  replace: {
    arity: [3, 3],
    apply: (args, _context, budget) => {
      const value = text(args, 0);
      const before = text(args, 1);
      if (before === '') return value;
      const after = text(args, 2);
      const pieces = value.split(before);
      budget.text(value.length + (pieces.length - 1) * (after.length - before.length), 'the result of fn:replace');
      return pieces.join(after);
    },
  },
  join: {
    arity: [2, 2],
    apply: ([list, separator], _context, budget) => {
      if (list === null || list === undefined) return '';
      if (!Array.isArray(list)) throw new ExpressionFailure(`fn:join needs a list, got ${describeValue(list)}`);
      const glue = toText(separator ?? null);
      const texts = list.map((element) => toText(element ?? null));
      budget.text(texts.reduce((total, element) => total + element.length, Math.max(0, texts.length - 1) * glue.length), 'the result of fn:join');
      return texts.join(glue);
    },
  },
  split: {
    arity: [2, 2],
    apply: (args, _context, budget) => {
      // JSTL (StringTokenizer): every character of the second argument is a delimiter; no empty tokens.
      const value = text(args, 0);
      const delimiters = new Set(text(args, 1));
      if (value === '') return [''];
      const tokens: string[] = [];
      let current = '';
      for (const char of value) {
        if (delimiters.has(char)) {
          if (current !== '') tokens.push(current);
          current = '';
        } else {
          current += char;
        }
      }
      if (current !== '') tokens.push(current);
      budget.collection(tokens.length, 'the result of fn:split');
      return tokens;
    },
  },
  now: {
    arity: [0, 0],
    apply: (_args, context) => {
      const now = context.now;
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
        throw new ExpressionFailure('fn:now() needs the engine clock (context.now)');
      }
      return now.toISOString();
    },
  },
};

/** The names of the `fn:` built-ins. */
export const BUILTIN_FUNCTION_NAMES: readonly string[] = Object.keys(BUILTINS);

/**
 * The built-in `fn:` function of that name, checking the argument count; undefined when there is
 * none (the name may then be a host function).
 */
export function builtinFunction(name: string, argumentCount: number): Builtin | undefined {
  if (!Object.hasOwn(BUILTINS, name)) return undefined;
  const builtin = BUILTINS[name] as Builtin;
  const [min, max] = builtin.arity;
  if (argumentCount < min || argumentCount > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new ExpressionFailure(`fn:${name} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${argumentCount}`);
  }
  return builtin;
}
