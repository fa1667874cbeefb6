/**
 * The JSON Logic operations casekit accepts, and the bridge to json-logic-js for the standard ones.
 *
 * json-logic-js keeps one process-wide operations table, so casekit never registers anything in it
 * and never hands it a rule from a model: each standard operation is applied by json-logic-js to
 * arguments casekit has already evaluated, through a fixed rule `{op: [{var:"0"}, {var:"1"}, …]}`
 * over the argument list. Data access (`var`, `missing`, `missing_some`), control flow and the
 * host's custom operations are evaluated by casekit itself.
 */
import jsonLogic from 'json-logic-js';
import { CASE_OPERATIONS } from './case-operations.js';

/** Pure standard operations, applied by json-logic-js (`log` is left out: it writes to the console). */
export const STANDARD_OPERATIONS: readonly string[] = [
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
];

/** Operations with data access or control flow, evaluated by casekit with json-logic-js's semantics. */
export const CONTROL_OPERATIONS: readonly string[] = [
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
];

/** Every built-in operation name: a custom operation may not reuse one. */
export const BUILT_IN_OPERATIONS: ReadonlySet<string> = new Set([...STANDARD_OPERATIONS, ...CONTROL_OPERATIONS, ...CASE_OPERATIONS]);

/** The standard operations applied through json-logic-js. */
export const STANDARD_OPERATION_SET: ReadonlySet<string> = new Set(STANDARD_OPERATIONS);

/** JSON Logic truthiness (an empty array is false), as json-logic-js defines it. */
export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

/**
 * A standard operation with a fixed number of already-evaluated arguments, applied by
 * json-logic-js. The arguments are passed as data, so no argument value is ever read as a rule.
 */
export function standardOperation(operator: string, arity: number): (args: readonly unknown[]) => unknown {
  const rule = { [operator]: Array.from({ length: arity }, (_, index) => ({ var: String(index) })) };
  return (args) => jsonLogic.apply(rule as Parameters<typeof jsonLogic.apply>[0], args);
}
