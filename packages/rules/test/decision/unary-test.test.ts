/**
 * FEEL unary tests as decision-table input entries: the forms modelers write, casekit's compiled
 * form agreeing with feelin, the cache, and the entries feelin evaluates itself.
 */
import fc from 'fast-check';
import { unaryTest } from 'feelin';
import { describe, expect, test } from 'vitest';
import { compileUnaryTests, unaryTestCacheSize, type Cell } from '../../src/decision/unary-test.js';
import { prepareInput } from '../../src/decision/values.js';
import type { TypeRef } from '../../src/index.js';

function cell(value: unknown, typeRef: TypeRef = 'any'): Cell {
  const prepared = prepareInput(value, typeRef);
  if ('error' in prepared) throw new Error(prepared.error);
  return { value: prepared.value, raw: value, typeRef };
}

function matches(text: string, value: unknown, typeRef: TypeRef = 'any', variables: Record<string, unknown> = {}): boolean {
  return compileUnaryTests(text).test(cell(value, typeRef), { variables });
}

describe('the forms of the issue', () => {
  test.each([
    ['-', 42, true],
    ['-', null, true],
    ['', 'anything', true],
    ['>= 18', 18, true],
    ['>= 18', 17, false],
    ['>= 18', null, false],
    ['[1..5]', 1, true],
    ['[1..5]', 5, true],
    ['[1..5]', 5.5, false],
    ['(1..5)', 1, false],
    [']1..5[', 3, true],
    ['[1..5)', 5, false],
    ['"a","b"', 'b', true],
    ['"a","b"', 'c', false],
    ['not("x")', 'y', true],
    ['not("x")', 'x', false],
    ['not("x")', null, true],
    ['not(> 5)', 3, true],
    ['not(> 5)', 7, false],
    ['not(1, 2)', 2, false],
    ['not(1, 2)', 3, true],
    ['< 10, > 20', 25, true],
    ['< 10, > 20', 15, false],
    ['= 5', 5, true],
    ['!= 5', 5, false],
    ['!= 5', 4, true],
    ['null', null, true],
    ['null', 0, false],
    ['true', true, true],
    ['false', true, false],
    ['-5', -5, true],
    ['>= -5.5', -5, true],
    ['"a\\"b"', 'a"b', true],
    ['< "m"', 'apple', true],
    ['< "m"', 'pear', false],
  ])('%s on %j → %s', (text, value, expected) => {
    expect(matches(text, value)).toBe(expected);
  });

  test('dates: < date("2026-01-01") on a date input, an ISO string and an interval of dates', () => {
    expect(matches('< date("2026-01-01")', '2025-12-31', 'date')).toBe(true);
    expect(matches('< date("2026-01-01")', '2026-01-01', 'date')).toBe(false);
    expect(matches('< date("2026-01-01")', '2025-06-01T10:00:00Z', 'date')).toBe(true);
    expect(matches('< date("2026-01-01")', '2025-12-31')).toBe(true);
    expect(matches('[date("2026-01-01")..date("2026-12-31")]', '2026-07-14', 'date')).toBe(true);
    expect(matches('[date("2026-01-01")..date("2026-12-31")]', '2027-01-01', 'date')).toBe(false);
    expect(matches('date("2026-01-01")', '2026-01-01', 'date')).toBe(true);
  });

  test('FEEL three-valued logic: comparing different types is null, which never matches', () => {
    expect(matches('>= 18', 'eighteen')).toBe(false);
    expect(matches('not(>= 18)', 'eighteen')).toBe(false);
    expect(matches('[1..5]', 'a')).toBe(false);
    expect(matches('< date("2026-01-01")', 3)).toBe(false);
    expect(matches('< 10, "x"', 'x')).toBe(true);
    expect(matches('"5"', 5)).toBe(false);
  });
});

