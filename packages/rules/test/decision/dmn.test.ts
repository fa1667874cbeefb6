/**
 * DMN XML as DMN modelers export it: default and prefixed namespaces, DMNDI and modeler extensions
 * skipped, required decisions, literal expressions — and the refusals, each a typed error with the
 * file and line.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  compileDecisions,
  createDecisionRegistry,
  DecisionInputError,
  DecisionTableError,
  readDmn,
  type Decision,
} from '../../src/index.js';
import { thrown } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => readFileSync(join(here, 'fixtures', name), 'utf8');

function load(name: string): Decision[] {
  return compileDecisions(readDmn(fixture(name), { source: name }));
}

function dmn(body: string, namespace = 'https://www.omg.org/spec/DMN/20191111/MODEL/'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="${namespace}" id="d" name="d" namespace="x">\n${body}\n</definitions>`;
}

function tableXml(entries: { input?: string; inputType?: string; output?: string; outputType?: string; hitPolicy?: string; extra?: string } = {}): string {
  return dmn(`  <decision id="t" name="T">
    <decisionTable id="dt" hitPolicy="${entries.hitPolicy ?? 'UNIQUE'}">
      <input id="i1" label="X"><inputExpression typeRef="${entries.inputType ?? 'number'}"><text>x</text></inputExpression></input>
      <output id="o1" name="y" typeRef="${entries.outputType ?? 'string'}"/>
      <rule id="r1">
        <inputEntry><text>${entries.input ?? '&gt; 1'}</text></inputEntry>
        <outputEntry><text>${entries.output ?? '"big"'}</text></outputEntry>
      </rule>${entries.extra ?? ''}
    </decisionTable>
  </decision>`);
}

describe('a DMN 1.3 file exported by a DMN modeler, with DMNDI', () => {
  const decisions = load('benefit-eligibility.dmn');
  const registry = createDecisionRegistry({ decisions });

  test('reads every decision, skipping DMNDI, inputData and extensions', () => {
    expect(decisions.map((decision) => decision.id)).toEqual(['income-band', 'benefit-eligibility', 'benefit-letter']);
    expect(decisions.map((decision) => decision.variable)).toEqual(['incomeBand', 'benefitEligibility', 'letter']);
    expect(decisions[1]!.requires.map((decision) => decision.id)).toEqual(['income-band']);
    expect(decisions[1]!.outputNames).toEqual(['eligible', 'benefit']);
  });

  test('an unnamed single output is named by the decision variable; input expressions may be FEEL', () => {
    expect(registry.decide('income-band', { monthlyIncome: 2000, householdSize: 4 }).outputs).toEqual({ incomeBand: 'low' });
    expect(registry.decide('Household income band', { monthlyIncome: 3000, householdSize: 2 }).value).toBe('high');
    expect(registry.decide('income-band', { monthlyIncome: 2000, householdSize: 2 }).value).toBe('middle');
  });

  test('required decisions are evaluated first and read by their variable', () => {
    const applicant = { monthlyIncome: 1500, householdSize: 3, applicant: { age: 40 } };
    expect(registry.decide('benefit-eligibility', { ...applicant, applicationDate: '2026-02-01' }).outputs).toEqual({ eligible: true, benefit: 'full' });
    expect(registry.decide('benefit-eligibility', { ...applicant, applicationDate: '2025-11-30' }).outputs).toEqual({ eligible: true, benefit: 'partial' });
    expect(registry.decide('benefit-eligibility', { monthlyIncome: 2000, householdSize: 2, applicant: { age: 70 }, applicationDate: '2026-02-01' }).matchedRules).toEqual(['DecisionRule_pension_age']);
    expect(registry.decide('benefit-eligibility', { monthlyIncome: 9000, householdSize: 1, applicant: { age: 30 }, applicationDate: '2026-02-01' }).value).toEqual({ eligible: false, benefit: 'none' });
  });

  test('a literal expression decision over a required decision', () => {
    const input = { monthlyIncome: 1500, householdSize: 3, applicant: { age: 40 }, applicationDate: '2026-02-01' };
    expect(registry.decide('benefit-letter', input).outputs).toEqual({ letter: 'Benefit: full' });
  });

  test('the trace explains the required decisions too', () => {
    const input = { monthlyIncome: 1500, householdSize: 3, applicant: { age: 40 }, applicationDate: '2025-06-01' };
    const { trace } = registry.decide('benefit-eligibility', input, { explain: true });
    expect(trace!.required.map((required) => [required.decision, required.value])).toEqual([['income-band', 'low']]);
    expect(trace!.inputs).toEqual([
      { id: 'Input_band', label: 'Income band', expression: 'incomeBand', value: 'low' },
      { id: 'Input_date', label: 'Application date', expression: 'applicationDate', value: '2025-06-01' },
      { id: 'Input_age', label: 'Age', expression: 'applicant.age', value: 40 },
    ]);
    expect(trace!.rules[0]).toEqual({
      rule: 'DecisionRule_full',
      index: 1,
      evaluated: true,
      matched: false,
      failed: { input: 'Application date', entry: '>= date("2026-01-01")', value: '2025-06-01' },
    });
    expect(trace!.rules[1]).toMatchObject({ rule: 'DecisionRule_old_rules', matched: true, outputs: { eligible: true, benefit: 'partial' } });
  });

  test('typed inputs are checked: a date that is not one, an integer that is a string', () => {
    const base = { monthlyIncome: 1500, householdSize: 3, applicant: { age: 40 } };
    const badDate = thrown(() => registry.decide('benefit-eligibility', { ...base, applicationDate: 'yesterday' }));
    expect(badDate).toBeInstanceOf(DecisionInputError);
    expect((badDate as DecisionInputError).input).toBe('Application date');
    const badAge = thrown(() => registry.decide('benefit-eligibility', { ...base, applicationDate: '2026-01-01', applicant: { age: '40' } }));
    expect(badAge).toBeInstanceOf(DecisionInputError);
    expect(badAge.message).toMatch(/expects a number, got "40"/);
  });
});

describe('a prefixed DMN 1.4 file', () => {
  const [points] = load('triage-points-1.4.dmn');

  test('COLLECT SUM with a computed output and an EL (juel) input expression', () => {
    expect(points!.evaluate({ claim: { amount: 20_000, channel: 'web' } }).outputs).toEqual({ points: 5 });
    expect(points!.evaluate({ claim: { amount: 5000, channel: 'ombudsman' } }).outputs).toEqual({ points: 7 });
    expect(points!.evaluate({ claim: { amount: 10, channel: 'phone' } }).value).toBeNull();
  });
});

describe('refusals', () => {
  const error = (xml: string): DecisionTableError => {
    const found = thrown(() => compileDecisions(readDmn(xml, { source: 'bad.dmn' })));
    expect(found).toBeInstanceOf(DecisionTableError);
    return found as DecisionTableError;
  };

  test('a DOCTYPE (entity expansion, external entities)', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/">&lol2;</definitions>`;
    const refused = error(xml);
    expect(refused.reason).toMatch(/DOCTYPE is not allowed/);
    expect(refused.line).toBe(2);
    expect(refused.source).toBe('bad.dmn');
    expect(error('<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>').reason).toMatch(/DOCTYPE/);
  });

  test('malformed XML names the line', () => {
    const refused = error('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/">\n  <decision id="a">\n</definitions>');
    expect(refused.reason).toMatch(/not well-formed/);
    expect(refused.line).toBeGreaterThan(0);
  });

  test('a root that is not DMN, an undeclared prefix, unknown entities', () => {
    expect(error('<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL"/>').reason).toMatch(/DMN <definitions>/);
    expect(error('<definitions/>').reason).toMatch(/without a namespace/);
    expect(error('<dmn:definitions xmlns:dmn="https://www.omg.org/spec/DMN/20191111/MODEL/"><x:decision/></dmn:definitions>').reason).toMatch(/prefix "x"/);
    expect(error(dmn('<decision id="a" name="&xxe;"/>')).reason).toMatch(/undefined entity/);
  });

  test('deep nesting is bounded', () => {
    const deep = `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`;
    expect(error(dmn(`<decision id="x">${deep}</decision>`)).reason).toMatch(/nested more than/);
  });

  test('unknown hit policy, aggregation and type', () => {
    expect(error(tableXml({ hitPolicy: 'SOMETIMES' })).reason).toMatch(/unknown hit policy "SOMETIMES"/);
    expect(error(tableXml({ hitPolicy: 'COLLECT" aggregation="AVG' })).reason).toMatch(/unknown aggregation "AVG"/);
    const type = error(tableXml({ inputType: 'money' }));
    expect(type.reason).toMatch(/unknown type "money"/);
    expect(type.entry).toBe('input "X"');
    expect(type.decision).toBe('t');
  });

  test('entries that do not parse or do not fit the input type name the rule and the entry', () => {
    const syntax = error(tableXml({ input: '&gt;= &gt;=' }));
    expect(syntax.rule).toBe('r1');
    expect(syntax.entry).toBe('input "X"');
    expect(syntax.reason).toMatch(/syntax error/);
    const mismatch = error(tableXml({ input: '"ten"' }));
    expect(mismatch.reason).toMatch(/"ten" is not a number, the input's type/);
    const date = error(tableXml({ inputType: 'date', input: '&lt; "2026-01-01"' }));
    expect(date.reason).toMatch(/write date\("2026-01-01"\)/);
    const output = error(tableXml({ outputType: 'number', output: '"big"' }));
    expect(output.reason).toMatch(/"big" is not a number, the output's type/);
    expect(output.entry).toBe('output "y"');
  });

  test('a rule with the wrong number of entries', () => {
    const xml = dmn(`<decision id="t"><decisionTable>
      <input id="i1"><inputExpression><text>x</text></inputExpression></input>
      <output id="o1" name="y"/>
      <rule id="short"><outputEntry><text>1</text></outputEntry></rule>
    </decisionTable></decision>`);
    const refused = error(xml);
    expect(refused.rule).toBe('short');
    expect(refused.reason).toMatch(/0 input entries, the table has 1 inputs/);
  });

  test('host languages are never run', () => {
    const script = dmn(`<decision id="t"><decisionTable>
      <input id="i1"><inputExpression expressionLanguage="javascript"><text>process.exit(1)</text></inputExpression></input>
      <output id="o1" name="y"/>
      <rule id="r"><inputEntry><text>-</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
    </decisionTable></decision>`);
    expect(error(script).reason).toMatch(/unsupported expression language "javascript"/);
    const entry = dmn(`<decision id="t"><decisionTable>
      <input id="i1"><inputExpression><text>x</text></inputExpression></input>
      <output id="o1" name="y"/>
      <rule id="r"><inputEntry expressionLanguage="groovy"><text>x > 1</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
    </decisionTable></decision>`);
    expect(error(entry).reason).toMatch(/input entries in "groovy" are not supported/);
  });

  test('decision logic casekit does not evaluate, and cycles of required decisions', () => {
    expect(error(dmn('<decision id="t"><context/></decision>')).reason).toMatch(/<context> decision logic is not supported/);
    const cycle = dmn(`
      <decision id="a"><informationRequirement><requiredDecision href="#b"/></informationRequirement><literalExpression><text>1</text></literalExpression></decision>
      <decision id="b"><informationRequirement><requiredDecision href="#a"/></informationRequirement><literalExpression><text>2</text></literalExpression></decision>`);
    expect(error(cycle).reason).toMatch(/cycle: a → b → a/);
    const missing = dmn('<decision id="a"><informationRequirement><requiredDecision href="#nowhere"/></informationRequirement><literalExpression><text>1</text></literalExpression></decision>');
    expect(error(missing).reason).toMatch(/requires decision "nowhere"/);
  });

  test('a DMN 1.1 file (Camunda 7 modelers) is read too', () => {
    const xml = tableXml().replace('https://www.omg.org/spec/DMN/20191111/MODEL/', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd');
    const [decision] = compileDecisions(readDmn(xml));
    expect(decision!.evaluate({ x: 5 }).outputs).toEqual({ y: 'big' });
  });
});
