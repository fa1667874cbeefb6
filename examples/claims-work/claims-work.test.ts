/** A day of claims work (host.mjs): work lists, claims, a manager's assignment, delegation, late tasks by due date, four-eyes. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module without types
import { main } from './host.mjs';

interface Item { readonly caseId: string; readonly itemName: string; readonly assignee?: string; readonly dueAt?: number }

describe('examples/claims-work', () => {
  it('runs a day of work', async () => {
    const log: string[] = [];
    const { late, open, work, states } = (await main({ log: (line: string) => log.push(line) })) as { late: Item[]; open: Item[]; work: string[]; states: Record<string, string> };
    // Hana may claim the three assessments: the big fire claim first among equal due dates (priority 80).
    expect(log[0]).toMatch(/^08:00 hana may claim: Assess claim \[fire-17, due 11-03T08:00, p80\]; Assess claim \[leak-03, .*\]; Assess claim \[theft-11, .*\]$/);
    expect(log).toContain('08:15 hugo: "Assess claim" (PI_assess) in case fire-17 is claimed by hana; hugo may not claim it');
    expect(log.some((l) => l.startsWith('09:00 hugo holds: Assess claim [leak-03, hugo') && l.includes('Assess claim [theft-11, hugo'))).toBe(true);
    expect(log).toContain('10:00 sam holds: Assess claim [fire-17, sam, due 11-03T08:00, p80]');
    expect(log.some((l) => l.startsWith('11:00 hana: user hana may not claim "Approve payment" (PI_approve) in case fire-17: four eyes: hana completed "Assess claim"'))).toBe(true);
    // The calls not made by noon (due at 12:00) are the late ones.
    expect(late.map((t) => `${t.caseId}:${t.itemName}`)).toEqual(['leak-03:Call policyholder', 'theft-11:Call policyholder']);
    expect(open.map((t) => `${t.caseId}:${t.itemName}:${t.assignee ?? '-'}`)).toEqual(['leak-03:Call policyholder:-', 'theft-11:Call policyholder:-', 'theft-11:Assess claim:hugo']);
    expect(work).toEqual(['claim -→hana by hana', 'delegate hana→sam by hana', 'resolve sam→hana by sam', 'claim -→sam by sam', 'claim -→hugo by hugo']);
    expect(states).toEqual({ 'fire-17': 'Completed', 'leak-03': 'Active', 'theft-11': 'Active' });
  });
});
