/**
 * The registry as the engine's decision evaluator, and loading decision files the way a
 * scenario's `decisions` names them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  compileDecisions,
  createDecisionRegistry,
  DecisionNotFoundError,
  DecisionTableError,
  HitPolicyViolationError,
  loadDecisionTables,
  readDecisions,
  readDecisionTableJson,
  type DecisionResult,
} from '../../src/index.js';
import { thrown } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));

const riskJson = {
  id: 'risk',
  name: 'Risk level',
  aliases: ['riskLevel'],
  hitPolicy: 'UNIQUE',
  inputs: [{ name: 'amount', type: 'number' }],
  outputs: [{ name: 'riskLevel', type: 'string' }],
  rules: [
    { id: 'small', when: { amount: '< 1000' }, then: { riskLevel: 'low' } },
    { id: 'large', when: { amount: '>= 1000' }, then: { riskLevel: 'high' } },
    { id: 'huge', when: { amount: '>= 1000000' }, then: { riskLevel: 'high' } },
  ],
};

describe('createDecisionRegistry', () => {
  const [risk] = compileDecisions(readDecisionTableJson(riskJson));
  const registry = createDecisionRegistry().register(risk!, { as: 'Decision_1' });

  test('finds a decision by id, name, alias and extra key', () => {
    for (const key of ['risk', 'Risk level', 'riskLevel', 'Decision_1']) expect(registry.get(key)).toBe(risk);
    expect(registry.decisions).toEqual([risk]);
  });

  test("evaluate: the engine's decision evaluator — outputs under their own names, undefined when unknown", () => {
    expect(registry.evaluate(['Task_decide', 'Assess', 'Decision_1'], { amount: 1200, other: 'kept out' })).toEqual({ riskLevel: 'high' });
    expect(registry.evaluate(['nothing', 'here'], { amount: 1 })).toBeUndefined();
  });

  test('evaluate throws the typed error (the decision task then faults)', () => {
    const error = thrown(() => registry.evaluate(['risk'], { amount: 2_000_000 }));
    expect(error).toBeInstanceOf(HitPolicyViolationError);
    expect((error as HitPolicyViolationError).rules).toEqual(['large', 'huge']);
  });

  test('decide throws DecisionNotFoundError for unknown keys', () => {
    const error = thrown(() => registry.decide('missing', {}));
    expect(error).toBeInstanceOf(DecisionNotFoundError);
    expect((error as DecisionNotFoundError).keys).toEqual(['missing']);
  });

  test('a key taken by another decision is refused', () => {
    const [other] = compileDecisions(readDecisionTableJson({ ...riskJson, id: 'other', name: 'Risk level', aliases: [] }));
    const error = thrown(() => createDecisionRegistry().register(risk!).register(other!));
    expect(error).toBeInstanceOf(DecisionTableError);
    expect(error.message).toMatch(/"Risk level" is already registered for decision "risk"/);
  });

  test('onEvaluate receives every evaluation with its trace, on the registry clock', () => {
    const seen: DecisionResult[] = [];
    const [adult] = compileDecisions(
      readDecisionTableJson({
        id: 'adult',
        hitPolicy: 'FIRST',
        inputs: [{ name: 'birthDate', type: 'date' }],
        outputs: [{ name: 'adult', type: 'boolean' }],
        rules: [{ when: { birthDate: '<= date("2008-03-01")' }, then: { adult: true } }, { then: { adult: { feel: 'today() < date("2000-01-01")' } } }],
      }),
    );
    const audited = createDecisionRegistry({ decisions: [adult!], now: () => new Date('2026-03-01T00:00:00Z'), onEvaluate: (result) => seen.push(result) });
    expect(audited.evaluate(['adult'], { birthDate: '2010-01-01' })).toEqual({ adult: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.trace!.rules.map((rule) => rule.matched)).toEqual([false, true]);
  });
});

describe('readDecisions and loadDecisionTables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'casekit-decisions-'));
  const jsonPath = join(dir, 'risk.table.json');
  writeFileSync(jsonPath, JSON.stringify(riskJson));
  const dmnPath = join(here, 'fixtures', 'benefit-eligibility.dmn');

  test('the format comes from the extension, else from the text', () => {
    expect(readDecisions(JSON.stringify(riskJson), { source: 'x.json' })[0]!.id).toBe('risk');
    expect(readDecisions(JSON.stringify(riskJson))[0]!.id).toBe('risk');
    expect(readDecisions('<definitions xmlns="https://www.omg.org/spec/DMN/20211108/MODEL/"><decision id="a"><literalExpression><text>1</text></literalExpression></decision></definitions>')[0]!.id).toBe('a');
  });

  test('as a scenario names them: key → file, DMN and JSON', async () => {
    const registry = await loadDecisionTables({ riskLevel: jsonPath, eligibility: dmnPath, 'income-band': dmnPath });
    expect(registry.evaluate(['riskLevel'], { amount: 5 })).toEqual({ riskLevel: 'low' });
    expect(registry.get('eligibility')?.id).toBe('benefit-letter');
    expect(registry.get('income-band')?.id).toBe('income-band');
    expect(registry.get('benefit-eligibility')?.id).toBe('benefit-eligibility');
  });

  test('a list of files registers every decision under its own keys', async () => {
    const registry = await loadDecisionTables([jsonPath, dmnPath]);
    expect(registry.decisions.map((decision) => decision.id)).toEqual(['risk', 'income-band', 'benefit-eligibility', 'benefit-letter']);
  });

  test('a key naming no decision of a file with several top-level decisions is an error', async () => {
    const path = join(dir, 'two.json');
    writeFileSync(path, JSON.stringify([riskJson, { ...riskJson, id: 'risk-2', name: 'Risk 2', aliases: [] }]));
    await expect(loadDecisionTables({ whichOne: path })).rejects.toThrow(/2 top-level decisions \("risk", "risk-2"\) and none is named "whichOne"/);
  });

  test('a missing or invalid file is a DecisionTableError naming it', async () => {
    await expect(loadDecisionTables({ x: join(dir, 'absent.json') })).rejects.toBeInstanceOf(DecisionTableError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"id": "bad", "outputs": []}');
    const error = await loadDecisionTables({ x: bad }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecisionTableError);
    expect((error as DecisionTableError).source).toBe(bad);
  });
});
