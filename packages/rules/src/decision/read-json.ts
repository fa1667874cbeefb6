/**
 * The JSON form of decision tables (schema: `@casekit/rules/decision-table.schema.json`, described
 * in docs/rules.md) → decision definitions. Strict: an unknown key, an unknown input in `when`, an
 * output missing from `then` are errors naming the table and rule.
 */
import { isPlainObject } from '../context.js';
import { DecisionTableError } from './errors.js';
import { DECISION_LIMITS } from './limits.js';
import {
  BUILTIN_AGGREGATORS,
  HIT_POLICIES,
  type BuiltinAggregator,
  type DecisionDefinition,
  type DecisionRuleDefinition,
  type DecisionValue,
  type HitPolicy,
  type InputClause,
  type InputEntry,
  type OutputClause,
  type OutputEntry,
} from './model.js';
import { toDecisionValue, typeRefOf, TYPE_NAMES_ACCEPTED } from './values.js';

/**
 * Options of {@link readDecisionTableJson} and {@link readDmn}.
 *
 * @example
 * const options: ReadOptions = { source: 'tables/credit.json' };
 */
export interface ReadOptions {
  /** The file name, quoted in errors. */
  readonly source?: string;
}

const TABLE_KEYS = new Set(['$schema', 'id', 'name', 'description', 'aliases', 'variable', 'requires', 'hitPolicy', 'aggregation', 'inputs', 'outputs', 'rules']);
const INPUT_KEYS = new Set(['name', 'label', 'description', 'type', 'expression', 'allowedValues']);
const OUTPUT_KEYS = new Set(['name', 'label', 'description', 'type', 'allowedValues', 'default']);
const RULE_KEYS = new Set(['id', 'description', 'when', 'then']);

type Json = Record<string, unknown>;

/** Hit policies by their full names and DMN's single letters (`U`, `F`, `P`, `A`, `C`, `R`, `O`). */
const HIT_POLICY_NAMES: Readonly<Record<string, HitPolicy>> = {
  U: 'UNIQUE',
  F: 'FIRST',
  P: 'PRIORITY',
  A: 'ANY',
  C: 'COLLECT',
  R: 'RULE ORDER',
  O: 'OUTPUT ORDER',
  RULE_ORDER: 'RULE ORDER',
  OUTPUT_ORDER: 'OUTPUT ORDER',
  ...Object.fromEntries(HIT_POLICIES.map((policy) => [policy, policy])),
};

/** Reads a hit policy name (full, `RULE_ORDER`, or one letter); undefined when unknown. */
export function hitPolicyOf(text: string): HitPolicy | undefined {
  const key = text.trim().toUpperCase();
  return Object.hasOwn(HIT_POLICY_NAMES, key) ? HIT_POLICY_NAMES[key] : undefined;
}

/**
 * Reads decision tables in casekit's JSON form: one table object, or a list of them. `json` is the
 * parsed value or the text. Throws {@link DecisionTableError} naming the table, rule and entry.
 *
 * @example
 * const [definition] = readDecisionTableJson({
 *   id: 'adult', hitPolicy: 'FIRST',
 *   inputs: [{ name: 'age', type: 'number' }],
 *   outputs: [{ name: 'adult', type: 'boolean' }],
 *   rules: [{ when: { age: '>= 18' }, then: { adult: true } }, { when: {}, then: { adult: false } }],
 * });
 */
export function readDecisionTableJson(json: unknown, options: ReadOptions = {}): DecisionDefinition[] {
  const source = options.source;
  let value = json;
  if (typeof json === 'string') {
    if (json.length > DECISION_LIMITS.maxSourceLength) throw new DecisionTableError(`the source is longer than ${DECISION_LIMITS.maxSourceLength} characters`, { source });
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new DecisionTableError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { source }, { cause: error });
    }
  }
  const tables = Array.isArray(value) ? value : [value];
  if (tables.length > DECISION_LIMITS.maxDecisions) throw new DecisionTableError(`more than ${DECISION_LIMITS.maxDecisions} decisions`, { source });
  return tables.map((table, index) => readTable(table, source, index));
}

