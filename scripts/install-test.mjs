#!/usr/bin/env node
// Proves the packages install and work outside this repository, as a user installs them:
//
//   1. packs every public package (scripts/pack-all.mjs) into a temporary folder;
//   2. creates a fresh npm project in another temporary folder, outside the repository;
//   3. `npm install`s the tarballs, better-sqlite3 12 (the SQLite store's peer dependency),
//      TypeScript and @types/node from the npm registry;
//   4. type-checks (tsc, declarations of the packages included) and compiles a small host
//      application twice — as an ES module (app.mts) and as CommonJS (app.cts) — and runs both: each
//      deploys a model, starts a case on the SQLite store, completes its tasks and reads its history;
//   5. runs the installed binary: `npx casekit validate` and `npx casekit run`.
//
//   node scripts/install-test.mjs [--from-source] [--keep]
//
// better-sqlite3 has no prebuilt binary here, so npm compiles it (about 70 s). Unless
// --from-source is given, the binary the repository's own install compiled is reused when it is the
// same better-sqlite3 12 version (npm installs the package with --ignore-scripts and the binary is
// copied in); without one, npm compiles it. --keep leaves the project folder for a look.
// The packages must be built (`pnpm test:install` builds what is out of date first).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { 'from-source': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } } });
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = (line) => console.log(`install-test: ${line} (${elapsed()})`);

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { encoding: 'utf8', ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`install-test: FAILED: ${command} ${argv.join(' ')} (exit ${result.status ?? result.signal})`);
    cleanup();
    process.exit(1);
  }
  return result.stdout;
}

const scratch = mkdtempSync(join(tmpdir(), 'casekit-install-test-'));
if (realpathSync(scratch).startsWith(realpathSync(root))) throw new Error('install-test: the temporary folder is inside the repository');
const cleanup = () => {
  if (!args.keep) rmSync(scratch, { recursive: true, force: true });
};

// 1. the tarballs
const packDir = join(scratch, 'pack');
run(process.execPath, [join(root, 'scripts', 'pack-all.mjs'), '--out', packDir], { stdio: ['ignore', 'pipe', 'pipe'] });
const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz')).sort();
say(`packed ${tarballs.length} packages: ${tarballs.join(', ')}`);

// 2. a fresh project
const app = join(scratch, 'app');
mkdirSync(join(app, 'src'), { recursive: true });
writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'casekit-host-app', version: '1.0.0', private: true }, null, 2)}\n`);

// 3. npm install
const repoSqlite = (() => {
  const pnpmDir = join(root, 'node_modules', '.pnpm');
  if (!existsSync(pnpmDir)) return undefined;
  const folder = readdirSync(pnpmDir).find((f) => /^better-sqlite3@12\.[0-9.]+$/.test(f));
  if (folder === undefined) return undefined;
  const dir = join(pnpmDir, folder, 'node_modules', 'better-sqlite3');
  const binary = join(dir, 'build', 'Release', 'better_sqlite3.node');
  return existsSync(binary) ? { version: folder.slice('better-sqlite3@'.length), binary } : undefined;
})();
const reuse = !args['from-source'] && repoSqlite !== undefined;
const sqliteSpec = reuse ? `better-sqlite3@${repoSqlite.version}` : 'better-sqlite3@12';
const npmArgs = ['install', '--no-audit', '--no-fund', '--loglevel=error', ...(reuse ? ['--ignore-scripts'] : [])];
run('npm', [...npmArgs, ...tarballs.map((t) => join(packDir, t)), sqliteSpec, 'typescript@~5.9.3', '@types/node@^20.19.0'], { cwd: app });
if (reuse) {
  const target = join(app, 'node_modules', 'better-sqlite3', 'build', 'Release');
  mkdirSync(target, { recursive: true });
  copyFileSync(repoSqlite.binary, join(target, 'better_sqlite3.node'));
}
const installed = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies;
for (const name of Object.keys(installed)) {
  if (name.startsWith('@casekit/') && !String(installed[name]).startsWith('file:')) throw new Error(`install-test: ${name} did not install from its tarball`);
}
say(`npm installed ${Object.keys(installed).join(', ')}${reuse ? ` (better-sqlite3 ${repoSqlite.version} with the repository's compiled binary)` : ' (better-sqlite3 compiled from source)'}`);

// 4. the documentation's code, then the host application, ES module and CommonJS
// Blocks marked `<!-- install-test: <path> -->` in README.md and docs/getting-started.md are
// written to that path in the project: the model, the scenario, the programs (src/*.mts).
const documented = [];
for (const doc of ['README.md', join('docs', 'getting-started.md')]) {
  const text = readFileSync(join(root, doc), 'utf8');
  for (const match of text.matchAll(/<!-- install-test: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)) {
    const path = join(app, match[1]);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${match[2]}\n`);
    documented.push({ doc, path: match[1] });
  }
}
for (const needed of ['claim.cmmn', 'claim.scenario.json', 'src/quick-start.mts', 'src/first-case.mts', 'src/builder.mts']) {
  if (!documented.some((d) => d.path === needed)) throw new Error(`install-test: no block marked "install-test: ${needed}" in README.md or docs/getting-started.md`);
}
say(`wrote ${documented.map((d) => `${d.path} (${d.doc})`).join(', ')}`);

