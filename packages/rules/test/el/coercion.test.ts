import { describe, expect, test } from 'vitest';
import { arithmetic, compare, deepEquals, isEmpty, looseEquals, negate, toBoolean, toNumber, toText } from '../../src/el/coercion.js';
import { ExpressionFailure } from '../../src/errors.js';

describe('toNumber (EL 1.23.3)', () => {
  test.each([
    [null, 0],
    [undefined, 0],
    ['', 0],
    [7, 7],
    ['42', 42],
    [' 4.5 ', 4.5],
    ['-3', -3],
    ['+3', 3],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('%j → %j', (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });
  test.each([['abc'], ['1,5'], ['0x10'], ['Infinity'], [true], [[1]], [{}]])('%j fails', (value) => {
    expect(() => toNumber(value)).toThrow(ExpressionFailure);
  });
});

describe('toBoolean (EL 1.23.2)', () => {
  test.each([
    [null, false],
    ['', false],
    [true, true],
    [false, false],
    ['true', true],
    ['TRUE', true],
    ['yes', false],
    ['false', false],
  ])('%j → %j', (value, expected) => {
    expect(toBoolean(value)).toBe(expected);
  });
  test.each([[1], [0], [[]], [{}]])('%j fails', (value) => {
    expect(() => toBoolean(value)).toThrow(/cannot coerce .* to a boolean/);
  });
});

describe('toText (EL 1.23.1)', () => {
  test('primitives, null, JSON for lists and objects, ISO for dates', () => {
    expect(toText(null)).toBe('');
    expect(toText(5)).toBe('5');
    expect(toText(false)).toBe('false');
    expect(toText([1, 'a'])).toBe('[1,"a"]');
    expect(toText({ a: 1 })).toBe('{"a":1}');
    expect(toText(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z');
    expect(() => toText(() => 1)).toThrow(/cannot coerce/);
  });
});

describe('arithmetic (EL 1.7)', () => {
  test('numeric, never concatenation; null operands count as 0', () => {
    expect(arithmetic('+', '1', '2')).toBe(3);
    expect(arithmetic('+', null, null)).toBe(0);
    expect(arithmetic('+', null, 5)).toBe(5);
    expect(arithmetic('-', 10, '4')).toBe(6);
    expect(arithmetic('*', '2.5', 2)).toBe(5);
    expect(arithmetic('/', 7, 2)).toBe(3.5);
    expect(arithmetic('/', 1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(arithmetic('%', 7, 3)).toBe(1);
    expect(arithmetic('%', -7, 3)).toBe(-1);
    expect(() => arithmetic('+', 'a', 1)).toThrow(/cannot coerce "a" to a number/);
    expect(() => arithmetic('+', true, 1)).toThrow(/cannot coerce true to a number/);
  });
  test('% by zero: an error in integer arithmetic, NaN in decimal arithmetic (as in JUEL)', () => {
    expect(() => arithmetic('%', 5, 0)).toThrow(/division by zero/);
    expect(() => arithmetic('%', '5', '0')).toThrow(/division by zero/);
    expect(arithmetic('%', 5.5, 0)).toBeNaN();
    expect(arithmetic('%', '5.0', 0)).toBeNaN();
  });
  test('unary minus', () => {
    expect(negate(null)).toBe(0);
    expect(negate('3')).toBe(-3);
    expect(() => negate(false)).toThrow(ExpressionFailure);
  });
});

describe('empty', () => {
  test.each([
    [null, true],
    ['', true],
    [[], true],
    [{}, true],
    [' ', false],
    [0, false],
    [false, false],
    [[null], false],
    [{ a: null }, false],
    [new Date(0), false],
  ])('empty %j → %j', (value, expected) => {
    expect(isEmpty(value)).toBe(expected);
  });
});

describe('== (EL 1.8.2)', () => {
  test.each([
    [null, null, true],
    [null, 0, false],
    ['', null, false],
    [1, 1, true],
    [1, '1', true],
    ['1.0', 1, true],
    [0, '', true],
    [true, 'true', true],
    [true, 'TRUE', true],
    [false, 'no', true],
    ['a', 'a', true],
    ['a', 'b', false],
    [[1, { a: 2 }], [1, { a: 2 }], true],
    [[1], [2], false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1 }, 'x', false],
    [new Date(5), new Date(5), true],
    [new Date(0), '1970-01-01T00:00:00.000Z', true],
  ])('%j == %j → %j', (a, b, expected) => {
    expect(looseEquals(a, b)).toBe(expected);
    expect(looseEquals(b, a)).toBe(expected);
  });
  test('a number against a non-numeric string or a boolean is an error, as in JUEL', () => {
    expect(() => looseEquals(1, 'abc')).toThrow(/cannot coerce "abc" to a number/);
    expect(() => looseEquals(1, true)).toThrow(/cannot coerce true to a number/);
  });
  test('deepEquals treats missing elements as null', () => {
    expect(deepEquals([undefined], [null])).toBe(true);
    expect(deepEquals({ a: 1 }, { b: 1 })).toBe(false);
  });
});

describe('< <= > >= (EL 1.8.1)', () => {
  test('numbers, numeric strings, strings, booleans, dates', () => {
    expect(compare('<', 1, 2)).toBe(true);
    expect(compare('>', '10', 9)).toBe(true);
    expect(compare('<', '10', '9')).toBe(true); // two strings compare as strings
    expect(compare('<', 'abc', 'abd')).toBe(true);
    expect(compare('>', true, false)).toBe(true);
    expect(compare('<', new Date(1), new Date(2))).toBe(true);
    expect(compare('>=', 2, 2)).toBe(true);
    expect(compare('<', 2, 2)).toBe(false);
  });
  test('null: equal nulls are <= and >=, otherwise false', () => {
    expect(compare('<=', null, null)).toBe(true);
    expect(compare('<', null, null)).toBe(false);
    expect(compare('<', null, 1)).toBe(false);
    expect(compare('>', 1, null)).toBe(false);
    expect(compare('>=', null, 0)).toBe(false);
  });
  test('incomparable values are errors', () => {
    expect(() => compare('<', 'a', 1)).toThrow(/cannot coerce "a" to a number/);
    expect(() => compare('<', [1], [2])).toThrow(/cannot compare a list with a list/);
    expect(() => compare('<', 'a', true)).toThrow(/cannot compare "a" with true/);
  });
});
