#!/usr/bin/env node
/**
 * Case execution benchmarks (issue "The case engine", item 9), side by side in one process:
 *
 *  (a) the cost of one event in a case of 10 vs 1,000 plan items: the pure `step` completing the
 *      active task of a sequence, whose completion satisfies exactly one sentry, repeated from the
 *      same state (the step is a pure function); goal: ratio 1000/10 ≤ 1.5;
 *  (b) start and complete a sequential case of 10 human tasks: casekit (`createEngine` with the
 *      in-memory store, one command per task) vs bpmn-engine running the equivalent BPMN sequence of
 *      10 user tasks (each signalled when it waits); goal: casekit ≥ 10× bpmn-engine's throughput;
 *  (c) the serialised size of a dormant case (JSON of the stored state, and gzipped).
 *
 * Usage: node --expose-gc engine.bench.mjs [--json] [--rounds N]
 */
import { EventEmitter } from 'node:events';
import { gzipSync } from 'node:zlib';
import { Engine as BpmnEngine } from 'bpmn-engine';
import { createEngine, parseCmmn, VirtualClock } from '@casekit/core';
import { AUTHORIZATION_OFF, compileCase, createCase, step } from '@casekit/core/internals';
import { describeMachine } from './lib/machine.mjs';
import { median, quantile } from './lib/stats.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 15;
const gc = globalThis.gc ?? (() => {});