/** The host program, the same for both module systems. */
const body = (kind) => `
  const xml = readFileSync(join(process.cwd(), 'claim.cmmn'), 'utf8');
  const model = parseCmmn(xml, { fileName: 'claim.cmmn' });
  const store = await openSqliteStore(join(process.cwd(), '${kind}-cases.db'));
  const engine = createEngine({ store });
  engine.deploy(model, { key: 'claim' });
  const started = await engine.startCase({ caseFile: { amount: 1200 }, user: { id: 'alice' }, team: [{ id: 'bob', roles: [] }] });
  await engine.complete(started.id, 'Screening', { user: { id: 'alice' } });
  await engine.complete(started.id, 'Assessment', { user: { id: 'bob' } });
  const snapshot = await engine.getCase(started.id);
  const history = await engine.history(started.id);
  await store.close();
  if (snapshot.state !== 'Completed') throw new Error('the case did not complete: ' + snapshot.state);
  const done = history.filter((r) => r.transition === 'complete').map((r) => r.itemName ?? 'case');
  if (done[0] !== 'Screening' || done[1] !== 'Assessment') throw new Error('unexpected history: ' + done.join(','));
  const result = await runScenario(xml, { steps: [{ complete: 'Screening' }, { expect: { Assessment: 'active' } }] });
  if (result.exitCode !== 0) throw new Error(formatReport(result));
  const error: CasekitError = new ExpressionError('x +', 'unexpected end');
  if (!(error instanceof CasekitError) || typeof main !== 'function' || typeof openPostgresStore !== 'function') throw new Error('exports missing');
  console.log('${kind}: case ' + snapshot.state + ' after ' + history.length + ' transitions stored in SQLite; completed ' + done.join(', '));
`;
const imports = `import { createEngine, parseCmmn } from '@casekit/core';
import { CasekitError, ExpressionError } from '@casekit/rules';
import { openSqliteStore } from '@casekit/store-sqlite';
import { openPostgresStore } from '@casekit/store-postgres';
import { runScenario, formatReport } from '@casekit/testing';
import { main } from '@casekit/cli';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
`;
writeFileSync(join(app, 'src', 'app.mts'), `${imports}${body('esm')}`);
writeFileSync(join(app, 'src', 'app.cts'), `${imports}\nasync function host(): Promise<void> {${body('cjs')}}\n\nhost().catch((error: unknown) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`);
writeFileSync(
  join(app, 'tsconfig.json'),
  `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', rootDir: 'src', types: ['node'], skipLibCheck: false }, include: ['src'] }, null, 2)}\n`,
);
run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: app });
say('tsc type-checked and compiled the documentation\'s programs and the host application (ESM and CommonJS)');
for (const program of documented.filter((d) => d.path.endsWith('.mts'))) {
  const output = run(process.execPath, [join('dist', program.path.replace(/^src\//, '').replace(/\.mts$/, '.mjs'))], { cwd: app }).trim();
  if (!/\bCompleted\b/.test(output)) {
    console.error(`install-test: FAILED: ${program.path} (${program.doc}) did not print Completed:\n${output}`);
    cleanup();
    process.exit(1);
  }
  say(`${program.path} from ${program.doc}:\n${output.replace(/^/gm, '    ')}`);
}
const esm = run(process.execPath, [join('dist', 'app.mjs')], { cwd: app }).trim();
const cjs = run(process.execPath, [join('dist', 'app.cjs')], { cwd: app }).trim();
say(esm);
say(cjs);

// 5. the installed binary
const npx = (argv) => spawnSync('npx', ['--no-install', 'casekit', ...argv], { cwd: app, encoding: 'utf8' });
const validate = npx(['validate', 'claim.cmmn']);
if (validate.status !== 0 || !validate.stdout.includes('OK  1 file checked')) {
  process.stderr.write(`${validate.stdout}${validate.stderr}`);
  console.error('install-test: FAILED: npx casekit validate claim.cmmn');
  cleanup();
  process.exit(1);
}
const scenario = npx(['run', 'claim.scenario.json']); // claim.cmmn by convention
if (scenario.status !== 0 || scenario.stdout.trimEnd().split('\n').at(-1) !== '1 passed, 0 failed') {
  process.stderr.write(`${scenario.stdout}${scenario.stderr}`);
  console.error('install-test: FAILED: npx casekit run claim.scenario.json');
  cleanup();
  process.exit(1);
}
say(`npx casekit validate: ${validate.stdout.trim().split('\n').at(-1)}; npx casekit run: ${scenario.stdout.trim().split('\n').at(-1)}`);
if (args.keep) say(`the project is kept in ${app}`);
cleanup();
say('passed');
