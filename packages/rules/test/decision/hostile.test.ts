/**
 * Hostile decision tables and inputs, in the three expression languages a table may hold (FEEL,
 * JSON Logic, the EL subset for input expressions): prototype access, deep nesting and huge input
 * all end in typed errors — at load for tables, at evaluation for inputs — never in a crash, a
 * hang, a prototype or a polluted global.
 */
import { describe, expect, test } from 'vitest';
import {
  compileDecisions,
  DECISION_LIMITS,
  DecisionInputError,
  DecisionTableError,
  readDecisionTableJson,
  readDmn,
  RulesError,
} from '../../src/index.js';
import { table, thrown } from './helpers.js';

function refusedAtLoad(json: Record<string, unknown>): DecisionTableError {
  const error = thrown(() => table(json));
  expect(error).toBeInstanceOf(DecisionTableError);
  return error as DecisionTableError;
}

function dmnWithInputExpression(expression: string, language: string): string {
  return `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x">
  <decision id="t"><decisionTable>
    <input id="i"><inputExpression expressionLanguage="${language}"><text>${expression}</text></inputExpression></input>
    <output id="o" name="y"/>
    <rule id="r"><inputEntry><text>-</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
  </decisionTable></decision></definitions>`;
}

const oneInput = (input: Record<string, unknown>, when: unknown, then: unknown = 1) => ({
  hitPolicy: 'FIRST',
  inputs: [{ name: 'x', ...input }],
  outputs: [{ name: 'y' }],
  rules: [{ id: 'evil', when: { x: when }, then: { y: then } }],
});

describe('prototype access is refused at load', () => {
  test.each([
    ['FEEL input expression', { expression: 'x.constructor' }, '-'],
    ['FEEL input expression through a context', { expression: '{a: 1}.__proto__' }, '-'],
    ['FEEL entry', {}, 'constructor'],
    ['FEEL entry path', {}, '< x.prototype'],
    ['JSON Logic input expression', { expression: { var: 'constructor.constructor' } }, '-'],
    ['JSON Logic input expression, __proto__', { expression: { var: 'a.__proto__.polluted' } }, '-'],
    ['JSON Logic entry', {}, { '==': [{ var: '?.constructor' }, 1] }],
    ['JSON Logic entry, missing', {}, { missing: ['__proto__'] }],
    ['JSON Logic operation named constructor', {}, { constructor: [] }],
  ])('%s', (_name, input, when) => {
    const error = refusedAtLoad(oneInput(input, when));
    expect(error.message).toMatch(/forbidden name|unknown operation/);
    expect(error.decision).toBe('test');
  });

  test.each([
    ['FEEL', { feel: 'x.constructor' }],
    ['JSON Logic', { var: 'x.__proto__' }],
  ])('%s output entry', (_name, then) => {
    const error = refusedAtLoad(oneInput({}, '-', then));
    expect(error.rule).toBe('evil');
    expect(error.entry).toBe('output "y"');
  });

  test.each([
    ["${x.constructor}", 'juel'],
    ["${''.constructor.prototype}", 'juel'],
    ["${x['__proto__']}", 'http://jakarta.ee/el'],
    ['x.constructor', 'https://www.omg.org/spec/DMN/20191111/FEEL/'],
    ['{"var":"constructor.constructor"}', 'https://jsonlogic.com'],
  ])('input expression %s in %s (DMN expressionLanguage)', (expression, language) => {
    const error = thrown(() => compileDecisions(readDmn(dmnWithInputExpression(expression, language))));
    expect(error).toBeInstanceOf(DecisionTableError);
    expect(error.message).toMatch(/forbidden name|access to '(constructor|__proto__)' is not allowed/);
  });

  test('a host language in a DMN file is refused, never run', () => {
    const error = thrown(() => compileDecisions(readDmn(dmnWithInputExpression('require("fs")', 'javascript'))));
    expect(error).toBeInstanceOf(DecisionTableError);
    expect(error.message).toMatch(/unsupported expression language "javascript"/);
  });
});

