/**
 * Expressions that used to block the event loop or exhaust the heap: each now ends, fast, in an
 * ExpressionError naming the element and the limit (a DecisionEvaluationError in a decision).
 */
import { describe, expect, test } from 'vitest';
import {
  compileExpression,
  DecisionEvaluationError,
  EXPRESSION_LIMITS,
  ExpressionError,
  type EvaluationLimits,
  type ExpressionContext,
} from '../src/index.js';
import { table, thrown } from './decision/helpers.js';

const FEEL = { language: 'https://www.omg.org/spec/DMN/20191111/FEEL/' };

/** Evaluates `body`, expecting an ExpressionError within `ms`; returns it. */
function refused(body: string, context: Partial<ExpressionContext> = {}, options: { language?: string } = FEEL, ms = 3_000): ExpressionError {
  const started = performance.now();
  const error = thrown(() => compileExpression(body, { ...options, id: 'IfPart_1' }).evaluate({ variables: {}, ...context }));
  expect(performance.now() - started).toBeLessThan(ms);
  expect(error).toBeInstanceOf(ExpressionError);
  expect((error as ExpressionError).elementId).toBe('IfPart_1');
  return error as ExpressionError;
}

/** Evaluates `body` and returns its value, failing when it takes longer than `ms`. */
function quickly(body: string, variables: Record<string, unknown>, options: { language?: string } = FEEL, ms = 3_000): unknown {
  const started = performance.now();
  const value = compileExpression(body, { ...options, id: 'IfPart_1' }).evaluate({ variables });
  expect(performance.now() - started).toBeLessThan(ms);
  return value;
}

describe('FEEL regular expressions never backtrack', () => {
  const evil = `${'a'.repeat(30)}!`;

  test.each([
    ['matches(name, "^(a+)+$")', false],
    ['replace(name, "^(a+)+$", "x")', evil],
    ['split(name, "(a+)+b")', [evil]],
    ['matches(name, "(a|aa)+$")', false],
    ['matches(name, "(.*a){20}")', true],
  ])('%s over a value any user can set', (body, expected) => {
    expect(quickly(body, { name: evil })).toEqual(expected);
    // 50,000 characters: an answer, or the step budget spent — in either case at once.
    const started = performance.now();
    try {
      expect(typeof compileExpression(body, FEEL).evaluate({ variables: { name: `${'a'.repeat(50_000)}!` } })).toBe(typeof expected);
    } catch (error) {
      expect(error).toMatchObject({ limit: 'maxSteps' });
    }
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test('a literal pattern that needs backtracking is refused at compile time, naming the element and the pattern', () => {
    const error = thrown(() => compileExpression('matches(name, "(a+)\\\\1")', { ...FEEL, id: 'IfPart_2' }));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).elementId).toBe('IfPart_2');
    expect((error as ExpressionError).pattern).toBe('(a+)\\1');
    expect(error.message).toMatch(/IfPart_2.*backreferences are not supported/);
    expect(thrown(() => compileExpression('replace(input: x, pattern: "(?=a)", replacement: "b")', FEEL)).message).toMatch(/lookaround/);
  });

  test('a pattern read from the case file is checked at evaluation', () => {
    const error = refused('matches(name, pattern)', { variables: { name: 'aaa', pattern: '(a)\\1' } });
    expect(error.pattern).toBe('(a)\\1');
    expect(error.reason).toMatch(/backreferences/);
  });

  test('an input over the string limit is refused', () => {
    const error = refused('matches(name, "a")', { variables: { name: 'a'.repeat(1_000) }, limits: { maxStringLength: 100 } });
    expect(error.limit).toBe('maxStringLength');
  });
});

/** A FEEL context whose entries double a list `levels` times, sharing it: `{a: [1, 2], b: [a, a], …}`. */
function doubling(levels: number): string {
  const names = Array.from({ length: levels }, (_, i) => `v${i}`);
  return `{${names.map((name, i) => (i === 0 ? `${name}: [1, 2]` : `${name}: [${names[i - 1]}, ${names[i - 1]}]`)).join(', ')}}.${names[levels - 1]}`;
}

