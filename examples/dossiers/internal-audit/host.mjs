#!/usr/bin/env node
// An internal audit as an application runs it: the auditor records findings one by one (each a
// new instance of the same plan item), the severity table rates each, the auditee answers each
// with an action plan, the report is published through a handler, and the host's timer loop
// brings the monthly follow-up until every action is verified.
//
//   node --import ./examples/register.mjs examples/dossiers/internal-audit/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages.) The test imports `main`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createEngine, VirtualClock } from '@casekit/core';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson } from '@casekit/rules';

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');
const DAY = 24 * 3600_000;

const FINDINGS = [
  { title: 'purchase orders approved after the invoice', likelihood: 'likely', impact: 'minor' },
  { title: 'vendor master changes not reviewed', likelihood: 'possible', impact: 'moderate' },
  { title: 'one person can create and release payments', likelihood: 'likely', impact: 'major' },
];

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-02-02T09:00:00Z');
  const published = [];
  const engine = createEngine({
    // The host's directory gives each user their roles: the engine trusts them (docs/authorization.md).
    authorization: { trustUserRoles: true },
    clock,
    decisions: createDecisionRegistry({ decisions: compileDecisions(readDecisionTableJson(file('./finding-severity.json'), { source: 'finding-severity.json' })) }),
    handlers: {
      'docs.publish-report': ({ caseId, caseFile }) => {
        published.push(caseFile.engagement.title);
        return { report: { url: `https://audit.example/reports/${caseId}`, publishedAt: new Date(clock.now()).toISOString() } };
      },
    },
  });
  engine.deploy(file('./internal-audit.cmmn'), { key: 'internal-audit', fileName: 'internal-audit.cmmn' });

  const lea = { id: 'lea', roles: ['lead auditor'] };
  const omar = { id: 'omar', roles: ['auditor'] };
  const pia = { id: 'pia', roles: ['auditee'] };
  const committee = { id: 'ines', roles: ['audit committee'] };

  const { id } = await engine.startCase({ caseDefinition: 'internal_audit', caseFile: { engagement: { title: 'Procurement controls 2026', auditee: 'Purchasing' } }, user: lea });
  await engine.complete(id, 'Plan engagement', { user: lea });

  const severities = [];
  for (const finding of FINDINGS) {
    clock.advance(DAY);
    // The next "Record finding" instance waits Enabled; the auditor starts it and records the finding.
    await engine.manualStart(id, 'Record finding', { user: omar });
    await engine.complete(id, 'Record finding', { user: omar, output: { finding: { title: finding.title }, likelihood: finding.likelihood, impact: finding.impact } });
    const c = await engine.getCase(id);
    severities.push(c.caseFile.severity);
    log(`finding ${severities.length}: ${finding.title} → ${c.caseFile.severity}`);
  }
  // The committee's work list: one escalation, for the critical finding.
  const forCommittee = (await engine.legalCommands(id, committee)).filter((i) => i.commands.includes('complete')).map((i) => i.name);
  log(`audit committee to do: ${forCommittee.join(', ')}`);
  await engine.complete(id, 'Escalate to audit committee', { user: committee });
  // The auditee answers each finding: every Active "Agree action plan" instance, oldest first.
  for (let i = 0; i < FINDINGS.length; i++) await engine.complete(id, 'Agree action plan', { user: pia, output: { actionPlan: { finding: i + 1 } } });
  await engine.complete(id, 'Test controls', { user: omar });
  await engine.complete(id, 'Draft audit report', { user: lea });
  await engine.complete(id, 'Management response', { user: pia });

  // Follow-up: the host's timer loop; the auditor verifies monthly until nothing is open.
  let open = FINDINGS.length;
  for (const closedThisMonth of [2, 1]) {
    clock.advance(30 * DAY);
    await engine.fireDueTimers();
    open -= closedThisMonth;
    await engine.complete(id, 'Verify remediation', { user: omar, output: { remediation: { open } } });
    log(`${new Date(clock.now()).toISOString().slice(0, 10)}: remediation verified, ${open} action(s) open`);
  }
  await engine.complete(id, 'Close engagement', { user: lea });

  const c = await engine.getCase(id);
  const count = (name) => c.items.filter((i) => i.name === name && i.state === 'Completed').length;
  log(`case ${c.state}: ${count('Record finding')} findings, ${count('Agree action plan')} action plans, ${count('Verify remediation')} follow-up reviews; published: ${published.join(', ')}`);
  return [{ caseId: id, state: c.state, caseFile: c.caseFile, history: await engine.history(id), severities, counts: { findings: count('Record finding'), actionPlans: count('Agree action plan'), reviews: count('Verify remediation') } }];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
