/**
 * Complaint triage: a JSON decision table with the UNIQUE hit policy — its rules partition every
 * complaint, which these tests check exhaustively.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileDecisions, HitPolicyViolationError, readDecisionTableJson } from '@casekit/rules';

const here = dirname(fileURLToPath(import.meta.url));
const json = JSON.parse(readFileSync(join(here, 'complaint-triage.json'), 'utf8')) as { rules: unknown[] };
const [triage] = compileDecisions(readDecisionTableJson(json, { source: 'complaint-triage.json' }));

const CHANNELS = ['phone', 'email', 'web', 'social', 'ombudsman'];
const TIERS = ['standard', 'premium', 'vip'];

describe('complaint-triage', () => {
  test.each([
    [{ channel: 'ombudsman', amount: 50, customerTier: 'standard', repeatComplaint: false }, 'P1', 'executive-response'],
    [{ channel: 'social', amount: 50, customerTier: 'vip', repeatComplaint: false }, 'P1', 'executive-response'],
    [{ channel: 'social', amount: 50, customerTier: 'premium', repeatComplaint: true }, 'P2', 'resolution'],
    [{ channel: 'email', amount: 25000, customerTier: 'standard', repeatComplaint: false }, 'P2', 'specialist'],
    [{ channel: 'phone', amount: 400, customerTier: 'vip', repeatComplaint: false }, 'P2', 'resolution'],
    [{ channel: 'web', amount: 400, customerTier: 'premium', repeatComplaint: true }, 'P2', 'resolution'],
    [{ channel: 'web', amount: 400, customerTier: 'standard', repeatComplaint: true }, 'P3', 'resolution'],
    [{ channel: 'email', amount: 2500, customerTier: 'premium', repeatComplaint: false }, 'P3', 'frontline'],
    [{ channel: 'phone', amount: 80, customerTier: 'standard', repeatComplaint: false }, 'P4', 'frontline'],
  ])('%j → %s %s', (complaint, priority, team) => {
    expect(triage!.evaluate(complaint).outputs).toEqual({ priority, team });
  });

  test('exactly one rule fits every complaint (UNIQUE holds)', () => {
    for (const channel of CHANNELS) {
      for (const customerTier of TIERS) {
        for (const repeatComplaint of [true, false]) {
          for (const amount of [0, 999, 1000, 9999, 10000, 1_000_000]) {
            const result = triage!.evaluate({ channel, amount, customerTier, repeatComplaint });
            expect(result.matchedRules, JSON.stringify({ channel, amount, customerTier, repeatComplaint })).toHaveLength(1);
          }
        }
      }
    }
  });

  test('an overlapping rule added by mistake is reported with both rules', () => {
    const [broken] = compileDecisions(
      readDecisionTableJson({
        ...json,
        rules: [...json.rules, { id: 'all-vips', when: { customerTier: ['vip'] }, then: { priority: 'P1', team: 'executive-response' } }],
      }),
    );
    let error: unknown;
    try {
      broken!.evaluate({ channel: 'phone', amount: 400, customerTier: 'vip', repeatComplaint: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HitPolicyViolationError);
    expect((error as HitPolicyViolationError).rules).toEqual(['vip', 'all-vips']);
  });
});
