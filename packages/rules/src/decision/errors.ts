/**
 * The typed errors of decisions: at load (the table is wrong), at evaluation (the input is wrong, a
 * hit policy is violated, an entry fails), and at lookup. Each names the decision and, where one is
 * involved, the rule and the entry.
 */
import { ExpressionError, ExpressionFailure, RulesError } from '../errors.js';
import type { EvaluationLimits } from '../limits.js';
import type { HitPolicy } from './model.js';

/** Where in a decision a problem is: the decision, and optionally a rule and an entry (input or output). */
export interface DecisionLocation {
  /** The decision's id. */
  readonly decision?: string | undefined;
  /** The rule's id (DMN `rule/@id`, or `#n` for the n-th rule when it has none). */
  readonly rule?: string | undefined;
  /** The input or output column (its name, label or id), or another part (`hitPolicy`, `aggregation`). */
  readonly entry?: string | undefined;
  /** The file the decision was read from. */
  readonly source?: string | undefined;
  /** The 1-based line in `source`, when known (XML syntax errors). */
  readonly line?: number | undefined;
}

function where(location: DecisionLocation): string {
  const parts: string[] = [];
  if (location.source !== undefined) parts.push(location.line === undefined ? location.source : `${location.source}:${location.line}`);
  if (location.decision !== undefined) parts.push(`decision ${JSON.stringify(location.decision)}`);
  if (location.rule !== undefined) parts.push(`rule ${location.rule}`);
  if (location.entry !== undefined) parts.push(location.entry);
  return parts.length === 0 ? 'decision table' : parts.join(', ');
}

/**
 * A decision table (DMN file or JSON table) is invalid: malformed XML or JSON, an unknown hit
 * policy or type, an entry that does not parse or does not fit its input's type or allowed values,
 * a rule naming an unknown input, a missing output, a cycle of required decisions, a source over
 * the limits. Thrown at load, never at evaluation.
 *
 * @example
 * try { readDecisionTableJson({ id: 't', hitPolicy: 'SOMETIMES', inputs: [], outputs: [], rules: [] }); }
 * catch (e) { if (e instanceof DecisionTableError) console.log(e.decision, e.reason); } // 't', 'unknown hit policy …'
 */
export class DecisionTableError extends RulesError {
  override readonly name = 'DecisionTableError';
  declare readonly code: 'DecisionTableInvalid';
  readonly decision: string | undefined;
  readonly rule: string | undefined;
  readonly entry: string | undefined;
  readonly source: string | undefined;
  readonly line: number | undefined;
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    location: DecisionLocation = {},
    options?: { cause?: unknown },
  ) {
    super('DecisionTableInvalid', `${where(location)}: ${reason}`, options);
    this.decision = location.decision;
    this.rule = location.rule;
    this.entry = location.entry;
    this.source = location.source;
    this.line = location.line;
  }
}

/**
 * The input of an evaluation is refused: too large or too deeply nested, not plain data, or an
 * input value that does not fit its input's type or allowed values.
 *
 * @example
 * try { table.evaluate({ age: 'forty' }); }
 * catch (e) { if (e instanceof DecisionInputError) console.log(e.input); } // 'Age'
 */
export class DecisionInputError extends RulesError {
  override readonly name = 'DecisionInputError';
  declare readonly code: 'DecisionInputInvalid';
  constructor(
    readonly decision: string,
    /** The input column, when one input is at fault (undefined for the input as a whole). */
    readonly input: string | undefined,
    readonly reason: string,
  ) {
    super('DecisionInputInvalid', `${where({ decision, entry: input === undefined ? undefined : `input ${input}` })}: ${reason}`);
  }
}

/**
 * The matching rules violate the table's hit policy: several rules match in a UNIQUE table, or
 * matching rules of an ANY table give different outputs. `rules` lists them all.
 *
 * @example
 * try { table.evaluate({ age: 40 }); }
 * catch (e) { if (e instanceof HitPolicyViolationError) console.log(e.rules); } // ['r2', 'r3']
 */
export class HitPolicyViolationError extends RulesError {
  override readonly name = 'HitPolicyViolationError';
  declare readonly code: 'HitPolicyViolation';
  constructor(
    readonly decision: string,
    readonly hitPolicy: HitPolicy,
    /** The ids of the rules involved, in rule order. */
    readonly rules: readonly string[],
    readonly reason: string,
  ) {
    super('HitPolicyViolation', `${where({ decision })}: ${reason}`);
  }
}

/**
 * An entry failed while evaluating: an input expression or an output expression threw, a JSON
 * Logic operation failed, an output value does not fit its type or allowed values, an aggregation
 * met a value it cannot combine. `cause` holds the underlying ExpressionError when there is one.
 *
 * @example
 * try { table.evaluate(input); }
 * catch (e) { if (e instanceof DecisionEvaluationError) console.log(e.rule, e.entry, e.reason, e.limit); }
 */
export class DecisionEvaluationError extends RulesError {
  override readonly name = 'DecisionEvaluationError';
  declare readonly code: 'DecisionEvaluationFailed';
  /** The evaluation limit that was exceeded (`'maxSteps'`, `'maxOutputSize'`, …), when that is the failure. */
  readonly limit: keyof EvaluationLimits | undefined;
  constructor(
    readonly decision: string,
    readonly rule: string | undefined,
    readonly entry: string | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('DecisionEvaluationFailed', `${where({ decision, rule, entry })}: ${reason}`, options);
    const cause = options?.cause;
    this.limit = cause instanceof ExpressionError ? cause.limit : cause instanceof ExpressionFailure ? cause.details.limit : undefined;
  }
}

/**
 * No registered decision answers to any of the keys.
 *
 * @example
 * try { registry.decide('unknown', {}); } catch (e) { if (e instanceof DecisionNotFoundError) console.log(e.keys); }
 */
export class DecisionNotFoundError extends RulesError {
  override readonly name = 'DecisionNotFoundError';
  declare readonly code: 'DecisionNotFound';
  constructor(readonly keys: readonly string[]) {
    super('DecisionNotFound', `no decision is registered as ${keys.map((key) => JSON.stringify(key)).join(' or ')}`);
  }
}
