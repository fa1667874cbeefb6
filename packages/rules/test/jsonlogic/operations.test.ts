/**
 * casekit's own table of the standard JSON Logic operations: the same answers as json-logic-js on
 * JSON values, and unaffected by anything done to json-logic-js's process-wide table.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, test } from 'vitest';
import { compileExpression, createJsonLogicEvaluator } from '../../src/index.js';
import { STANDARD_OPERATIONS } from '../../src/jsonlogic/operations.js';

const logic = createJsonLogicEvaluator();

/** JSON values json-logic-js and casekit both take as arguments (no objects: json-logic-js would read one as a rule). */
const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: false }), fc.constantFrom('', '0', '1', '1.5', 'a', 'b', 'ab', ' 2 ', '-1', 'true'), fc.boolean(), fc.constant(null));
const argument = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }) });

/** The value as json-logic-js computes it, or the error's constructor name. */
function reference(operator: string, args: readonly unknown[]): unknown {
  try {
    return jsonLogic.apply({ [operator]: args.map((_, i) => ({ var: String(i) })) } as never, args);
  } catch (error) {
    return `throws ${(error as Error).constructor.name}`;
  }
}

function ours(operator: string, args: readonly unknown[]): unknown {
  try {
    return logic.compile({ [operator]: args.map((_, i) => ({ var: `a.${i}` })) }).evaluate({ variables: { a: args } });
  } catch {
    return 'throws';
  }
}

describe('the standard operations', () => {
  test('are those of json-logic-js, except log', () => {
    expect([...STANDARD_OPERATIONS].sort()).toEqual(['!', '!!', '!=', '!==', '%', '*', '+', '-', '/', '<', '<=', '==', '===', '>', '>=', 'cat', 'in', 'max', 'merge', 'min', 'substr'].sort());
  });

  test('answer as json-logic-js does, for any JSON arguments', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STANDARD_OPERATIONS), fc.array(argument, { minLength: 0, maxLength: 3 }), (operator, args) => {
        const expected = reference(operator, args);
        const actual = ours(operator, args);
        if (typeof expected === 'string' && expected.startsWith('throws ')) expect(actual).toBe('throws');
        else expect(actual).toStrictEqual(expected === undefined ? null : expected);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe("json-logic-js's process-wide table", () => {
  test('redefining == and cat there changes nothing in casekit', () => {
    const equals = compileExpression('{"==":[{"var":"a"},1]}');
    const cat = compileExpression('{"cat":["a",{"var":"b"}]}');
    jsonLogic.add_operation('==', () => true);
    jsonLogic.add_operation('cat', () => 'hijacked');
    jsonLogic.add_operation('var', () => 'hijacked');
    try {
      expect(jsonLogic.apply({ '==': [1, 2] })).toBe(true); // the global table is hijacked …
      expect(equals.evaluate({ variables: { a: 2 } })).toBe(false); // … casekit is not
      expect(equals.evaluate({ variables: { a: '1' } })).toBe(true);
      expect(cat.evaluate({ variables: { b: 'b' } })).toBe('ab');
      expect(compileExpression('{"cat":["x","y"]}').evaluate({ variables: {} })).toBe('xy');
    } finally {
      jsonLogic.add_operation('==', (a: unknown, b: unknown) => a == b); // eslint-disable-line eqeqeq
      jsonLogic.add_operation('cat', (...args: unknown[]) => args.join(''));
      jsonLogic.rm_operation('var');
    }
  });

  test('{"var":"constructor.constructor"} never reaches Function, whatever the data', () => {
    for (const variables of [{}, { a: 1 }, { constructor: { constructor: 'x' } }]) {
      expect(compileExpression('{"var":"constructor.constructor"}').evaluate({ variables })).toBeNull();
      expect(compileExpression('{"var":"a.constructor.constructor"}').evaluate({ variables })).toBeNull();
    }
    expect(compileExpression('{"map":[[1],{"var":"constructor"}]}').evaluate({ variables: {} })).toEqual([null]);
    expect(compileExpression('{"reduce":[[1],{"var":"accumulator.constructor"},{}]}').evaluate({ variables: {} })).toBeNull();
  });
});
