import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCmmn, toCmmnXml } from '@casekit/core';
import { formatReport, runScenarioFile } from '@casekit/testing';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const MODEL = here('./care-coordination.cmmn');

describe('examples/care-coordination', () => {
  it('is a valid model with a diagram for every plan item', () => {
    const model = parseCmmn(readFileSync(MODEL, 'utf8'));
    expect(model.problems).toEqual([]);
    const shapes = new Set(
      model.definitions.cmmnDi?.diagrams.flatMap((d) => d.diagramElements.filter((e) => e.kind === 'CMMNShape').map((e) => e.cmmnElementRef)) ?? [],
    );
    for (const element of model.elements()) {
      if (element.kind === 'PlanItem' || element.kind === 'DiscretionaryItem') expect(shapes.has(element.id), `shape of ${element.id}`).toBe(true);
    }
    expect(parseCmmn(toCmmnXml(model)).definitions).toEqual(model.definitions);
  });

  it.each(['journey', 'withdrawal'])('%s scenario passes', async (name) => {
    const result = await runScenarioFile(MODEL, here(`./${name}.scenario.json`));
    expect(result.exitCode, formatReport(result)).toBe(0);
  });
});
