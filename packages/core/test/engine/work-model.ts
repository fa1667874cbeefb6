/** A claims case for the work tests: three human tasks with Flowable work attributes and four-eyes. */
export const WORK_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
  xmlns:casekit="https://casekit.dev/schema/cmmn" targetNamespace="https://casekit.dev/test">
  <case id="claim" name="Claim">
    <caseRoles><role id="R_handler" name="handler"/><role id="R_manager" name="manager"/></caseRoles>
    <casePlanModel id="plan" name="Claim">
      <planItem id="PI_Assess" name="Assess" definitionRef="HT_Assess"/>
      <planItem id="PI_Approve" name="Approve" definitionRef="HT_Approve" casekit:fourEyesWith="PI_Assess">
        <entryCriterion sentryRef="S_assessed"/>
      </planItem>
      <planItem id="PI_Review" name="Review" definitionRef="HT_Review"/>
      <planItem id="PI_Notify" name="Notify" definitionRef="T_Notify"/>
      <sentry id="S_assessed"><planItemOnPart sourceRef="PI_Assess"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
      <humanTask id="HT_Assess" name="Assess" performerRef="R_handler" flowable:candidateGroups="claims"
        flowable:dueDate="P2D" flowable:priority="\${claim.amount > 1000 ? 80 : 40}"/>
      <humanTask id="HT_Approve" name="Approve" performerRef="R_handler" flowable:candidateGroups="claims" flowable:dueDate="2026-01-10"/>
      <humanTask id="HT_Review" name="Review" flowable:assignee="\${claim.reviewer}" flowable:candidateUsers="mo, \${claim.reviewer}"/>
      <task id="T_Notify" name="Notify"/>
    </casePlanModel>
  </case>
</definitions>`;
