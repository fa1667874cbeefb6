// node --test scripts/: the care-coordination demo (the README's first command) prints what it
// counts and no raw JSON, and a second run resumes the case the first left open. Needs the built
// packages (`pnpm build`); skipped, saying so, when they are not built.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, 'examples', 'care-coordination', 'demo.mjs');
const built = ['core', 'rules', 'testing', 'store-sqlite', 'store-postgres'].every((p) => existsSync(join(root, 'packages', p, 'dist', 'index.js')));

/** The timeline lines a run printed (they start with an ISO time) and the counts it claims. */
function summary(stdout) {
  const sections = stdout.split(/\n── /);
  return sections.flatMap((section) => {
    const claimed = /\n(\d+) transitions shown, revision/.exec(section);
    if (claimed === null) return [];
    const lines = section.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).length;
    return [{ claimed: Number(claimed[1]), lines }];
  });
}

test('the demo counts the transitions it shows, prints no JSON, and resumes on the next run', { skip: built ? false : 'packages not built (run pnpm build)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'casekit-demo-test-'));
  const db = join(dir, 'demo.db');
  const first = spawnSync(process.execPath, [demo, '--fresh', '--db', db], { encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  const counts = summary(first.stdout);
  assert.equal(counts.length, 1);
  assert.equal(counts[0].claimed, counts[0].lines);
  assert.doesNotMatch(first.stdout, /[{[]"/, 'raw JSON in the output');
  assert.match(first.stdout, /\(next: wait 30 days \(P30D\)\)/);
  const second = spawnSync(process.execPath, [demo, '--db', db], { encoding: 'utf8' });
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /resuming case care-002/);
  const resumed = summary(second.stdout);
  assert.equal(resumed[0].claimed, resumed[0].lines);
  assert.doesNotMatch(second.stdout, /[{[]"/);
  rmSync(dir, { recursive: true, force: true });
});
