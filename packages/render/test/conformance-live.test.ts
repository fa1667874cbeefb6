/**
 * Live rendering over many running cases: the case each conformance scenario leaves (the shared
 * suite and casekit's own) is drawn with its states, fired criteria and plannable items, and is
 * well-formed SVG whose every instance is drawn or belongs to an item the diagram does not show.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { runScenarioFile } from '@casekit/testing';
import { renderSvg } from '@casekit/render';

const SHARED = resolve(__dirname, '../../../../shared/conformance');
const OWN = resolve(__dirname, '../../testing/test/conformance');

function scenarioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...scenarioFiles(path));
    else if (/\.scenario\.(json|ya?ml)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const files = [...scenarioFiles(SHARED), ...scenarioFiles(OWN)];

describe('the case each conformance scenario leaves renders', () => {
  it('finds the scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(70);
  });

  it.each(files.map((f) => [f.slice(resolve(__dirname, '../../..').length + 1), f] as const))('%s', async (_name, file) => {
    let svg: string | undefined;
    let itemIds: string[] = [];
    const result = await runScenarioFile(undefined, file, {
      onEnd: async (engine, caseId) => {
        const snapshot = await engine.getCase(caseId);
        const [history, applicable, deployment] = await Promise.all([
          engine.history(caseId),
          engine.applicableDiscretionaryItems(caseId),
          engine.deployment(snapshot.modelKey, snapshot.modelVersion),
        ]);
        itemIds = snapshot.items.map((i) => i.itemId);
        svg = renderSvg(deployment.model, { case: snapshot.caseDefinitionId, snapshot, history, applicable });
      },
    });
    if (result.exitCode === 2) return; // an invalid or unsupported scenario starts no case
    expect(svg).toBeDefined();
    expect(XMLValidator.validate(svg!)).toBe(true);
    expect(svg).toContain('class="ck-legend"');
    const drawn = new Set([...svg!.matchAll(/data-element="([^"]*)"[^>]*data-state="/g)].map((m) => m[1]));
    // every instance's item carries a state where the diagram draws it
    for (const id of itemIds) if (svg!.includes(`data-element="${id}" data-kind=`) && !svg!.includes(`data-element="${id}" data-kind="CasePlanModel"`)) expect(drawn, id).toContain(id);
  });
});
