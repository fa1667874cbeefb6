/**
 * Isolated JSON Logic evaluators: each has its own custom operations and evaluates with casekit's
 * own operation table; json-logic-js's process-wide table is neither read nor written, so nothing
 * done to it elsewhere in the process changes what a casekit rule means.
 */
import { makeCompiled, type CompiledExpression } from '../compiled-expression.js';
import { FORBIDDEN_NAMES, type ExpressionContext } from '../context.js';
import { ExpressionError, RulesError, toExpressionError } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import { compileRule, type Operation } from './compile-rule.js';
import { BUILT_IN_OPERATIONS } from './operations.js';

/**
 * A custom JSON Logic operation: called with the evaluated arguments (never the data), returns a
 * value. It must be pure.
 *
 * @example
 * const between: JsonLogicOperation = (x, lo, hi) => (x as number) >= (lo as number) && (x as number) <= (hi as number);
 */
export type JsonLogicOperation = (...args: unknown[]) => unknown;

/**
 * An isolated JSON Logic evaluator: the standard operations plus its own custom ones.
 *
 * @example
 * const logic = createJsonLogicEvaluator({ operations: { double: (x) => Number(x) * 2 } });
 * logic.compile({ '>': [{ double: [{ var: 'amount' }] }, 100] }).evaluate({ variables: { amount: 60 } }); // true
 */
export interface JsonLogicEvaluator {
  /** Every operation name a rule may use, sorted: the built-ins and this evaluator's custom ones. */
  readonly operations: readonly string[];
  /**
   * Validates and compiles a rule (a parsed JSON value). `source` is the text shown in errors
   * (default: the rule as JSON); `id` is the model element's id. Throws ExpressionError.
   */
  compile(rule: unknown, options?: { id?: string; source?: string }): CompiledExpression;
  /**
   * Parses a JSON body (as written in a model) and compiles it. Throws ExpressionError.
   */
  compileText(body: string, options?: { id?: string }): CompiledExpression;
  /** Compiles and evaluates a rule against variables in one call (compile once when you can). */
  apply(rule: unknown, variables?: Readonly<Record<string, unknown>>): unknown;
}

/**
 * Options of {@link createJsonLogicEvaluator}.
 *
 * @example
 * const options: JsonLogicEvaluatorOptions = { operations: { even: (x) => Number(x) % 2 === 0 } };
 */
export interface JsonLogicEvaluatorOptions {
  /** Custom operations by name; a name may not be a built-in, contain '.', or be a forbidden name. */
  readonly operations?: Readonly<Record<string, JsonLogicOperation>>;
}

function describeRule(rule: unknown): string {
  try {
    return JSON.stringify(rule) ?? String(rule);
  } catch {
    return '[rule that is not JSON]';
  }
}

/**
 * Creates an isolated JSON Logic evaluator. Two evaluators never see each other's custom
 * operations, and json-logic-js's global table is neither read nor written.
 *
 * @example
 * const logic = createJsonLogicEvaluator({ operations: { isWeekend: (day) => day === 'Sat' || day === 'Sun' } });
 * logic.apply({ isWeekend: [{ var: 'day' }] }, { day: 'Sun' }); // true
 */
export function createJsonLogicEvaluator(options: JsonLogicEvaluatorOptions = {}): JsonLogicEvaluator {
  const custom = new Map<string, Operation>();
  const given = options.operations ?? {};
  for (const name of Object.keys(given)) {
    const operation = given[name];
    if (name === '' || name.includes('.') || FORBIDDEN_NAMES.has(name) || BUILT_IN_OPERATIONS.has(name)) {
      throw new RulesError('InvalidOperation', `cannot register JSON Logic operation ${JSON.stringify(name)}: the name is reserved or invalid`);
    }
    if (typeof operation !== 'function') {
      throw new RulesError('InvalidOperation', `JSON Logic operation ${JSON.stringify(name)} is not a function`);
    }
    custom.set(name, operation);
  }
  const operations = Object.freeze([...BUILT_IN_OPERATIONS, ...custom.keys()].sort());

  const compile = (rule: unknown, compileOptions: { id?: string; source?: string } = {}): CompiledExpression => {
    const source = compileOptions.source ?? describeRule(rule);
    try {
      const compiled = compileRule(rule, custom);
      return makeCompiled(source, 'jsonlogic', compiled.reads, compileOptions.id, compiled.evaluate);
    } catch (error) {
      throw toExpressionError(error, source, compileOptions.id, 'compilation');
    }
  };

  const compileText = (body: string, textOptions: { id?: string } = {}): CompiledExpression => {
    if (body.length > EXPRESSION_LIMITS.maxLength) {
      throw new ExpressionError(body, `expression longer than ${EXPRESSION_LIMITS.maxLength} characters`, textOptions.id);
    }
    let rule: unknown;
    try {
      rule = JSON.parse(body);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ExpressionError(body, `invalid JSON: ${detail}`, textOptions.id, undefined, { cause: error });
    }
    return compile(rule, { ...textOptions, source: body });
  };

  return Object.freeze({
    operations,
    compile,
    compileText,
    apply(rule: unknown, variables: Readonly<Record<string, unknown>> = {}): unknown {
      const context: ExpressionContext = { variables };
      return compile(rule).evaluate(context);
    },
  });
}