describe('compiled form', () => {
  test('the common shapes are compiled by casekit, the rest are left to feelin', () => {
    expect(compileUnaryTests('-').mode).toBe('wildcard');
    expect(compileUnaryTests('').mode).toBe('wildcard');
    for (const text of ['>= 18', '[1..5]', '"a","b"', 'not("x")', '< date("2026-01-01")', '5', 'null', 'not(< 3, > 9)']) {
      expect(compileUnaryTests(text).mode, text).toBe('compiled');
    }
    for (const text of ['< maxAge', '? > 3', 'string length(?) > 3', '< time("10:00:00")', '[1,2]']) {
      expect(compileUnaryTests(text).mode, text).toBe('feelin');
    }
  });

  test('literal lists are kept in order (for output priorities)', () => {
    expect(compileUnaryTests('"high","medium","low"').literalList).toEqual(['high', 'medium', 'low']);
    expect(compileUnaryTests('1, 2, 3').literalList).toEqual([1, 2, 3]);
    expect(compileUnaryTests('[1..3]').literalList).toBeUndefined();
  });

  test('each text is compiled once and cached', () => {
    const text = `>= ${Math.random()}`;
    const before = unaryTestCacheSize();
    const first = compileUnaryTests(text);
    expect(compileUnaryTests(text)).toBe(first);
    expect(unaryTestCacheSize()).toBe(before + 1);
  });

  test('agrees with feelin on numbers', () => {
    const comparison = fc.record({
      op: fc.constantFrom('<', '<=', '>', '>=', '=', '!='),
      n: fc.integer({ min: -50, max: 50 }),
    });
    const interval = fc.record({
      open: fc.constantFrom('[', '(', ']'),
      close: fc.constantFrom(']', ')', '['),
      low: fc.integer({ min: -50, max: 0 }),
      high: fc.integer({ min: 0, max: 50 }),
    });
    const positive = fc.oneof(
      comparison.map(({ op, n }) => `${op} ${n}`),
      interval.map(({ open, close, low, high }) => `${open}${low}..${high}${close}`),
      fc.integer({ min: -50, max: 50 }).map(String),
    );
    const entry = fc.tuple(fc.array(positive, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([tests, negate]) => (negate ? `not(${tests.join(', ')})` : tests.join(', ')));
    fc.assert(
      fc.property(entry, fc.integer({ min: -60, max: 60 }), (text, value) => {
        const expected = unaryTest(text, { '?': value }).value === true;
        expect(compileUnaryTests(text).mode).toBe('compiled');
        expect(matches(text, value), `${text} on ${value}`).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('agrees with feelin on strings', () => {
    const word = fc.constantFrom('alpha', 'beta', 'gamma', 'Beta', '', 'b');
    const positive = fc.oneof(
      word.map((w) => JSON.stringify(w)),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>='), word).map(([op, w]) => `${op} ${JSON.stringify(w)}`),
    );
    const entry = fc.tuple(fc.array(positive, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([tests, negate]) => (negate ? `not(${tests.join(', ')})` : tests.join(', ')));
    fc.assert(
      fc.property(entry, word, (text, value) => {
        expect(matches(text, value), `${text} on ${value}`).toBe(unaryTest(text, { '?': value }).value === true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('entries feelin evaluates', () => {
  test('names of other variables, ? and functions', () => {
    expect(matches('< maxAge', 30, 'number', { maxAge: 40 })).toBe(true);
    expect(matches('< maxAge', 50, 'number', { maxAge: 40 })).toBe(false);
    expect(matches('? > 3', 4, 'number')).toBe(true);
    expect(matches('string length(?) > 3', 'abcd', 'string')).toBe(true);
    expect(matches('string length(?) > 3', 'abc', 'string')).toBe(false);
  });

  test('times and durations', () => {
    expect(matches('< time("12:00:00")', '09:30:00', 'time')).toBe(true);
    expect(matches('> duration("P7D")', 'P10D', 'duration')).toBe(true);
  });

  test('answers are remembered per input value when the entry reads nothing else', () => {
    const compiled = compileUnaryTests('? > 3 and ? < 10');
    for (let i = 0; i < 3; i++) expect(compiled.test(cell(5), { variables: {} })).toBe(true);
    expect(compiled.test(cell(11), { variables: {} })).toBe(false);
  });

  test('today() follows the clock given', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const compiled = compileUnaryTests('< today()');
    expect(compiled.test(cell('2026-02-28', 'date'), { variables: {}, now })).toBe(true);
    expect(compiled.test(cell('2026-03-02', 'date'), { variables: {}, now })).toBe(false);
  });
});

describe('refusals at compile time', () => {
  test.each(['>=', '[1..', 'not(', '"unterminated', '>= 18 18)'])('%s is a syntax error', (text) => {
    expect(() => compileUnaryTests(text)).toThrow(/syntax error/);
  });

  test.each(['x.constructor', '"a".constructor', '__proto__', '< prototype'])('%s names a prototype member', (text) => {
    expect(() => compileUnaryTests(text)).toThrow(/forbidden name/);
  });
});
