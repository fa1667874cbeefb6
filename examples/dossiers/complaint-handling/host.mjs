#!/usr/bin/env node
// Complaint handling as an application runs it: letters and payments go out through task
// handlers, the triage table decides the priority, and the host fires due timers — here on a
// virtual clock, in production every few seconds on the system clock — so the legal deadline
// brings its letter without anyone watching the calendar.
//
//   node --import ./examples/register.mjs examples/dossiers/complaint-handling/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages.) The test imports `main`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createEngine, VirtualClock } from '@casekit/core';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson } from '@casekit/rules';

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');
const DAY = 24 * 3600_000;

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-03-09T08:00:00Z');
  const outbox = [];
  const engine = createEngine({
    // The host's directory gives each user their roles: the engine trusts them (docs/authorization.md).
    authorization: { trustUserRoles: true },
    clock,
    decisions: createDecisionRegistry({ decisions: compileDecisions(readDecisionTableJson(file('./complaint-triage.json'), { source: 'complaint-triage.json' })) }),
    handlers: {
      'mail.acknowledge': ({ caseId, caseFile }) => {
        outbox.push({ caseId, letter: 'acknowledgement', to: caseFile.complaint.customer });
        return { acknowledgedAt: new Date(clock.now()).toISOString() };
      },
      'mail.final-response': ({ caseId, caseFile }) => {
        outbox.push({ caseId, letter: 'final response', to: caseFile.complaint.customer });
        return { respondedAt: new Date(clock.now()).toISOString() };
      },
      'payments.goodwill': ({ caseFile }) => ({ goodwillPaid: caseFile.redress?.goodwill ?? 0 }),
    },
  });
  engine.deploy(file('./complaint-handling.cmmn'), { key: 'complaint-handling', fileName: 'complaint-handling.cmmn' });

  const hana = { id: 'hana', roles: ['complaints handler'] };
  const theo = { id: 'theo', roles: ['team lead'] };
  /** Moves the clock and lets the engine fire what fell due, as a host's timer loop would. */
  const wait = async (days) => {
    clock.advance(days * DAY);
    await engine.fireDueTimers();
  };
  const answer = async (caseId) => {
    await engine.complete(caseId, 'Investigate', { user: hana });
    await engine.complete(caseId, 'Draft final response', { user: hana });
    await engine.complete(caseId, 'Approve final response', { user: theo });
  };

  const routine = await engine.startCase({
    caseDefinition: 'complaint_handling',
    caseFile: { complaint: { customer: 'K. Brandt', subject: 'charged twice' }, channel: 'email', amount: 120, vulnerableCustomer: false },
    user: hana,
  });
  const complex = await engine.startCase({
    caseDefinition: 'complaint_handling',
    caseFile: { complaint: { customer: 'Sunrise Bakery GmbH', subject: 'loan terms changed' }, channel: 'regulator', amount: 15000, vulnerableCustomer: false },
    user: hana,
  });
  for (const { id } of [routine, complex]) await engine.complete(id, 'Register complaint', { user: hana });
  for (const { id } of [routine, complex]) {
    const c = await engine.getCase(id);
    const due = c.timers.map((t) => `${c.items.find((i) => i.instanceId === t.instanceId)?.name} ${new Date(t.dueAt).toISOString().slice(0, 10)}`);
    log(`${c.caseFile.complaint.customer}: priority ${c.caseFile.priority}, legal review ${c.caseFile.legalReview ? 'advised' : 'not needed'}; due: ${due.join(', ')}`);
  }

  // The routine complaint: goodwill payment by the team lead, answered after two weeks.
  await wait(14);
  await engine.setCaseFile(routine.id, { redress: { refund: 120, goodwill: 25 } }, { user: hana });
  await engine.plan(routine.id, 'Goodwill payment', { user: theo });
  await answer(routine.id);

  // The complex one: legal review, and the deadline passes first.
  await engine.plan(complex.id, 'Legal review', { user: hana });
  await wait(42);
  const overdue = (await engine.legalCommands(complex.id, hana)).filter((i) => i.commands.includes('complete')).map((i) => i.name);
  log(`after eight weeks, ${hana.id}'s work on the complex complaint: ${overdue.join(', ')}`);
  await engine.complete(complex.id, 'Send delay letter with ombudsman rights', { user: hana });
  await engine.complete(complex.id, 'Prioritise before deadline', { user: theo });
  await engine.complete(complex.id, 'Review overdue complaint', { user: theo });
  await wait(3);
  await engine.complete(complex.id, 'Legal review', { user: { id: 'lex', roles: ['legal counsel'] } });
  await answer(complex.id);

  const results = [];
  for (const { id } of [routine, complex]) {
    const c = await engine.getCase(id);
    const history = await engine.history(id);
    const deadline = history.find((t) => t.itemName === 'Response deadline' && t.transition !== 'create');
    log(`${c.caseFile.complaint.customer}: case ${c.state}, answered ${c.caseFile.respondedAt.slice(0, 10)}, deadline ${deadline?.to === 'Completed' ? 'passed first' : 'met'}`);
    results.push({ caseId: id, state: c.state, caseFile: c.caseFile, history });
  }
  log(`letters sent: ${outbox.map((l) => `${l.letter} to ${l.to}`).join('; ')}`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
