/**
 * What the multi-process tests run: the race model and its commands, and the crash script. Shared
 * by the worker processes and the checks, so that both sides agree on every command.
 */
import { createEngine, VirtualClock, type CaseEngine, type CaseStore } from '@casekit/core';

/** Tasks A and B, then C (needs both); a user event Flag, then the task it enables; a timer Tick. */
export const RACE_MODEL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="race_defs" targetNamespace="http://casekit.dev/race">
  <case id="race" name="Race">
    <casePlanModel id="plan" name="Race">
      <planItem id="pi_a" name="Task A" definitionRef="t_a"/>
      <planItem id="pi_b" name="Task B" definitionRef="t_b"/>
      <planItem id="pi_c" name="Task C" definitionRef="t_c">
        <entryCriterion id="ec_c" sentryRef="s_ab"/>
      </planItem>
      <planItem id="pi_flag" name="Flag" definitionRef="uel_flag"/>
      <planItem id="pi_handle" name="Handle flag" definitionRef="t_handle">
        <entryCriterion id="ec_handle" sentryRef="s_flag"/>
      </planItem>
      <planItem id="pi_tick" name="Tick" definitionRef="tel_tick"/>
      <planItem id="pi_wrap" name="Wrap up" definitionRef="t_wrap"/>
      <sentry id="s_ab">
        <planItemOnPart id="op_a" sourceRef="pi_a"><standardEvent>complete</standardEvent></planItemOnPart>
        <planItemOnPart id="op_b" sourceRef="pi_b"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <sentry id="s_flag"><planItemOnPart id="op_flag" sourceRef="pi_flag"><standardEvent>occur</standardEvent></planItemOnPart></sentry>
      <humanTask id="t_a" name="Task A"/>
      <humanTask id="t_b" name="Task B"/>
      <humanTask id="t_c" name="Task C"/>
      <humanTask id="t_handle" name="Handle flag"/>
      <humanTask id="t_wrap" name="Wrap up"/>
      <userEventListener id="uel_flag" name="Flag"/>
      <timerEventListener id="tel_tick" name="Tick"><timerExpression>PT2S</timerExpression></timerEventListener>
    </casePlanModel>
  </case>
</definitions>
`;

/** One command of the race. */
export type RaceCommand =
  | { readonly label: string; readonly kind: 'complete' | 'occur'; readonly ref: string }
  | { readonly label: string; readonly kind: 'set'; readonly values: Readonly<Record<string, number>> };

/** The item commands every worker sends to every case (each legal once, in this order). */
export const RACE_ITEM_COMMANDS: readonly RaceCommand[] = [
  { label: 'complete Task A', kind: 'complete', ref: 'Task A' },
  { label: 'occur Flag', kind: 'occur', ref: 'Flag' },
  { label: 'complete Task B', kind: 'complete', ref: 'Task B' },
  { label: 'complete Handle flag', kind: 'complete', ref: 'Handle flag' },
  { label: 'complete Task C', kind: 'complete', ref: 'Task C' },
];

/** Case file writes per worker and case (each worker writes its own fields: all must land). */
export const RACE_SETS_PER_WORKER = 3;

/** A worker's commands for one case: the item commands with its own writes between them. */
export function raceCommands(worker: number): RaceCommand[] {
  const out: RaceCommand[] = [];
  RACE_ITEM_COMMANDS.forEach((command, i) => {
    out.push(command);
    if (i < RACE_SETS_PER_WORKER) out.push({ label: `set w${worker}_${i}`, kind: 'set', values: { [`w${worker}_${i}`]: i } });
  });
  return out;
}

/** The crash script: the same model, driven deterministically (virtual clock, counted ids). */
export type CrashStep =
  | { readonly kind: 'start'; readonly caseId: string }
  | { readonly kind: 'set'; readonly caseId: string; readonly values: Readonly<Record<string, string | number>> }
  | { readonly kind: 'complete' | 'occur'; readonly caseId: string; readonly ref: string };

/** Cases advanced round robin, so that a kill lands anywhere in the stream. */
export function crashScript(cases: number): CrashStep[] {
  const ids = Array.from({ length: cases }, (_, i) => `crash-${String(i).padStart(3, '0')}`);
  const perCase = (caseId: string, i: number): CrashStep[] => [
    { kind: 'start', caseId },
    // A large-ish write (a few tens of kB), so that a kill often lands during one.
    { kind: 'set', caseId, values: { notes: `${caseId} `.repeat(2000 + i) } },
    { kind: 'complete', caseId, ref: 'Task A' },
    { kind: 'occur', caseId, ref: 'Flag' },
    { kind: 'set', caseId, values: { score: i } },
    { kind: 'complete', caseId, ref: 'Task B' },
    { kind: 'complete', caseId, ref: 'Handle flag' },
    { kind: 'complete', caseId, ref: 'Task C' },
  ];
  const columns = ids.map(perCase);
  const out: CrashStep[] = [];
  for (let k = 0; k < columns[0]!.length; k++) for (const column of columns) out.push(column[k]!);
  return out;
}

/** The virtual time the crash script starts at; each step advances the clock by one second. */
export const CRASH_T0 = Date.parse('2026-05-04T09:00:00Z');

/** Runs one crash-script step. */
export async function crashStep(engine: CaseEngine, step: CrashStep): Promise<void> {
  switch (step.kind) {
    case 'start':
      await engine.startCase({ caseId: step.caseId, modelKey: 'race' });
      return;
    case 'set':
      await engine.setCaseFile(step.caseId, step.values);
      return;
    case 'complete':
      await engine.complete(step.caseId, step.ref);
      return;
    case 'occur':
      await engine.occur(step.caseId, step.ref);
  }
}

/** The engine the crash script runs on: virtual clock, counted ids. */
export function crashEngine(store: CaseStore, idPrefix: string): { engine: CaseEngine; clock: VirtualClock } {
  const clock = new VirtualClock(CRASH_T0);
  let n = 0;
  return { engine: createEngine({ store, clock, idGenerator: () => `${idPrefix}${++n}`, authorization: 'none' }), clock };
}

