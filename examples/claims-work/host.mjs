#!/usr/bin/env node
// A day in a claims department (docs/work.md): two handlers, Hana and Hugo, in the group
// "claims"; Maya, their manager; Sam, an account manager who calls policyholders. Claims arrive in
// the morning; each handler works from a work list across all cases — what they may claim, what
// they hold — ordered by due date and priority; Maya hands out what nobody took; Hana delegates a
// question to Sam; in the afternoon the tasks past their due time surface; and the claim Hana
// assessed must be approved by someone else (four-eyes).
//
//   node --import ./examples/register.mjs examples/claims-work/host.mjs
//
// (examples/register.mjs makes '@casekit/*' resolve to this checkout's built packages.) The test imports `main`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createEngine, NotAuthorizedError, TaskClaimedError, VirtualClock } from '@casekit/core';

const HANA = { id: 'hana', groups: ['claims'] };
const HUGO = { id: 'hugo', groups: ['claims'] };
const MAYA = { id: 'maya', roles: ['team lead'] };
const SAM = { id: 'sam' };
const HOUR = 3600_000;

export async function main({ log = console.log } = {}) {
  const clock = new VirtualClock('2026-11-02T08:00:00Z');
  const engine = createEngine({
    clock,
    // The department's directory vouches for Maya's "team lead" role: she may assign any task and sees every list.
    authorization: { trustUserRoles: true, taskManagerRoles: ['team lead'] },
  });
  await engine.deploy(readFileSync(new URL('./claims-work.cmmn', import.meta.url), 'utf8'), { key: 'claims-work' });
  const time = () => new Date(clock.now()).toISOString().slice(11, 16);
  const show = (who, page) => log(`${time()} ${who}: ${page.items.map((t) => `${t.itemName} [${t.caseId}${t.assignee ? `, ${t.assignee}` : ''}, due ${new Date(t.dueAt).toISOString().slice(5, 16)}, p${t.priority}]`).join('; ') || '(nothing)'}`);

  // 08:00 — three claims arrive; the claims group holds the handler role on each.
  const claims = {};
  for (const [id, amount] of [['fire-17', 24000], ['leak-03', 1800], ['theft-11', 6500]]) {
    await engine.startCase({
      caseId: id,
      user: MAYA,
      caseFile: { claim: { amount, accountManager: 'sam' } },
      team: [{ id: 'claims', group: true, roles: ['claims handler'] }],
    });
    claims[id] = amount;
  }
  show('hana may claim', await engine.tasks({ candidate: HANA, limit: 5 }, { user: HANA }));

  // 08:15 — Hana takes the big fire claim, Hugo the leak; Hugo then reaches for the fire claim too.
  clock.advance(HOUR / 4);
  await engine.claim('fire-17', 'Assess claim', { user: HANA });
  await engine.claim('leak-03', 'Assess claim', { user: HUGO });
  try {
    await engine.claim('fire-17', 'Assess claim', { user: HUGO });
  } catch (error) {
    if (!(error instanceof TaskClaimedError)) throw error;
    log(`${time()} hugo: ${error.message}`);
  }

  // 09:00 — nobody took the theft claim: Maya assigns it to Hugo.
  clock.advance(HOUR * 0.75);
  await engine.assign('theft-11', 'Assess claim', 'hugo', { user: MAYA });
  show('hugo holds', await engine.tasks({ assignee: 'hugo' }, { user: HUGO }));

  // 10:00 — Hana needs the policyholder's answer: she delegates her assessment to Sam, who
  // resolves it back once he has called.
  clock.advance(HOUR);
  await engine.delegate('fire-17', 'Assess claim', 'sam', { user: HANA });
  show('sam holds', await engine.tasks({ assignee: 'sam' }, { user: SAM }));
  await engine.resolve('fire-17', 'Assess claim', { user: SAM });
  await engine.claim('fire-17', 'Call policyholder', { user: SAM });
  await engine.complete('fire-17', 'Call policyholder', { user: SAM });

  // 11:00 — assessments done. Hana assessed the fire claim, so she may not approve it.
  clock.advance(HOUR);
  await engine.complete('fire-17', 'Assess claim', { user: HANA, output: { assessment: { covered: true } } });
  await engine.complete('leak-03', 'Assess claim', { user: HUGO, output: { assessment: { covered: true } } });
  try {
    await engine.claim('fire-17', 'Approve payment', { user: HANA });
  } catch (error) {
    if (!(error instanceof NotAuthorizedError)) throw error;
    log(`${time()} hana: ${error.message}`);
  }
  await engine.claim('fire-17', 'Approve payment', { user: HUGO });
  await engine.claim('leak-03', 'Approve payment', { user: HANA });

  // 13:00 — the calls were due four hours after the claims arrived: the late ones surface first.
  clock.advance(HOUR * 2);
  const late = await engine.tasks({ dueBefore: clock.now() }, { user: MAYA });
  show('late (maya)', late);

  // 15:00 — approvals, and the day's end: what is still open, by due date and priority.
  clock.advance(HOUR * 2);
  await engine.complete('fire-17', 'Approve payment', { user: HUGO, output: { approval: { by: 'hugo' } } });
  await engine.complete('leak-03', 'Approve payment', { user: HANA, output: { approval: { by: 'hana' } } });
  const open = await engine.tasks({}, { user: MAYA });
  show('open at day end (maya)', open);
  const history = await engine.history('fire-17');
  const work = history.filter((r) => r.scope === 'work').map((r) => `${r.transition} ${r.from ?? '-'}→${r.to} by ${r.user}`);
  log(`fire-17 work history: ${work.join('; ')}`);
  return { engine, late: late.items, open: open.items, work, states: Object.fromEntries(await Promise.all(Object.keys(claims).map(async (id) => [id, (await engine.getCase(id)).state]))) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
