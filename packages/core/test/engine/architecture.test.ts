/**
 * The engine architecture's promises, each a reproduction of a defect the split removed: a command
 * returns only its own transitions; queries and commands share one legality and applicability
 * context; a sentry may have any number of on-parts; a command costs one load; child-case linking
 * is a recorded command; deploy reports its own store failure; every error is a CasekitError with
 * a literal code and a message naming the item by name and id; the public entry point exports no
 * internals.
 */
import { describe, expect, it } from 'vitest';
import * as core from '@casekit/core';
import {
  CasekitError,
  IllegalTransitionError,
  MemoryCaseStore,
  ModelNotDeployedError,
  NotAuthorizedError,
  RunawayLoopError,
  VirtualClock,
  createEngine,
  type CaseInstanceId,
  type CaseStore,
} from '@casekit/core';
import { casePlan } from '../cmmn-text.js';

function ids(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

const TWO_TASKS = casePlan(`
  <planItem id="PI_A" name="A" definitionRef="HT_A"/>
  <planItem id="PI_B" name="B" definitionRef="HT_B">
    <entryCriterion id="EC_B" sentryRef="S_B"/>
  </planItem>
  <sentry id="S_B"><planItemOnPart id="OP_B" sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
  <humanTask id="HT_A" name="A"/>
  <humanTask id="HT_B" name="B"/>
`);

describe('a command returns its own transitions', () => {
  it('two commands running at once on two cases each get only their case’s transitions', async () => {
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(TWO_TASKS);
    const first = await engine.startCase();
    const second = await engine.startCase();
    const [a, b] = await Promise.all([engine.complete(first.id, 'A'), engine.complete(second.id, 'A')]);
    expect(a.transitions.length).toBeGreaterThan(0);
    expect(b.transitions.length).toBeGreaterThan(0);
    expect(new Set(a.transitions.map((t) => t.caseId))).toEqual(new Set([first.id]));
    expect(new Set(b.transitions.map((t) => t.caseId))).toEqual(new Set([second.id]));
  });
});

describe('applicability: one rule, one context', () => {
  const model = casePlan(`
    <planItem id="PI_A" name="A" definitionRef="HT_A"/>
    <planningTable id="PT">
      <discretionaryItem id="DI_X" name="X" definitionRef="HT_X" applicabilityRuleRefs="R_now"/>
      <applicabilityRule id="R_now"><condition>\${fn:now() != ''}</condition></applicabilityRule>
    </planningTable>
    <humanTask id="HT_A" name="A"/>
    <humanTask id="HT_X" name="X"/>
  `);

  it('a rule reading fn:now() is evaluated by applicableDiscretionaryItems as by plan', async () => {
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(model);
    const { id } = await engine.startCase();
    const offered = await engine.applicableDiscretionaryItems(id);
    expect(offered.map((i) => i.name)).toEqual(['X']);
    await engine.plan(id, 'X');
    expect((await engine.getCase(id)).items.find((i) => i.name === 'X')?.state).toBe('Active');
  });
});

describe('sentries have no hidden limit', () => {
  it('an entry criterion with 40 on-parts fires only when all 40 have occurred', async () => {
    const sources = Array.from({ length: 40 }, (_, i) => i);
    const model = casePlan(`
      ${sources.map((i) => `<planItem id="PI_${i}" name="T${i}" definitionRef="HT"/>`).join('\n')}
      <planItem id="PI_Z" name="Z" definitionRef="HT_Z"><entryCriterion id="EC_Z" sentryRef="S_Z"/></planItem>
      <sentry id="S_Z">${sources.map((i) => `<planItemOnPart id="OP_${i}" sourceRef="PI_${i}"><standardEvent>complete</standardEvent></planItemOnPart>`).join('')}</sentry>
      <humanTask id="HT" name="T"/>
      <humanTask id="HT_Z" name="Z"/>
    `);
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(model);
    const { id } = await engine.startCase();
    const z = async () => (await engine.getCase(id)).items.find((i) => i.name === 'Z')?.state;
    for (const i of sources.slice(0, 39)) await engine.complete(id, `T${i}`);
    expect(await z()).toBe('Available');
    await engine.complete(id, 'T39');
    expect(await z()).toBe('Active');
  });
});

/** A store that counts loads. */
function countingStore(): { store: CaseStore; loads: () => number } {
  const inner = new MemoryCaseStore();
  let loads = 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'load' && typeof value === 'function') {
        return (...args: unknown[]) => {
          loads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as CaseStore;
  return { store, loads: () => loads };
}

describe('a command costs one load', () => {
  it('a complete that starts an automated task loads the case once', async () => {
    const model = casePlan(`
      <planItem id="PI_A" name="A" definitionRef="HT_A"/>
      <planItem id="PI_P" name="Pay out" definitionRef="T_P"><entryCriterion id="EC_P" sentryRef="S_P"/></planItem>
      <sentry id="S_P"><planItemOnPart id="OP_P" sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
      <humanTask id="HT_A" name="A"/>
      <task id="T_P" name="Pay out"/>
    `);
    const { store, loads } = countingStore();
    let paid = 0;
    const engine = createEngine({ authorization: 'none', store, clock: new VirtualClock(), idGenerator: ids(), handlers: { 'Pay out': () => void paid++ } });
    engine.deploy(model);
    const { id } = await engine.startCase();
    const before = loads();
    const result = await engine.complete(id, 'A');
    expect(paid).toBe(1);
    expect(result.transitions.some((t) => t.itemName === 'Pay out' && t.transition === 'complete')).toBe(true);
    expect(loads() - before).toBe(1);
  });
});

describe('child cases', () => {
  it('linking a child case is a command recorded in the case task’s history', async () => {
    const model = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="D" targetNamespace="urn:t">
      <case id="Parent"><casePlanModel id="PPlan" name="Parent plan">
        <planItem id="PI_C" name="Run child" definitionRef="CT"/>
        <caseTask id="CT" name="Run child" caseRef="Child"/>
      </casePlanModel></case>
      <case id="Child"><casePlanModel id="CPlan" name="Child plan">
        <planItem id="PI_W" name="Work" definitionRef="HT_W"/>
        <humanTask id="HT_W" name="Work"/>
      </casePlanModel></case>
    </definitions>`;
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(model);
    const parent = await engine.startCase({ caseDefinition: 'Parent' });
    const task = parent.items.find((i) => i.name === 'Run child')!;
    expect(task.childCase).toBeDefined();
    const linked = (await engine.history(parent.id)).filter((r) => r.transition === 'linkChildCase');
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ itemName: 'Run child', from: 'Active', to: 'Active', command: 'linkChildCase' });
  });
});

describe('deploy reports its own failure', () => {
  it('awaiting deploy rejects with the store’s refusal; not awaited, the next operation reports it', async () => {
    const failing: CaseStore = Object.assign(Object.create(new MemoryCaseStore()) as CaseStore, {
      saveModel: () => Promise.reject(new Error('disk full')),
    });
    const engine = createEngine({ authorization: 'none', store: failing });
    await expect(engine.deploy(TWO_TASKS)).rejects.toThrow('disk full');
    const deployment = engine.deploy(TWO_TASKS, { key: 'other' });
    expect(deployment.key).toBe('other');
    await expect(engine.startCase({ modelKey: 'other' })).rejects.toThrow('disk full');
  });
});

describe('one error union', () => {
  it('an unknown model key names the key and lists the deployed ones', async () => {
    const engine = createEngine({ authorization: 'none' });
    await engine.deploy(TWO_TASKS, { key: 'claims' });
    const error = await engine.startCase({ modelKey: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotDeployedError);
    expect(error).toBeInstanceOf(CasekitError);
    expect((error as ModelNotDeployedError).code).toBe('ModelNotDeployed');
    expect((error as Error).message).toMatch(/"nope".*claims@1/);
  });

  it('an illegal command names the item by name and id, the case and the state — not only an instance id', async () => {
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(TWO_TASKS);
    const { id } = await engine.startCase();
    await engine.complete(id, 'A');
    const error = await engine.complete(id, 'A').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect((error as Error).message).toContain('"A" (PI_A)');
    expect((error as Error).message).toContain(`case ${id}`);
    expect((error as Error).message).toContain('Completed');
  });

  it('a refused role names the user, the item, the command and the roles', async () => {
    const model = casePlan(
      `<planItem id="PI_A" name="Assess" definitionRef="HT_A"/><humanTask id="HT_A" name="Assess" performerRef="R_adj"/>`,
      `<caseRoles id="CR"><role id="R_adj" name="adjuster"/></caseRoles>`,
    );
    const engine = createEngine({ clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(model);
    const { id } = await engine.startCase();
    const error = await engine.complete(id, 'Assess', { user: { id: 'clerk', roles: ['clerk'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect((error as Error).message).toMatch(/user clerk may not complete "Assess" \(PI_A\).*adjuster/);
  });

  it('a timer backlog beyond the bound is a RunawayLoop, not an IllegalTransition', async () => {
    const model = casePlan(`
      <planItem id="PI_T" name="Tick" definitionRef="TEL"/>
      <planItem id="PI_A" name="A" definitionRef="HT_A"/>
      <timerEventListener id="TEL" name="Tick"><timerExpression>R/PT1S</timerExpression></timerEventListener>
      <humanTask id="HT_A" name="A"/>
    `);
    const clock = new VirtualClock();
    const engine = createEngine({ authorization: 'none', clock, idGenerator: ids(), maxTimerFiringsPerCall: 50 });
    engine.deploy(model);
    await engine.startCase();
    const error = await engine.fireDueTimers(clock.now() + 365 * 86_400_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunawayLoopError);
    expect((error as RunawayLoopError).message).toMatch(/more than 50 timer firings/);
  });

  it('every error class of the public surface extends CasekitError and carries its literal code', () => {
    const classes = Object.entries(core).filter(([name, value]) => typeof value === 'function' && name.endsWith('Error')) as [string, new (...args: never[]) => Error][];
    expect(classes.length).toBeGreaterThan(10);
    for (const [name, cls] of classes) expect(cls.prototype instanceof CasekitError || cls === CasekitError, name).toBe(true);
  });
});

describe('a deliberate public surface', () => {
  it('the main entry point exports no engine internals', () => {
    for (const name of ['CHUNK_SIZE', 'CHUNK_BITS', 'compileCase', 'step', 'createCase', 'instanceAt', 'allInstances', 'resolveInstance', 'caseSnapshot', 'legalCommands', 'applicableItems']) {
      expect(core, name).not.toHaveProperty(name);
    }
  });

  it('the internals live behind @casekit/core/internals', async () => {
    const internals = await import('@casekit/core/internals');
    for (const name of ['compileCase', 'step', 'createCase', 'instanceAt', 'resolveInstance', 'legalCommands', 'planItemCommandRefusal']) {
      expect(internals, name).toHaveProperty(name);
    }
  });
});

describe('refs are names, never object keys', () => {
  it('a ref like "toString" or "__proto__" names nothing', async () => {
    const engine = createEngine({ authorization: 'none', clock: new VirtualClock(), idGenerator: ids() });
    engine.deploy(TWO_TASKS);
    const { id } = await engine.startCase();
    for (const ref of ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty']) {
      await expect(engine.terminate(id, ref), ref).rejects.toMatchObject({ code: 'UnknownRef' });
      await expect(engine.suspend(id, ref), ref).rejects.toMatchObject({ code: 'UnknownRef' });
    }
    expect((await engine.getState(id as CaseInstanceId)).state).toBe('Active');
  });
});

describe('typed references', () => {
  it('commands accept the builder’s handles as well as strings', async () => {
    const { buildCase } = await import('@casekit/core');
    let review: { readonly id: string; readonly kind: 'PlanItem' } | undefined;
    const model = buildCase('Typed', { id: 'typed' }, (c) => {
      review = c.plan.humanTask('Review');
    });
    const engine = createEngine({ clock: new VirtualClock(), idGenerator: ids(), authorization: 'none' });
    engine.deploy(model);
    const { id } = await engine.startCase();
    await engine.complete(id, review!);
    expect((await engine.getCase(id)).items.find((i) => i.name === 'Review')?.state).toBe('Completed');
  });
});
