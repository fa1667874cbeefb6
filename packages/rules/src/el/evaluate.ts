/**
 * The EL evaluator: compiles a syntax tree once into nested closures, so evaluation never walks or
 * re-parses the tree (this runs on the engine's hot path).
 */
import { FORBIDDEN_NAMES, getMember, resolveName, type ExpressionContext } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import type { CallNode, ElNode, ElTemplate } from './ast.js';
import { builtinFunction } from './builtins.js';
import { arithmetic, compare, isEmpty, looseEquals, negate, toBoolean, toText } from './coercion.js';
import { callPseudoMethod, VARIABLE_FUNCTION_PREFIXES, variableFunction } from './flowable.js';

/** A compiled EL expression. */
export type Evaluator = (context: ExpressionContext) => unknown;

/**
 * Compiles a parsed template: a single expression returns its value, a composite returns the
 * concatenation of its text and its expressions coerced to strings.
 */
export function compileTemplate(template: ElTemplate): Evaluator {
  if (!template.composite) return compileNode(template.parts[0] as ElNode);
  const parts = template.parts.map((part): Evaluator => {
    if (typeof part === 'string') return () => part;
    const evaluate = compileNode(part);
    return (context) => toText(evaluate(context));
  });
  return (context) => {
    let result = '';
    for (const part of parts) result += part(context) as string;
    return result;
  };
}

/** Compiles one expression node. Throws ExpressionFailure for what can be rejected statically. */
export function compileNode(node: ElNode): Evaluator {
  switch (node.kind) {
    case 'Literal': {
      const value = node.value;
      return () => value;
    }
    case 'Identifier': {
      const name = node.name;
      return (context) => resolveName(context, name);
    }
    case 'Member': {
      const object = compileNode(node.object);
      const property = node.property;
      return (context) => getMember(object(context), property);
    }
    case 'Index': {
      const object = compileNode(node.object);
      const index = compileNode(node.index);
      return (context) => {
        const target = object(context);
        const key = index(context);
        if (typeof key === 'string' && FORBIDDEN_NAMES.has(key)) return null;
        return getMember(target, key);
      };
    }
    case 'Unary': {
      const argument = compileNode(node.argument);
      switch (node.operator) {
        case '-':
          return (context) => negate(argument(context));
        case '!':
          return (context) => !toBoolean(argument(context));
        case 'empty':
          return (context) => isEmpty(argument(context));
      }
      break;
    }
    case 'Binary': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const operator = node.operator;
      switch (operator) {
        case '==':
          return (context) => looseEquals(left(context), right(context));
        case '!=':
          return (context) => !looseEquals(left(context), right(context));
        case '<':
        case '<=':
        case '>':
        case '>=':
          return (context) => compare(operator, left(context), right(context));
        default:
          return (context) => arithmetic(operator, left(context), right(context));
      }
    }
    case 'Logical': {
      const operands = node.operands.map(compileNode);
      if (node.operator === '&&') {
        return (context) => {
          for (const operand of operands) if (!toBoolean(operand(context))) return false;
          return true;
        };
      }
      return (context) => {
        for (const operand of operands) if (toBoolean(operand(context))) return true;
        return false;
      };
    }
    case 'Conditional': {
      const test = compileNode(node.test);
      const consequent = compileNode(node.consequent);
      const alternate = compileNode(node.alternate);
      return (context) => (toBoolean(test(context)) ? consequent(context) : alternate(context));
    }
    case 'MethodCall': {
      const name = compileNameArgument(node.args[0] as ElNode, `${node.receiver}.${node.method}`, false);
      const { receiver, method } = node;
      return (context) => callPseudoMethod(context, receiver, method, name(context));
    }
    case 'Call':
      return compileCall(node);
  }
  throw new ExpressionFailure(`unsupported expression node`);
}

/**
 * The variable-name argument of a Flowable function or pseudo-method: a string literal is the name;
 * for the `var:` functions a bare identifier is the name itself too (`var:get(amount)`, Flowable's
 * rewriting), while a pseudo-method is a real call whose argument is evaluated. Anything else is
 * evaluated and must give a string.
 */
function compileNameArgument(node: ElNode, callee: string, bareNames: boolean): (context: ExpressionContext) => string {
  if ((bareNames && node.kind === 'Identifier') || (node.kind === 'Literal' && typeof node.value === 'string')) {
    const name = node.kind === 'Identifier' ? node.name : (node.value as string);
    if (FORBIDDEN_NAMES.has(name)) throw new ExpressionFailure(`access to '${name}' is not allowed`, node.start);
    return () => name;
  }
  const evaluate = compileNode(node);
  return (context) => {
    const name = evaluate(context);
    if (typeof name !== 'string') throw new ExpressionFailure(`${callee} needs a variable name, got ${typeof name}`);
    return name;
  };
}

function compileCall(node: CallNode): Evaluator {
  const { prefix, name } = node;
  if (prefix !== undefined && VARIABLE_FUNCTION_PREFIXES.has(prefix)) {
    const fn = variableFunction(prefix, name, node.args.length);
    const variable = compileNameArgument(node.args[0] as ElNode, `${prefix}:${name}`, true);
    const extra = node.args.slice(1).map(compileNode);
    return (context) => {
      const value = resolveName(context, variable(context));
      return fn.apply(
        value,
        extra.map((arg) => arg(context)),
      );
    };
  }
  const args = node.args.map(compileNode);
  const builtin = prefix === 'fn' ? builtinFunction(name, args.length) : undefined;
  if (builtin !== undefined) {
    return (context) =>
      builtin.apply(
        args.map((arg) => arg(context)),
        context,
      );
  }
  const qualified = prefix === undefined ? name : `${prefix}:${name}`;
  return (context) => {
    const functions = context.functions;
    const fn = functions !== undefined && functions !== null && Object.hasOwn(functions, qualified) ? functions[qualified] : undefined;
    if (typeof fn !== 'function') throw new ExpressionFailure(`unknown function ${qualified}`);
    const values = args.map((arg) => arg(context));
    let result: unknown;
    try {
      result = fn(...values);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ExpressionFailure(`function ${qualified} failed: ${detail}`, undefined, { cause: error });
    }
    return result === undefined ? null : result;
  };
}
