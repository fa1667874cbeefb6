/**
 * What the store contract's tests share: the contract model (in two versions), states built with
 * the pure engine functions, assertions on what a store returns and the errors it throws, an
 * outbox effect, an engine on a store, and the list a test module adds its tests to.
 */
import assert from 'node:assert/strict';
import { createEngine, parseCmmn, VirtualClock, type CaseEngine, type CaseInstanceId, type CaseInstanceState, type OutboxEffect, type CaseStore, type CompiledCase, type Command, type JsonValue } from '@casekit/core';
import { AUTHORIZATION_OFF, compileCase, createCase, resolveInstance, step } from '@casekit/core/internals';
import type { ContractContext, ContractTest } from './types.js';

// ------------------------------------------------------------------------------------------------
// The model the tests run, in two versions
// ------------------------------------------------------------------------------------------------

/** The time every contract test starts at. */
export const T0 = Date.parse('2026-03-02T08:00:00Z');
/** One hour in milliseconds. */
export const HOUR = 3_600_000;

function contractModel(version: 1 | 2): string {
  const audit =
    version === 2
      ? `<planItem id="pi_audit" name="Audit" definitionRef="t_audit"/>
      <humanTask id="t_audit" name="Audit"/>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="contract_defs" targetNamespace="http://casekit.dev/store-contract">
  <case id="review_case" name="Review">
    <casePlanModel id="plan" name="Review">
      <planItem id="pi_review" name="Review" definitionRef="t_review"/>
      <planItem id="pi_approve" name="Approve" definitionRef="t_approve">
        <entryCriterion id="ec_approve" sentryRef="s_reviewed"/>
      </planItem>
      <planItem id="pi_escalate" name="Escalate" definitionRef="uel_escalate"/>
      <planItem id="pi_reminder" name="Reminder" definitionRef="tel_reminder"/>
      <planItem id="pi_deadline" name="Deadline" definitionRef="tel_deadline"/>
      <planItem id="pi_follow" name="Follow up" definitionRef="t_follow">
        <entryCriterion id="ec_follow" sentryRef="s_reminded"/>
      </planItem>
      ${audit}
      <sentry id="s_reviewed"><planItemOnPart id="op_reviewed" sourceRef="pi_review"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
      <sentry id="s_reminded"><planItemOnPart id="op_reminded" sourceRef="pi_reminder"><standardEvent>occur</standardEvent></planItemOnPart></sentry>
      <humanTask id="t_review" name="Review"/>
      <humanTask id="t_approve" name="Approve"/>
      <humanTask id="t_follow" name="Follow up"/>
      <userEventListener id="uel_escalate" name="Escalate"/>
      <timerEventListener id="tel_reminder" name="Reminder"><timerExpression>PT1H</timerExpression></timerEventListener>
      <timerEventListener id="tel_deadline" name="Deadline"><timerExpression>P1D</timerExpression></timerEventListener>
    </casePlanModel>
  </case>
</definitions>
`;
}

/** The contract model's XML (version 1, or 2 which adds an `Audit` task). */
export const CONTRACT_MODEL_XML: Readonly<Record<1 | 2, string>> = Object.freeze({ 1: contractModel(1), 2: contractModel(2) });

/** Builds states with the pure engine functions, without any store. */
export class States {
  readonly compiled: CompiledCase;
  #ids = 0;

  constructor() {
    const model = parseCmmn(CONTRACT_MODEL_XML[1]);
    this.compiled = compileCase(model, model.definitions.cases[0]!);
  }

  #context(now: number) {
    return { now, newId: () => `i${++this.#ids}`, maxTransitions: 1000, authorization: AUTHORIZATION_OFF };
  }

  create(id: string, options: { at?: number; caseFile?: Record<string, JsonValue>; modelVersion?: number } = {}) {
    return createCase(
      this.compiled,
      { id: id as CaseInstanceState['id'], modelKey: 'contract', modelVersion: options.modelVersion ?? 1, caseFile: options.caseFile, parentCase: undefined },
      this.#context(options.at ?? T0),
    );
  }

  apply(state: CaseInstanceState, command: Command, at = state.updatedAt + 1000) {
    return step(this.compiled, state, command, this.#context(at));
  }

  item(state: CaseInstanceState, transition: 'complete' | 'occur', ref: string, at?: number, user?: string) {
    const instance = resolveInstance(this.compiled, state, ref, transition, undefined, 0, AUTHORIZATION_OFF);
    return this.apply(state, { type: 'planItem', transition, instance, ...(user === undefined ? {} : { user: { id: user } }) }, at);
  }
}

/** As a store returns it: JSON, without `undefined` fields. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Deep equality of what JSON keeps (a store may drop `undefined` fields). */
export function same(actual: unknown, expected: unknown, message?: string): void {
  assert.deepEqual(plain(actual), plain(expected), message);
}

/** Asserts that a promise rejects with a ConcurrencyConflict naming this case and these revisions. */
export async function rejectsWithConflict(promise: Promise<unknown>, expected: { caseId: string; expectedRevision: number | null; actualRevision: number | null }): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const e = error as { code?: unknown; caseId?: unknown; expectedRevision?: unknown; actualRevision?: unknown };
    assert.equal(e.code, 'ConcurrencyConflict', `expected a ConcurrencyConflict, got ${String(error)}`);
    assert.equal(e.caseId, expected.caseId);
    assert.equal(e.expectedRevision, expected.expectedRevision);
    assert.equal(e.actualRevision, expected.actualRevision);
    return true;
  });
}

/** Asserts that a promise rejects with a casekit error of this code. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string, message?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: unknown }).code, code, `${message ?? ''} expected ${code}, got ${String(error)}`);
    assert.ok(error instanceof Error);
    return true;
  });
}

/** An outbox effect for the tests. */
export function effect(id: string, caseId: string, createdAt: number, payload: Record<string, JsonValue> = { n: 1 }): OutboxEffect {
  return { id, caseId: caseId as CaseInstanceId, kind: 'invokeTask', payload, createdAt };
}

/** An engine on a store, with a virtual clock at `at` (default {@link T0}) and ids prefixed by its owner. */
export function engineOn(store: CaseStore, options: { at?: number; owner?: string } = {}): { engine: CaseEngine; clock: VirtualClock } {
  const clock = new VirtualClock(options.at ?? T0);
  let n = 0;
  const prefix = options.owner ?? 'e';
  return { engine: createEngine({ store, clock, idGenerator: () => `${prefix}-${++n}`, owner: options.owner, maxRetries: 50, authorization: 'none' }), clock };
}

/** The ids of query rows, in order. */
export const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id);

/** A test module's list of contract tests, and `test(group, name, run)` that adds one to it. */
export function contractTests(): { readonly tests: ContractTest[]; readonly test: (group: string, name: string, run: (context: ContractContext) => Promise<void>) => void } {
  const tests: ContractTest[] = [];
  const test = (group: string, name: string, run: (context: ContractContext) => Promise<void>): void => void tests.push({ group, name, run });
  return { tests, test };
}
