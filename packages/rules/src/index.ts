/**
 * @casekit/rules: the expression languages of casekit conditions (§11): the EL subset used by
 * Flowable and Camunda models, JSON Logic and FEEL, behind one interface — and business decisions:
 * DMN and JSON decision tables, one evaluator, with traces, and a registry for decision tasks.
 */
export { compileExpression, evaluateCondition, type CompileOptions } from './compile.js';
export type { CompiledExpression } from './compiled-expression.js';
export type { ExpressionContext, ExpressionFunction } from './context.js';
export { CasekitError, ExpressionError, RulesError, type ExpressionErrorDetails, type RulesErrorCode } from './errors.js';
export {
  createJsonLogicEvaluator,
  type JsonLogicEvaluator,
  type JsonLogicEvaluatorOptions,
  type JsonLogicOperation,
} from './jsonlogic/evaluator.js';
export { JSON_LOGIC_LANGUAGE, languageOf, type ExpressionLanguage } from './language.js';
export { EXPRESSION_LIMITS, type EvaluationLimits } from './limits.js';
export {
  BUILTIN_AGGREGATORS,
  HIT_POLICIES,
  type BuiltinAggregator,
  type DecisionDefinition,
  type DecisionRuleDefinition,
  type DecisionTableDefinition,
  type DecisionValue,
  type HitPolicy,
  type InputClause,
  type InputEntry,
  type InputExpression,
  type OutputClause,
  type OutputEntry,
  type TypeRef,
} from './decision/model.js';
export {
  DecisionEvaluationError,
  DecisionInputError,
  DecisionNotFoundError,
  DecisionTableError,
  HitPolicyViolationError,
  type DecisionLocation,
} from './decision/errors.js';
export { DECISION_LIMITS } from './decision/limits.js';
export { compileDecisions, type CompileDecisionOptions, type Decision } from './decision/decision.js';
export type { DecisionResult, DecisionTrace, EvaluateOptions, InputTrace, RuleTrace } from './decision/result.js';
export { readDecisionTableJson, type ReadOptions } from './decision/read-json.js';
export { DMN_NAMESPACES, readDmn } from './decision/read-dmn.js';
export {
  createDecisionRegistry,
  loadDecisionTables,
  readDecisions,
  type DecisionRegistry,
  type DecisionRegistryOptions,
  type LoadDecisionOptions,
} from './decision/registry.js';
