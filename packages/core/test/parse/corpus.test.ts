import { describe, expect, it } from 'vitest';
import { parseCmmn, safeParseCmmn, toCmmnXml } from '@casekit/core';
import { allModelFiles, EXPECTED_INVALID } from '../corpus-files.js';

const files = allModelFiles();
const valid = files.filter((f) => !EXPECTED_INVALID.has(f.name));
const invalid = files.filter((f) => EXPECTED_INVALID.has(f.name));

describe('the shared corpus', () => {
  it('holds the files this suite expects', () => {
    expect(files.filter((f) => !f.name.startsWith('conformance/')).length).toBeGreaterThanOrEqual(216);
    expect(invalid.length).toBe(EXPECTED_INVALID.size);
  });

  it.each(valid.map((f) => [f.name, f] as const))('loads %s', (_name, file) => {
    const result = safeParseCmmn(file.xml, { fileName: file.name });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.success).toBe(true);
  });

  it.each(invalid.map((f) => [f.name, f] as const))('rejects %s naming the problem', (name, file) => {
    const result = safeParseCmmn(file.xml, { fileName: name });
    expect(result.success).toBe(false);
    const messages = result.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    for (const expected of EXPECTED_INVALID.get(name)!) {
      expect(messages.some((m) => m.includes(expected)), `${expected} in ${messages.join(' | ')}`).toBe(true);
    }
    for (const p of result.problems) {
      expect(p.line).toBeGreaterThan(0);
      expect(p.column).toBeGreaterThan(0);
    }
  });
});

describe('round trip: parse(export(parse(x))) equals parse(x)', () => {
  it.each(valid.map((f) => [f.name, f] as const))('%s', (name, file) => {
    const first = parseCmmn(file.xml, { fileName: name });
    const again = parseCmmn(toCmmnXml(first), { fileName: name });
    expect(again.definitions).toEqual(first.definitions);
    // The export always declares the CMMN namespace, so a namespace-less file loses that warning.
    const summary = (m: typeof first) =>
      m.problems.filter((p) => p.code !== 'MissingNamespace').map((p) => `${p.code} ${p.elementId ?? ''} ${p.message}`);
    expect(summary(again)).toEqual(summary(first));
  });
});
