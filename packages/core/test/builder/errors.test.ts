/**
 * Misuse TypeScript cannot catch: `build()` throws a ModelError listing every problem with the
 * ids involved; `safeBuild()` returns them.
 */
import { describe, expect, it } from 'vitest';
import { buildCase, createModel, on, type ModelBuilder, type SentryHandle } from '../../src/builder/index.js';
import { CasekitError, ModelError } from '../../src/errors.js';
import { NS } from '../../src/model/namespaces.js';
import type { Problem } from '../../src/model/problems.js';

function problemsOf(m: ModelBuilder): readonly Problem[] {
  try {
    m.build();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toBeInstanceOf(CasekitError);
    expect((error as ModelError).code).toBe('ModelError');
    return (error as ModelError).problems;
  }
  throw new Error('build() did not throw');
}

const summary = (problems: readonly Problem[]) =>
  problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.elementId]);

describe('build() throws ModelError', () => {
  it('for duplicate ids, naming the id', () => {
    const m = createModel();
    const c = m.case('Dup', { id: 'dup' });
    c.plan.task('A', { id: 'same' });
    c.plan.task('B', { id: 'same' });
    expect(summary(problemsOf(m))).toEqual([['DuplicateId', 'same']]);
  });

  it('for an explicit id that clashes with one generated earlier', () => {
    const m = createModel();
    const c = m.case('Dup', { id: 'dup' });
    c.plan.task('Review');
    c.plan.task('Other', { id: 'PlanItem_Review' });
    expect(summary(problemsOf(m))).toEqual([['DuplicateId', 'PlanItem_Review']]);
  });

  it('for a handle of another case, naming the element and both cases', () => {
    const m = createModel();
    // No literal ids: TypeScript cannot tell the cases apart, build() does.
    const a = m.case('Case A');
    const b = m.case('Case B');
    const foreign = b.plan.task('Foreign');
    const role = b.role('Outsider');
    a.plan.humanTask('Local', { performer: role, entryCriteria: [{ on: on(foreign, 'complete') }] });
    const problems = problemsOf(m);
    expect(summary(problems)).toEqual([
      ['UnresolvedReference', 'PlanItemOnPart_Foreign_Complete'],
      ['UnresolvedReference', 'HumanTask_Local'],
    ]);
    expect(problems[0]!.message).toContain('"PlanItem_Foreign" of case "Case_CaseB", not of case "Case_CaseA"');
    expect(problems[1]!.message).toContain('role "Role_Outsider" of case "Case_CaseB"');
  });

  it('for a handle of another model builder', () => {
    const other = createModel().case('Elsewhere', { id: 'elsewhere' });
    const elsewhere = other.plan.milestone('Far away');
    const m = createModel();
    const c = m.case('Here', { id: 'elsewhere' }); // same case id: only build() can tell
    c.plan.task('Local', { entryCriteria: [{ on: on(elsewhere, 'occur') }] });
    const problems = problemsOf(m);
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.code)).toContain('UnresolvedReference');
    expect(problems.find((p) => p.elementId === 'PlanItemOnPart_FarAway_Occur')?.message).toContain('another model builder');
  });

  it('for a definition of another case, of another builder, or something that is no definition', () => {
    const m = createModel();
    const a = m.case('A');
    const b = m.case('B');
    const theirs = b.plan.task('Theirs');
    a.plan.use(theirs.definition, { id: 'otherCase' });
    a.plan.use(createModel().case('Far').plan.task('Far').definition, { id: 'otherBuilder' });
    a.plan.use(a.role('Role') as never, { id: 'notADefinition' });
    const problems = problemsOf(m).filter((p) => p.severity === 'error');
    // the builder's own explanation first, then what the linker and validator see in the XML
    expect(problems.map((p) => [p.code, p.elementId])).toEqual([
      ['UnresolvedReference', 'otherCase'],
      ['DefinitionOutOfReach', 'otherCase'],
      ['UnresolvedReference', 'otherBuilder'],
      ['UnresolvedReference', 'otherBuilder'],
      ['UnresolvedReference', 'notADefinition'],
    ]);
    // the linker's view of the last one is a draft-level WrongReferenceKind
    expect(problemsOf(m).find((p) => p.code === 'WrongReferenceKind')).toMatchObject({
      elementId: 'notADefinition',
      severity: 'draft',
    });
    expect(problems[0]!.message).toContain('of case "Case_B", not of case "Case_A"');
    expect(problems[2]!.message).toContain('another model builder');
    expect(problems[4]!.message).toContain('a Role, expected Stage or PlanFragment or Task');
  });

  it('for an object that only looks like a handle', () => {
    const m = createModel();
    const c = m.case('Forged', { id: 'forged' });
    const fake = { kind: 'Sentry', id: 'Sentry_Fake', name: undefined, caseId: 'forged' } as unknown as SentryHandle<'forged'>;
    c.plan.task('Task', { entryCriteria: [fake] });
    const problems = problemsOf(m);
    expect(problems[0]).toMatchObject({ code: 'UnresolvedReference', elementId: 'EntryCriterion_Task', severity: 'error' });
    expect(problems[0]!.message).toContain('not a handle made by a casekit builder');
  });

  it('for a shared sentry used outside its stage (as the parser would)', () => {
    const m = createModel();
    const c = m.case('Reach', { id: 'reach' });
    const inner = c.plan.stage('Inner');
    const nested = inner.task('Nested');
    const sentry = inner.sentry({ on: on(nested, 'complete') });
    c.plan.task('Outside', { entryCriteria: [sentry] });
    expect(summary(problemsOf(m))).toEqual([['SentryOutOfReach', 'EntryCriterion_Outside']]);
  });

  it('for a definition used outside the stage that declares it', () => {
    const m = createModel();
    const c = m.case('Reach', { id: 'reach' });
    const inner = c.plan.stage('Inner');
    const nested = inner.task('Nested');
    c.plan.use(nested.definition, { id: 'outside' });
    expect(summary(problemsOf(m))).toEqual([['DefinitionOutOfReach', 'outside']]);
  });

  it('for ids that are not XML names and extensions in no namespace', () => {
    const m = createModel();
    const c = m.case('Bad', { id: 'bad' });
    c.plan.task('Spaced', { id: 'has space' });
    c.plan.task('Ext', {
      extensionElements: [{ namespace: undefined, prefix: undefined, local: 'bare', attributes: [], children: [] }],
      extensionAttributes: [{ namespace: NS.cmmn, local: 'sneaky', value: 'x' }],
    });
    expect(summary(problemsOf(m))).toEqual([
      ['InvalidAttributeValue', 'has space'],
      ['InvalidAttributeValue', 'PlanItem_Ext'],
      ['InvalidAttributeValue', 'PlanItem_Ext'],
    ]);
  });

  it('for a timer start trigger with an on-part name', () => {
    const m = createModel();
    const c = m.case('Timer', { id: 'timer' });
    const task = c.plan.task('Task');
    c.plan.timerEventListener('Later', { timerExpression: 'PT1H', timerStart: on(task, 'start', { name: 'ignored?' }) });
    expect(summary(problemsOf(m))).toEqual([['InvalidAttributeValue', 'PlanItemStartTrigger_Later']]);
  });

  it('for planning table options given after the table exists', () => {
    const m = createModel();
    const c = m.case('Tables', { id: 'tables' });
    c.plan.planningTable({}, (t) => t.task('A'));
    c.plan.planningTable({ id: 'late' });
    expect(summary(problemsOf(m))).toEqual([['InvalidAttributeValue', 'PlanningTable_Tables']]);
  });

  it('for an invalid timer expression, from the validator', () => {
    const m = createModel();
    m.case('Timer', { id: 'timer' }).plan.timerEventListener('Never', { timerExpression: 'tomorrow-ish' });
    expect(summary(problemsOf(m))).toEqual([['InvalidTimerExpression', 'TimerEventListener_Never']]);
  });

  it('listing every problem, with the ids, in the message', () => {
    const m = createModel();
    const c = m.case('Many', { id: 'many' });
    c.plan.task('A', { id: 'x' });
    c.plan.task('B', { id: 'x' });
    c.plan.task('C', { id: '1bad' });
    try {
      m.build({ source: 'many.ts' });
      expect.unreachable();
    } catch (error) {
      expect((error as ModelError).message).toMatch(/many\.ts is invalid \(2 problems\)/);
      expect((error as ModelError).message).toContain('DuplicateId  duplicate id "x"');
      expect((error as ModelError).message).toContain('InvalidAttributeValue  id "1bad"');
    }
  });
});

