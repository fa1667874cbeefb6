// Credit granting with a decision table and a four-eyes approval, authored with the casekit builder.
// `node --import ./examples/register.mjs examples/dossiers/generate.mjs` writes credit-granting.cmmn.
//
// Four eyes: two approval tasks in sequence, performed by different roles (credit officer, then
// credit manager). That keeps two people in the loop as long as nobody holds both roles; a casekit
// attribute that also refuses the same user on both tasks is being added, and these two tasks are
// where it goes.
import { createModel, on } from '@casekit/core';

export function creditGranting() {
  const m = createModel({ name: 'Credit granting', targetNamespace: 'https://casekit.dev/examples/dossiers/credit-granting' });
  const bureau = m.process('Credit bureau report', { id: 'bureau-credit-report', externalRef: 'bureau.credit-report' });
  const contract = m.process('Contract issue', { id: 'contracts-issue', externalRef: 'contracts.issue' });
  const declineLetter = m.process('Decline letter', { id: 'mail-decline', externalRef: 'mail.decline' });
  const table = m.decision('Credit decision', { id: 'credit-decision', externalRef: 'credit-decision' });

  const c = m.case('Credit granting', {
    id: 'credit_granting',
    documentation: 'A credit application: bureau report, a decision table (approve, refer, decline and a limit), manual underwriting when referred, and two approvals by different roles before the contract.',
    plan: { name: 'Credit granting', autoComplete: true },
  });
  c.caseFileItem('application', { multiplicity: 'ExactlyOne' });
  // The applicant's payslips and statements: a folder of documents (CMMN 1.1 CMISFolder; docs/documents.md).
  const folder = m.caseFileItemDefinition('Folder', { id: 'cmis-folder', definitionType: 'http://www.omg.org/spec/CMMN/DefinitionType/CMISFolder' });
  c.caseFileItem('supportingDocuments', { multiplicity: 'ZeroOrOne', definition: folder });
  for (const name of ['requestedAmount', 'score', 'monthlyIncome', 'debtRatio', 'decision', 'limit', 'underwriting', 'firstApproval', 'secondApproval', 'contract']) {
    c.caseFileItem(name, { multiplicity: 'ZeroOrOne' });
  }
  const analyst = c.role('credit analyst');
  const officer = c.role('credit officer');
  const manager = c.role('credit manager');
  const plan = c.plan;

  const capture = plan.humanTask('Capture application', { performer: analyst });
  const report = plan.processTask('Obtain credit report', { process: bureau, entryCriteria: [{ on: on(capture, 'complete') }] });
  const decide = plan.decisionTask('Credit decision', { decision: table, entryCriteria: [{ on: on(report, 'complete') }] });
  const underwrite = plan.humanTask('Manual underwriting', {
    performer: analyst,
    documentation: 'A referred application: the analyst sets "decision" to "approve" or "decline" and, on approval, the "limit".',
    entryCriteria: [{ on: on(decide, 'complete'), if: "${decision == 'refer'}" }],
  });
  const approved = "${decision == 'approve'}";
  const first = plan.humanTask('First approval', {
    performer: officer,
    documentation: 'Four eyes, first pair: records "firstApproval": { "approved": true | false, "by": … }.',
    entryCriteria: [
      { on: on(decide, 'complete'), if: approved },
      { on: on(underwrite, 'complete'), if: approved },
    ],
  });
  const second = plan.humanTask('Second approval', {
    performer: manager,
    documentation: 'Four eyes, second pair — another role, another person: records "secondApproval".',
    entryCriteria: [{ on: on(first, 'complete'), if: '${firstApproval.approved}' }],
  });
  const granted = plan.milestone('Credit approved', { entryCriteria: [{ on: on(second, 'complete'), if: '${secondApproval.approved}' }] });
  plan.processTask('Issue contract', { process: contract, entryCriteria: [{ on: on(granted, 'occur') }] });
  const declined = "${decision == 'decline'}";
  plan.processTask('Send decline letter', {
    process: declineLetter,
    entryCriteria: [
      { on: on(decide, 'complete'), if: declined },
      { on: on(underwrite, 'complete'), if: declined },
      { on: on(first, 'complete'), if: '${!firstApproval.approved}' },
      { on: on(second, 'complete'), if: '${!secondApproval.approved}' },
    ],
  });
  const withdrawn = plan.userEventListener('Applicant withdraws', { authorizedRoles: [analyst] });
  plan.addExitCriterion({ on: on(withdrawn, 'occur') });
  return m.build();
}
