/**
 * The engine's input gate: what is not JSON within bounds is refused with a typed error naming its
 * path, before anything changes; what is accepted is copied, so no caller keeps a handle on a
 * stored case; users, case ids, refs and command names are checked the same way.
 */
import { describe, expect, it } from 'vitest';
import { CasekitError, VirtualClock, createEngine, type CaseEngine, type ErrorContext } from '@casekit/core';
import { casePlan } from '../cmmn-text.js';

const MODEL = casePlan(`
  <planItem id="PI_A" name="A" definitionRef="HT_A"/>
  <planItem id="PI_P" name="Pay out" definitionRef="T_P"/>
  <humanTask id="HT_A" name="A"/>
  <task id="T_P" name="Pay out"/>
`);

async function setUp(handler: () => unknown = () => undefined): Promise<{ engine: CaseEngine; id: string; errors: [unknown, ErrorContext][] }> {
  const errors: [unknown, ErrorContext][] = [];
  let n = 0;
  const engine = createEngine({
    authorization: 'none',
    clock: new VirtualClock(),
    idGenerator: () => `id-${++n}`,
    handlers: { 'Pay out': handler as never },
    onError: (error, context) => void errors.push([error, context]),
  });
  engine.deploy(MODEL);
  const { id } = await engine.startCase({ caseFile: { claim: { amount: 1 } } });
  return { engine, id, errors };
}

/** Runs `attempt`, expects a typed error with `code`, and the stored case and history unchanged. */
async function refusedUnchanged(engine: CaseEngine, id: string, attempt: () => Promise<unknown>, code: string): Promise<void> {
  const before = JSON.stringify([await engine.getState(id), await engine.history(id)]);
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'refused').toBeInstanceOf(CasekitError);
  expect((error as CasekitError).code).toBe(code);
  expect(JSON.stringify([await engine.getState(id), await engine.history(id)])).toBe(before);
}

class Money {
  constructor(readonly cents: number) {}
}

describe('case file values and outputs: JSON only', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic['self'] = cyclic;
  let deep: unknown = 1;
  for (let i = 0; i < 2000; i++) deep = { d: deep };
  const bad: [string, unknown][] = [
    ['a cycle', cyclic],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 10n],
    ['a Map', new Map([[1, 2]])],
    ['a Set', new Set([1])],
    ['a Date', new Date()],
    ['a class instance', new Money(5)],
    ['a Buffer', Buffer.from('x')],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['undefined', undefined],
    ['a 2,000-deep object', deep],
    ['a string with U+0000', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
    ['a throwing getter', Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('boom'); } })],
    ['a Proxy that throws', new Proxy({}, { ownKeys: () => { throw new Error('trap'); } })],
    ['an own "__proto__" key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ];

  for (const [what, value] of bad) {
    it(`setCaseFile refuses ${what}`, async () => {
      const { engine, id } = await setUp();
      await refusedUnchanged(engine, id, () => engine.setCaseFile(id, { x: value } as never), 'InvalidInput');
    });
  }

  it('refuses values that are not an object of named values', async () => {
    const { engine, id } = await setUp();
    for (const values of [null, [1, 2], 'text', 42]) {
      await refusedUnchanged(engine, id, () => engine.setCaseFile(id, values as never), 'InvalidInput');
    }
    await refusedUnchanged(engine, id, () => engine.complete(id, 'A', { output: [1] as never }), 'InvalidInput');
    await refusedUnchanged(engine, id, () => engine.complete(id, 'A', { output: { when: new Date() } as never }), 'InvalidInput');
  });

  it('names the path of the bad value', async () => {
    const { engine, id } = await setUp();
    const error = await engine.setCaseFile(id, { claim: { items: [1, { at: new Date() }] } } as never).catch((e: unknown) => e);
    expect((error as Error).message).toContain('values.claim.items[1].at');
  });

  it('startCase refuses a bad initial case file and stores nothing', async () => {
    const engine = createEngine({ authorization: 'none' });
    engine.deploy(MODEL);
    await expect(engine.startCase({ caseFile: { x: () => 1 } as never })).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(await engine.store.query()).toEqual([]);
  });
});

describe('nothing is shared with the caller', () => {
  it('mutating an object after setCaseFile does not change the stored case', async () => {
    const { engine, id } = await setUp();
    const claim = { amount: 100, items: [1] };
    await engine.setCaseFile(id, { claim });
    claim.amount = 1e6;
    claim.items.push(2);
    expect((await engine.getState(id)).caseFile['claim']).toEqual({ amount: 100, items: [1] });
  });

  it('mutating a snapshot or a state from the engine does not change the stored case', async () => {
    const { engine, id } = await setUp();
    const snapshot = await engine.getCase(id);
    try {
      (snapshot.caseFile as Record<string, unknown>)['claim'] = 'changed';
    } catch {
      // a frozen snapshot refuses the change: as good
    }
    expect((await engine.getState(id)).caseFile['claim']).toEqual({ amount: 1 });
  });
});

