/**
 * FEEL unary tests — the input entries of decision tables (`-`, `>= 18`, `[1..5]`, `"a","b"`,
 * `not("x")`, `< date("2026-01-01")`) — compiled once per distinct text and cached.
 *
 * feelin parses every entry (casekit has no FEEL parser of its own). feelin's interpreter parses
 * the text again on each call, which costs a few hundred microseconds, so the shapes that make up
 * nearly every real table — the wildcard, literals, comparisons with a literal, intervals between
 * literals, lists of those and `not(…)` of a list — are turned into closures from feelin's syntax
 * tree, with FEEL's three-valued logic (a comparison of different types is null and does not
 * match). Every other entry (names of other variables, function calls, `?`, times and durations) is
 * evaluated by feelin's `unaryTest` on each call, remembering its answers for recent input values
 * when it reads nothing but the input.
 */
import { evaluate as evaluateFeel, FeelDate, parseUnaryTests } from 'feelin';
import { budgetOf } from '../budget.js';
import type { ExpressionContext } from '../context.js';
import { FORBIDDEN_NAMES } from '../context.js';
import { readEpochDay } from '../dates.js';
import { ExpressionFailure } from '../errors.js';
import { checkPatterns } from '../feel/compile-feel.js';
import { addClock, isFeelName, toFeelData } from '../feel/data.js';
import { GUARD_PREFIX, guardFeel, type GuardedFeel } from '../feel/guard.js';
import { runFeel } from '../feel/run.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import { DECISION_LIMITS } from './limits.js';
import type { TypeRef } from './model.js';
import { compareValues, DayValue, equalsValue, toFeelValue } from './values.js';

type SyntaxNode = ReturnType<typeof parseUnaryTests>['topNode'];

/** An input value as the entries see it: prepared for its type (dates as {@link DayValue}). */
export interface Cell {
  readonly value: unknown;
  /** The value as read from the context, before preparation (what JSON Logic entries see). */
  readonly raw: unknown;
  readonly typeRef: TypeRef;
}

/** What an entry may read besides its input: the decision's context, the clock, and the decision's budget. */
export type TestEnv = ExpressionContext;

/** A literal that occurs in a compiled entry, for the checks made at load (types, allowed values). */
export interface EntryLiteral {
  /** The literal's value: a number, string, boolean, null or {@link DayValue}. */
  readonly value: unknown;
  /** True when the entry tests equality with it (`"a"`, `5`), false for a comparison or interval bound. */
  readonly equality: boolean;
}

/**
 * A compiled FEEL unary-tests text.
 */
export interface CompiledUnaryTests {
  readonly text: string;
  /** How it is evaluated: always true, by casekit's closures, or by feelin on each call. */
  readonly mode: 'wildcard' | 'compiled' | 'feelin';
  /** The variables it reads besides its input (sorted); undefined when unknowable (names with spaces). */
  readonly reads: readonly string[] | undefined;
  /** The literals of a compiled entry. */
  readonly literals: readonly EntryLiteral[];
  /** For a plain list of literals (`"high","medium","low"`): the values in order; else undefined. */
  readonly literalList: readonly unknown[] | undefined;
  /** Whether the input satisfies the tests (FEEL true; false and null do not match). Throws ExpressionFailure. */
  test(cell: Cell, env: TestEnv): boolean;
}

/** Three-valued result of a positive test. */
type Test3 = (value: unknown) => boolean | null;

const LITERAL_NODES: ReadonlySet<string> = new Set(['NumericLiteral', 'StringLiteral', 'BooleanLiteral', 'null', 'DateTimeLiteral']);
const NOT_FAST: unique symbol = Symbol('not fast');

const cache = new Map<string, CompiledUnaryTests>();

/**
 * Compiles FEEL unary tests, from the cache when the same text was compiled before. An empty text
 * is the wildcard (as DMN modelers export an empty cell). Throws ExpressionFailure for a syntax
 * error, a forbidden name, or a text over the limits.
 */