describe('FEEL loops, ranges and lists', () => {
  test.each([
    ['for i in 1..100000000 return i', 'maxCollectionLength'],
    ['count(for i in 1..100000000 return i)', 'maxCollectionLength'],
    ['for i in 1..10000 return for j in 1..10000 return i * j', 'maxSteps'],
    ['for i in 1..10000, j in 1..10000 return i * j', 'maxSteps'],
    ['string join(for i in 1..10000000 return "x")', 'maxCollectionLength'],
    ['every x in 1..10000000 satisfies x > 0', 'maxCollectionLength'],
    ['some x in 1..10000000 satisfies x < 0', 'maxCollectionLength'],
    ['some x in 1..10000, y in 1..10000 satisfies x + y < 0', 'maxSteps'],
    ['{r: [1..10000000], z: for x in r return x}.z', 'maxCollectionLength'],
    ['some x in [1..10000000] satisfies x < 0', 'maxCollectionLength'],
    ['for i in 1..1000 return count(l[item > i])', 'maxSteps'],
    ['string join(l)', 'maxOutputSize'],
    [doubling(20), 'maxOutputSize'],
    [`count(flatten(${doubling(20)}))`, 'maxOutputSize'],
    [`string(${doubling(20)})`, 'maxOutputSize'],
    [`${doubling(30)} = ${doubling(30)}`, 'maxEvaluationMs'],
    ['{f: function(g, n) if n = 0 then 0 else g(g, n - 1) + g(g, n - 1), r: f(f, 40)}.r', 'maxSteps'],
    ['for i in 1..1000 return i in l', 'maxSteps'],
  ])('%s', (body, limit) => {
    // The clock ends only what the steps cannot count (deep equality): elsewhere it is far away,
    // so that the steps end the evaluation first even on a loaded machine.
    const limits: Partial<EvaluationLimits> = { maxSteps: 200_000, maxEvaluationMs: limit === 'maxEvaluationMs' ? 200 : 10_000 };
    const error = refused(body, { variables: { l: Array.from({ length: 150_000 }, () => 'x') }, limits }, FEEL, 5_000);
    expect(error.limit).toBe(limit);
  });

  test('with the default limits, the step budget ends a nested loop before the clock does', () => {
    expect(refused('for i in 1..10000 return for j in 1..10000 return i * j').limit).toBe('maxSteps');
  });

  test('a range whose bounds are not a whole number apart, which feelin would count through forever', () => {
    expect(refused('for i in 1.5..3 return i').reason).toMatch(/never reaches its end/);
  });

  test('within the limits, loops, ranges and filters answer as before', () => {
    expect(quickly('for i in 1..3 return i * 2', {})).toEqual([2, 4, 6]);
    expect(quickly('for i in 3..1 return i', {})).toEqual([3, 2, 1]);
    expect(quickly('for x in l, y in [10, 20] return x + y', { l: [1, 2] })).toEqual([11, 21, 12, 22]);
    expect(quickly('every x in l satisfies x > 0', { l: [1, 2] })).toBe(true);
    expect(quickly('l[item > 1]', { l: [1, 2, 3] })).toEqual([2, 3]);
    expect(quickly('l[2]', { l: [1, 2, 3] })).toBe(2);
    expect(quickly('count(for i in 1..50000 return i)', {})).toBe(50_000);
    expect(quickly('string join(["a", "b"], ", ")', {})).toBe('a, b');
    expect(quickly('sum(l)', { l: Array.from({ length: 10_000 }, () => 1) })).toBe(10_000);
    expect(quickly('{f: function(g, n) if n = 0 then 1 else n * g(g, n - 1), r: f(f, 5)}.r', {})).toBe(120);
    expect(quickly('2 in l and 5 in l', { l: [1, 2, 3] })).toBe(false);
    expect(quickly('x in l.a', { x: 2, l: [{ a: 1 }, { a: 2 }] })).toBe(true);
  });

  test('a result that is a function is an error: a host is never handed one', () => {
    for (const body of ['= "a"', 'function(x) x', 'count']) expect(refused(body).reason).toMatch(/the result is a function/);
  });

  test('the names of the guards are reserved', () => {
    expect(thrown(() => compileExpression('__casekit_each(l)', FEEL)).message).toMatch(/reserved/);
    expect(quickly('x', { x: 1, __casekit_each: 'data' })).toBe(1);
  });

  test('a variable named like a built-in keeps its precedence', () => {
    expect(quickly('count + 1', { count: 2 })).toBe(3);
  });
});

