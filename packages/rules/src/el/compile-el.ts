/**
 * EL front door: parse, analyse and compile an EL body into a CompiledExpression.
 */
import { makeCompiled, type CompiledExpression } from '../compiled-expression.js';
import { ExpressionError, toExpressionError } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import type { ElNode } from './ast.js';
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
    const evaluate = compileTemplate(template);
    // EL has no loops: an evaluation visits each node at most once, so it spends them all up front.
    const steps = template.parts.reduce((total, part) => total + (typeof part === 'string' ? 1 : nodeCount(part)), 0);
    return makeCompiled(source, 'el', readsOf(template), elementId, (context, budget) => {
      budget.step(steps);
      return evaluate(context, budget);
    });
  } catch (error) {
    throw toExpressionError(error, source, elementId, 'compilation');
  }
}

/** The nodes of an EL syntax tree. */
function nodeCount(node: ElNode): number {
  let count = 1;
  for (const value of Object.values(node) as unknown[]) {
    const children = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const child of children) if (child !== null && typeof child === 'object' && 'kind' in child) count += nodeCount(child as ElNode);
  }
  return count;
}
