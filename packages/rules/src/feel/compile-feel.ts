/**
 * FEEL expressions through feelin. The syntax is checked once at compile time, and the text
 * rewritten with its guards ({@link ./guard.ts}); feelin parses again on each evaluation (it has no
 * public compiled form). feelin only ever sees a fresh, null-prototype context holding copies of
 * the variables the expression reads, reduced to plain data, and casekit's guards and built-ins.
 */
import { FeelFunction, parseExpression } from 'feelin';
import { makeCompiled, type CompiledExpression } from '../compiled-expression.js';
import type { ExpressionContext } from '../context.js';
import { ExpressionError, ExpressionFailure, toExpressionError } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import { regexProgram } from '../regex/functions.js';
import { addClock, isFeelName, toFeelData } from './data.js';
import { GUARD_PREFIX, guardFeel, type GuardedFeel } from './guard.js';
import { runFeel } from './run.js';

/**
 * Compiles a FEEL expression: checks its syntax, nesting and literal regular expressions, works out
 * the variables it reads and rewrites it with its guards. Throws ExpressionError.
 */
export function compileFeel(source: string, elementId: string | undefined): CompiledExpression {
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionError(source, `expression longer than ${EXPRESSION_LIMITS.maxLength} characters`, elementId);
  }
  let reads: readonly string[] | undefined;
  let guarded: GuardedFeel;
  try {
    if (source.trim() === '') throw new ExpressionFailure('empty expression', 0);
    const tree = parseExpression(source, {}, undefined);
    reads = analyseFeel(source, tree);
    guarded = guardFeel(source, tree);
    checkPatterns(guarded);
  } catch (error) {
    throw toExpressionError(error, source, elementId, 'compilation');
  }
  const names = reads;
  const text = guarded;
  return makeCompiled(source, 'feel', reads, elementId, (context, budget) => {
    const value = runFeel('expression', text, source, feelContext(context, names), budget);
    // A FEEL function (`function(x) …`, a built-in's name, a unary test such as `= "a"`) is not a
    // value a case can hold, and a host is never handed one.
    if (typeof value === 'function' || value instanceof FeelFunction) throw new ExpressionFailure('the result is a function, not a value');
    return value;
  });
}

/** Internal: compiles the regular expressions written as literals, so that a refused one fails at load. */
export function checkPatterns(guarded: GuardedFeel): void {
  for (const { pattern, flags } of guarded.patterns) regexProgram(pattern, flags, EXPRESSION_LIMITS.maxPatternLength);
}

/**
 * Internal: checks a FEEL syntax tree (errors, depth, reserved names) and returns the names read;
 * undefined when unknowable.
 */
export function analyseFeel(source: string, tree: ReturnType<typeof parseExpression>): readonly string[] | undefined {
  const names = new Set<string>();
  let unknowable = false;
  let depth = 0;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        throw new ExpressionFailure(`syntax error at ${ref.from}${ref.from < source.length ? ` near ${JSON.stringify(source.slice(ref.from, ref.from + 10))}` : ' (unexpected end)'}`, ref.from);
      }
      depth += 1;
      if (depth > EXPRESSION_LIMITS.maxFeelDepth) {
        throw new ExpressionFailure(`expression nested too deeply (more than ${EXPRESSION_LIMITS.maxFeelDepth} syntax levels)`, ref.from);
      }
      if (ref.name === 'Identifier' && source.startsWith(GUARD_PREFIX, ref.from)) {
        throw new ExpressionFailure(`the name ${JSON.stringify(source.slice(ref.from, ref.to))} is reserved at ${ref.from}`, ref.from);
      }
      if (ref.name === 'VariableName') {
        const parent = ref.node.parent;
        const isCallee = parent !== null && parent.name === 'FunctionInvocation' && parent.firstChild?.from === ref.from;
        if (!isCallee) {
          const name = source.slice(ref.from, ref.to);
          if (/\s/.test(name)) unknowable = true;
          else if (isFeelName(name)) names.add(name);
        }
      }
      return undefined;
    },
    leave() {
      depth -= 1;
    },
  });
  return unknowable ? undefined : [...names].sort();
}

/** The context handed to feelin: null prototype, only the names read (all when unknown), copied. */
function feelContext(context: ExpressionContext, names: readonly string[] | undefined): Record<string, unknown> {
  const result = Object.create(null) as Record<string, unknown>;
  const variables = context.variables ?? {};
  const locals = context.locals ?? {};
  const put = (name: string, value: unknown): void => {
    if (isFeelName(name)) result[name] = toFeelData(value, 0);
  };
  if (names === undefined) {
    for (const name of Object.keys(variables)) put(name, variables[name]);
    if (typeof context.repetitionCounter === 'number') put('repetitionCounter', context.repetitionCounter);
    for (const name of Object.keys(locals)) put(name, locals[name]);
  } else {
    for (const name of names) {
      if (Object.hasOwn(locals, name)) put(name, locals[name]);
      else if (name === 'repetitionCounter' && typeof context.repetitionCounter === 'number') put(name, context.repetitionCounter);
      else if (Object.hasOwn(variables, name)) put(name, variables[name]);
    }
  }
  addClock(result, context.now);
  return result;
}
