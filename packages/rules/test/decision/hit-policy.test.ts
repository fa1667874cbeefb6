/**
 * Every hit policy of DMN 1.3 §8.2.11, with its edge cases: no match, several matches, PRIORITY
 * and OUTPUT ORDER ties, aggregations over nothing.
 */
import { describe, expect, test } from 'vitest';
import { DecisionEvaluationError, DecisionTableError, HitPolicyViolationError } from '../../src/index.js';
import { table, thrown } from './helpers.js';

const LEVELS = ['high', 'medium', 'low'];

/** Age bands that overlap on purpose: 70 matches r1, r2 and r3. */
function ageTable(hitPolicy: string, extra: Record<string, unknown> = {}) {
  return table({
    hitPolicy,
    inputs: [{ name: 'age', type: 'number' }],
    outputs: [{ name: 'level', type: 'string', allowedValues: LEVELS }],
    rules: [
      { id: 'r1', when: { age: '>= 18' }, then: { level: 'low' } },
      { id: 'r2', when: { age: '>= 65' }, then: { level: 'high' } },
      { id: 'r3', when: { age: '[60..80]' }, then: { level: 'medium' } },
      { id: 'r4', when: { age: '< 0' }, then: { level: 'low' } },
    ],
    ...extra,
  });
}

describe('UNIQUE', () => {
  const unique = table({
    hitPolicy: 'UNIQUE',
    inputs: [{ name: 'age', type: 'number' }],
    outputs: [{ name: 'band', type: 'string' }],
    rules: [
      { id: 'child', when: { age: '< 18' }, then: { band: 'child' } },
      { id: 'adult', when: { age: '[18..65)' }, then: { band: 'adult' } },
      { id: 'senior', when: { age: '>= 65' }, then: { band: 'senior' } },
      { id: 'centenarian', when: { age: '>= 100' }, then: { band: 'centenarian' } },
    ],
  });

  test('one match gives its outputs', () => {
    const result = unique.evaluate({ age: 40 });
    expect(result.value).toBe('adult');
    expect(result.outputs).toEqual({ band: 'adult' });
    expect(result.matchedRules).toEqual(['adult']);
  });

  test('no match gives null for each output', () => {
    const result = unique.evaluate({ age: null });
    expect(result.value).toBeNull();
    expect(result.outputs).toEqual({ band: null });
    expect(result.matchedRules).toEqual([]);
  });

  test('several matches are a typed error naming every matching rule', () => {
    const error = thrown(() => unique.evaluate({ age: 101 }));
    expect(error).toBeInstanceOf(HitPolicyViolationError);
    const violation = error as HitPolicyViolationError;
    expect(violation.code).toBe('HitPolicyViolation');
    expect(violation.hitPolicy).toBe('UNIQUE');
    expect(violation.rules).toEqual(['senior', 'centenarian']);
    expect(violation.decision).toBe('test');
    expect(violation.message).toContain('senior (#3), centenarian (#4)');
  });

  test('is the default hit policy', () => {
    const error = thrown(() => ageTable(undefined as unknown as string, { hitPolicy: undefined }).evaluate({ age: 70 }));
    expect(error).toBeInstanceOf(HitPolicyViolationError);
    expect((error as HitPolicyViolationError).rules).toEqual(['r1', 'r2', 'r3']);
  });

  test('default output entries answer when no rule matches', () => {
    const withDefault = table({
      hitPolicy: 'UNIQUE',
      inputs: [{ name: 'age', type: 'number' }],
      outputs: [
        { name: 'band', type: 'string', default: 'unknown' },
        { name: 'review', type: 'boolean' },
      ],
      rules: [{ when: { age: '>= 18' }, then: { band: 'adult', review: false } }],
    });
    expect(withDefault.evaluate({ age: 3 }).outputs).toEqual({ band: 'unknown', review: null });
    expect(withDefault.evaluate({ age: 3 }).value).toEqual({ band: 'unknown', review: null });
  });
});

