/**
 * casekit's linear-time regular expressions: the answers of JavaScript's regular expressions (which
 * feelin used) on patterns that do not need backtracking, linear time on the patterns that make a
 * backtracking engine hang, and typed refusals of what needs backtracking.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Budget } from '../src/budget.js';
import { ExpressionFailure } from '../src/errors.js';
import { regexMatches, regexReplace, regexSplit } from '../src/regex/functions.js';

const budget = (): Budget => new Budget();

/** A generated pattern, and whether it can match the empty string. */
interface Generated {
  readonly p: string;
  readonly empty: boolean;
}

/**
 * Patterns over a small alphabet, so that inputs over the same alphabet match often. With
 * `nullableLoops` false, no quantifier repeats an operand that can match the empty string: there the
 * match a backtracking engine reports depends on the order in which it retries empty iterations,
 * which a linear-time engine does not reproduce (whether there is a match is the same).
 */
function patterns(nullableLoops: boolean): fc.Arbitrary<string> {
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '[a-c]', 'ab', '(?:a|b)', '\\.', '[a-z-[b]]').map((p): Generated => ({ p, empty: false }));
  return fc
    .letrec<{ node: Generated }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('node'), tie('node')).map(([a, b]): Generated => ({ p: a.p + b.p, empty: a.empty && b.empty })),
        fc.tuple(tie('node'), tie('node')).map(([a, b]): Generated => ({ p: `(${a.p}|${b.p})`, empty: a.empty || b.empty })),
        fc
          .tuple(tie('node'), fc.constantFrom('*', '+', '?', '{1,2}', '*?', '+?', '??', '{2}', '{0,}'))
          .filter(([a]) => nullableLoops || !a.empty)
          .map(([a, q]): Generated => ({ p: `(${a.p})${q}`, empty: a.empty || !q.startsWith('+') })),
        tie('node').map((a): Generated => ({ p: `^${a.p}`, empty: a.empty })),
        tie('node').map((a): Generated => ({ p: `${a.p}$`, empty: a.empty })),
      ),
    }))
    .node.map((generated) => generated.p);
}
const pattern = patterns(true);
const groupPattern = patterns(false);
const input = fc.stringMatching(/^[ab1.c]{0,12}$/);

/** XML Schema subtraction has no JavaScript equivalent: the reference pattern spells it out. */
const toJs = (source: string): string => source.replaceAll('[a-z-[b]]', '[ac-z]');

describe('the same answers as JavaScript regular expressions', () => {
  test('matches', () => {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        expect(regexMatches(s, p, '', budget())).toBe(new RegExp(toJs(p), 'u').test(s));
      }),
      { numRuns: 1_000 },
    );
  });

  test('replace, with groups in the replacement', () => {
    fc.assert(
      fc.property(groupPattern, input, fc.constantFrom('', 'x', '[$0]', '$1', '$$', '<$&>', '$2$1'), (p, s, r) => {
        const expected = s.replace(new RegExp(toJs(p), 'gu'), r.replace(/\$0/g, '$$&'));
        expect(regexReplace(s, p, r, '', budget())).toBe(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  test('split', () => {
    fc.assert(
      fc.property(groupPattern, input, (p, s) => {
        const expected = s.split(new RegExp(toJs(p), 'u')).map((part) => part ?? null);
        expect(regexSplit(s, p, budget())).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  test('flags s, m, i, q and x', () => {
    expect(regexMatches('A\nb', '^a.b$', 'si', budget())).toBe(true);
    expect(regexMatches('A\nb', '^a.b$', 'i', budget())).toBe(false);
    expect(regexMatches('x\nb', '^b$', 'm', budget())).toBe(true);
    expect(regexMatches('x\nb', '^b$', '', budget())).toBe(false);
    expect(regexMatches('1+1', '1+1', 'q', budget())).toBe(true);
    expect(regexMatches('11', '1+1', 'q', budget())).toBe(false);
    expect(regexMatches('abc', 'a b  c', 'x', budget())).toBe(true);
    expect(regexMatches('Straße', '\\p{Lu}\\p{Ll}+', '', budget())).toBe(true);
    expect(regexMatches('😀x', '^.x$', '', budget())).toBe(true);
  });
});

describe('no input makes it backtrack', () => {
  test.each(['^(a+)+$', '(a|a)*b', '(a|aa)+$', '(.*a){12}', '^(\\w+\\s?)*$', '(a*)*b', 'a*a*a*a*a*c', '.*.*.*=.*'])('%s on 30 and on 100,000 characters', (p) => {
    for (const length of [30, 100_000]) {
      const started = performance.now();
      const text = `${'a'.repeat(length)}!`;
      try {
        regexMatches(text, p, '', new Budget({ maxSteps: 5_000_000 }));
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionFailure);
        expect((error as ExpressionFailure).details.limit).toBe('maxSteps');
      }
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });

  test('the steps are those of the input times the pattern', () => {
    const counted = new Budget();
    regexMatches(`${'a'.repeat(1_000)}!`, '^(a+)+$', '', counted);
    expect(counted.limits.maxSteps).toBeGreaterThan(0);
    expect(() => regexMatches(`${'a'.repeat(1_000)}!`, '^(a+)+$', '', new Budget({ maxSteps: 1_000 }))).toThrow(/budget of 1,000 steps/);
  });
});

describe('refusals name the pattern', () => {
  test.each([
    ['(a)\\1', /backreferences are not supported/],
    ['(?=a)', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['\\bword', /unknown escape/],
    ['a**', /two quantifiers in a row/],
    ['(a', /not closed/],
    ['[a', /not closed/],
    ['a{2000}', /above 1000/],
    ['(a{1000}){1000}', /too large/],
    ['\\p{IsBasicLatin}', /general category/],
  ])('%s', (p, reason) => {
    let error: unknown;
    try {
      regexMatches('a', p, '', budget());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionFailure);
    expect((error as ExpressionFailure).reason).toMatch(reason);
    expect((error as ExpressionFailure).details.pattern).toBe(p);
  });

  test('an unknown flag and a pattern over the length limit', () => {
    expect(() => regexMatches('a', 'a', 'g', budget())).toThrow(/unknown flag "g"/);
    expect(() => regexMatches('a', 'a'.repeat(2_000), '', budget())).toThrow(/longer than 1000 characters/);
  });

  test('an input over the string limit', () => {
    expect(() => regexMatches('a'.repeat(101), 'a', '', new Budget({ maxStringLength: 100 }))).toThrow(/more than the limit of 100/);
  });
});
