import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCmmn, toCmmnXml, type CmmnModel, type TransitionRecord } from '@casekit/core';
import { compileDecisions, readDecisionTableJson } from '@casekit/rules';
import { formatReport, runScenarioFile } from '@casekit/testing';
import { main } from '../../packages/cli/src/index.js';
// @ts-expect-error -- a plain ES module without types
import { TEMPLATES } from './models.mjs';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const TEMPLATE_NAMES = ['brokerage', 'clinical', 'strengths-based', 'intensive'];
const files = readdirSync(here('.'));

async function casekit(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = { write: (text: string) => (out += text) };
  const code = await main(argv, { stdout: sink, stderr: sink });
  return { code, out };
}

describe('examples/care-templates', () => {
  it('has the four templates, each with its table and two scenarios', () => {
    expect(Object.keys(TEMPLATES as Record<string, unknown>)).toEqual(TEMPLATE_NAMES);
    for (const name of TEMPLATE_NAMES) {
      expect(files).toContain(`${name}.cmmn`);
      expect(files.filter((f) => f.startsWith(`${name}.`) && f.endsWith('.scenario.json')).length, name).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(TEMPLATE_NAMES)('%s.cmmn is what models.mjs builds, without problems, with a shape for every plan item', (name) => {
    const xml = readFileSync(here(`./${name}.cmmn`), 'utf8');
    const built = (TEMPLATES as Record<string, () => CmmnModel>)[name]!();
    expect(xml, `${name}.cmmn differs from what models.mjs builds: run generate.mjs`).toBe(toCmmnXml(built));
    const model = parseCmmn(xml, { fileName: `${name}.cmmn` });
    expect(model.problems).toEqual([]);
    const shapes = new Set(
      model.definitions.cmmnDi?.diagrams.flatMap((d) => d.diagramElements.filter((e) => e.kind === 'CMMNShape').map((e) => e.cmmnElementRef)) ?? [],
    );
    for (const element of model.elements()) {
      if (element.kind === 'PlanItem' || element.kind === 'DiscretionaryItem') expect(shapes.has(element.id), `shape of ${element.id}`).toBe(true);
    }
  });

  it('casekit validate reports no problems', async () => {
    const { code, out } = await casekit('validate', '--json', ...TEMPLATE_NAMES.map((name) => here(`./${name}.cmmn`)));
    expect(code, out).toBe(0);
    expect((JSON.parse(out) as { summary: unknown }).summary).toMatchObject({ files: 4, errors: 0, draftWarnings: 0, warnings: 0 });
  });

  it.each(files.filter((f) => f.endsWith('.json') && !f.includes('.scenario.')))('decision table %s compiles', (file) => {
    const decisions = compileDecisions(readDecisionTableJson(readFileSync(here(`./${file}`), 'utf8'), { source: file }));
    expect(decisions).toHaveLength(1);
  });

  it.each(files.filter((f) => f.endsWith('.scenario.json')))('%s passes', async (file) => {
    const result = await runScenarioFile(here(`./${file.split('.')[0]}.cmmn`), here(`./${file}`));
    expect(result.exitCode, formatReport(result)).toBe(0);
  });

  it('the host program sends referrals through handlers; a refused one faults and is sent again', async () => {
    const log: string[] = [];
    // @ts-expect-error -- a plain ES module without types
    const { main } = (await import('./host.mjs')) as { main: (o: { log: (line: string) => void }) => Promise<{ state: string; history: TransitionRecord[] }[]> };
    const [result] = await main({ log: (line) => log.push(line) });
    expect(result!.state).toBe('Completed');
    const dayCentre = result!.history.filter((t) => t.itemName === 'Refer to day centre' && t.transition !== 'create').map((t) => t.to);
    expect(dayCentre).toEqual(['Active', 'Failed', 'Active', 'Completed']);
    expect(log.at(-1)).toBe('case Completed; referrals sent: meals for Mrs Lindqvist; day centre for Mrs Lindqvist');
  });

  it('every user command of every scenario names its user and roles', () => {
    for (const file of files.filter((f) => f.endsWith('.scenario.json'))) {
      const scenario = JSON.parse(readFileSync(here(`./${file}`), 'utf8')) as { steps: Record<string, unknown>[] };
      for (const [i, step] of scenario.steps.entries()) {
        if ('expect' in step || 'advanceTime' in step) continue;
        expect(step['as'], `${file} step ${i + 1}`).toMatchObject({ id: expect.any(String), roles: expect.any(Array) });
      }
    }
  });
});