export function compileUnaryTests(text: string): CompiledUnaryTests {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(text);
  if (cache.size >= DECISION_LIMITS.unaryTestCacheSize) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(text, compiled);
  return compiled;
}

/** How many unary-test texts are cached (for tests). */
export function unaryTestCacheSize(): number {
  return cache.size;
}

const WILDCARD: Omit<CompiledUnaryTests, 'text'> = {
  mode: 'wildcard',
  reads: [],
  literals: [],
  literalList: undefined,
  test: () => true,
};

function compileUncached(text: string): CompiledUnaryTests {
  const source = text.trim();
  if (source === '' || source === '-') return Object.freeze({ ...WILDCARD, text });
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionFailure(`entry longer than ${EXPRESSION_LIMITS.maxLength} characters`);
  }
  checkBracketDepth(source);
  const tree = parseUnaryTests(source, {}, undefined);
  const { reads, usesClock } = analyse(tree, source);
  const guarded = guardFeel(source, tree);
  checkPatterns(guarded);
  const literals: EntryLiteral[] = [];
  const fast = compileFast(tree.topNode, source, literals);
  if (fast !== undefined) {
    return Object.freeze({
      text,
      mode: fast.wildcard ? 'wildcard' : 'compiled',
      reads: [],
      literals: Object.freeze(literals),
      literalList: fast.literalList,
      test: fast.test,
    });
  }
  return Object.freeze({
    text,
    mode: 'feelin',
    reads,
    literals: [],
    literalList: undefined,
    test: feelinTest(source, guarded, reads, reads !== undefined && reads.length === 0 && !usesClock),
  });
}

/** Checks syntax errors, nesting and forbidden names; collects the variables read. */
function analyse(tree: ReturnType<typeof parseUnaryTests>, source: string): { reads: readonly string[] | undefined; usesClock: boolean } {
  const names = new Set<string>();
  let unknowable = false;
  let usesClock = false;
  let depth = 0;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        const near = ref.from < source.length ? ` near ${JSON.stringify(source.slice(ref.from, ref.from + 10))}` : ' (unexpected end)';
        throw new ExpressionFailure(`syntax error at ${ref.from}${near}`, ref.from);
      }
      depth += 1;
      if (depth > EXPRESSION_LIMITS.maxFeelDepth) {
        throw new ExpressionFailure(`entry nested too deeply (more than ${EXPRESSION_LIMITS.maxFeelDepth} syntax levels)`, ref.from);
      }
      if (ref.name === 'Identifier' && FORBIDDEN_NAMES.has(source.slice(ref.from, ref.to))) {
        throw new ExpressionFailure(`forbidden name ${JSON.stringify(source.slice(ref.from, ref.to))} at ${ref.from}`, ref.from);
      }
      if (ref.name === 'Identifier' && source.startsWith(GUARD_PREFIX, ref.from)) {
        throw new ExpressionFailure(`the name ${JSON.stringify(source.slice(ref.from, ref.to))} is reserved at ${ref.from}`, ref.from);
      }
      if (ref.name === 'VariableName') {
        const name = source.slice(ref.from, ref.to);
        const parent = ref.node.parent;
        const isCallee = parent !== null && parent.name === 'FunctionInvocation' && parent.firstChild?.from === ref.from;
        if (isCallee) {
          if (name === 'now' || name === 'today') usesClock = true;
        } else if (/\s/.test(name)) unknowable = true;
        else names.add(name);
      }
      return undefined;
    },
    leave() {
      depth -= 1;
    },
  });
  return { reads: unknowable ? undefined : [...names].sort(), usesClock };
}

