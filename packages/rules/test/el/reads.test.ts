import { describe, expect, test } from 'vitest';
import { compileExpression } from '../../src/index.js';

describe('EL reads', () => {
  test.each([
    ['${true}', []],
    ['${amount > 1000}', ['amount']],
    ['${a.b.c && d[e] || !f}', ['a', 'd', 'e', 'f']],
    ["${a['literal'] + b[0]}", ['a', 'b']],
    ['${x ? y : z}', ['x', 'y', 'z']],
    ['${empty list or -n > 2}', ['list', 'n']],
    ['Hello ${first} ${last}', ['first', 'last']],
    ['${repetitionCounter < 3}', ['repetitionCounter']],
    ["${caseInstance.getVariable('x') != null && x}", ['x']],
    ["${planItemInstance.hasVariable('p')}", ['p']],
    ['${var:get(goToC)}', ['goToC']],
    ["${var:exists('someVar')}", ['someVar']],
    ['${var:eq(keepGoing, limit)}', ['keepGoing', 'limit']],
    ['${fn:length(items) > max(a, b)}', ['a', 'b', 'items']], // a host function name is not a read
    ['${b && a && b}', ['a', 'b']],
  ])('%s reads %j', (body, reads) => {
    expect(compileExpression(body).reads).toEqual(reads);
  });

  test.each([
    ['${var:get(a.b)}'],
    ["${var:get(fn:trim(' x '))}"],
    ['${caseInstance.getVariable(name)}'],
    ['${ok && caseInstance.getVariable(prefix)}'],
  ])('%s: a computed variable name makes reads unknowable', (body) => {
    expect(compileExpression(body).reads).toBeUndefined();
  });
});
