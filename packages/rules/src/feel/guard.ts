/**
 * How casekit bounds what feelin evaluates. feelin is an interpreter casekit cannot step into, so
 * the FEEL text is rewritten once, at compile time, from its syntax tree: every iteration domain of
 * `for`, `some` and `every` and every filtered list goes through a guard function that spends the
 * evaluation's budget before feelin iterates —
 *
 * - `for i in A..B` becomes `for i in __casekit_from(A)..__casekit_to(B)`: the range is measured
 *   (and refused when longer than `maxCollectionLength`, or when its bounds are not a whole number
 *   apart, which feelin would count through forever) before feelin builds it;
 * - `for x in L` becomes `for x in __casekit_each(L)`: a list or range is measured and spent;
 * - `L[test]` becomes `__casekit_filter(L, true)[test]`: a filter spends the list's length;
 * - `x in L` becomes `x in __casekit_member(L)`: a search spends the list's length;
 * - the body of `function(…) body` becomes `__casekit_call(body)`: each call spends, so recursion
 *   through functions passed as arguments is bounded too.
 *
 * Nested loops spend once per outer iteration, so `for i in 1..10000 return for j in 1..10000 …`
 * exhausts the step budget after about ten outer iterations. Built-in functions are
 * replaced by wrappers that measure their arguments and their result ({@link ./builtins.ts}).
 * What the budget cannot count inside feelin (deep equality, paths over lists) is bounded by the
 * wall-clock backstop, which expressions with loops, filters, contexts or function definitions
 * run under ({@link ./run.ts}).
 */
import { evaluate as evaluateFeel, FeelFunction, type parseExpression } from 'feelin';
import type { Budget } from '../budget.js';
import { ExpressionFailure } from '../errors.js';
import { REGEX_PARAMETERS, WRAPPED_BUILTINS } from './builtins.js';

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree['topNode'];

/** Names of the guard functions: reserved, refused in an expression, dropped from case data. */
export const GUARD_PREFIX = '__casekit';
const EACH = `${GUARD_PREFIX}_each`;
const FROM = `${GUARD_PREFIX}_from`;
const TO = `${GUARD_PREFIX}_to`;
const FILTER = `${GUARD_PREFIX}_filter`;
const MEMBER = `${GUARD_PREFIX}_member`;
const CALL = `${GUARD_PREFIX}_call`;

/** The steps one iteration of feelin costs at least. */
const ITERATION_STEPS = 10;

/** Filter tests feelin reads as an index or a boolean (one element, not an iteration). */
const INDEX_NODES: ReadonlySet<string> = new Set(['NumericLiteral', 'BooleanLiteral', 'VariableName', 'FunctionInvocation', 'PathExpression', 'ArithmeticExpression']);

/** Right-hand sides of `in` that are computed values (a list is then searched element by element). */
const VALUE_NODES: ReadonlySet<string> = new Set(['VariableName', 'PathExpression', 'FilterExpression', 'FunctionInvocation']);

/** Constructs whose cost the budget cannot fully count inside feelin: they run under the wall-clock backstop. */
const UNBOUNDED_NODES: ReadonlySet<string> = new Set(['ForExpression', 'QuantifiedExpression', 'FilterExpression', 'FunctionDefinition', 'Context']);

/** A FEEL text prepared for feelin: the guarded text, and what its evaluation needs. */
export interface GuardedFeel {
  /** The text feelin evaluates: the source with its iteration domains and filtered lists guarded. */
  readonly text: string;
  /** Whether the text differs from the source (feelin's warning positions then refer to `text`). */
  readonly rewritten: boolean;
  /** Whether it runs under the wall-clock backstop. */
  readonly deadline: boolean;
  /** The wrapped built-ins it names (see {@link installBuiltins}). */
  readonly builtins: readonly string[];
  /** The regular expressions written as literals in `matches`, `replace` and `split`: checked at compile time. */
  readonly patterns: readonly { readonly pattern: string; readonly flags: string }[];
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) result.push(child);
  return result;
}

/** The node inside parentheses. */
function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenthesizedExpression') {
    const inner = childrenOf(current).find((child) => child.name !== '(' && child.name !== ')');
    if (inner === undefined) break;
    current = inner;
  }
  return current;
}

/**
 * Rewrites a parsed FEEL text (an expression or unary tests) with its guards. The tree must have
 * been checked (no syntax errors, bounded depth) and must not name {@link GUARD_PREFIX}.
 */
export function guardFeel(source: string, tree: Tree): GuardedFeel {
  let deadline = false;
  const builtins = new Set<string>();
  const patterns: { pattern: string; flags: string }[] = [];
  const rewrite = (node: SyntaxNode): string => {
    if (UNBOUNDED_NODES.has(node.name)) deadline = true;
    if (node.name === 'VariableName') {
      const name = source.slice(node.from, node.to).replace(/\s+/g, ' ');
      if (WRAPPED_BUILTINS.has(name)) builtins.add(name);
    }
    if (node.name === 'FunctionInvocation') {
      const literal = literalPattern(source, node);
      if (literal !== undefined) patterns.push(literal);
    }
    const children = childrenOf(node);
    if (children.length === 0) return source.slice(node.from, node.to);
    const texts: string[] = [];
    let at = node.from;
    for (const child of children) {
      texts.push(source.slice(at, child.from), rewrite(child));
      at = child.to;
    }
    texts.push(source.slice(at, node.to));
    const part = (index: number): string => texts[index * 2 + 1] as string;
    if (node.name === 'IterationContext') {
      if (children.length === 3 && children[1]!.name === '..') return `${FROM}(${part(0)})..${TO}(${part(2)})`;
      if (children.length === 1) return `${EACH}(${part(0)})`;
    }
    if (node.name === 'FilterExpression' && children.length === 4) {
      const iterates = !INDEX_NODES.has(unwrap(children[2]!).name);
      texts[1] = `${FILTER}(${part(0)}, ${iterates})`;
    }
    if (node.name === 'PositiveUnaryTest' && children.length === 1 && VALUE_NODES.has(children[0]!.name)) return `${MEMBER}(${part(0)})`;
    if (node.name === 'FunctionBody' && children.length === 1) return `${CALL}(${part(0)})`;
    return texts.join('');
  };
  const text = rewrite(tree.topNode);
  return { text, rewritten: text !== source, deadline, builtins: [...builtins], patterns };
}

