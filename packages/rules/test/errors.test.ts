import { describe, expect, test } from 'vitest';
import { ExpressionError, RulesError } from '../src/index.js';
import { ExpressionFailure, toExpressionError } from '../src/errors.js';

describe('errors', () => {
  test('ExpressionError is a RulesError with a stable code and readonly ids', () => {
    const error = new ExpressionError('${a +}', 'unexpected end of expression at 5', 'Sentry_1', 5);
    expect(error).toBeInstanceOf(RulesError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ExpressionError');
    expect(error.name).toBe('ExpressionError');
    expect(error.expression).toBe('${a +}');
    expect(error.elementId).toBe('Sentry_1');
    expect(error.reason).toBe('unexpected end of expression at 5');
    expect(error.position).toBe(5);
    expect(error.message).toBe('expression of Sentry_1 "${a +}": unexpected end of expression at 5');
  });

  test('without an element id the message still names the expression', () => {
    expect(new ExpressionError('${x}', 'why').message).toBe('expression "${x}": why');
  });

  test('long expressions are cut in the message but kept whole in the field', () => {
    const long = `\${${'a && '.repeat(1_000)}a}`;
    const error = new ExpressionError(long, 'too long');
    expect(error.expression).toBe(long);
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain(`(${long.length} characters)`);
  });

  test('toExpressionError wraps whatever was thrown', () => {
    const fromFailure = toExpressionError(new ExpressionFailure('bad', 3), '${x}', 'E1');
    expect(fromFailure.reason).toBe('bad');
    expect(fromFailure.position).toBe(3);
    const cause = new TypeError('oops');
    const fromError = toExpressionError(cause, '${x}', undefined);
    expect(fromError.reason).toBe('evaluation failed: oops');
    expect(fromError.cause).toBe(cause);
    expect(toExpressionError(new RangeError('Maximum call stack size exceeded'), 'x', undefined, 'compilation').reason).toBe(
      'compilation nested too deeply',
    );
    const same = new ExpressionError('x', 'y');
    expect(toExpressionError(same, 'z', undefined)).toBe(same);
  });

  test('RulesError carries any stable code', () => {
    const error = new RulesError('InvalidOperation', 'no');
    expect(error.code).toBe('InvalidOperation');
    expect(error.name).toBe('RulesError');
  });
});
