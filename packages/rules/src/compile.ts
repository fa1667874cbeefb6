/**
 * The one interface the engine uses: compile an expression body once, evaluate it many times.
 */
import type { CompiledExpression } from './compiled-expression.js';
import type { ExpressionContext } from './context.js';
import { ExpressionError, ExpressionFailure } from './errors.js';
import { compileEl } from './el/compile-el.js';
import { toBoolean } from './el/coercion.js';
import { compileFeel } from './feel/compile-feel.js';
import { createJsonLogicEvaluator, type JsonLogicEvaluator } from './jsonlogic/evaluator.js';
import { truthy } from './jsonlogic/operations.js';
import { languageOf } from './language.js';

/**
 * Options of {@link compileExpression}.
 *
 * @example
 * const options: CompileOptions = { language: 'https://jsonlogic.com', id: 'IfPart_1' };
 */
export interface CompileOptions {
  /** The expression's `language`, else the definitions' `expressionLanguage`. */
  readonly language?: string;
  /** The id of the model element holding the expression: named in every error. */
  readonly id?: string;
  /** The JSON Logic evaluator with the host's custom operations (default: built-ins only). */
  readonly jsonLogic?: JsonLogicEvaluator;
}

const defaultJsonLogic = createJsonLogicEvaluator();

/**
 * Compiles an expression body from a model in the language {@link languageOf} decides. The body is
 * trimmed first (XML indentation around a CDATA section is not part of the expression). Throws
 * ExpressionError for a syntax error, a forbidden name, a body over the limits or an unsupported
 * language.
 *
 * @example
 * const rule = compileExpression('${amount > 1000 && var:get(approved)}', { id: 'Sentry_1' });
 * rule.reads;                                                      // ['amount', 'approved']
 * rule.evaluate({ variables: { amount: 1500, approved: true } });  // true
 */
export function compileExpression(body: string, options: CompileOptions = {}): CompiledExpression {
  if (typeof body !== 'string') {
    throw new ExpressionError(String(body), `an expression body must be a string, got ${typeof body}`, options.id);
  }
  const source = body.trim();
  const elementId = options.id;
  const language = languageOf(source, options.language);
  switch (language) {
    case 'el':
      return compileEl(source, elementId);
    case 'jsonlogic':
      return (options.jsonLogic ?? defaultJsonLogic).compileText(source, elementId === undefined ? {} : { id: elementId });
    case 'feel':
      return compileFeel(source, elementId);
    case 'unsupported':
      throw new ExpressionError(
        source,
        `unsupported expression language ${JSON.stringify(options.language)}: casekit evaluates EL, JSON Logic and FEEL, and never runs host-language code`,
        elementId,
      );
  }
}

/**
 * Evaluates a compiled expression as a condition, with its language's truthiness: EL coerces to
 * Boolean (null and '' → false, 'true' in any case → true, a number or object is an error), JSON
 * Logic uses its truthiness (an empty array is false), FEEL is true only for `true`. A string is
 * compiled first (compile once and keep the result when you can). Throws ExpressionError.
 *
 * @example
 * evaluateCondition(compileExpression('${repetitionCounter < 3}'), { variables: {}, repetitionCounter: 1 }); // true
 * evaluateCondition('{"var":"missing"}', { variables: {} });                                               // false
 */
export function evaluateCondition(expression: CompiledExpression | string, context: ExpressionContext): boolean {
  const compiled = typeof expression === 'string' ? compileExpression(expression) : expression;
  const value = compiled.evaluate(context);
  switch (compiled.language) {
    case 'el':
      return asElCondition(compiled, value);
    case 'jsonlogic':
      return truthy(value);
    case 'feel':
      return value === true;
  }
}

function asElCondition(compiled: CompiledExpression, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  try {
    return toBoolean(value);
  } catch (error) {
    const reason = error instanceof ExpressionFailure ? error.reason : String(error);
    throw new ExpressionError(compiled.source, `a condition must be a boolean: ${reason}`, compiled.elementId);
  }
}
