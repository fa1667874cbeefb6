/** The standard events of CMMN 1.1 §8 and which of them each kind of plan item can emit. */
import { describe, expect, it } from 'vitest';
import { PLAN_ITEM_DEFINITION_KINDS, PLAN_ITEM_TRANSITIONS } from '@casekit/core';
import { CASE_FILE_ITEM_EVENTS, PLAN_ITEM_EVENTS, emittedEvents } from '../../src/validate/events.js';

describe('standard events', () => {
  it('lists every plan item transition of the lifecycles, plus parentTerminate', () => {
    expect([...PLAN_ITEM_EVENTS].sort()).toEqual([...new Set([...PLAN_ITEM_TRANSITIONS, 'parentTerminate'])].sort());
  });

  it('lists the eight case file item transitions', () => {
    expect([...CASE_FILE_ITEM_EVENTS].sort()).toEqual(['addChild', 'addReference', 'create', 'delete', 'removeChild', 'removeReference', 'replace', 'update']);
  });

  it('gives each plan item kind events from the standard list only', () => {
    for (const kind of PLAN_ITEM_DEFINITION_KINDS) {
      for (const event of emittedEvents(kind)) expect(PLAN_ITEM_EVENTS, `${kind} ${event}`).toContain(event);
    }
  });

  it.each(['Stage', 'PlanFragment', 'Task', 'HumanTask', 'CaseTask', 'ProcessTask', 'DecisionTask'] as const)('%s emits the stage/task transitions', (kind) => {
    const events = emittedEvents(kind);
    for (const event of ['create', 'enable', 'disable', 'reenable', 'start', 'manualStart', 'suspend', 'resume', 'fault', 'reactivate', 'complete', 'terminate', 'exit', 'parentSuspend', 'parentResume']) {
      expect(events).toContain(event);
    }
    expect(events).not.toContain('occur');
  });

  it('a milestone occurs and can exit, but never starts or completes', () => {
    const events = emittedEvents('Milestone');
    expect(events).toEqual(expect.arrayContaining(['create', 'occur', 'exit', 'parentTerminate', 'suspend', 'resume', 'terminate']));
    expect(events).not.toContain('complete');
    expect(events).not.toContain('start');
  });

  it.each(['EventListener', 'UserEventListener', 'TimerEventListener'] as const)('%s occurs but never exits', (kind) => {
    const events = emittedEvents(kind);
    expect(events).toContain('occur');
    expect(events).not.toContain('exit');
    expect(events).not.toContain('complete');
  });
});
