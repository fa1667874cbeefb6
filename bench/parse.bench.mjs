#!/usr/bin/env node
/**
 * Parse benchmark: casekit `parseCmmn` against cmmn-moddle 5.0.0 `fromXML` (bpmn-io), side by side
 * in one process, over every .cmmn file of ../shared/corpus (minus EXPECTED-INVALID.txt) and
 * ../shared/conformance. See docs/benchmarks.md.
 *
 *   node --expose-gc parse.bench.mjs [--rounds 25] [--warmup 5] [--parsers casekit,cmmn-moddle] [--json]
 *
 * Each round times every file once per parser (process.hrtime.bigint around one call); the two
 * parsers take turns going first. A file's figure is its median over the rounds. Only files both
 * parsers accept are compared; the others are listed.
 */
import { parseArgs } from 'node:util';
import { loadCmmnModdle } from './lib/cmmn-moddle.mjs';
import { loadCorpus } from './lib/corpus.mjs';
import { describeMachine } from './lib/machine.mjs';
import { median, quantile, sum } from './lib/stats.mjs';

const { values: args } = parseArgs({
  // `pnpm run bench -- --json` passes the `--` through: ignore it.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    rounds: { type: 'string', default: '25' },
    warmup: { type: 'string', default: '5' },
    parsers: { type: 'string', default: 'casekit,cmmn-moddle' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const warmup = Number(args.warmup);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(warmup) || warmup < 0) {
  throw new Error('--rounds must be an integer ≥ 1 and --warmup an integer ≥ 0');
}
const wanted = args.parsers.split(',').map((s) => s.trim());
const log = (...parts) => console.error(...parts);
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
if (typeof globalThis.gc !== 'function') log('note: run with node --expose-gc to collect garbage between rounds');

// ---- the contenders -------------------------------------------------------------------------
const parsers = [];
if (wanted.includes('casekit')) {
  let core;
  try {
    core = await import('@casekit/core');
  } catch (error) {
    throw new Error(`cannot load @casekit/core (built dist); run the build first: ${error.message}`);
  }
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const version = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@casekit/core/package.json'), 'utf8')).version;
  parsers.push({
    id: 'casekit',
    label: `casekit ${version} \`parseCmmn\``,
    version,
    parse: (xml) => core.parseCmmn(xml),
  });
}
if (wanted.includes('cmmn-moddle')) {
  const moddle = await loadCmmnModdle();
  parsers.push({
    id: 'cmmn-moddle',
    label: `cmmn-moddle ${moddle.version} \`fromXML\``,
    version: moddle.version,
    versions: moddle.versions,
    parse: moddle.parse,
  });
}
if (parsers.length === 0) throw new Error(`--parsers names none of casekit, cmmn-moddle: ${args.parsers}`);

// ---- the files: keep those every parser accepts ---------------------------------------------
const corpus = loadCorpus();
const rejected = [];
const files = corpus.files.filter((file) => {
  let ok = true;
  for (const parser of parsers) {
    try {
      parser.parse(file.xml);
    } catch (error) {
      ok = false;
      rejected.push({ file: file.name, parser: parser.id, error: String(error.message).split('\n')[0].slice(0, 200) });
    }
  }
  return ok;
});
const totalBytes = sum(files.map((f) => f.bytes));
log(
  `${files.length} files (${(totalBytes / 1024).toFixed(0)} KiB) compared; ${corpus.excluded.length} excluded as expected-invalid; ` +
    `${new Set(rejected.map((r) => r.file)).size} rejected by a parser`,
);

// ---- measure ---------------------------------------------------------------------------------
let sink = 0; // keeps results observable
const samples = new Map(parsers.map((p) => [p.id, files.map(() => new Float64Array(rounds))]));
function pass(parser, round) {
  gc();
  const perFile = round === undefined ? undefined : samples.get(parser.id);
  for (let i = 0; i < files.length; i++) {
    const xml = files[i].xml;
    const t0 = process.hrtime.bigint();
    const result = parser.parse(xml);
    const t1 = process.hrtime.bigint();
    if (perFile) perFile[i][round] = Number(t1 - t0);
    sink += result ? 1 : 0;
  }
}
const orderOf = (round) => (round % 2 === 0 ? parsers : [...parsers].reverse());
for (let w = 0; w < warmup; w++) for (const parser of orderOf(w)) pass(parser, undefined);
log(`warm-up: ${warmup} rounds; measuring ${rounds} rounds`);
const started = Date.now();
for (let r = 0; r < rounds; r++) for (const parser of orderOf(r)) pass(parser, r);
gc();
log(`measured in ${((Date.now() - started) / 1000).toFixed(1)} s (sink ${sink})`);

// ---- summarise -------------------------------------------------------------------------------
// Samples are in nanoseconds.
const summary = parsers.map((parser) => {
  const perFile = samples.get(parser.id);
  const medians = perFile.map((s) => median(s));
  const minima = perFile.map((s) => Math.min(...s));
  const total = sum(medians);
  return {
    id: parser.id,
    label: parser.label,
    version: parser.version,
    files: files.length,
    totalMs: total / 1e6,
    bytesPerSecond: totalBytes / (total / 1e9),
    perFileMedianUs: median(medians) / 1e3,
    perFileP90Us: quantile(medians, 0.9) / 1e3,
    totalOfMinimaMs: sum(minima) / 1e6,
    medians,
  };
});
let comparison;
const ck = summary.find((s) => s.id === 'casekit');
const md = summary.find((s) => s.id === 'cmmn-moddle');
if (ck && md) {
  const ratios = files.map((_, i) => md.medians[i] / ck.medians[i]);
  const order = files.map((_, i) => i).sort((a, b) => ratios[a] - ratios[b] || (files[a].name < files[b].name ? -1 : 1));
  comparison = {
    totalRatio: md.totalMs / ck.totalMs,
    totalOfMinimaRatio: md.totalOfMinimaMs / ck.totalOfMinimaMs,
    perFileRatioMedian: median(ratios),
    perFileRatioP10: quantile(ratios, 0.1),
    perFileRatioP90: quantile(ratios, 0.9),
    perFileRatioMin: Math.min(...ratios),
    perFileRatioMax: Math.max(...ratios),
    filesAtLeast5x: ratios.filter((r) => r >= 5).length,
    lowestRatios: order.slice(0, 5).map((i) => ({ file: files[i].name, bytes: files[i].bytes, ratio: ratios[i], casekitUs: ck.medians[i] / 1e3, moddleUs: md.medians[i] / 1e3 })),
    ratios,
  };
}

const report = {
  benchmark: 'parse',
  date: new Date().toISOString(),
  machine: describeMachine(),
  config: { rounds, warmup, gcBetweenPasses: typeof globalThis.gc === 'function', order: 'fixed (code-point order of path); parsers alternate going first each round' },
  corpus: {
    files: files.length,
    bytes: totalBytes,
    excludedExpectedInvalid: corpus.excluded,
    rejected,
  },
  versions: Object.assign({}, ...parsers.map((p) => p.versions ?? { [p.id === 'casekit' ? '@casekit/core' : p.id]: p.version })),
  parsers: summary.map(({ medians, ...rest }) => rest),
  comparison: comparison && (({ ratios, ...rest }) => rest)(comparison),
  perFile: files.map((f, i) => ({
    file: f.name,
    bytes: f.bytes,
    ...Object.fromEntries(summary.map((s) => [`${s.id}Us`, s.medians[i] / 1e3])),
    ...(comparison ? { ratio: comparison.ratios[i] } : {}),
  })),
};

if (args.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const f1 = (v) => v.toFixed(1);
  const f2 = (v) => v.toFixed(2);
  const m = report.machine;
  const lines = [
    `## Parsing — ${files.length} files, ${(totalBytes / 1024).toFixed(0)} KiB`,
    '',
    `${m.cpu}, ${m.logicalCpus} logical CPUs, Node ${m.node}, load average ${m.loadAverage1m} at start; ${rounds} rounds after ${warmup} warm-up rounds` +
      `${report.config.gcBetweenPasses ? ', GC before every pass' : ''}. Per file: the median of its ${rounds} timings.`,
    '',
    '| parser | files | total of per-file medians | throughput | per-file median | per-file p90 | total of per-file minima |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...summary.map(
      (s) => `| ${s.label} | ${s.files} | ${f1(s.totalMs)} ms | ${f2(s.bytesPerSecond / 1e6)} MB/s | ${f1(s.perFileMedianUs)} µs | ${f1(s.perFileP90Us)} µs | ${f1(s.totalOfMinimaMs)} ms |`,
    ),
  ];
  if (comparison) {
    const c = comparison;
    lines.push(
      '',
      '| cmmn-moddle time / casekit time (> 1: casekit faster) | |',
      '|---|---:|',
      `| ratio of the totals | **${f2(c.totalRatio)}×** |`,
      `| per-file ratio, median | ${f2(c.perFileRatioMedian)}× |`,
      `| per-file ratio, p10 | ${f2(c.perFileRatioP10)}× |`,
      `| per-file ratio, p90 | ${f2(c.perFileRatioP90)}× |`,
      `| ratio of the totals of per-file minima (least disturbed run) | ${f2(c.totalOfMinimaRatio)}× |`,
      `| per-file ratio, min … max | ${f2(c.perFileRatioMin)}× … ${f2(c.perFileRatioMax)}× |`,
      `| files where casekit is ≥ 5× faster | ${c.filesAtLeast5x} of ${files.length} |`,
      '',
      'Lowest per-file ratios:',
      '',
      '| file | bytes | casekit | cmmn-moddle | ratio |',
      '|---|---:|---:|---:|---:|',
      ...c.lowestRatios.map((r) => `| ${r.file} | ${r.bytes} | ${f1(r.casekitUs)} µs | ${f1(r.moddleUs)} µs | ${f2(r.ratio)}× |`),
    );
  }
  if (corpus.excluded.length + rejected.length > 0) {
    lines.push('', 'Not compared:', '');
    for (const name of corpus.excluded) lines.push(`- ${name}: listed in EXPECTED-INVALID.txt`);
    for (const r of rejected) lines.push(`- ${r.file}: rejected by ${r.parser} (${r.error})`);
  }
  lines.push('', `Versions: ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
