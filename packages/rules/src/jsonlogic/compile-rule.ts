/**
 * Compiles a JSON Logic rule into closures after validating it: every operation must be a built-in
 * or one of the evaluator's custom operations, depth and size are bounded, and data is read through
 * own properties only. Also collects the names the rule reads.
 */
import type { Budget } from '../budget.js';
import { FORBIDDEN_NAMES, isPlainObject, lookupMember, MISSING, type ExpressionContext } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import { caseOperation, CASE_OPERATIONS } from './case-operations.js';
import { numberOf, STANDARD_OPERATION_SET, standardOperation, truthy } from './operations.js';

const CASE_OPERATION_SET: ReadonlySet<string> = new Set(CASE_OPERATIONS);

/** A custom operation: receives the evaluated arguments, returns a value. */
export type Operation = (...args: unknown[]) => unknown;

/** Marks the top-level data: `var` then reads the context's names rather than a value's members. */
const ROOT: unique symbol = Symbol('root');
type Data = unknown;
/** What one evaluation of a rule reads besides its data: the context and the budget it spends. */
interface Scope {
  readonly context: ExpressionContext;
  readonly budget: Budget;
}
type Rule = (scope: Scope, data: Data) => unknown;

interface Analysis {
  readonly names: Set<string>;
  unknowable: boolean;
  nodes: number;
}

/** The compiled rule and the top-level names it reads (undefined when unknowable). */
export interface CompiledRule {
  readonly evaluate: (context: ExpressionContext, budget: Budget) => unknown;
  readonly reads: readonly string[] | undefined;
}

/** Compiles `rule` with the given custom operations. Throws ExpressionFailure when invalid. */
export function compileRule(rule: unknown, custom: ReadonlyMap<string, Operation>): CompiledRule {
  const analysis: Analysis = { names: new Set(), unknowable: false, nodes: 0 };
  const compiled = compileNode(rule, custom, analysis, 1, true);
  return {
    evaluate: (context, budget) => normalize(compiled({ context, budget }, ROOT)),
    reads: analysis.unknowable ? undefined : [...analysis.names].sort(),
  };
}

function normalize(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** Reads a top-level name from the context: locals, repetitionCounter, variables. */
function lookupRoot(context: ExpressionContext, key: string): unknown {
  if (FORBIDDEN_NAMES.has(key)) return MISSING;
  const locals = context.locals;
  if (locals !== undefined && locals !== null && Object.hasOwn(locals, key)) return normalizeMissing(locals[key]);
  if (key === 'repetitionCounter' && typeof context.repetitionCounter === 'number') return context.repetitionCounter;
  const variables = context.variables;
  if (variables === undefined || variables === null || !Object.hasOwn(variables, key)) return MISSING;
  return normalizeMissing(variables[key]);
}

function normalizeMissing(value: unknown): unknown {
  return value === undefined ? MISSING : value;
}

/** json-logic-js's `var`: a dotted path; absent → the default (null when none). */
function readVar(scope: Scope, data: Data, path: unknown, fallback: unknown): unknown {
  const { context, budget } = scope;
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === null || path === '') return data === ROOT ? context.variables : data;
  if (typeof path !== 'string' && typeof path !== 'number' && typeof path !== 'boolean') return notFound;
  if (typeof path === 'string' && path.length > 64) budget.text(path.length, 'a variable path');
  const segments = String(path).split('.');
  let current: unknown = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || current === undefined) return notFound;
    const segment = segments[i] as string;
    current = current === ROOT ? lookupRoot(context, segment) : lookupMember(current, segment);
    if (current === MISSING) return notFound;
  }
  return current;
}

/** Records what a root-scope `var`/`missing` path reads. */
function noteRead(analysis: Analysis, path: unknown): void {
  if (typeof path === 'string' || typeof path === 'number') {
    const text = String(path);
    const first = text.split('.')[0] as string;
    if (text === '') analysis.unknowable = true;
    else if (!FORBIDDEN_NAMES.has(first)) analysis.names.add(first);
  } else {
    analysis.unknowable = true;
  }
}

function isLiteral(node: unknown): boolean {
  return node === null || typeof node !== 'object';
}

