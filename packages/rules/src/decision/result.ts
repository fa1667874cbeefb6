/**
 * What an evaluation returns: the result, the outputs a decision task writes into the case file,
 * the matched rules — and, on request, a trace that explains it.
 */
import type { EvaluationLimits } from '../limits.js';
import type { BuiltinAggregator, DecisionValue, HitPolicy } from './model.js';

/**
 * Options of one evaluation.
 *
 * @example
 * const options: EvaluateOptions = { explain: true, now: new Date('2026-01-05T09:00:00Z'), limits: { maxSteps: 100_000 } };
 */
export interface EvaluateOptions {
  /** Return a {@link DecisionTrace} with the result. Default false. */
  readonly explain?: boolean;
  /**
   * The clock of every expression of the decision (and of the decisions it requires): FEEL `now()`
   * and `today()`, EL `fn:now()`, JSON Logic `today`/`now`/`age`. Default: the registry's clock,
   * else the system time.
   */
  readonly now?: Date;
  /**
   * Bounds of this evaluation over {@link EXPRESSION_LIMITS}: one budget is shared by all the
   * entries of the decision and of the decisions it requires, and `maxOutputSize` bounds the
   * outputs together. Default: the registry's limits, else the defaults.
   */
  readonly limits?: Partial<EvaluationLimits>;
}

/**
 * The result of evaluating a decision.
 *
 * - `value` is the DMN result: for a single-hit table the output value (one output) or the output
 *   record (several), null when no rule matches and there is no default; for a multiple-hit table
 *   the list of those in hit-policy order; for an aggregation the aggregate.
 * - `outputs` is what a decision task writes into the case file (casekit rule, cmmn-semantics
 *   §10): each output under its own name — its value (single hit), the list of its values
 *   (multiple hit) or the aggregate. A literal-expression decision has one output, its variable.
 *
 * @example
 * const result: DecisionResult = table.evaluate({ age: 72, chronicConditions: 3 });
 * result.outputs;      // { riskLevel: 'high', caseManagementModel: 'intensive' }
 * result.matchedRules; // ['DecisionRule_high']
 */
export interface DecisionResult {
  /** The decision's id. */
  readonly decision: string;
  readonly value: DecisionValue;
  readonly outputs: Readonly<Record<string, DecisionValue>>;
  /** The ids of the rules that make up the result, in result order. */
  readonly matchedRules: readonly string[];
  /** Present when `explain` was requested. */
  readonly trace?: DecisionTrace;
}

/**
 * One input column of an evaluation: what it read and the value the entries were tested against.
 *
 * @example
 * const input: InputTrace = { id: 'InputClause_age', label: 'Age', expression: 'age', value: 72 };
 */
export interface InputTrace {
  readonly id: string;
  readonly label: string;
  readonly expression: string;
  readonly value: DecisionValue;
}

/**
 * One rule of an evaluation: whether it matched and, when not, which entry failed first.
 *
 * @example
 * const rule: RuleTrace = { rule: 'r2', index: 2, evaluated: true, matched: false, failed: { input: 'Age', entry: '>= 65', value: 40 } };
 */
export interface RuleTrace {
  readonly rule: string;
  /** 1-based position in the table. */
  readonly index: number;
  /** False for rules the hit policy did not need (after the first match of a FIRST table). */
  readonly evaluated: boolean;
  readonly matched: boolean;
  /** For an evaluated rule that did not match: the first entry that was not satisfied. */
  readonly failed?: { readonly input: string; readonly entry: string; readonly value: DecisionValue };
  /** For a matched rule whose outputs were computed: its outputs by name. */
  readonly outputs?: Readonly<Record<string, DecisionValue>>;
}

/**
 * Why a decision came out as it did, for audit and for modelers.
 *
 * @example
 * const { trace } = registry.decide('care-risk', caseFile, { explain: true });
 * trace?.rules.filter((r) => r.matched).map((r) => r.rule);
 */
export interface DecisionTrace {
  readonly decision: string;
  readonly name: string | undefined;
  /** The table's hit policy (undefined for a literal expression). */
  readonly hitPolicy: HitPolicy | undefined;
  readonly aggregation: BuiltinAggregator | undefined;
  readonly inputs: readonly InputTrace[];
  readonly rules: readonly RuleTrace[];
  readonly matchedRules: readonly string[];
  readonly value: DecisionValue;
  readonly outputs: Readonly<Record<string, DecisionValue>>;
  /** The traces of the required decisions evaluated first (DMN information requirements). */
  readonly required: readonly DecisionTrace[];
}
