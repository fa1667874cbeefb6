/**
 * Decisions as plain data — what the DMN reader and the JSON reader both produce, and the one
 * compiler turns into evaluators. Names follow DMN 1.3/1.4 (§8 decision tables).
 */

/**
 * A JSON value: what a decision reads from the case file and writes back into it.
 *
 * @example
 * const value: DecisionValue = { level: 'high', score: 7, flags: ['copd'] };
 */
export type DecisionValue = null | boolean | number | string | readonly DecisionValue[] | { readonly [key: string]: DecisionValue };

/**
 * The hit policies of DMN 1.3 §8.2.11, by their full names.
 *
 * @example
 * HIT_POLICIES.includes('FIRST'); // true
 */
export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;

/**
 * A hit policy (DMN 1.3 §8.2.11): single hit `UNIQUE`, `FIRST`, `PRIORITY`, `ANY`; multiple hit
 * `COLLECT`, `RULE ORDER`, `OUTPUT ORDER`.
 *
 * @example
 * const policy: HitPolicy = 'RULE ORDER';
 */
export type HitPolicy = (typeof HIT_POLICIES)[number];

/**
 * The aggregations of a `COLLECT` table (DMN `BuiltinAggregator`).
 *
 * @example
 * BUILTIN_AGGREGATORS.includes('SUM'); // true
 */
export const BUILTIN_AGGREGATORS = ['SUM', 'COUNT', 'MIN', 'MAX'] as const;

/**
 * A `COLLECT` aggregation: SUM, MIN and MAX of the one output's values, COUNT of its distinct values.
 *
 * @example
 * const aggregation: BuiltinAggregator = 'COUNT';
 */
export type BuiltinAggregator = (typeof BUILTIN_AGGREGATORS)[number];

/**
 * The FEEL types casekit checks inputs and outputs against (`any` = unchecked). DMN and modeler
 * spellings are mapped at load: `integer`, `long`, `double` → `number`; `date and time` → `dateTime`;
 * `days and time duration`, `years and months duration` → `duration`.
 *
 * @example
 * const type: TypeRef = 'date';
 */
export type TypeRef = 'string' | 'number' | 'boolean' | 'date' | 'dateTime' | 'time' | 'duration' | 'any';

/**
 * An input entry of a rule, or the allowed values of an input: FEEL unary tests (DMN, and strings in
 * JSON tables), a JSON Logic rule (objects in JSON tables; `{"var":"?"}` is the input's value) or a
 * list of literal values the input must equal (JSON tables' scalars and arrays).
 *
 * @example
 * const entries: InputEntry[] = [{ kind: 'feel', text: '>= 18' }, { kind: 'values', values: ['gold', 'silver'] }];
 */
export type InputEntry =
  | { readonly kind: 'feel'; readonly text: string }
  | { readonly kind: 'jsonlogic'; readonly rule: unknown }
  | { readonly kind: 'values'; readonly values: readonly (string | number | boolean | null)[] };

/**
 * An output entry of a rule (or an output's default): a FEEL expression (DMN), a literal JSON value
 * or a JSON Logic rule (JSON tables).
 *
 * @example
 * const entries: OutputEntry[] = [{ kind: 'feel', text: '"high"' }, { kind: 'value', value: 5000 }];
 */
export type OutputEntry =
  | { readonly kind: 'feel'; readonly text: string }
  | { readonly kind: 'value'; readonly value: DecisionValue }
  | { readonly kind: 'jsonlogic'; readonly rule: unknown };

/**
 * How an input's value is obtained from the decision's context: an expression (FEEL by default;
 * `language` may name EL or JSON Logic as CMMN does, §11) or a JSON Logic rule.
 *
 * @example
 * const expression: InputExpression = { kind: 'expression', text: 'patient.age' };
 */
export type InputExpression =
  | { readonly kind: 'expression'; readonly text: string; readonly language?: string | undefined }
  | { readonly kind: 'jsonlogic'; readonly rule: unknown };

