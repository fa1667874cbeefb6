import { describe, expect, test } from 'vitest';
import { compileExpression, createJsonLogicEvaluator, evaluateCondition, ExpressionError } from '../src/index.js';

describe('compileExpression', () => {
  test('one interface for the three languages', () => {
    const el = compileExpression('${amount > 1000}', { id: 'A' });
    const logic = compileExpression('{">":[{"var":"amount"},1000]}', { id: 'B' });
    const feel = compileExpression('amount > 1000', { language: 'feel', id: 'C' });
    for (const [expression, language, id] of [
      [el, 'el', 'A'],
      [logic, 'jsonlogic', 'B'],
      [feel, 'feel', 'C'],
    ] as const) {
      expect(expression.language).toBe(language);
      expect(expression.elementId).toBe(id);
      expect(expression.reads).toEqual(['amount']);
      expect(expression.evaluate({ variables: { amount: 1500 } })).toBe(true);
      expect(expression.evaluate({ variables: { amount: 500 } })).toBe(false);
      expect(expression.evaluate({ variables: {} })).not.toBe(true);
    }
  });

  test('the body is trimmed (XML indentation around CDATA)', () => {
    const expression = compileExpression('\n      ${flag}\n    ');
    expect(expression.source).toBe('${flag}');
    expect(expression.evaluate({ variables: { flag: true } })).toBe(true);
  });

  test('an unsupported language is an ExpressionError naming the element and the language', () => {
    let caught: unknown;
    try {
      compileExpression('abc', { language: 'javascript', id: 'Cond_9' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    const error = caught as ExpressionError;
    expect(error.code).toBe('ExpressionError');
    expect(error.elementId).toBe('Cond_9');
    expect(error.expression).toBe('abc');
    expect(error.message).toMatch(/expression of Cond_9 "abc": unsupported expression language "javascript"/);
  });

  test('an empty body is an ExpressionError (an absent condition is the engine’s business)', () => {
    expect(() => compileExpression('')).toThrow(/empty expression/);
    expect(() => compileExpression('   ')).toThrow(/empty expression/);
    expect(() => compileExpression('', { language: 'feel' })).toThrow(/empty expression/);
  });

  test('a body that is not a string (from untyped callers) is an ExpressionError', () => {
    expect(() => compileExpression(42 as unknown as string)).toThrow(/an expression body must be a string, got number/);
    expect(() => compileExpression(undefined as unknown as string)).toThrow(ExpressionError);
  });

  test('a custom JSON Logic evaluator is used when given', () => {
    const jsonLogic = createJsonLogicEvaluator({ operations: { even: (x) => Number(x) % 2 === 0 } });
    expect(compileExpression('{"even":[{"var":"n"}]}', { jsonLogic }).evaluate({ variables: { n: 4 } })).toBe(true);
  });
});

describe('evaluateCondition', () => {
  test('EL truthiness is EL boolean coercion', () => {
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['${x}', { x: true }, true],
      ['${x}', { x: false }, false],
      ['${x}', {}, false],
      ['${x}', { x: null }, false],
      ['${x}', { x: '' }, false],
      ['${x}', { x: 'TRUE' }, true],
      ['${x}', { x: 'yes' }, false],
      ['${x} and more', { x: 'true' }, false],
    ];
    for (const [body, variables, expected] of cases) {
      expect(evaluateCondition(compileExpression(body), { variables }), `${body} ${JSON.stringify(variables)}`).toBe(expected);
    }
  });

  test('an EL condition that is a number or an object is an ExpressionError', () => {
    const expression = compileExpression('${count}', { id: 'Rule_3' });
    expect(() => evaluateCondition(expression, { variables: { count: 1 } })).toThrow(
      /expression of Rule_3 "\$\{count\}": a condition must be a boolean: cannot coerce 1 to a boolean/,
    );
    expect(() => evaluateCondition(expression, { variables: { count: [] } })).toThrow(ExpressionError);
  });

  test('JSON Logic truthiness: empty arrays are false, non-empty strings true', () => {
    expect(evaluateCondition('{"var":"x"}', { variables: { x: [] } })).toBe(false);
    expect(evaluateCondition('{"var":"x"}', { variables: { x: [0] } })).toBe(true);
    expect(evaluateCondition('{"var":"x"}', { variables: { x: '0' } })).toBe(true);
    expect(evaluateCondition('{"var":"x"}', { variables: { x: 0 } })).toBe(false);
    expect(evaluateCondition('{"var":"x"}', { variables: {} })).toBe(false);
  });

  test('FEEL: only true is true', () => {
    const expression = compileExpression('x', { language: 'feel' });
    expect(evaluateCondition(expression, { variables: { x: true } })).toBe(true);
    expect(evaluateCondition(expression, { variables: { x: 'true' } })).toBe(false);
    expect(evaluateCondition(expression, { variables: {} })).toBe(false);
  });

  test('accepts a body string and compiles it', () => {
    expect(evaluateCondition('${repetitionCounter <= 1}', { variables: {}, repetitionCounter: 1 })).toBe(true);
    expect(() => evaluateCondition('${', { variables: {} })).toThrow(ExpressionError);
  });
});
