/**
 * Every conformance scenario — the shared suite (../shared/conformance) and casekit's own, one or
 * more per clause of the semantics digest (test/conformance/) — run through the same runner as
 * `casekit run`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatReport, runScenarioFile } from '@casekit/testing';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(here, '../../../../shared/conformance');
const OWN = join(here, 'conformance');

/**
 * Pairs `X.scenario.json|yaml` with `X.cmmn` (or, for `X.Y.scenario.json`, with `X.cmmn`). A
 * scenario in a `peers/` folder names its model in `models` instead: a peer engine's test model,
 * read where it lies (../shared/corpus), never copied.
 */
function scenarios(dir: string): { name: string; model: string | undefined; scenario: string }[] {
  const out: { name: string; model: string | undefined; scenario: string }[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.scenario\.(json|ya?ml)$/.test(entry.name)) {
        const base = entry.name.replace(/\.scenario\.(json|ya?ml)$/, '');
        const candidates = [base, base.replace(/\.[^.]+$/, '')];
        const model = candidates.map((c) => join(folder, `${c}.cmmn`)).find((p) => readdirSync(folder).includes(p.slice(folder.length + 1)));
        if (model === undefined && !folder.endsWith('peers')) throw new Error(`no model for ${path}`);
        out.push({ name: path.slice(dir.length + 1), model, scenario: path });
      }
    }
  };
  walk(dir);
  return out;
}

describe('shared conformance scenarios', () => {
  it.each(scenarios(SHARED).map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const result = await runScenarioFile(s.model, s.scenario);
    expect(result.exitCode, formatReport(result)).toBe(0);
  });
});

describe('casekit conformance scenarios', () => {
  it.each(scenarios(OWN).map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const result = await runScenarioFile(s.model, s.scenario);
    expect(result.exitCode, formatReport(result)).toBe(0);
  });
});
