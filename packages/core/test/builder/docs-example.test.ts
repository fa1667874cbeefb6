/** The examples of docs/builder.md, verbatim: they compile, build without problems and round-trip. */
import { expect, it } from 'vitest';
import { buildCase, createModel, on } from '../../src/builder/index.js';
import { toCmmnXml } from '../../src/export/to-cmmn-xml.js';
import { NS } from '../../src/model/namespaces.js';
import { parseCmmn } from '../../src/parse/parse-cmmn.js';

it('the insurance claim of docs/builder.md', () => {
  const m = createModel({ targetNamespace: 'https://example.com/claims' });
  const payout = m.process('Pay out', { externalRef: 'payout-process', inputs: ['amount'] });

  const claim = m.case('Insurance claim', { id: 'claim' });
  const claimFile = claim.caseFileItem('claim', { multiplicity: 'ExactlyOne' });
  const adjuster = claim.role('Adjuster');
  const customer = claim.role('Customer');
  const plan = claim.plan; // the case plan model

  const register = plan.humanTask('Register claim', { performer: adjuster });
  const assessment = plan.stage(
    'Assessment',
    {
      autoComplete: true,
      itemControl: { requiredRule: true },
      entryCriteria: [{ on: on(register, 'complete') }],
    },
    (s) => {
      const inspect = s.humanTask('Inspect damage', { itemControl: { manualActivationRule: '${claim.amount > 5000}' } });
      s.humanTask('Write assessment', { entryCriteria: [{ on: on(inspect, 'complete') }] });
      s.planningTable({ authorizedRoles: [adjuster] }, (table) => {
        const highValue = table.applicabilityRule('high value', { condition: '${claim.amount > 10000}', context: claimFile });
        table.humanTask('Expert opinion', { applicabilityRules: [highValue] });
      });
    },
  );
  const deadline = plan.timerEventListener('Assessment deadline', {
    timerExpression: 'P14D',
    timerStart: on(assessment, 'start'),
  });
  const timeout = assessment.addExitCriterion({ on: on(deadline, 'occur') }); // a forward reference
  const approved = plan.milestone('Claim approved', {
    entryCriteria: [{ on: on(assessment, 'complete'), if: '${claim.approved}' }],
  });
  plan.processTask('Pay out', { process: payout, entryCriteria: [{ on: on(approved, 'occur'), triggerMode: 'onEvent' }] });
  plan.humanTask('Escalate', { entryCriteria: [{ on: on(assessment, 'exit', { exitCriterion: timeout }) }] });
  plan.addExitCriterion({ on: on(plan.userEventListener('Withdrawn', { authorizedRoles: [customer] }), 'occur') });

  const model = m.build();
  expect(model.problems).toEqual([]);
  expect(parseCmmn(toCmmnXml(model)).definitions).toEqual(model.definitions);

  const followUp = buildCase('Follow-up', { id: 'followup' }, (c) => {
    const weekly = c.plan.timerEventListener('Weekly', { timerExpression: 'R3/P7D' });
    c.plan.humanTask('Follow-up call', { itemControl: { repetitionRule: true }, entryCriteria: [{ on: on(weekly, 'occur') }] });
  });
  expect(followUp.problems).toEqual([]);

  const review = buildCase('Ext', (c) => {
    c.plan.humanTask('Review', {
      id: 'review',
      definition: { id: 'reviewTask', extensionAttributes: [{ namespace: NS.flowable, local: 'formKey', value: 'review' }] },
    });
  });
  expect(review.elementById('reviewTask')?.extensionAttributes[0]).toMatchObject({ prefix: 'flowable', value: 'review' });
});
