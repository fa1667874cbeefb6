#!/usr/bin/env node
// The README's first command: the care-coordination case on durable storage.
//
// Each run completes one case and leaves the next one open, stored in SQLite (.casekit/demo.db):
//   run 1 — runs a patient's journey (journey.scenario.json) to completion and prints its timeline,
//           then admits the next patient and stops her case halfway, where it waits a month for
//           the follow-up timer;
//   run 2 — a new process: finds that open case in the database, resumes it where run 1 left it,
//           runs it to completion and prints its whole timeline (both runs); then leaves the next
//           one open, and so on.
// Every resumed case is checked against an uninterrupted in-memory run of the same journey.
//
//   node examples/care-coordination/demo.mjs [--fresh] [--db <file>] [--pg <postgres://…>] [--schema <name>]
//
// --pg runs the same demo on an existing PostgreSQL server instead (a connection string).
// Uses the built packages: `pnpm demo` builds what is out of date first (quietly; nothing when
// everything is current).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const built = (pkg) => join(root, 'packages', pkg, 'dist', 'index.js');
for (const pkg of ['core', 'rules', 'testing', 'store-sqlite', 'store-postgres']) {
  if (!existsSync(built(pkg))) {
    console.error(`demo: packages/${pkg} is not built; run \`npx -y pnpm@10 build\` (the \`demo\` script does).`);
    process.exit(2);
  }
}
const { createEngine, addDuration, parseDuration } = await import(built('core'));
const { loadDecisionTables } = await import(built('rules'));
const { formatTimeline, partialMatch, runScenarioFile } = await import(built('testing'));

const { values: args } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    db: { type: 'string', default: join(root, '.casekit', 'demo.db') },
    pg: { type: 'string' },
    schema: { type: 'string', default: 'casekit_demo' },
  },
});

const MODEL = join(here, 'care-coordination.cmmn');
const SCENARIO = join(here, 'journey.scenario.json');
const KEY = 'care-coordination';
const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8'));
const steps = scenario.steps;
const verbOf = (step) => Object.keys(step).find((k) => k !== 'as' && k !== 'expectError' && k !== 'in');
// Where an admitted case stops: the first wait for time at or after the middle of the journey.
const PAUSE = (() => {
  const i = steps.findIndex((s, i) => i >= Math.floor(steps.length / 2) && verbOf(s) === 'advanceTime');
  return i === -1 ? Math.floor(steps.length / 2) : i;
})();

// --- the store ---------------------------------------------------------------------------------
// The demo's own bookkeeping (which journey step each open case is at, and its virtual clock) sits
// beside the database; the cases themselves — state, history, timers, model versions — are in it.
const progressFile = args.pg ? join(root, '.casekit', `demo-pg-${args.schema}.progress.json`) : `${args.db}.progress.json`;
if (args.fresh) {
  if (!args.pg) for (const suffix of ['', '-wal', '-shm']) rmSync(args.db + suffix, { force: true });
  rmSync(progressFile, { force: true });
}
let store;
let where;
if (args.pg) {
  const { openPostgresStore } = await import(built('store-postgres'));
  store = await openPostgresStore(args.pg, { schema: args.schema });
  if (args.fresh) {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${args.schema.replaceAll('"', '""')}" CASCADE`);
    await store.close();
    store = await openPostgresStore(args.pg, { schema: args.schema });
  }
  where = `PostgreSQL ${args.pg.replace(/\/\/[^@/]*@/, '//…@')} (schema ${args.schema})`;
} else {
  const { openSqliteStore } = await import(built('store-sqlite'));
  store = await openSqliteStore(args.db);
  where = relative(process.cwd(), args.db) || args.db;
}

mkdirSync(dirname(progressFile), { recursive: true });
const progress = existsSync(progressFile) ? JSON.parse(readFileSync(progressFile, 'utf8')) : { runs: 0, admitted: 0, cases: {} };
progress.runs += 1;
const saveProgress = () => {
  writeFileSync(`${progressFile}.tmp`, JSON.stringify(progress, null, 2));
  renameSync(`${progressFile}.tmp`, progressFile);
};
saveProgress();

// Case time: each case lives its own journey in virtual time (two months in a second), so the
// clock is set to the case's own time before it is driven.
const START = Date.parse(scenario.start?.at ?? '2026-01-01T00:00:00Z');
const clock = {
  ms: START,
  now() {
    return this.ms;
  },
  set(ms) {
    this.ms = ms;
  },
};
// The decision tables the scenario names (the risk evaluation is a DMN decision task).
const decisions =
  scenario.decisions === undefined
    ? undefined
    : await loadDecisionTables(Object.fromEntries(Object.entries(scenario.decisions).map(([name, file]) => [name, join(here, file)])));
