import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, test } from 'vitest';
import { createJsonLogicEvaluator, EXPRESSION_LIMITS, ExpressionError } from '../../src/index.js';

const logic = createJsonLogicEvaluator();
const data = {
  a: { b: [1, 2, { c: 'x' }] },
  n: 5,
  s: '10',
  name: 'Ann',
  empty: '',
  nothing: null,
  items: [{ qty: 1 }, { qty: 3 }],
  nums: [1, 2, 3, 4],
};
type Rule = Parameters<typeof jsonLogic.apply>[0];
const ours = (rule: unknown, variables: Record<string, unknown> = data): unknown => logic.compile(rule).evaluate({ variables });
const reference = (rule: unknown, variables: Record<string, unknown> = data): unknown => jsonLogic.apply(rule as Rule, variables);

describe('standard semantics: the same results as json-logic-js', () => {
  const rules: unknown[] = [
    true,
    'text',
    42,
    null,
    [1, { var: 'n' }],
    {},
    { a: 1, b: 2 },
    { var: 'n' },
    { var: ['n'] },
    { var: 'a.b.2.c' },
    { var: 'a.b.1' },
    { var: ['zz', 7] },
    { var: ['nothing', 7] },
    { var: 'items.1.qty' },
    { var: 'a.b.length' },
    { var: 1 },
    { var: '' },
    { var: [] },
    { var: { cat: ['na', 'me'] } },
    { missing: ['n', 'zz', 'a.b', 'empty', 'nothing'] },
    { missing: [['n', 'zz']] },
    { missing: { merge: ['n', ['zz']] } },
    { missing_some: [1, ['n', 'zz']] },
    { missing_some: [2, ['n', 'zz', 'yy']] },
    { if: [true, 'yes', 'no'] },
    { if: [false, 'yes', 'no'] },
    { if: [false, 1, true, 2, 3] },
    { if: [false, 1, false, 2] },
    { if: [] },
    { if: 'x' },
    { '?:': [{ var: 'n' }, 'some', 'none'] },
    { and: [1, 0, 2] },
    { and: [1, 2] },
    { and: [] },
    { or: [0, '', []] },
    { or: [0, 'x'] },
    { '==': [1, '1'] },
    { '===': [1, '1'] },
    { '!=': [null, undefined] },
    { '!==': [1, 1] },
    { '>': [{ var: 's' }, 9] },
    { '>=': [2, 2] },
    { '<': [1, { var: 'n' }, 10] },
    { '<': [1, 20, 10] },
    { '<=': [1, 1, 1] },
    { '!!': [[]] },
    { '!!': ['0'] },
    { '!': [[]] },
    { '!': true },
    { '%': [7, 3] },
    { in: ['nn', 'Annn'] },
    { in: [2, { var: 'nums' }] },
    { in: ['x', null] },
    { cat: ['a', { var: 'n' }, null, true] },
    { cat: [] },
    { substr: ['hello', 1] },
    { substr: ['hello', -3, 2] },
    { substr: ['hello', 1, -1] },
    { '+': ['1', 2, '3.5'] },
    { '+': [] },
    { '+': ['abc'] },
    { '*': [2, '3'] },
    { '-': [5] },
    { '-': [5, '2'] },
    { '/': [1, 4] },
    { '/': [1, 0] },
    { min: [3, 1, 2] },
    { max: [3, { var: 'n' }] },
    { merge: [[1], 2, [3, [4]]] },
    { merge: [] },
    { filter: [{ var: 'items' }, { '>=': [{ var: 'qty' }, 2] }] },
    { filter: [{ var: 'n' }, true] },
    { map: [{ var: 'nums' }, { '*': [{ var: '' }, 2] }] },
    { map: [{ var: 'missing' }, 1] },
    { reduce: [{ var: 'items' }, { '+': [{ var: 'current.qty' }, { var: 'accumulator' }] }, 0] },
    { reduce: [{ var: 'nums' }, { '*': [{ var: 'current' }, { var: 'accumulator' }] }, 1] },
    { reduce: [{ var: 'n' }, 1, 9] },
    { reduce: [[], 1] },
    { all: [{ var: 'nums' }, { '>': [{ var: '' }, 0] }] },
    { all: [[], true] },
    { none: [{ var: 'nums' }, { '>': [{ var: '' }, 3] }] },
    { none: [[], true] },
    { some: [{ var: 'items' }, { '==': [{ var: 'qty' }, 3] }] },
    { some: [[], true] },
    { some: [{ var: 'items' }, { '==': [{ var: 'n' }, 5] }] }, // inner var reads the item, not the data
  ];
  test.each(rules.map((rule) => [JSON.stringify(rule), rule]))('%s', (_, rule) => {
    expect(ours(rule)).toEqual(reference(rule) ?? null);
  });

  test('random rules built from the standard operations agree with json-logic-js', () => {
    const leaf = fc.oneof(
      fc.integer({ min: -5, max: 20 }),
      fc.constantFrom('', '0', '1', '10', 'a', 'Ann', true, false, null),
      fc.constantFrom('n', 's', 'name', 'empty', 'nothing', 'nums', 'a.b.0', 'missing', 'items.0.qty').map((path) => ({ var: path })),
    );
    const operators = ['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr', '+', '-', '/', 'min', 'max', 'merge', 'and', 'or', 'if'];
    const { rule } = fc.letrec((tie) => ({
      rule: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('op')),
      op: fc
        .tuple(fc.constantFrom(...operators), fc.array(tie('rule'), { minLength: 1, maxLength: 3 }))
        .map(([op, args]) => ({ [op]: args })),
    }));
    fc.assert(
      fc.property(rule, (r) => {
        let expected: unknown;
        try {
          expected = reference(r) ?? null;
        } catch {
          expect(() => ours(r)).toThrow(ExpressionError);
          return;
        }
        expect(ours(r)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('safe data access', () => {
  test.each([
    [{ var: 'constructor' }],
    [{ var: 'constructor.constructor' }],
    [{ var: '__proto__' }],
    [{ var: 'a.__proto__' }],
    [{ var: 'a.constructor.constructor' }],
    [{ var: 'name.constructor' }],
    [{ var: 'nums.constructor' }],
    [{ var: 'a.prototype' }],
    [{ var: 'toString' }],
    [{ var: 'hasOwnProperty' }],
    [{ var: 'a.b.map' }],
    [{ var: { cat: ['constr', 'uctor.constructor'] } }],
    [{ var: 'name.length' }],
    [{ var: 'name.0' }],
  ])('%j reads nothing (null), never a function', (rule) => {
    const value = ours(rule);
    expect(value).toBeNull();
    // json-logic-js itself would have returned Function, Object.prototype or a character here.
  });

  test('missing treats inherited names as missing', () => {
    expect(ours({ missing: ['constructor', '__proto__', 'n', 'toString'] })).toEqual(['constructor', '__proto__', 'toString']);
  });

  test('defaults apply to forbidden paths as to absent ones', () => {
    expect(ours({ var: ['constructor', 'd'] })).toBe('d');
  });

  test('own data that looks like a rule is data, never evaluated', () => {
    const variables = { x: { var: 'secret' }, y: [{ cat: ['a', 'b'] }], secret: 's' };
    expect(ours({ '==': [{ var: 'x' }, { var: 'x' }] }, variables)).toBe(true);
    expect(ours({ merge: [{ var: 'y' }] }, variables)).toEqual([{ cat: ['a', 'b'] }]);
    expect(ours({ if: [true, { var: 'x' }, 0] }, variables)).toEqual({ var: 'secret' });
  });

  test('a JSON own property named __proto__ is not read either', () => {
    const variables = JSON.parse('{"o": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;
    expect(ours({ var: 'o.__proto__.polluted' }, variables)).toBeNull();
  });

  test('locals and repetitionCounter are top-level names', () => {
    const compiled = logic.compile({ '<': [{ var: 'repetitionCounter' }, { var: 'limit' }] });
    expect(compiled.evaluate({ variables: { limit: 3 }, repetitionCounter: 2 })).toBe(true);
    expect(compiled.evaluate({ variables: { limit: 3 }, locals: { limit: 1 }, repetitionCounter: 2 })).toBe(false);
  });
});

describe('validation', () => {
  test.each([
    [{ log: 'x' }, /unknown operation "log"/],
    [{ method: ['a', 'toUpperCase'] }, /unknown operation "method"/],
    [{ nope: [1] }, /unknown operation "nope"/],
    [{ 'a.b': [1] }, /unknown operation "a\.b"/],
    [{ and: [true, { eval: ['x'] }] }, /unknown operation "eval"/],
    [JSON.parse('{"__proto__": [1]}'), /unknown operation "__proto__"/],
    [{ constructor: [1] }, /unknown operation "constructor"/],
    [{ '==': [new Date(), 1] }, /only JSON values/],
    [{ '==': [() => 1, 1] }, /only JSON values/],
  ])('%j is rejected at compile time', (rule, message) => {
    expect(() => logic.compile(rule, { id: 'R' })).toThrow(ExpressionError);
    expect(() => logic.compile(rule)).toThrow(message);
  });

  test('unknown operations are rejected even where they would never be evaluated', () => {
    expect(() => logic.compile({ if: [false, { nope: [] }, 1] })).toThrow(/unknown operation "nope"/);
  });

  test('depth is bounded', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { '!': [deep] };
    expect(() => logic.compile(deep)).toThrow(/nested too deeply/);
    let arrays: unknown = 1;
    for (let i = 0; i < 10_000; i++) arrays = [arrays];
    expect(() => logic.compile(arrays)).toThrow(/nested too deeply/);
    let fine: unknown = true;
    for (let i = 0; i < 50; i++) fine = { '!': [fine] };
    expect(logic.compile(fine).evaluate({ variables: {} })).toBe(true);
  });

  test('size is bounded', () => {
    const wide = { '+': Array.from({ length: EXPRESSION_LIMITS.maxNodes + 1 }, () => 1) };
    expect(() => logic.compile(wide)).toThrow(/rule too large/);
    const ok = { '+': Array.from({ length: 1_000 }, () => 1) };
    expect(logic.compile(ok).evaluate({ variables: {} })).toBe(1_000);
  });

  test('a cyclic rule is rejected, not looped over', () => {
    const cyclic: { and: unknown[] } = { and: [] };
    cyclic.and.push(cyclic);
    expect(() => logic.compile(cyclic)).toThrow(/nested too deeply/);
  });

  test('evaluation errors are ExpressionErrors', () => {
    expect(() => logic.compile({ '*': [] }, { id: 'R9' }).evaluate({ variables: {} })).toThrow(
      /expression of R9 .*evaluation failed: Reduce of empty array/,
    );
    expect(() => logic.compile({ missing_some: [1, 'x'] }).evaluate({ variables: {} })).toThrow(/missing_some needs a list/);
  });
});

describe('reads', () => {
  test.each([
    [true, []],
    [{ var: 'a' }, ['a']],
    [{ var: 'a.b.c' }, ['a']],
    [{ var: ['x', 1] }, ['x']],
    [{ var: 3 }, ['3']],
    [{ and: [{ var: 'b' }, { '>': [{ var: 'a.x' }, { var: 'c' }] }] }, ['a', 'b', 'c']],
    [{ missing: ['p', 'q.r'] }, ['p', 'q']],
    [{ missing: [['p', 'q']] }, ['p', 'q']],
    [{ missing_some: [1, ['p', 'q']] }, ['p', 'q']],
    [{ some: [{ var: 'items' }, { '>': [{ var: 'qty' }, { var: 'x' }] }] }, ['items']],
    [{ reduce: [{ var: 'list' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] }, ['list', 'start']],
    [{ var: 'constructor.constructor' }, []],
  ])('%j reads %j', (rule, reads) => {
    expect(logic.compile(rule).reads).toEqual(reads);
  });

  test.each([[{ var: '' }], [{ var: null }], [{ var: [] }], [{ var: { cat: ['a', 'b'] } }], [{ missing: { merge: [['a']] } }], [{ missing_some: [1, { var: 'names' }] }]])(
    '%j: reads are unknowable',
    (rule) => {
      expect(logic.compile(rule).reads).toBeUndefined();
    },
  );
});
