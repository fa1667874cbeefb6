// The four care-management templates, authored with the casekit builder (docs/builder.md).
// Each is one CMMN 1.1 case over the same seven steps — screening, assessment, risk evaluation,
// care planning, implementation, follow-up, outcome evaluation — and differs where its model of
// care management differs: who does the work (case roles, performers), what is left to the
// worker's discretion (planning tables, applicability rules), how often the client is contacted
// (timer event listeners), which services are referred to (process tasks run by the host's
// handlers) and where the client's goals sit in the case file.
//
// `node --import ./examples/register.mjs examples/care-templates/generate.mjs`
// writes the .cmmn files from these functions; care-templates.test.ts checks that they agree.
import { createModel, on } from '@casekit/core';

const NAMESPACE = 'https://casekit.dev/examples/care-templates';

/**
 * The part every template shares: case file items for the client, the screening, the
 * assessment, the goals and the outcome; the Intake stage (screening → assessment → risk
 * evaluation by a decision table); the exit when the client withdraws.
 */
function skeleton(m, { id, name, documentation, decision, riskInputs, riskOutputs, screener, assessor, assessment }) {
  const c = m.case(name, { id, documentation, plan: { name, autoComplete: true } });
  const files = {
    client: c.caseFileItem('client', { multiplicity: 'ExactlyOne' }),
    screening: c.caseFileItem('screening', { multiplicity: 'ZeroOrOne' }),
    assessment: c.caseFileItem('assessment', { multiplicity: 'ZeroOrOne' }),
  };
  for (const input of [...riskInputs, ...riskOutputs]) files[input] = c.caseFileItem(input, { multiplicity: 'ZeroOrOne' });
  files.goals = c.caseFileItem('goals', { multiplicity: 'ZeroOrOne' });
  files.carePlan = c.caseFileItem('carePlan', { multiplicity: 'ZeroOrOne' });
  files.outcome = c.caseFileItem('outcome', { multiplicity: 'ZeroOrOne' });
  const roles = {};
  const role = (roleName) => (roles[roleName] ??= c.role(roleName));
  role(screener);
  role(assessor);
  const intake = c.plan.stage('Intake', { autoComplete: true }, (s) => {
    const screening = s.humanTask('Screening', { performer: role(screener) });
    const assess = s.humanTask(assessment, { performer: role(assessor), entryCriteria: [{ on: on(screening, 'complete') }] });
    s.decisionTask('Risk evaluation', { decision, entryCriteria: [{ on: on(assess, 'complete') }] });
  });
  return { c, plan: c.plan, files, role, intake };
}

/** Outcome evaluation after implementation, and the client's withdrawal as the case's exit. */
function closing(plan, implementation, { evaluator, withdrawAuthorized }) {
  plan.humanTask('Outcome evaluation', {
    performer: evaluator,
    itemControl: { requiredRule: true },
    entryCriteria: [{ on: on(implementation, 'complete') }],
  });
  const withdraws = plan.userEventListener('Client withdraws', { authorizedRoles: withdrawAuthorized });
  plan.addExitCriterion({ on: on(withdraws, 'occur') });
}

/**
 * Brokerage: the case manager assesses and refers; services are provided by others. Referrals are
 * process tasks (the host sends them), planned at the case manager's discretion; one check-in 30
 * days after implementation starts; a refused referral brings "Find alternative provider".
 */
