/**
 * Migration tests of the SQL stores: cases written as a version-1 store wrote them, and the checks
 * that a store migrated from them answers the plan item and history queries as the memory store
 * does on the same cases.
 */
import { expect } from 'vitest';
import { createEngine, MemoryCaseStore, VirtualClock, type CaseStore, type StoredCase, type TransitionRecord } from '@casekit/core';
import { CONTRACT_MODEL_XML } from '@casekit/testing';

/** Two cases run by the engine on a memory store (users, completed items, an occurred event): their rows. */
export async function versionOneCases(): Promise<{ readonly memory: MemoryCaseStore; readonly cases: readonly { readonly stored: StoredCase; readonly history: readonly TransitionRecord[] }[] }> {
  const memory = new MemoryCaseStore();
  const engine = createEngine({ store: memory, clock: new VirtualClock('2026-03-02T08:00:00Z'), authorization: 'none' });
  engine.deploy(CONTRACT_MODEL_XML[1], { key: 'contract' });
  const a = await engine.startCase({ caseId: 'm-a', user: { id: 'ann' } });
  const b = await engine.startCase({ caseId: 'm-b' });
  await engine.complete(a.id, 'Review', { user: { id: 'bob' } });
  await engine.complete(a.id, 'Approve', { user: { id: 'ann' } });
  await engine.occur(b.id, 'Escalate', { user: { id: 'bob' } });
  const cases = [];
  for (const { id } of [a, b]) cases.push({ stored: (await memory.load(id as StoredCase['state']['id']))!, history: [...(await memory.history(id as StoredCase['state']['id']))] });
  return { memory, cases };
}

/** The migrated store answers plan item and history queries as the memory store. */
export async function expectSameAnswers(store: CaseStore, memory: CaseStore): Promise<void> {
  for (const planItem of [{ id: 'pi_review', state: 'Completed' as const }, { id: 'pi_approve', state: 'Active' as const }, { id: 'pi_escalate', state: 'Completed' as const }, { id: 'pi_approve' }]) {
    expect(await store.query({ planItem })).toEqual(await memory.query({ planItem }));
  }
  for (const filter of [{ user: 'ann' }, { user: 'bob' }, { itemId: 'pi_review' }, { transition: 'occur' }, {}]) {
    expect(JSON.parse(JSON.stringify(await store.historyQuery(filter)))).toEqual(JSON.parse(JSON.stringify(await memory.historyQuery(filter))));
  }
  expect((await store.historyQuery({ user: 'bob' })).items.length).toBeGreaterThan(0);
}

/**
 * 150 cases run identically on `store` and on a memory store; plan item conditions held by more
 * instances than the SQL stores' threshold (64 × (limit + 1)) and by fewer page alike.
 */
export async function expectDensePlanItemPages(store: CaseStore): Promise<void> {
  const memory = new MemoryCaseStore();
  for (const target of [store, memory]) {
    const clock = new VirtualClock('2026-03-02T08:00:00Z');
    const engine = createEngine({ store: target, clock, authorization: 'none' });
    engine.deploy(CONTRACT_MODEL_XML[1], { key: 'contract' });
    for (let i = 0; i < 150; i++) {
      clock.advance(i % 3 === 0 ? 0 : 1000);
      await engine.startCase({ caseId: `d-${String(i).padStart(3, '0')}` });
      if (i % 5 === 0) await engine.complete(`d-${String(i).padStart(3, '0')}`, 'Review');
    }
  }
  // pi_follow: 150 instances, dense for limit 1; pi_review Active: 120; pi_approve Active: 30.
  for (const planItem of [{ id: 'pi_review', state: 'Active' as const }, { id: 'pi_approve', state: 'Active' as const }, { id: 'pi_follow' }]) {
    for (const limit of [1, 7]) {
      const pages = async (target: CaseStore) => {
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = await target.queryPage({ planItem, state: 'Active', limit, ...(after === undefined ? {} : { after }) });
          seen.push(...page.items.map((r) => r.id));
          after = page.next;
        } while (after !== undefined);
        return seen;
      };
      const expected = await pages(memory);
      expect(expected.length).toBeGreaterThan(0);
      expect(await pages(store)).toEqual(expected);
    }
  }
}
