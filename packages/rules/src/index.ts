/**
 * @casekit/rules: the expression languages of casekit conditions (§11): the EL subset used by
 * Flowable and Camunda models, JSON Logic and FEEL, behind one interface.
 */
export { compileExpression, evaluateCondition, type CompileOptions } from './compile.js';
export type { CompiledExpression } from './compiled-expression.js';
export type { ExpressionContext, ExpressionFunction } from './context.js';
export { ExpressionError, RulesError, type RulesErrorCode } from './errors.js';
export {
  createJsonLogicEvaluator,
  type JsonLogicEvaluator,
  type JsonLogicEvaluatorOptions,
  type JsonLogicOperation,
} from './jsonlogic/evaluator.js';
export { JSON_LOGIC_LANGUAGE, languageOf, type ExpressionLanguage } from './language.js';
export { EXPRESSION_LIMITS } from './limits.js';
