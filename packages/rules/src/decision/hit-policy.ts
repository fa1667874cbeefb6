/**
 * DMN 1.3 §8.2.11 hit policies: how the matching rules make the result.
 *
 * - UNIQUE: at most one rule may match (several → HitPolicyViolationError naming them).
 * - ANY: the matching rules must all give the same outputs (different → HitPolicyViolationError).
 * - FIRST: the first match in rule order.
 * - PRIORITY: the match with the highest output priority — outputs' allowed values are listed in
 *   decreasing priority, compared output by output. casekit rule: equal priorities → the earlier rule.
 * - COLLECT: all matches in rule order, or with an aggregation SUM / MIN / MAX of the output's
 *   values or COUNT of its distinct values (nulls ignored; no match → null, COUNT → 0).
 * - RULE ORDER: all matches in rule order.
 * - OUTPUT ORDER: all matches in decreasing output priority (equal → rule order).
 */
import { jsonEquals } from '../jsonlogic/case-operations.js';
import { DecisionEvaluationError, HitPolicyViolationError } from './errors.js';
import type { BuiltinAggregator, DecisionValue, HitPolicy } from './model.js';
import type { TableOutcome } from './table.js';
import { describeValue } from './values.js';

/** A matched rule and its outputs by name. */
export interface Match {
  readonly rule: string;
  readonly index: number;
  readonly outputs: Readonly<Record<string, DecisionValue>>;
}

/** What the hit policy needs to know about the table. */
export interface HitPolicyTable {
  readonly decision: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation: BuiltinAggregator | undefined;
  readonly outputs: readonly { readonly name: string; readonly priority: readonly DecisionValue[] | undefined }[];
  readonly outputNames: readonly string[];
}

function describeRules(matches: readonly Match[]): string {
  return matches.map((match) => `${match.rule} (#${match.index})`).join(', ');
}

/** The rule's priority: for each output with an ordered list, the index of its value (lower is higher). */
function priorityOf(table: HitPolicyTable, match: Match): number[] {
  const key: number[] = [];
  for (const output of table.outputs) {
    if (output.priority === undefined) continue;
    const value = match.outputs[output.name] ?? null;
    const index = output.priority.findIndex((allowed) => jsonEquals(allowed, value));
    if (index < 0) {
      throw new DecisionEvaluationError(
        table.decision,
        match.rule,
        `output ${JSON.stringify(output.name)}`,
        `${describeValue(value)} is not one of the output's allowed values, so it has no priority`,
      );
    }
    key.push(index);
  }
  return key;
}

function comparePriority(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The DMN value of one match: the output value of a single-output table, else the record. */
function valueOf(table: HitPolicyTable, match: Match): DecisionValue {
  return table.outputNames.length === 1 ? (match.outputs[table.outputNames[0]!] ?? null) : match.outputs;
}

function single(table: HitPolicyTable, match: Match | undefined, defaults: Record<string, DecisionValue> | undefined): TableOutcome {
  if (match === undefined) {
    const record = defaults;
    const outputs: Record<string, DecisionValue> = {};
    for (const name of table.outputNames) outputs[name] = record?.[name] ?? null;
    const value = record === undefined ? null : table.outputNames.length === 1 ? (outputs[table.outputNames[0]!] ?? null) : outputs;
    return { value, outputs, matchedRules: [] };
  }
  return { value: valueOf(table, match), outputs: { ...match.outputs }, matchedRules: [match.rule] };
}

function multiple(table: HitPolicyTable, matches: readonly Match[]): TableOutcome {
  const outputs: Record<string, DecisionValue> = {};
  for (const name of table.outputNames) outputs[name] = matches.map((match) => match.outputs[name] ?? null);
  return { value: matches.map((match) => valueOf(table, match)), outputs, matchedRules: matches.map((match) => match.rule) };
}

function aggregate(table: HitPolicyTable, aggregation: BuiltinAggregator, matches: readonly Match[]): TableOutcome {
  const name = table.outputNames[0]!;
  const values = matches.map((match) => match.outputs[name] ?? null);
  const present = values.filter((value) => value !== null);
  const fail = (reason: string): never => {
    throw new DecisionEvaluationError(table.decision, undefined, `output ${JSON.stringify(name)}`, reason);
  };
  let result: DecisionValue;
  switch (aggregation) {
    case 'COUNT': {
      const distinct: DecisionValue[] = [];
      for (const value of present) if (!distinct.some((seen) => jsonEquals(seen, value))) distinct.push(value);
      result = distinct.length;
      break;
    }
    case 'SUM': {
      let sum = 0;
      for (const value of present) {
        if (typeof value !== 'number') fail(`SUM cannot add ${describeValue(value)}`);
        sum += value as number;
      }
      result = present.length === 0 ? null : sum;
      break;
    }
    case 'MIN':
    case 'MAX': {
      if (present.length === 0) {
        result = null;
        break;
      }
      const kind = typeof present[0];
      if ((kind !== 'number' && kind !== 'string') || present.some((value) => typeof value !== kind)) {
        fail(`${aggregation} needs values that are all numbers or all strings, got ${present.map(describeValue).join(', ')}`);
      }
      let best = present[0] as number | string;
      for (const value of present as (number | string)[]) {
        if (aggregation === 'MIN' ? value < best : value > best) best = value;
      }
      result = best;
      break;
    }
  }
  return { value: result, outputs: { [name]: result }, matchedRules: matches.map((match) => match.rule) };
}

/**
 * Combines the matches (in rule order) by the table's hit policy. `defaults` holds the default
 * output entries for a single-hit table without a match. Throws HitPolicyViolationError.
 */
export function combine(table: HitPolicyTable, matches: readonly Match[], defaults: Record<string, DecisionValue> | undefined): TableOutcome {
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matches.length > 1) {
        throw new HitPolicyViolationError(
          table.decision,
          'UNIQUE',
          matches.map((match) => match.rule),
          `${matches.length} rules match — ${describeRules(matches)} — but the UNIQUE hit policy allows one`,
        );
      }
      return single(table, matches[0], defaults);
    case 'ANY': {
      const first = matches[0];
      const different = matches.filter((match) => !jsonEquals(match.outputs, first?.outputs));
      if (first !== undefined && different.length > 0) {
        throw new HitPolicyViolationError(
          table.decision,
          'ANY',
          matches.map((match) => match.rule),
          `rules ${describeRules(matches)} match with different outputs (${matches.map((match) => `${match.rule} → ${JSON.stringify(match.outputs)}`).join('; ')}), but the ANY hit policy needs them equal`,
        );
      }
      return single(table, first, defaults);
    }
    case 'FIRST':
      return single(table, matches[0], defaults);
    case 'PRIORITY': {
      let best: Match | undefined;
      let bestKey: number[] = [];
      for (const match of matches) {
        const key = priorityOf(table, match);
        if (best === undefined || comparePriority(key, bestKey) < 0) {
          best = match;
          bestKey = key;
        }
      }
      return single(table, best, defaults);
    }
    case 'COLLECT':
      return table.aggregation === undefined ? multiple(table, matches) : aggregate(table, table.aggregation, matches);
    case 'RULE ORDER':
      return multiple(table, matches);
    case 'OUTPUT ORDER': {
      const keyed = matches.map((match) => ({ match, key: priorityOf(table, match) }));
      keyed.sort((a, b) => comparePriority(a.key, b.key) || a.match.index - b.match.index);
      return multiple(
        table,
        keyed.map((entry) => entry.match),
      );
    }
  }
}