describe('FIRST', () => {
  test('the first matching rule in rule order wins', () => {
    const result = ageTable('FIRST').evaluate({ age: 70 });
    expect(result.value).toBe('low');
    expect(result.matchedRules).toEqual(['r1']);
  });

  test('no match gives null', () => {
    expect(ageTable('FIRST').evaluate({ age: 5 }).outputs).toEqual({ level: null });
  });

  test('rules after the first match are not evaluated (and the trace says so)', () => {
    const { trace } = ageTable('FIRST').evaluate({ age: 70 }, { explain: true });
    expect(trace!.rules.map((rule) => [rule.rule, rule.evaluated, rule.matched])).toEqual([
      ['r1', true, true],
      ['r2', false, false],
      ['r3', false, false],
      ['r4', false, false],
    ]);
  });

  test('an entry after the first match is never evaluated', () => {
    const rules = [
      { id: 'any', when: { x: '-' }, then: { y: 1 } },
      { id: 'broken', when: { x: { age: [{ var: '?' }] } }, then: { y: 2 } },
    ];
    const first = table({ hitPolicy: 'F', inputs: [{ name: 'x' }], outputs: [{ name: 'y' }], rules });
    expect(first.evaluate({ x: 'not a date' }).value).toBe(1);
    const all = table({ hitPolicy: 'RULE ORDER', inputs: [{ name: 'x' }], outputs: [{ name: 'y' }], rules });
    const error = thrown(() => all.evaluate({ x: 'not a date' }));
    expect(error).toBeInstanceOf(DecisionEvaluationError);
    expect((error as DecisionEvaluationError).rule).toBe('broken');
    expect((error as DecisionEvaluationError).entry).toBe('input "x"');
    expect(error.message).toMatch(/is not an ISO date/);
  });
});

