/**
 * Flowable compatibility: the pseudo-methods `caseInstance.getVariable('x')` / `hasVariable`, and
 * the null-safe variable functions `var:get(x)`, `var:eq(x, v)`, … (also under the `vars:` and
 * `variables:` prefixes), with the semantics of Flowable's `org.flowable.common.engine.impl.el.function`.
 */
import { FORBIDDEN_NAMES, hasVariable, readVariable, resolveName, type ExpressionContext } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { compare, deepEquals, describeValue } from './coercion.js';

/** Identifiers whose pseudo-methods may be called (Flowable's, and Camunda's `caseExecution`). */
export const PSEUDO_RECEIVERS: ReadonlySet<string> = new Set(['caseInstance', 'planItemInstance', 'caseExecution']);

/** The pseudo-methods callable on a {@link PSEUDO_RECEIVERS} identifier. */
export const PSEUDO_METHODS: ReadonlySet<string> = new Set(['getVariable', 'hasVariable']);

/** Flowable's prefixes for the variable functions. */
export const VARIABLE_FUNCTION_PREFIXES: ReadonlySet<string> = new Set(['var', 'vars', 'variables']);

/** Evaluates a pseudo-method call on its receiver. */
export function callPseudoMethod(context: ExpressionContext, receiver: string, method: string, name: string): unknown {
  const caseScope = receiver === 'caseInstance';
  if (method === 'getVariable') return caseScope ? readVariable(context, name) : resolveName(context, name);
  if (caseScope) return hasVariable(context, name);
  if (FORBIDDEN_NAMES.has(name)) return false;
  const locals = context.locals;
  if (locals !== undefined && locals !== null && Object.hasOwn(locals, name)) return true;
  if (name === 'repetitionCounter' && typeof context.repetitionCounter === 'number') return true;
  return hasVariable(context, name);
}

/** One variable function: `apply` gets the variable's value (null when absent) and the other arguments. */
interface VariableFunction {
  /** The canonical name. */
  readonly name: string;
  /** How many arguments after the variable name: [min, max]. */
  readonly extra: readonly [number, number];
  readonly apply: (value: unknown, args: readonly unknown[]) => unknown;
}

function compareVariable(operator: '<' | '<=' | '>' | '>='): VariableFunction['apply'] {
  return (value, [compared]) => {
    if (value === null || compared === null || compared === undefined) return false;
    if (typeof value === 'number' && typeof compared !== 'number') {
      throw new ExpressionFailure(`cannot compare ${describeValue(value)} with ${describeValue(compared)}`);
    }
    if (typeof value === 'string' && typeof compared !== 'string') {
      throw new ExpressionFailure(`cannot compare ${describeValue(value)} with ${describeValue(compared)}`);
    }
    return compare(operator, value, compared);
  };
}

function variableEquals(value: unknown, compared: unknown): boolean {
  return deepEquals(value ?? null, compared ?? null);
}

function isEmptyValue(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return value.length === 0;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function contains(value: unknown, wanted: unknown): boolean {
  if (typeof value === 'string') return typeof wanted === 'string' && value.includes(wanted);
  if (Array.isArray(value)) return value.some((element) => deepEquals(element ?? null, wanted ?? null));
  return false;
}

const FUNCTIONS: readonly (VariableFunction & { readonly aliases: readonly string[] })[] = [
  { name: 'get', aliases: ['get'], extra: [0, 0], apply: (value) => value },
  { name: 'getOrDefault', aliases: ['getOrDefault'], extra: [1, 1], apply: (value, [fallback]) => (value === null ? fallback : value) },
  { name: 'exists', aliases: ['exists', 'exist'], extra: [0, 0], apply: (value) => value !== null },
  { name: 'equals', aliases: ['equals', 'eq'], extra: [1, 1], apply: (value, [compared]) => variableEquals(value, compared) },
  {
    name: 'notEquals',
    aliases: ['notEquals', 'ne'],
    extra: [1, 1],
    apply: (value, [compared]) => value !== null && !variableEquals(value, compared),
  },
  { name: 'lowerThan', aliases: ['lowerThan', 'lessThan', 'lt'], extra: [1, 1], apply: compareVariable('<') },
  {
    name: 'lowerThanOrEquals',
    aliases: ['lowerThanOrEquals', 'lessThanOrEquals', 'lte'],
    extra: [1, 1],
    apply: compareVariable('<='),
  },
  { name: 'greaterThan', aliases: ['greaterThan', 'gt'], extra: [1, 1], apply: compareVariable('>') },
  { name: 'greaterThanOrEquals', aliases: ['greaterThanOrEquals', 'gte'], extra: [1, 1], apply: compareVariable('>=') },
  { name: 'isEmpty', aliases: ['isEmpty', 'empty'], extra: [0, 0], apply: (value) => isEmptyValue(value) },
  { name: 'isNotEmpty', aliases: ['isNotEmpty', 'notEmpty'], extra: [0, 0], apply: (value) => !isEmptyValue(value) },
  {
    name: 'contains',
    aliases: ['contains'],
    extra: [1, Number.POSITIVE_INFINITY],
    apply: (value, wanted) => value !== null && wanted.every((w) => contains(value, w)),
  },
  {
    name: 'containsAny',
    aliases: ['containsAny'],
    extra: [1, Number.POSITIVE_INFINITY],
    apply: (value, wanted) => value !== null && wanted.some((w) => contains(value, w)),
  },
];

const BY_NAME: ReadonlyMap<string, VariableFunction> = new Map(
  FUNCTIONS.flatMap((fn) => fn.aliases.map((alias) => [alias, fn] as const)),
);

/** Every local name accepted after `var:` (aliases included), for documentation and tests. */
export const VARIABLE_FUNCTION_NAMES: readonly string[] = [...BY_NAME.keys()];

/**
 * Looks up a variable function by its local name and checks the argument count (the variable name
 * plus the extra arguments). Throws for an unknown name or a wrong count.
 */
export function variableFunction(prefix: string, local: string, argumentCount: number): VariableFunction {
  const fn = BY_NAME.get(local);
  if (fn === undefined) {
    throw new ExpressionFailure(`unknown function ${prefix}:${local} (known: ${VARIABLE_FUNCTION_NAMES.join(', ')})`);
  }
  const [min, max] = fn.extra;
  const extra = argumentCount - 1;
  if (extra < min || extra > max) {
    const expected = max === Number.POSITIVE_INFINITY ? `at least ${min + 1}` : min === max ? `${min + 1}` : `${min + 1} to ${max + 1}`;
    throw new ExpressionFailure(`${prefix}:${local} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${argumentCount}`);
  }
  return fn;
}
