/** Every loadable model of the shared corpus and conformance suite renders to well-formed SVG. */
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { safeParseCmmn } from '@casekit/core';
import { renderSvg } from '@casekit/render';
import { allModelFiles, EXPECTED_INVALID } from '../../core/test/corpus-files.js';

const loadable = allModelFiles().filter((f) => !EXPECTED_INVALID.has(f.name));

describe('the shared corpus renders', () => {
  it('holds the models this suite expects', () => {
    expect(loadable.length).toBeGreaterThanOrEqual(214);
  });

  it.each(loadable.map((f) => [f.name, f] as const))('%s', (name, file) => {
    const result = safeParseCmmn(file.xml, { fileName: name });
    expect(result.success).toBe(true);
    if (!result.success) return;
    const cases = result.model.definitions.cases.length === 0 ? [undefined] : result.model.definitions.cases.map((c) => c.id);
    for (const caseId of cases) {
      for (const computedLayout of [false, true]) {
        const svg = renderSvg(result.model, { case: caseId, computedLayout });
        expect(XMLValidator.validate(svg), `${name} ${caseId ?? ''} computed=${computedLayout}`).toBe(true);
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      }
    }
  });
});
