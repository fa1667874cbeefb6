/**
 * FEEL conditions through feelin. The syntax is checked once at compile time; feelin parses again
 * on each evaluation (it has no public compiled form). feelin only ever sees a fresh, null-prototype
 * context holding copies of the variables the expression reads, reduced to plain data.
 */
import {
  evaluate as evaluateFeel,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelTime,
  parseDate,
  parseDateTime,
  parseExpression,
} from 'feelin';
import { makeCompiled, type CompiledExpression } from './compiled-expression.js';
import { FORBIDDEN_NAMES, isPlainObject, type ExpressionContext } from './context.js';
import { ExpressionError, ExpressionFailure, toExpressionError } from './errors.js';
import { EXPRESSION_LIMITS } from './limits.js';

/** feelin warnings that mean the expression cannot work, rather than FEEL's null for missing data. */
const FATAL_WARNINGS: ReadonlySet<string> = new Set(['NO_FUNCTION_FOUND', 'UNSUPPORTED']);

/**
 * Compiles a FEEL expression: checks its syntax and nesting and works out the variables it reads.
 * Throws ExpressionError.
 */
export function compileFeel(source: string, elementId: string | undefined): CompiledExpression {
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionError(source, `expression longer than ${EXPRESSION_LIMITS.maxLength} characters`, elementId);
  }
  let reads: readonly string[] | undefined;
  try {
    if (source.trim() === '') throw new ExpressionFailure('empty expression', 0);
    reads = analyse(source);
  } catch (error) {
    throw toExpressionError(error, source, elementId, 'compilation');
  }
  const names = reads;
  return makeCompiled(source, 'feel', reads, elementId, (context) => {
    const { value, warnings } = evaluateFeel(source, feelContext(context, names));
    const fatal = warnings.find((warning) => FATAL_WARNINGS.has(warning.type));
    if (fatal !== undefined) {
      const at = fatal.position;
      const reason =
        fatal.type === 'NO_FUNCTION_FOUND'
          ? `no function to invoke in ${JSON.stringify(source.slice(at.from, at.to))} at ${at.from}`
          : `${fatal.message} at ${at.from}`;
      throw new ExpressionFailure(reason, at.from);
    }
    return value;
  });
}

/** Checks the syntax tree (errors, depth) and returns the names read; undefined when unknowable. */
function analyse(source: string): readonly string[] | undefined {
  const tree = parseExpression(source, {}, undefined);
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
      if (ref.name === 'VariableName') {
        const parent = ref.node.parent;
        const isCallee = parent !== null && parent.name === 'FunctionInvocation' && parent.firstChild?.from === ref.from;
        if (!isCallee) {
          const name = source.slice(ref.from, ref.to);
          if (/\s/.test(name)) unknowable = true;
          else if (!FORBIDDEN_NAMES.has(name)) names.add(name);
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
    if (!FORBIDDEN_NAMES.has(name)) result[name] = toFeelData(value, 0);
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
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
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
    if (!FORBIDDEN_NAMES.has(key)) copy[key] = toFeelData(value[key], depth + 1);
  }
  return copy;
}
