#!/usr/bin/env node
/**
 * Structure checks run by `pnpm lint`: no import cycle in any package's sources (type-only
 * imports included: a cycle of types is still two modules that cannot be read apart), and no
 * source file over the size at which one file starts to hold several concerns.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDependencyTree, parseCircular, prettyCircular } from 'dpdm';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_LINES = 500;
let failed = false;

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const packagesDir = join(root, 'packages');
for (const pkg of readdirSync(packagesDir)) {
  const src = join(packagesDir, pkg, 'src');
  if (!existsSync(src)) continue;
  for (const file of sources(src)) {
    const lines = readFileSync(file, 'utf8').split('\n').length;
    if (lines > MAX_LINES) {
      console.error(`${relative(root, file)}: ${lines} lines (more than ${MAX_LINES}: split it by concern)`);
      failed = true;
    }
  }
  const entries = readdirSync(src).filter((name) => /^(index|internals|cli|main)\.ts$/.test(name)).map((name) => join(src, name));
  if (entries.length === 0) continue;
  const tree = await parseDependencyTree(entries, { context: root, transform: false, skipDynamicImports: false, tsconfig: join(root, 'tsconfig.json') });
  const cycles = parseCircular(tree).filter((cycle) => cycle.every((file) => file.startsWith(`packages/${pkg}/src/`)));
  if (cycles.length > 0) {
    console.error(`packages/${pkg}: ${cycles.length} import cycle(s):\n${prettyCircular(cycles, '  ')}`);
    failed = true;
  }
}

if (failed) process.exit(1);
console.log('structure: no import cycles, no source file over', MAX_LINES, 'lines');
