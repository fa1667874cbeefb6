/**
 * EL front door: parse, analyse and compile an EL body into a CompiledExpression.
 */
import { makeCompiled, type CompiledExpression } from '../compiled-expression.js';
import { ExpressionError, toExpressionError } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import { compileTemplate } from './evaluate.js';
import { parseEl } from './parser.js';
import { readsOf } from './reads.js';

/**
 * Compiles an EL body (a `${…}`/`#{…}` template, or bare EL text). Throws ExpressionError for
 * syntax errors, forbidden names, unknown Flowable functions and bodies over the limits.
 */
export function compileEl(source: string, elementId: string | undefined): CompiledExpression {
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionError(source, `expression longer than ${EXPRESSION_LIMITS.maxLength} characters`, elementId);
  }
  try {
    const template = parseEl(source);
    return makeCompiled(source, 'el', readsOf(template), elementId, compileTemplate(template));
  } catch (error) {
    throw toExpressionError(error, source, elementId, 'compilation');
  }
}
