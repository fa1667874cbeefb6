/**
 * Parameter mappings (CMMN 1.1 §5.4.10, cmmn-semantics §10): handlers, decisions and child cases
 * receive exactly the mapped values, and the mapped outputs come back into the case file; a task
 * without mappings keeps the default (the whole case file in, outputs by name).
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock, createEngine, type TaskContext } from '@casekit/core';
import { definitions } from '../cmmn-text.js';

const FILE = `
  <caseFileModel id="CFM">
    <caseFileItem id="CFI_claim" name="claim" definitionRef="D_obj"/>
    <caseFileItem id="CFI_payment" name="payment" definitionRef="D_obj"/>
    <caseFileItem id="CFI_secret" name="secret" definitionRef="D_obj"/>
  </caseFileModel>`;

const PROCESS_MODEL = definitions(`
  <caseFileItemDefinition id="D_obj" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/Unspecified"/>
  <case id="Case_1" name="Claim">
    ${FILE}
    <casePlanModel id="Plan" name="Plan">
      <planItem id="PI_pay" name="Pay out" definitionRef="PT_pay"/>
      <processTask id="PT_pay" name="Pay out" processRef="P_pay">
        <input id="in_claim" name="claim" bindingRef="CFI_claim"/>
        <output id="out_payment" name="payment" bindingRef="CFI_payment"/>
        <parameterMapping id="PM_in" sourceRef="in_claim" targetRef="P_amount"><transformation>\${value.amount * 100}</transformation></parameterMapping>
        <parameterMapping id="PM_out" sourceRef="P_reference" targetRef="out_payment"/>
      </processTask>
    </casePlanModel>
  </case>
  <process id="P_pay" name="pay">
    <input id="P_amount" name="amountInCents"/>
    <output id="P_reference" name="reference"/>
  </process>`);

describe('parameter mappings', () => {
  it('a process task handler receives exactly the mapped inputs and its mapped output reaches the case file', async () => {
    const seen: TaskContext[] = [];
    const engine = createEngine({
      authorization: 'none',
      clock: new VirtualClock(),
      handlers: {
        pay: (context) => {
          seen.push(context);
          return { reference: `PAY-${String(context.inputs['amountInCents'])}`, ignored: true };
        },
      },
    });
    engine.deploy(PROCESS_MODEL);
    const started = await engine.startCase({ caseFile: { claim: { amount: 12 }, secret: 'do not pass' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.inputs).toEqual({ amountInCents: 1200 });
    expect(typeof seen[0]!.effectId).toBe('string');
    const state = await engine.getState(started.id);
    expect(state.caseFile['payment']).toBe('PAY-1200');
    expect(state.caseFile).not.toHaveProperty('ignored');
    expect(started.items.find((i) => i.name === 'Pay out')?.state).toBe('Completed');
  });

  it('a case task passes the mapped values to its child and takes the mapped outputs back when the child completes', async () => {
    const model = definitions(`
      <caseFileItemDefinition id="D_obj" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/Unspecified"/>
      <case id="Parent" name="Parent">
        ${FILE}
        <casePlanModel id="PPlan" name="Parent plan">
          <planItem id="PI_c" name="Assess" definitionRef="CT"/>
          <caseTask id="CT" name="Assess" caseRef="Child">
            <input id="in_claim" name="claim" bindingRef="CFI_claim"/>
            <output id="out_payment" name="payment" bindingRef="CFI_payment"/>
            <parameterMapping id="PM_in" sourceRef="in_claim" targetRef="C_in"/>
            <parameterMapping id="PM_out" sourceRef="C_out" targetRef="out_payment"/>
          </caseTask>
        </casePlanModel>
      </case>
      <case id="Child" name="Child">
        <caseFileModel id="CCFM">
          <caseFileItem id="CCFI_subject" name="subject" definitionRef="D_obj"/>
          <caseFileItem id="CCFI_verdict" name="verdict" definitionRef="D_obj"/>
        </caseFileModel>
        <casePlanModel id="CPlan" name="Child plan">
          <planItem id="PI_w" name="Decide" definitionRef="HT_w"/>
          <humanTask id="HT_w" name="Decide"/>
        </casePlanModel>
        <input id="C_in" name="subject" bindingRef="CCFI_subject"/>
        <output id="C_out" name="verdict" bindingRef="CCFI_verdict"/>
      </case>`);
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock() });
    engine.deploy(model);
    const parent = await engine.startCase({ caseDefinition: 'Parent', caseFile: { claim: { amount: 5 }, secret: 's' } });
    const childId = parent.items.find((i) => i.name === 'Assess')!.childCase!;
    expect((await engine.getState(childId)).caseFile).toEqual({ subject: { amount: 5 } });
    await engine.complete(childId, 'Decide', { output: { verdict: 'covered' } });
    const after = await engine.getCase(parent.id);
    expect(after.caseFile['payment']).toBe('covered');
    expect(after.items.find((i) => i.name === 'Assess')?.state).toBe('Completed');
  });

  it('without mappings the handler sees the whole case file and outputs are written by name', async () => {
    const model = definitions(`
      <case id="Case_1"><casePlanModel id="Plan" name="Plan">
        <planItem id="PI_t" name="Work" definitionRef="T"/>
        <task id="T" name="Work"/>
      </casePlanModel></case>`);
    let inputs: unknown;
    const engine = createEngine({ authorization: 'none', handlers: { Work: (context) => ((inputs = context.inputs), { done: true }) } });
    engine.deploy(model);
    const { id } = await engine.startCase({ caseFile: { a: 1 } });
    expect(inputs).toEqual({ a: 1 });
    expect((await engine.getState(id)).caseFile).toEqual({ a: 1, done: true });
  });
});
