/**
 * Fuzzing the evaluators with generated hostile expressions and data, in each language: EL, JSON
 * Logic, FEEL, and FEEL unary tests in a decision table. Whatever the expression and the data,
 * compiling and evaluating either succeeds or throws a typed casekit error (a `CasekitError`),
 * within a time bound — never a TypeError, a RangeError, a hang or a crash — and never hands out a
 * function or touches Object.prototype.
 *
 * The seed is random unless `CASEKIT_FUZZ_SEED` is set; a failure prints the seed to rerun with.
 * `CASEKIT_FUZZ_RUNS` scales the number of cases (default 300 per language). The evaluations run
 * under small limits, so that each case is quick: about 3 s in all on an idle 2-core machine.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CasekitError, compileExpression, readDecisionTableJson, compileDecisions, type EvaluationLimits } from '../src/index.js';

const SEED = process.env['CASEKIT_FUZZ_SEED'] === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(process.env['CASEKIT_FUZZ_SEED']);
const SCALE = process.env['CASEKIT_FUZZ_RUNS'] === undefined ? 1 : Number(process.env['CASEKIT_FUZZ_RUNS']) / 300;
const RUNS = Math.max(1, Math.round(300 * SCALE));
/** The most one case may take: compiling, and evaluating under LIMITS (the wall-clock bound included), with room for a loaded machine. */
const CASE_MS = 3_000;

const LIMITS: Partial<EvaluationLimits> = { maxSteps: 50_000, maxCollectionLength: 5_000, maxStringLength: 50_000, maxOutputSize: 5_000, maxEvaluationMs: 40 };

/** Hostile data: long strings, strings that make backtracking engines hang, large and nested lists, prototype names. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 1e308, 2 ** 53, Number.NaN, Infinity, '', 'a', '1', 'true', `${'a'.repeat(40)}!`, 'x'.repeat(60_000), '__proto__', 'constructor', '2026-01-05', 'P1D', null, true, false),
    fc.string({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'n', 'constructor', '__proto__', 'prototype', 'length', 'x'), tie('value'), { maxKeys: 3 }),
    fc.integer({ min: 0, max: 6_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  ),
})).value;

const variables = fc.record({ a: hostileValue, b: hostileValue, s: hostileValue, l: hostileValue, n: hostileValue, x: hostileValue });

/** Text from tokens of a language, joined with or without spaces. */
function soup(tokens: readonly string[], maxLength = 24): fc.Arbitrary<string> {
  return fc.tuple(fc.array(fc.constantFrom(...tokens), { maxLength }), fc.boolean()).map(([parts, spaced]) => parts.join(spaced ? ' ' : ''));
}

/** A regular-expression pattern: pieces that make backtracking engines hang, and ones they refuse. */
const regexPattern = soup(['a', '(', ')', '+', '*', '?', '|', '.', '^', '$', '[a-z]', '\\\\d', '\\\\1', '(?=', '{2,}', '{1000}', '(a+)+', '(a|aa)*', '\\\\p{L}', '\\\\'], 10);

const EL_TOKENS = ['${', '}', '#{', 'a', 'b', 's', 'l', 'n', 'x', '.', '[', ']', '(', ')', '+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', '!', 'empty', 'not', '?', ':', "'x'", '"y"', '1', '0', '1e308', 'null', 'true', 'constructor', '__proto__', 'length', 'fn:replace(', 'fn:join(', 'fn:split(', 'fn:substring(', 'fn:length(', 'fn:now()', 'var:get(', 'caseInstance.getVariable(', ','];
const FEEL_TOKENS = ['for', 'i', 'in', 'return', 'some', 'every', 'satisfies', 'if', 'then', 'else', '..', '1', '100000000', '1.5', '-1', '[', ']', '(', ')', '{', '}', ':', ',', '.', 'a', 'b', 's', 'l', 'n', 'x', 'item', '+', '*', '-', '=', '!=', '<', '>', 'and', 'or', 'not(', '"a"', '"(a+)+$"', 'matches(', 'replace(', 'split(', 'string join(', 'count(', 'flatten(', 'append(', 'concatenate(', 'sort(', 'string(', 'sum(', 'function(', 'instance of', 'null', 'true', 'date("2026-01-01")', 'now()', 'today()', '@"P1D"', '?'];

/** EL shapes that build strings and lists from the data, with hostile parts. */
const elShape = fc
  .tuple(
    fc.constantFrom('fn:replace(s, a, s)', 'fn:join(l, s)', 'fn:split(s, a)', 'fn:substring(s, n, a)', 'fn:length(l)', 'fn:contains(s, s)', 'a.b[n]', 'l[n]', 'var:contains(l, a)', 'fn:toUpperCase(x)', 's == l', 'n > a', 'empty l', 'caseInstance.getVariable(s)'),
    fc.constantFrom('', ' + 1', ' && a', ' ? s : l'),
    fc.boolean(),
  )
  .map(([expression, tail, template]) => (template ? `\${${expression}${tail}}` : `#{${expression}${tail}} and \${x}`));

