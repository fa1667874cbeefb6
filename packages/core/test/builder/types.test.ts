/**
 * Type tests: what must not compile carries `@ts-expect-error` (so `tsc -p tsconfig.json` fails
 * if it ever compiles), what must compile has `expectTypeOf` checks. The file also runs under
 * vitest, which checks that what TypeScript cannot see is caught by `build()`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createModel,
  on,
  type CaseFileItemOnPartSpec,
  type EventListenerHandle,
  type ExitCriterionHandle,
  type MilestoneEvent,
  type MilestoneHandle,
  type PlanItemOnPartSpec,
  type StandardEventOf,
  type TaskOrStageEvent,
} from '../../src/builder/index.js';
import { ModelError } from '../../src/errors.js';
import type { PlanItemId } from '../../src/model/types.js';

function fixture() {
  const m = createModel();
  const a = m.case('Case A', { id: 'a' });
  const b = m.case('Case B', { id: 'b' });
  const task = a.plan.task('Task');
  const review = a.plan.humanTask('Review');
  const milestone = a.plan.milestone('Milestone');
  const timer = a.plan.timerEventListener('Timer', { timerExpression: 'PT1H' });
  const user = a.plan.userEventListener('User');
  const stage = a.plan.stage('Stage');
  const file = a.caseFileItem('file');
  const role = a.role('Role');
  const discretionary = a.plan.planningTable().task('Optional');
  const otherTask = b.plan.task('Other task');
  const otherRole = b.role('Other role');
  const otherFile = b.caseFileItem('other file');
  return { m, a, b, task, review, milestone, timer, user, stage, file, role, discretionary, otherTask, otherRole, otherFile };
}

describe('types', () => {
  it('standard events are typed per source kind, with the spec transition names', () => {
    const { task, milestone, timer, user, stage, file, discretionary } = fixture();
    on(task, 'complete');
    on(stage, 'exit');
    on(milestone, 'occur');
    on(milestone, 'exit');
    on(timer, 'occur');
    on(user, 'occur');
    on(file, 'update');
    on(discretionary, 'manualStart');

    // @ts-expect-error a milestone emits 'occur', never 'complete'
    on(milestone, 'complete');
    // @ts-expect-error a milestone is never started
    on(milestone, 'start');
    // @ts-expect-error event listeners have no 'exit' (no exit criteria)
    on(timer, 'exit');
    // @ts-expect-error a user event listener occurs, it does not complete
    on(user, 'complete');
    // @ts-expect-error tasks do not 'occur'
    on(task, 'occur');
    // @ts-expect-error no synonyms: the spec says 'complete'
    on(task, 'completed');
    // @ts-expect-error case file items are updated, created, …, not completed
    on(file, 'complete');
    // @ts-expect-error plan items are not 'update'd
    on(task, 'update');

    expectTypeOf<StandardEventOf<'Milestone'>>().toEqualTypeOf<MilestoneEvent>();
    expectTypeOf<StandardEventOf<'HumanTask'>>().toEqualTypeOf<TaskOrStageEvent>();
    expectTypeOf<'complete'>().not.toMatchTypeOf<StandardEventOf<'TimerEventListener'>>();
  });

  it('an exit criterion is accepted with the exit event only', () => {
    const { task, a } = fixture();
    const exit = task.addExitCriterion({ on: on(a.plan.task('Other'), 'complete') });
    expectTypeOf(exit).toEqualTypeOf<ExitCriterionHandle<'a'>>();
    on(task, 'exit', { exitCriterion: exit });
    // @ts-expect-error exitCriterionRef only applies to 'exit'
    on(task, 'complete', { exitCriterion: exit });
    // @ts-expect-error an entry criterion is not an exit criterion
    on(task, 'exit', { exitCriterion: task.addEntryCriterion({}) });
  });

  it('handles are what references take', () => {
    const { a, task, milestone, timer, file, role, stage } = fixture();
    expectTypeOf(task.id).toEqualTypeOf<PlanItemId>();
    expectTypeOf(milestone).toMatchTypeOf<MilestoneHandle<'a'>>();
    expectTypeOf(timer).toEqualTypeOf<EventListenerHandle<'TimerEventListener', 'a'>>();
    expectTypeOf(on(milestone, 'occur')).toEqualTypeOf<PlanItemOnPartSpec<'a', 'PlanItem'>>();
    expectTypeOf(on(file, 'create')).toEqualTypeOf<CaseFileItemOnPartSpec<'a'>>();

    a.plan.humanTask('Performed', { performer: role });
    // @ts-expect-error a performer is a role handle, not a name
    a.plan.humanTask('By name', { performer: 'Role' });
    // @ts-expect-error a case file item is not a role
    a.plan.humanTask('By file', { performer: file });
    // @ts-expect-error the case plan model is not a plan item: nothing waits for it
    on(a.plan, 'complete');
    // @ts-expect-error an on-part source is a handle, not an id
    on('PlanItem_Task', 'complete');
    // @ts-expect-error a role is not an on-part source
    on(role, 'complete');
    // @ts-expect-error a timer starts on a plan item's transition, not a role's
    a.plan.timerEventListener('Bad start', { timerExpression: 'PT1H', timerStart: { kind: 'PlanItemOnPart', source: role } });
    a.plan.timerEventListener('Good start', { timerExpression: 'PT1H', timerStart: on(stage, 'start') });
  });

  it('event listeners take no criteria and no item control; milestones no manual activation', () => {
    const { a } = fixture();
    // @ts-expect-error event listeners have no entry criteria
    a.plan.userEventListener('U1', { entryCriteria: [] });
    // @ts-expect-error event listeners have no item control
    a.plan.timerEventListener('T1', { timerExpression: 'PT1H', itemControl: { requiredRule: true } });
    const listener = a.plan.userEventListener('U2');
    expect(() =>
      // @ts-expect-error an event listener handle has no criteria methods (at run time neither)
      listener.addEntryCriterion({}),
    ).toThrow(TypeError);
    // @ts-expect-error milestones are never manually activated
    a.plan.milestone('M', { itemControl: { manualActivationRule: true } });
    a.plan.milestone('M2', { itemControl: { requiredRule: true, repetitionRule: '${again}' } });
    // @ts-expect-error a timer needs its timer expression
    a.plan.timerEventListener('No expression', {});
  });

  it('handles of another case do not compile when the cases have literal ids, and build() rejects them anyway', () => {
    const { m, a, otherTask, otherRole, otherFile } = fixture();
    // @ts-expect-error an on-part source of case 'b' in case 'a'
    a.plan.task('X1', { entryCriteria: [{ on: on(otherTask, 'complete') }] });
    // @ts-expect-error a performer of case 'b' in case 'a'
    a.plan.humanTask('X2', { performer: otherRole });
    // @ts-expect-error an if-part context of case 'b' in case 'a'
    a.plan.task('X3', { entryCriteria: [{ if: { condition: '${x}', context: otherFile } }] });
    // @ts-expect-error a child case file item handle of case 'b' as a target of case 'a'
    a.caseFileItem('linked', { targets: [otherFile] });

    // What compiled only because of the @ts-expect-error lines is still caught at build():
    try {
      m.build();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      const problems = (error as ModelError).problems.filter((p) => p.severity === 'error');
      expect(problems.map((p) => [p.code, p.elementId])).toEqual([
        ['UnresolvedReference', 'CaseFileItem_Linked'],
        ['UnresolvedReference', 'PlanItemOnPart_OtherTask_Complete'],
        ['UnresolvedReference', 'Sentry_X3_Entry'],
        ['UnresolvedReference', 'HumanTask_X2'],
      ]);
    }
  });

  it('a case without a literal id takes any handle at compile time', () => {
    const m = createModel();
    const loose = m.case('Loose');
    const other = m.case('Other');
    expectTypeOf(loose.id).toMatchTypeOf<string>();
    // compiles (C is string for both), build() reports it
    loose.plan.task('T', { entryCriteria: [{ on: on(other.plan.task('O'), 'complete') }] });
    expect(m.safeBuild().success).toBe(false);
  });
});
