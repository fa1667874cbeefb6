/**
 * One evaluator for decision tables, whatever their source: compiles a
 * {@link DecisionTableDefinition} (checking it: columns, entries against types and allowed values,
 * hit policy and aggregation) and evaluates it with DMN's hit policies.
 */
import type { ExpressionContext } from '../context.js';
import { ExpressionError, ExpressionFailure, RulesError } from '../errors.js';
import type { JsonLogicEvaluator } from '../jsonlogic/evaluator.js';
import { jsonEquals } from '../jsonlogic/case-operations.js';
import { truthy } from '../jsonlogic/operations.js';
import { DecisionEvaluationError, DecisionInputError, DecisionTableError } from './errors.js';
import {
  checkJsonLogicNames,
  compileInputExpression,
  compileOutputEntry,
  type CompiledOutputEntry,
  type ValueReader,
} from './expressions.js';
import { combine, type Match } from './hit-policy.js';
import { DECISION_LIMITS } from './limits.js';
import type { DecisionTableDefinition, DecisionValue, InputClause, InputEntry, OutputClause, TypeRef } from './model.js';
import type { InputTrace, RuleTrace } from './result.js';
import { compileUnaryTests, type Cell, type CompiledUnaryTests, type TestEnv } from './unary-test.js';
import { DayValue, describeValue, equalsValue, fitsType, prepareInput, toDecisionValue } from './values.js';

/** A compiled input entry. */
interface CompiledEntry {
  readonly text: string;
  readonly wildcard: boolean;
  test(cell: Cell, env: TestEnv): boolean;
}

/** An entry of a rule, with its column and the text shown in traces. */
interface RuleTest {
  readonly input: number;
  readonly entry: CompiledEntry;
  readonly display: string;
}

interface CompiledInput {
  readonly id: string;
  readonly label: string;
  readonly expression: string;
  readonly typeRef: TypeRef;
  readonly read: ValueReader;
  readonly allowed: CompiledEntry | undefined;
}

/** A compiled output column. */
export interface CompiledOutput {
  readonly id: string;
  /** The output's name in results and the case file. */
  readonly name: string;
  readonly typeRef: TypeRef;
  /** The allowed values as unary tests, when they are not a plain list. */
  readonly allowedTests: CompiledUnaryTests | undefined;
  /** The allowed values in decreasing priority, when they are a plain list. */
  readonly priority: readonly DecisionValue[] | undefined;
  readonly defaultEntry: CompiledOutputEntry | undefined;
}

interface CompiledRule {
  readonly id: string;
  /** 1-based. */
  readonly index: number;
  /** The non-wildcard entries, in column order. */
  readonly tests: readonly RuleTest[];
  readonly outputs: readonly CompiledOutputEntry[];
}

/** Options of {@link compileTable}. */
export interface CompileTableOptions {
  readonly decision: string;
  readonly source: string | undefined;
  /** The decision's variable: the name of a single unnamed output. */
  readonly variable: string;
  readonly jsonLogic: JsonLogicEvaluator;
  /**
   * When set (JSON tables), FEEL entries may read only these names (the inputs' names and the
   * required decisions' variables): a bare word such as `gold` is then an error, not a variable.
   */
  readonly knownNames?: ReadonlySet<string> | undefined;
}

/** The outcome of evaluating a table, before the decision wraps it. */
export interface TableOutcome {
  readonly value: DecisionValue;
  readonly outputs: Readonly<Record<string, DecisionValue>>;
  readonly matchedRules: readonly string[];
  readonly inputs?: readonly InputTrace[];
  readonly rules?: readonly RuleTrace[];
}

/** A compiled decision table. */
export interface CompiledTable {
  readonly outputNames: readonly string[];
  evaluate(context: ExpressionContext, explain: boolean): TableOutcome;
}

