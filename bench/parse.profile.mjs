#!/usr/bin/env node
/**
 * casekit's parse alone, in a loop, for the CPU profiler:
 *
 *   node --cpu-prof --cpu-prof-dir=.cache/profiles parse.profile.mjs [seconds=10]
 *   node lib/cpuprofile-top.mjs .cache/profiles
 *
 * Same files as parse.bench.mjs (those casekit accepts), in the same order.
 */
import { parseCmmn } from '@casekit/core';
import { loadCorpus } from './lib/corpus.mjs';

const seconds = Number(process.argv[2] ?? 10);
const files = loadCorpus().files.filter((f) => {
  try {
    parseCmmn(f.xml);
    return true;
  } catch {
    return false;
  }
});
const until = Date.now() + seconds * 1000;
let passes = 0;
let sink = 0;
while (Date.now() < until) {
  for (const f of files) sink += parseCmmn(f.xml) ? 1 : 0;
  passes++;
}
console.error(`${passes} passes over ${files.length} files in ${seconds} s (sink ${sink})`);
