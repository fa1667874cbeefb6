/**
 * Care risk and case-management model selection: a DMN decision table as a DMN modeler exports it
 * (DMNDI included), evaluated with @casekit/rules. The decision id `care-risk` is the one a CMMN
 * decision task names (examples/care-coordination).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileDecisions, createDecisionRegistry, DecisionInputError, readDmn } from '@casekit/rules';

const here = dirname(fileURLToPath(import.meta.url));
const [careRisk] = compileDecisions(readDmn(readFileSync(join(here, 'care-risk.dmn'), 'utf8'), { source: 'care-risk.dmn' }));

/** An intake assessment as the case file holds it. */
interface Assessment {
  age: number;
  chronicConditions: number;
  systolicBP: number;
  mentalHealthConcern: boolean;
  socialSupport: 'strong' | 'limited' | 'none';
}

const assess = (assessment: Assessment) => careRisk!.evaluate({ ...assessment });

describe('care-risk', () => {
  test('is the decision `care-risk`, FIRST hit, two outputs', () => {
    expect(careRisk!.id).toBe('care-risk');
    expect(careRisk!.outputNames).toEqual(['riskLevel', 'caseManagementModel']);
  });

  test.each<[string, Assessment, string, string, string]>([
    ['multimorbidity, nobody to help', { age: 82, chronicConditions: 3, systolicBP: 150, mentalHealthConcern: false, socialSupport: 'none' }, 'high', 'intensive', 'DecisionRule_multimorbid_alone'],
    ['frail older person', { age: 78, chronicConditions: 2, systolicBP: 130, mentalHealthConcern: false, socialSupport: 'limited' }, 'high', 'intensive', 'DecisionRule_frail_elderly'],
    ['hypertensive crisis', { age: 50, chronicConditions: 0, systolicBP: 185, mentalHealthConcern: false, socialSupport: 'strong' }, 'high', 'clinical', 'DecisionRule_bp_crisis'],
    ['mental health, isolated', { age: 34, chronicConditions: 0, systolicBP: 120, mentalHealthConcern: true, socialSupport: 'none' }, 'high', 'intensive', 'DecisionRule_mental_isolated'],
    ['multimorbidity with support', { age: 60, chronicConditions: 4, systolicBP: 130, mentalHealthConcern: false, socialSupport: 'strong' }, 'high', 'clinical', 'DecisionRule_multimorbid_supported'],
    ['mental health with support', { age: 29, chronicConditions: 0, systolicBP: 118, mentalHealthConcern: true, socialSupport: 'limited' }, 'medium', 'strengths-based', 'DecisionRule_mental_supported'],
    ['two chronic conditions', { age: 55, chronicConditions: 2, systolicBP: 128, mentalHealthConcern: false, socialSupport: 'strong' }, 'medium', 'clinical', 'DecisionRule_two_conditions'],
    ['older, little support', { age: 70, chronicConditions: 0, systolicBP: 120, mentalHealthConcern: false, socialSupport: 'limited' }, 'medium', 'brokerage', 'DecisionRule_older_little_support'],
    ['raised blood pressure', { age: 45, chronicConditions: 1, systolicBP: 150, mentalHealthConcern: false, socialSupport: 'strong' }, 'medium', 'clinical', 'DecisionRule_raised_bp'],
    ['everyone else', { age: 40, chronicConditions: 0, systolicBP: 120, mentalHealthConcern: false, socialSupport: 'strong' }, 'low', 'brokerage', 'DecisionRule_default'],
  ])('%s', (_name, assessment, riskLevel, caseManagementModel, rule) => {
    const result = assess(assessment);
    expect(result.outputs).toEqual({ riskLevel, caseManagementModel });
    expect(result.matchedRules).toEqual([rule]);
  });

  test('the first fitting rule decides: an isolated older person with three conditions is intensive, not clinical', () => {
    const result = careRisk!.evaluate({ age: 80, chronicConditions: 3, systolicBP: 190, mentalHealthConcern: true, socialSupport: 'none' }, { explain: true });
    expect(result.outputs).toEqual({ riskLevel: 'high', caseManagementModel: 'intensive' });
    expect(result.trace!.rules.filter((rule) => rule.evaluated).map((rule) => rule.rule)).toEqual(['DecisionRule_multimorbid_alone']);
  });

  test('the trace tells a care coordinator why', () => {
    const { trace } = careRisk!.evaluate({ age: 45, chronicConditions: 1, systolicBP: 150, mentalHealthConcern: false, socialSupport: 'strong' }, { explain: true });
    expect(trace!.inputs.map((input) => [input.label, input.value])).toEqual([
      ['Age', 45],
      ['Chronic conditions', 1],
      ['Systolic blood pressure (mmHg)', 150],
      ['Mental health concern', false],
      ['Social support', 'strong'],
    ]);
    const whyNot = trace!.rules.filter((rule) => rule.evaluated && !rule.matched).map((rule) => `${rule.rule}: ${rule.failed!.input} ${rule.failed!.entry}`);
    expect(whyNot).toEqual([
      'DecisionRule_multimorbid_alone: Chronic conditions >= 3',
      'DecisionRule_frail_elderly: Age >= 75',
      'DecisionRule_bp_crisis: Systolic blood pressure (mmHg) >= 180',
      'DecisionRule_mental_isolated: Mental health concern true',
      'DecisionRule_multimorbid_supported: Chronic conditions >= 3',
      'DecisionRule_mental_supported: Mental health concern true',
      'DecisionRule_two_conditions: Chronic conditions >= 2',
      'DecisionRule_older_little_support: Age >= 65',
    ]);
  });

  test('social support must be one of the modelled values', () => {
    expect(() => careRisk!.evaluate({ age: 40, chronicConditions: 0, systolicBP: 120, mentalHealthConcern: false, socialSupport: 'some' })).toThrow(DecisionInputError);
  });

  test('as a decision task sees it: the whole case file in, each output into the item of the same name', () => {
    const registry = createDecisionRegistry({ decisions: [careRisk!] });
    const caseFile = { patientId: 'p-17', age: 82, chronicConditions: 3, systolicBP: 150, mentalHealthConcern: false, socialSupport: 'none', notes: ['lives alone'] };
    expect(registry.evaluate(['Task_assess', 'Assess risk', 'care-risk'], caseFile)).toEqual({ riskLevel: 'high', caseManagementModel: 'intensive' });
  });
});
