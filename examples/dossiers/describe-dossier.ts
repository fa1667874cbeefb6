// The checks every dossier's test runs: the model is what its model.mjs builds, validates clean
// (in-process `casekit validate`), has a diagram shape for every plan item; its decision tables
// compile; every scenario passes through the runner `casekit run` uses; every user command of a
// scenario names its user and roles; the host program runs.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCmmn, toCmmnXml, type CmmnModel, type TransitionRecord } from '@casekit/core';
import { compileDecisions, readDecisions } from '@casekit/rules';
import { formatReport, runScenarioFile } from '@casekit/testing';
import { main as casekit } from '../../packages/cli/src/index.js';
// @ts-expect-error -- a plain ES module without types
import { DOSSIERS } from './dossiers.mjs';

export interface HostResult {
  readonly caseId: string;
  readonly state: string;
  readonly caseFile: Record<string, unknown>;
  readonly history: readonly TransitionRecord[];
}

export function describeDossier(name: string, checkHost: (results: HostResult[], log: string[]) => void): void {
  const dir = fileURLToPath(new URL(`./${name}/`, import.meta.url));
  const files = readdirSync(dir);
  const model = `${dir}${name}.cmmn`;
  const scenarios = files.filter((f) => f.endsWith('.scenario.json'));
  const tables = files.filter((f) => (f.endsWith('.json') && !f.endsWith('.scenario.json')) || f.endsWith('.dmn'));

  describe(`examples/dossiers/${name}`, () => {
    it('is what model.mjs builds, with no problems and a shape for every plan item', () => {
      const xml = readFileSync(model, 'utf8');
      const built = (DOSSIERS as Record<string, () => CmmnModel>)[name]!();
      expect(xml, `${name}.cmmn differs from what model.mjs builds: run generate.mjs`).toBe(toCmmnXml(built));
      const parsed = parseCmmn(xml, { fileName: `${name}.cmmn` });
      expect(parsed.problems).toEqual([]);
      const shapes = new Set(
        parsed.definitions.cmmnDi?.diagrams.flatMap((d) => d.diagramElements.filter((e) => e.kind === 'CMMNShape').map((e) => e.cmmnElementRef)) ?? [],
      );
      for (const element of parsed.elements()) {
        if (element.kind === 'PlanItem' || element.kind === 'DiscretionaryItem') expect(shapes.has(element.id), `shape of ${element.id}`).toBe(true);
      }
    });

    it('casekit validate reports no problems', async () => {
      let out = '';
      const sink = { write: (text: string) => (out += text) };
      expect(await casekit(['validate', '--json', model], { stdout: sink, stderr: sink }), out).toBe(0);
      expect((JSON.parse(out) as { summary: unknown }).summary).toMatchObject({ errors: 0, draftWarnings: 0, warnings: 0 });
    });

    it.each(tables)('decision table %s compiles', (table) => {
      expect(compileDecisions(readDecisions(readFileSync(`${dir}${table}`, 'utf8'), { source: table })).length).toBeGreaterThan(0);
    });

    it('has a typical and an exceptional scenario', () => expect(scenarios.length).toBeGreaterThanOrEqual(2));

    it.each(scenarios)('scenario %s passes', async (scenario) => {
      const result = await runScenarioFile(model, `${dir}${scenario}`);
      expect(result.exitCode, formatReport(result)).toBe(0);
    });

    it('every user command of every scenario names its user and roles', () => {
      for (const scenario of scenarios) {
        const { steps } = JSON.parse(readFileSync(`${dir}${scenario}`, 'utf8')) as { steps: Record<string, unknown>[] };
        for (const [i, step] of steps.entries()) {
          if ('expect' in step || 'advanceTime' in step) continue;
          expect(step['as'], `${scenario} step ${i + 1}`).toMatchObject({ id: expect.any(String), roles: expect.any(Array) });
        }
      }
    });

    it('the host program runs', async () => {
      const log: string[] = [];
      const { main } = (await import(`${dir}host.mjs`)) as { main: (o: { log: (line: string) => void }) => Promise<HostResult[]> };
      const results = await main({ log: (line) => log.push(line) });
      checkHost(results, log);
    });
  });
}