/** The casekit-compiled form of the common shapes, or undefined when feelin must evaluate. */
function compileFast(
  top: SyntaxNode,
  source: string,
  literals: EntryLiteral[],
): { test: CompiledUnaryTests['test']; wildcard: boolean; literalList: readonly unknown[] | undefined } | undefined {
  const children = childrenOf(top);
  if (children.length === 1 && children[0]!.name === 'Wildcard') return { test: () => true, wildcard: true, literalList: undefined };
  if (children.length === 1 && children[0]!.name === 'PositiveUnaryTests') {
    const list = compileList(children[0]!, source, literals);
    if (list === undefined) return undefined;
    const { test3, literalList } = list;
    return { test: (cell) => test3(cell.value) === true, wildcard: false, literalList };
  }
  const names = children.map((child) => child.name);
  if (names.length === 4 && names[0] === 'not' && names[1] === '(' && names[2] === 'PositiveUnaryTests' && names[3] === ')') {
    const list = compileList(children[2]!, source, literals);
    if (list === undefined) return undefined;
    const { test3 } = list;
    return { test: (cell) => test3(cell.value) === false, wildcard: false, literalList: undefined };
  }
  return undefined;
}

/** `t1, t2, …`: true when one is true; else null when one is null; else false. */
function compileList(node: SyntaxNode, source: string, literals: EntryLiteral[]): { test3: Test3; literalList: readonly unknown[] | undefined } | undefined {
  const tests: Test3[] = [];
  const listed: unknown[] = [];
  let plainList = true;
  for (const child of childrenOf(node)) {
    if (child.name === ',') continue;
    if (child.name !== 'PositiveUnaryTest') return undefined;
    const single = childrenOf(child);
    if (single.length !== 1) return undefined;
    const inner = single[0]!;
    if (LITERAL_NODES.has(inner.name)) {
      const value = literalValue(inner, source);
      if (value === NOT_FAST) return undefined;
      literals.push({ value, equality: true });
      listed.push(value);
      tests.push((input) => equalsValue(input, value));
      continue;
    }
    plainList = false;
    if (inner.name !== 'SimplePositiveUnaryTest') return undefined;
    const test = compileSimple(inner, source, literals);
    if (test === undefined) return undefined;
    tests.push(test);
  }
  if (tests.length === 0) return undefined;
  const literalList = plainList ? Object.freeze(listed) : undefined;
  if (tests.length === 1) return { test3: tests[0]!, literalList };
  return {
    test3: (value) => {
      let sawNull = false;
      for (const test of tests) {
        const result = test(value);
        if (result === true) return true;
        if (result === null) sawNull = true;
      }
      return sawNull ? null : false;
    },
    literalList,
  };
}

/** `< 5`, `>= "b"`, `= x`, `!= 3`, `[1..5]`, `(date("2026-01-01")..date("2026-12-31")]` with literal operands. */
function compileSimple(node: SyntaxNode, source: string, literals: EntryLiteral[]): Test3 | undefined {
  const parts = childrenOf(node);
  const first = parts[0];
  if (first === undefined) return undefined;
  if (first.name === 'CompareOp' && parts.length === 2 && LITERAL_NODES.has(parts[1]!.name)) {
    const operator = source.slice(first.from, first.to);
    const value = literalValue(parts[1]!, source);
    if (value === NOT_FAST) return undefined;
    if (operator === '=' || operator === '!=') {
      literals.push({ value, equality: operator === '=' });
      return operator === '=' ? (input) => equalsValue(input, value) : (input) => !equalsValue(input, value);
    }
    if (value === null || typeof value === 'boolean') return undefined;
    literals.push({ value, equality: false });
    return comparison(operator, value);
  }
  if (first.name === 'Interval' && parts.length === 1) return compileInterval(first, source, literals);
  return undefined;
}

function comparison(operator: string, literal: unknown): Test3 | undefined {
  switch (operator) {
    case '<':
      return (input) => {
        const order = compareValues(input, literal);
        return order === null ? null : order < 0;
      };
    case '<=':
      return (input) => {
        const order = compareValues(input, literal);
        return order === null ? null : order <= 0;
      };
    case '>':
      return (input) => {
        const order = compareValues(input, literal);
        return order === null ? null : order > 0;
      };
    case '>=':
      return (input) => {
        const order = compareValues(input, literal);
        return order === null ? null : order >= 0;
      };
    default:
      return undefined;
  }
}

