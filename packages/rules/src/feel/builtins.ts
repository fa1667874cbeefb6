/**
 * feelin's built-in functions as casekit lets an expression call them: each wrapped so that it
 * spends the budget for what it is given (lists and contexts counted as trees, strings by length)
 * and refuses to return a list or string over the limits; `matches`, `replace` and `split` on
 * casekit's linear-time regular expressions instead of JavaScript's backtracking ones. feelin looks
 * a name up in the context before its built-ins, so the wrappers are put into the context of each
 * evaluation — under the case's own variables, which keep their precedence.
 */
import { evaluate as evaluateFeel, FeelFunction } from 'feelin';
import type { Budget } from '../budget.js';
import { regexMatches, regexReplace, regexSplit } from '../regex/functions.js';

/** A feelin built-in: a function of positional arguments with its parameter names. */
type Builtin = ((...args: unknown[]) => unknown) & { readonly $args?: readonly string[] };

/** The built-ins that take or return values of any size. (Temporal constructors and the clock are left to feelin.) */
const SIZED = [
  'number', 'string', 'not', 'substring', 'string length', 'upper case', 'lower case', 'substring before', 'substring after',
  'replace', 'contains', 'matches', 'starts with', 'ends with', 'split', 'string join', 'list contains', 'list replace', 'count',
  'min', 'max', 'sum', 'mean', 'all', 'any', 'sublist', 'append', 'concatenate', 'insert before', 'remove', 'reverse', 'index of',
  'union', 'distinct values', 'flatten', 'product', 'median', 'stddev', 'mode', 'decimal', 'floor', 'ceiling', 'abs', 'round up',
  'round down', 'round half up', 'round half down', 'modulo', 'sqrt', 'log', 'exp', 'odd', 'even', 'is', 'before', 'after', 'meets',
  'met by', 'overlaps', 'overlaps before', 'overlaps after', 'finishes', 'finished by', 'includes', 'during', 'starts', 'started by',
  'coincides', 'day of year', 'day of week', 'month of year', 'week of year', 'sort', 'get value', 'get entries', 'context',
  'context merge', 'context put',
];

/** feelin's implementation of each wrapped built-in, read once (a name alone evaluates to its built-in). */
const ORIGINALS: ReadonlyMap<string, Builtin> = new Map(
  SIZED.flatMap((name) => {
    const { value } = evaluateFeel(name, {});
    return typeof value === 'function' ? [[name, value as Builtin] as const] : [];
  }),
);

/** The names of the wrapped built-ins, as an expression spells them (one space between words). */
export const WRAPPED_BUILTINS: ReadonlySet<string> = new Set(ORIGINALS.keys());

const isText = (value: unknown): value is string => typeof value === 'string';
const isFlags = (value: unknown): value is string | null | undefined => value === null || value === undefined || typeof value === 'string';

/** casekit's own implementations, given the budget; null for arguments of the wrong type, as feelin answers. */
const REGEX_FUNCTIONS: Readonly<Record<string, (budget: Budget) => (...args: unknown[]) => unknown>> = {
  matches:
    (budget) =>
    (input, pattern, flags) =>
      isText(input) && isText(pattern) && isFlags(flags) ? regexMatches(input, pattern, flags ?? '', budget) : null,
  replace:
    (budget) =>
    (input, pattern, replacement, flags) =>
      isText(input) && isText(pattern) && isText(replacement) && isFlags(flags) ? regexReplace(input, pattern, replacement, flags ?? '', budget) : null,
  split:
    (budget) =>
    (input, delimiter) =>
      isText(input) && isText(delimiter) ? regexSplit(input, delimiter, budget) : null,
};

/** A built-in that measures its arguments before and its result after. */
function wrap(name: string, original: Builtin, budget: Budget): (...args: unknown[]) => unknown {
  const own = Object.hasOwn(REGEX_FUNCTIONS, name) ? (REGEX_FUNCTIONS[name] as (budget: Budget) => Builtin)(budget) : original;
  return (...args) => {
    budget.step();
    for (const arg of args) if (arg !== null && (typeof arg === 'object' || typeof arg === 'string')) budget.measure(arg, `an argument of ${name}`);
    const result = own(...args);
    if (Array.isArray(result)) budget.collection(result.length, `the result of ${name}`);
    else if (typeof result === 'string') budget.text(result.length, `the result of ${name}`);
    return result;
  };
}

/**
 * Puts the wrapped built-ins an expression names into feelin's context for one evaluation, where
 * the context has no value of that name.
 */
export function installBuiltins(context: Record<string, unknown>, names: readonly string[], budget: Budget): void {
  for (const name of names) {
    const original = ORIGINALS.get(name);
    if (original === undefined || Object.hasOwn(context, name)) continue;
    context[name] = new FeelFunction(wrap(name, original, budget), [...(original.$args ?? [])]);
  }
}

/** The regular-expression built-ins and where their pattern and flags are: [pattern index, flags index, parameter names]. */
export const REGEX_PARAMETERS: ReadonlyMap<string, { readonly pattern: number; readonly flags: number | undefined; readonly names: readonly string[] }> = new Map([
  ['matches', { pattern: 1, flags: 2, names: ['input', 'pattern', 'flags'] }],
  ['replace', { pattern: 1, flags: 3, names: ['input', 'pattern', 'replacement', 'flags'] }],
  ['split', { pattern: 1, flags: undefined, names: ['string', 'delimiter'] }],
]);
