/** The builder writes human work (docs/work.md): `work` as casekit: attributes of the definition, `fourEyesWith` on the plan item; the engine reads them back. */
import { describe, expect, it } from 'vitest';
import { createEngine, createModel, parseCmmn, toCmmnXml, VirtualClock, NotAuthorizedError } from '@casekit/core';

describe('builder: human work', () => {
  it('emits work and four-eyes, and the engine runs them', async () => {
    const m = createModel({ targetNamespace: 'https://casekit.dev/test/work' });
    const c = m.case('Claim', { id: 'claim' });
    const handler = c.role('handler');
    const assess = c.plan.humanTask('Assess', { performer: handler, work: { candidateGroups: ['claims'], dueDate: 'P1D', priority: 70 } });
    c.plan.humanTask('Approve', { performer: handler, fourEyesWith: assess, work: { assignee: '${approver}' } });
    const model = m.build();
    const xml = toCmmnXml(model);
    expect(xml).toContain('casekit:candidateGroups="claims"');
    expect(xml).toMatch(/casekit:fourEyesWith="[^"]+"/);
    expect(toCmmnXml(parseCmmn(xml))).toBe(xml);
    const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
    await engine.deploy(xml);
    const { id, items } = await engine.startCase({ user: { id: 'olga' }, caseFile: { approver: 'alice' }, team: [{ id: 'alice', roles: ['handler'] }] });
    const work = items.find((i) => i.name === 'Assess')!.work!;
    expect(work).toMatchObject({ candidates: { groups: ['claims'] }, dueAt: Date.parse('2026-01-02T00:00:00Z'), priority: 70 });
    expect(items.find((i) => i.name === 'Approve')!.assignee).toBe('alice');
    await engine.claim(id, 'Assess', { user: { id: 'bob', groups: ['claims'] } });
    await engine.unclaim(id, 'Assess', { user: { id: 'bob', groups: ['claims'] } });
    await expect(engine.claim(id, 'Assess', { user: { id: 'alice' } })).rejects.toThrow(/four eyes: alice holds "Approve"/);
    await expect(engine.claim(id, 'Assess', { user: { id: 'alice' } })).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});
