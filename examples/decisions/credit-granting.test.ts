/**
 * Credit granting: a JSON decision table with the PRIORITY hit policy (the most cautious decision
 * wins) and computed limits (FEEL and JSON Logic outputs).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileDecisions, DecisionInputError, readDecisionTableJson } from '@casekit/rules';

const here = dirname(fileURLToPath(import.meta.url));
const [credit] = compileDecisions(readDecisionTableJson(readFileSync(join(here, 'credit-granting.json'), 'utf8'), { source: 'credit-granting.json' }));

const decide = (score: number, monthlyIncome: number, debtRatio: number) => credit!.evaluate({ score, monthlyIncome, debtRatio });

describe('credit-granting', () => {
  test('premium applicants get five months of income, capped at 50,000', () => {
    expect(decide(780, 4000, 0.1).outputs).toEqual({ decision: 'approve', limit: 20000 });
    expect(decide(800, 15000, 0.05).outputs).toEqual({ decision: 'approve', limit: 50000 });
  });

  test('standard applicants get three months of income, capped at 25,000', () => {
    expect(decide(700, 2000, 0.3).outputs).toEqual({ decision: 'approve', limit: 6000 });
    expect(decide(700, 9000, 0.3).outputs).toEqual({ decision: 'approve', limit: 25000 });
  });

  test('equal priority: a premium applicant also fits the standard rule, the earlier (premium) rule wins', () => {
    const result = decide(780, 4000, 0.1);
    expect(result.matchedRules).toEqual(['premium']);
    const { trace } = credit!.evaluate({ score: 780, monthlyIncome: 4000, debtRatio: 0.1 }, { explain: true });
    expect(trace!.rules.filter((rule) => rule.matched).map((rule) => rule.rule)).toEqual(['premium', 'standard']);
  });

  test('refer: a fair score, stretched debt or a low income', () => {
    expect(decide(600, 3000, 0.2).outputs).toEqual({ decision: 'refer', limit: null });
    expect(decide(720, 3000, 0.45).outputs).toEqual({ decision: 'refer', limit: null });
    expect(decide(720, 800, 0.1).outputs).toEqual({ decision: 'refer', limit: null });
  });

  test('decline wins over refer and approve', () => {
    expect(decide(550, 5000, 0.1).outputs).toEqual({ decision: 'decline', limit: 0 });
    const both = decide(600, 900, 0.7);
    expect(both.outputs).toEqual({ decision: 'decline', limit: 0 });
    expect(both.matchedRules).toEqual(['over-indebted']);
  });

  test('every applicant gets a decision', () => {
    for (let score = 300; score <= 850; score += 25) {
      for (const income of [0, 999, 1000, 2999, 3000, 10000]) {
        for (const ratio of [0, 0.2, 0.36, 0.37, 0.5, 0.51, 2]) {
          expect(decide(score, income, ratio).value, `${score} ${income} ${ratio}`).not.toBeNull();
        }
      }
    }
  });

  test('a score outside 300–850 is refused', () => {
    expect(() => decide(900, 1000, 0.1)).toThrow(DecisionInputError);
  });
});
