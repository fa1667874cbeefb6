#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (or the newest one in a folder): self time per function and per
 * source line, mapped back through source maps (dist/*.js.map) to the TypeScript file:line.
 *
 *   node lib/cpuprofile-top.mjs <file.cpuprofile | folder> [top=25]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let target = process.argv[2] ?? '.cache/profiles';
const top = Number(process.argv[3] ?? 25);
if (statSync(target).isDirectory()) {
  const newest = readdirSync(target)
    .filter((n) => n.endsWith('.cpuprofile'))
    .map((n) => path.join(target, n))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`no .cpuprofile in ${target}`);
  target = newest;
}
const profile = JSON.parse(readFileSync(target, 'utf8'));

// Sample interval: total time / samples.
const totalUs = profile.endTime - profile.startTime;
const usPerSample = totalUs / profile.samples.length;
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);

const maps = new Map();
function mapperFor(url) {
  if (!url.startsWith('file://')) return undefined;
  if (maps.has(url)) return maps.get(url);
  let mapper;
  const file = fileURLToPath(url);
  if (existsSync(`${file}.map`)) {
    const sm = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    const lines = readFileSync(file, 'utf8').split('\n');
    const dir = path.dirname(file);
    mapper = (line0, col0) => {
      const col = col0 ?? Math.max(0, (lines[line0] ?? '').search(/\S/));
      const e = sm.findEntry(line0, col);
      if (!e || e.originalSource === undefined) return undefined;
      const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : path.resolve(dir, e.originalSource);
      return { file: src, line: e.originalLine + 1 };
    };
  }
  maps.set(url, mapper);
  return mapper;
}
const rel = (file) => path.relative(process.cwd(), file) || file;
function where(url, line0, col0) {
  const m = mapperFor(url)?.(line0, col0);
  if (m) return `${rel(m.file)}:${m.line}`;
  if (!url) return '(native)';
  const file = url.startsWith('file://') ? rel(fileURLToPath(url)) : url;
  return `${file}:${line0 + 1}`;
}

const byFunction = new Map();
const byFile = new Map();
const byLine = new Map();
let selfTotal = 0;
for (const node of profile.nodes) {
  const n = selfSamples.get(node.id) ?? 0;
  if (n === 0) continue;
  selfTotal += n;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${where(url, lineNumber, columnNumber)}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + n);
  const file = where(url, lineNumber, columnNumber).replace(/:\d+$/, '');
  byFile.set(file, (byFile.get(file) ?? 0) + n);
  for (const { line, ticks } of node.positionTicks ?? []) {
    const lk = `${where(url, line - 1)}  (${functionName || '(anonymous)'})`;
    byLine.set(lk, (byLine.get(lk) ?? 0) + ticks);
  }
}
// Total (inclusive) time: each sample counts once for every distinct function on its stack.
const parentOf = new Map();
const nodeById = new Map();
for (const node of profile.nodes) {
  nodeById.set(node.id, node);
  for (const child of node.children ?? []) parentOf.set(child, node.id);
}
const keyOf = new Map();
const functionKey = (node) => {
  if (!keyOf.has(node.id)) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    keyOf.set(node.id, `${functionName || '(anonymous)'}  ${where(url, lineNumber, columnNumber)}`);
  }
  return keyOf.get(node.id);
};
const inclusive = new Map();
for (const [id, n] of selfSamples) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) seen.add(functionKey(nodeById.get(at)));
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + n);
}
const pct = (n) => `${((100 * n) / selfTotal).toFixed(1).padStart(5)}%`;
const ms = (n) => `${((n * usPerSample) / 1000).toFixed(0).padStart(6)} ms`;
console.log(`${target}: ${(totalUs / 1e6).toFixed(1)} s, ${profile.samples.length} samples\n`);
console.log(`Top ${top} functions by self time:`);
for (const [k, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)} ${ms(n)}  ${k}`);
console.log(`\nTop ${top} functions by total time (self + callees):`);
for (const [k, n] of [...inclusive].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith('(root)')).slice(0, top)) console.log(`${pct(n)} ${ms(n)}  ${k}`);
console.log(`\nTop ${top} source files by self time:`);
for (const [k, n] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)} ${ms(n)}  ${k}`);
console.log(`\nTop ${top} lines by self time (positionTicks):`);
for (const [k, n] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)} ${ms(n)}  ${k}`);