/** FEEL shapes that loop, recurse through contexts or run regular expressions, with hostile parts. */
const feelShape = fc.oneof(
  fc.tuple(fc.constantFrom('1', '-100000', 'n', '1.5', 'count(l)'), fc.constantFrom('10', '100000000', 'n', '3.25', '0'), fc.constantFrom('i', 'i * i', 'for j in 1..1000 return j', 'l[item > i]', '[i, i]')).map(
    ([from, to, body]) => `for i in ${from}..${to} return ${body}`,
  ),
  fc.tuple(fc.constantFrom('matches', 'replace', 'split'), fc.constantFrom('s', 'x', '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"'), regexPattern).map(([fn, input, pattern]) =>
    fn === 'replace' ? `replace(${input}, ${JSON.stringify(pattern)}, "$1")` : `${fn}(${input}, ${JSON.stringify(pattern)})`,
  ),
  fc.tuple(fc.constantFrom('some', 'every'), fc.constantFrom('l', '1..100000000', 'for i in 1..100 return l', 'x')).map(([q, domain]) => `${q} v in ${domain} satisfies v = 1`),
  fc.integer({ min: 1, max: 40 }).map((levels) => {
    const names = Array.from({ length: levels }, (_, i) => `v${i}`);
    return `{${names.map((name, i) => (i === 0 ? `${name}: [1, 2]` : `${name}: [${names[i - 1]}, ${names[i - 1]}]`)).join(', ')}}.${names[levels - 1]!}`;
  }),
  soup(FEEL_TOKENS),
);

const JSON_LOGIC_OPERATIONS = ['var', 'missing', 'missing_some', 'if', '?:', 'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some', '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr', '+', '*', '-', '/', 'min', 'max', 'merge', 'split', 'join', 'distinct', 'contains', 'length', 'sum', 'lower', 'today', 'age', 'add_duration', 'log', 'constructor', '__proto__'];

/** JSON Logic rules: any operation over any arguments, vars with hostile paths, doubling reductions. */
const jsonLogicRule: fc.Arbitrary<unknown> = fc.letrec<{ rule: unknown }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileValue,
    fc.constantFrom('a', 'l', 's', 'constructor.constructor', 'a.__proto__', '', 'current', 'accumulator', 'l.length').map((path) => ({ var: path })),
    fc.tuple(fc.constantFrom(...JSON_LOGIC_OPERATIONS), fc.array(tie('rule'), { maxLength: 3 })).map(([op, args]) => ({ [op]: args })),
    fc.tuple(fc.integer({ min: 0, max: 80 }), fc.constantFrom('merge', 'cat', 'array')).map(([n, how]) => ({
      reduce: [Array.from({ length: n }, (_, i) => i), how === 'array' ? [{ var: 'accumulator' }, { var: 'accumulator' }] : { [how]: [{ var: 'accumulator' }, { var: 'accumulator' }] }, how === 'cat' ? 'ab' : [1]],
    })),
  ),
})).rule;

const UNARY_TOKENS = ['-', '<', '<=', '>', '>=', '=', '!=', '1', '100000000', '"a"', '"b"', '[', ']', '(', ')', '..', ',', 'not(', '?', 'matches(?, "(a+)+$")', 'count(?)', 'x', 'null', 'date("2026-01-01")', 'today()', 'for i in 1..100000000 return i', 'some v in ? satisfies v > 1', 'string length(?)'];

/** The typed errors of casekit, and nothing else, may come out of compiling or evaluating. */
function expectTyped(run: () => unknown): void {
  const started = performance.now();
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    if (!(error instanceof CasekitError)) throw error;
  }
  expect(performance.now() - started).toBeLessThan(CASE_MS);
  expect(typeof value).not.toBe('function');
}

function assertWithSeed<T>(property: fc.IProperty<[T, Record<string, unknown>]>): void {
  try {
    fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
  } catch (error) {
    console.error(`fuzz.test.ts failed with seed ${SEED}; rerun with CASEKIT_FUZZ_SEED=${SEED}`);
    throw error;
  }
}

describe(`expression fuzzing (seed ${SEED})`, () => {
  afterAll(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => !['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString'].includes(name))).toEqual([]);
  });

  it(`EL: ${RUNS} generated expressions`, () => {
    assertWithSeed(
      fc.property(fc.oneof(elShape, soup(EL_TOKENS), soup(EL_TOKENS).map((body) => `\${${body}}`)), variables, (body, data) => {
        expectTyped(() => compileExpression(body, { id: 'Fuzz_EL' }).evaluate({ variables: data, limits: LIMITS, now: new Date(0) }));
      }),
    );
  });

  it(`JSON Logic: ${RUNS} generated rules`, () => {
    assertWithSeed(
      fc.property(jsonLogicRule, variables, (rule, data) => {
        const body = JSON.stringify(rule) ?? 'null';
        expectTyped(() => compileExpression(body, { language: 'https://jsonlogic.com', id: 'Fuzz_JL' }).evaluate({ variables: data, limits: LIMITS }));
      }),
    );
  });

  it(`FEEL: ${RUNS} generated expressions`, () => {
    assertWithSeed(
      fc.property(feelShape, variables, (body, data) => {
        expectTyped(() => compileExpression(body, { language: 'feel', id: 'Fuzz_FEEL' }).evaluate({ variables: data, limits: LIMITS }));
      }),
    );
  });

  it(`FEEL unary tests: ${RUNS} generated input entries in a decision table`, () => {
    assertWithSeed(
      fc.property(soup(UNARY_TOKENS, 8), variables, (entry, data) => {
        expectTyped(() => {
          const [decision] = compileDecisions(
            readDecisionTableJson({
              id: 'fuzz',
              hitPolicy: 'FIRST',
              inputs: [{ name: 'x' }],
              outputs: [{ name: 'y' }],
              rules: [{ id: 'r', when: { x: entry }, then: { y: 1 } }],
            }),
          );
          return decision!.evaluate(data, { limits: LIMITS }).value;
        });
      }),
    );
  });
});
