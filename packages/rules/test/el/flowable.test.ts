import { describe, expect, test } from 'vitest';
import { VARIABLE_FUNCTION_NAMES } from '../../src/el/flowable.js';
import { compileExpression, ExpressionError, type ExpressionContext } from '../../src/index.js';

const context: ExpressionContext = {
  variables: {
    count: 5,
    ratio: 0.5,
    name: 'casekit',
    blank: '',
    nothing: null,
    list: [1, 'two', { three: 3 }],
    none: [],
    object: {},
    flag: true,
    varName: 'count',
  },
  locals: { local: 'L' },
  repetitionCounter: 2,
};

const run = (body: string, ctx: ExpressionContext = context): unknown => compileExpression(body).evaluate(ctx);

describe('var: functions (Flowable semantics), under every prefix', () => {
  const prefixes = ['var', 'vars', 'variables'];

  test.each(prefixes)('%s:get and getOrDefault', (p) => {
    expect(run(`\${${p}:get(count)}`)).toBe(5);
    expect(run(`\${${p}:get('count')}`)).toBe(5);
    expect(run(`\${${p}:get("count")}`)).toBe(5);
    expect(run(`\${${p}:get(missing)}`)).toBeNull();
    expect(run(`\${${p}:get(local)}`)).toBe('L');
    expect(run(`\${${p}:get(repetitionCounter)}`)).toBe(2);
    expect(run(`\${${p}:getOrDefault(missing, 42)}`)).toBe(42);
    expect(run(`\${${p}:getOrDefault(nothing, 'd')}`)).toBe('d');
    expect(run(`\${${p}:getOrDefault(count, 42)}`)).toBe(5);
    expect(run(`\${${p}:getOrDefault(blank, 'd')}`)).toBe('');
  });

  test.each(prefixes)('%s:exists / exist', (p) => {
    expect(run(`\${${p}:exists(count)}`)).toBe(true);
    expect(run(`\${${p}:exist('name')}`)).toBe(true);
    expect(run(`\${${p}:exists(nothing)}`)).toBe(false);
    expect(run(`\${${p}:exists(missing)}`)).toBe(false);
  });

  test.each(prefixes)('%s:equals / eq and notEquals / ne', (p) => {
    expect(run(`\${${p}:eq(count, 5)}`)).toBe(true);
    expect(run(`\${${p}:equals(count, 5.0)}`)).toBe(true);
    expect(run(`\${${p}:eq(count, '5')}`)).toBe(false); // no coercion, as Objects.equals
    expect(run(`\${${p}:eq(name, 'casekit')}`)).toBe(true);
    expect(run(`\${${p}:eq(flag, true)}`)).toBe(true);
    expect(run(`\${${p}:eq(missing, null)}`)).toBe(true);
    expect(run(`\${${p}:eq(missing, 1)}`)).toBe(false);
    expect(run(`\${${p}:eq(list, list)}`)).toBe(true);
    expect(run(`\${${p}:ne(count, 4)}`)).toBe(true);
    expect(run(`\${${p}:notEquals(count, 5)}`)).toBe(false);
    expect(run(`\${${p}:ne(missing, 1)}`)).toBe(false); // a null variable is never "not equal"
    expect(run(`\${${p}:ne(nothing, null)}`)).toBe(false);
  });

  test.each(prefixes)('%s comparisons: lt lte gt gte and their long names', (p) => {
    expect(run(`\${${p}:lt(count, 6)}`)).toBe(true);
    expect(run(`\${${p}:lowerThan(count, 5)}`)).toBe(false);
    expect(run(`\${${p}:lessThan(ratio, 1)}`)).toBe(true);
    expect(run(`\${${p}:lte(count, 5)}`)).toBe(true);
    expect(run(`\${${p}:lowerThanOrEquals(count, 4)}`)).toBe(false);
    expect(run(`\${${p}:lessThanOrEquals(count, 5)}`)).toBe(true);
    expect(run(`\${${p}:gt(count, 4)}`)).toBe(true);
    expect(run(`\${${p}:greaterThan(count, 5)}`)).toBe(false);
    expect(run(`\${${p}:gte(count, 5)}`)).toBe(true);
    expect(run(`\${${p}:greaterThanOrEquals(count, 6)}`)).toBe(false);
    expect(run(`\${${p}:gt(name, 'a')}`)).toBe(true);
    // null-safe: a missing or null variable, or a null operand, compares false
    expect(run(`\${${p}:gt(missing, 1)}`)).toBe(false);
    expect(run(`\${${p}:lt(nothing, 1)}`)).toBe(false);
    expect(run(`\${${p}:gte(count, null)}`)).toBe(false);
  });

  test('comparing different types is an error, as in Flowable', () => {
    expect(() => run("${var:gt(count, '4')}")).toThrow(/cannot compare 5 with "4"/);
    expect(() => run('${var:gt(name, 4)}')).toThrow(/cannot compare "casekit" with 4/);
    expect(() => run('${var:gt(flag, 4)}')).toThrow(ExpressionError);
  });

  test.each(prefixes)('%s:isEmpty / empty and isNotEmpty / notEmpty', (p) => {
    expect(run(`\${${p}:isEmpty(missing)}`)).toBe(true);
    expect(run(`\${${p}:isEmpty(nothing)}`)).toBe(true);
    expect(run(`\${${p}:empty(blank)}`)).toBe(true);
    expect(run(`\${${p}:isEmpty(none)}`)).toBe(true);
    expect(run(`\${${p}:isEmpty(list)}`)).toBe(false);
    expect(run(`\${${p}:isEmpty(object)}`)).toBe(false); // not a collection in Flowable
    expect(run(`\${${p}:isEmpty(count)}`)).toBe(false);
    expect(run(`\${${p}:isNotEmpty(name)}`)).toBe(true);
    expect(run(`\${${p}:notEmpty(none)}`)).toBe(false);
    expect(run(`\${${p}:isNotEmpty(missing)}`)).toBe(false);
  });

  test.each(prefixes)('%s:contains and containsAny', (p) => {
    expect(run(`\${${p}:contains(name, 'case', 'kit')}`)).toBe(true);
    expect(run(`\${${p}:contains(name, 'case', 'x')}`)).toBe(false);
    expect(run(`\${${p}:contains(list, 1, 'two')}`)).toBe(true);
    expect(run(`\${${p}:contains(list, 1.0)}`)).toBe(true);
    expect(run(`\${${p}:contains(list, '1')}`)).toBe(false);
    expect(run(`\${${p}:contains(missing, 1)}`)).toBe(false);
    expect(run(`\${${p}:containsAny(list, 9, 'two')}`)).toBe(true);
    expect(run(`\${${p}:containsAny(name, 'x', 'y')}`)).toBe(false);
    expect(run(`\${${p}:containsAny(count, 5)}`)).toBe(false);
  });

  test('the variable name may be computed, and must then be a string', () => {
    expect(run('${var:get(varName == null ? "x" : varName)}')).toBe(5);
    expect(run("${var:get(fn:substringBefore('count.x', '.'))}")).toBe(5);
    expect(() => run('${var:get(1 + 1)}')).toThrow(/var:get needs a variable name, got number/);
  });

  test('every documented alias exists', () => {
    expect([...VARIABLE_FUNCTION_NAMES].sort()).toEqual(
      [
        'get', 'getOrDefault', 'exists', 'exist', 'equals', 'eq', 'notEquals', 'ne', 'lowerThan', 'lessThan', 'lt',
        'lowerThanOrEquals', 'lessThanOrEquals', 'lte', 'greaterThan', 'gt', 'greaterThanOrEquals', 'gte', 'isEmpty',
        'empty', 'isNotEmpty', 'notEmpty', 'contains', 'containsAny',
      ].sort(),
    );
  });

  test('unknown names and wrong argument counts are compile-time errors', () => {
    expect(() => compileExpression('${var:base64(x)}', { id: 'R1' })).toThrow(/R1 .*unknown function var:base64/);
    expect(() => compileExpression('${var:get()}')).toThrow(/var:get takes 1 argument, got 0/);
    expect(() => compileExpression('${var:get(a, b)}')).toThrow(/var:get takes 1 argument, got 2/);
    expect(() => compileExpression('${var:eq(a)}')).toThrow(/var:eq takes 2 arguments, got 1/);
    expect(() => compileExpression('${var:contains(a)}')).toThrow(/var:contains takes at least 2 arguments, got 1/);
    expect(() => compileExpression('${var:get(constructor)}')).toThrow(/access to 'constructor' is not allowed/);
    expect(() => compileExpression("${var:get('__proto__')}")).toThrow(/access to '__proto__' is not allowed/);
  });

  test('`var` alone is an ordinary variable name', () => {
    expect(run('${var}', { variables: { var: true } })).toBe(true);
    expect(run('${var ? 1 : 2}', { variables: { var: false } })).toBe(2);
  });
});