function readTable(value: unknown, source: string | undefined, position: number): DecisionDefinition {
  if (!isPlainObject(value)) throw new DecisionTableError(`decision table ${position + 1} is not a JSON object`, { source });
  const id = value['id'];
  if (typeof id !== 'string' || id.trim() === '') throw new DecisionTableError(`decision table ${position + 1} needs an "id" (a non-empty string)`, { source });
  const fail = (reason: string, at: { rule?: string; entry?: string } = {}): never => {
    throw new DecisionTableError(reason, { decision: id, source, ...at });
  };
  unknownKeys(value, TABLE_KEYS, (key) => fail(`unknown key ${JSON.stringify(key)} (a table has ${[...TABLE_KEYS].slice(1).join(', ')})`));

  const name = optionalString(value, 'name', fail);
  const variable = optionalString(value, 'variable', fail);
  const aliases = stringList(value['aliases'], 'aliases', fail);
  const requires = stringList(value['requires'], 'requires', fail);

  const hitPolicyText = value['hitPolicy'] ?? 'UNIQUE';
  if (typeof hitPolicyText !== 'string') return fail('"hitPolicy" must be a string', { entry: 'hitPolicy' });
  const hitPolicy = hitPolicyOf(hitPolicyText);
  if (hitPolicy === undefined) return fail(`unknown hit policy ${JSON.stringify(hitPolicyText)} (one of ${HIT_POLICIES.join(', ')})`, { entry: 'hitPolicy' });
  let aggregation: BuiltinAggregator | undefined;
  if (value['aggregation'] !== undefined) {
    const text = value['aggregation'];
    const found = typeof text === 'string' ? BUILTIN_AGGREGATORS.find((a) => a === text.trim().toUpperCase()) : undefined;
    if (found === undefined) return fail(`unknown aggregation ${JSON.stringify(text)} (one of ${BUILTIN_AGGREGATORS.join(', ')})`, { entry: 'aggregation' });
    aggregation = found;
  }

  const inputsValue = value['inputs'] ?? [];
  const outputsValue = value['outputs'];
  const rulesValue = value['rules'];
  if (!Array.isArray(inputsValue)) return fail('"inputs" must be a list');
  if (!Array.isArray(outputsValue) || outputsValue.length === 0) return fail('"outputs" must be a list of at least one output');
  if (!Array.isArray(rulesValue)) return fail('"rules" must be a list');
  if (inputsValue.length > DECISION_LIMITS.maxColumns || outputsValue.length > DECISION_LIMITS.maxColumns) {
    return fail(`a table may have at most ${DECISION_LIMITS.maxColumns} inputs and outputs`);
  }
  if (rulesValue.length > DECISION_LIMITS.maxRules) return fail(`a table may have at most ${DECISION_LIMITS.maxRules} rules`);

  const inputs: InputClause[] = inputsValue.map((input: unknown, index) => readInput(input, index, fail));
  const outputs: OutputClause[] = outputsValue.map((output: unknown, index) => readOutput(output, index, fail));
  const inputNames = new Map(inputs.map((input, index) => [input.name!, index] as const));
  if (inputNames.size !== inputs.length) fail('two inputs have the same name');
  const outputNames = new Map(outputs.map((output, index) => [output.name!, index] as const));
  if (outputNames.size !== outputs.length) fail('two outputs have the same name');

  const rules: DecisionRuleDefinition[] = rulesValue.map((rule: unknown, index): DecisionRuleDefinition => {
    const fallbackId = `rule-${index + 1}`;
    if (!isPlainObject(rule)) return fail('a rule must be an object with "when" and "then"', { rule: fallbackId });
    const ruleId = rule['id'] === undefined ? fallbackId : rule['id'];
    if (typeof ruleId !== 'string' || ruleId.trim() === '') return fail('a rule id must be a non-empty string', { rule: fallbackId });
    const at = (entry?: string): { rule: string; entry?: string } => (entry === undefined ? { rule: ruleId } : { rule: ruleId, entry });
    unknownKeys(rule, RULE_KEYS, (key) => fail(`unknown key ${JSON.stringify(key)} (a rule has id, description, when, then)`, at()));
    const when = rule['when'] ?? {};
    const then = rule['then'];
    if (!isPlainObject(when)) return fail('"when" must be an object of input name → entry', at());
    if (!isPlainObject(then)) return fail('"then" must be an object of output name → value', at());
    const inputEntries: InputEntry[] = inputs.map(() => ({ kind: 'feel', text: '-' }));
    for (const key of Object.keys(when)) {
      const column = inputNames.get(key);
      if (column === undefined) return fail(`unknown input ${JSON.stringify(key)} (the inputs are ${[...inputNames.keys()].join(', ') || 'none'})`, at(`input ${JSON.stringify(key)}`));
      inputEntries[column] = readInputEntry(when[key], (reason) => fail(reason, at(`input ${JSON.stringify(key)}`)));
    }
    const outputEntries: OutputEntry[] = [];
    for (const key of Object.keys(then)) {
      if (!outputNames.has(key)) return fail(`unknown output ${JSON.stringify(key)} (the outputs are ${[...outputNames.keys()].join(', ')})`, at(`output ${JSON.stringify(key)}`));
    }
    for (const output of outputs) {
      if (!Object.hasOwn(then, output.name!)) return fail(`the rule gives no value for output ${JSON.stringify(output.name)} (write null for none)`, at(`output ${JSON.stringify(output.name)}`));
      outputEntries.push(readOutputEntry(then[output.name!], (reason) => fail(reason, at(`output ${JSON.stringify(output.name)}`))));
    }
    const description = rule['description'];
    return { id: ruleId, description: typeof description === 'string' ? description : undefined, inputEntries, outputEntries };
  });

  return {
    id,
    name,
    variable,
    aliases,
    requires,
    source,
    closedNames: true,
    logic: { kind: 'decisionTable', table: { hitPolicy, aggregation, inputs, outputs, rules } },
  };
}