function inputLabel(clause: InputClause, index: number): string {
  return clause.name ?? clause.label ?? (clause.expression.kind === 'expression' ? clause.expression.text.trim() : undefined) ?? clause.id ?? `input ${index + 1}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof ExpressionError) return error.reason;
  if (error instanceof ExpressionFailure) return error.reason;
  if (error instanceof RulesError) return error.message;
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'nested too deeply';
  return error instanceof Error ? error.message : String(error);
}

/** Compiles and checks a table. Throws {@link DecisionTableError} naming the rule and entry at fault. */
export function compileTable(table: DecisionTableDefinition, options: CompileTableOptions): CompiledTable {
  const { decision, source, jsonLogic } = options;
  const fail = (reason: string, at: { rule?: string; entry?: string } = {}, cause?: unknown): never => {
    throw new DecisionTableError(reason, { decision, source, ...at }, cause === undefined ? undefined : { cause });
  };
  const attempt = <T>(at: { rule?: string; entry?: string }, compile: () => T): T => {
    try {
      return compile();
    } catch (error) {
      if (error instanceof DecisionTableError) throw error;
      return fail(reasonOf(error), at, error);
    }
  };

  const { hitPolicy, aggregation } = table;
  if (table.outputs.length === 0) fail('a decision table needs at least one output');
  if (table.inputs.length > DECISION_LIMITS.maxColumns || table.outputs.length > DECISION_LIMITS.maxColumns) {
    fail(`a decision table may have at most ${DECISION_LIMITS.maxColumns} inputs and ${DECISION_LIMITS.maxColumns} outputs`);
  }
  if (table.rules.length > DECISION_LIMITS.maxRules) fail(`a decision table may have at most ${DECISION_LIMITS.maxRules} rules`);
  if (aggregation !== undefined) {
    if (hitPolicy !== 'COLLECT') fail(`aggregation ${aggregation} needs the COLLECT hit policy, not ${hitPolicy}`, { entry: 'aggregation' });
    if (table.outputs.length !== 1) fail(`aggregation ${aggregation} needs exactly one output, the table has ${table.outputs.length}`, { entry: 'aggregation' });
  }

  // ---- inputs -------------------------------------------------------------------------------
  const inputs: CompiledInput[] = table.inputs.map((clause, index) => {
    const label = inputLabel(clause, index);
    const at = { entry: `input ${JSON.stringify(label)}` };
    const expression = attempt(at, () => compileInputExpression(clause.expression, jsonLogic, clause.id));
    const allowed = clause.allowedValues === undefined ? undefined : attempt({ entry: `allowed values of input ${JSON.stringify(label)}` }, () => compileEntry(clause.allowedValues!, clause.typeRef, jsonLogic, clause.id, undefined));
    return { id: clause.id, label, expression: expression.text, typeRef: clause.typeRef, read: expression.read, allowed };
  });

  // ---- outputs ------------------------------------------------------------------------------
  const names = new Set<string>();
  const outputs: CompiledOutput[] = table.outputs.map((clause: OutputClause, index) => {
    const name = clause.name ?? (table.outputs.length === 1 ? options.variable : undefined);
    if (name === undefined || name.trim() === '') return fail(`output ${index + 1} (${clause.label ?? clause.id}) needs a name: a table with several outputs names each one`);
    if (names.has(name)) fail(`two outputs are named ${JSON.stringify(name)}`);
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') fail(`an output may not be named ${JSON.stringify(name)}`);
    names.add(name);
    const at = { entry: `output ${JSON.stringify(name)}` };
    let allowedTests: CompiledUnaryTests | undefined;
    let priority: readonly DecisionValue[] | undefined;
    const allowedValues = clause.allowedValues;
    if (Array.isArray(allowedValues)) {
      priority = allowedValues as readonly DecisionValue[];
    } else if (allowedValues !== undefined) {
      const tests = attempt({ entry: `allowed values of output ${JSON.stringify(name)}` }, () => compileUnaryTests((allowedValues as { text: string }).text));
      if (tests.literalList !== undefined) priority = tests.literalList.map((value) => toDecisionValue(value) ?? null);
      else if (tests.mode !== 'wildcard') allowedTests = tests;
    }
    if (priority !== undefined) {
      for (const value of priority) {
        if (!fitsType(value, clause.typeRef)) fail(`allowed value ${describeValue(value)} does not fit the output's type ${clause.typeRef}`, at);
      }
    }
    const defaultEntry = clause.defaultOutputEntry === undefined ? undefined : attempt(at, () => compileOutputEntry(clause.defaultOutputEntry!, jsonLogic, clause.id));
    return { id: clause.id, name, typeRef: clause.typeRef, allowedTests, priority, defaultEntry };
  });
  for (const output of outputs) {
    if (output.defaultEntry?.kind === 'constant') checkOutputValue(output, output.defaultEntry.value, (reason) => fail(`default ${reason}`, { entry: `output ${JSON.stringify(output.name)}` }));
  }
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((output) => output.priority !== undefined)) {
    fail(`the ${hitPolicy} hit policy orders rules by the outputs' allowed values: give at least one output a list of allowed values`, { entry: 'hitPolicy' });
  }
  if (aggregation === 'SUM' && outputs[0]!.typeRef !== 'number' && outputs[0]!.typeRef !== 'any') {
    fail(`aggregation SUM needs a number output, ${JSON.stringify(outputs[0]!.name)} is ${outputs[0]!.typeRef}`, { entry: 'aggregation' });
  }

  // ---- rules --------------------------------------------------------------------------------
  const ruleIds = new Set<string>();
  const rules: CompiledRule[] = table.rules.map((rule, position) => {
    const ruleName = rule.id;
    if (ruleIds.has(ruleName)) fail(`two rules have the id ${JSON.stringify(ruleName)}`, { rule: ruleName });
    ruleIds.add(ruleName);
    if (rule.inputEntries.length !== inputs.length) {
      fail(`the rule has ${rule.inputEntries.length} input entries, the table has ${inputs.length} inputs`, { rule: ruleName });
    }
    if (rule.outputEntries.length !== outputs.length) {
      fail(`the rule has ${rule.outputEntries.length} output entries, the table has ${outputs.length} outputs`, { rule: ruleName });
    }
    const tests: RuleTest[] = [];
    rule.inputEntries.forEach((entry, column) => {
      const input = inputs[column]!;
      const clause = table.inputs[column]!;
      const at = { rule: ruleName, entry: `input ${JSON.stringify(input.label)}` };
      const compiled = attempt(at, () => compileEntry(entry, clause.typeRef, jsonLogic, clause.id, options.knownNames));
      if (entry.kind === 'feel' && !compiled.wildcard) {
        const tests = compileUnaryTests(entry.text);
        for (const literal of tests.literals) {
          checkLiteral(literal.value, clause.typeRef, input.allowed, literal.equality, (reason) => fail(`entry ${JSON.stringify(entry.text.trim())}: ${reason}`, at));
        }
      } else if (entry.kind === 'values') {
        for (const value of entry.values) {
          const prepared = prepareInput(value, clause.typeRef);
          if ('error' in prepared) fail(`entry ${JSON.stringify(value)}: the input ${prepared.error}`, at);
          else checkLiteral(prepared.value, clause.typeRef, input.allowed, true, (reason) => fail(`entry ${JSON.stringify(value)}: ${reason}`, at));
        }
      }
      if (!compiled.wildcard) tests.push({ input: column, entry: compiled, display: compiled.text.trim() });
    });
    const ruleOutputs = rule.outputEntries.map((entry, column) => {
      const output = outputs[column]!;
      const at = { rule: ruleName, entry: `output ${JSON.stringify(output.name)}` };
      const compiled = attempt(at, () => compileOutputEntry(entry, jsonLogic, output.id));
      if (compiled.kind === 'constant') checkOutputValue(output, compiled.value, (reason) => fail(reason, at));
      return compiled;
    });
    return { id: ruleName, index: position + 1, tests, outputs: ruleOutputs };
  });

  const outputNames = outputs.map((output) => output.name);
  const firstOnly = hitPolicy === 'FIRST';
  const singleHit = hitPolicy === 'UNIQUE' || hitPolicy === 'FIRST' || hitPolicy === 'PRIORITY' || hitPolicy === 'ANY';
  const policyTable = { decision, hitPolicy, aggregation, outputs, outputNames };

  const outputsOf = (rule: CompiledRule, context: ExpressionContext): Record<string, DecisionValue> => {
    const record: Record<string, DecisionValue> = {};
    for (let i = 0; i < outputs.length; i++) {
      const output = outputs[i]!;
      const entry = rule.outputs[i]!;
      let value: DecisionValue;
      if (entry.kind === 'constant') value = entry.value;
      else {
        try {
          value = entry.evaluate(context);
        } catch (error) {
          throw new DecisionEvaluationError(decision, rule.id, `output ${JSON.stringify(output.name)}`, reasonOf(error), { cause: error });
        }
        checkOutputValue(output, value, (reason) => {
          throw new DecisionEvaluationError(decision, rule.id, `output ${JSON.stringify(output.name)}`, reason);
        });
      }
      record[output.name] = value;
    }
    return record;
  };

  const defaults = (context: ExpressionContext): Record<string, DecisionValue> | undefined => {
    if (!outputs.some((output) => output.defaultEntry !== undefined)) return undefined;
    const record: Record<string, DecisionValue> = {};
    for (const output of outputs) {
      const entry = output.defaultEntry;
      if (entry === undefined) record[output.name] = null;
      else if (entry.kind === 'constant') record[output.name] = entry.value;
      else {
        let value: DecisionValue;
        try {
          value = entry.evaluate(context);
        } catch (error) {
          throw new DecisionEvaluationError(decision, undefined, `default of output ${JSON.stringify(output.name)}`, reasonOf(error), { cause: error });
        }
        checkOutputValue(output, value, (reason) => {
          throw new DecisionEvaluationError(decision, undefined, `default of output ${JSON.stringify(output.name)}`, reason);
        });
        record[output.name] = value;
      }
    }
    return record;
  };

  return {
    outputNames,
    evaluate(context: ExpressionContext, explain: boolean): TableOutcome {
      const cells: Cell[] = new Array<Cell>(inputs.length);
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i]!;
        let raw: unknown;
        try {
          raw = input.read(context);
        } catch (error) {
          throw new DecisionEvaluationError(decision, undefined, `input ${JSON.stringify(input.label)}`, reasonOf(error), { cause: error });
        }
        const prepared = prepareInput(raw, input.typeRef);
        if ('error' in prepared) throw new DecisionInputError(decision, input.label, `the input ${prepared.error}`);
        const cell: Cell = { value: prepared.value, raw: raw === undefined ? null : raw, typeRef: input.typeRef };
        if (input.allowed !== undefined && cell.value !== null) {
          let allowed: boolean;
          try {
            allowed = input.allowed.test(cell, context);
          } catch (error) {
            throw new DecisionEvaluationError(decision, undefined, `allowed values of input ${JSON.stringify(input.label)}`, reasonOf(error), { cause: error });
          }
          if (!allowed) throw new DecisionInputError(decision, input.label, `${describeValue(raw)} is not one of the allowed values ${input.allowed.text}`);
        }
        cells[i] = cell;
      }

      const matched: CompiledRule[] = [];
      // Traces: one per rule; matched rules get their outputs once those are computed.
      const ruleTraces: RuleTrace[] | undefined = explain ? [] : undefined;
      const matchedAt: number[] | undefined = explain ? [] : undefined;
      const cellJson: (DecisionValue | undefined)[] | undefined = explain ? new Array<DecisionValue | undefined>(cells.length) : undefined;
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r]!;
        if (firstOnly && matched.length > 0) {
          if (ruleTraces === undefined) break;
          ruleTraces.push({ rule: rule.id, index: rule.index, evaluated: false, matched: false });
          continue;
        }
        let failedAt = -1;
        const tests = rule.tests;
        for (let t = 0; t < tests.length; t++) {
          const test = tests[t]!;
          let ok: boolean;
          try {
            ok = test.entry.test(cells[test.input]!, context);
          } catch (error) {
            throw new DecisionEvaluationError(decision, rule.id, `input ${JSON.stringify(inputs[test.input]!.label)}`, `entry ${JSON.stringify(test.display)}: ${reasonOf(error)}`, { cause: error });
          }
          if (!ok) {
            failedAt = t;
            break;
          }
        }
        if (failedAt < 0) matched.push(rule);
        if (ruleTraces !== undefined) {
          if (failedAt < 0) {
            matchedAt!.push(ruleTraces.length);
            ruleTraces.push({ rule: rule.id, index: rule.index, evaluated: true, matched: true });
          } else {
            const test = tests[failedAt]!;
            let value = cellJson![test.input];
            if (value === undefined) value = cellJson![test.input] = toDecisionValue(cells[test.input]!.raw) ?? null;
            ruleTraces.push({ rule: rule.id, index: rule.index, evaluated: true, matched: false, failed: { input: inputs[test.input]!.label, entry: test.display, value } });
          }
        }
      }

      const matches: Match[] = new Array<Match>(matched.length);
      for (let m = 0; m < matched.length; m++) {
        const rule = matched[m]!;
        matches[m] = { rule: rule.id, index: rule.index, outputs: outputsOf(rule, context) };
        if (ruleTraces !== undefined) ruleTraces[matchedAt![m]!] = { rule: rule.id, index: rule.index, evaluated: true, matched: true, outputs: matches[m]!.outputs };
      }
      const combined = combine(policyTable, matches, matches.length === 0 && singleHit ? defaults(context) : undefined);
      if (ruleTraces === undefined) return combined;
      return {
        value: combined.value,
        outputs: combined.outputs,
        matchedRules: combined.matchedRules,
        inputs: inputs.map((input, i) => ({ id: input.id, label: input.label, expression: input.expression, value: cellJson![i] ?? toDecisionValue(cells[i]!.raw) ?? null })),
        rules: ruleTraces,
      };
    },
  };
}

