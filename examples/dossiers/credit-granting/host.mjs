#!/usr/bin/env node
// Credit granting as an application runs it: the credit bureau, the contract system and the mail
// service are task handlers, the credit table decides, a transition listener keeps an audit log,
// and two people in two roles approve before a contract is issued.
//
//   node --import ./examples/register.mjs examples/dossiers/credit-granting/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages.) The test imports `main`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createEngine, VirtualClock } from '@casekit/core';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson } from '@casekit/rules';

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');

// A stand-in for the credit bureau.
const BUREAU = { 'J. Moreau': { score: 720, debtRatio: 0.3 }, 'P. Laine': { score: 540, debtRatio: 0.6 } };

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-09-14T09:00:00Z');
  const registry = createDecisionRegistry({ decisions: compileDecisions(readDecisionTableJson(file('./credit-decision.json'), { source: 'credit-decision.json' })) });
  const letters = [];
  let contracts = 0;
  const engine = createEngine({
    // Supporting documents (payslips) are kept in memory here; an application uses createFileBlobStore(dir).
    documents: { blobStore: 'memory', contentTypes: ['application/pdf', 'image/*'] },
    // The host's directory gives each user their roles: the engine trusts them (docs/authorization.md).
    authorization: { trustUserRoles: true },
    clock,
    decisions: registry,
    handlers: {
      'bureau.credit-report': ({ caseFile }) => BUREAU[caseFile.application.applicant],
      'contracts.issue': ({ caseFile }) => ({ contract: { number: `CR-2026-${String(++contracts).padStart(4, '0')}`, amount: Math.min(caseFile.requestedAmount, caseFile.limit) } }),
      'mail.decline': ({ caseFile }) => {
        letters.push(`decline letter to ${caseFile.application.applicant}`);
      },
    },
  });
  const audit = [];
  engine.onTransition((t) => {
    if (t.scope === 'planItem' && t.user !== undefined && t.transition === 'complete') audit.push(`${t.itemName} by ${t.user}`);
  });
  engine.deploy(file('./credit-granting.cmmn'), { key: 'credit-granting', fileName: 'credit-granting.cmmn' });

  const ruth = { id: 'ruth', roles: ['credit analyst'] };
  const felix = { id: 'felix', roles: ['credit officer'] };
  const mira = { id: 'mira', roles: ['credit manager'] };
  const results = [];

  for (const [applicant, requestedAmount, monthlyIncome] of [
    ['J. Moreau', 20000, 6000],
    ['P. Laine', 8000, 2500],
  ]) {
    const { id } = await engine.startCase({ caseDefinition: 'credit_granting', caseFile: { application: { applicant } }, user: ruth });
    // The applicant's payslip goes into the folder "supportingDocuments" (metadata in the case file, content in the blob store).
    const payslip = { name: `payslip-${applicant.replace(/\W+/g, '-').toLowerCase()}.pdf`, contentType: 'application/pdf', content: Buffer.from(`%PDF-1.7 payslip ${applicant}: ${monthlyIncome}`) };
    await engine.attachDocument(id, 'supportingDocuments', payslip, { user: ruth });
    // The analyst captures the application; the bureau report and the decision follow at once.
    await engine.complete(id, 'Capture application', { user: ruth, output: { requestedAmount, monthlyIncome } });
    let c = await engine.getCase(id);
    const why = registry.decide('credit-decision', c.caseFile).matchedRules;
    log(`${applicant}: score ${c.caseFile.score}, debt ratio ${c.caseFile.debtRatio} → ${c.caseFile.decision} (rules ${why.join(', ')}), limit ${c.caseFile.limit}`);
    if (c.caseFile.decision === 'approve') {
      await engine.complete(id, 'First approval', { user: felix, output: { firstApproval: { approved: true, by: felix.id } } });
      try {
        await engine.complete(id, 'Second approval', { user: felix, output: { secondApproval: { approved: true, by: felix.id } } });
      } catch (error) {
        log(`  ${felix.id} cannot give the second approval as well: ${error.code}`);
      }
      clock.advance(2 * 3600_000);
      await engine.complete(id, 'Second approval', { user: mira, output: { secondApproval: { approved: true, by: mira.id } } });
    }
    c = await engine.getCase(id);
    log(`  case ${c.state}${c.caseFile.contract ? `, contract ${c.caseFile.contract.number} over ${c.caseFile.contract.amount}` : ''}`);
    results.push({ caseId: id, state: c.state, caseFile: c.caseFile, history: await engine.history(id) });
  }
  log(`audit: ${audit.join('; ')}`);
  log(`letters: ${letters.join('; ')}`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
