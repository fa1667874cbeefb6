/**
 * The built-in JSON Logic operations for case work: dates, strings, lists.
 */
import { describe, expect, test } from 'vitest';
import { createJsonLogicEvaluator, ExpressionError } from '../../src/index.js';

const logic = createJsonLogicEvaluator();
const now = new Date('2026-03-15T10:30:00Z');
const run = (rule: unknown, variables: Record<string, unknown> = {}): unknown => logic.compile(rule).evaluate({ variables, now });

describe('dates', () => {
  test('today and now come from the engine clock', () => {
    expect(run({ today: [] })).toBe('2026-03-15');
    expect(run({ today: null })).toBe('2026-03-15');
    expect(run({ now: [] })).toBe('2026-03-15T10:30:00.000Z');
  });

  test('age in whole years, today or at a date', () => {
    expect(run({ age: [{ var: 'born' }] }, { born: '1990-03-15' })).toBe(36);
    expect(run({ age: [{ var: 'born' }] }, { born: '1990-03-16' })).toBe(35);
    expect(run({ age: ['2000-02-29', '2021-02-28'] })).toBe(20);
    expect(run({ age: ['2000-02-29', '2021-03-01'] })).toBe(21);
    expect(run({ age: [{ var: 'missing' }] })).toBeNull();
  });

  test('days between, add a duration, before and after', () => {
    expect(run({ days_between: ['2026-01-01', '2026-03-01'] })).toBe(59);
    expect(run({ days_between: ['2026-03-01T23:00:00Z', '2026-03-02T01:00:00Z'] })).toBe(1);
    expect(run({ add_duration: ['2026-01-31', 'P1M'] })).toBe('2026-02-28');
    expect(run({ add_duration: ['2024-01-31', 'P1M'] })).toBe('2024-02-29');
    expect(run({ add_duration: ['2026-03-15', 'P2W'] })).toBe('2026-03-29');
    expect(run({ add_duration: ['2026-03-15', '-P1Y'] })).toBe('2025-03-15');
    expect(run({ add_duration: ['2026-03-15', 'PT36H'] })).toBe('2026-03-16T12:00:00.000Z');
    expect(run({ add_duration: ['2026-03-15T08:00:00+02:00', 'PT1H'] })).toBe('2026-03-15T07:00:00.000Z');
    expect(run({ before: ['2026-01-01', '2026-01-02'] })).toBe(true);
    expect(run({ after: ['2026-01-01', '2026-01-02'] })).toBe(false);
    expect(run({ before: [{ var: 'due' }, { today: [] }] }, { due: '2026-03-01' })).toBe(true);
  });

  test('a follow-up is due: a case rule written with them', () => {
    const rule = { '>': [{ days_between: [{ var: 'lastContact' }, { today: [] }] }, 14] };
    expect(run(rule, { lastContact: '2026-02-20' })).toBe(true);
    expect(run(rule, { lastContact: '2026-03-10' })).toBe(false);
  });

  test('wrong arguments fail with a reason naming the operation', () => {
    expect(() => run({ age: ['last tuesday'] })).toThrow(ExpressionError);
    expect(() => run({ age: ['last tuesday'] })).toThrow(/age: "last tuesday" is not an ISO date or date-time/);
    expect(() => run({ add_duration: ['2026-01-01', '3 days'] })).toThrow(/not an ISO 8601 duration/);
    expect(() => run({ days_between: ['2026-02-30', '2026-03-01'] })).toThrow(/not an ISO date/);
    expect(() => logic.compile({ days_between: ['2026-01-01'] })).toThrow(/takes 2 arguments, got 1/);
  });
});

describe('strings', () => {
  test.each([
    [{ lower: ['ABC'] }, 'abc'],
    [{ upper: ['abc'] }, 'ABC'],
    [{ trim: ['  a  '] }, 'a'],
    [{ starts_with: ['ombudsman referral', 'ombudsman'] }, true],
    [{ ends_with: ['report.pdf', '.pdf'] }, true],
    [{ contains: ['repeat complaint', 'repeat'] }, true],
    [{ split: ['a,b,c', ','] }, ['a', 'b', 'c']],
    [{ length: ['abcd'] }, 4],
    [{ lower: [null] }, null],
  ])('%j → %j', (rule, expected) => {
    expect(run(rule)).toEqual(expected);
  });

  test('an empty separator is refused', () => {
    expect(() => run({ split: ['abc', ''] })).toThrow(/separator is empty/);
  });
});

describe('lists', () => {
  test.each([
    [{ length: [[1, 2, 3]] }, 3],
    [{ contains: [['copd', 'diabetes'], 'copd'] }, true],
    [{ contains: [{ var: 'items' }, { var: 'item' }] }, true],
    [{ sum: [[1, 2, null, 3]] }, 6],
    [{ distinct: [[1, 2, 1, 'a', 'a']] }, [1, 2, 'a']],
    [{ first: [[4, 5]] }, 4],
    [{ last: [[4, 5]] }, 5],
    [{ last: [[]] }, null],
    [{ join: [['a', 'b'], ', '] }, 'a, b'],
  ])('%j → %j', (rule, expected) => {
    expect(run(rule, { items: [{ a: 1 }], item: { a: 1 } })).toEqual(expected);
  });

  test('counting chronic conditions from a case file list', () => {
    expect(run({ '>=': [{ length: [{ var: 'conditions' }] }, 3] }, { conditions: ['copd', 'diabetes', 'ckd'] })).toBe(true);
    expect(() => run({ sum: [['1', 2]] })).toThrow(/sum: "1" is not a number/);
  });
});

test('case operation names are reserved: a custom operation cannot replace one', () => {
  expect(() => createJsonLogicEvaluator({ operations: { age: () => 0 } })).toThrow(/reserved/);
  expect(logic.operations).toEqual(expect.arrayContaining(['age', 'days_between', 'add_duration', 'before', 'after', 'today', 'now', 'lower', 'contains', 'distinct']));
});