/** Checks a literal of an input entry against the input's type and allowed values. */
function checkLiteral(value: unknown, typeRef: TypeRef, allowed: CompiledEntry | undefined, equality: boolean, fail: (reason: string) => never): void {
  if (value === null) return;
  const kind = value instanceof DayValue ? 'date' : typeof value;
  const fits =
    typeRef === 'any' ||
    (typeRef === 'number' && kind === 'number') ||
    (typeRef === 'string' && kind === 'string') ||
    (typeRef === 'boolean' && kind === 'boolean') ||
    (typeRef === 'date' && kind === 'date');
  if (!fits) {
    const hint = typeRef === 'date' && kind === 'string' ? ` (write date(${JSON.stringify(value)}))` : '';
    fail(`${describeValue(value)} is not a ${typeRef}, the input's type${hint}`);
  }
  if (equality && allowed !== undefined && !allowed.test({ value, raw: toDecisionValue(value) ?? null, typeRef }, { variables: {} })) {
    fail(`${describeValue(value)} is not one of the input's allowed values ${allowed.text}`);
  }
}

/** Checks an output value against the output's type and allowed values. */
function checkOutputValue(output: CompiledOutput, value: DecisionValue, fail: (reason: string) => never): void {
  if (value === null) return;
  if (!fitsType(value, output.typeRef)) fail(`${describeValue(value)} is not a ${output.typeRef}, the output's type`);
  if (output.priority !== undefined && !output.priority.some((allowed) => jsonEquals(allowed, value))) {
    fail(`${describeValue(value)} is not one of the output's allowed values ${output.priority.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (output.allowedTests !== undefined) {
    const prepared = prepareInput(value, output.typeRef);
    const cell: Cell = { value: 'error' in prepared ? value : prepared.value, raw: value, typeRef: output.typeRef };
    if (!output.allowedTests.test(cell, { variables: {} })) fail(`${describeValue(value)} is not one of the output's allowed values ${output.allowedTests.text}`);
  }
}

/** Compiles an input entry (or allowed values). Throws ExpressionError or ExpressionFailure. */
function compileEntry(entry: InputEntry, typeRef: TypeRef, jsonLogic: JsonLogicEvaluator, id: string, knownNames: ReadonlySet<string> | undefined): CompiledEntry {
  switch (entry.kind) {
    case 'feel': {
      const tests = compileUnaryTests(entry.text);
      if (knownNames !== undefined && tests.mode === 'feelin') {
        const unknown = (tests.reads ?? []).filter((name) => !knownNames.has(name));
        if (unknown.length > 0) {
          const name = unknown[0]!;
          throw new ExpressionFailure(
            `entry ${JSON.stringify(entry.text.trim())} reads ${JSON.stringify(name)}, which is not an input of the table; a string is written in quotes ("\\"${name}\\"") or as a list (["${name}"])`,
          );
        }
      }
      return { text: entry.text, wildcard: tests.mode === 'wildcard', test: tests.test };
    }
    case 'jsonlogic': {
      checkJsonLogicNames(entry.rule);
      const compiled = jsonLogic.compile(entry.rule, { id });
      return {
        text: compiled.source,
        wildcard: false,
        test: (cell, env) =>
          truthy(
            compiled.evaluate({ ...env, locals: { '?': cell.raw } }),
          ),
      };
    }
    case 'values': {
      const values = entry.values.map((value) => {
        const prepared = prepareInput(value, typeRef);
        return 'error' in prepared ? value : prepared.value;
      });
      const text = entry.values.map((value) => JSON.stringify(value)).join(', ');
      if (values.length === 0) throw new ExpressionFailure('an empty list of values matches nothing; write "-" for any value');
      if (values.length === 1) {
        const only = values[0];
        return { text, wildcard: false, test: (cell) => equalsValue(cell.value, only) };
      }
      return { text, wildcard: false, test: (cell) => values.some((value) => equalsValue(cell.value, value)) };
    }
  }
}