function readInput(value: unknown, index: number, fail: (reason: string, at?: { entry?: string }) => never): InputClause {
  if (!isPlainObject(value)) return fail(`input ${index + 1} must be an object with a "name"`);
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '') return fail(`input ${index + 1} needs a "name"`);
  const entry = `input ${JSON.stringify(name)}`;
  unknownKeys(value, INPUT_KEYS, (key) => fail(`unknown key ${JSON.stringify(key)} (an input has ${[...INPUT_KEYS].join(', ')})`, { entry }));
  const typeText = value['type'];
  if (typeText !== undefined && typeof typeText !== 'string') return fail('"type" must be a string', { entry });
  const typeRef = typeRefOf(typeText);
  if (typeRef === undefined) return fail(`unknown type ${JSON.stringify(typeText)} (one of ${TYPE_NAMES_ACCEPTED.join(', ')})`, { entry });
  const expressionValue = value['expression'];
  let expression: InputClause['expression'];
  if (expressionValue === undefined) expression = { kind: 'expression', text: name };
  else if (typeof expressionValue === 'string') expression = { kind: 'expression', text: expressionValue };
  else if (isPlainObject(expressionValue)) expression = { kind: 'jsonlogic', rule: expressionValue };
  else return fail('"expression" must be a FEEL expression (a string) or a JSON Logic rule (an object)', { entry });
  const allowed = value['allowedValues'];
  let allowedValues: InputEntry | undefined;
  if (allowed !== undefined) allowedValues = readInputEntry(allowed, (reason) => fail(`allowedValues: ${reason}`, { entry }));
  const label = value['label'];
  return {
    id: name,
    name,
    label: typeof label === 'string' ? label : undefined,
    expression,
    typeRef,
    typeRefText: typeText,
    allowedValues,
  };
}

