// An internal audit with findings and follow-up (repetition), authored with the casekit builder.
// `node --import ./examples/register.mjs examples/dossiers/generate.mjs` writes internal-audit.cmmn.
import { createModel, on } from '@casekit/core';

export function internalAudit() {
  const m = createModel({ name: 'Internal audit', targetNamespace: 'https://casekit.dev/examples/dossiers/internal-audit' });
  const publish = m.process('Report publication', { id: 'docs-publish-report', externalRef: 'docs.publish-report' });
  const table = m.decision('Finding severity', { id: 'finding-severity', externalRef: 'finding-severity' });

  const c = m.case('Internal audit', {
    id: 'internal_audit',
    documentation: 'An audit engagement: planning, fieldwork in which each finding is recorded, rated and answered with an action plan, the report, and monthly follow-up until every action is verified.',
    plan: { name: 'Internal audit', autoComplete: true },
  });
  c.caseFileItem('engagement', { multiplicity: 'ExactlyOne' });
  for (const name of ['finding', 'likelihood', 'impact', 'severity', 'actionPlan', 'report', 'remediation']) {
    c.caseFileItem(name, { multiplicity: 'ZeroOrOne' });
  }
  const lead = c.role('lead auditor');
  const auditor = c.role('auditor');
  const auditee = c.role('auditee');
  const committee = c.role('audit committee');
  const plan = c.plan;

  const planning = plan.humanTask('Plan engagement', { performer: lead });
  const fieldwork = plan.stage('Fieldwork', { autoComplete: true, entryCriteria: [{ on: on(planning, 'complete') }] }, (s) => {
    s.humanTask('Test controls', { performer: auditor, itemControl: { requiredRule: true } });
    // One instance per finding: the auditor starts one whenever she has a finding to record; each
    // completion leaves a fresh one Enabled for the next.
    const record = s.humanTask('Record finding', {
      performer: auditor,
      documentation: 'Writes "finding", "likelihood" (rare, possible, likely) and "impact" (minor, moderate, major).',
      itemControl: { repetitionRule: true, manualActivationRule: true },
    });
    const rate = s.decisionTask('Rate finding', { decision: table, itemControl: { repetitionRule: true }, entryCriteria: [{ on: on(record, 'complete') }] });
    s.humanTask('Agree action plan', {
      performer: auditee,
      documentation: 'The auditee answers the finding with actions, owners and dates ("actionPlan").',
      itemControl: { repetitionRule: true },
      entryCriteria: [{ on: on(rate, 'complete') }],
    });
    s.humanTask('Escalate to audit committee', {
      performer: committee,
      itemControl: { repetitionRule: true },
      entryCriteria: [{ on: on(rate, 'complete'), if: "${severity == 'critical'}" }],
    });
  });
  const reporting = plan.stage('Reporting', { autoComplete: true, entryCriteria: [{ on: on(fieldwork, 'complete') }] }, (s) => {
    const draft = s.humanTask('Draft audit report', { performer: lead });
    const respond = s.humanTask('Management response', { performer: auditee, entryCriteria: [{ on: on(draft, 'complete') }] });
    s.processTask('Publish report', { process: publish, entryCriteria: [{ on: on(respond, 'complete') }] });
  });
  const issued = plan.milestone('Report issued', { entryCriteria: [{ on: on(reporting, 'complete') }] });
  plan.stage('Follow-up', { autoComplete: true, entryCriteria: [{ on: on(issued, 'occur') }] }, (s) => {
    const monthly = s.timerEventListener('Monthly follow-up', { timerExpression: 'R/P30D' });
    s.humanTask('Verify remediation', { performer: auditor, itemControl: { repetitionRule: true }, entryCriteria: [{ on: on(monthly, 'occur') }] });
    s.humanTask('Close engagement', {
      performer: lead,
      documentation: 'Every action verified: close the engagement (the follow-up reviews stop).',
      itemControl: { requiredRule: true },
    });
  });
  const cancelled = plan.userEventListener('Engagement cancelled', { authorizedRoles: [committee] });
  plan.addExitCriterion({ on: on(cancelled, 'occur') });
  return m.build();
}
