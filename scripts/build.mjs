#!/usr/bin/env node
// Builds the workspace packages (packages/*) that are out of date, in dependency order, quietly.
//
//   node scripts/build.mjs [--force] [--verbose] [--root <dir>] [package-name...]
//
// A package is current when its dist/ is newer than everything its build reads (src/, package.json,
// tsup.config.ts, tsconfig.json, ../../tsconfig.base.json) and than the dist/ of every workspace
// package it depends on (dependencies and peerDependencies); a current package is not rebuilt. The build tool's output is shown only
// when a build fails (or with --verbose); otherwise one line says what was built, or nothing at all
// when everything was current. Exit code 1 when a build failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags, positionals: only } = parseArgs({
  options: { force: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false }, root: { type: 'string' } },
  allowPositionals: true,
});
// The workspace: this repository, or --root (the tests build a workspace of their own).
const root = flags.root ?? join(dirname(fileURLToPath(import.meta.url)), '..');

/** Newest and oldest modification times of the files under a path (a file or a folder). */
function times(path) {
  let newest = 0;
  let oldest = Number.POSITIVE_INFINITY;
  let count = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(p)) visit(join(p, name));
      return;
    }
    count++;
    newest = Math.max(newest, stat.mtimeMs);
    oldest = Math.min(oldest, stat.mtimeMs);
  };
  visit(path);
  return { newest, oldest: count === 0 ? 0 : oldest, count };
}

// The workspace packages that have a build script, by name.
const packages = new Map();
for (const folder of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', folder);
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.scripts?.build === undefined) continue;
  packages.set(manifest.name, { name: manifest.name, dir, manifest });
}
for (const pkg of packages.values()) {
  // What its build reads: runtime and peer dependencies (a workspace package used only by its tests is not one).
  const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
  pkg.deps = Object.keys(deps).filter((d) => packages.has(d) && d !== pkg.name);
}

// Dependency order (depth first); with names given, those and what they depend on.
const order = [];
const placed = new Set();
const place = (name, path = []) => {
  if (placed.has(name)) return;
  if (path.includes(name)) throw new Error(`build: dependency cycle ${[...path, name].join(' → ')}`);
  for (const dep of packages.get(name).deps) place(dep, [...path, name]);
  placed.add(name);
  order.push(packages.get(name));
};
for (const name of only.length > 0 ? only : [...packages.keys()]) {
  if (!packages.has(name)) {
    console.error(`build: no workspace package "${name}" with a build script`);
    process.exit(2);
  }
  place(name);
}

const tsupBin = (dir) => {
  for (const base of [dir, root]) {
    const bin = join(base, 'node_modules', '.bin', 'tsup');
    if (existsSync(bin)) return bin;
  }
  return undefined;
};

const built = [];
const started = Date.now();
for (const pkg of order) {
  const dist = times(join(pkg.dir, 'dist'));
  const inputs = Math.max(
    ...['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'].map((p) => times(join(pkg.dir, p)).newest),
    times(join(root, 'tsconfig.base.json')).newest,
    ...pkg.deps.map((d) => times(join(packages.get(d).dir, 'dist')).newest),
  );
  // A build that failed half way (JavaScript written, declarations not) leaves a dist/ that is not current.
  const outputs = [pkg.manifest.main, pkg.manifest.module, pkg.manifest.types].filter((f) => typeof f === 'string');
  const complete = outputs.every((f) => existsSync(join(pkg.dir, f)));
  if (!flags.force && complete && dist.count > 0 && dist.oldest >= inputs) continue;
  const bin = tsupBin(pkg.dir);
  const command = pkg.manifest.scripts.build === 'tsup' && bin !== undefined ? [bin, []] : ['npm', ['run', '--silent', 'build']];
  const result = spawnSync(command[0], command[1], { cwd: pkg.dir, encoding: 'utf8', stdio: flags.verbose ? 'inherit' : 'pipe' });
  if (result.status !== 0) {
    if (!flags.verbose) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`build: ${pkg.name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  built.push(pkg.name);
}
if (built.length > 0) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(`build: ${built.join(', ')} (${seconds} s); ${order.length - built.length} current`);
}
