/**
 * casekit's JSON form of decision tables: the entry forms (FEEL, values, JSON Logic), checks at
 * load naming table, rule and entry, and the JSON Schema shipped with the package.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { createJsonLogicEvaluator, compileDecisions, DecisionInputError, DecisionTableError, readDecisionTableJson } from '../../src/index.js';
import { table, thrown } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, '../../schema/decision-table.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

const discount = {
  id: 'discount',
  name: 'Discount',
  hitPolicy: 'FIRST',
  inputs: [
    { name: 'tier', type: 'string', allowedValues: ['gold', 'silver', 'bronze'] },
    { name: 'orders', type: 'number', label: 'Orders this year' },
    { name: 'since', type: 'date', expression: 'customer.since' },
  ],
  outputs: [
    { name: 'percent', type: 'number', default: 0 },
    { name: 'note', type: 'string' },
  ],
  rules: [
    { id: 'gold-loyal', when: { tier: '"gold"', orders: '>= 10' }, then: { percent: 15, note: 'gold, loyal' } },
    { id: 'long-time', when: { since: '< date("2020-01-01")' }, then: { percent: 10, note: { feel: '"customer since " + string(customer.since)' } } },
    { id: 'many-orders', when: { orders: { '>': [{ var: '?' }, 20] } }, then: { percent: { '*': [{ var: 'orders' }, 0.5] }, note: 'volume' } },
    { id: 'silver-or-gold', when: { tier: ['silver', 'gold'] }, then: { percent: 5, note: null } },
  ],
};

describe('entries', () => {
  const decision = table(discount);

  test('values, FEEL unary tests and JSON Logic entries; literal, FEEL and JSON Logic outputs', () => {
    expect(decision.evaluate({ tier: 'gold', orders: 12, customer: { since: '2023-05-01' } }).outputs).toEqual({ percent: 15, note: 'gold, loyal' });
    expect(decision.evaluate({ tier: 'bronze', orders: 1, customer: { since: '2019-05-01' } }).outputs).toEqual({ percent: 10, note: 'customer since 2019-05-01' });
    expect(decision.evaluate({ tier: 'bronze', orders: 30, customer: { since: '2023-05-01' } }).outputs).toEqual({ percent: 15, note: 'volume' });
    expect(decision.evaluate({ tier: 'silver', orders: 3, customer: { since: '2023-05-01' } }).matchedRules).toEqual(['silver-or-gold']);
  });

  test('the default output answers when nothing matches', () => {
    expect(decision.evaluate({ tier: 'bronze', orders: 1, customer: { since: '2024-01-01' } }).outputs).toEqual({ percent: 0, note: null });
  });

  test('input allowed values are checked at evaluation', () => {
    const error = thrown(() => decision.evaluate({ tier: 'platinum', orders: 1, customer: { since: '2024-01-01' } }));
    expect(error).toBeInstanceOf(DecisionInputError);
    expect((error as DecisionInputError).input).toBe('tier');
    expect(error.message).toMatch(/"platinum" is not one of the allowed values/);
  });

  test('a missing input is null (and null is always allowed)', () => {
    expect(decision.evaluate({}).outputs).toEqual({ percent: 0, note: null });
  });

  test('custom JSON Logic operations come from the evaluator given at compile time', () => {
    const jsonLogic = createJsonLogicEvaluator({ operations: { isWeekend: (day) => day === 'Sat' || day === 'Sun' } });
    const [weekend] = compileDecisions(
      readDecisionTableJson({
        id: 'weekend',
        hitPolicy: 'FIRST',
        inputs: [{ name: 'day' }],
        outputs: [{ name: 'open', type: 'boolean' }],
        rules: [
          { when: { day: { isWeekend: [{ var: '?' }] } }, then: { open: false } },
          { then: { open: true } },
        ],
      }),
      { jsonLogic },
    );
    expect(weekend!.evaluate({ day: 'Sun' }).value).toBe(false);
    expect(weekend!.evaluate({ day: 'Mon' }).value).toBe(true);
    expect(() => table({ hitPolicy: 'FIRST', inputs: [{ name: 'day' }], outputs: [{ name: 'open' }], rules: [{ when: { day: { isWeekend: [{ var: '?' }] } }, then: { open: false } }] })).toThrow(
      /unknown operation "isWeekend"/,
    );
  });

  test('an input expression may compute a FEEL date', () => {
    const early = table({
      hitPolicy: 'FIRST',
      inputs: [{ name: 'submitted', type: 'date', expression: 'date(submittedAt) - duration("P1D")' }],
      outputs: [{ name: 'early', type: 'boolean' }],
      rules: [{ when: { submitted: '< date("2026-01-01")' }, then: { early: true } }, { then: { early: false } }],
    });
    expect(early.evaluate({ submittedAt: '2026-01-01' }).value).toBe(true);
    expect(early.evaluate({ submittedAt: '2026-01-02' }, { explain: true }).trace!.inputs[0]!.value).toBe('2026-01-01');
  });

  test('the built-in date operations work in entries, on the clock given', () => {
    const adult = table({
      hitPolicy: 'FIRST',
      inputs: [{ name: 'birthDate', type: 'date' }],
      outputs: [{ name: 'adult', type: 'boolean' }],
      rules: [
        { when: { birthDate: { '>=': [{ age: [{ var: '?' }] }, 18] } }, then: { adult: true } },
        { then: { adult: false } },
      ],
    });
    const now = new Date('2026-06-01T00:00:00Z');
    expect(adult.evaluate({ birthDate: '2008-06-01' }, { now }).value).toBe(true);
    expect(adult.evaluate({ birthDate: '2008-06-02' }, { now }).value).toBe(false);
  });
});

describe('checks at load', () => {
  const fails = (json: Record<string, unknown>): DecisionTableError => {
    const error = thrown(() => table({ hitPolicy: 'FIRST', inputs: [{ name: 'x', type: 'number' }], outputs: [{ name: 'y' }], rules: [], ...json }));
    expect(error).toBeInstanceOf(DecisionTableError);
    expect((error as DecisionTableError).code).toBe('DecisionTableInvalid');
    return error as DecisionTableError;
  };

  test('an unknown input in a rule names the rule and the input', () => {
    const error = fails({ rules: [{ id: 'r7', when: { z: '> 1' }, then: { y: 1 } }] });
    expect(error.rule).toBe('r7');
    expect(error.entry).toBe('input "z"');
    expect(error.reason).toMatch(/unknown input "z" \(the inputs are x\)/);
    expect(error.message).toBe('decision "test", rule r7, input "z": unknown input "z" (the inputs are x)');
  });

  test('an unknown or a missing output', () => {
    expect(fails({ rules: [{ when: {}, then: { y: 1, w: 2 } }] }).reason).toMatch(/unknown output "w"/);
    const missing = fails({ rules: [{ when: {}, then: {} }] });
    expect(missing.reason).toMatch(/gives no value for output "y"/);
    expect(missing.rule).toBe('rule-1');
  });

  test('entries that do not fit the input type', () => {
    expect(fails({ rules: [{ when: { x: '"ten"' }, then: { y: 1 } }] }).reason).toMatch(/"ten" is not a number/);
    expect(fails({ rules: [{ when: { x: ['ten'] }, then: { y: 1 } }] }).reason).toMatch(/expects a number, got "ten"/);
    expect(fails({ rules: [{ when: { x: '>= 1 >=' }, then: { y: 1 } }] }).reason).toMatch(/syntax error/);
  });

  test('entries outside the allowed values', () => {
    const error = fails({
      inputs: [{ name: 'tier', type: 'string', allowedValues: ['gold', 'silver'] }],
      rules: [{ id: 'typo', when: { tier: '"glod"' }, then: { y: 1 } }],
    });
    expect(error.rule).toBe('typo');
    expect(error.reason).toMatch(/"gold","silver"|"gold", "silver"/);
  });

  test('a bare word is not silently a variable', () => {
    const error = fails({ inputs: [{ name: 'tier', type: 'string' }], rules: [{ when: { tier: 'gold' }, then: { y: 1 } }] });
    expect(error.reason).toMatch(/reads "gold", which is not an input of the table/);
  });

  test('another input may be named in an entry', () => {
    const limit = table({
      hitPolicy: 'FIRST',
      inputs: [
        { name: 'amount', type: 'number' },
        { name: 'limit', type: 'number' },
      ],
      outputs: [{ name: 'over', type: 'boolean' }],
      rules: [
        { when: { amount: '> limit' }, then: { over: true } },
        { then: { over: false } },
      ],
    });
    expect(limit.evaluate({ amount: 5, limit: 3 }).value).toBe(true);
    expect(limit.evaluate({ amount: 2, limit: 3 }).value).toBe(false);
  });

  test('unknown keys, types and malformed JSON', () => {
    expect(fails({ hitpolicy: 'FIRST' }).reason).toMatch(/unknown key "hitpolicy"/);
    expect(fails({ inputs: [{ name: 'x', type: 'money' }] }).reason).toMatch(/unknown type "money"/);
    expect(fails({ inputs: [{ name: 'x', typ: 'number' }] }).reason).toMatch(/unknown key "typ"/);
    expect(fails({ outputs: [] }).reason).toMatch(/at least one output/);
    expect(thrown(() => readDecisionTableJson('{"id": ', { source: 't.json' }))).toBeInstanceOf(DecisionTableError);
    expect(thrown(() => readDecisionTableJson({ rules: [] })).message).toMatch(/needs an "id"/);
    expect(fails({ rules: [{ when: {}, then: { y: { a: 1, b: 2 } } }] }).reason).toMatch(/write \{"value": \{…\}\} for an object/);
  });

  test('duplicate rule ids and output names', () => {
    expect(fails({ rules: [{ id: 'a', then: { y: 1 } }, { id: 'a', then: { y: 2 } }] }).reason).toMatch(/two rules have the id "a"/);
    expect(fails({ outputs: [{ name: 'y' }, { name: 'y' }] }).reason).toMatch(/two outputs have the same name/);
  });

  test('an object literal output is written {"value": …}', () => {
    const record = table({ hitPolicy: 'FIRST', inputs: [], outputs: [{ name: 'address' }], rules: [{ then: { address: { value: { city: 'Ghent' } } } }] });
    expect(record.evaluate({}).value).toEqual({ city: 'Ghent' });
  });
});

describe('the JSON Schema', () => {
  test('accepts the tables of these tests and the examples', () => {
    expect(validate(discount), JSON.stringify(validate.errors)).toBe(true);
    for (const name of ['credit-granting.json', 'complaint-triage.json']) {
      const example = JSON.parse(readFileSync(join(here, '../../../../examples/decisions', name), 'utf8')) as unknown;
      expect(validate(example), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  test('rejects what the reader rejects structurally', () => {
    expect(validate({ id: 'x', outputs: [], rules: [] })).toBe(false);
    expect(validate({ id: 'x', hitPolicy: 'SOMETIMES', outputs: [{ name: 'y' }], rules: [] })).toBe(false);
    expect(validate({ id: 'x', outputs: [{ name: 'y' }], rules: [{ when: {}, then: {} }], extra: 1 })).toBe(false);
    expect(validate({ id: 'x', outputs: [{ name: 'y', type: 'money' }], rules: [] })).toBe(false);
  });

  test('is exported by the package', () => {
    const manifest = JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { exports: Record<string, unknown>; files: string[] };
    expect(manifest.exports['./decision-table.schema.json']).toBe('./schema/decision-table.schema.json');
    expect(manifest.files).toContain('schema');
  });
});
