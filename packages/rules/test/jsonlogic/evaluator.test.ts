import jsonLogic from 'json-logic-js';
import { describe, expect, test } from 'vitest';
import { compileExpression, createJsonLogicEvaluator, ExpressionError, RulesError } from '../../src/index.js';

describe('isolated evaluators', () => {
  const first = createJsonLogicEvaluator({ operations: { double: (x) => Number(x) * 2, shared: () => 'first' } });
  const second = createJsonLogicEvaluator({ operations: { triple: (x) => Number(x) * 3, shared: () => 'second' } });

  test('each evaluator knows only its own custom operations', () => {
    expect(first.apply({ double: [{ var: 'x' }] }, { x: 4 })).toBe(8);
    expect(second.apply({ triple: [{ var: 'x' }] }, { x: 4 })).toBe(12);
    expect(() => first.compile({ triple: [1] })).toThrow(/unknown operation "triple"/);
    expect(() => second.compile({ double: [1] })).toThrow(/unknown operation "double"/);
    expect(first.apply({ shared: [] })).toBe('first');
    expect(second.apply({ shared: [] })).toBe('second');
    expect(first.operations).toContain('double');
    expect(first.operations).not.toContain('triple');
  });

  test('the default evaluator has no custom operations', () => {
    expect(() => compileExpression('{"double":[1]}')).toThrow(/unknown operation "double"/);
    expect(compileExpression('{"double":[{"var":"x"}]}', { jsonLogic: first }).evaluate({ variables: { x: 21 } })).toBe(42);
  });

  test("json-logic-js's process-wide table is never touched", () => {
    createJsonLogicEvaluator({ operations: { globallyInvisible: () => 1 } }).apply({ globallyInvisible: [] });
    expect(() => jsonLogic.apply({ globallyInvisible: [] } as never)).toThrow(/Unrecognized operation/);
    expect(() => jsonLogic.apply({ double: [1] } as never)).toThrow(/Unrecognized operation/);
  });

  test('an operation added to json-logic-js globally is not available to casekit rules', () => {
    jsonLogic.add_operation('globalOnly', () => 'global');
    try {
      expect(jsonLogic.apply({ globalOnly: [] } as never)).toBe('global');
      expect(() => createJsonLogicEvaluator().compile({ globalOnly: [] })).toThrow(/unknown operation "globalOnly"/);
    } finally {
      jsonLogic.rm_operation('globalOnly');
    }
  });

  test('custom operations get evaluated arguments and no data', () => {
    const seen: unknown[][] = [];
    const spy = createJsonLogicEvaluator({
      operations: {
        spy(...args: unknown[]) {
          seen.push(args);
          // `this` is not the data (json-logic-js would bind it)
          return this === undefined;
        },
      },
    });
    expect(spy.apply({ spy: [{ var: 'a' }, { '+': [1, 2] }, 'x'] }, { a: [1] })).toBe(true);
    expect(seen).toEqual([[[1], 3, 'x']]);
  });

  test('custom operations work inside scoped logic', () => {
    const evaluator = createJsonLogicEvaluator({ operations: { isBig: (x) => Number(x) > 10 } });
    expect(evaluator.apply({ filter: [{ var: 'xs' }, { isBig: [{ var: '' }] }] }, { xs: [5, 50, 500] })).toEqual([50, 500]);
  });

  test('a throwing custom operation is an ExpressionError with the cause', () => {
    const evaluator = createJsonLogicEvaluator({
      operations: {
        fail: () => {
          throw new Error('nope');
        },
      },
    });
    let caught: unknown;
    try {
      evaluator.compile({ fail: [] }, { id: 'Rule_1' }).evaluate({ variables: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).elementId).toBe('Rule_1');
    expect((caught as ExpressionError).reason).toBe('operation "fail" failed: nope');
    expect(((caught as ExpressionError).cause as Error).message).toBe('nope');
  });

  test.each(['var', 'if', '+', 'merge', 'some', '', 'a.b', '__proto__', 'constructor', 'prototype'])(
    'cannot register the reserved or invalid name %j',
    (name) => {
      let caught: unknown;
      try {
        createJsonLogicEvaluator({ operations: { [name]: () => 1 } });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RulesError);
      expect((caught as RulesError).code).toBe('InvalidOperation');
    },
  );

  test('an operation must be a function', () => {
    expect(() => createJsonLogicEvaluator({ operations: { x: 5 as never } })).toThrow(/is not a function/);
  });
});

describe('compileText', () => {
  const logic = createJsonLogicEvaluator();
  test('parses the body and keeps it as the source', () => {
    const compiled = logic.compileText(' {"==":[{"var":"a"},1]} ', { id: 'C1' });
    expect(compiled.source).toBe(' {"==":[{"var":"a"},1]} ');
    expect(compiled.elementId).toBe('C1');
    expect(compiled.language).toBe('jsonlogic');
    expect(compiled.evaluate({ variables: { a: 1 } })).toBe(true);
  });

  test('invalid JSON is an ExpressionError', () => {
    expect(() => logic.compileText('{"var":', { id: 'C2' })).toThrow(/expression of C2 .*invalid JSON/);
  });

  test('a body over the length limit is rejected before parsing', () => {
    expect(() => logic.compileText(`[${'1,'.repeat(600_000)}1]`)).toThrow(/longer than 65536 characters/);
  });

  test('deeply nested JSON is rejected', () => {
    expect(() => logic.compileText(`${'['.repeat(30_000)}${']'.repeat(30_000)}`)).toThrow(ExpressionError);
    expect(() => logic.compileText(`${'{"!":'.repeat(10_000)}1${'}'.repeat(10_000)}`)).toThrow(/nested too deeply/);
  });
});
