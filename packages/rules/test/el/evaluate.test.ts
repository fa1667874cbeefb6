import { describe, expect, test } from 'vitest';
import { compileExpression, ExpressionError, type ExpressionContext } from '../../src/index.js';

const context: ExpressionContext = {
  variables: {
    amount: 1500,
    limit: '1000',
    name: 'Ann',
    approved: true,
    rejected: false,
    flag: 'true',
    nothing: null,
    items: [{ qty: 2 }, { qty: 5 }],
    tags: [],
    customer: { address: { city: 'Ghent' }, 'first name': 'Ann', 0: 'zero' },
    empty: '',
  },
};

const run = (body: string, ctx: ExpressionContext = context): unknown => compileExpression(body).evaluate(ctx);

describe('values and paths', () => {
  test.each([
    ['${amount}', 1500],
    ['${customer.address.city}', 'Ghent'],
    ["${customer['first name']}", 'Ann'],
    ['${customer[0]}', 'zero'],
    ['${items[1].qty}', 5],
    ["${items['1'].qty}", 5],
    ['${items[1.7].qty}', 5],
    ['${items[9].qty}', null],
    ['${items[-1]}', null],
    ['${items.qty}', null],
    ['${items.length}', null],
    ['${name.length}', null],
    ['${missing}', null],
    ['${missing.deeper.still}', null],
    ['${nothing.x}', null],
    ['${customer[missing]}', null],
    ["${'a' == 'a'}", true],
    ['${"x"}', 'x'],
    ['${null}', null],
    ['${3.25}', 3.25],
  ])('%s → %j', (body, expected) => {
    expect(run(body)).toEqual(expected);
  });

  test('a whole-body expression returns the value itself, not a string', () => {
    expect(run('${items}')).toBe(context.variables.items);
    expect(run('  ${amount}  ')).toBe(1500); // the body is trimmed
  });

  test('a composite evaluates to a string', () => {
    expect(run('Dear ${name}, you owe ${amount} (${nothing})')).toBe('Dear Ann, you owe 1500 ()');
    expect(run('${approved}${amount}')).toBe('true1500');
    expect(run('tags: ${tags} ${customer.address}')).toBe('tags: [] {"city":"Ghent"}');
    expect(run('no expression \\${here}')).toBe('no expression ${here}');
  });

  test('bare text without ${ is an EL expression (casekit rule)', () => {
    expect(run('amount > 1000')).toBe(true);
    expect(run("name == 'Ann' && approved")).toBe(true);
  });
});

describe('operators', () => {
  test.each([
    ['${amount > limit}', true],
    ['${amount gt 2000}', false],
    ['${amount >= 1500 and amount le 1500}', true],
    ['${amount == 1500.0}', true],
    ["${amount == '1500'}", true],
    ['${amount eq limit}', false],
    ['${amount ne limit}', true],
    ['${limit lt 999}', false],
    ["${name != 'Bob'}", true],
    ["${name < 'Bob'}", true],
    ['${nothing == null}', true],
    ['${missing == null}', true],
    ['${missing != null}', false],
    ['${nothing > 1}', false],
    ['${approved && flag}', true],
    ['${approved and rejected}', false],
    ['${rejected || flag}', true],
    ['${rejected or missing}', false],
    ['${!rejected}', true],
    ['${not approved}', false],
    ['${!missing}', true],
    ['${empty tags}', true],
    ['${empty items}', false],
    ['${empty missing}', true],
    ['${empty customer.nowhere}', true],
    ['${!empty name}', true],
    ['${not empty customer}', true],
    ['${amount + limit}', 2500],
    ["${'2' + '3'}", 5],
    ['${missing + 1}', 1],
    ['${amount - 500 * 2}', 500],
    ['${amount / 4}', 375],
    ['${amount div 1000}', 1.5],
    ['${amount % 7}', 1500 % 7],
    ['${amount mod 7}', 1500 % 7],
    ['${-amount}', -1500],
    ['${-limit}', -1000],
    ['${(amount + 500) * 2}', 4000],
    ["${approved ? 'yes' : 'no'}", 'yes'],
    ["${missing ? 'yes' : 'no'}", 'no'],
    ['${rejected ? 1 : rejected ? 2 : 3}', 3],
    ['${items[0].qty + items[1].qty == 7}', true],
  ])('%s → %j', (body, expected) => {
    expect(run(body)).toEqual(expected);
  });

  test('&& and || short-circuit (the right side is not evaluated)', () => {
    expect(run('${rejected && (1 / 0 > fn:nope())}')).toBe(false);
    expect(run('${approved || fn:nope()}')).toBe(true);
    expect(run('${approved ? 1 : fn:nope()}')).toBe(1);
  });

  test('impossible coercions are ExpressionErrors at evaluation, naming the element', () => {
    const expression = compileExpression("${amount == 'abc'}", { id: 'IfPart_7' });
    expect(() => expression.evaluate(context)).toThrow(ExpressionError);
    expect(() => expression.evaluate(context)).toThrow(
      /expression of IfPart_7 "\$\{amount == 'abc'\}": cannot coerce "abc" to a number/,
    );
    expect(() => run('${amount && approved}')).toThrow(/cannot coerce 1500 to a boolean/);
    expect(() => run('${items < 3}')).toThrow(/cannot coerce a list to a number/);
    expect(() => run('${amount % 0}')).toThrow(/division by zero/);
    expect(() => run('${approved + 1}')).toThrow(/cannot coerce true to a number/);
  });
});

