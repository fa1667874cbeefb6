/**
 * The shared conformance models, written again with the builder (same ids): the built cases must
 * equal the parsed files' cases node for node, and come with the same problems.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createModel, on, type ModelBuilder } from '../../src/builder/index.js';
import { toCmmnXml } from '../../src/export/to-cmmn-xml.js';
import type { Problem } from '../../src/model/problems.js';
import { parseCmmn } from '../../src/parse/parse-cmmn.js';

const conformance = (file: string) => fileURLToPath(new URL(`../../../../../shared/conformance/${file}`, import.meta.url));
const strip = (problems: readonly Problem[]) => problems.map(({ code, message, elementId }) => ({ code, message, elementId }));
const NAMESPACE = 'http://casekit.dev/conformance';

function sequence(): ModelBuilder {
  const m = createModel({ id: 'defs_sequence', targetNamespace: NAMESPACE });
  const c = m.case('Sequence', { id: 'sequence', plan: { id: 'plan', name: 'Intake', autoComplete: true } });
  const screening = c.plan.humanTask('Screening', { id: 'pi_screening', definition: { id: 't_screening' } });
  const assessment = c.plan.humanTask('Assessment', {
    id: 'pi_assessment',
    definition: { id: 't_assessment' },
    entryCriteria: [
      { id: 'ec_assessment', sentry: { id: 's_after_screening', on: on(screening, 'complete', { id: 'op_screening' }) } },
    ],
  });
  c.plan.milestone('Assessed', {
    id: 'pi_assessed',
    definition: { id: 'm_assessed' },
    entryCriteria: [
      { id: 'ec_assessed', sentry: { id: 's_after_assessment', on: on(assessment, 'complete', { id: 'op_assessment' }) } },
    ],
  });
  return m;
}

function manualActivation(): ModelBuilder {
  const m = createModel({ id: 'defs_manual', targetNamespace: NAMESPACE });
  const c = m.case('Manual activation', { id: 'manual', plan: { id: 'plan', name: 'Follow-up' } });
  c.plan.humanTask('Home visit', {
    id: 'pi_visit',
    definition: { id: 't_visit' },
    defaultControl: { id: 'dc_visit', manualActivationRule: { id: 'mar_visit' } },
  });
  c.plan.humanTask('Phone call', {
    id: 'pi_call',
    definition: { id: 't_call' },
    defaultControl: { id: 'dc_call', manualActivationRule: { id: 'mar_call' } },
  });
  c.plan.humanTask('Review', {
    id: 'pi_review',
    definition: { id: 't_review' },
    itemControl: { id: 'ic_review', requiredRule: { id: 'rr_review' } },
  });
  return m;
}

function stageExit(): ModelBuilder {
  const m = createModel({ id: 'defs_exit', targetNamespace: NAMESPACE });
  const c = m.case('Stage exit', { id: 'exit', plan: { id: 'plan', name: 'Rehabilitation', autoComplete: true } });
  const treatment = c.plan.stage('Treatment', { id: 'pi_treatment', definition: { id: 'st_treatment' } }, (s) => {
    s.humanTask('Physiotherapy', { id: 'pi_physio', definition: { id: 't_physio' } });
    s.humanTask('Medication review', { id: 'pi_meds', definition: { id: 't_meds' } });
  });
  const discharged = c.plan.userEventListener('Patient discharged', {
    id: 'pi_discharged',
    definition: { id: 'uel_discharged' },
  });
  const exit = treatment.addExitCriterion({
    id: 'xc_treatment',
    sentry: { id: 's_discharged', on: on(discharged, 'occur', { id: 'op_discharged' }) },
  });
  c.plan.humanTask('Discharge summary', {
    id: 'pi_summary',
    definition: { id: 't_summary' },
    entryCriteria: [
      {
        id: 'ec_summary',
        sentry: { id: 's_treatment_exited', on: on(treatment, 'exit', { id: 'op_treatment_exit', exitCriterion: exit }) },
      },
    ],
  });
  return m;
}

function discretionary(): ModelBuilder {
  const m = createModel({ id: 'defs_planning', targetNamespace: NAMESPACE });
  const c = m.case('Care planning', { id: 'planning', plan: { id: 'plan', name: 'Care plan' } });
  c.caseFileItem('risk', { id: 'cfi_risk', multiplicity: 'ExactlyOne' });
  const doctor = c.role('doctor', { id: 'role_doctor' });
  c.role('nurse', { id: 'role_nurse' });
  c.plan.humanTask('Coordinate care', {
    id: 'pi_coordinate',
    definition: { id: 't_coordinate' },
    itemControl: { id: 'ic_coordinate', requiredRule: { id: 'rr_coordinate' } },
  });
  c.plan.planningTable({ id: 'pt_plan' }, (table) => {
    const highRisk = table.applicabilityRule('high risk', { id: 'ar_high_risk', condition: "${risk == 'high'}" });
    table.humanTask('Refer to specialist', {
      id: 'di_specialist',
      definition: { id: 't_specialist' },
      applicabilityRules: [highRisk],
      authorizedRoles: [doctor],
    });
    table.humanTask('Educational session', { id: 'di_education', definition: { id: 't_education' } });
  });
  return m;
}

function timerRepetition(): ModelBuilder {
  const m = createModel({ id: 'defs_timer', targetNamespace: NAMESPACE });
  const c = m.case('Weekly follow-up', { id: 'followup', plan: { id: 'plan', name: 'Follow-up' } });
  const weekly = c.plan.timerEventListener('Weekly', {
    id: 'pi_weekly',
    definition: { id: 'tel_weekly' },
    timerExpression: 'R3/P7D',
  });
  c.plan.humanTask('Follow-up call', {
    id: 'pi_call',
    definition: { id: 't_call' },
    itemControl: { id: 'ic_call', repetitionRule: { id: 'rep_call' } },
    entryCriteria: [{ id: 'ec_call', sentry: { id: 's_weekly', on: on(weekly, 'occur', { id: 'op_weekly' }) } }],
  });
  return m;
}

describe.each([
  ['01-sequence.cmmn', sequence],
  ['02-manual-activation.cmmn', manualActivation],
  ['03-stage-exit.cmmn', stageExit],
  ['04-discretionary.cmmn', discretionary],
  ['05-timer-repetition.cmmn', timerRepetition],
])('conformance model %s written with the builder', (file, author) => {
  const parsed = parseCmmn(readFileSync(conformance(file), 'utf8'));
  const built = author().build({ diagram: false, source: file });

  it('has the cases of the parsed file, node for node', () => {
    expect(built.definitions.cases).toEqual(parsed.definitions.cases);
    expect([built.definitions.id, built.definitions.targetNamespace]).toEqual([
      parsed.definitions.id,
      parsed.definitions.targetNamespace,
    ]);
  });

  it('has the problems of the parsed file', () => {
    expect(strip(built.problems)).toEqual(strip(parsed.problems));
  });

  it('round-trips with its generated diagram', () => {
    const withDiagram = author().build();
    expect(parseCmmn(toCmmnXml(withDiagram)).definitions).toEqual(withDiagram.definitions);
  });
});
