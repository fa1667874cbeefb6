/** The shared CMMN corpus and conformance models, read in place (never copied into the repo). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** ../shared beside the repository. */
export const SHARED = resolve(here, '../../../../shared');
export const CORPUS = join(SHARED, 'corpus');
export const CONFORMANCE = join(SHARED, 'conformance');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.name.endsWith('.cmmn')) out.push(path);
  }
  return out.sort();
}

/** Corpus files that must be rejected, with the problems they must be rejected for. */
export const EXPECTED_INVALID: ReadonlyMap<string, readonly string[]> = new Map(
  readFileSync(join(CORPUS, 'EXPECTED-INVALID.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [path = '', problems = ''] = line.split('\t');
      return [path, problems.split(';').map((p) => p.trim())] as const;
    }),
);

export interface CorpusFile {
  /** Path relative to the corpus (or `conformance/…`). */
  readonly name: string;
  readonly path: string;
  readonly xml: string;
}

/** Every .cmmn file of the corpus and of the conformance suite. */
export function allModelFiles(): CorpusFile[] {
  const corpus = walk(CORPUS).map((path) => ({ name: relative(CORPUS, path), path }));
  const conformance = walk(CONFORMANCE).map((path) => ({ name: `conformance/${relative(CONFORMANCE, path)}`, path }));
  return [...corpus, ...conformance].map((f) => ({ ...f, xml: readFileSync(f.path, 'utf8') }));
}
