/**
 * Property tests: whatever the input, compile and evaluate either succeed or throw ExpressionError.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileExpression, createJsonLogicEvaluator, ExpressionError, type ExpressionContext } from '../src/index.js';

function onlyExpressionErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
  }
}

const variables = fc.dictionary(fc.constantFrom('a', 'b', 'x', 'var', 'items', 'constructor', 'toString'), fc.jsonValue(), { maxKeys: 5 });
const context: fc.Arbitrary<ExpressionContext> = fc.record({
  variables,
  repetitionCounter: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
});

/** EL-ish fragments, so random input reaches deep into the tokenizer and parser. */
const elFragment = fc.constantFrom(
  '${', '#{', '}', '(', ')', '[', ']', '.', ',', '?', ':', ' ', '\\', "'", '"', 'a', 'b', 'x', '1', '0', '2.5', '-', '+',
  '*', '/', '%', '!', '==', '!=', '<', '>=', '&&', '||', 'and', 'or', 'not', 'empty', 'div', 'mod', 'eq', 'true', 'null',
  'var:get(', 'var:eq(', 'fn:length(', 'caseInstance.getVariable(', 'constructor', '__proto__', 'items[0]', 'repetitionCounter',
);

describe('properties', () => {
  test('random strings: compile throws nothing but ExpressionError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(undefined, 'feel', 'https://jsonlogic.com', 'javascript'), (body, language) => {
        onlyExpressionErrors(() => compileExpression(body, language === undefined ? {} : { language }));
      }),
      { numRuns: 2_000 },
    );
  });

  test('EL-like strings: compile and evaluate throw nothing but ExpressionError', () => {
    fc.assert(
      fc.property(fc.array(elFragment, { maxLength: 40 }).map((parts) => parts.join('')), context, (body, ctx) => {
        onlyExpressionErrors(() => compileExpression(body).evaluate(ctx));
      }),
      { numRuns: 3_000 },
    );
  });

  test('well-formed EL never yields a function or a prototype', () => {
    fc.assert(
      fc.property(fc.array(elFragment, { maxLength: 30 }).map((parts) => `\${${parts.join('')}}`), context, (body, ctx) => {
        let value: unknown;
        try {
          value = compileExpression(body).evaluate(ctx);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          return;
        }
        expect(typeof value).not.toBe('function');
        expect(value === Object.prototype || value === Array.prototype).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  test('random JSON as a JSON Logic rule: compile and evaluate throw nothing but ExpressionError', () => {
    const logic = createJsonLogicEvaluator();
    const ops = ['var', 'missing', 'if', 'and', 'or', '==', '<', '+', 'cat', 'in', 'merge', 'map', 'filter', 'reduce', 'some', 'substr', '!', 'max', 'missing_some'];
    const { rule } = fc.letrec((tie) => ({
      rule: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tie('op')),
      op: fc.tuple(fc.constantFrom(...ops), fc.oneof(tie('rule'), fc.array(tie('rule'), { maxLength: 4 }))).map(([op, args]) => ({ [op]: args })),
    }));
    fc.assert(
      fc.property(rule, context, (r, ctx) => {
        onlyExpressionErrors(() => {
          const value = logic.compile(r).evaluate(ctx);
          expect(typeof value).not.toBe('function');
        });
      }),
      { numRuns: 2_000 },
    );
  });
});
