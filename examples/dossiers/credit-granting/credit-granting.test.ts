import { expect } from 'vitest';
import { describeDossier } from '../describe-dossier.js';

describeDossier('credit-granting', ([approved, declined], log) => {
  expect(approved).toMatchObject({ state: 'Completed', caseFile: { decision: 'approve', limit: 24000, contract: { amount: 20000 } } });
  expect(approved!.caseFile['supportingDocuments']).toMatchObject({ documents: [{ name: 'payslip-j-moreau.pdf', contentType: 'application/pdf', version: 1, user: 'ruth' }] });
  expect(approved!.history.filter((t) => t.itemName === 'supportingDocuments').map((t) => t.transition)).toEqual(['create', 'addChild']);
  const approvers = approved!.history.filter((t) => t.to === 'Completed' && (t.itemName === 'First approval' || t.itemName === 'Second approval')).map((t) => t.user);
  expect(approvers).toEqual(['felix', 'mira']);
  expect(log).toContain('  felix cannot give the second approval as well: NotAuthorized');
  expect(declined).toMatchObject({ state: 'Completed', caseFile: { decision: 'decline', limit: 0 } });
  expect(log.at(-1)).toBe('letters: decline letter to P. Laine');
});