export function brokerage() {
  const m = createModel({ name: 'Brokerage case management', targetNamespace: NAMESPACE });
  const decision = m.decision('Brokerage risk', { id: 'brokerage-risk', externalRef: 'brokerage-risk' });
  const process = (label, ref) => m.process(label, { id: ref.replaceAll('.', '-'), externalRef: ref });
  const homeCare = process('Home care referral', 'referral.home-care');
  const meals = process('Meals service referral', 'referral.meals');
  const dayCentre = process('Day centre referral', 'referral.day-centre');
  const benefits = process('Benefits advice referral', 'referral.benefits-advice');
  const { c, plan, role, intake } = skeleton(m, {
    id: 'care_brokerage',
    name: 'Brokerage case management',
    documentation: 'The case manager assesses needs and links the client to services provided by others.',
    decision,
    riskInputs: ['adlDependency', 'livesAlone', 'informalCarer'],
    riskOutputs: ['riskLevel', 'homeCareNeeded'],
    screener: 'intake worker',
    assessor: 'case manager',
    assessment: 'Needs assessment',
  });
  const cm = role('case manager');
  const planning = plan.stage('Care planning', { autoComplete: true, entryCriteria: [{ on: on(intake, 'complete') }] }, (s) => {
    const agree = s.humanTask('Agree service plan', { performer: cm, documentation: 'Goals and the services to refer to, agreed with the client; goals go to the case file item "goals".' });
    s.milestone('Service plan agreed', { entryCriteria: [{ on: on(agree, 'complete') }] });
  });
  const implementation = plan.stage(
    'Implementation',
    { autoComplete: true, itemControl: { requiredRule: true }, entryCriteria: [{ on: on(planning, 'complete') }] },
    (s) => {
      s.humanTask('Broker services', { performer: cm, itemControl: { requiredRule: true } });
      const referrals = [];
      s.planningTable({ authorizedRoles: [cm] }, (t) => {
        const homeCareNeeded = t.applicabilityRule('home care needed', { condition: '${homeCareNeeded}' });
        const notLow = t.applicabilityRule('not low risk', { condition: "${riskLevel != 'low'}" });
        referrals.push(t.processTask('Refer to home care', { process: homeCare, applicabilityRules: [homeCareNeeded] }));
        referrals.push(t.processTask('Refer to meals service', { process: meals }));
        referrals.push(t.processTask('Refer to day centre', { process: dayCentre, applicabilityRules: [notLow] }));
        referrals.push(t.processTask('Refer to benefits advice', { process: benefits }));
      });
      s.humanTask('Find alternative provider', {
        performer: cm,
        documentation: 'A provider refused or could not take the referral: find another, then reactivate the referral.',
        itemControl: { repetitionRule: true },
        entryCriteria: referrals.map((referral) => ({ on: on(referral, 'fault') })),
      });
      const check = s.timerEventListener('30-day check-in', { timerExpression: 'P30D' });
      s.humanTask('Check services are in place', { performer: cm, entryCriteria: [{ on: on(check, 'occur') }] });
    },
  );
  closing(plan, implementation, { evaluator: cm, withdrawAuthorized: [cm] });
  void c;
  return m.build();
}

/**
 * Clinical: the case manager is a clinician who also provides care. A physician signs the care
 * plan off; clinical reviews every two weeks; a deterioration calls for an urgent physician review.
 */
export function clinical() {
  const m = createModel({ name: 'Clinical case management', targetNamespace: NAMESPACE });
  const decision = m.decision('Clinical risk', { id: 'clinical-risk', externalRef: 'clinical-risk' });
  const specialist = m.process('Specialist referral', { id: 'referral-specialist', externalRef: 'referral.specialist' });
  const { plan, role, intake } = skeleton(m, {
    id: 'care_clinical',
    name: 'Clinical case management',
    documentation: 'A nurse case manager coordinates and provides care for a medically complex patient, with a physician.',
    decision,
    riskInputs: ['chronicConditions', 'admissionsLastYear', 'polypharmacy'],
    riskOutputs: ['riskLevel', 'medicationReview'],
    screener: 'nurse case manager',
    assessor: 'nurse case manager',
    assessment: 'Clinical assessment',
  });
  const nurse = role('nurse case manager');
  const physician = role('physician');
  const planning = plan.stage('Care planning', { autoComplete: true, entryCriteria: [{ on: on(intake, 'complete') }] }, (s) => {
    const draft = s.humanTask('Draft care plan', { performer: nurse, documentation: 'Clinical goals (case file item "goals"), interventions and who provides them.' });
    const signOff = s.humanTask('Physician sign-off', { performer: physician, entryCriteria: [{ on: on(draft, 'complete') }] });
    s.milestone('Care plan signed off', { entryCriteria: [{ on: on(signOff, 'complete') }] });
  });
  const implementation = plan.stage(
    'Implementation',
    { autoComplete: true, itemControl: { requiredRule: true }, entryCriteria: [{ on: on(planning, 'complete') }] },
    (s) => {
      s.humanTask('Deliver nursing care', {
        performer: nurse,
        documentation: 'The case manager provides care herself: monitoring, treatment adjustments within protocol, coaching.',
        itemControl: { requiredRule: true },
      });
      // Each intervention names who may plan it: nursing work the nurse, the referral the physician.
      s.planningTable({}, (t) => {
        const medication = t.applicabilityRule('medication review advised', { condition: '${medicationReview}' });
        const high = t.applicabilityRule('high risk', { condition: "${riskLevel == 'high'}" });
        t.humanTask('Medication reconciliation', { performer: nurse, applicabilityRules: [medication], authorizedRoles: [nurse, physician] });
        t.humanTask('Self-management education', { performer: nurse, authorizedRoles: [nurse] });
        t.processTask('Refer to specialist', { process: specialist, applicabilityRules: [high], authorizedRoles: [physician] });
      });
      const review = s.timerEventListener('Fortnightly review', { timerExpression: 'R/P14D' });
      s.humanTask('Clinical review visit', { performer: nurse, itemControl: { repetitionRule: true }, entryCriteria: [{ on: on(review, 'occur') }] });
      const deterioration = s.userEventListener('Clinical deterioration', { authorizedRoles: [nurse, physician] });
      s.humanTask('Urgent physician review', {
        performer: physician,
        documentation: 'Re-assess; set "riskLevel" to "high" when the patient now needs specialist care.',
        entryCriteria: [{ on: on(deterioration, 'occur') }],
      });
    },
  );
  closing(plan, implementation, { evaluator: nurse, withdrawAuthorized: [nurse] });
  return m.build();
}

