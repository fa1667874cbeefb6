// Account opening with know-your-customer (KYC) checks, authored with the casekit builder.
// `node --import ./examples/register.mjs examples/dossiers/generate.mjs` writes account-opening.cmmn.
import { createModel, on } from '@casekit/core';

export function accountOpening() {
  const m = createModel({ name: 'Account opening', targetNamespace: 'https://casekit.dev/examples/dossiers/account-opening' });
  const verify = m.process('Identity verification', { id: 'kyc-verify-identity', externalRef: 'kyc.verify-identity' });
  const screen = m.process('Sanctions and PEP screening', { id: 'kyc-screen', externalRef: 'kyc.screen' });
  const open = m.process('Open account in core banking', { id: 'core-banking-open-account', externalRef: 'core-banking.open-account' });
  const kycRisk = m.decision('KYC risk', { id: 'kyc-risk', externalRef: 'kyc-risk' });

  const c = m.case('Account opening', {
    id: 'account_opening',
    documentation: 'A prospective customer applies for an account; identity, sanctions and PEP checks and a KYC risk rating decide the due diligence before the account is opened.',
    plan: { name: 'Account opening', autoComplete: true },
  });
  c.caseFileItem('applicant', { multiplicity: 'ExactlyOne' });
  c.caseFileItem('application', { multiplicity: 'ZeroOrOne' });
  c.caseFileItem('identity', { multiplicity: 'ZeroOrOne' });
  for (const name of ['customerType', 'countryRisk', 'expectedMonthlyVolume', 'pep', 'sanctionsHit', 'kycRisk', 'dueDiligence', 'eddOutcome', 'account']) {
    c.caseFileItem(name, { multiplicity: 'ZeroOrOne' });
  }
  const officer = c.role('onboarding officer');
  const compliance = c.role('compliance officer');
  const plan = c.plan;

  const collect = plan.humanTask('Collect application', { performer: officer });
  const kyc = plan.stage('Know your customer', { autoComplete: true, entryCriteria: [{ on: on(collect, 'complete') }] }, (s) => {
    const identity = s.processTask('Verify identity', { process: verify });
    const screening = s.processTask('Screen sanctions and PEP', { process: screen });
    const rating = s.decisionTask('KYC risk rating', { decision: kycRisk, entryCriteria: [{ on: [on(identity, 'complete'), on(screening, 'complete')] }] });
    s.humanTask('Enhanced due diligence', {
      performer: compliance,
      documentation: 'Source of wealth and funds, beneficial owners, senior management approval; records "eddOutcome": "accept" or "reject".',
      entryCriteria: [{ on: on(rating, 'complete'), if: "${dueDiligence == 'enhanced'}" }],
    });
    s.planningTable({}, (t) => {
      const enhanced = t.applicabilityRule('enhanced due diligence', { condition: "${dueDiligence == 'enhanced'}" });
      t.humanTask('Request additional documents', { performer: officer, authorizedRoles: [officer, compliance] });
      t.humanTask('Source of funds check', { performer: compliance, authorizedRoles: [compliance], applicabilityRules: [enhanced] });
    });
  });
  const cleared = plan.milestone('KYC cleared', {
    entryCriteria: [{ on: on(kyc, 'complete'), if: "${dueDiligence != 'reject' && eddOutcome != 'reject'}" }],
  });
  plan.processTask('Open account', { process: open, entryCriteria: [{ on: on(cleared, 'occur') }] });
  plan.humanTask('Reject application', {
    performer: compliance,
    documentation: 'Decline and record the reason; a sanctions hit is reported, never told to the applicant.',
    entryCriteria: [{ on: on(kyc, 'complete'), if: "${dueDiligence == 'reject' || eddOutcome == 'reject'}" }],
  });
  const withdraws = plan.userEventListener('Applicant withdraws', { authorizedRoles: [officer] });
  plan.addExitCriterion({ on: on(withdraws, 'occur') });
  return m.build();
}
