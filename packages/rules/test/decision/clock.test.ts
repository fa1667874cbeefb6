/**
 * Decisions see the clock they are given: `evaluate(input, { now })`, `decide(keys, input, { now })`,
 * `evaluate(keys, input, { now })` of the registry, or the registry's clock — in every language an
 * entry may be written in, and in the decisions a decision requires. Never the system time when a
 * clock is given.
 */
import { describe, expect, test } from 'vitest';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson, readDmn } from '../../src/index.js';
import { table } from './helpers.js';

const NOW = new Date('2031-07-15T08:30:00Z');
const LATER = new Date('2032-02-29T23:00:00Z');

/** A table whose outputs read the clock in FEEL, JSON Logic, and whose inputs compare with it. */
const clockTable = {
  hitPolicy: 'FIRST',
  inputs: [{ name: 'due', type: 'date' }],
  outputs: [
    { name: 'feelToday', type: 'string' },
    { name: 'feelNow', type: 'string' },
    { name: 'logicToday', type: 'string' },
    { name: 'age', type: 'number' },
  ],
  rules: [
    {
      id: 'overdue',
      when: { due: '< today()' },
      then: { feelToday: { feel: 'string(today())' }, feelNow: { feel: 'string(now())' }, logicToday: { today: [] }, age: { age: ['2000-07-16'] } },
    },
    { id: 'not-yet', then: { feelToday: 'not overdue', feelNow: null, logicToday: null, age: null } },
  ],
};

describe('a decision evaluated with { now }', () => {
  const decision = table(clockTable);

  test('FEEL today() and now() in output entries, JSON Logic today and age, FEEL today() in an input entry', () => {
    const result = decision.evaluate({ due: '2031-07-14' }, { now: NOW });
    expect(result.matchedRules).toEqual(['overdue']);
    expect(result.outputs).toEqual({ feelToday: '2031-07-15', feelNow: '2031-07-15T08:30:00Z', logicToday: '2031-07-15', age: 30 });
    expect(decision.evaluate({ due: '2031-07-15' }, { now: NOW }).matchedRules).toEqual(['not-yet']);
    expect(decision.evaluate({ due: '2031-07-15' }, { now: LATER }).outputs).toMatchObject({ feelToday: '2032-02-29', logicToday: '2032-02-29', age: 31 });
  });

  test('a date far from the system time shows the clock is the one given', () => {
    const past = new Date('1999-12-31T12:00:00Z');
    expect(decision.evaluate({ due: '1999-12-30' }, { now: past }).outputs).toMatchObject({ feelToday: '1999-12-31', logicToday: '1999-12-31' });
    expect(decision.evaluate({ due: '2000-01-01' }, { now: past }).matchedRules).toEqual(['not-yet']);
  });

  test('EL fn:now() in a DMN input expression, and a FEEL literal-expression decision required by a table', () => {
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x">
  <decision id="stamp" name="stamp"><variable name="stamp"/><literalExpression><text>string(today())</text></literalExpression></decision>
  <decision id="t" name="t">
    <informationRequirement><requiredDecision href="#stamp"/></informationRequirement>
    <decisionTable>
      <input id="i1" label="now"><inputExpression expressionLanguage="juel"><text>\${fn:now()}</text></inputExpression></input>
      <input id="i2" label="stamp"><inputExpression><text>stamp</text></inputExpression></input>
      <output id="o1" name="at"/><output id="o2" name="day"/>
      <rule id="r"><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>
        <outputEntry><text>"seen"</text></outputEntry><outputEntry><text>stamp</text></outputEntry></rule>
    </decisionTable></decision></definitions>`;
    const decisions = compileDecisions(readDmn(xml));
    const top = decisions.find((decision) => decision.id === 't')!;
    const result = top.evaluate({}, { now: NOW, explain: true });
    expect(result.outputs).toEqual({ at: 'seen', day: '2031-07-15' });
    expect(result.trace!.inputs.map((input) => input.value)).toEqual(['2031-07-15T08:30:00.000Z', '2031-07-15']);
    expect(result.trace!.required[0]!.value).toBe('2031-07-15');
  });
});

describe('the registry', () => {
  const [decision] = compileDecisions(readDecisionTableJson({ id: 'clock', ...clockTable }));

  test('decide(keys, input, { now }) and evaluate(keys, input, { now })', () => {
    const registry = createDecisionRegistry({ decisions: [decision!] });
    expect(registry.decide('clock', { due: '2031-07-14' }, { now: NOW }).outputs).toMatchObject({ feelToday: '2031-07-15' });
    expect(registry.decide(['missing', 'clock'], { due: '2031-07-14' }, { now: LATER }).outputs).toMatchObject({ feelToday: '2032-02-29' });
    expect(registry.evaluate(['clock'], { due: '2031-07-14' }, { now: NOW })).toMatchObject({ logicToday: '2031-07-15' });
  });

  test("the registry's clock, when the evaluation is given none; the evaluation's clock wins", () => {
    let ticks = 0;
    const registry = createDecisionRegistry({
      decisions: [decision!],
      now: () => {
        ticks += 1;
        return NOW;
      },
    });
    expect(registry.evaluate(['clock'], { due: '2031-07-14' })).toMatchObject({ feelToday: '2031-07-15' });
    expect(registry.decide('clock', { due: '2031-07-14' }).outputs).toMatchObject({ logicToday: '2031-07-15' });
    expect(ticks).toBe(2);
    expect(registry.evaluate(['clock'], { due: '2031-07-14' }, { now: LATER })).toMatchObject({ feelToday: '2032-02-29' });
    expect(ticks).toBe(2);
  });

  test("the registry's limits, when the evaluation is given none", () => {
    const registry = createDecisionRegistry({ decisions: [decision!], limits: { maxSteps: 1 } });
    expect(() => registry.evaluate(['clock'], { due: '2031-07-14' }, { now: NOW })).toThrow(/budget of 1 steps/);
    expect(registry.evaluate(['clock'], { due: '2031-07-14' }, { now: NOW, limits: { maxSteps: 100_000 } })).toMatchObject({ feelToday: '2031-07-15' });
  });
});
