#!/usr/bin/env node
// Packs every public workspace package (packages/*, not "private") into one folder, as it would be
// published: `pnpm pack` rewrites `workspace:` ranges to the packages' versions. Then checks each
// packed manifest (no `workspace:` range left, no file outside what `files` allows) and prints the
// tarballs with their sizes.
//
//   node scripts/pack-all.mjs [--out <dir>]        (default: .casekit/pack; run `pnpm build` first)
//
// The packages must be built; `pnpm pack-all` builds what is out of date first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { out: { type: 'string', default: join(root, '.casekit', 'pack') } } });
const out = resolve(args.out);

/** pnpm as this script was started (`pnpm pack-all`), else through npx. */
function pnpm(argv, cwd) {
  const execPath = process.env.npm_execpath;
  const [command, prefix] =
    execPath !== undefined && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['npx', ['-y', 'pnpm@10']];
  return spawnSync(command, [...prefix, ...argv], { cwd, encoding: 'utf8' });
}

/** The entries of a .tgz: name → size (a minimal tar reader; npm tarballs are plain ustar). */
function tarEntries(file) {
  const tar = gunzipSync(readFileSync(file));
  const entries = new Map();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    entries.set(prefix === '' ? name : `${prefix}/${name}`, { size, offset: offset + 512 });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { tar, entries };
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const rows = [];
let failed = false;
for (const folder of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', folder);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private === true) continue;
  if (manifest.main !== undefined && !existsSync(join(dir, manifest.main))) {
    console.error(`pack-all: ${manifest.name} is not built (${manifest.main} is missing); run \`pnpm build\``);
    process.exit(1);
  }
  const result = pnpm(['pack', '--pack-destination', out], dir);
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}`);
    console.error(`pack-all: packing ${manifest.name} failed`);
    process.exit(1);
  }
  const tarball = readdirSync(out).find((f) => f === `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`);
  if (tarball === undefined) {
    console.error(`pack-all: no tarball for ${manifest.name} in ${out}`);
    process.exit(1);
  }
  const { tar, entries } = tarEntries(join(out, tarball));
  const packedManifest = entries.get('package/package.json');
  const packed = JSON.parse(tar.subarray(packedManifest.offset, packedManifest.offset + packedManifest.size).toString('utf8'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(packed[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        console.error(`pack-all: ${manifest.name}: ${field}.${name} is still "${range}" in the tarball`);
        failed = true;
      }
    }
  }
  const maps = [...entries.keys()].filter((n) => n.endsWith('.map'));
  if (maps.length > 0) {
    console.error(`pack-all: ${manifest.name} packs source maps (${maps.join(', ')})`);
    failed = true;
  }
  const unpacked = [...entries.values()].reduce((sum, e) => sum + e.size, 0);
  rows.push([manifest.name, tarball, kB(statSync(join(out, tarball)).size), kB(unpacked), String(entries.size)]);
}

const header = ['package', 'tarball', 'packed', 'unpacked', 'files'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
console.log(`Tarballs in ${relative(process.cwd(), out) || out}:`);
console.log(line(header));
for (const row of rows) console.log(line(row));
if (failed) process.exit(1);
