/**
 * The contract of the task index (docs/work.md): every store answers work lists — open human
 * tasks across cases, filtered, sorted by due date, priority, case and instance, paged — the same,
 * kept by `save` as tasks open, change hands and close.
 */
import assert from 'node:assert/strict';
import { createEngine, InvalidQueryError, VirtualClock, type CaseStore, type TaskQuery, type User } from '@casekit/core';
import { T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const DAY = 86_400_000;

const WORK_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="https://casekit.dev/contract">
  <case id="work" name="Work">
    <caseRoles><role id="R_handler" name="handler"/></caseRoles>
    <casePlanModel id="plan" name="Work">
      <planItem id="PI_Check" name="Check" definitionRef="HT_Check"/>
      <planItem id="PI_Decide" name="Decide" definitionRef="HT_Decide"/>
      <planItem id="PI_Call" name="Call" definitionRef="HT_Call"/>
      <humanTask id="HT_Check" name="Check" flowable:candidateGroups="claims" flowable:dueDate="\${claim.due}" flowable:priority="\${claim.priority}"/>
      <humanTask id="HT_Decide" name="Decide" performerRef="R_handler" flowable:priority="90"/>
      <humanTask id="HT_Call" name="Call" flowable:assignee="\${claim.caller}"/>
    </casePlanModel>
  </case>
</definitions>`;

const OWNER: User = { id: 'olga' };
const ALICE: User = { id: 'alice', groups: ['claims'] };

/** Five cases of three tasks each, with due dates, priorities and assignees that exercise the order. */
async function workFixture(store: CaseStore) {
  const clock = new VirtualClock(T0);
  let n = 0;
  const engine = createEngine({ store, clock, idGenerator: () => `w-${String(++n).padStart(3, '0')}` });
  await engine.deploy(WORK_MODEL, { key: 'work' });
  const specs = [
    { due: '2026-03-05', priority: 50, caller: 'alice', region: 'north' },
    { due: '2026-03-04', priority: 50, caller: 'bob', region: 'south' },
    { due: '2026-03-05', priority: 70, caller: 'alice', region: 'north' },
    { due: null, priority: 10, caller: 'carol', region: 'east' },
    { due: 'P1D', priority: 50, caller: 'bob', region: 'north' },
  ];
  const ids: string[] = [];
  for (const spec of specs) {
    const { id } = await engine.startCase({ user: OWNER, caseFile: { claim: spec }, team: [{ id: 'dan', roles: ['handler'] }] });
    ids.push(id);
  }
  return { engine, ids, clock };
}

const key = (items: readonly { caseId: string; itemId: string }[], ids: readonly string[]): string[] => items.map((t) => `${ids.indexOf(t.caseId)}:${t.itemId.slice(3)}`);

const tests: ContractTest[] = [];
const test = (name: string, run: ContractTest['run']) => tests.push({ group: 'tasks', name, run });

test('open human tasks are listed by due date, priority, case and instance; fields as the engine set them', async ({ store, second }) => {
  const { ids } = await workFixture(store);
  const other = await second();
  const page = await other.tasks({ limit: 100 });
  assert.deepEqual(key(page.items, ids), expectedOrder());
  const first = page.items[0]!;
  assert.equal(first.dueAt, T0 + DAY);
  assert.equal(first.priority, 50);
  assert.deepEqual(first.candidates, { users: [], groups: ['claims'] });
  assert.equal(first.caseOwner, 'olga');
  assert.equal(first.state, 'Active');
  assert.equal(first.caseDefinitionId, 'work');
  const decide = page.items.find((t) => t.itemId === 'PI_Decide')!;
  assert.deepEqual(decide.candidates, { users: ['dan'], groups: [] });
  assert.equal(decide.dueAt, undefined);
});

function expectedOrder(): string[] {
  // Due first (3-03 < 3-04 < 3-05, priority 70 before 50 on 3-05), then undated by priority (90: Decide; 50: Call; 10: case 3's Check), then case and instance.
  return ['4:Check', '1:Check', '2:Check', '0:Check', '0:Decide', '1:Decide', '2:Decide', '3:Decide', '4:Decide', '0:Call', '1:Call', '2:Call', '3:Call', '4:Call', '3:Check'];
}

test('filters: assignee, unassigned, candidate, visibleTo, due dates, priority, definition, case, item, case file', async ({ store }) => {
  const { ids } = await workFixture(store);
  const k = async (query: TaskQuery) => key((await store.tasks(query)).items, ids);
  assert.deepEqual(await k({ assignee: 'alice' }), ['0:Call', '2:Call']);
  assert.deepEqual((await k({ assignee: null })).length, 10);
  assert.deepEqual(await k({ candidate: { user: 'zed', groups: ['claims'] } }), ['4:Check', '1:Check', '2:Check', '0:Check', '3:Check']);
  assert.deepEqual(await k({ candidate: { user: 'dan' } }), ['0:Decide', '1:Decide', '2:Decide', '3:Decide', '4:Decide']);
  assert.deepEqual(await k({ visibleTo: { user: 'bob' } }), ['1:Call', '4:Call']);
  assert.equal((await k({ visibleTo: { user: 'olga' } })).length, 15, 'the case owner sees the case');
  assert.deepEqual(await k({ visibleTo: { user: 'nobody', groups: ['other'] } }), []);
  assert.deepEqual(await k({ dueBefore: Date.parse('2026-03-05') }), ['4:Check', '1:Check']);
  assert.deepEqual(await k({ dueAfter: Date.parse('2026-03-04'), dueBefore: Date.parse('2026-03-06') }), ['1:Check', '2:Check', '0:Check']);
  assert.deepEqual(await k({ priority: { gte: 70 }, itemId: 'PI_Check' }), ['2:Check']);
  assert.deepEqual(await k({ priority: 10 }), ['3:Check']);
  assert.deepEqual(await k({ caseId: ids[2] as never }), ['2:Check', '2:Decide', '2:Call']);
  assert.deepEqual(await k({ caseDefinitionId: 'none' }), []);
  assert.deepEqual(await k({ caseFile: { 'claim.region': 'north' }, itemId: 'PI_Call' }), ['0:Call', '2:Call', '4:Call']);
  assert.deepEqual(await k({ caseFile: { 'claim.priority': { lt: 50 } } }), ['3:Decide', '3:Call', '3:Check']);
  assert.deepEqual(await k({ state: 'Enabled' }), []);
  for (const bad of [{ asignee: 'x' }, { state: 'Running' }, { dueBefore: Number.NaN }, { priority: { between: 1 } }, { after: 'c.xyz' }, { limit: -1 }]) {
    await assert.rejects(store.tasks(bad as TaskQuery), InvalidQueryError, JSON.stringify(bad));
  }
});

test('pages: a cursor continues where the page ended, never repeating a row', async ({ store }) => {
  const { ids } = await workFixture(store);
  const seen: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page = await store.tasks({ limit: 4, ...(after === undefined ? {} : { after }) });
    seen.push(...key(page.items, ids));
    if (page.next === undefined) break;
    after = page.next;
  }
  assert.deepEqual(seen, expectedOrder());
});

test('save keeps the index: claims, delegation and completion change or remove rows', async ({ store, second }) => {
  const { engine, ids } = await workFixture(store);
  await engine.claim(ids[1]!, 'Check', { user: ALICE });
  await engine.delegate(ids[1]!, 'Check', 'bob', { user: ALICE });
  await engine.claim(ids[0]!, 'Check', { user: ALICE });
  await engine.complete(ids[0]!, 'Check', { user: ALICE });
  await engine.caseCommand(ids[3]!, 'terminate', { user: OWNER });
  const other = await second();
  const delegated = (await other.tasks({ assignee: 'bob', itemId: 'PI_Check' })).items;
  assert.deepEqual(delegated.map((t) => [t.caseId, t.owner, t.delegation]), [[ids[1], 'alice', 'pending']]);
  assert.deepEqual(key((await other.tasks({ visibleTo: { user: 'alice' }, itemId: 'PI_Check' })).items, ids), ['1:Check'], 'the delegating owner still sees it');
  assert.deepEqual(key((await other.tasks({ itemId: 'PI_Check' })).items, ids), ['4:Check', '1:Check', '2:Check']);
  assert.deepEqual((await other.tasks({ caseId: ids[3] as never })).items, []);
});

test('many matches: a candidate list walked in order agrees with the whole list filtered', async ({ store }) => {
  const clock = new VirtualClock(T0);
  let n = 0;
  const engine = createEngine({ store, clock, idGenerator: () => `m-${String(++n).padStart(4, '0')}` });
  await engine.deploy(WORK_MODEL, { key: 'work' });
  for (let i = 0; i < 50; i++) {
    await engine.startCase({ user: OWNER, caseFile: { claim: { due: i % 3 === 0 ? null : `P${(i % 7) + 1}D`, priority: (i % 4) * 20, caller: 'bob' } } });
  }
  const all = (await store.tasks({ limit: 1000 })).items;
  const expected = all.filter((t) => t.assignee === undefined && t.candidates.groups.includes('claims')).map((t) => t.instanceId);
  assert.equal(expected.length, 50);
  const seen: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 6; i++) {
    const page = await store.tasks({ candidate: { user: 'zed', groups: ['claims'] }, limit: 1, ...(after === undefined ? {} : { after }) });
    seen.push(...page.items.map((t) => t.instanceId));
    after = page.next;
  }
  assert.deepEqual(seen, expected.slice(0, 6));
  const visible = (await store.tasks({ visibleTo: { user: 'bob' }, limit: 2 })).items.map((t) => t.instanceId);
  assert.deepEqual(visible, all.filter((t) => t.assignee === 'bob').slice(0, 2).map((t) => t.instanceId));
  // The case owner sees all 150 tasks: more matches than a store may gather and sort for a page of one.
  const owned: string[] = [];
  after = undefined;
  for (let i = 0; i < 4; i++) {
    const page = await store.tasks({ visibleTo: { user: 'olga' }, limit: 1, ...(after === undefined ? {} : { after }) });
    owned.push(...page.items.map((t) => t.instanceId));
    after = page.next;
  }
  assert.deepEqual(owned, all.slice(0, 4).map((t) => t.instanceId));
});

/** The task index tests of the contract. */
export const WORK_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
