/**
 * The EL evaluator: compiles a syntax tree once into nested closures, so evaluation never walks or
 * re-parses the tree (this runs on the engine's hot path).
 */
import type { Budget } from '../budget.js';
import { FORBIDDEN_NAMES, getMember, resolveName, type ExpressionContext } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import type { CallNode, ElNode, ElTemplate } from './ast.js';
import { builtinFunction } from './builtins.js';
import { arithmetic, compare, isEmpty, looseEquals, negate, toBoolean, toText } from './coercion.js';
import { callPseudoMethod, VARIABLE_FUNCTION_PREFIXES, variableFunction } from './flowable.js';

/** A compiled EL expression. */
export type Evaluator = (context: ExpressionContext, budget: Budget) => unknown;

/**
 * Compiles a parsed template: a single expression returns its value, a composite returns the
 * concatenation of its text and its expressions coerced to strings.
 */
export function compileTemplate(template: ElTemplate): Evaluator {
  if (!template.composite) return compileNode(template.parts[0] as ElNode);
  const parts = template.parts.map((part): Evaluator => {
    if (typeof part === 'string') return () => part;
    const evaluate = compileNode(part);
    return (context, budget) => toText(evaluate(context, budget));
  });
  return (context, budget) => {
    const texts = parts.map((part) => part(context, budget) as string);
    budget.text(
      texts.reduce((total, text) => total + text.length, 0),
      'the text of the template',
    );
    return texts.join('');
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
      return (context, budget) => getMember(object(context, budget), property);
    }
    case 'Index': {
      const object = compileNode(node.object);
      const index = compileNode(node.index);
      return (context, budget) => {
        const target = object(context, budget);
        const key = index(context, budget);
        if (typeof key === 'string' && FORBIDDEN_NAMES.has(key)) return null;
        return getMember(target, key);
      };
    }
    case 'Unary': {
      const argument = compileNode(node.argument);
      switch (node.operator) {
        case '-':
          return (context, budget) => negate(argument(context, budget));
        case '!':
          return (context, budget) => !toBoolean(argument(context, budget));
        case 'empty':
          return (context, budget) => isEmpty(argument(context, budget));
      }
      break;
    }
    case 'Binary': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const operator = node.operator;
      switch (operator) {
        case '==':
          return (context, budget) => looseEquals(left(context, budget), right(context, budget));
        case '!=':
          return (context, budget) => !looseEquals(left(context, budget), right(context, budget));
        case '<':
        case '<=':
        case '>':
        case '>=':
          return (context, budget) => compare(operator, left(context, budget), right(context, budget));
        default:
          return (context, budget) => arithmetic(operator, left(context, budget), right(context, budget));
      }
    }
    case 'Logical': {
      const operands = node.operands.map(compileNode);
      if (node.operator === '&&') {
        return (context, budget) => {
          for (const operand of operands) if (!toBoolean(operand(context, budget))) return false;
          return true;
        };
      }
      return (context, budget) => {
        for (const operand of operands) if (toBoolean(operand(context, budget))) return true;
        return false;
      };
    }
    case 'Conditional': {
      const test = compileNode(node.test);
      const consequent = compileNode(node.consequent);
      const alternate = compileNode(node.alternate);
      return (context, budget) => (toBoolean(test(context, budget)) ? consequent(context, budget) : alternate(context, budget));
    }
    case 'MethodCall': {
      const name = compileNameArgument(node.args[0] as ElNode, `${node.receiver}.${node.method}`, false);
      const { receiver, method } = node;
      return (context, budget) => callPseudoMethod(context, receiver, method, name(context, budget));
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
function compileNameArgument(node: ElNode, callee: string, bareNames: boolean): (context: ExpressionContext, budget: Budget) => string {
  if ((bareNames && node.kind === 'Identifier') || (node.kind === 'Literal' && typeof node.value === 'string')) {
    const name = node.kind === 'Identifier' ? node.name : (node.value as string);
    if (FORBIDDEN_NAMES.has(name)) throw new ExpressionFailure(`access to '${name}' is not allowed`, node.start);
    return () => name;
  }
  const evaluate = compileNode(node);
  return (context, budget) => {
    const name = evaluate(context, budget);
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
    return (context, budget) => {
      const value = resolveName(context, variable(context, budget));
      return fn.apply(
        value,
        extra.map((arg) => arg(context, budget)),
      );
    };
  }
  const args = node.args.map(compileNode);
  const builtin = prefix === 'fn' ? builtinFunction(name, args.length) : undefined;
  if (builtin !== undefined) {
    return (context, budget) =>
      builtin.apply(
        args.map((arg) => arg(context, budget)),
        context,
        budget,
      );
  }
  const qualified = prefix === undefined ? name : `${prefix}:${name}`;
  return (context, budget) => {
    const functions = context.functions;
    const fn = functions !== undefined && functions !== null && Object.hasOwn(functions, qualified) ? functions[qualified] : undefined;
    if (typeof fn !== 'function') throw new ExpressionFailure(`unknown function ${qualified}`);
    const values = args.map((arg) => arg(context, budget));
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
