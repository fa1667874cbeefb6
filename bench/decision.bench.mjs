#!/usr/bin/env node
/**
 * Decision benchmark: a 50-rule, 5-input decision table evaluated over 100,000 inputs by casekit
 * (`@casekit/rules`, built dist) and by json-rules-engine encoding the same rules, side by side in
 * one process. See docs/benchmarks.md.
 *
 *   node --expose-gc decision.bench.mjs [--inputs 100000] [--decision-rounds 1] [--decision-warmup 5000] [--seed 42] [--json]
 *
 * Both evaluate every rule for every input (casekit: hit policy RULE ORDER; json-rules-engine:
 * `engine.run`, which runs all rules) and must agree on the matching rules of every input — the
 * benchmark fails otherwise. Each contender first warms up on the first `--decision-warmup` inputs; then
 * each round times one pass over all inputs per contender (they take turns going first), and the
 * figure is the median round. json-rules-engine needs about 1.6 ms per input here, so one round
 * over 100,000 inputs takes about three minutes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.mjs';
import { median } from './lib/stats.mjs';

// run.mjs forwards the same arguments to every benchmark: options of the others are ignored, and
// this one's are named so that the parse benchmark's `--rounds`/`--warmup` do not apply here.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  strict: false,
  options: {
    inputs: { type: 'string', default: '100000' },
    'decision-rounds': { type: 'string', default: '1' },
    'decision-warmup': { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    json: { type: 'boolean', default: false },
  },
});
const INPUTS = Number(args.inputs);
const ROUNDS = Number(args['decision-rounds']);
const WARMUP = Number(args['decision-warmup']);
if (!Number.isInteger(INPUTS) || INPUTS < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  throw new Error('--inputs and --decision-rounds must be integers ≥ 1, --decision-warmup an integer ≥ 0');
}
const log = (...parts) => console.error(...parts);
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

// ---- the contenders ---------------------------------------------------------------------------
const here = path.dirname(fileURLToPath(import.meta.url));
const rulesDist = path.join(here, '../packages/rules/dist/index.js');
let rules;
try {
  rules = await import(pathToFileURL(rulesDist).href);
} catch (error) {
  throw new Error(`cannot load @casekit/rules (built dist at ${rulesDist}); run the build first: ${error.message}`);
}
const rulesVersion = JSON.parse(readFileSync(path.join(here, '../packages/rules/package.json'), 'utf8')).version;
const require = createRequire(import.meta.url);
const { Engine } = require('json-rules-engine');
const jreVersion = JSON.parse(readFileSync(require.resolve('json-rules-engine/package.json'), 'utf8')).version;

// ---- a deterministic table --------------------------------------------------------------------
/** mulberry32: a small seeded PRNG, so every run measures the same table and inputs. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(args.seed));
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];

const REGIONS = ['north', 'south', 'east', 'west', 'central', 'coast', 'islands', 'capital'];
const INPUT_COLUMNS = [
  { name: 'age', type: 'number', lo: 0, hi: 100 },
  { name: 'income', type: 'number', lo: 0, hi: 200_000 },
  { name: 'score', type: 'number', lo: 300, hi: 850 },
  { name: 'region', type: 'string' },
  { name: 'member', type: 'boolean' },
];

/** One condition per chosen column: [feel entry, json-rules-engine conditions]. */
function condition(column) {
  if (column.type === 'boolean') {
    const value = random() < 0.5;
    return [String(value), [{ fact: column.name, operator: 'equal', value }]];
  }
  if (column.type === 'string') {
    const set = [...new Set([pick(REGIONS), pick(REGIONS), pick(REGIONS)])];
    return [set.map((r) => JSON.stringify(r)).join(','), [{ fact: column.name, operator: 'in', value: set }]];
  }
  const span = column.hi - column.lo;
  const a = int(column.lo, column.hi - Math.floor(span / 4));
  switch (int(0, 2)) {
    case 0: {
      const b = Math.min(column.hi, a + int(Math.floor(span / 8), Math.floor(span / 2)));
      return [
        `[${a}..${b}]`,
        [
          { fact: column.name, operator: 'greaterThanInclusive', value: a },
          { fact: column.name, operator: 'lessThanInclusive', value: b },
        ],
      ];
    }
    case 1:
      return [`>= ${a}`, [{ fact: column.name, operator: 'greaterThanInclusive', value: a }]];
    default:
      return [`< ${a + Math.floor(span / 4)}`, [{ fact: column.name, operator: 'lessThan', value: a + Math.floor(span / 4) }]];
  }
}

