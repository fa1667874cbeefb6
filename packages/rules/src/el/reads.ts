/**
 * Static analysis of EL: the top-level names an expression reads, so the engine can re-evaluate an
 * if-part only when one of them changes.
 */
import type { ElNode, ElTemplate } from './ast.js';
import { PSEUDO_RECEIVERS, VARIABLE_FUNCTION_PREFIXES } from './flowable.js';

/**
 * The top-level names read by a template, sorted; undefined when a variable name is computed at
 * run time (`var:get(a.b)`, `caseInstance.getVariable(name)`).
 */
export function readsOf(template: ElTemplate): readonly string[] | undefined {
  const names = new Set<string>();
  for (const part of template.parts) {
    if (typeof part !== 'string' && !collect(part, names)) return undefined;
  }
  return [...names].sort();
}

/** Adds the names `node` reads; false when they are unknowable. */
function collect(node: ElNode, names: Set<string>): boolean {
  switch (node.kind) {
    case 'Literal':
      return true;
    case 'Identifier':
      names.add(node.name);
      return true;
    case 'Member':
      return collect(node.object, names);
    case 'Index':
      return collect(node.object, names) && collect(node.index, names);
    case 'Unary':
      return collect(node.argument, names);
    case 'Binary':
      return collect(node.left, names) && collect(node.right, names);
    case 'Logical':
      return node.operands.every((operand) => collect(operand, names));
    case 'Conditional':
      return collect(node.test, names) && collect(node.consequent, names) && collect(node.alternate, names);
    case 'MethodCall':
      return PSEUDO_RECEIVERS.has(node.receiver) && collectVariableName(node.args[0], names, false);
    case 'Call':
      if (node.prefix !== undefined && VARIABLE_FUNCTION_PREFIXES.has(node.prefix)) {
        return collectVariableName(node.args[0], names, true) && node.args.slice(1).every((arg) => collect(arg, names));
      }
      return node.args.every((arg) => collect(arg, names));
  }
}

/**
 * A variable-name argument: a string literal (or, for the `var:` functions, a bare identifier) is
 * the name; a computed name is unknowable.
 */
function collectVariableName(node: ElNode | undefined, names: Set<string>, bareNames: boolean): boolean {
  if (node === undefined) return true;
  if (bareNames && node.kind === 'Identifier') {
    names.add(node.name);
    return true;
  }
  if (node.kind === 'Literal' && typeof node.value === 'string') {
    names.add(node.value);
    return true;
  }
  return false;
}