describe('pseudo-methods', () => {
  test('caseInstance.getVariable reads the case scope only', () => {
    expect(run("${caseInstance.getVariable('count')}")).toBe(5);
    expect(run("${caseInstance.getVariable('missing')}")).toBeNull();
    expect(run("${caseInstance.getVariable('local')}")).toBeNull();
    // A real method call in Flowable: the argument is evaluated (unlike var:get's bare name).
    expect(run('${caseInstance.getVariable(varName)}')).toBe(5);
    expect(() => run('${caseInstance.getVariable(count)}')).toThrow(/needs a variable name, got number/);
  });

  test('planItemInstance and caseExecution see locals and repetitionCounter too', () => {
    expect(run("${planItemInstance.getVariable('local')}")).toBe('L');
    expect(run("${planItemInstance.getVariable('repetitionCounter')}")).toBe(2);
    expect(run("${caseExecution.getVariable('count')}")).toBe(5);
  });

  test('hasVariable is true for a present variable, even a null one', () => {
    expect(run("${caseInstance.hasVariable('nothing')}")).toBe(true);
    expect(run("${caseInstance.hasVariable('missing')}")).toBe(false);
    expect(run("${caseInstance.hasVariable('local')}")).toBe(false);
    expect(run("${planItemInstance.hasVariable('local')}")).toBe(true);
    expect(run("${planItemInstance.hasVariable('repetitionCounter')}")).toBe(true);
    expect(run("${caseInstance.hasVariable('toString')}")).toBe(false);
    expect(run("${planItemInstance.hasVariable('constructor' == 'x' ? 'a' : 'hasOwnProperty')}")).toBe(false);
  });

  test('a name evaluated at run time to a forbidden name reads nothing', () => {
    expect(run("${caseInstance.getVariable(fn:trim(' constructor '))}")).toBeNull();
    expect(run("${var:get(fn:trim(' __proto__ '))}")).toBeNull();
    expect(run("${planItemInstance.hasVariable(fn:trim(' __proto__ '))}")).toBe(false);
  });
});

