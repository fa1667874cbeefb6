#!/usr/bin/env node
// The API reference in docs/api/: generated from the TSDoc of every public package's entry point
// (packages/*/src/index.ts) with TypeDoc and typedoc-plugin-markdown, one Markdown page per package.
//
//   node scripts/api-docs.mjs            regenerate docs/api/
//   node scripts/api-docs.mjs --check    fail (exit 1) when docs/api/ differs from what the sources give
//
// `pnpm lint` runs the check: change a TSDoc comment or an export, then run `pnpm docs:api`.
// Types of other casekit packages are read from their built declarations: build first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'api');
const { values: args } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

const packages = readdirSync(join(root, 'packages'))
  .sort()
  .map((folder) => join(root, 'packages', folder))
  .filter((dir) => {
    if (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'src', 'index.ts'))) return false;
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true;
  });

const scratch = mkdtempSync(join(tmpdir(), 'casekit-api-docs-'));
const out = join(scratch, 'api');
const options = {
  entryPointStrategy: 'packages',
  entryPoints: packages,
  packageOptions: { entryPoints: ['src/index.ts'], excludeInternal: true, skipErrorChecking: true },
  plugin: ['typedoc-plugin-markdown'],
  out,
  name: 'casekit API reference',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  hideGenerator: true,
  disableSources: true,
  disableGit: true,
  sourceLinkTemplate: '',
  logLevel: 'Error',
  outputFileStrategy: 'modules',
  entryFileName: 'README.md',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  enumMembersFormat: 'table',
  typeDeclarationFormat: 'table',
};
writeFileSync(join(scratch, 'typedoc.json'), JSON.stringify(options, null, 2));

const typedoc = join(root, 'node_modules', '.bin', 'typedoc');
const result = spawnSync(typedoc, ['--options', join(scratch, 'typedoc.json')], { cwd: root, encoding: 'utf8' });
if (result.status !== 0 || !existsSync(out)) {
  process.stderr.write(`${result.stdout}${result.stderr}`);
  console.error('api-docs: TypeDoc failed');
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}

/** Every file under a folder, relative path → content. */
function files(dir) {
  const found = new Map();
  const visit = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  if (existsSync(dir)) visit(dir);
  return found;
}

const generated = files(out);
if (args.check) {
  const current = files(target);
  const differ = [...new Set([...generated.keys(), ...current.keys()])].filter((f) => generated.get(f) !== current.get(f)).sort();
  rmSync(scratch, { recursive: true, force: true });
  if (differ.length > 0) {
    console.error(`api-docs: docs/api is not current (${differ.map((f) => `docs/api/${f}`).join(', ')}); run \`pnpm docs:api\``);
    process.exit(1);
  }
} else {
  rmSync(target, { recursive: true, force: true });
  cpSync(out, target, { recursive: true });
  rmSync(scratch, { recursive: true, force: true });
  console.log(`api-docs: ${generated.size} pages in docs/api/`);
}
