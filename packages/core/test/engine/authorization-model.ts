/**
 * The model and the world the authorization and team tests share: one case of each item kind a
 * command can reach (human tasks with and without a performer, user event listeners with and
 * without authorized roles, a timer listener, a milestone, a stage, a plain task, discretionary
 * items with and without roles), and two cases with their own teams.
 */
import { VirtualClock, createEngine, type CaseEngine, type EngineOptions, type User } from '@casekit/core';
import { casePlan } from '../cmmn-text.js';

export const CARE = casePlan(
  `
  <planningTable id="PT">
    <discretionaryItem id="DI_Visit" name="Home visit" definitionRef="HT_Visit" authorizedRoleRefs="R_N"/>
    <discretionaryItem id="DI_Check" name="Extra check" definitionRef="HT_Check"/>
  </planningTable>
  <planItem id="PI_Vitals" name="Record vitals" definitionRef="HT_Vitals"/>
  <planItem id="PI_Prescribe" name="Prescribe" definitionRef="HT_Prescribe">
    <itemControl><manualActivationRule id="MAR_P"/></itemControl>
  </planItem>
  <planItem id="PI_Note" name="Write note" definitionRef="HT_Note"/>
  <planItem id="PI_Exception" name="Exception approved" definitionRef="UEL_Exception"/>
  <planItem id="PI_Received" name="Note received" definitionRef="UEL_Received"/>
  <planItem id="PI_Reminder" name="Reminder" definitionRef="TEL_Reminder"/>
  <planItem id="PI_Assessed" name="Assessed" definitionRef="MS_Assessed">
    <entryCriterion id="EC_Assessed" sentryRef="S_Assessed"/>
  </planItem>
  <planItem id="PI_FollowUp" name="Follow-up" definitionRef="ST_FollowUp">
    <itemControl><manualActivationRule id="MAR_F"/></itemControl>
  </planItem>
  <planItem id="PI_Letter" name="Send letter" definitionRef="T_Letter"/>
  <sentry id="S_Assessed"><planItemOnPart id="OP_Assessed" sourceRef="PI_Vitals"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
  <humanTask id="HT_Vitals" name="Record vitals" performerRef="R_N"/>
  <humanTask id="HT_Prescribe" name="Prescribe" performerRef="R_D"/>
  <humanTask id="HT_Note" name="Write note"/>
  <humanTask id="HT_Visit" name="Home visit"/>
  <humanTask id="HT_Check" name="Extra check"/>
  <userEventListener id="UEL_Exception" name="Exception approved" authorizedRoleRefs="R_D"/>
  <userEventListener id="UEL_Received" name="Note received"/>
  <timerEventListener id="TEL_Reminder" name="Reminder"><timerExpression>P1D</timerExpression></timerEventListener>
  <milestone id="MS_Assessed" name="Assessed"/>
  <stage id="ST_FollowUp" name="Follow-up">
    <planItem id="PI_Call" name="Call" definitionRef="HT_Call"/>
    <humanTask id="HT_Call" name="Call"/>
  </stage>
  <task id="T_Letter" name="Send letter"/>
`,
  `<caseRoles id="CR"><role id="R_N" name="nurse"/><role id="R_D" name="doctor"/><role id="R_C" name="clerk"/></caseRoles>`,
);

/** The people: case A's owner and team, case B's team, and an outsider. */
export const OLGA: User = { id: 'olga' };
export const NINA: User = { id: 'nina' };
export const DORA: User = { id: 'dora' };
export const CLARK: User = { id: 'clark' };
/** On case B's team as nurse and doctor; claims those roles on the user object too. */
export const MALLORY: User = { id: 'mallory', roles: ['nurse', 'doctor', 'clerk'] };
/** On no team; claims every role. */
export const EVE: User = { id: 'eve', roles: ['nurse', 'doctor', 'clerk', 'R_N', 'R_D'] };

/** An engine with case A (owner olga: nina nurse, dora doctor, clark clerk) and case B (owner bob: mallory nurse and doctor). */
export async function world(options: EngineOptions = {}): Promise<{ engine: CaseEngine; clock: VirtualClock; a: string; b: string }> {
  const clock = new VirtualClock('2026-03-02T08:00:00Z');
  let n = 0;
  const engine = createEngine({ clock, idGenerator: () => `id-${++n}`, ...options });
  await engine.deploy(CARE);
  const a = await engine.startCase({
    caseId: 'case-a',
    user: OLGA,
    caseFile: { draft: 'x' },
    team: [
      { id: 'nina', roles: ['nurse'] },
      { id: 'dora', roles: ['R_D'] },
      { id: 'clark', roles: ['clerk'] },
    ],
  });
  const b = await engine.startCase({ caseId: 'case-b', user: { id: 'bob' }, team: [{ id: 'mallory', roles: ['nurse', 'doctor'] }] });
  return { engine, clock, a: a.id, b: b.id };
}

/** The stored case and its history as text: what must not change when a command is refused. */
export async function stored(engine: CaseEngine, caseId: string): Promise<string> {
  const state = await engine.store.load(caseId as never);
  return JSON.stringify({ state, history: await engine.history(caseId) });
}