describe('the conditions of the Flowable test models', () => {
  test.each([
    ["${caseInstance.getVariable('conditionVariable') != null && conditionVariable}", {}, false],
    ["${caseInstance.getVariable('conditionVariable') != null && conditionVariable}", { conditionVariable: false }, false],
    ["${caseInstance.getVariable('conditionVariable') != null && conditionVariable}", { conditionVariable: true }, true],
    ["${caseInstance.getVariable('variable') != null && variable == 'startStage'}", { variable: 'startStage' }, true],
    ["${caseInstance.getVariable('variable') != null && variable == 'startStage'}", { variable: 'other' }, false],
    ['${var:get(goToC)}', {}, null],
    ['${!var:get(goToC)}', {}, true],
    ['${!var:get(goToC)}', { goToC: true }, false],
    ["${var:exists('someVar')}", { someVar: 'x' }, true],
    ['${var:eq(keepGoing, true)}', { keepGoing: true }, true],
    ['${var:eq(keepGoing, true)}', {}, false],
    ['${value >= 100}', { value: 150 }, true],
    ['${value < 99}', { value: 50 }, true],
    ['${value < 99}', {}, false], // EL: a null operand makes < false
  ])('%s with %j → %j', (body, variables, expected) => {
    expect(run(body, { variables })).toBe(expected);
  });

  test('repetitionCounter conditions', () => {
    const rule = compileExpression('${repetitionCounter < 3}');
    expect([1, 2, 3, 4].map((n) => rule.evaluate({ variables: {}, repetitionCounter: n }))).toEqual([true, true, false, false]);
  });
});