/**
 * A column of conditions (DMN `InputClause`).
 *
 * @example
 * const input: InputClause = { id: 'age', label: 'Age', expression: { kind: 'expression', text: 'age' }, typeRef: 'number' };
 */
export interface InputClause {
  readonly id: string;
  readonly label?: string | undefined;
  /** JSON tables: the name rules use in `when` (and, by default, the case file item read). */
  readonly name?: string | undefined;
  readonly expression: InputExpression;
  readonly typeRef: TypeRef;
  /** The type as written, when it was mapped (`integer` → number). */
  readonly typeRefText?: string | undefined;
  /** DMN `inputValues`: the values the input may take. */
  readonly allowedValues?: InputEntry | undefined;
}

/**
 * A column of results (DMN `OutputClause`).
 *
 * @example
 * const output: OutputClause = { id: 'level', name: 'riskLevel', typeRef: 'string', allowedValues: ['high', 'medium', 'low'] };
 */
export interface OutputClause {
  readonly id: string;
  readonly label?: string | undefined;
  /** The output's name: the case file item a decision task writes. Optional for a single output (the decision's variable). */
  readonly name: string | undefined;
  readonly typeRef: TypeRef;
  readonly typeRefText?: string | undefined;
  /**
   * DMN `outputValues`: the values an output may take, in decreasing priority (PRIORITY and
   * OUTPUT ORDER use the order). Unary tests that are not a list of literals are kept as text.
   */
  readonly allowedValues?: readonly DecisionValue[] | { readonly kind: 'feel'; readonly text: string } | undefined;
  /** DMN `defaultOutputEntry`: the value when no rule matches (single-hit tables). */
  readonly defaultOutputEntry?: OutputEntry | undefined;
}

/**
 * A row (DMN `DecisionRule`): one entry per input, one per output, in column order.
 *
 * @example
 * const rule: DecisionRuleDefinition = { id: 'r1', inputEntries: [{ kind: 'feel', text: '>= 18' }], outputEntries: [{ kind: 'value', value: 'adult' }] };
 */
export interface DecisionRuleDefinition {
  readonly id: string;
  readonly description?: string | undefined;
  readonly inputEntries: readonly InputEntry[];
  readonly outputEntries: readonly OutputEntry[];
}

/**
 * A decision table (DMN `DecisionTable`).
 *
 * @example
 * const table: DecisionTableDefinition = { hitPolicy: 'FIRST', inputs: [], outputs: [], rules: [] };
 */
export interface DecisionTableDefinition {
  readonly hitPolicy: HitPolicy;
  readonly aggregation?: BuiltinAggregator | undefined;
  readonly inputs: readonly InputClause[];
  readonly outputs: readonly OutputClause[];
  readonly rules: readonly DecisionRuleDefinition[];
}

/**
 * A decision (DMN `Decision`): its identity, the decisions it requires, and its logic — a decision
 * table or a FEEL literal expression.
 *
 * @example
 * const decision: DecisionDefinition = {
 *   id: 'adult', requires: [],
 *   logic: { kind: 'literalExpression', text: 'age >= 18' },
 * };
 */
export interface DecisionDefinition {
  readonly id: string;
  readonly name?: string | undefined;
  /** DMN `variable`: the name the result is known by to requiring decisions. Default: name, else id. */
  readonly variable?: string | undefined;
  /** Other names this decision answers to in a registry. */
  readonly aliases?: readonly string[] | undefined;
  /** Ids of the decisions whose results this one reads (DMN `informationRequirement/requiredDecision`). */
  readonly requires: readonly string[];
  readonly logic:
    | { readonly kind: 'decisionTable'; readonly table: DecisionTableDefinition }
    | { readonly kind: 'literalExpression'; readonly text: string; readonly typeRef?: TypeRef | undefined };
  /** Where it was read from (a file path), for error messages. */
  readonly source?: string | undefined;
  /**
   * JSON tables: FEEL entries may read only the inputs' names and required decisions' variables,
   * so a bare word (`gold` for `"gold"`) is an error at load rather than a variable read.
   */
  readonly closedNames?: boolean | undefined;
}