const BANDS = ['A', 'B', 'C', 'D'];
const tableRules = [];
const jreRules = [];
for (let i = 1; i <= 50; i++) {
  const id = `r${i}`;
  const columns = [...INPUT_COLUMNS].sort(() => random() - 0.5).slice(0, int(2, 4));
  const when = {};
  const all = [];
  for (const column of columns) {
    const [entry, conditions] = condition(column);
    when[column.name] = entry;
    all.push(...conditions);
  }
  const then = { band: pick(BANDS), points: int(1, 100) };
  tableRules.push({ id, when, then });
  jreRules.push({ name: id, conditions: { all }, event: { type: id, params: then } });
}
const tableJson = {
  id: 'bench',
  hitPolicy: 'RULE ORDER',
  inputs: INPUT_COLUMNS.map(({ name, type }) => ({ name, type })),
  outputs: [
    { name: 'band', type: 'string' },
    { name: 'points', type: 'number' },
  ],
  rules: tableRules,
};
const inputs = Array.from({ length: INPUTS }, () => ({
  age: int(0, 100),
  income: int(0, 200_000),
  score: int(300, 850),
  region: pick(REGIONS),
  member: random() < 0.5,
}));

const [decision] = rules.compileDecisions(rules.readDecisionTableJson(tableJson));
const engine = new Engine(jreRules, { allowUndefinedFacts: true });


// ---- timing -----------------------------------------------------------------------------------
/** Each contender returns, per input, the ids of the matching rules (in rule order). */
const contenders = [
  {
    id: 'casekit',
    label: `casekit ${rulesVersion} (\`@casekit/rules\`, RULE ORDER)`,
    run: async (list) => list.map((input) => decision.evaluate(input).matchedRules),
  },
  {
    id: 'casekit-explain',
    label: `casekit ${rulesVersion}, with \`explain: true\` (trace of every rule)`,
    run: async (list) => list.map((input) => decision.evaluate(input, { explain: true }).matchedRules),
  },
  {
    id: 'json-rules-engine',
    label: `json-rules-engine ${jreVersion} (\`engine.run\`)`,
    run: async (list) => {
      const out = new Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const { events } = await engine.run(list[i]);
        out[i] = events.map((event) => event.type).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
      }
      return out;
    },
  },
];

const warmup = inputs.slice(0, Math.min(WARMUP, inputs.length));
for (const contender of contenders) {
  gc();
  await contender.run(warmup);
}
const times = Object.fromEntries(contenders.map((c) => [c.id, []]));
const answers = {};
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? contenders : [...contenders].reverse();
  for (const contender of order) {
    gc();
    const started = process.hrtime.bigint();
    const matched = await contender.run(inputs);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    times[contender.id].push(ms);
    answers[contender.id] ??= matched;
    log(`round ${round + 1}/${ROUNDS}  ${contender.id.padEnd(18)} ${ms.toFixed(0).padStart(8)} ms`);
  }
}

// ---- agreement: every contender found the same matching rules for every input -------------------
let matches = 0;
for (let i = 0; i < inputs.length; i++) {
  const expected = answers['json-rules-engine'][i].join();
  for (const contender of contenders) {
    const got = answers[contender.id][i].join();
    if (got !== expected) {
      throw new Error(`disagreement on input ${i} ${JSON.stringify(inputs[i])}: ${contender.id} ${got} vs json-rules-engine ${expected}`);
    }
  }
  matches += answers['json-rules-engine'][i].length;
}
log(`all contenders agree on all ${INPUTS} inputs (${matches} rule matches, ${(matches / INPUTS).toFixed(2)} per input)`);

const results = contenders.map((c) => {
  const ms = median(times[c.id]);
  return { id: c.id, label: c.label, medianMs: ms, perInputUs: (ms * 1000) / INPUTS, inputsPerSecond: INPUTS / (ms / 1000), rounds: times[c.id] };
});
const baseline = results.find((r) => r.id === 'json-rules-engine').medianMs;
for (const r of results) r.speedupVsJsonRulesEngine = baseline / r.medianMs;

const report = {
  benchmark: 'decision',
  table: { rules: 50, inputs: INPUT_COLUMNS.length, hitPolicy: 'RULE ORDER', evaluations: INPUTS, matchesPerInput: matches / INPUTS, seed: Number(args.seed) },
  rounds: ROUNDS,
  machine: describeMachine(),
  results,
};

if (args.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const m = report.machine;
  console.log(`\nDecision table: 50 rules × 5 inputs, ${INPUTS.toLocaleString('en')} inputs, ${(matches / INPUTS).toFixed(2)} matching rules per input; median of ${ROUNDS} rounds`);
  console.log(`${m.cpu}, ${m.logicalCpus} logical CPUs, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}\n`);
  console.log('| contender | time for all inputs | per input | inputs/s | vs json-rules-engine |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${(r.medianMs / 1000).toFixed(2)} s | ${r.perInputUs.toFixed(1)} µs | ${Math.round(r.inputsPerSecond).toLocaleString('en')} | ${r.speedupVsJsonRulesEngine.toFixed(1)}× |`,
    );
  }
}
