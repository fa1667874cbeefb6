/**
 * Engine property tests: random legal command sequences on every startable case of the shared
 * corpus and conformance suite (plus the hand-written models of property-fixtures.ts), with the
 * engine's invariants checked after every command (property-harness.ts lists them). The seed is
 * printed before the run and by fast-check on failure; rerun with CASEKIT_PROPERTY_SEED=<seed>,
 * explore further with CASEKIT_PROPERTY_RUNS=<n>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChoices, type Choice } from './property-harness.js';
import { loadPropertyModels } from './property-models.js';

const { models, skipped, files } = await loadPropertyModels();
const corpusCases = models.filter((m) => !m.fixture);
console.log(
  `engine properties: ${corpusCases.length} cases from ${new Set(corpusCases.map((m) => m.file)).size} of ${files} corpus and conformance files ` +
    `(${skipped.length} skipped: ${[...new Set(skipped.map((s) => s.reason))].join(', ')}), plus ${models.length - corpusCases.length} hand-written fixtures`,
);

const NUM_RUNS = Number(process.env['CASEKIT_PROPERTY_RUNS'] ?? 300);
const SEED = Number(process.env['CASEKIT_PROPERTY_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

const DAY = 86_400_000;
const choice: fc.Arbitrary<Choice> = fc.record({
  kind: fc.nat({ max: 99 }),
  pick: fc.nat({ max: 9999 }),
  value: fc.oneof(
    fc.boolean(),
    fc.constantFrom(0, 1, 2, 3, 5, 10, 100, 1000, 1001, 5000, 100_000, -1),
    fc.integer({ min: -10, max: 20_000 }),
    fc.constantFrom('yes', 'no', '', 'true', 'approved', 'rejected', 'high', 'low', 'a'),
  ),
  ms: fc.constantFrom(1000, 60_000, 3_600_000, DAY, 7 * DAY, 30 * DAY, 366 * DAY),
  alt: fc.nat({ max: 99 }),
  user: fc.nat({ max: 3 }),
});

describe('engine properties over the corpus', () => {
  it('runs on a substantial number of startable cases', () => {
    expect(corpusCases.length).toBeGreaterThan(100);
  });

  it('every case starts (or is refused with a typed error) in a state satisfying the invariants', async () => {
    const failures: string[] = [];
    for (const model of models) {
      try {
        await runChoices(model, []);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    expect(failures).toEqual([]);
  });

  it('random legal command sequences keep every invariant', async () => {
    console.log(`engine properties: ${NUM_RUNS} runs, seed ${SEED} (rerun with CASEKIT_PROPERTY_SEED=${SEED})`);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: models.length - 1 }), fc.array(choice, { maxLength: 30 }), async (index, choices) => {
        await runChoices(models[index]!, choices);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});
