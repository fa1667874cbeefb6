import { expect } from 'vitest';
import { describeDossier } from '../describe-dossier.js';

describeDossier('complaint-handling', ([routine, complex], log) => {
  expect(routine).toMatchObject({ state: 'Completed', caseFile: { priority: 'P3', goodwillPaid: 25 } });
  expect(routine!.history.find((t) => t.itemName === 'Response deadline' && t.transition !== 'create')?.to).toBe('Terminated');
  expect(complex).toMatchObject({ state: 'Completed', caseFile: { priority: 'P1', legalReview: true } });
  expect(complex!.history.find((t) => t.itemName === 'Send delay letter with ombudsman rights' && t.to === 'Completed')?.user).toBe('hana');
  expect(log.at(-1)).toBe('letters sent: acknowledgement to K. Brandt; acknowledgement to Sunrise Bakery GmbH; final response to K. Brandt; final response to Sunrise Bakery GmbH');
});
