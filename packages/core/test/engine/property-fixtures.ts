/**
 * Small hand-written models added to the corpus for the engine properties: shapes the corpus lacks
 * or holds only in models a random walk rarely gets deep into — a manually activated item inside a
 * nested stage beside a sibling that keeps the case open, timers (a repeating one among them) with
 * suspension, case file on-parts, planning tables of a stage and of a human task, roles, a case
 * plan model exit criterion, blocking case tasks whose child cases end at once or by a timer.
 * They are written for the generator, not copied from anywhere.
 */

/** One hand-written model. */
export interface Fixture {
  readonly name: string;
  readonly xml: string;
}

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" targetNamespace="http://casekit.dev/test/properties"`;

/** The hand-written models. */
export const FIXTURES: readonly Fixture[] = [
  {
    name: 'fixtures/nested-manual.cmmn',
    xml: `${HEAD} id="defs_nested">
  <case id="nested" name="Nested manual activation">
    <casePlanModel id="plan" name="Plan">
      <planItem id="pi_review" name="Review stage" definitionRef="st_review"/>
      <planItem id="pi_keep" name="Keep open" definitionRef="t_keep"/>
      <planItem id="pi_reviewed" name="Reviewed" definitionRef="m_reviewed">
        <entryCriterion id="ec_reviewed" sentryRef="s_review_done"/>
      </planItem>
      <sentry id="s_review_done">
        <planItemOnPart id="op_review_done" sourceRef="pi_review"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <stage id="st_review" name="Review stage">
        <planItem id="pi_check" name="Check" definitionRef="t_check">
          <itemControl id="ic_check"><manualActivationRule id="mar_check"/></itemControl>
        </planItem>
        <planItem id="pi_inner" name="Inner stage" definitionRef="st_inner">
          <itemControl id="ic_inner"><manualActivationRule id="mar_inner"/></itemControl>
        </planItem>
        <stage id="st_inner" name="Inner stage">
          <planItem id="pi_sign" name="Sign" definitionRef="t_sign">
            <exitCriterion id="xc_sign" sentryRef="s_abort"/>
          </planItem>
          <planItem id="pi_abort" name="Abort" definitionRef="uel_abort"/>
          <planItem id="pi_approve" name="Approve" definitionRef="t_approve">
            <itemControl id="ic_approve"><manualActivationRule id="mar_approve"/></itemControl>
          </planItem>
          <sentry id="s_abort">
            <planItemOnPart id="op_abort" sourceRef="pi_abort"><standardEvent>occur</standardEvent></planItemOnPart>
          </sentry>
          <humanTask id="t_sign" name="Sign"/>
          <humanTask id="t_approve" name="Approve"/>
          <userEventListener id="uel_abort" name="Abort"/>
        </stage>
        <humanTask id="t_check" name="Check"/>
      </stage>
      <humanTask id="t_keep" name="Keep open"/>
      <milestone id="m_reviewed" name="Reviewed"/>
    </casePlanModel>
  </case>
</definitions>`,
  },
  {
    name: 'fixtures/timers.cmmn',
    xml: `${HEAD} id="defs_timers">
  <case id="timers" name="Timers and case file">
    <caseFileModel>
      <caseFileItem id="cfi_report" name="report" multiplicity="ExactlyOne"/>
    </caseFileModel>
    <casePlanModel id="plan" name="Plan" autoComplete="true">
      <planItem id="pi_reminder" name="Reminder" definitionRef="tel_reminder"/>
      <planItem id="pi_remind" name="Send reminder" definitionRef="t_remind">
        <itemControl id="ic_remind"><repetitionRule id="rep_remind"/></itemControl>
        <entryCriterion id="ec_remind" sentryRef="s_reminder"/>
      </planItem>
      <planItem id="pi_write" name="Write report" definitionRef="t_write">
        <itemControl id="ic_write"><requiredRule id="rr_write"/></itemControl>
        <exitCriterion id="xc_write" sentryRef="s_report"/>
      </planItem>
      <planItem id="pi_deadline" name="Deadline" definitionRef="tel_deadline"/>
      <planItem id="pi_escalate" name="Escalate" definitionRef="t_escalate">
        <entryCriterion id="ec_escalate" sentryRef="s_deadline"/>
      </planItem>
      <sentry id="s_reminder">
        <planItemOnPart id="op_reminder" sourceRef="pi_reminder"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <sentry id="s_report">
        <caseFileItemOnPart id="op_report" sourceRef="cfi_report"><standardEvent>create</standardEvent></caseFileItemOnPart>
      </sentry>
      <sentry id="s_deadline">
        <planItemOnPart id="op_deadline" sourceRef="pi_deadline"><standardEvent>occur</standardEvent></planItemOnPart>
        <ifPart id="if_deadline"><condition>\${priority == 'high'}</condition></ifPart>
      </sentry>
      <timerEventListener id="tel_reminder" name="Reminder"><timerExpression>R2/PT1H</timerExpression></timerEventListener>
      <timerEventListener id="tel_deadline" name="Deadline"><timerExpression>P1D</timerExpression></timerEventListener>
      <task id="t_remind" name="Send reminder" isBlocking="false"/>
      <humanTask id="t_write" name="Write report"/>
      <humanTask id="t_escalate" name="Escalate"/>
    </casePlanModel>
  </case>
</definitions>`,
  },
  {
    name: 'fixtures/planning.cmmn',
    xml: `${HEAD} id="defs_planning">
  <case id="planning" name="Planning">
    <casePlanModel id="plan" name="Plan">
      <planItem id="pi_work" name="Work" definitionRef="st_work"/>
      <planItem id="pi_cancel" name="Cancel" definitionRef="uel_cancel"/>
      <sentry id="s_cancel">
        <planItemOnPart id="op_cancel" sourceRef="pi_cancel"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <stage id="st_work" name="Work">
        <planItem id="pi_triage" name="Triage" definitionRef="t_triage"/>
        <planningTable id="pt_work">
          <discretionaryItem id="di_extra" name="Extra check" definitionRef="t_extra" applicabilityRuleRefs="ar_score" authorizedRoleRefs="role_doctor"/>
          <discretionaryItem id="di_sub" name="Sub stage" definitionRef="st_sub"/>
          <applicabilityRule id="ar_score" name="score"><condition>\${score &gt; 5}</condition></applicabilityRule>
        </planningTable>
        <stage id="st_sub" name="Sub stage" autoComplete="true">
          <planItem id="pi_subtask" name="Subtask" definitionRef="t_subtask">
            <itemControl id="ic_subtask"><manualActivationRule id="mar_subtask"/></itemControl>
          </planItem>
          <humanTask id="t_subtask" name="Subtask"/>
        </stage>
        <humanTask id="t_triage" name="Triage" performerRef="role_nurse">
          <planningTable id="pt_triage">
            <discretionaryItem id="di_note" name="Note" definitionRef="t_note"/>
          </planningTable>
        </humanTask>
        <humanTask id="t_extra" name="Extra check"/>
        <humanTask id="t_note" name="Note"/>
      </stage>
      <userEventListener id="uel_cancel" name="Cancel" authorizedRoleRefs="role_doctor"/>
      <exitCriterion id="xc_plan" sentryRef="s_cancel"/>
    </casePlanModel>
    <caseRoles>
      <role id="role_doctor" name="doctor"/>
      <role id="role_nurse" name="nurse"/>
    </caseRoles>
  </case>
</definitions>`,
  },
  {
    name: 'fixtures/child-case.cmmn',
    xml: `${HEAD} id="defs_child">
  <case id="parent" name="Parent">
    <casePlanModel id="parent_plan" name="Parent plan">
      <planItem id="pi_delegate" name="Delegate" definitionRef="ct_delegate">
        <exitCriterion id="xc_delegate" sentryRef="s_recall"/>
      </planItem>
      <planItem id="pi_notify" name="Notify" definitionRef="ct_notify"/>
      <planItem id="pi_recall" name="Recall" definitionRef="uel_recall"/>
      <planItem id="pi_send" name="Send notice" definitionRef="uel_send"/>
      <planItem id="pi_notify_again" name="Notify again" definitionRef="ct_notify">
        <entryCriterion id="ec_notify_again" sentryRef="s_send"/>
      </planItem>
      <planItem id="pi_follow" name="Follow up" definitionRef="t_follow">
        <entryCriterion id="ec_follow" sentryRef="s_delegated"/>
      </planItem>
      <sentry id="s_recall">
        <planItemOnPart id="op_recall" sourceRef="pi_recall"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <sentry id="s_send">
        <planItemOnPart id="op_send" sourceRef="pi_send"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <sentry id="s_delegated">
        <planItemOnPart id="op_delegated" sourceRef="pi_delegate"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <caseTask id="ct_delegate" name="Delegate" caseRef="waiting" isBlocking="true"/>
      <caseTask id="ct_notify" name="Notify" caseRef="instant" isBlocking="true"/>
      <userEventListener id="uel_recall" name="Recall"/>
      <userEventListener id="uel_send" name="Send notice"/>
      <humanTask id="t_follow" name="Follow up"/>
    </casePlanModel>
  </case>
  <case id="waiting" name="Waiting child">
    <casePlanModel id="waiting_plan" name="Waiting plan" autoComplete="true">
      <planItem id="pi_wait" name="Wait" definitionRef="tel_wait"/>
      <planItem id="pi_waited" name="Waited" definitionRef="m_waited">
        <itemControl id="ic_waited"><requiredRule id="rr_waited"/></itemControl>
        <entryCriterion id="ec_waited" sentryRef="s_wait"/>
      </planItem>
      <sentry id="s_wait">
        <planItemOnPart id="op_wait" sourceRef="pi_wait"><standardEvent>occur</standardEvent></planItemOnPart>
      </sentry>
      <timerEventListener id="tel_wait" name="Wait"><timerExpression>PT2H</timerExpression></timerEventListener>
      <milestone id="m_waited" name="Waited"/>
    </casePlanModel>
  </case>
  <case id="instant" name="Instant child">
    <casePlanModel id="instant_plan" name="Instant plan">
      <planItem id="pi_noted" name="Noted" definitionRef="m_noted"/>
      <milestone id="m_noted" name="Noted"/>
    </casePlanModel>
  </case>
</definitions>`,
  },
];
