#!/usr/bin/env node
/**
 * Runs every *.bench.mjs of this folder, one fresh `node --expose-gc` process each, in name order,
 * forwarding the command-line arguments (e.g. --json, --rounds 25).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .sort();
// `pnpm run bench -- --json` passes the `--` through: drop it.
const forwarded = process.argv.slice(2).filter((arg) => arg !== '--');
let failed = 0;
for (const name of benches) {
  const { status, signal } = spawnSync(process.execPath, ['--expose-gc', path.join(dir, name), ...forwarded], {
    stdio: 'inherit',
  });
  if (status !== 0) {
    failed++;
    console.error(`${name} failed (${signal ?? `exit ${status}`})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
