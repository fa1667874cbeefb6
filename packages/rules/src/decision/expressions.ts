/**
 * The expressions of a decision table other than its unary tests: input expressions (which value
 * of the context an input column tests) and output entries (what a matching rule answers).
 * Plain names and literals — nearly all of them — are read without an interpreter; the rest go to
 * FEEL (feelin), the EL subset or JSON Logic through the package's compilers, with their limits.
 */
import { evaluate as evaluateFeel, parseExpression } from 'feelin';
import { compileExpression } from '../compile.js';
import type { CompiledExpression } from '../compiled-expression.js';
import { FORBIDDEN_NAMES, getMember, type ExpressionContext } from '../context.js';
import { ExpressionError, ExpressionFailure } from '../errors.js';
import type { JsonLogicEvaluator } from '../jsonlogic/evaluator.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import type { DecisionValue, InputExpression, OutputEntry } from './model.js';
import { checkBracketDepth } from './unary-test.js';
import { toDecisionValue } from './values.js';

/** Reads an input's value from the decision's context. Throws ExpressionError. */
export type ValueReader = (context: ExpressionContext) => unknown;

/** A dotted path of plain names (`age`, `patient.vitals.systolic`): read directly. */
const NAME_PATH = /^[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*(?:\.[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*)*$/;

/** Whether a FEEL-language `language` attribute (or none) applies. */
function isFeel(language: string | undefined): boolean {
  return language === undefined || language.trim() === '' || language.toLowerCase().includes('feel');
}

/** Reads a dotted path through own properties of plain objects only. */
function pathReader(path: string): ValueReader {
  const segments = path.split('.');
  if (segments.some((segment) => FORBIDDEN_NAMES.has(segment))) {
    throw new ExpressionFailure(`forbidden name in ${JSON.stringify(path)}`);
  }
  if (segments.length === 1) {
    const name = segments[0]!;
    return (context) => getMember(context.variables, name);
  }
  return (context) => {
    let current: unknown = context.variables;
    for (const segment of segments) {
      current = getMember(current, segment);
      if (current === null) return null;
    }
    return current;
  };
}

/** Rejects names that reach prototypes in EL text, outside string literals. */
function checkElNames(text: string): void {
  const withoutStrings = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '""');
  const match = /(?:^|[^\w$])(__proto__|constructor|prototype)(?![\w$])/.exec(withoutStrings);
  if (match !== null) throw new ExpressionFailure(`forbidden name ${JSON.stringify(match[1])}`);
}

/** Rejects `var` paths of a JSON Logic rule that name a prototype member. */
export function checkJsonLogicNames(rule: unknown, depth = 0): void {
  if (depth > EXPRESSION_LIMITS.maxDepth + 1 || rule === null || typeof rule !== 'object') return;
  if (Array.isArray(rule)) {
    for (const element of rule) checkJsonLogicNames(element, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(rule)) {
    if (FORBIDDEN_NAMES.has(key)) throw new ExpressionFailure(`forbidden name ${JSON.stringify(key)}`);
    if (key === 'var' || key === 'missing' || key === 'missing_some') {
      const paths = Array.isArray(value) ? value : [value];
      for (const path of paths.flat()) {
        if ((typeof path === 'string' || typeof path === 'number') && String(path).split('.').some((segment) => FORBIDDEN_NAMES.has(segment))) {
          throw new ExpressionFailure(`forbidden name in variable path ${JSON.stringify(path)}`);
        }
      }
    }
    checkJsonLogicNames(value, depth + 1);
  }
}

/** Rejects FEEL identifiers that name a prototype member (feelin returns null for them; casekit refuses at load). */
function checkFeelNames(text: string): void {
  checkBracketDepth(text);
  const tree = parseExpression(text, {}, undefined);
  let depth = 0;
  tree.iterate({
    enter(ref) {
      depth += 1;
      if (depth > EXPRESSION_LIMITS.maxFeelDepth) {
        throw new ExpressionFailure(`expression nested too deeply (more than ${EXPRESSION_LIMITS.maxFeelDepth} syntax levels)`);
      }
      if (ref.name === 'Identifier' && FORBIDDEN_NAMES.has(text.slice(ref.from, ref.to))) {
        throw new ExpressionFailure(`forbidden name ${JSON.stringify(text.slice(ref.from, ref.to))} at ${ref.from}`, ref.from);
      }
      return undefined;
    },
    leave() {
      depth -= 1;
    },
  });
}

/** A compiled input expression: how to read the value, and the top-level names it reads. */
export interface CompiledInputExpression {
  readonly text: string;
  readonly read: ValueReader;
  /** A plain name path (`age`, `patient.age`): the first segment. */
  readonly name: string | undefined;
}

/**
 * Compiles an input expression. Throws ExpressionError (or ExpressionFailure for forbidden names).
 */
export function compileInputExpression(expression: InputExpression, jsonLogic: JsonLogicEvaluator, id: string): CompiledInputExpression {
  if (expression.kind === 'jsonlogic') {
    checkJsonLogicNames(expression.rule);
    const compiled = jsonLogic.compile(expression.rule, { id });
    return { text: compiled.source, read: (context) => compiled.evaluate(context), name: undefined };
  }
  const text = expression.text.trim();
  if (text === '') throw new ExpressionFailure('the input expression is empty');
  if (isFeel(expression.language) && NAME_PATH.test(text) && !FEEL_KEYWORDS.has(text)) {
    return { text, read: pathReader(text), name: text.split('.')[0] };
  }
  let compiled: CompiledExpression;
  if (isFeel(expression.language)) {
    checkFeelNames(text);
    compiled = compileExpression(text, { language: 'feel', id });
  } else {
    compiled = compileExpression(text, { language: expression.language, id, jsonLogic });
    if (compiled.language === 'el') checkElNames(text);
    if (compiled.language === 'feel') checkFeelNames(text);
    if (compiled.language === 'jsonlogic') checkJsonLogicNames(JSON.parse(text));
  }
  // FEEL results may be FEEL temporals (`date(birthDate)`): hand on their ISO text, as a case file holds them.
  const read: ValueReader =
    compiled.language === 'feel'
      ? (context) => {
          const value = compiled.evaluate(context);
          return value !== null && typeof value === 'object' ? (toDecisionValue(value) ?? value) : value;
        }
      : (context) => compiled.evaluate(context);
  return { text, read, name: undefined };
}

/** FEEL words that look like names but are not variables. */
const FEEL_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'for', 'if', 'then', 'else', 'some', 'every', 'in', 'return', 'satisfies', 'between', 'instance', 'of', 'function']);

