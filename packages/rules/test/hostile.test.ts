/**
 * Hostile input, across the three languages: never a crash, a hang, a prototype or a function —
 * a typed ExpressionError or null.
 */
import { describe, expect, test } from 'vitest';
import { compileExpression, createJsonLogicEvaluator, EXPRESSION_LIMITS, ExpressionError } from '../src/index.js';

function compileError(body: string, options: { language?: string } = {}): ExpressionError {
  try {
    compileExpression(body, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected ${body.slice(0, 50)} to fail`);
}

const variables = { a: { b: 1 }, s: 'str', list: [1, 2], fn: () => 'called' };

describe('EL', () => {
  test.each([
    "${constructor.constructor('x')()}",
    "${a.constructor.constructor('return process')()}",
    '${a.__proto__}',
    "${''.constructor}",
    "${''.constructor.prototype}",
    "${a['constructor']}",
    "${a['__proto__']['polluted']}",
    '${list.constructor}',
    '${__proto__}',
    "${caseInstance.getVariable('constructor')}",
    "${var:get('__proto__')}",
    '${s.toString()}',
    '${s.concat("x")}',
    "${a.b.valueOf()}",
    '${fn()}' /* a variable holding a function is not callable: functions come from context.functions */,
    '${process.exit(1)}',
    "${require('fs')}",
    '${globalThis}',
    '${this}',
    '${a = 1}',
    '${x -> x}',
    '${[1,2]}',
    '${{}}',
    '${a; b}',
    '${T(java.lang.Runtime).getRuntime()}',
  ])('%s is rejected or reads nothing', (body) => {
    let value: unknown;
    try {
      value = compileExpression(body).evaluate({ variables });
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      return;
    }
    expect(value === null || typeof value === 'boolean').toBe(true);
  });

  test.each(['${a.toString}', '${a.valueOf}', "${a['hasOwnProperty']}", '${a.__defineGetter__}', '${list.map}', '${list.push}', '${s.length}', '${a.b.toFixed}'])(
    '%s: inherited members read null',
    (body) => {
      expect(compileExpression(body).evaluate({ variables })).toBeNull();
    },
  );

  test('names computed at run time cannot reach the prototype either', () => {
    const context = { variables: { ...variables, k: 'constructor', p: '__proto__', m: 'map', t: 'toString' } };
    expect(compileExpression('${a[t]}').evaluate(context)).toBeNull();
    expect(compileExpression('${a[k]}').evaluate(context)).toBeNull();
    expect(compileExpression('${a[p]}').evaluate(context)).toBeNull();
    expect(compileExpression('${list[m]}').evaluate(context)).toBeNull();
    expect(compileExpression('${a[k][k]}').evaluate(context)).toBeNull();
    expect(compileExpression("${s[fn:trim(' length ')]}").evaluate(context)).toBeNull();
  });

  test('a global never leaks in', () => {
    const g = globalThis as Record<string, unknown>;
    g.casekitLeak = 'leaked';
    try {
      expect(compileExpression('${casekitLeak}').evaluate({ variables: {} })).toBeNull();
      expect(compileExpression('${process}').evaluate({ variables: {} })).toBeNull();
    } finally {
      delete g.casekitLeak;
    }
  });

  test('evaluation never mutates the variables or Object.prototype', () => {
    const before = JSON.stringify(variables);
    for (const body of ["${a['__proto__']}", '${a.b + 1}', '${var:get(a)}', "${fn:split(s, 't')}"]) {
      try {
        compileExpression(body).evaluate({ variables });
      } catch {
        // rejected is fine
      }
    }
    expect(JSON.stringify(variables)).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('10 000 nested parentheses', () => {
    const error = compileError(`\${${'('.repeat(10_000)}1${')'.repeat(10_000)}}`);
    expect(error.reason).toMatch(/nested too deeply/);
  });

  test('a 1 MB expression is rejected quickly', () => {
    const started = performance.now();
    const error = compileError(`\${${'a + '.repeat(262_144)}a}`);
    expect(error.reason).toBe(`expression longer than ${EXPRESSION_LIMITS.maxLength} characters`);
    expect(error.message.length).toBeLessThan(400);
    expect(performance.now() - started).toBeLessThan(500);
  });

  test('just under the length limit, hostile shapes still fail cleanly and fast', () => {
    const started = performance.now();
    const n = EXPRESSION_LIMITS.maxLength - 10;
    for (const body of [
      `\${${'!'.repeat(n)}a}`,
      `\${${'-'.repeat(n)}1}`,
      `\${${'1+'.repeat(n / 2)}1}`,
      `\${${'a.'.repeat(n / 2)}b}`,
      `\${'${"\\'".repeat(n / 2 - 4)}'}`,
      `${'${a}'.repeat(n / 5)}`,
      `\${${'a['.repeat(n / 3)}`,
      `\${${'f('.repeat(n / 3)}`,
      `\${${'x?'.repeat(n / 3)}`,
    ]) {
      try {
        compileExpression(body).evaluate({ variables: {} });
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
      }
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('JSON Logic', () => {
  const logic = createJsonLogicEvaluator();
  test.each([
    '{"var":"constructor.constructor"}',
    '{"var":"__proto__"}',
    '{"var":"a.__proto__"}',
    '{"var":"a.constructor.prototype"}',
    '{"var":"s.constructor"}',
    '{"var":"list.constructor.constructor"}',
    '{"var":["constructor.constructor"]}',
    '{"var":{"cat":["__pro","to__"]}}',
    '{"missing_some":[1,["constructor"]]}',
  ])('%s never yields a function or a prototype', (body) => {
    const value = compileExpression(body).evaluate({ variables });
    expect(typeof value).not.toBe('function');
    expect(value === null || Array.isArray(value)).toBe(true);
  });

  test('a variable holding a function is data, not an operation', () => {
    expect(typeof logic.apply({ var: 'fn' }, variables)).toBe('function'); // host data is returned as is …
    expect(() => logic.compile({ fn: [] })).toThrow(/unknown operation "fn"/); // … but never callable from a rule
  });

  test('1 MB JSON body', () => {
    expect(() => compileExpression(`{"cat":[${'"x",'.repeat(262_144)}"x"]}`)).toThrow(/longer than/);
  });
});

describe('FEEL', () => {
  test('1 MB and deeply nested bodies', () => {
    expect(() => compileExpression('1 + '.repeat(262_144) + '1', { language: 'feel' })).toThrow(/longer than/);
    expect(() => compileExpression(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`, { language: 'feel' })).toThrow(ExpressionError);
  });
});
