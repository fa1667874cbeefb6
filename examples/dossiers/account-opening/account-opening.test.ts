import { expect } from 'vitest';
import { describeDossier } from '../describe-dossier.js';

describeDossier('account-opening', ([ordinary, pep], log) => {
  expect(ordinary).toMatchObject({ state: 'Completed', caseFile: { kycRisk: 'low', dueDiligence: 'simplified', account: { number: 'ACC-4101' } } });
  expect(pep).toMatchObject({ state: 'Completed', caseFile: { kycRisk: 'high', dueDiligence: 'enhanced', eddOutcome: 'accept' } });
  expect(pep!.history.find((t) => t.itemName === 'Enhanced due diligence' && t.to === 'Completed')?.user).toBe('chen');
  expect(log).toContain('  olivia cannot sign the due diligence off: NotAuthorized');
});
