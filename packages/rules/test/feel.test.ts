import { describe, expect, test } from 'vitest';
import { compileExpression, evaluateCondition, ExpressionError, type ExpressionContext } from '../src/index.js';

const FEEL = 'https://www.omg.org/spec/DMN/20191111/FEEL/';
const feel = (body: string, id?: string) => compileExpression(body, id === undefined ? { language: FEEL } : { language: FEEL, id });

const context: ExpressionContext = {
  variables: {
    amount: 2000,
    customer: { name: 'Ann', address: { city: 'Ghent' } },
    items: [{ qty: 1 }, { qty: 3 }],
    'first name': 'Ann',
    due: new Date('2025-01-01T00:00:00Z'),
    nothing: null,
  },
  repetitionCounter: 2,
  locals: { stageName: 'review' },
  now: new Date('2025-06-01T12:00:00Z'),
};

describe('FEEL conditions', () => {
  test.each([
    ['amount > 1000', true],
    ['amount > 1000 and customer.name = "Ann"', true],
    ['customer.address.city = "Ghent"', true],
    ['count(items[qty > 2]) = 1', true],
    ['sum(for i in items return i.qty)', 4],
    ['some i in items satisfies i.qty > 2', true],
    ['every i in items satisfies i.qty > 2', false],
    ['if amount > 5000 then "big" else "small"', 'small'],
    ['first name = "Ann"', true],
    ['repetitionCounter < 3', true],
    ['stageName = "review"', true],
    ['missing = null', true],
    ['missing > 1', null],
    ['nothing = null', true],
    ['string length(customer.name)', 3],
    ['amount in [1000..3000]', true],
    ['due < now()', true],
  ])('%s → %j', (body, expected) => {
    expect(feel(body).evaluate(context)).toEqual(expected);
  });

  test('now() and today() come from the engine clock', () => {
    expect(String(feel('now()').evaluate(context))).toBe('2025-06-01T12:00:00Z');
    expect(String(feel('today()').evaluate(context))).toBe('2025-06-01');
    expect(feel('today() = date("2025-06-01")').evaluate(context)).toBe(true);
  });

  test('a condition is true only for true', () => {
    expect(evaluateCondition(feel('amount > 1000'), context)).toBe(true);
    expect(evaluateCondition(feel('amount > 5000'), context)).toBe(false);
    expect(evaluateCondition(feel('missing > 1'), context)).toBe(false);
    expect(evaluateCondition(feel('"true"'), context)).toBe(false);
    expect(evaluateCondition(feel('1'), context)).toBe(false);
  });

  test('syntax errors are ExpressionErrors at compile time', () => {
    expect(() => feel('amount >', 'IfPart_1')).toThrow(ExpressionError);
    expect(() => feel('amount >', 'IfPart_1')).toThrow(/expression of IfPart_1 "amount >": syntax error/);
    expect(() => feel('(1 + ')).toThrow(/syntax error/);
    expect(() => feel('   ')).toThrow(/empty expression/);
  });

  test('calling something that is not a function is an ExpressionError at evaluation', () => {
    const expression = feel('notAFunction(1) = 2', 'R2');
    expect(() => expression.evaluate(context)).toThrow(/expression of R2 .*no function to invoke in "notAFunction\(1\)"/);
  });

  test('prototype members are never visible', () => {
    for (const body of ['customer.constructor', 'customer.__proto__', 'constructor', '__proto__', 'customer.toString', 'customer.name.constructor', 'hasOwnProperty']) {
      const value = feel(body).evaluate(context);
      expect(value, body).toBeNull();
    }
    expect(feel('customer.constructor = null').evaluate(context)).toBe(true);
    // a path on a list maps over its elements (FEEL), each without prototype members
    expect(feel('items.constructor').evaluate(context)).toEqual([null, null]);
  });

  test('host objects are reduced to plain data: functions and class instances become null', () => {
    class Secret {
      get leaked() {
        return 'prototype getter';
      }
    }
    const ctx: ExpressionContext = { variables: { fn: () => 1, secret: new Secret(), nested: { fn: () => 2, ok: 1 } } };
    expect(feel('fn').evaluate(ctx)).toBeNull();
    expect(feel('secret.leaked').evaluate(ctx)).toBeNull();
    expect(feel('nested.fn').evaluate(ctx)).toBeNull();
    expect(feel('nested.ok').evaluate(ctx)).toBe(1);
    expect(() => feel('fn()').evaluate(ctx)).toThrow(ExpressionError);
  });

  test('host data is never modified', () => {
    const variables = { list: [3, 1, 2], obj: { a: 1 } };
    feel('sort(list, function(x, y) x < y)').evaluate({ variables });
    feel('context put(obj, "b", 2)').evaluate({ variables });
    expect(variables).toEqual({ list: [3, 1, 2], obj: { a: 1 } });
  });

  test('cyclic or very deep values fail cleanly', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => feel('x.self.self = null').evaluate({ variables: { x: cyclic } })).toThrow(/nested too deeply/);
  });

  test('deep nesting is bounded at compile time', () => {
    expect(() => feel(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`)).toThrow(ExpressionError);
    expect(feel(`${'('.repeat(20)}1${')'.repeat(20)}`).evaluate(context)).toBe(1);
  });
});

describe('FEEL reads', () => {
  test.each([
    ['amount > 1000', ['amount']],
    ['customer.address.city = "Ghent" and amount > 1', ['amount', 'customer']],
    ['count(items) > 0', ['items']],
    ['string length(customer.name) > 2', ['customer']],
    ['now() > due', ['due']],
    ['1 + 1', []],
  ])('%s reads %j', (body, reads) => {
    expect(feel(body).reads).toEqual(reads);
  });

  test('loop variables are over-approximated (harmless)', () => {
    expect(feel('some i in items satisfies i.qty > 2').reads).toEqual(['i', 'items']);
  });

  test('names with spaces make reads unknowable', () => {
    expect(feel('first name = "Ann"').reads).toBeUndefined();
  });

  test('when reads are known only those variables reach feelin', () => {
    const expression = feel('amount > 1');
    expect(expression.evaluate({ variables: { amount: 2, other: { get boom(): never { throw new Error('read') } } } })).toBe(true);
  });
});
