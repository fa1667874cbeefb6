// An insurance claim with expert report and site visit as discretionary work and a sentry waiting
// for the expert report, authored with the casekit builder.
// `node --import ./examples/register.mjs examples/dossiers/generate.mjs` writes insurance-claim.cmmn.
import { createModel, on } from '@casekit/core';

export function insuranceClaim() {
  const m = createModel({ name: 'Insurance claim', targetNamespace: 'https://casekit.dev/examples/dossiers/insurance-claim' });
  const coverage = m.process('Coverage check', { id: 'policy-check-coverage', externalRef: 'policy.check-coverage' });
  const expert = m.process('Expert report request', { id: 'experts-commission-report', externalRef: 'experts.commission-report' });
  const payment = m.process('Claim payment', { id: 'payments-pay-claim', externalRef: 'payments.pay-claim' });
  const table = m.decision('Claim triage', { id: 'claim-triage', externalRef: 'claim-triage' });

  const c = m.case('Insurance claim', {
    id: 'insurance_claim',
    documentation: 'A property claim: coverage, triage, assessment with an expert report and a site visit where the handler decides so, settlement with an approval above the handler\'s authority, payment.',
    plan: { name: 'Insurance claim', autoComplete: true },
  });
  // The expert report is a document (CMMN 1.1 §5.3.2.1): its metadata and versions are in the case
  // file, its content in the engine's blob store (docs/documents.md).
  const document = m.caseFileItemDefinition('Document', { id: 'cmis-document', definitionType: 'http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument' });
  c.caseFileItem('claim', { multiplicity: 'ExactlyOne' });
  const files = {};
  for (const name of ['policy', 'claimType', 'claimedAmount', 'priorClaims', 'coverageConfirmed', 'route', 'expertRequired', 'siteVisitAdvised', 'siteVisitReport', 'expertReport', 'settlement', 'payment']) {
    files[name] = c.caseFileItem(name, { multiplicity: 'ZeroOrOne', ...(name === 'expertReport' ? { definition: document } : {}) });
  }
  const handler = c.role('claims handler');
  const adjuster = c.role('loss adjuster');
  const manager = c.role('claims manager');
  const plan = c.plan;

  const register = plan.humanTask('Register claim', { performer: handler });
  const check = plan.processTask('Check coverage', { process: coverage, entryCriteria: [{ on: on(register, 'complete') }] });
  const triage = plan.decisionTask('Triage claim', { decision: table, entryCriteria: [{ on: on(check, 'complete'), if: '${coverageConfirmed}' }] });
  plan.humanTask('Decline claim', {
    performer: handler,
    documentation: 'The policy does not cover the loss: write to the policyholder with the reasons.',
    entryCriteria: [{ on: on(check, 'complete'), if: '${!coverageConfirmed}' }],
  });
  const assessment = plan.stage('Assessment', { autoComplete: true, entryCriteria: [{ on: on(triage, 'complete') }] }, (s) => {
    s.humanTask('Assess damage', { performer: handler, itemControl: { requiredRule: true } });
    s.planningTable({}, (t) => {
      const notFastTrack = t.applicabilityRule('not fast-track', { condition: "${route != 'fast-track'}" });
      const visitAdvised = t.applicabilityRule('site visit advised', { condition: '${siteVisitAdvised}' });
      const suspicious = t.applicabilityRule('investigate', { condition: "${route == 'investigate'}" });
      t.processTask('Commission expert report', { process: expert, authorizedRoles: [handler, manager], applicabilityRules: [notFastTrack] });
      t.humanTask('Site visit', { performer: adjuster, authorizedRoles: [handler, manager], applicabilityRules: [visitAdvised] });
      t.humanTask('Refer to special investigations', { performer: manager, authorizedRoles: [manager], applicabilityRules: [suspicious] });
    });
    // The sentry waiting for the expert report: entered when the case file item "expertReport" is
    // created — when the expert's PDF is attached (engine.attachDocument), or set as data.
    s.humanTask('Review expert report', {
      performer: handler,
      itemControl: { requiredRule: '${expertRequired}' },
      entryCriteria: [{ on: on(files.expertReport, 'create') }],
    });
  });
  const decide = plan.humanTask('Decide settlement', {
    performer: handler,
    documentation: 'Records "settlement": { "amount": …, "basis": … }; above 5,000 a claims manager approves.',
    entryCriteria: [{ on: on(assessment, 'complete') }],
  });
  const approve = plan.humanTask('Approve settlement', { performer: manager, entryCriteria: [{ on: on(decide, 'complete'), if: '${settlement.amount > 5000}' }] });
  const pay = plan.processTask('Pay claim', {
    process: payment,
    entryCriteria: [
      { on: on(decide, 'complete'), if: '${settlement.amount <= 5000}' },
      { on: on(approve, 'complete') },
    ],
  });
  plan.milestone('Claim settled', { entryCriteria: [{ on: on(pay, 'complete') }] });
  const withdrawn = plan.userEventListener('Claim withdrawn', { authorizedRoles: [handler] });
  plan.addExitCriterion({ on: on(withdrawn, 'occur') });
  return m.build();
}