/**
 * Strengths-based: the client sets her own goals (the client is a case role), the plan is written
 * once the goals are in the case file, activities are chosen by the client or the case manager,
 * and every change of the goals brings a plan update. Goal reviews every two weeks.
 */
export function strengthsBased() {
  const m = createModel({ name: 'Strengths-based case management', targetNamespace: NAMESPACE });
  const decision = m.decision('Strengths-based risk', { id: 'strengths-risk', externalRef: 'strengths-risk' });
  const employment = m.process('Supported employment referral', { id: 'referral-employment', externalRef: 'referral.employment' });
  const housing = m.process('Housing support referral', { id: 'referral-housing', externalRef: 'referral.housing' });
  const { plan, role, intake, files } = skeleton(m, {
    id: 'care_strengths_based',
    name: 'Strengths-based case management',
    documentation: "Goals built on the client's own strengths and choices; the case manager supports, the client decides.",
    decision,
    riskInputs: ['housingStable', 'substanceUse', 'wellbeing'],
    riskOutputs: ['riskLevel', 'safetyPlanNeeded'],
    screener: 'case manager',
    assessor: 'case manager',
    assessment: 'Strengths assessment',
  });
  const cm = role('case manager');
  const client = role('client');
  const planning = plan.stage('Care planning', { autoComplete: true, entryCriteria: [{ on: on(intake, 'complete') }] }, (s) => {
    s.humanTask('Client sets goals', { performer: client, documentation: 'The client writes her goals, in her words, into the case file item "goals".' });
    const write = s.humanTask('Write personal plan', {
      performer: cm,
      documentation: 'Entered as soon as the goals are in the case file.',
      entryCriteria: [{ on: on(files.goals, 'create') }],
    });
    s.humanTask('Safety plan', {
      performer: cm,
      itemControl: { requiredRule: '${safetyPlanNeeded}', manualActivationRule: true },
    });
    s.milestone('Personal plan agreed', { entryCriteria: [{ on: on(write, 'complete') }] });
  });
  const implementation = plan.stage(
    'Implementation',
    { autoComplete: true, itemControl: { requiredRule: true }, entryCriteria: [{ on: on(planning, 'complete') }] },
    (s) => {
      s.humanTask('Work towards goals', { performer: client, itemControl: { requiredRule: true } });
      s.planningTable({ authorizedRoles: [client, cm] }, (t) => {
        const unstable = t.applicabilityRule('housing not stable', { condition: '${!housingStable}' });
        t.humanTask('Peer support group');
        t.humanTask('Community activity');
        t.processTask('Refer to supported employment', { process: employment });
        t.processTask('Refer to housing support', { process: housing, applicabilityRules: [unstable] });
      });
      const review = s.timerEventListener('Goal review', { timerExpression: 'R/P14D' });
      s.humanTask('Review goals with client', { performer: cm, itemControl: { repetitionRule: true }, entryCriteria: [{ on: on(review, 'occur') }] });
      s.humanTask('Update personal plan', {
        performer: cm,
        documentation: 'The client changed her goals: the plan follows them.',
        itemControl: { repetitionRule: true },
        entryCriteria: [{ on: on(files.goals, 'update') }],
      });
    },
  );
  closing(plan, implementation, { evaluator: cm, withdrawAuthorized: [cm, client] });
  return m.build();
}

