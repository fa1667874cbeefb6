import { describe, expect, test } from 'vitest';
import { BUILTIN_FUNCTION_NAMES } from '../../src/el/builtins.js';
import { compileExpression, type ExpressionContext } from '../../src/index.js';

const context: ExpressionContext = {
  variables: { s: ' Hello, World ', list: ['a', 'b', 3], obj: { x: 1, y: 2 }, csv: 'a,b;;c', nothing: null },
  now: new Date('2025-03-04T05:06:07.000Z'),
};
const run = (body: string, ctx: ExpressionContext = context): unknown => compileExpression(body).evaluate(ctx);

describe('fn: built-ins', () => {
  test.each([
    ['${fn:length(s)}', 14],
    ['${fn:length(list)}', 3],
    ['${fn:length(obj)}', 2],
    ['${fn:length(nothing)}', 0],
    ["${fn:contains(s, 'World')}", true],
    ["${fn:contains(s, 'world')}", false],
    ["${fn:containsIgnoreCase(s, 'world')}", true],
    ["${fn:contains(nothing, '')}", true],
    ["${fn:startsWith(s, ' Hello')}", true],
    ["${fn:endsWith(s, 'World ')}", true],
    ["${fn:indexOf(s, 'o')}", 5],
    ["${fn:indexOf(s, 'z')}", -1],
    ['${fn:toLowerCase(s)}', ' hello, world '],
    ['${fn:toUpperCase(s)}', ' HELLO, WORLD '],
    ['${fn:trim(s)}', 'Hello, World'],
    ['${fn:substring(s, 1, 6)}', 'Hello'],
    ['${fn:substring(s, -3, 2)}', ' H'],
    ['${fn:substring(s, 8, -1)}', 'World '],
    ['${fn:substring(s, 8, 100)}', 'World '],
    ['${fn:substring(s, 6, 2)}', ''],
    ["${fn:substringBefore(s, ',')}", ' Hello'],
    ["${fn:substringBefore(s, '#')}", ''],
    ["${fn:substringAfter(s, ', ')}", 'World '],
    ["${fn:substringAfter(s, '#')}", ''],
    ["${fn:replace(s, 'o', '0')}", ' Hell0, W0rld '],
    ["${fn:replace(s, '', 'x')}", ' Hello, World '],
    ["${fn:join(list, '-')}", 'a-b-3'],
    ["${fn:join(nothing, '-')}", ''],
    ["${fn:split(csv, ',;')}", ['a', 'b', 'c']],
    ["${fn:split('', ',')}", ['']],
    ["${fn:length(fn:split(csv, ';'))}", 2],
    ['${fn:now()}', '2025-03-04T05:06:07.000Z'],
  ])('%s → %j', (body, expected) => {
    expect(run(body)).toEqual(expected);
  });

  test('argument counts are checked at compile time', () => {
    expect(() => compileExpression('${fn:length()}')).toThrow(/fn:length takes 1 argument, got 0/);
    expect(() => compileExpression('${fn:substring(s, 1)}')).toThrow(/fn:substring takes 3 arguments, got 2/);
    expect(() => compileExpression('${fn:now(1)}')).toThrow(/fn:now takes 0 arguments, got 1/);
  });

  test('bad arguments are evaluation errors', () => {
    expect(() => run('${fn:length(5)}')).toThrow(/fn:length cannot measure 5/);
    expect(() => run("${fn:join(s, ',')}")).toThrow(/fn:join needs a list/);
    expect(() => run('${fn:now()}', { variables: {} })).toThrow(/fn:now\(\) needs the engine clock/);
  });

  test('the documented set', () => {
    expect([...BUILTIN_FUNCTION_NAMES].sort()).toEqual(
      [
        'length', 'contains', 'containsIgnoreCase', 'startsWith', 'endsWith', 'indexOf', 'toLowerCase', 'toUpperCase',
        'trim', 'substring', 'substringBefore', 'substringAfter', 'replace', 'join', 'split', 'now',
      ].sort(),
    );
  });
});