describe('safeBuild()', () => {
  it('returns the problems instead of throwing', () => {
    const m = createModel();
    const c = m.case('Dup', { id: 'dup' });
    c.plan.task('A', { id: 'same' });
    c.plan.task('B', { id: 'same' });
    const result = m.safeBuild();
    expect(result.success).toBe(false);
    expect(result.model).toBeUndefined();
    expect(result.problems.map((p) => p.code)).toEqual(['DuplicateId']);
  });

  it('returns the model and its warnings when there is no error', () => {
    const m = createModel();
    m.case('Fine', { id: 'fine' }).plan.caseTask('Call', { case: 'elsewhere' });
    const result = m.safeBuild();
    expect(result.success).toBe(true);
    expect(result.problems.map((p) => [p.severity, p.code])).toEqual([['draft', 'UnresolvedExternalReference']]);
    expect(result.model?.draftWarnings).toEqual(result.problems);
  });
});

describe('warnings are kept, not thrown', () => {
  it('an on-part through an exit criterion of another item (EventNeverEmitted)', () => {
    const model = buildCase('Warn', { id: 'warn' }, (c) => {
      const a = c.plan.task('A');
      const b = c.plan.task('B', { exitCriteria: [{ on: on(a, 'complete') }] });
      c.plan.milestone('M', { entryCriteria: [{ on: on(a, 'exit', { exitCriterion: b.exitCriteria[0]! }) }] });
    });
    expect(model.warnings.map((p) => [p.code, p.elementId])).toEqual([
      ['UnreachableItem', 'PlanItem_M'],
      ['EventNeverEmitted', 'PlanItemOnPart_A_Exit'],
    ]);
  });
});