function compileInterval(node: SyntaxNode, source: string, literals: EntryLiteral[]): Test3 | undefined {
  const parts = childrenOf(node);
  if (parts.length !== 5 || parts[2]!.name !== '..') return undefined;
  const open = source.slice(parts[0]!.from, parts[0]!.to);
  const close = source.slice(parts[4]!.from, parts[4]!.to);
  if (!LITERAL_NODES.has(parts[1]!.name) || !LITERAL_NODES.has(parts[3]!.name)) return undefined;
  const low = literalValue(parts[1]!, source);
  const high = literalValue(parts[3]!, source);
  if (low === NOT_FAST || high === NOT_FAST || low === null || high === null || typeof low === 'boolean' || typeof high === 'boolean') return undefined;
  literals.push({ value: low, equality: false }, { value: high, equality: false });
  const lowIncluded = open === '[';
  const highIncluded = close === ']';
  return (input) => {
    const fromLow = compareValues(input, low);
    const fromHigh = compareValues(input, high);
    if (fromLow === null || fromHigh === null) return null;
    return (lowIncluded ? fromLow >= 0 : fromLow > 0) && (highIncluded ? fromHigh <= 0 : fromHigh < 0);
  };
}

/** The value of a literal node, evaluated once by feelin; dates become {@link DayValue}; other temporals are not compiled. */
function literalValue(node: SyntaxNode, source: string): unknown {
  const text = source.slice(node.from, node.to);
  const { value, warnings } = evaluateFeel(text, {});
  if (warnings.length > 0) return NOT_FAST;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_FAST;
  if (value instanceof FeelDate) {
    const day = readEpochDay(String(value));
    return day === undefined ? NOT_FAST : new DayValue(day);
  }
  return NOT_FAST;
}

/**
 * Refuses brackets nested deeper than EXPRESSION_LIMITS.maxDepth before feelin parses the text
 * (a cheap scan; parsing thousands of levels only to refuse them afterwards takes seconds).
 */
export function checkBracketDepth(source: string): void {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < source.length; i++) {
    const char = source.charCodeAt(i);
    if (quote) {
      if (char === 92 /* \\ */) i++;
      else if (char === 34 /* " */) quote = false;
      continue;
    }
    if (char === 34) quote = true;
    else if (char === 40 || char === 91 || char === 123) {
      depth++;
      if (depth > EXPRESSION_LIMITS.maxDepth) {
        throw new ExpressionFailure(`nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels of brackets)`, i);
      }
    } else if (char === 41 || char === 93 || char === 125) depth = Math.max(0, depth - 1);
  }
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) result.push(child);
  return result;
}

/** An entry feelin evaluates on each call; answers for plain input values are remembered when `pure`. */
function feelinTest(source: string, guarded: GuardedFeel, reads: readonly string[] | undefined, pure: boolean): CompiledUnaryTests['test'] {
  const memo = new Map<string, boolean>();
  const run = (cell: Cell, env: TestEnv): boolean => {
    const context = Object.create(null) as Record<string, unknown>;
    const variables = env.variables;
    const names = reads ?? Object.keys(variables);
    for (const name of names) {
      if (isFeelName(name) && Object.hasOwn(variables, name)) context[name] = toFeelData(variables[name]);
    }
    addClock(context, env.now);
    context['?'] = toFeelValue(cell.value, cell.typeRef, toFeelData);
    return runFeel('unaryTests', guarded, source, context, budgetOf(env)) === true;
  };
  if (!pure) return run;
  return (cell, env) => {
    const value = cell.value;
    const key =
      value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? `${cell.typeRef}\u0000${typeof value}\u0000${String(value)}`
        : value instanceof DayValue
          ? `${cell.typeRef}\u0000day\u0000${value.day}`
          : undefined;
    if (key === undefined) return run(cell, env);
    const known = memo.get(key);
    if (known !== undefined) return known;
    const result = run(cell, env);
    if (memo.size >= DECISION_LIMITS.unaryTestMemoSize) memo.clear();
    memo.set(key, result);
    return result;
  };
}
