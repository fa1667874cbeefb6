#!/usr/bin/env node
// The brokerage template in an application: referrals are process tasks, and the application
// sends them through handlers registered under the processes' externalRef. A provider that
// refuses makes the handler throw; the referral faults, "Find alternative provider" is entered,
// and after the case manager has found one, `reactivate` sends the referral again.
//
//   node --import ./examples/register.mjs examples/care-templates/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages.) The test imports `main`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createEngine, VirtualClock } from '@casekit/core';
import { compileDecisions, createDecisionRegistry, readDecisionTableJson } from '@casekit/rules';

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');
const DAY = 24 * 3600_000;

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-04-06T09:00:00Z');
  const sent = [];
  // A referral service: the first day centre is full, the second takes the client.
  const dayCentres = ['Elm Street (full)', 'Riverside'];
  const refer = (service) => ({ caseFile }) => {
    if (service === 'day centre' && dayCentres[0].endsWith('(full)')) {
      dayCentres.shift();
      throw new Error('the day centre has no places');
    }
    sent.push(`${service} for ${caseFile.client.name}`);
    return { [`${service.replaceAll(' ', '')}Referral`]: { sentAt: new Date(clock.now()).toISOString() } };
  };
  const engine = createEngine({
    // The host's directory gives each user their roles: the engine trusts them (docs/authorization.md).
    authorization: { trustUserRoles: true },
    clock,
    decisions: createDecisionRegistry({ decisions: compileDecisions(readDecisionTableJson(file('./brokerage-risk.json'), { source: 'brokerage-risk.json' })) }),
    handlers: {
      'referral.home-care': refer('home care'),
      'referral.meals': refer('meals'),
      'referral.day-centre': refer('day centre'),
      'referral.benefits-advice': refer('benefits advice'),
    },
  });
  engine.deploy(file('./brokerage.cmmn'), { key: 'care-brokerage', fileName: 'brokerage.cmmn' });

  const ines = { id: 'ines', roles: ['intake worker'] };
  const marco = { id: 'marco', roles: ['case manager'] };
  const { id } = await engine.startCase({ caseDefinition: 'care_brokerage', caseFile: { client: { id: 'C-1077', name: 'Mrs Lindqvist' } }, user: ines });
  await engine.complete(id, 'Screening', { user: ines });
  await engine.complete(id, 'Needs assessment', { user: marco, output: { adlDependency: 1, livesAlone: true, informalCarer: false } });
  let c = await engine.getCase(id);
  log(`risk ${c.caseFile.riskLevel}, home care ${c.caseFile.homeCareNeeded ? 'needed' : 'not needed'}`);
  await engine.complete(id, 'Agree service plan', { user: marco, output: { goals: ['company during the week', 'regular meals'] } });
  log(`marco may refer to: ${(await engine.applicableDiscretionaryItems(id, marco)).map((i) => i.name).join(', ')}`);

  await engine.plan(id, 'Refer to meals service', { user: marco });
  await engine.plan(id, 'Refer to day centre', { user: marco });
  c = await engine.getCase(id);
  const state = (name) => c.items.filter((i) => i.name === name).map((i) => i.state).join(', ');
  log(`day centre referral ${state('Refer to day centre')}; find alternative provider ${state('Find alternative provider')}`);
  await engine.complete(id, 'Find alternative provider', { user: marco, output: { carePlan: { dayCentre: dayCentres[0] } } });
  await engine.reactivate(id, 'Refer to day centre', { user: marco });
  c = await engine.getCase(id);
  log(`after reactivation: day centre referral ${state('Refer to day centre')}`);

  clock.advance(30 * DAY);
  await engine.fireDueTimers();
  await engine.complete(id, 'Check services are in place', { user: marco });
  await engine.complete(id, 'Broker services', { user: marco });
  await engine.complete(id, 'Outcome evaluation', { user: marco, output: { outcome: { goalsMet: true } } });
  c = await engine.getCase(id);
  log(`case ${c.state}; referrals sent: ${sent.join('; ')}`);
  return [{ caseId: id, state: c.state, caseFile: c.caseFile, history: await engine.history(id) }];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