/** A case plan of `n` human tasks in sequence: task i+1's entry criterion waits for task i's complete. */
function sequenceCmmn(n) {
  const items = [];
  const sentries = [];
  const definitions = [];
  for (let i = 1; i <= n; i++) {
    const entry = i === 1 ? '' : `<entryCriterion id="ec_${i}" sentryRef="s_${i}"/>`;
    items.push(`<planItem id="pi_${i}" name="Task ${i}" definitionRef="t_${i}">${entry}</planItem>`);
    if (i > 1) {
      sentries.push(
        `<sentry id="s_${i}"><planItemOnPart id="op_${i}" sourceRef="pi_${i - 1}"><standardEvent>complete</standardEvent></planItemOnPart></sentry>`,
      );
    }
    definitions.push(`<humanTask id="t_${i}" name="Task ${i}"/>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="seq_${n}" targetNamespace="https://casekit.dev/bench">
  <case id="sequence" name="Sequence of ${n}">
    <casePlanModel id="plan" name="Sequence" autoComplete="true">
      ${items.join('\n      ')}
      ${sentries.join('\n      ')}
      ${definitions.join('\n      ')}
    </casePlanModel>
  </case>
</definitions>`;
}

/** The same sequence as BPMN 2.0: start → 10 user tasks → end. */
function sequenceBpmn(n) {
  const tasks = [];
  const flows = [];
  let previous = 'start';
  for (let i = 1; i <= n; i++) {
    tasks.push(`<userTask id="task_${i}" name="Task ${i}"/>`);
    flows.push(`<sequenceFlow id="f_${i}" sourceRef="${previous}" targetRef="task_${i}"/>`);
    previous = `task_${i}`;
  }
  flows.push(`<sequenceFlow id="f_end" sourceRef="${previous}" targetRef="end"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="https://casekit.dev/bench">
  <process id="sequence" isExecutable="true">
    <startEvent id="start"/>
    ${tasks.join('\n    ')}
    <endEvent id="end"/>
    ${flows.join('\n    ')}
  </process>
</definitions>`;
}

// ---------------------------------------------------------------------------------------------
// (a) cost of one event, 10 vs 1,000 plan items
// ---------------------------------------------------------------------------------------------

function eventCost(n) {
  const model = parseCmmn(sequenceCmmn(n));
  const compiled = compileCase(model, model.findCase());
  let ids = 0;
  const ctx = { now: Date.parse('2026-01-01T00:00:00Z'), newId: () => `id-${++ids}`, maxTransitions: 10_000, authorization: AUTHORIZATION_OFF };
  const started = createCase(compiled, { id: 'bench', modelKey: 'bench', modelVersion: 1 }, ctx).state;
  // Complete the active task in the middle of the sequence: move the case there first.
  let state = started;
  const middle = Math.floor(n / 2);
  const instanceOf = (s, itemId) => {
    const node = compiled.nodesByItemId.get(itemId)[0];
    const n0 = s.byNode[node][0];
    return s.chunks[n0 >> 5][n0 & 31].id;
  };
  for (let i = 1; i < middle; i++) {
    state = step(compiled, state, { type: 'planItem', transition: 'complete', instance: instanceOf(state, `pi_${i}`) }, ctx).state;
  }
  const command = { type: 'planItem', transition: 'complete', instance: instanceOf(state, `pi_${middle}`) };
  const check = step(compiled, state, command, ctx);
  if (check.transitions.length !== 2) throw new Error(`expected complete + start, got ${check.transitions.length}`);
  const batch = 2000;
  const samples = [];
  for (let warm = 0; warm < 3; warm++) for (let i = 0; i < batch; i++) step(compiled, state, command, ctx);
  for (let round = 0; round < ROUNDS; round++) {
    gc();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) step(compiled, state, command, ctx);
    samples.push(Number(process.hrtime.bigint() - t0) / batch / 1000);
  }
  return { planItems: n, medianMicros: median(samples), p90Micros: quantile(samples, 0.9) };
}

// ---------------------------------------------------------------------------------------------
// (b) start and complete a 10-task sequential case: casekit vs bpmn-engine
// ---------------------------------------------------------------------------------------------

async function casekitSequence(cases) {
  let ids = 0;
  const engine = createEngine({ clock: new VirtualClock(), idGenerator: () => `c${++ids}`, authorization: 'none' });
  engine.deploy(sequenceCmmn(10));
  const t0 = process.hrtime.bigint();
  for (let c = 0; c < cases; c++) {
    const { id } = await engine.startCase();
    for (let i = 1; i <= 10; i++) await engine.complete(id, `pi_${i}`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = await engine.getCase(`c${ids - 20}`).catch(() => undefined);
  return { casesPerSecond: cases / seconds, lastState: last?.state };
}

async function bpmnSequence(cases, sourceContext) {
  const t0 = process.hrtime.bigint();
  for (let c = 0; c < cases; c++) {
    const engine = new BpmnEngine({ name: `case-${c}`, sourceContext });
    const listener = new EventEmitter();
    listener.on('wait', (api) => api.signal());
    const ended = new Promise((resolve, reject) => {
      engine.once('end', resolve);
      engine.once('error', reject);
    });
    await engine.execute({ listener });
    await ended;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { casesPerSecond: cases / seconds };
}

async function bpmnSourceContext() {
  const prototype = new BpmnEngine({ name: 'prepare' });
  const moddleContext = await prototype._getModdleContext(sequenceBpmn(10));
  return prototype._serializeModdleContext(moddleContext);
}

// ---------------------------------------------------------------------------------------------
// (c) serialised size of a dormant case
// ---------------------------------------------------------------------------------------------

async function dormantSize() {
  const engine = createEngine({ clock: new VirtualClock(), idGenerator: (() => { let n = 0; return () => `id-${++n}`; })(), authorization: 'none' });
  engine.deploy(sequenceCmmn(10));
  const { id } = await engine.startCase({ caseFile: { customer: 'C-1042', amount: 1200 } });
  for (let i = 1; i <= 5; i++) await engine.complete(id, `pi_${i}`);
  const state = await engine.getState(id);
  const text = JSON.stringify(state);
  return { description: '10-task sequence, 5 tasks done, 2 case file items', bytes: Buffer.byteLength(text), gzipBytes: gzipSync(text).length };
}

// ---------------------------------------------------------------------------------------------

const small = eventCost(10);
const large = eventCost(1000);
const sourceContext = await bpmnSourceContext();
// Warm up both, then alternate rounds.
await casekitSequence(50);
await bpmnSequence(20, sourceContext);
const casekitRuns = [];
const bpmnRuns = [];
const rounds = Math.max(3, Math.min(ROUNDS, 7));
for (let r = 0; r < rounds; r++) {
  gc();
  casekitRuns.push((await casekitSequence(300)).casesPerSecond);
  gc();
  bpmnRuns.push((await bpmnSequence(100, sourceContext)).casesPerSecond);
}
const size = await dormantSize();

const result = {
  machine: describeMachine(),
  eventCost: { small, large, ratio: large.medianMicros / small.medianMicros },
  sequence: {
    casekitCasesPerSecond: median(casekitRuns),
    bpmnEngineCasesPerSecond: median(bpmnRuns),
    ratio: median(casekitRuns) / median(bpmnRuns),
    rounds,
  },
  dormantCase: size,
};

if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (x, d = 1) => x.toFixed(d);
  console.log(`## Case execution (${result.machine.cpu}, ${result.machine.logicalCpus} CPUs, Node ${result.machine.node}, load ${result.machine.loadAverage1m})\n`);
  console.log('| (a) one event (complete → sentry → start) | median µs | p90 µs |');
  console.log('|---|---:|---:|');
  console.log(`| case of ${small.planItems} plan items | ${f(small.medianMicros, 2)} | ${f(small.p90Micros, 2)} |`);
  console.log(`| case of ${large.planItems} plan items | ${f(large.medianMicros, 2)} | ${f(large.p90Micros, 2)} |`);
  console.log(`| ratio 1000 / 10 | ${f(result.eventCost.ratio, 2)} | |\n`);
  console.log('| (b) start + complete a 10-task sequence | cases / s |');
  console.log('|---|---:|');
  console.log(`| casekit (engine, in-memory store) | ${f(result.sequence.casekitCasesPerSecond, 0)} |`);
  console.log(`| bpmn-engine 25 (10 user tasks) | ${f(result.sequence.bpmnEngineCasesPerSecond, 0)} |`);
  console.log(`| ratio | ${f(result.sequence.ratio, 1)}× |\n`);
  console.log(`(c) dormant case (${size.description}): ${size.bytes} bytes of JSON, ${size.gzipBytes} gzipped`);
}