describe('prototype access through the input reads nothing', () => {
  test('a "__proto__" key of the case file is neither read nor applied', () => {
    const decision = table({
      hitPolicy: 'FIRST',
      inputs: [{ name: 'profile', expression: 'profile.polluted' }, { name: 'role' }],
      outputs: [{ name: 'admin', type: 'boolean' }],
      rules: [
        { when: { profile: true }, then: { admin: true } },
        { when: { role: '"admin"' }, then: { admin: true } },
        { then: { admin: false } },
      ],
    });
    const input = JSON.parse('{"profile": {"__proto__": {"polluted": true}}, "__proto__": {"role": "admin"}}') as Record<string, unknown>;
    expect(decision.evaluate(input).value).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  test('inherited members of input values read null', () => {
    const decision = table({
      hitPolicy: 'FIRST',
      inputs: [{ name: 'x', expression: 'list.length' }, { name: 'y', expression: 's.toString' }],
      outputs: [{ name: 'out' }],
      rules: [{ then: { out: { feel: 'string(list.length) + string(s.toString)' } } }],
    });
    const result = decision.evaluate({ list: [1, 2], s: 'abc' }, { explain: true });
    expect(result.trace!.inputs.map((input) => input.value)).toEqual([null, null]);
  });
});

describe('deep nesting', () => {
  test('a FEEL entry nested 10,000 deep', () => {
    const error = refusedAtLoad(oneInput({ type: 'number' }, `${'('.repeat(10_000)}> 1${')'.repeat(10_000)}`));
    expect(error.rule).toBe('evil');
    expect(error.reason).toMatch(/nested too deeply|syntax error|longer than/);
  });

  test('a FEEL input expression nested 5,000 deep', () => {
    const error = refusedAtLoad(oneInput({ expression: `${'('.repeat(5_000)}1${')'.repeat(5_000)}` }, '-'));
    expect(error.reason).toMatch(/nested too deeply/);
  });

  test('a JSON Logic entry nested 10,000 deep', () => {
    let rule: unknown = { var: '?' };
    for (let i = 0; i < 10_000; i++) rule = { '!': [rule] };
    const error = refusedAtLoad(oneInput({}, rule));
    expect(error.reason).toMatch(/nested too deeply/);
  });

  test('an EL input expression nested 10,000 deep', () => {
    const error = thrown(() => compileDecisions(readDmn(dmnWithInputExpression(`\${${'('.repeat(10_000)}1${')'.repeat(10_000)}}`, 'juel'))));
    expect(error).toBeInstanceOf(DecisionTableError);
    expect(error.message).toMatch(/nested too deeply/);
  });

  test('an input nested deeper than the limit, and a cyclic one', () => {
    const decision = table(oneInput({}, '-'));
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) {
      const next = {};
      deep.a = next;
      deep = next;
    }
    const error = thrown(() => decision.evaluate(root));
    expect(error).toBeInstanceOf(DecisionInputError);
    expect(error.message).toMatch(new RegExp(`nested too deeply \\(more than ${DECISION_LIMITS.maxInputDepth} levels\\)`));
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    expect(thrown(() => decision.evaluate(cyclic))).toBeInstanceOf(DecisionInputError);
  });
});

describe('huge input', () => {
  const decision = table(oneInput({ type: 'number' }, '> 1'));

  test('too many values', () => {
    const started = performance.now();
    const error = thrown(() => decision.evaluate({ x: 2, list: new Array(5_000_000).fill(0) }));
    expect(error).toBeInstanceOf(DecisionInputError);
    expect((error as DecisionInputError).code).toBe('DecisionInputInvalid');
    expect(error.message).toMatch(/too large/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('too many keys and too many characters', () => {
    const wide: Record<string, unknown> = { x: 2 };
    for (let i = 0; i < DECISION_LIMITS.maxInputValues + 1; i++) wide[`k${i}`] = i;
    expect(thrown(() => decision.evaluate(wide))).toBeInstanceOf(DecisionInputError);
    expect(thrown(() => decision.evaluate({ x: 2, text: 'x'.repeat(DECISION_LIMITS.maxInputCharacters + 1) }))).toBeInstanceOf(DecisionInputError);
  });

  test('what is not data: functions, class instances, a non-object input', () => {
    expect(thrown(() => decision.evaluate({ x: 2, f: () => 1 }))).toBeInstanceOf(DecisionInputError);
    expect(thrown(() => decision.evaluate({ x: 2, m: new Map() }))).toBeInstanceOf(DecisionInputError);
    expect(thrown(() => decision.evaluate([] as unknown as Record<string, unknown>))).toBeInstanceOf(DecisionInputError);
  });

  test('within the limits, a large case file evaluates', () => {
    const large: Record<string, unknown> = { x: 2, history: Array.from({ length: 10_000 }, (_, i) => ({ i, note: 'ok' })) };
    expect(decision.evaluate(large).value).toBe(1);
  });
});

describe('huge tables', () => {
  test('too many rules, an entry too long, a source too long', () => {
    const rules = Array.from({ length: DECISION_LIMITS.maxRules + 1 }, () => ({ then: { y: 1 } }));
    expect(refusedAtLoad({ hitPolicy: 'FIRST', inputs: [], outputs: [{ name: 'y' }], rules }).reason).toMatch(/at most 10000 rules/);
    expect(refusedAtLoad(oneInput({ type: 'string' }, `"${'a'.repeat(70_000)}"`)).reason).toMatch(/longer than/);
    const text = ' '.repeat(DECISION_LIMITS.maxSourceLength + 1);
    expect(thrown(() => readDecisionTableJson(text))).toBeInstanceOf(DecisionTableError);
    expect(thrown(() => readDmn(text))).toBeInstanceOf(DecisionTableError);
  });
});

test('every refusal is a RulesError with a stable code', () => {
  const errors = [
    thrown(() => table(oneInput({ expression: 'x.constructor' }, '-'))),
    thrown(() => table(oneInput({}, '-')).evaluate({ f: () => 1 })),
  ];
  for (const error of errors) {
    expect(error).toBeInstanceOf(RulesError);
    expect(['DecisionTableInvalid', 'DecisionInputInvalid']).toContain((error as RulesError).code);
  }
});
