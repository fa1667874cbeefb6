import { expect } from 'vitest';
import { describeDossier, type HostResult } from '../describe-dossier.js';

describeDossier('internal-audit', ([audit], log) => {
  const result = audit as HostResult & { severities: string[]; counts: Record<string, number> };
  expect(result.state).toBe('Completed');
  expect(result.severities).toEqual(['medium', 'medium', 'critical']);
  expect(result.counts).toEqual({ findings: 3, actionPlans: 3, reviews: 2 });
  expect(result.caseFile).toMatchObject({ report: { url: expect.stringMatching(/^https:\/\/audit\.example\/reports\//) }, remediation: { open: 0 } });
  expect(log).toContain('audit committee to do: Escalate to audit committee');
});
