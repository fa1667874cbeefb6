#!/usr/bin/env node
// An insurance claim as an application runs it: the policy system, the expert network and the
// payment system are task handlers; the expert's report (a PDF) comes back days later through the
// application's inbound interface, which attaches it to the case file item "expertReport" (a
// CMISDocument: metadata in the case file, content in the blob store) — and the sentry waiting for
// "expertReport" puts "Review expert report" on the handler's list.
//
//   node --import ./examples/register.mjs examples/dossiers/insurance-claim/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages.) The test imports `main`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine, createFileBlobStore, VirtualClock } from '@casekit/core';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson } from '@casekit/rules';

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');
const DAY = 24 * 3600_000;

// Stand-ins: the policy administration system and the expert network's order book.
const POLICIES = { 'H-778120': { active: true, covers: ['fire', 'water', 'storm', 'theft'] }, 'H-310077': { active: true, covers: ['water', 'storm'] } };

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-11-02T08:00:00Z');
  const expertOrders = [];
  const payments = [];
  // Document content lives in files (an application would keep them under /var/lib/…, or plug in
  // an S3-compatible BlobStore); here, a temporary directory removed at the end.
  const blobDir = mkdtempSync(join(tmpdir(), 'insurance-claim-blobs-'));
  const engine = createEngine({
    documents: { blobStore: createFileBlobStore(blobDir), contentTypes: ['application/pdf'], maxBytes: 10 * 1024 * 1024 },
    // The host's directory gives each user their roles: the engine trusts them (docs/authorization.md).
    authorization: { trustUserRoles: true },
    clock,
    decisions: createDecisionRegistry({ decisions: compileDecisions(readDecisionTableJson(file('./claim-triage.json'), { source: 'claim-triage.json' })) }),
    handlers: {
      'policy.check-coverage': ({ caseFile }) => {
        const policy = POLICIES[caseFile.policy.number];
        return { coverageConfirmed: Boolean(policy?.active && policy.covers.includes(caseFile.claimType)) };
      },
      'experts.commission-report': ({ caseId }) => {
        expertOrders.push(caseId);
        return { expertOrder: { orderedAt: new Date(clock.now()).toISOString() } };
      },
      'payments.pay-claim': ({ caseFile }) => {
        payments.push(`${caseFile.settlement.amount} to ${caseFile.claim.policyholder}`);
        return { payment: { amount: caseFile.settlement.amount, at: new Date(clock.now()).toISOString() } };
      },
    },
  });
  engine.deploy(file('./insurance-claim.cmmn'), { key: 'insurance-claim', fileName: 'insurance-claim.cmmn' });

  const hugo = { id: 'hugo', roles: ['claims handler'] };
  const ada = { id: 'ada', roles: ['loss adjuster'] };
  const maya = { id: 'maya', roles: ['claims manager'] };
  const waitingFor = async (caseId) => (await engine.getCase(caseId)).items.filter((i) => i.state === 'Active').map((i) => i.name);

  const fire = await engine.startCase({ caseDefinition: 'insurance_claim', caseFile: { claim: { policyholder: 'E. Varga' }, policy: { number: 'H-778120' } }, user: hugo });
  const leak = await engine.startCase({ caseDefinition: 'insurance_claim', caseFile: { claim: { policyholder: 'D. Olsen' }, policy: { number: 'H-310077' } }, user: hugo });
  await engine.complete(fire.id, 'Register claim', { user: hugo, output: { claimType: 'fire', claimedAmount: 24000, priorClaims: 0 } });
  await engine.complete(leak.id, 'Register claim', { user: hugo, output: { claimType: 'water', claimedAmount: 1800, priorClaims: 0 } });

  for (const { id } of [fire, leak]) {
    const c = await engine.getCase(id);
    const offered = (await engine.applicableDiscretionaryItems(id, hugo)).map((i) => i.name);
    log(`${c.caseFile.claim.policyholder}: ${c.caseFile.route}; ${hugo.id} may add: ${offered.join(', ') || 'nothing'}`);
  }

  // The fire: expert report and site visit, at the handler's discretion.
  await engine.plan(fire.id, 'Commission expert report', { user: hugo });
  await engine.plan(fire.id, 'Site visit', { user: hugo });
  clock.advance(2 * DAY);
  await engine.complete(fire.id, 'Site visit', { user: ada, output: { siteVisitReport: { kitchenDestroyed: true } } });
  await engine.complete(fire.id, 'Assess damage', { user: hugo });
  log(`fire, day 2: active ${(await waitingFor(fire.id)).join(', ')}; expert orders ${expertOrders.length}`);
  clock.advance(10 * DAY);
  // Inbound: the expert network posts the report (a PDF); the application attaches it to the case file.
  const pdf = Buffer.from('%PDF-1.7\n% Expert report H-778120: electrical fault in the oven; estimate 21,500\n%%EOF\n');
  const { document } = await engine.attachDocument(fire.id, 'expertReport', { name: 'expert-report-H-778120.pdf', contentType: 'application/pdf', content: pdf }, { user: ada });
  log(`fire, day 12, report in: active ${(await waitingFor(fire.id)).join(', ')}`);
  const { content } = await engine.readDocument(fire.id, 'expertReport');
  let bytes = 0;
  for await (const chunk of content) bytes += chunk.length;
  log(`${hugo.id} reads ${document.name} (${document.contentType}, ${bytes} bytes, version ${document.version})`);
  await engine.complete(fire.id, 'Review expert report', { user: hugo });
  await engine.complete(fire.id, 'Decide settlement', { user: hugo, output: { settlement: { amount: 21500, basis: 'expert estimate' } } });
  await engine.complete(fire.id, 'Approve settlement', { user: maya });

  // The leak: fast-track, within the handler's authority, no approval.
  await engine.complete(leak.id, 'Assess damage', { user: hugo });
  await engine.complete(leak.id, 'Decide settlement', { user: hugo, output: { settlement: { amount: 1650, basis: 'plumber invoice' } } });

  const results = [];
  for (const { id } of [fire, leak]) {
    const c = await engine.getCase(id);
    const history = await engine.history(id);
    log(`${c.caseFile.claim.policyholder}: case ${c.state}, ${history.length} transitions`);
    results.push({ caseId: id, state: c.state, caseFile: c.caseFile, history });
  }
  log(`payments: ${payments.join('; ')}`);
  rmSync(blobDir, { recursive: true, force: true });
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
