/** The live state of a running case drawn over its diagram. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { createEngine, parseCmmn, VirtualClock } from '@casekit/core';
import { caseFromHistory, renderSvg, STATE_STYLES } from '@casekit/render';

const CARE = readFileSync(new URL('../../../examples/care-coordination/care-coordination.cmmn', import.meta.url), 'utf8');
const nurse = { id: 'nina', roles: ['nurse'] };
const manager = { id: 'carlos', roles: ['case manager'] };
const physician = { id: 'dr-patel', roles: ['physician'] };

async function careCase() {
  let n = 0;
  // the roles given with each user count (the engine's authorization trusts the host)
  const engine = createEngine({ clock: new VirtualClock('2026-03-02T08:00:00Z'), idGenerator: () => `id-${++n}`, ...{ authorization: { trustUserRoles: true } } });
  const model = parseCmmn(CARE);
  engine.deploy(model, { key: 'care' });
  const { id } = await engine.startCase({ caseFile: { patient: { id: 'P-1' } } });
  const render = async (user = manager) =>
    renderSvg(model, { snapshot: await engine.getCase(id), history: await engine.history(id), applicable: await engine.applicableDiscretionaryItems(id, user) });
  return { engine, id, model, render };
}

/** The SVG of one item's group: from its `data-element` to the next element's. */
const group = (svg: string, id: string): string => {
  const at = svg.indexOf(`data-element="${id}"`);
  expect(at).toBeGreaterThan(0);
  const next = svg.indexOf(' data-element=', at + 1);
  return svg.slice(at, next === -1 ? undefined : next);
};

describe('renderSvg with a case snapshot', () => {
  it('draws each instance in its state, with a legend, and marks the criteria that fired', async () => {
    const { engine, id, render } = await careCase();
    let svg = await render();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('data-element="pi_screening" data-kind="HumanTask" data-state="Active" data-instances="1"');
    expect(svg).toContain('data-element="pi_planning" data-kind="Stage" data-state="Available"');
    expect(svg).toContain('class="ck-legend"');
    for (const state of Object.keys(STATE_STYLES)) expect(svg).toContain(`id="ck-state-${state}"`);
    expect(svg).toContain('data-kind="CasePlanModel" data-state="Active"');
    // items without an instance yet are drawn grey
    expect(group(svg, 'pi_draft')).not.toContain('data-state');
    expect(svg).not.toContain('data-fired');

    await engine.complete(id, 'Screening', { user: nurse });
    svg = await render();
    expect(svg).toContain('data-element="pi_screening" data-kind="HumanTask" data-state="Completed"');
    expect(svg).toContain('data-element="pi_assessment" data-kind="HumanTask" data-state="Active"');
    expect(svg).toContain('data-element="ec_assessment" data-kind="EntryCriterion" data-fired="true"');
    expect(svg).not.toContain('data-element="ec_risk" data-kind="EntryCriterion" data-fired="true"');
    expect(svg).toContain('>Completed</text>');
  });

  it('marks discretionary items that may be planned, and counts repeated instances', async () => {
    const { engine, id, render } = await careCase();
    await engine.complete(id, 'Screening', { user: nurse });
    await engine.complete(id, 'Comprehensive assessment', { user: nurse });
    await engine.complete(id, 'Risk evaluation', { output: { riskLevel: 'low', caseManagementModel: 'standard' }, user: manager });
    await engine.complete(id, 'Draft care plan', { user: manager });
    await engine.complete(id, 'Approve care plan', { user: physician });
    let svg = await render();
    expect(svg).toContain('data-element="pi_implementation" data-kind="Stage" data-state="Active"');
    // low risk: education and medication review may be planned; the specialist referral may not
    expect(group(svg, 'di_education')).toContain('ck-plannable');
    expect(group(svg, 'di_medication')).toContain('ck-plannable');
    expect(group(svg, 'di_referral')).not.toContain('ck-plannable');
    // a nurse may plan nothing (the planning table is for case managers)
    expect(await render(nurse)).not.toContain('ck-plannable');

    await engine.plan(id, 'Educational session', { user: manager });
    svg = await render();
    expect(svg).toContain('data-element="di_education" data-kind="HumanTask" data-state="Active" data-instances="1"');

    // the monthly timer fires twice: two follow-up calls
    await engine.fireDueTimers(Date.parse('2026-05-15T00:00:00Z'));
    await engine.complete(id, 'Follow-up call', { user: nurse });
    svg = await render();
    // two entered (one completed, one active) and the next one waiting for the timer
    expect(svg).toContain('data-element="pi_followup" data-kind="HumanTask" data-state="Active" data-instances="3"');
    expect(group(svg, 'pi_followup')).toContain('1× Completed');
    expect(group(svg, 'pi_followup')).toContain('1× Active');
    expect(group(svg, 'pi_followup')).toContain('1× Available');
  });

  it('rebuilds the state from the history alone, and marks the exit criterion that terminated the case', async () => {
    const { engine, id, model } = await careCase();
    await engine.occur(id, 'Patient withdraws', { user: manager });
    const history = await engine.history(id);
    const fromHistory = caseFromHistory(history);
    const snapshot = await engine.getCase(id);
    expect(fromHistory.state).toBe(snapshot.state);
    // the history also holds the case plan model's own instance
    expect(fromHistory.items.filter((i) => i.itemId !== 'cpm').map((i) => [i.itemId, i.state])).toEqual(snapshot.items.map((i) => [i.itemId, i.state]));
    const svg = renderSvg(model, { snapshot: fromHistory, history });
    expect(svg).toContain(`data-kind="CasePlanModel" data-state="${snapshot.state}"`);
    expect(svg).toContain('data-element="xc_withdrawn" data-kind="ExitCriterion" data-fired="true"');
    expect(svg).toContain('data-element="pi_screening" data-kind="HumanTask" data-state="Terminated"');
  });
});