/** The value of a string literal node. */
function stringLiteral(source: string, node: SyntaxNode | undefined): string | undefined {
  if (node === undefined || node.name !== 'StringLiteral') return undefined;
  const { value } = evaluateFeel(source.slice(node.from, node.to), {});
  return typeof value === 'string' ? value : undefined;
}

/** The pattern and flags of `matches(…)`, `replace(…)` or `split(…)` when both are literals (or the flags absent). */
function literalPattern(source: string, call: SyntaxNode): { pattern: string; flags: string } | undefined {
  const [callee, , parameters] = childrenOf(call);
  if (callee === undefined || callee.name !== 'VariableName' || parameters === undefined) return undefined;
  const spec = REGEX_PARAMETERS.get(source.slice(callee.from, callee.to));
  if (spec === undefined) return undefined;
  const byName = new Map<string, SyntaxNode | undefined>();
  if (parameters.name === 'PositionalParameters') {
    childrenOf(parameters)
      .filter((child) => child.name !== ',')
      .forEach((child, index) => byName.set(spec.names[index] ?? '', child));
  } else if (parameters.name === 'NamedParameters') {
    for (const parameter of childrenOf(parameters)) {
      const [name, value] = childrenOf(parameter).filter((child) => child.name !== ':');
      if (name !== undefined) byName.set(source.slice(name.from, name.to).trim(), value);
    }
  } else return undefined;
  const pattern = stringLiteral(source, byName.get(spec.names[spec.pattern] as string));
  const flagsName = spec.flags === undefined ? undefined : (spec.names[spec.flags] as string);
  const flagsNode = flagsName === undefined ? undefined : byName.get(flagsName);
  const flags = flagsNode === undefined ? '' : stringLiteral(source, flagsNode);
  return pattern === undefined || flags === undefined ? undefined : { pattern, flags };
}

/** How many elements feelin enumerates for a number range `from..to` (closed), or undefined when it is not one. */
function rangeLength(from: unknown, to: unknown): number | undefined {
  if (typeof from !== 'number' || typeof to !== 'number') return undefined;
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new ExpressionFailure(`the range ${from}..${to} has no end`, undefined, { limit: 'maxCollectionLength' });
  }
  const span = Math.abs(to - from);
  if (!Number.isInteger(span)) {
    throw new ExpressionFailure(`the range ${from}..${to} never reaches its end: its bounds must be a whole number apart`);
  }
  return span + 1;
}

/** The number of elements of a FEEL range value feelin can enumerate (numbers, single characters), else undefined. */
function rangeValueLength(value: object): number | undefined {
  const range = value as { start?: unknown; end?: unknown; 'start included'?: unknown; 'end included'?: unknown };
  if (!('start included' in range)) return undefined;
  if (typeof range.start === 'string' && typeof range.end === 'string') return Math.abs((range.end.codePointAt(0) ?? 0) - (range.start.codePointAt(0) ?? 0)) + 1;
  return rangeLength(range.start, range.end);
}

/**
 * Puts the guard functions for one evaluation into feelin's context.
 */
export function installGuards(context: Record<string, unknown>, budget: Budget): void {
  // feelin copies the context and evaluates the body for each element: an iteration is worth a few
  // steps of the other evaluators, more when the context is large.
  const weight = ITERATION_STEPS + (Object.keys(context).length >>> 5);
  const iterate = (length: number, what: string): void => {
    budget.collection(length, what);
    budget.step(length * (weight - 1));
  };
  const starts: unknown[] = [];
  context[EACH] = new FeelFunction((domain: unknown): unknown => {
    if (Array.isArray(domain)) iterate(domain.length, 'a loop');
    else if (domain !== null && typeof domain === 'object') {
      const length = rangeValueLength(domain);
      if (length !== undefined) iterate(length, 'a range');
    }
    return domain;
  }, ['domain']);
  context[FROM] = new FeelFunction((start: unknown): unknown => {
    starts.push(start);
    return start;
  }, ['start']);
  context[TO] = new FeelFunction((end: unknown): unknown => {
    const start = starts.pop();
    // feelin reads `a..b` as the value `a` when `b` is falsy; only a real range is measured.
    if (end) {
      const length = rangeLength(start, end);
      if (length !== undefined) iterate(length, `the range ${String(start)}..${String(end)}`);
    }
    return end;
  }, ['end']);
  context[FILTER] = new FeelFunction((list: unknown, iterates: unknown): unknown => {
    budget.step(iterates === true && Array.isArray(list) ? 1 + list.length * weight : 1);
    return list;
  }, ['list', 'iterates']);
  context[MEMBER] = new FeelFunction((tests: unknown): unknown => {
    budget.step(Array.isArray(tests) ? 1 + tests.length : 1);
    return tests;
  }, ['tests']);
  context[CALL] = new FeelFunction((result: unknown): unknown => {
    budget.step(weight);
    return result;
  }, ['result']);
}