describe('PRIORITY', () => {
  test('the match with the highest output priority wins, whatever its position', () => {
    const result = ageTable('PRIORITY').evaluate({ age: 70 });
    expect(result.value).toBe('high');
    expect(result.matchedRules).toEqual(['r2']);
  });

  test('a single match and no match', () => {
    expect(ageTable('PRIORITY').evaluate({ age: 30 }).value).toBe('low');
    expect(ageTable('PRIORITY').evaluate({ age: 10 }).value).toBeNull();
  });

  test('ties go to the earlier rule (casekit rule)', () => {
    const tied = table({
      hitPolicy: 'PRIORITY',
      inputs: [{ name: 'score', type: 'number' }],
      outputs: [
        { name: 'level', type: 'string', allowedValues: LEVELS },
        { name: 'reason', type: 'string' },
      ],
      rules: [
        { id: 'low', when: { score: '< 10' }, then: { level: 'low', reason: 'small' } },
        { id: 'a', when: { score: '>= 50' }, then: { level: 'high', reason: 'first high' } },
        { id: 'b', when: { score: '>= 40' }, then: { level: 'high', reason: 'second high' } },
      ],
    });
    const result = tied.evaluate({ score: 60 });
    expect(result.matchedRules).toEqual(['a']);
    expect(result.value).toEqual({ level: 'high', reason: 'first high' });
  });

  test('several prioritised outputs compare output by output', () => {
    const compound = table({
      hitPolicy: 'PRIORITY',
      inputs: [{ name: 'x', type: 'number' }],
      outputs: [
        { name: 'level', type: 'string', allowedValues: LEVELS },
        { name: 'team', type: 'string', allowedValues: ['senior', 'general'] },
      ],
      rules: [
        { id: 'r1', when: { x: '> 0' }, then: { level: 'medium', team: 'senior' } },
        { id: 'r2', when: { x: '> 1' }, then: { level: 'high', team: 'general' } },
        { id: 'r3', when: { x: '> 2' }, then: { level: 'high', team: 'senior' } },
      ],
    });
    expect(compound.evaluate({ x: 5 }).matchedRules).toEqual(['r3']);
    expect(compound.evaluate({ x: 2 }).matchedRules).toEqual(['r2']);
  });

  test('without allowed output values the table is refused at load', () => {
    const error = thrown(() =>
      table({ hitPolicy: 'PRIORITY', inputs: [], outputs: [{ name: 'level' }], rules: [{ when: {}, then: { level: 'x' } }] }),
    );
    expect(error).toBeInstanceOf(DecisionTableError);
    expect((error as DecisionTableError).entry).toBe('hitPolicy');
  });

  test('an output value outside the allowed values is refused at load', () => {
    const error = thrown(() =>
      table({
        hitPolicy: 'PRIORITY',
        inputs: [],
        outputs: [{ name: 'level', allowedValues: LEVELS }],
        rules: [{ id: 'typo', when: {}, then: { level: 'hihg' } }],
      }),
    );
    expect(error).toBeInstanceOf(DecisionTableError);
    expect((error as DecisionTableError).rule).toBe('typo');
    expect(error.message).toMatch(/"hihg" is not one of the output's allowed values/);
  });

  test('a computed output outside the allowed values is an evaluation error naming the rule', () => {
    const computed = table({
      hitPolicy: 'PRIORITY',
      inputs: [{ name: 'level', type: 'string' }],
      outputs: [{ name: 'out', type: 'string', allowedValues: LEVELS }],
      rules: [{ id: 'echo', when: {}, then: { out: { feel: 'level' } } }],
    });
    expect(computed.evaluate({ level: 'low' }).value).toBe('low');
    const error = thrown(() => computed.evaluate({ level: 'urgent' }));
    expect(error).toBeInstanceOf(DecisionEvaluationError);
    expect((error as DecisionEvaluationError).rule).toBe('echo');
  });
});

describe('ANY', () => {
  const any = table({
    hitPolicy: 'ANY',
    inputs: [
      { name: 'age', type: 'number' },
      { name: 'tier', type: 'string' },
    ],
    outputs: [{ name: 'eligible', type: 'boolean' }],
    rules: [
      { id: 'old', when: { age: '>= 65' }, then: { eligible: true } },
      { id: 'gold', when: { tier: '"gold"' }, then: { eligible: true } },
      { id: 'young', when: { age: '< 18' }, then: { eligible: false } },
      { id: 'banned', when: { tier: '"banned"' }, then: { eligible: false } },
    ],
  });

  test('several matches with equal outputs give that output (the first rule is reported)', () => {
    const result = any.evaluate({ age: 70, tier: 'gold' });
    expect(result.value).toBe(true);
    expect(result.matchedRules).toEqual(['old']);
  });

  test('no match gives null', () => {
    expect(any.evaluate({ age: 40, tier: 'silver' }).value).toBeNull();
  });

  test('matches with different outputs are a typed error naming the rules', () => {
    const error = thrown(() => any.evaluate({ age: 70, tier: 'banned' }));
    expect(error).toBeInstanceOf(HitPolicyViolationError);
    expect((error as HitPolicyViolationError).hitPolicy).toBe('ANY');
    expect((error as HitPolicyViolationError).rules).toEqual(['old', 'banned']);
  });
});

describe('COLLECT', () => {
  const collect = (aggregation?: string) =>
    table({
      hitPolicy: 'COLLECT',
      ...(aggregation === undefined ? {} : { aggregation }),
      inputs: [{ name: 'conditions', type: 'any' }],
      outputs: [{ name: 'points', type: 'number' }],
      rules: [
        { id: 'copd', when: { conditions: { in: ['copd', { var: '?' }] } }, then: { points: 3 } },
        { id: 'diabetes', when: { conditions: { in: ['diabetes', { var: '?' }] } }, then: { points: 2 } },
        { id: 'heart', when: { conditions: { in: ['heart failure', { var: '?' }] } }, then: { points: 3 } },
        { id: 'none', when: { conditions: { '==': [{ length: [{ var: '?' }] }, 0] } }, then: { points: 0 } },
      ],
    });
  const all = { conditions: ['copd', 'diabetes', 'heart failure'] };

  test('without aggregation: every match in rule order', () => {
    const result = collect().evaluate(all);
    expect(result.value).toEqual([3, 2, 3]);
    expect(result.outputs).toEqual({ points: [3, 2, 3] });
    expect(result.matchedRules).toEqual(['copd', 'diabetes', 'heart']);
  });

  test('without aggregation and no match: an empty list', () => {
    expect(collect().evaluate({ conditions: ['asthma'] }).outputs).toEqual({ points: [] });
  });

  test('SUM, MIN, MAX, COUNT (distinct values)', () => {
    expect(collect('SUM').evaluate(all).outputs).toEqual({ points: 8 });
    expect(collect('MIN').evaluate(all).outputs).toEqual({ points: 2 });
    expect(collect('MAX').evaluate(all).outputs).toEqual({ points: 3 });
    expect(collect('COUNT').evaluate(all).outputs).toEqual({ points: 2 });
  });

  test('aggregations over no match: null, COUNT 0', () => {
    const none = { conditions: ['asthma'] };
    expect(collect('SUM').evaluate(none).value).toBeNull();
    expect(collect('MIN').evaluate(none).value).toBeNull();
    expect(collect('MAX').evaluate(none).value).toBeNull();
    expect(collect('COUNT').evaluate(none).value).toBe(0);
  });

  test('a single match', () => {
    expect(collect('SUM').evaluate({ conditions: [] }).value).toBe(0);
    expect(collect('COUNT').evaluate({ conditions: ['copd'] }).value).toBe(1);
  });

  test('MIN and MAX of strings', () => {
    const names = table({
      hitPolicy: 'COLLECT',
      aggregation: 'MAX',
      inputs: [],
      outputs: [{ name: 'name', type: 'string' }],
      rules: [
        { when: {}, then: { name: 'beta' } },
        { when: {}, then: { name: 'gamma' } },
        { when: {}, then: { name: 'alpha' } },
      ],
    });
    expect(names.evaluate({}).value).toBe('gamma');
  });

  test('aggregation is checked at load: COLLECT only, one output, SUM of numbers', () => {
    const base = { inputs: [], rules: [] };
    const notCollect = thrown(() => table({ ...base, hitPolicy: 'FIRST', aggregation: 'SUM', outputs: [{ name: 'a' }] }));
    expect(notCollect).toBeInstanceOf(DecisionTableError);
    expect((notCollect as DecisionTableError).entry).toBe('aggregation');
    const twoOutputs = thrown(() => table({ ...base, hitPolicy: 'COLLECT', aggregation: 'MAX', outputs: [{ name: 'a' }, { name: 'b' }] }));
    expect(twoOutputs.message).toMatch(/exactly one output/);
    const sumOfStrings = thrown(() => table({ ...base, hitPolicy: 'COLLECT', aggregation: 'SUM', outputs: [{ name: 'a', type: 'string' }] }));
    expect(sumOfStrings.message).toMatch(/SUM needs a number output/);
    const unknown = thrown(() => table({ ...base, hitPolicy: 'COLLECT', aggregation: 'AVERAGE', outputs: [{ name: 'a' }] }));
    expect(unknown.message).toMatch(/unknown aggregation "AVERAGE"/);
  });
});

describe('RULE ORDER', () => {
  test('every match in rule order; several outputs give records and column lists', () => {
    const ordered = table({
      hitPolicy: 'RULE ORDER',
      inputs: [{ name: 'amount', type: 'number' }],
      outputs: [
        { name: 'action', type: 'string' },
        { name: 'team', type: 'string' },
      ],
      rules: [
        { id: 'log', when: {}, then: { action: 'log', team: 'ops' } },
        { id: 'review', when: { amount: '> 1000' }, then: { action: 'review', team: 'finance' } },
        { id: 'escalate', when: { amount: '> 10000' }, then: { action: 'escalate', team: 'board' } },
      ],
    });
    const result = ordered.evaluate({ amount: 5000 });
    expect(result.value).toEqual([
      { action: 'log', team: 'ops' },
      { action: 'review', team: 'finance' },
    ]);
    expect(result.outputs).toEqual({ action: ['log', 'review'], team: ['ops', 'finance'] });
    expect(result.matchedRules).toEqual(['log', 'review']);
    expect(ordered.evaluate({ amount: null }).matchedRules).toEqual(['log']);
  });

  test('no match: empty lists', () => {
    expect(ageTable('RULE ORDER').evaluate({ age: 3 }).outputs).toEqual({ level: [] });
  });
});

describe('OUTPUT ORDER', () => {
  test('every match in decreasing output priority', () => {
    const result = ageTable('OUTPUT ORDER').evaluate({ age: 70 });
    expect(result.value).toEqual(['high', 'medium', 'low']);
    expect(result.matchedRules).toEqual(['r2', 'r3', 'r1']);
  });

  test('equal priorities keep rule order; no match is an empty list', () => {
    const tied = table({
      hitPolicy: 'OUTPUT ORDER',
      inputs: [],
      outputs: [
        { name: 'level', allowedValues: LEVELS },
        { name: 'n', type: 'number' },
      ],
      rules: [
        { id: 'a', when: {}, then: { level: 'low', n: 1 } },
        { id: 'b', when: {}, then: { level: 'high', n: 2 } },
        { id: 'c', when: {}, then: { level: 'low', n: 3 } },
        { id: 'd', when: {}, then: { level: 'high', n: 4 } },
      ],
    });
    expect(tied.evaluate({}).matchedRules).toEqual(['b', 'd', 'a', 'c']);
    expect(ageTable('OUTPUT ORDER').evaluate({ age: -5 }).matchedRules).toEqual(['r4']);
    expect(ageTable('OUTPUT ORDER').evaluate({ age: 5 }).value).toEqual([]);
  });
});

test('hit policies may be written as DMN letters', () => {
  expect(ageTable('P').evaluate({ age: 70 }).value).toBe('high');
  expect(ageTable('O').evaluate({ age: 70 }).value).toEqual(['high', 'medium', 'low']);
  expect(ageTable('R').evaluate({ age: 70 }).value).toEqual(['low', 'high', 'medium']);
  expect(thrown(() => ageTable('SOMETIMES')).message).toMatch(/unknown hit policy "SOMETIMES"/);
});