describe('users, ids, refs and command names', () => {
  it('refuses malformed users with a typed error', async () => {
    const { engine, id } = await setUp();
    for (const user of [null, { id: '' }, { id: 42 }, { id: 'u', roles: 'adjuster' }, { id: 'u', roles: [1] }]) {
      await refusedUnchanged(engine, id, () => engine.complete(id, 'A', { user: user as never }), 'InvalidInput');
    }
  });

  it('refuses case ids that are not non-empty strings', async () => {
    const { engine } = await setUp();
    for (const caseId of ['', 42, {}, null]) {
      await expect(engine.complete(caseId as never, 'A')).rejects.toMatchObject({ code: 'InvalidCaseId' });
      await expect(engine.getCase(caseId as never)).rejects.toMatchObject({ code: 'InvalidCaseId' });
    }
  });

  it('refuses refs and command names that are not strings of the vocabulary', async () => {
    const { engine, id } = await setUp();
    await refusedUnchanged(engine, id, () => engine.complete(id, { toString: () => 'A' } as never), 'InvalidInput');
    await refusedUnchanged(engine, id, () => engine.planItemCommand(id, 'explode' as never, 'A'), 'InvalidInput');
    await refusedUnchanged(engine, id, () => engine.caseCommand(id, 'toString' as never), 'InvalidInput');
  });
});

describe('handler results pass the same gate', () => {
  it('a result with an own "__proto__" key faults the task, reports the error, and the case stays consistent', async () => {
    const { engine, id, errors } = await setUp(() => JSON.parse('{"__proto__": {"x": 1}}'));
    const payOut = (await engine.getCase(id)).items.find((i) => i.name === 'Pay out');
    expect(payOut?.state).toBe('Failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]![1]).toMatchObject({ source: 'handler', itemName: 'Pay out' });
    expect((errors[0]![0] as CasekitError).code).toBe('InvalidInput');
  });

  it('a result holding a function faults the task', async () => {
    const { engine, id } = await setUp(() => ({ paid: () => true }));
    expect((await engine.getCase(id)).items.find((i) => i.name === 'Pay out')?.state).toBe('Failed');
  });
});

describe('timers cannot run away', () => {
  it('a repeating timer of one second over one year is refused quickly with RunawayLoop', async () => {
    const model = casePlan(`
      <planItem id="PI_T" name="Tick" definitionRef="TEL"/>
      <planItem id="PI_A" name="A" definitionRef="HT_A"/>
      <timerEventListener id="TEL" name="Tick"><timerExpression>R/PT1S</timerExpression></timerEventListener>
      <humanTask id="HT_A" name="A"/>
    `);
    const clock = new VirtualClock();
    const engine = createEngine({ authorization: 'none', clock });
    engine.deploy(model);
    await engine.startCase();
    const started = Date.now();
    await expect(engine.fireDueTimers(clock.now() + 365 * 86_400_000)).rejects.toMatchObject({ code: 'RunawayLoop' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('deep models', () => {
  it('stages nested as deep as the parser accepts run; a built model nested deeper is refused with the limit named, never a TypeError', async () => {
    const { MAX_STAGE_NESTING, buildCase } = await import('@casekit/core');
    const nest = (depth: number) =>
      buildCase('Deep', { id: 'deep' }, (c) => {
        const level = (s: { stage: (name: string, options: object, define: (inner: never) => void) => unknown; humanTask: (name: string) => unknown }, d: number): void => {
          if (d === 0) {
            s.humanTask('Leaf');
            return;
          }
          s.stage(`S${d}`, { autoComplete: true }, (inner) => level(inner as never, d - 1));
        };
        level(c.plan as never, depth);
      });
    const ok = createEngine({ authorization: 'none' });
    ok.deploy(nest(MAX_STAGE_NESTING - 2));
    const { id } = await ok.startCase();
    expect((await ok.getCase(id)).items.find((i) => i.name === 'Leaf')?.state).toBe('Active');
    let refused: unknown;
    try {
      const tooDeep = createEngine({ authorization: 'none' });
      tooDeep.deploy(nest(MAX_STAGE_NESTING + 2));
      await tooDeep.startCase();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(CasekitError);
    expect((refused as CasekitError).message).toMatch(/MAX_STAGE_NESTING|nest/);
  });
});