/** A compiled output entry: a constant, or an expression evaluated against the context. */
export type CompiledOutputEntry =
  | { readonly kind: 'constant'; readonly value: DecisionValue; readonly text: string }
  | { readonly kind: 'expression'; readonly text: string; readonly evaluate: (context: ExpressionContext) => DecisionValue };

const LITERAL_EXPRESSIONS: ReadonlySet<string> = new Set(['NumericLiteral', 'StringLiteral', 'BooleanLiteral', 'null', 'DateTimeLiteral']);

/** Compiles an output entry. Throws ExpressionError or ExpressionFailure. */
export function compileOutputEntry(entry: OutputEntry, jsonLogic: JsonLogicEvaluator, id: string): CompiledOutputEntry {
  switch (entry.kind) {
    case 'value': {
      const value = toDecisionValue(entry.value);
      if (value === undefined) throw new ExpressionFailure('the output value is not JSON');
      return { kind: 'constant', value, text: JSON.stringify(value) };
    }
    case 'jsonlogic': {
      checkJsonLogicNames(entry.rule);
      const compiled = jsonLogic.compile(entry.rule, { id });
      return { kind: 'expression', text: compiled.source, evaluate: (context) => asJson(compiled, compiled.evaluate(context)) };
    }
    case 'feel': {
      const text = entry.text.trim();
      if (text === '') return { kind: 'constant', value: null, text: '' };
      if (text.length > EXPRESSION_LIMITS.maxLength) throw new ExpressionFailure(`output entry longer than ${EXPRESSION_LIMITS.maxLength} characters`);
      checkFeelNames(text);
      const literal = feelLiteral(text);
      if (literal !== undefined) return { kind: 'constant', value: literal, text };
      const compiled = compileExpression(text, { language: 'feel', id });
      return { kind: 'expression', text, evaluate: (context) => asJson(compiled, compiled.evaluate(context)) };
    }
  }
}

/** The value of a FEEL text that is a single literal (`"high"`, `-5`, `date("2026-01-01")`), else undefined. */
function feelLiteral(text: string): DecisionValue | undefined {
  const tree = parseExpression(text, {}, undefined);
  const top = tree.topNode.firstChild;
  if (top === null || top.nextSibling !== null || !LITERAL_EXPRESSIONS.has(top.name) || top.from !== 0 || top.to !== text.length) return undefined;
  let broken = false;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      return broken ? false : undefined;
    },
  });
  if (broken) return undefined;
  const { value, warnings } = evaluateFeel(text, {});
  if (warnings.length > 0) return undefined;
  return toDecisionValue(value);
}

/** An expression's result as JSON; a function or other non-JSON value is an error. */
function asJson(compiled: CompiledExpression, value: unknown): DecisionValue {
  const converted = toDecisionValue(value);
  if (converted === undefined) throw new ExpressionError(compiled.source, 'the result is not a JSON value', compiled.elementId);
  return converted;
}
