/**
 * The outbox crash tests' worker side: a case whose approval owes a payment (a task handler), a
 * handler that writes each performed effect id to a log file (the side effect whose duplicates
 * the idempotency key makes visible), and the two things a worker does — start cases and approve
 * them, or drain the outbox.
 */
import { appendFileSync } from 'node:fs';
import { createEngine, type CaseEngine, type CaseStore, type TaskHandler } from '@casekit/core';

export const PAYMENT_MODEL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="payment_defs" targetNamespace="http://casekit.dev/payment">
  <case id="payment" name="Payment">
    <casePlanModel id="plan" name="Payment">
      <planItem id="pi_approve" name="Approve" definitionRef="t_approve"/>
      <planItem id="pi_pay" name="Pay out" definitionRef="t_pay"><entryCriterion id="ec_pay" sentryRef="s_pay"/></planItem>
      <sentry id="s_pay"><planItemOnPart id="op_pay" sourceRef="pi_approve"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
      <humanTask id="t_approve" name="Approve"/>
      <task id="t_pay" name="Pay out"/>
    </casePlanModel>
  </case>
</definitions>
`;

/** How a worker's handler behaves. */
export type PayBehaviour = 'pay' | 'pay-then-hang' | 'hang';

/** The payment handler: logs `effectId pid` (the work), reports the effect as owed, then returns or hangs for ever; `hang` reports and hangs before the work. */
export function payHandler(log: string, behaviour: PayBehaviour, onOwed: (effectId: string) => void): TaskHandler {
  return ({ effectId }) => {
    if (behaviour === 'hang') {
      onOwed(effectId);
      return new Promise(() => undefined);
    }
    appendFileSync(log, `${effectId} ${process.pid}\n`);
    onOwed(effectId);
    if (behaviour === 'pay-then-hang') return new Promise(() => undefined);
    return { paid: true };
  };
}

/** An engine of a worker: system clock, its own owner name, a short effect lease. */
export function paymentEngine(store: CaseStore, owner: string, handler: TaskHandler, leaseMs: number): CaseEngine {
  return createEngine({ store, owner, handlers: { 'Pay out': handler }, effectLeaseMs: leaseMs, timerLeaseMs: leaseMs, maxRetries: 200, authorization: 'none' });
}

/** Starts `ids` and approves each (the approval's save owes the payment). */
export async function startAndApprove(engine: CaseEngine, ids: readonly string[], approved: (caseId: string) => void): Promise<void> {
  for (const caseId of ids) {
    await engine.startCase({ caseId });
    const approval = engine.complete(caseId, 'Approve');
    approved(caseId);
    // A hanging handler keeps the command pending: the approval is saved when its step is, not when the handler ends.
    void approval.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Drains the outbox until every case's payment is done or `deadline` (ms, system clock) passes. */
export async function drain(engine: CaseEngine, store: CaseStore, ids: readonly string[], deadline: number): Promise<number> {
  let performed = 0;
  while (Date.now() < deadline) {
    performed += (await engine.runDueWork()).effects;
    let open = 0;
    for (const id of ids) {
      const stored = await store.load(id as never);
      const pay = stored === undefined ? undefined : (await engine.getCase(id)).items.find((i) => i.name === 'Pay out');
      if (pay?.state !== 'Completed') open++;
    }
    if (open === 0) return performed;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performed;
}
