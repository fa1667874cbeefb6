// node --test scripts/: the build script is quiet unless a build fails, and builds only what is out
// of date (in dependency order, dependents of a rebuilt package too).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'build.mjs');

/** A workspace of two packages, b depending on a; each build prints 60 lines and writes dist/. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'casekit-build-test-'));
  const builder = `const fs = require('node:fs');
for (let i = 0; i < 60; i++) console.log('noise line ' + i);
if (fs.existsSync('FAIL')) { console.error('the build broke'); process.exit(1); }
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/index.js', '// built');
fs.appendFileSync('../../builds.log', require('./package.json').name + '\\n');
`;
  for (const [name, deps] of [['a', {}], ['b', { a: 'workspace:^' }]]) {
    const dir = join(root, 'packages', name);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: './dist/index.js', scripts: { build: 'node build.cjs' }, dependencies: deps }));
    writeFileSync(join(dir, 'build.cjs'), builder);
    writeFileSync(join(dir, 'src', 'index.ts'), 'export {};');
  }
  writeFileSync(join(root, 'tsconfig.base.json'), '{}');
  return root;
}

const build = (root) => spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
const builds = (root) => spawnSync('cat', [join(root, 'builds.log')], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
const later = (path, seconds) => {
  const t = new Date(Date.now() + seconds * 1000);
  utimesSync(path, t, t);
};

test('the first run builds everything in dependency order and prints one line, not the build output', () => {
  const root = workspace();
  const first = build(root);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, '');
  assert.match(first.stderr, /^build: a, b \(\d+\.\d s\); 0 current\n$/);
  assert.deepEqual(builds(root), ['a', 'b']);
  rmSync(root, { recursive: true, force: true });
});

test('a second run builds nothing and prints nothing; a changed source rebuilds its package and dependents', () => {
  const root = workspace();
  build(root);
  const second = build(root);
  assert.equal(second.status, 0);
  assert.equal(second.stdout + second.stderr, '');
  assert.deepEqual(builds(root), ['a', 'b']);
  later(join(root, 'packages', 'b', 'src', 'index.ts'), 5);
  const onlyB = build(root);
  assert.match(onlyB.stderr, /^build: b \(\d+\.\d s\); 1 current\n$/);
  later(join(root, 'packages', 'a', 'src', 'index.ts'), 10);
  build(root);
  assert.deepEqual(builds(root), ['a', 'b', 'b', 'a', 'b']);
  rmSync(root, { recursive: true, force: true });
});

test('a failing build shows its output and exits 1', () => {
  const root = workspace();
  writeFileSync(join(root, 'packages', 'a', 'FAIL'), '');
  const failed = build(root);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /noise line 59/);
  assert.match(failed.stderr, /the build broke/);
  assert.match(failed.stderr, /build: a failed \(exit 1\)/);
  rmSync(root, { recursive: true, force: true });
});
