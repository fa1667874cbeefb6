/**
 * A realistic model written with the builder: an insurance claim with a stage, sentries (plan
 * item, case file item and exit-criterion on-parts, if-parts with context), discretionary items
 * with applicability rules, a timer with a start trigger, a user event, item and default
 * controls, a case plan model exit criterion, a process and a decision task.
 */
import { NS } from '../../src/model/namespaces.js';
import { createModel, on, type BuildOptions } from '../../src/builder/index.js';

export function claimModelBuilder() {
  const m = createModel({ name: 'Claims', targetNamespace: 'https://example.com/claims', author: 'casekit tests' });
  const payout = m.process('Pay out', { externalRef: 'payout-process', inputs: ['amount'] });
  const fraud = m.decision('Fraud score', { externalRef: 'fraud.dmn', outputs: ['score'] });

  const c = m.case('Insurance claim', { id: 'claim', documentation: 'From first notice of loss to payout' });
  const claimFile = c.caseFileItem('claim', { multiplicity: 'ExactlyOne' });
  const photos = claimFile.addChild('photos', { multiplicity: 'ZeroOrMore' });
  c.caseFileItem('assessment', { multiplicity: 'ZeroOrOne' });
  const adjuster = c.role('Adjuster');
  const customer = c.role('Customer');
  const manager = c.role('Manager');
  c.input('claim', { binding: claimFile });
  const plan = c.plan;

  const register = plan.humanTask('Register claim', {
    performer: adjuster,
    inputs: [{ name: 'claim', binding: claimFile }],
    definition: {
      extensionAttributes: [{ namespace: NS.flowable, prefix: 'flowable', local: 'formKey', value: 'registerClaim' }],
    },
  });
  plan.decisionTask('Score fraud risk', {
    decision: fraud,
    entryCriteria: [{ on: on(register, 'complete') }],
  });

  const assessment = plan.stage(
    'Assessment',
    {
      autoComplete: true,
      itemControl: { requiredRule: true },
      entryCriteria: [{ on: on(register, 'complete') }],
    },
    (s) => {
      const inspect = s.humanTask('Inspect damage', {
        performer: adjuster,
        itemControl: { manualActivationRule: '${claim.amount > 5000}' },
      });
      s.humanTask('Write assessment', {
        performer: adjuster,
        defaultControl: { requiredRule: true },
        entryCriteria: [
          { on: on(inspect, 'complete') },
          { on: on(photos, 'create'), if: { condition: '${claim.amount <= 5000}', context: claimFile } },
        ],
      });
      s.planningTable({ authorizedRoles: [adjuster] }, (table) => {
        const highValue = table.applicabilityRule('high value', { condition: '${claim.amount > 10000}', context: claimFile });
        table.humanTask('Expert opinion', { performer: manager, applicabilityRules: [highValue], authorizedRoles: [manager] });
      });
    },
  );

  const deadline = plan.timerEventListener('Assessment deadline', {
    timerExpression: 'P14D',
    timerStart: on(assessment, 'start'),
  });
  const timeout = assessment.addExitCriterion({ name: 'deadline passed', sentry: { on: on(deadline, 'occur') } });
  const withdrawn = plan.userEventListener('Claim withdrawn', { authorizedRoles: [customer] });

  const approved = plan.milestone('Claim approved', {
    itemControl: { requiredRule: true },
    entryCriteria: [{ on: on(assessment, 'complete'), if: '${claim.approved}' }],
  });
  const pay = plan.processTask('Pay out', {
    process: payout,
    inputs: ['amount'],
    entryCriteria: [{ id: 'PayAfterApproval', sentry: { on: on(approved, 'occur'), triggerMode: 'onEvent' } }],
  });
  pay.addParameterMapping(pay.inputs[0]!, payout.inputs[0]!, { transformation: '${claim.amount}' });

  plan.humanTask(
    'Escalate overdue claim',
    {
      performer: manager,
      itemControl: { repetitionRule: { name: 'until resolved', condition: '${!claim.resolved}' } },
      entryCriteria: [{ on: on(assessment, 'exit', { exitCriterion: timeout }) }],
    },
    (table) => {
      table.humanTask('Request missing documents', { authorizedRoles: [manager] });
    },
  );
  plan.addExitCriterion({ on: on(withdrawn, 'occur') });
  plan.planningTable({}, (table) => {
    table.task('Notify customer', { isBlocking: false });
  });

  return {
    m,
    handles: {
      claimFile,
      photos,
      adjuster,
      customer,
      manager,
      register,
      assessment,
      deadline,
      timeout,
      withdrawn,
      approved,
      pay,
    },
  };
}

export function claimModel(options?: BuildOptions) {
  return claimModelBuilder().m.build(options);
}
