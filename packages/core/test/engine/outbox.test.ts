/**
 * Effects that survive: a step's effects are written to the outbox in the same save as the step,
 * performed after the commit, and settled by the save of their result; an effect whose engine is
 * gone is taken over when its lease ends; failing handlers are retried by policy, then fault their
 * task with the error in history; listeners cannot break a saved command.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCaseStore, VirtualClock, createEngine, type EngineOptions, type ErrorContext, type TaskHandler } from '@casekit/core';
import { casePlan } from '../cmmn-text.js';

const MODEL = casePlan(`
  <planItem id="PI_A" name="Approve" definitionRef="HT_A"/>
  <planItem id="PI_P" name="Pay out" definitionRef="T_P"><entryCriterion id="EC_P" sentryRef="S_P"/></planItem>
  <sentry id="S_P"><planItemOnPart id="OP_P" sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
  <humanTask id="HT_A" name="Approve"/>
  <task id="T_P" name="Pay out"/>
`);

function engineWith(handler: TaskHandler, options: EngineOptions = {}) {
  const errors: [unknown, ErrorContext][] = [];
  const engine = createEngine({
    authorization: 'none',
    clock: options.clock ?? new VirtualClock(),
    handlers: { 'Pay out': handler },
    onError: (error, context) => void errors.push([error, context]),
    ...options,
  } as EngineOptions);
  engine.deploy(MODEL);
  return { engine, errors };
}

const payOut = async (engine: ReturnType<typeof createEngine>, id: string) => (await engine.getCase(id)).items.find((i) => i.name === 'Pay out')?.state;

describe('the outbox', () => {
  it('an effect is stored with its step, claimed by the engine that runs it, and done once its result is saved', async () => {
    const store = new MemoryCaseStore();
    const seen: unknown[] = [];
    const { engine } = engineWith(
      async ({ effectId, caseId }) => {
        seen.push((await store.effects({ caseId: caseId })).items.find((e) => e.id === effectId));
        return { paid: true };
      },
      { store, owner: 'engine-a' },
    );
    const { id } = await engine.startCase();
    await engine.complete(id, 'Approve');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ status: 'pending', owner: 'engine-a', kind: 'invokeTask' });
    const { items } = await engine.effects({ caseId: id as never });
    expect(items.map((e) => e.status)).toEqual(['done']);
    expect(await payOut(engine, id)).toBe('Completed');
  });

  it('an effect owed by an engine that died is performed by another once the lease ends, with the same idempotency key', async () => {
    const store = new MemoryCaseStore();
    const clock = new VirtualClock();
    const keys: string[] = [];
    // Engine A saves the step, then never gets to finish its handler (its process "dies").
    const a = engineWith(
      ({ effectId }) => {
        keys.push(effectId);
        return new Promise(() => undefined);
      },
      { store, clock, owner: 'a', effectLeaseMs: 30_000 },
    );
    const { id } = await a.engine.startCase();
    void a.engine.complete(id, 'Approve');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(keys).toHaveLength(1);
    const b = engineWith(
      ({ effectId }) => {
        keys.push(effectId);
        return { paid: true };
      },
      { store, clock, owner: 'b', effectLeaseMs: 30_000 },
    );
    expect((await b.engine.runDueWork()).effects).toBe(0); // a still holds it
    clock.advance(30_001);
    expect((await b.engine.runDueWork()).effects).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(await payOut(b.engine, id)).toBe('Completed');
    expect((await store.effects({ caseId: id as never })).items.map((e) => e.status)).toEqual(['done']);
  });

  it('a handler failing twice then succeeding is retried by its policy and completes its task', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const { engine, errors } = engineWith(
      () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error(`bank offline (${calls})`), { code: 'BANK_DOWN' });
        return { paid: true };
      },
      { clock, retry: { maxAttempts: 3, backoffMs: () => 5_000 } },
    );
    const { id } = await engine.startCase();
    await engine.complete(id, 'Approve');
    expect(await payOut(engine, id)).toBe('Active');
    expect((await engine.effects({ caseId: id as never })).items[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: { message: 'bank offline (1)', code: 'BANK_DOWN' } });
    expect((await engine.runDueWork()).effects).toBe(0); // not due yet
    clock.advance(5_000);
    await engine.runDueWork();
    expect(calls).toBe(2);
    clock.advance(5_000);
    await engine.runDueWork();
    expect(calls).toBe(3);
    expect(await payOut(engine, id)).toBe('Completed');
    expect(errors.map(([, context]) => context)).toMatchObject([
      { source: 'handler', itemName: 'Pay out', attempts: 1 },
      { source: 'handler', itemName: 'Pay out', attempts: 2 },
    ]);
  });

  it('a handler failing for good faults its task with the error and attempts in history; reactivate runs it again', async () => {
    const clock = new VirtualClock();
    let fail = true;
    const { engine } = engineWith(
      () => {
        if (fail) throw new Error('account closed');
        return { paid: true };
      },
      { clock, retry: { maxAttempts: 2, backoffMs: () => 1_000 } },
    );
    const { id } = await engine.startCase();
    await engine.complete(id, 'Approve');
    clock.advance(1_000);
    await engine.runDueWork();
    expect(await payOut(engine, id)).toBe('Failed');
    const fault = (await engine.history(id)).find((r) => r.itemName === 'Pay out' && r.transition === 'fault');
    expect(fault?.error).toEqual({ message: 'account closed', attempts: 2 });
    expect((await engine.effects({ caseId: id as never, status: 'failed' })).items).toHaveLength(1);
    fail = false;
    await engine.reactivate(id, 'Pay out');
    expect(await payOut(engine, id)).toBe('Completed');
  });
});

describe('listeners cannot break a saved command', () => {
  it('a throwing listener: the command resolves with its result, other listeners and the effects run, the error goes to onError', async () => {
    let paid = 0;
    const { engine, errors } = engineWith(() => void paid++);
    const received: string[] = [];
    engine.onTransition(() => {
      throw new Error('listener bug');
    });
    engine.onTransition((record) => void received.push(`${record.itemName ?? ''}:${record.transition}`));
    const { id } = await engine.startCase();
    const result = await engine.complete(id, 'Approve');
    expect(result.transitions.some((t) => t.itemName === 'Pay out' && t.transition === 'complete')).toBe(true);
    expect(paid).toBe(1);
    expect(received).toContain('Pay out:complete');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every(([, context]) => context.source === 'listener')).toBe(true);
    expect(await payOut(engine, id)).toBe('Completed');
  });
});

describe('the worker', () => {
  it('start() polls timers and effects until stop()', async () => {
    const store = new MemoryCaseStore();
    const clock = new VirtualClock();
    let calls = 0;
    const { engine } = engineWith(
      () => {
        calls++;
        if (calls === 1) throw new Error('once');
        return {};
      },
      { store, clock, retry: { maxAttempts: 2, backoffMs: () => 0 }, pollIntervalMs: 5 },
    );
    const { id } = await engine.startCase();
    await engine.complete(id, 'Approve');
    engine.start();
    for (let i = 0; i < 100 && (await payOut(engine, id)) !== 'Completed'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await engine.stop();
    expect(await payOut(engine, id)).toBe('Completed');
  });
});
