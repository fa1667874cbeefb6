import { expect } from 'vitest';
import { describeDossier } from '../describe-dossier.js';

describeDossier('insurance-claim', ([fire, leak], log) => {
  expect(fire).toMatchObject({ state: 'Completed', caseFile: { route: 'standard', expertReport: { estimate: 21500 }, payment: { amount: 21500 } } });
  const review = fire!.history.find((t) => t.itemName === 'Review expert report' && t.to === 'Active');
  const report = fire!.history.find((t) => t.itemName === 'expertReport' && t.transition === 'create');
  expect(review?.at).toBe(report?.at);
  expect(leak).toMatchObject({ state: 'Completed', caseFile: { route: 'fast-track', payment: { amount: 1650 } } });
  expect(leak!.history.some((t) => t.itemName === 'Approve settlement' && t.to === 'Active')).toBe(false);
  expect(log).toContain('fire, day 12, report in: active Assessment, Review expert report');
});
