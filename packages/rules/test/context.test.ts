import { describe, expect, test } from 'vitest';
import { getMember, hasVariable, isPlainObject, lookupMember, MISSING, readVariable, resolveName } from '../src/context.js';

describe('safe reads', () => {
  test('getMember reads own properties of plain objects and array elements only', () => {
    const plain = { a: 1, n: null, u: undefined };
    expect(getMember(plain, 'a')).toBe(1);
    expect(getMember(plain, 'n')).toBeNull();
    expect(getMember(plain, 'u')).toBeNull();
    expect(getMember(plain, 'toString')).toBeNull();
    expect(getMember(plain, 'constructor')).toBeNull();
    expect(getMember(plain, '__proto__')).toBeNull();
    expect(getMember(Object.assign(Object.create(null), { x: 2 }), 'x')).toBe(2);
    expect(getMember(['a', 'b'], 1)).toBe('b');
    expect(getMember(['a', 'b'], '0')).toBe('a');
    expect(getMember(['a', 'b'], 'length')).toBeNull();
    expect(getMember(['a', 'b'], 'map')).toBeNull();
    expect(getMember(['a'], 1e300)).toBeNull();
    expect(getMember('abc', 0)).toBeNull();
    expect(getMember('abc', 'length')).toBeNull();
    expect(getMember(new Date(), 'getTime')).toBeNull();
    expect(getMember(new (class { x = 1 })(), 'x')).toBeNull();
    expect(getMember(new Map([['a', 1]]), 'a')).toBeNull();
    expect(getMember({ 1: 'one' }, 1)).toBe('one');
    expect(getMember({ true: 'yes' }, true)).toBe('yes');
    expect(getMember({ a: 1 }, { toString: () => 'a' })).toBeNull();
    expect(getMember(null, 'a')).toBeNull();
  });

  test('lookupMember tells absent from null and reads array length', () => {
    expect(lookupMember({ a: null }, 'a')).toBeNull();
    expect(lookupMember({ a: null }, 'b')).toBe(MISSING);
    expect(lookupMember({}, 'constructor')).toBe(MISSING);
    expect(lookupMember([1, 2], 'length')).toBe(2);
    expect(lookupMember([1, undefined], '1')).toBe(MISSING);
    expect(lookupMember('str', 'length')).toBe(MISSING);
  });

  test('resolveName: locals, then repetitionCounter, then variables', () => {
    const context = { variables: { a: 1, repetitionCounter: 7 }, locals: { b: 2 }, repetitionCounter: 3 };
    expect(resolveName(context, 'a')).toBe(1);
    expect(resolveName(context, 'b')).toBe(2);
    expect(resolveName(context, 'repetitionCounter')).toBe(3);
    expect(resolveName(context, 'toString')).toBeNull();
    expect(resolveName({ variables: { constructor: 'own' } }, 'constructor')).toBeNull();
    expect(readVariable(context, 'b')).toBeNull();
    expect(hasVariable(context, 'a')).toBe(true);
    expect(hasVariable(context, 'hasOwnProperty')).toBe(false);
  });

  test('isPlainObject', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject(null)).toBe(false);
  });
});