function readOutput(value: unknown, index: number, fail: (reason: string, at?: { entry?: string }) => never): OutputClause {
  if (!isPlainObject(value)) return fail(`output ${index + 1} must be an object with a "name"`);
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '') return fail(`output ${index + 1} needs a "name"`);
  const entry = `output ${JSON.stringify(name)}`;
  unknownKeys(value, OUTPUT_KEYS, (key) => fail(`unknown key ${JSON.stringify(key)} (an output has ${[...OUTPUT_KEYS].join(', ')})`, { entry }));
  const typeText = value['type'];
  if (typeText !== undefined && typeof typeText !== 'string') return fail('"type" must be a string', { entry });
  const typeRef = typeRefOf(typeText);
  if (typeRef === undefined) return fail(`unknown type ${JSON.stringify(typeText)} (one of ${TYPE_NAMES_ACCEPTED.join(', ')})`, { entry });
  const allowed = value['allowedValues'];
  let allowedValues: OutputClause['allowedValues'];
  if (Array.isArray(allowed)) {
    allowedValues = allowed.map((item: unknown) => {
      const converted = toDecisionValue(item);
      if (converted === undefined || (converted !== null && typeof converted === 'object')) return fail('allowedValues must be a list of strings, numbers or booleans', { entry });
      return converted;
    });
  } else if (typeof allowed === 'string') allowedValues = { kind: 'feel', text: allowed };
  else if (allowed !== undefined) return fail('allowedValues must be a list of values (in decreasing priority) or FEEL unary tests', { entry });
  const label = value['label'];
  return {
    id: name,
    name,
    label: typeof label === 'string' ? label : undefined,
    typeRef,
    typeRefText: typeText,
    allowedValues,
    defaultOutputEntry: value['default'] === undefined ? undefined : readOutputEntry(value['default'], (reason) => fail(`default: ${reason}`, { entry })),
  };
}

/** A `when` entry: FEEL unary tests (string), literal(s) to equal (scalar or list), or JSON Logic (object). */
function readInputEntry(value: unknown, fail: (reason: string) => never): InputEntry {
  if (typeof value === 'string') return { kind: 'feel', text: value };
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return { kind: 'values', values: [value] };
  if (Array.isArray(value)) {
    const values = value.map((item: unknown) => {
      if (item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return item;
      return fail('a list entry holds only strings, numbers, booleans or null (any of them matches)');
    });
    return { kind: 'values', values };
  }
  if (isPlainObject(value) && Object.keys(value).length === 1) return { kind: 'jsonlogic', rule: value };
  return fail('an entry is FEEL unary tests (a string), a value or list of values, or a JSON Logic rule (an object with one operation)');
}

/** A `then` entry: a JSON value, `{"value": …}` (any value, even an object), `{"feel": "…"}` or JSON Logic. */
function readOutputEntry(value: unknown, fail: (reason: string) => never): OutputEntry {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'feel') {
      const text = value['feel'];
      if (typeof text !== 'string') return fail('"feel" must be a FEEL expression (a string)');
      return { kind: 'feel', text };
    }
    if (keys.length === 1 && keys[0] === 'value') return literal(value['value'], fail);
    if (keys.length !== 1) return fail('an object output is {"feel": "…"}, {"value": …} or a JSON Logic rule with one operation; write {"value": {…}} for an object');
    return { kind: 'jsonlogic', rule: value };
  }
  return literal(value, fail);
}

function literal(value: unknown, fail: (reason: string) => never): OutputEntry {
  const converted: DecisionValue | undefined = toDecisionValue(value);
  if (converted === undefined) return fail('an output value must be JSON');
  return { kind: 'value', value: converted };
}

function unknownKeys(value: Json, allowed: ReadonlySet<string>, fail: (key: string) => never): void {
  for (const key of Object.keys(value)) if (!allowed.has(key)) fail(key);
}

function optionalString(value: Json, key: string, fail: (reason: string) => never): string | undefined {
  const found = value[key];
  if (found === undefined) return undefined;
  if (typeof found !== 'string') return fail(`${JSON.stringify(key)} must be a string`);
  return found;
}

function stringList(value: unknown, key: string, fail: (reason: string) => never): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return fail(`${JSON.stringify(key)} must be a list of strings`);
  return value as string[];
}
