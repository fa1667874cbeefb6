#!/usr/bin/env node
// Account opening as an application runs it: the engine with the bank's services as task handlers
// and the KYC table as its decision registry; an onboarding officer and a compliance officer work
// two applications through it.
//
//   node --import ./examples/register.mjs examples/dossiers/account-opening/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages; an application that
// installs them needs nothing of the kind.) The test imports `main` and checks what it returns.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createEngine, VirtualClock } from '@casekit/core';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson } from '@casekit/rules';

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');

// Stand-ins for the bank's systems: an identity provider, a watch-list screening service, core banking.
const WATCH_LIST = { sanctions: ['Trading House Ltd'], pep: ['Viktor Hale'] };
let nextAccount = 4100;

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-06-01T09:00:00Z');
  const decisions = createDecisionRegistry({
    decisions: compileDecisions(readDecisionTableJson(file('./kyc-risk.json'), { source: 'kyc-risk.json' })),
    now: () => clock.now(),
  });
  const engine = createEngine({
    // The host's directory gives each user their roles: the engine trusts them (docs/authorization.md).
    authorization: { trustUserRoles: true },
    clock,
    decisions,
    // Keyed by the processes' externalRef: the host decides what "kyc.screen" means.
    handlers: {
      'kyc.verify-identity': ({ caseFile }) => ({ identity: { verified: true, method: 'eID', name: caseFile.applicant.name } }),
      'kyc.screen': ({ caseFile }) => ({
        sanctionsHit: WATCH_LIST.sanctions.includes(caseFile.applicant.name),
        pep: WATCH_LIST.pep.includes(caseFile.applicant.name),
      }),
      'core-banking.open-account': () => ({ account: { number: `ACC-${++nextAccount}`, openedAt: new Date(clock.now()).toISOString() } }),
    },
  });
  engine.deploy(file('./account-opening.cmmn'), { key: 'account-opening', fileName: 'account-opening.cmmn' });

  const olivia = { id: 'olivia', roles: ['onboarding officer'] };
  const chen = { id: 'chen', roles: ['compliance officer'] };
  const results = [];

  for (const applicant of [
    { name: 'Ana Pereira', customerType: 'individual', countryRisk: 'low', expectedMonthlyVolume: 3000 },
    { name: 'Viktor Hale', customerType: 'individual', countryRisk: 'low', expectedMonthlyVolume: 8000 },
  ]) {
    const { name, ...profile } = applicant;
    const started = await engine.startCase({ caseDefinition: 'account_opening', caseFile: { applicant: { name } }, user: olivia });
    const caseId = started.id;
    // The officer completes the application form; the checks run at once through the handlers.
    await engine.complete(caseId, 'Collect application', { user: olivia, output: { application: { product: 'current account' }, ...profile } });
    let snapshot = await engine.getCase(caseId);
    log(`${name}: KYC risk ${snapshot.caseFile.kycRisk}, ${snapshot.caseFile.dueDiligence} due diligence`);

    if (snapshot.caseFile.dueDiligence === 'enhanced') {
      // Compliance's work list for this case: what Chen may do and plan now.
      const mine = (await engine.legalCommands(caseId, chen)).filter((i) => i.commands.includes('complete'));
      const plannable = await engine.applicableDiscretionaryItems(caseId, chen);
      log(`  ${chen.id} may complete: ${mine.map((i) => i.name).join(', ')}; may plan: ${plannable.map((i) => i.name).join(', ')}`);
      await engine.plan(caseId, 'Source of funds check', { user: chen });
      clock.advance(2 * 24 * 3600_000);
      await engine.complete(caseId, 'Source of funds check', { user: chen, output: { sourceOfFunds: 'salary and inheritance, documented' } });
      try {
        await engine.complete(caseId, 'Enhanced due diligence', { user: olivia });
      } catch (error) {
        log(`  ${olivia.id} cannot sign the due diligence off: ${error.code}`);
      }
      await engine.complete(caseId, 'Enhanced due diligence', { user: chen, output: { eddOutcome: 'accept' } });
      snapshot = await engine.getCase(caseId);
    }

    log(`  case ${snapshot.state}, account ${snapshot.caseFile.account?.number ?? '—'}`);
    const history = await engine.history(caseId);
    for (const t of history.filter((r) => r.scope === 'planItem' && r.transition !== 'create')) {
      log(`    ${new Date(t.at).toISOString().slice(0, 16)}  ${t.itemName}: ${t.from} → ${t.to}${t.user ? `  (${t.user})` : ''}`);
    }
    results.push({ caseId, name, state: snapshot.state, caseFile: snapshot.caseFile, history });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