describe('host functions', () => {
  const functions = {
    max: (...xs: unknown[]) => Math.max(...(xs as number[])),
    'math:abs': (x: unknown) => Math.abs(x as number),
    nothing: () => undefined,
    fail: () => {
      throw new Error('boom');
    },
  };
  const ctx: ExpressionContext = { variables: { a: -3, b: 7 }, functions };

  test('called by name or prefix:name with the evaluated arguments', () => {
    expect(run('${max(a, b, 2)}', ctx)).toBe(7);
    expect(run('${math:abs(a)}', ctx)).toBe(3);
    expect(run('${nothing()}', ctx)).toBeNull();
  });

  test('an unknown function is an ExpressionError at evaluation', () => {
    const expression = compileExpression('${min(a, b)}');
    expect(() => expression.evaluate(ctx)).toThrow(/unknown function min/);
    expect(() => compileExpression('${math:max(a)}').evaluate(ctx)).toThrow(/unknown function math:max/);
    expect(() => compileExpression('${toString()}').evaluate(ctx)).toThrow(/unknown function toString/);
    expect(() => compileExpression('${hasOwnProperty("a")}').evaluate(ctx)).toThrow(/unknown function hasOwnProperty/);
  });

  test("a failing host function is an ExpressionError with the function's error as cause", () => {
    let caught: unknown;
    try {
      compileExpression('${fail()}', { id: 'T1' }).evaluate(ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).reason).toBe('function fail failed: boom');
    expect(((caught as ExpressionError).cause as Error).message).toBe('boom');
  });

  test('built-ins win over host functions of the same name', () => {
    const shadow = { variables: { s: 'abc' }, functions: { 'fn:length': () => 99 } };
    expect(run('${fn:length(s)}', shadow)).toBe(3);
  });
});

describe('locals and repetitionCounter', () => {
  test('repetitionCounter comes from the context, then from the variables', () => {
    expect(run('${repetitionCounter < 3}', { variables: {}, repetitionCounter: 2 })).toBe(true);
    expect(run('${repetitionCounter < 3}', { variables: {}, repetitionCounter: 3 })).toBe(false);
    expect(run('${repetitionCounter}', { variables: { repetitionCounter: 9 } })).toBe(9);
    expect(run('${repetitionCounter}', { variables: {} })).toBeNull();
  });

  test('locals shadow repetitionCounter and variables', () => {
    const ctx: ExpressionContext = { variables: { x: 1, loop: 5 }, locals: { loop: 2 }, repetitionCounter: 4 };
    expect(run('${loop}', ctx)).toBe(2);
    expect(run('${x}', ctx)).toBe(1);
    expect(run('${repetitionCounter}', { ...ctx, locals: { repetitionCounter: 7 } })).toBe(7);
  });
});

describe('compile once, evaluate many', () => {
  test('evaluation does not depend on earlier evaluations', () => {
    const expression = compileExpression('${amount > 1000}');
    expect(expression.evaluate({ variables: { amount: 5 } })).toBe(false);
    expect(expression.evaluate({ variables: { amount: 5000 } })).toBe(true);
    expect(expression.evaluate({ variables: {} })).toBe(false);
  });

  test('compiled expressions are frozen', () => {
    const expression = compileExpression('${a}');
    expect(Object.isFrozen(expression)).toBe(true);
    expect(Object.isFrozen(expression.reads)).toBe(true);
  });
});