describe('JSON Logic', () => {
  const list = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const logic = { language: 'https://jsonlogic.com' };

  test('nested map over three 1,000-element lists', () => {
    const rule = { map: [list(1_000), { map: [list(1_000), { map: [list(1_000), { var: '' }] }] }] };
    expect(refused(JSON.stringify(rule), {}, logic).limit).toBe('maxSteps');
  });

  test.each([
    [{ reduce: [list(30), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] }, 'maxCollectionLength'],
    [{ reduce: [list(40), { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'ab'] }, 'maxStringLength'],
    [{ reduce: [list(60), [{ var: 'accumulator' }, { var: 'accumulator' }], 0] }, 'maxOutputSize'],
    [{ '==': [{ reduce: [list(60), [{ var: 'accumulator' }, { var: 'accumulator' }], 0] }, 'x'] }, 'maxSteps'],
    [{ in: [{ reduce: [list(60), [{ var: 'accumulator' }, { var: 'accumulator' }], 0] }, 'abc'] }, 'maxSteps'],
    [{ missing_some: [{ reduce: [list(60), [{ var: 'accumulator' }, { var: 'accumulator' }], 0] }, ['a']] }, 'maxSteps'],
  ])('doubling: %j', (rule, limit) => {
    expect(refused(JSON.stringify(rule), {}, logic).limit).toBe(limit);
  });

  test('limits are configurable per evaluation', () => {
    const rule = JSON.stringify({ map: [list(100), { '+': [{ var: '' }, 1] }] });
    expect(compileExpression(rule).evaluate({ variables: {} })).toHaveLength(100);
    expect(refused(rule, { limits: { maxSteps: 50 } }, logic).reason).toMatch(/budget of 50 steps/);
  });
});

describe('EL', () => {
  test('an evaluation spends a step per node of the expression', () => {
    expect(compileExpression('${a + b > 2}').evaluate({ variables: { a: 1, b: 2 }, limits: { maxSteps: 5 } })).toBe(true);
    expect(refused('${a + b > 2}', { variables: { a: 1, b: 2 }, limits: { maxSteps: 4 } }, {}).limit).toBe('maxSteps');
  });

  test('fn:replace and fn:join cannot build a string over the limit', () => {
    const s = 'a'.repeat(10_000);
    expect(refused('${fn:replace(s, "a", s)}', { variables: { s } }, {}).limit).toBe('maxStringLength');
    expect(refused('${fn:join(l, s)}', { variables: { s, l: Array.from({ length: 1_000 }, () => 'x') } }, {}).limit).toBe('maxStringLength');
  });
});

describe('decisions', () => {
  const list = Array.from({ length: 30 }, (_, i) => i);

  test('an output expression doubling a list is refused, naming the decision, rule and output', () => {
    const decision = table({
      hitPolicy: 'FIRST',
      inputs: [],
      outputs: [{ name: 'y' }],
      rules: [{ id: 'doubling', then: { y: { reduce: [list, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] } } }],
    });
    const error = thrown(() => decision.evaluate({}));
    expect(error).toBeInstanceOf(DecisionEvaluationError);
    expect(error).toMatchObject({ decision: 'test', rule: 'doubling', entry: 'output "y"', limit: 'maxCollectionLength' });
  });

  test('an output sharing itself is bounded by maxOutputSize', () => {
    const decision = table({
      hitPolicy: 'FIRST',
      inputs: [],
      outputs: [{ name: 'y' }],
      rules: [{ id: 'shared', then: { y: { reduce: [Array.from({ length: 60 }, (_, i) => i), [{ var: 'accumulator' }, { var: 'accumulator' }], 0] } } }],
    });
    expect(thrown(() => decision.evaluate({}))).toMatchObject({ rule: 'shared', limit: 'maxOutputSize' });
  });

  test('all outputs together are bounded, and the budget is the decision’s', () => {
    const rules = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, then: { y: { map: [{ var: 'l' }, { var: '' }] } } }));
    const decision = table({ hitPolicy: 'COLLECT', inputs: [], outputs: [{ name: 'y' }], rules });
    const l = Array.from({ length: 6_000 }, (_, i) => i);
    expect(thrown(() => decision.evaluate({ l }))).toMatchObject({ entry: 'outputs', limit: 'maxOutputSize' });
    expect((decision.evaluate({ l }, { limits: { maxOutputSize: 1_000_000 } }).value as unknown[]).length).toBe(20);
    expect(thrown(() => decision.evaluate({ l }, { limits: { maxSteps: 50_000, maxOutputSize: 1_000_000 } }))).toMatchObject({ limit: 'maxSteps' });
  });

  test('an input entry with a backtracking pattern over the case file answers at once', () => {
    const decision = table({
      hitPolicy: 'FIRST',
      inputs: [{ name: 'name', type: 'string' }],
      outputs: [{ name: 'y' }],
      rules: [
        { id: 'evil', when: { name: 'matches(?, "^(a+)+$")' }, then: { y: 'match' } },
        { id: 'other', then: { y: 'other' } },
      ],
    });
    const started = performance.now();
    expect(decision.evaluate({ name: `${'a'.repeat(40)}!` }).outputs).toEqual({ y: 'other' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a FEEL loop in an output entry is bounded', () => {
    const decision = table({ hitPolicy: 'FIRST', inputs: [], outputs: [{ name: 'y' }], rules: [{ id: 'loop', then: { y: { feel: 'for i in 1..100000000 return i' } } }] });
    expect(thrown(() => decision.evaluate({}))).toMatchObject({ rule: 'loop', limit: 'maxCollectionLength' });
  });
});

test('the defaults are documented in EXPRESSION_LIMITS', () => {
  expect(EXPRESSION_LIMITS).toMatchObject({ maxSteps: 1_000_000, maxCollectionLength: 100_000, maxStringLength: 1_048_576, maxOutputSize: 100_000, maxEvaluationMs: 1_000, maxPatternLength: 1_000 });
});