function compileNode(node: unknown, custom: ReadonlyMap<string, Operation>, analysis: Analysis, depth: number, root: boolean): Rule {
  if (depth > EXPRESSION_LIMITS.maxDepth) {
    throw new ExpressionFailure(`rule nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`);
  }
  analysis.nodes += 1;
  if (analysis.nodes > EXPRESSION_LIMITS.maxNodes) {
    throw new ExpressionFailure(`rule too large (more than ${EXPRESSION_LIMITS.maxNodes} nodes)`);
  }
  if (node === undefined || node === null) return () => null;
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return () => node;
  if (Array.isArray(node)) {
    const elements = node.map((element: unknown) => compileNode(element, custom, analysis, depth + 1, root));
    return (scope, data) => {
      scope.budget.step(1 + elements.length);
      return elements.map((element) => normalize(element(scope, data)));
    };
  }
  if (!isPlainObject(node)) throw new ExpressionFailure(`a rule may contain only JSON values, found ${typeof node === 'object' ? 'an object that is not plain' : `a ${typeof node}`}`);
  const keys = Object.keys(node);
  if (keys.length !== 1) return () => node;
  const operator = keys[0] as string;
  const raw = node[operator];
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  const sub = (value: unknown, scopeIsRoot = root): Rule => compileNode(value, custom, analysis, depth + 1, scopeIsRoot);

  switch (operator) {
    case 'var': {
      if (root) {
        if (isLiteral(values[0])) noteRead(analysis, values[0] ?? '');
        else analysis.unknowable = true;
      }
      const path = sub(values[0]);
      const fallback = values.length > 1 ? sub(values[1]) : undefined;
      return (scope, data) => {
        scope.budget.step();
        return readVar(scope, data, path(scope, data), fallback === undefined ? undefined : fallback(scope, data));
      };
    }
    case 'missing': {
      if (root) noteKeys(analysis, values.length === 1 && Array.isArray(values[0]) ? values[0] : values);
      const args = values.map((value) => sub(value));
      return (scope, data) => {
        const evaluated = args.map((arg) => arg(scope, data));
        return missing(scope, data, Array.isArray(evaluated[0]) ? (evaluated[0] as unknown[]) : evaluated);
      };
    }
    case 'missing_some': {
      if (root) noteKeys(analysis, Array.isArray(values[1]) ? values[1] : [values[1]]);
      const need = sub(values[0]);
      const options = sub(values[1]);
      return (scope, data) => {
        const keys = options(scope, data);
        if (!Array.isArray(keys)) throw new ExpressionFailure('missing_some needs a list of names as its second argument');
        const absent = missing(scope, data, keys);
        return keys.length - absent.length >= numberOf(need(scope, data), scope.budget) ? [] : absent;
      };
    }
    case 'if':
    case '?:': {
      const branches = values.map((value) => sub(value));
      return (scope, data) => {
        scope.budget.step();
        let i = 0;
        for (; i < branches.length - 1; i += 2) {
          if (truthy((branches[i] as Rule)(scope, data))) return (branches[i + 1] as Rule)(scope, data);
        }
        return i === branches.length - 1 ? (branches[i] as Rule)(scope, data) : null;
      };
    }
    case 'and':
    case 'or': {
      const operands = values.map((value) => sub(value));
      const stopWhen = operator === 'or';
      return (scope, data) => {
        scope.budget.step();
        let current: unknown = null;
        for (const operand of operands) {
          current = operand(scope, data);
          if (truthy(current) === stopWhen) return current;
        }
        return current;
      };
    }
    case 'filter':
    case 'map':
    case 'all':
    case 'none':
    case 'some': {
      const list = sub(values[0]);
      const logic = sub(values[1], false);
      return (scope, data) => {
        const items = list(scope, data);
        scope.budget.step(1 + (Array.isArray(items) ? items.length : 0));
        return iterate(operator, Array.isArray(items) ? items : undefined, (item) => logic(scope, item));
      };
    }
    case 'reduce': {
      const list = sub(values[0]);
      const logic = sub(values[1], false);
      const initial = values[2] === undefined ? undefined : sub(values[2]);
      return (scope, data) => {
        const items = list(scope, data);
        const start = initial === undefined ? null : initial(scope, data);
        if (!Array.isArray(items)) return start;
        scope.budget.step(1 + items.length);
        let accumulator = start;
        for (const current of items) accumulator = logic(scope, { current, accumulator });
        return accumulator;
      };
    }
    default:
      break;
  }

  if (CASE_OPERATION_SET.has(operator)) {
    // `{"today": null}` and `{"today": []}` both mean no argument.
    const given = values.length === 1 && values[0] === null && raw === null ? [] : values;
    const caseArgs = given.map((value) => sub(value));
    const apply = caseOperation(operator, caseArgs.length);
    return (scope, data) => {
      scope.budget.step();
      return normalize(apply(caseArgs.map((arg) => normalize(arg(scope, data))), scope.context, scope.budget));
    };
  }
  const args = values.map((value) => sub(value));
  if (STANDARD_OPERATION_SET.has(operator)) {
    const apply = standardOperation(operator);
    return (scope, data) => {
      scope.budget.step();
      return apply(args.map((arg) => normalize(arg(scope, data))), scope.budget);
    };
  }
  const operation = custom.get(operator);
  if (operation === undefined) throw new ExpressionFailure(`unknown operation ${JSON.stringify(operator)}`);
  return (scope, data) => {
    scope.budget.step();
    const evaluated = args.map((arg) => normalize(arg(scope, data)));
    try {
      return normalize(operation(...evaluated));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ExpressionFailure(`operation ${JSON.stringify(operator)} failed: ${detail}`, undefined, { cause: error });
    }
  };
}

/** Notes the names a `missing`/`missing_some` checks; unknowable when one is computed. */
function noteKeys(analysis: Analysis, keys: unknown): void {
  if (!Array.isArray(keys)) {
    analysis.unknowable = true;
    return;
  }
  for (const key of keys) {
    if (isLiteral(key)) noteRead(analysis, key);
    else analysis.unknowable = true;
  }
}

/** json-logic-js's `missing`: the keys whose value is absent, null or ''. */
function missing(scope: Scope, data: Data, keys: readonly unknown[]): unknown[] {
  scope.budget.step(1 + keys.length);
  const result: unknown[] = [];
  for (const key of keys) {
    const value = readVar(scope, data, key, null);
    if (value === null || value === '') result.push(key);
  }
  return result;
}

function iterate(operator: 'filter' | 'map' | 'all' | 'none' | 'some', items: readonly unknown[] | undefined, test: (item: unknown) => unknown): unknown {
  switch (operator) {
    case 'filter':
      return items === undefined ? [] : items.filter((item) => truthy(test(item)));
    case 'map':
      return items === undefined ? [] : items.map((item) => normalize(test(item)));
    case 'all':
      if (items === undefined || items.length === 0) return false;
      return items.every((item) => truthy(test(item)));
    case 'none':
      if (items === undefined || items.length === 0) return true;
      return !items.some((item) => truthy(test(item)));
    case 'some':
      if (items === undefined || items.length === 0) return false;
      return items.some((item) => truthy(test(item)));
  }
}
