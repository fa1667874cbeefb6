import { expect } from 'vitest';
import { describeDossier } from '../describe-dossier.js';

describeDossier('insurance-claim', ([fire, leak], log) => {
  expect(fire).toMatchObject({
    state: 'Completed',
    caseFile: { route: 'standard', expertReport: { name: 'expert-report-H-778120.pdf', contentType: 'application/pdf', version: 1, user: 'ada', previousVersions: [] }, payment: { amount: 21500 } },
  });
  expect(JSON.stringify(fire!.caseFile)).not.toContain('electrical fault');
  const review = fire!.history.find((t) => t.itemName === 'Review expert report' && t.to === 'Active');
  const report = fire!.history.find((t) => t.itemName === 'expertReport' && t.transition === 'create');
  expect(review?.at).toBe(report?.at);
  expect(leak).toMatchObject({ state: 'Completed', caseFile: { route: 'fast-track', payment: { amount: 1650 } } });
  expect(leak!.history.some((t) => t.itemName === 'Approve settlement' && t.to === 'Active')).toBe(false);
  expect(log).toContain('fire, day 12, report in: active Assessment, Review expert report');
  expect(log.some((line) => /^hugo reads expert-report-H-778120\.pdf \(application\/pdf, \d+ bytes, version 1\)$/.test(line))).toBe(true);
  expect(fire!.history.find((t) => t.itemName === 'expertReport')).toMatchObject({ transition: 'create', command: 'attachDocument', user: 'ada' });
});