/**
 * Intensive: small caseloads, frequent contact, for the most complex needs. Eligibility is part of
 * the risk decision: a client who is not eligible is transferred to standard care. A team plan
 * (case manager and psychiatrist), weekly contact, crisis response, outreach at the team's
 * discretion.
 */
export function intensive() {
  const m = createModel({ name: 'Intensive case management', targetNamespace: NAMESPACE });
  const decision = m.decision('Intensive eligibility', { id: 'intensive-eligibility', externalRef: 'intensive-eligibility' });
  const housing = m.process('Housing first referral', { id: 'referral-housing-first', externalRef: 'referral.housing-first' });
  const { plan, role, intake } = skeleton(m, {
    id: 'care_intensive',
    name: 'Intensive case management',
    documentation: 'Small caseloads and frequent contact for people with the most complex needs; a multidisciplinary team.',
    decision,
    riskInputs: ['admissionsLastYear', 'housingStatus', 'severeMentalIllness'],
    riskOutputs: ['riskLevel', 'eligible'],
    screener: 'case manager',
    assessor: 'case manager',
    assessment: 'Comprehensive assessment',
  });
  const cm = role('case manager');
  const psychiatrist = role('psychiatrist');
  const transfer = plan.humanTask('Transfer to standard care', {
    performer: cm,
    documentation: 'The risk evaluation found the client not eligible for intensive case management.',
    entryCriteria: [{ on: on(intake, 'complete'), if: '${!eligible}' }],
  });
  const planning = plan.stage('Care planning', { autoComplete: true, entryCriteria: [{ on: on(intake, 'complete'), if: '${eligible}' }] }, (s) => {
    const team = s.humanTask('Team care plan', { performer: cm });
    const psych = s.humanTask('Psychiatric review', { performer: psychiatrist });
    s.milestone('Team plan agreed', { entryCriteria: [{ on: [on(team, 'complete'), on(psych, 'complete')] }] });
  });
  const implementation = plan.stage(
    'Implementation',
    { autoComplete: true, itemControl: { requiredRule: true }, entryCriteria: [{ on: on(planning, 'complete') }] },
    (s) => {
      s.humanTask('Coordinate team care', { performer: cm, itemControl: { requiredRule: true } });
      const weekly = s.timerEventListener('Weekly contact', { timerExpression: 'R/P7D' });
      s.humanTask('Contact visit', { performer: cm, itemControl: { repetitionRule: true }, entryCriteria: [{ on: on(weekly, 'occur') }] });
      const crisis = s.userEventListener('Crisis reported', { authorizedRoles: [cm, psychiatrist] });
      s.humanTask('Crisis response', { performer: cm, entryCriteria: [{ on: on(crisis, 'occur') }] });
      s.planningTable({ authorizedRoles: [cm, psychiatrist] }, (t) => {
        const homeless = t.applicabilityRule('not stably housed', { condition: "${housingStatus != 'stable'}" });
        t.processTask('Refer to housing first', { process: housing, applicabilityRules: [homeless] });
        t.humanTask('Medication delivery', { performer: cm });
        t.humanTask('Family meeting', { performer: cm });
        t.humanTask('Medication adjustment', { performer: psychiatrist, authorizedRoles: [psychiatrist] });
      });
    },
  );
  closing(plan, implementation, { evaluator: cm, withdrawAuthorized: [cm] });
  plan.addExitCriterion({ on: on(transfer, 'complete') });
  return m.build();
}

/** Every template by file name. */
export const TEMPLATES = {
  brokerage,
  clinical,
  'strengths-based': strengthsBased,
  intensive,
};
