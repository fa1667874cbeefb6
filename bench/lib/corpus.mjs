import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding bench/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Code-point order, independent of the locale, so every run sees the files in the same order. */
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byCodePoint(a.name, b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && entry.name.endsWith('.cmmn')) out.push(full);
  }
  return out;
}

/** The corpus paths listed in corpus/EXPECTED-INVALID.txt (genuinely invalid CMMN), relative to the corpus. */
function expectedInvalid(corpusDir) {
  return new Set(
    readFileSync(path.join(corpusDir, 'EXPECTED-INVALID.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.split('\t')[0].trim()),
  );
}

/**
 * Every .cmmn file of ../shared/corpus (minus EXPECTED-INVALID.txt) and ../shared/conformance,
 * read as UTF-8, in a fixed order: `{ name, path, xml, bytes }`.
 */
export function loadCorpus() {
  const corpusDir = path.resolve(repoRoot, '../shared/corpus');
  const conformanceDir = path.resolve(repoRoot, '../shared/conformance');
  const invalid = expectedInvalid(corpusDir);
  const files = [];
  const excluded = [];
  for (const [label, dir] of [
    ['corpus', corpusDir],
    ['conformance', conformanceDir],
  ]) {
    for (const full of walk(dir)) {
      const rel = path.relative(dir, full).split(path.sep).join('/');
      const name = `${label}/${rel}`;
      if (label === 'corpus' && invalid.has(rel)) {
        excluded.push(name);
        continue;
      }
      const xml = readFileSync(full, 'utf8');
      files.push({ name, path: full, xml, bytes: Buffer.byteLength(xml, 'utf8') });
    }
  }
  const missing = [...invalid].filter((rel) => !excluded.includes(`corpus/${rel}`));
  if (missing.length > 0) throw new Error(`EXPECTED-INVALID.txt names files that do not exist: ${missing.join(', ')}`);
  return { files, excluded, corpusDir, conformanceDir };
}
