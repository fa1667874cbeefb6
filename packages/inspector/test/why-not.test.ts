/** Why an item is not Active: criteria, on-parts and if-parts from the model, snapshot and history. */
import { describe, expect, it } from 'vitest';
import { createEngine, parseCmmn, VirtualClock } from '@casekit/core';
import { whyNotActive } from '@casekit/inspector';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="w" targetNamespace="urn:w">
  <case id="why" name="Why">
    <caseFileModel><caseFileItem id="cfi_amount" name="amount"/></caseFileModel>
    <casePlanModel id="cpm" name="Why">
      <planItem id="pi_a" name="A" definitionRef="a"/>
      <planItem id="pi_b" name="B" definitionRef="b"><entryCriterion id="ec_b" sentryRef="s_b"/></planItem>
      <planItem id="pi_c" name="C" definitionRef="c"><itemControl><manualActivationRule/></itemControl></planItem>
      <planItem id="pi_s" name="S" definitionRef="s"><entryCriterion id="ec_s" sentryRef="s_s"/></planItem>
      <sentry id="s_b">
        <planItemOnPart id="op_b" sourceRef="pi_a"><standardEvent>complete</standardEvent></planItemOnPart>
        <ifPart><condition>\${amount &gt; 100}</condition></ifPart>
      </sentry>
      <sentry id="s_s"><caseFileItemOnPart id="op_s" sourceRef="cfi_amount"><standardEvent>update</standardEvent></caseFileItemOnPart></sentry>
      <humanTask id="a" name="A"/><humanTask id="b" name="B"/><humanTask id="c" name="C"/>
      <stage id="s" name="S"><planItem id="pi_inner" name="Inner" definitionRef="inner"/><humanTask id="inner" name="Inner"/></stage>
    </casePlanModel>
  </case>
</definitions>`;

const user = { id: 'tess', roles: ['clerk'] };

async function setUp() {
  const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z'), ...{ authorization: { trustUserRoles: true } } });
  const model = parseCmmn(XML);
  engine.deploy(model);
  const { id } = await engine.startCase({ caseFile: { amount: 50 }, user });
  const why = async () => {
    const snapshot = await engine.getCase(id);
    const all = whyNotActive(model, snapshot, await engine.history(id), engine.clock.now());
    return (itemId: string) => all.get(snapshot.items.find((i) => i.itemId === itemId)!.instanceId);
  };
  return { engine, id, why };
}

describe('whyNotActive', () => {
  it('names the unsatisfied on-parts and the if-part with its value', async () => {
    const { engine, id, why } = await setUp();
    let of = await why();
    expect(of('pi_a')).toBeUndefined(); // Active
    const b = of('pi_b')!;
    expect(b.reason).toBe('waits for its entry criterion: none is satisfied yet');
    expect(b.criteria).toEqual([
      {
        criterionId: 'ec_b',
        kind: 'entry',
        name: undefined,
        onParts: [{ sourceId: 'pi_a', sourceName: 'A', event: 'complete', occurred: false }],
        ifPart: { condition: '${amount > 100}', value: false },
        satisfied: false,
      },
    ]);
    expect(of('pi_c')!.reason).toBe('waits for a user to start it (manual activation)');
    expect(of('pi_s')!.criteria[0]!.onParts).toEqual([{ sourceId: 'cfi_amount', sourceName: 'amount', event: 'update', occurred: false }]);

    await engine.complete(id, 'A', { user });
    of = await why();
    expect(of('pi_b')!.criteria[0]!.onParts[0]!.occurred).toBe(true);
    expect(of('pi_b')!.criteria[0]!.ifPart).toEqual({ condition: '${amount > 100}', value: false });
    expect(of('pi_b')!.criteria[0]!.satisfied).toBe(false);
  });

  it('explains items that ended, and items whose stage is not Active', async () => {
    const { engine, id, why } = await setUp();
    await engine.complete(id, 'A', { user });
    let of = await why();
    expect(of('pi_a')!.reason).toBe('completed');
    await engine.setCaseFile(id, { amount: 500 }, { user });
    of = await why();
    expect(of('pi_b')).toBeUndefined(); // entered: Active
    expect(of('pi_s')).toBeUndefined();
    await engine.disable(id, 'C', { user });
    expect((await why())('pi_c')!.reason).toBe('a user disabled it; it may be re-enabled');
  });
});
