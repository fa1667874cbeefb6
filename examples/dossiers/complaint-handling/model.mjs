// Complaint handling with a legal response deadline, authored with the casekit builder.
// `node --import ./examples/register.mjs examples/dossiers/generate.mjs` writes complaint-handling.cmmn.
import { createModel, on } from '@casekit/core';

export function complaintHandling() {
  const m = createModel({ name: 'Complaint handling', targetNamespace: 'https://casekit.dev/examples/dossiers/complaint-handling' });
  const acknowledge = m.process('Acknowledgement letter', { id: 'mail-acknowledge', externalRef: 'mail.acknowledge' });
  const finalLetter = m.process('Final response letter', { id: 'mail-final-response', externalRef: 'mail.final-response' });
  const goodwill = m.process('Goodwill payment', { id: 'payments-goodwill', externalRef: 'payments.goodwill' });
  const triageTable = m.decision('Complaint triage', { id: 'complaint-triage', externalRef: 'complaint-triage' });

  const c = m.case('Complaint handling', {
    id: 'complaint_handling',
    documentation: 'A customer complaint: registered, triaged, acknowledged, investigated and answered; the final response is due eight weeks after receipt.',
    plan: { name: 'Complaint handling', autoComplete: true },
  });
  c.caseFileItem('complaint', { multiplicity: 'ExactlyOne' });
  for (const name of ['channel', 'amount', 'vulnerableCustomer', 'priority', 'legalReview', 'findings', 'response', 'redress']) {
    c.caseFileItem(name, { multiplicity: 'ZeroOrOne' });
  }
  const handler = c.role('complaints handler');
  const lead = c.role('team lead');
  const legal = c.role('legal counsel');
  const plan = c.plan;

  const register = plan.humanTask('Register complaint', { performer: handler });
  const triage = plan.decisionTask('Triage', { decision: triageTable, entryCriteria: [{ on: on(register, 'complete') }] });
  plan.processTask('Send acknowledgement', { process: acknowledge, entryCriteria: [{ on: on(triage, 'complete') }] });
  const investigation = plan.stage('Investigation', { autoComplete: true, entryCriteria: [{ on: on(triage, 'complete') }] }, (s) => {
    s.humanTask('Investigate', { performer: handler, itemControl: { requiredRule: true } });
    s.planningTable({}, (t) => {
      const needsLegal = t.applicabilityRule('legal review advised', { condition: '${legalReview}' });
      const small = t.applicabilityRule('within goodwill authority', { condition: '${amount <= 500}' });
      t.humanTask('Request information from customer', { performer: handler, authorizedRoles: [handler, lead] });
      t.humanTask('Legal review', { performer: legal, authorizedRoles: [handler, lead], applicabilityRules: [needsLegal] });
      t.processTask('Goodwill payment', { process: goodwill, authorizedRoles: [lead], applicabilityRules: [small] });
    });
  });
  const response = plan.stage('Final response', { autoComplete: true, entryCriteria: [{ on: on(investigation, 'complete') }] }, (s) => {
    const draft = s.humanTask('Draft final response', { performer: handler, documentation: 'Upheld or not, the redress offered, and the customer\'s right to refer the complaint to the ombudsman.' });
    const approve = s.humanTask('Approve final response', { performer: lead, entryCriteria: [{ on: on(draft, 'complete') }] });
    s.processTask('Send final response', { process: finalLetter, entryCriteria: [{ on: on(approve, 'complete') }] });
  });
  plan.milestone('Final response sent', { entryCriteria: [{ on: on(response, 'complete') }] });
  // The legal deadline: eight weeks from receipt (the case's start). If it passes first, the
  // customer gets a letter explaining the delay and her right to go to the ombudsman now, and the
  // team lead is told; the investigation goes on.
  const deadline = plan.timerEventListener('Response deadline', { timerExpression: 'P56D' });
  plan.humanTask('Send delay letter with ombudsman rights', { performer: handler, entryCriteria: [{ on: on(deadline, 'occur') }] });
  plan.humanTask('Review overdue complaint', { performer: lead, entryCriteria: [{ on: on(deadline, 'occur') }] });
  const reminder = plan.timerEventListener('Two weeks left', { timerExpression: 'P42D' });
  plan.humanTask('Prioritise before deadline', { performer: lead, entryCriteria: [{ on: on(reminder, 'occur') }] });
  const withdrawn = plan.userEventListener('Customer withdraws complaint', { authorizedRoles: [handler] });
  plan.addExitCriterion({ on: on(withdrawn, 'occur') });
  return m.build();
}