// Authorization is on (the default, docs/authorization.md): every command is checked against the
// case team below, and the roles a user object carries do not count — nina may screen the patient
// because the team makes her the case's nurse, not because a request says she is one.
const engine = createEngine({ store, clock, decisions });
/** Each case's owner and team: the care coordinator who admits the patient, and who works on the case in which role. */
const OWNER = { id: 'carlos' };
const TEAM = [
  { id: 'carlos', roles: ['case manager'] },
  { id: 'nina', roles: ['nurse'] },
  { id: 'dr-patel', roles: ['physician'] },
];
const { version } = await engine.publish(readFileSync(MODEL, 'utf8'), { key: KEY, fileName: MODEL });

// --- driving the journey -----------------------------------------------------------------------
const lower = (s) => s.toLowerCase();

async function check(caseId, expectations, user) {
  const snapshot = await engine.getCase(caseId);
  const problems = [];
  for (const [ref, expected] of Object.entries(expectations)) {
    let actual;
    if (ref === 'case') actual = lower(snapshot.state);
    else if (ref === 'caseFile') {
      if (!partialMatch(expected, snapshot.caseFile)) problems.push(`caseFile: expected ${JSON.stringify(expected)}`);
      continue;
    } else if (ref === 'discretionary') {
      const names = (await engine.applicableDiscretionaryItems(caseId, user)).map((i) => i.name).sort();
      if (JSON.stringify(names) !== JSON.stringify([...expected].sort())) problems.push(`discretionary: expected ${expected}, got ${names}`);
      continue;
    } else {
      const states = snapshot.items.filter((i) => i.name === ref || i.itemId === ref).map((i) => lower(i.state));
      actual = expected === 'none' ? (states.length === 0 ? 'none' : states) : typeof expected === 'string' ? (states.length === 1 ? states[0] : states) : states;
    }
    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${ref}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return problems;
}

async function command(caseId, step) {
  const verb = verbOf(step);
  const user = step.as ?? scenario.user;
  const body = step[verb];
  switch (verb) {
    case 'set':
      return engine.setCaseFile(caseId, body, { user });
    case 'remove':
      return engine.removeCaseFileItem(caseId, body, { user });
    case 'case':
      return engine.caseCommand(caseId, body, { user });
    case 'plan':
      return engine.plan(caseId, body, { user, in: step.in });
    case 'advanceTime': {
      const target = addDuration(clock.now(), parseDuration(body));
      await engine.fireDueTimers(target);
      clock.set(target);
      return undefined;
    }
    default:
      return engine.planItemCommand(caseId, verb, body, { user });
  }
}

/** Runs journey steps [from, to) on a case; records progress after each. */
async function drive(caseId, from, to) {
  for (let i = from; i < to; i++) {
    const step = steps[i];
    const verb = verbOf(step);
    if (verb === 'expect') {
      // Discretionary items are offered to a user: without one named, to the case's owner.
      const problems = await check(caseId, step.expect, step.as ?? scenario.user ?? OWNER);
      if (problems.length > 0) throw new Error(`step ${i + 1}: ${problems.join('; ')}`);
    } else {
      try {
        await command(caseId, step);
        if (step.expectError) throw new Error(`step ${i + 1}: expected ${step.expectError}, but the command was accepted`);
      } catch (error) {
        if (!step.expectError || (error.code !== step.expectError && error.name !== step.expectError)) throw error;
      }
    }
    progress.cases[caseId] = { ...progress.cases[caseId], next: i + 1, clock: clock.now() };
    saveProgress();
  }
}

const at = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z').replace('T', ' ');
const rule = (title) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 92 - title.length))}`);

/** Prints a case's timeline; returns how many transitions it printed (creations are not shown). */
async function timeline(caseId, resumedAtSeq) {
  const history = await engine.history(caseId);
  const before = history.filter((r) => resumedAtSeq === undefined || r.seq < resumedAtSeq);
  const after = resumedAtSeq === undefined ? [] : history.filter((r) => r.seq >= resumedAtSeq);
  const shown = (records) => {
    const text = formatTimeline(records);
    if (text !== '') console.log(text);
    return text === '' ? 0 : text.split('\n').length;
  };
  let count = shown(before);
  if (after.length > 0) {
    console.log(`   ┄┄┄┄ the process stopped here; a new one resumed the stored case ┄┄┄┄`);
    count += shown(after);
  }
  return count;
}

/** A journey step in words: `complete "Screening" as nina`, `wait 30 days (P30D)`. */
function describeStep(step) {
  const verb = verbOf(step);
  const body = step[verb];
  const who = step.as === undefined ? '' : ` as ${step.as.id}`;
  switch (verb) {
    case 'advanceTime': {
      const days = /^P(\d+)D$/.exec(body);
      return days === null ? `wait ${body}` : `wait ${days[1]} ${days[1] === '1' ? 'day' : 'days'} (${body})`;
    }
    case 'set':
      return `set ${Object.keys(body).join(', ')}${who}`;
    case 'remove':
      return `remove ${body}${who}`;
    case 'case':
      return `${body} the case${who}`;
    case 'expect':
      return `check ${Object.keys(body).join(', ')}`;
    default:
      return `${verb} "${body}"${step.in === undefined ? '' : ` in "${step.in}"`}${who}`;
  }
}

/** The journey run uninterrupted in memory, to compare a resumed case with. */
let reference;
async function sameAsUninterrupted(caseId) {
  reference ??= await runScenarioFile(MODEL, SCENARIO);
  const snapshot = await engine.getCase(caseId);
  const mine = snapshot.items.map((i) => `${i.name}=${lower(i.state)}`);
  const theirs = reference.snapshot.items.map((i) => `${i.name}=${i.state}`);
  const { patient: _mine, ...file } = snapshot.caseFile;
  const { patient: _theirs, ...expectedFile } = reference.snapshot.caseFile;
  return (
    reference.exitCode === 0 &&
    JSON.stringify(mine) === JSON.stringify(theirs) &&
    lower(snapshot.state) === reference.snapshot.case &&
    JSON.stringify(file) === JSON.stringify(expectedFile)
  );
}

// --- this run ------------------------------------------------------------------------------------
console.log(`casekit demo — run ${progress.runs} · model ${KEY} v${version} · cases stored in ${where}`);
console.log(`Case team: ${TEAM.map((m) => `${m.id}${m.id === OWNER.id ? ' (owner)' : ''} as ${m.roles.join(', ')}`).join('; ')}.`);

let completedOne = false;
for (const [caseId, entry] of Object.entries(progress.cases)) {
  const stored = await store.load(caseId);
  if (stored === undefined || stored.state.state !== 'Active' || entry.next >= steps.length) continue;
  rule(`resuming case ${caseId} (${entry.patient})`);
  console.log(
    `Found in ${where}: revision ${stored.revision}, left open by run ${entry.run} at journey step ${entry.next}/${steps.length}, ` +
      `case time ${at(entry.clock)}.`,
  );
  clock.set(entry.clock);
  const resumedAtSeq = stored.state.seq + 1;
  await drive(caseId, entry.next, steps.length);
  const done = await engine.getCase(caseId);
  rule(`timeline of ${caseId}: ${lower(done.state)}`);
  const count = await timeline(caseId, resumedAtSeq);
  const same = await sameAsUninterrupted(caseId);
  console.log(`\n${count} transitions shown, revision ${done.revision}. ${same ? '✓ Same end state as the journey run uninterrupted in memory.' : '✗ DIFFERS from the uninterrupted run!'}`);
  if (!same) process.exitCode = 1;
  completedOne = true;
}

const patients = ['P-2291', 'P-3107', 'P-4420', 'P-5583', 'P-6001', 'P-7342'];
async function admit(until) {
  progress.admitted += 1;
  const patient = patients[(progress.admitted - 1) % patients.length];
  const caseId = `care-${String(progress.admitted).padStart(3, '0')}`;
  clock.set(START);
  const caseFile = { ...scenario.start?.caseFile, patient: { ...scenario.start?.caseFile?.patient, id: patient } };
  await engine.startCase({ caseId, modelKey: KEY, caseFile, user: OWNER, team: TEAM });
  progress.cases[caseId] = { patient, run: progress.runs, next: 0, clock: clock.now() };
  saveProgress();
  await drive(caseId, 0, until);
  return { caseId, patient };
}

if (!completedOne) {
  const { caseId, patient } = await admit(steps.length);
  const done = await engine.getCase(caseId);
  rule(`timeline of ${caseId} (${patient}): ${lower(done.state)}`);
  const count = await timeline(caseId);
  const same = await sameAsUninterrupted(caseId);
  console.log(`\n${count} transitions shown, revision ${done.revision}, stored in ${where}. ${same ? '✓ Same end state as the journey run in memory.' : '✗ DIFFERS from the in-memory run!'}`);
  if (!same) process.exitCode = 1;
}

// Admit the next patient and stop halfway: the case stays open in the database.
const open = await admit(PAUSE);
const waiting = await engine.getCase(open.caseId);
rule(`case ${open.caseId} (${open.patient}) left open`);
const active = waiting.items.filter((i) => i.state === 'Active').map((i) => i.name);
const next = steps[PAUSE];
console.log(
  `Stopped at journey step ${PAUSE}/${steps.length} (next: ${describeStep(next)}), revision ${waiting.revision}, ` +
    `case time ${at(clock.now())}.\nActive now: ${active.join(', ')}.` +
    `\nRun the same command again: a new process resumes this case from ${where}.`,
);

await store.close();
