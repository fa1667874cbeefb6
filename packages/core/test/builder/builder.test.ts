import { describe, expect, it } from 'vitest';
import { buildCase, createModel, on, standardEventsOf, type DefinitionKind } from '../../src/builder/index.js';
import { toCmmnXml } from '../../src/export/to-cmmn-xml.js';
import { CmmnModel } from '../../src/model/cmmn-model.js';
import { NS } from '../../src/model/namespaces.js';
import type { Problem } from '../../src/model/problems.js';
import {
  extensionAttribute,
  PLAN_ITEM_DEFINITION_KINDS,
  type CaseFileItemOnPart,
  type DecisionTask,
  type DiscretionaryItem,
  type HumanTask,
  type PlanItem,
  type PlanItemOnPart,
  type ProcessTask,
  type Stage,
  type TimerEventListener,
  type UserEventListener,
} from '../../src/model/types.js';
import { parseCmmn } from '../../src/parse/parse-cmmn.js';
import { emittedEvents } from '../../src/validate/events.js';
import { claimModel, claimModelBuilder } from './claim-model.js';

/** A problem without its position (built models have none). */
const strip = (problems: readonly Problem[]) =>
  problems.map(({ code, severity, message, elementId }) => ({ code, severity, message, elementId }));

function byName<T extends { readonly name: string | undefined }>(list: readonly T[], name: string): T {
  const found = list.find((x) => x.name === name);
  if (found === undefined) throw new Error(`no ${name} in ${list.map((x) => x.name).join(', ')}`);
  return found;
}

describe('a built insurance claim case', () => {
  const { m, handles } = claimModelBuilder();
  const model = m.build();
  const theCase = model.findCase('claim')!;
  const plan = theCase.casePlanModel!;

  it('is a CmmnModel with the case, its file, roles and parameters', () => {
    expect(model).toBeInstanceOf(CmmnModel);
    expect(model.cases.map((c) => [c.id, c.name])).toEqual([['claim', 'Insurance claim']]);
    expect(theCase.documentation.map((d) => d.text)).toEqual(['From first notice of loss to payout']);
    const claimFile = theCase.caseFileModel!.caseFileItems[0]!;
    expect([claimFile.name, claimFile.multiplicity]).toEqual(['claim', 'ExactlyOne']);
    expect(claimFile.children!.caseFileItems.map((c) => [c.name, c.multiplicity])).toEqual([['photos', 'ZeroOrMore']]);
    expect(theCase.caseRoles!.roles.map((r) => r.name)).toEqual(['Adjuster', 'Customer', 'Manager']);
    expect(theCase.inputs[0]!.binding).toBe(claimFile);
    expect(model.problems).toEqual([]);
  });

  it('declares each definition beside its plan item and links the two', () => {
    expect(plan.planItems.map((item) => [item.name, item.definition?.kind])).toEqual([
      ['Register claim', 'HumanTask'],
      ['Score fraud risk', 'DecisionTask'],
      ['Assessment', 'Stage'],
      ['Assessment deadline', 'TimerEventListener'],
      ['Claim withdrawn', 'UserEventListener'],
      ['Claim approved', 'Milestone'],
      ['Pay out', 'ProcessTask'],
      ['Escalate overdue claim', 'HumanTask'],
    ]);
    for (const item of plan.planItems) expect(plan.planItemDefinitions).toContain(item.definition);
    const assessment = byName(plan.planItems, 'Assessment').definition as Stage;
    expect(assessment.autoComplete).toBe(true);
    expect(assessment.planItems.map((i) => i.name)).toEqual(['Inspect damage', 'Write assessment']);
    expect(assessment.planItemDefinitions.map((d) => d.name)).toEqual(['Inspect damage', 'Write assessment', 'Expert opinion']);
  });

  it('resolves roles, calls, timers and controls', () => {
    const register = byName(plan.planItems, 'Register claim').definition as HumanTask;
    expect(register.performer).toBe(theCase.caseRoles!.roles[0]);
    expect(register.inputs[0]!.binding?.name).toBe('claim');
    const score = byName(plan.planItems, 'Score fraud risk').definition as DecisionTask;
    expect(score.decision).toBe(model.definitions.decisions[0]);
    const pay = byName(plan.planItems, 'Pay out').definition as ProcessTask;
    expect(pay.process).toBe(model.definitions.processes[0]);
    expect(pay.parameterMappings[0]!.source).toBe(pay.inputs[0]);
    expect(pay.parameterMappings[0]!.target).toBe(model.definitions.processes[0]!.inputs[0]);
    expect(pay.parameterMappings[0]!.transformation?.body).toBe('${claim.amount}');
    const timer = byName(plan.planItems, 'Assessment deadline').definition as TimerEventListener;
    expect(timer.timerExpression?.body).toBe('P14D');
    expect(timer.timerStart).toMatchObject({ kind: 'PlanItemStartTrigger', standardEvent: 'start' });
    expect(timer.timerStart!.source).toBe(byName(plan.planItems, 'Assessment'));
    const withdrawn = byName(plan.planItems, 'Claim withdrawn').definition as UserEventListener;
    expect(withdrawn.authorizedRoles.map((r) => r.name)).toEqual(['Customer']);
    expect(byName(plan.planItems, 'Assessment').itemControl?.requiredRule).toMatchObject({
      kind: 'RequiredRule',
      condition: undefined,
    });
    const escalate = byName(plan.planItems, 'Escalate overdue claim');
    expect(escalate.itemControl?.repetitionRule).toMatchObject({
      name: 'until resolved',
      condition: { body: '${!claim.resolved}' },
    });
    const stage = byName(plan.planItems, 'Assessment').definition as Stage;
    const inspect = byName(stage.planItems, 'Inspect damage');
    expect(inspect.itemControl?.manualActivationRule?.condition?.body).toBe('${claim.amount > 5000}');
    expect((stage.planItemDefinitions[1] as HumanTask).defaultControl?.requiredRule?.kind).toBe('RequiredRule');
  });

  it('writes criteria as sentries in the stage of their item, with resolved on-parts and if-parts', () => {
    const approved = byName(plan.planItems, 'Claim approved');
    const sentry = approved.entryCriteria[0]!.sentry!;
    expect(plan.sentries).toContain(sentry);
    const onPart = sentry.onParts[0] as PlanItemOnPart;
    expect(onPart.source).toBe(byName(plan.planItems, 'Assessment'));
    expect(onPart.standardEvent).toBe('complete');
    expect(sentry.ifPart?.condition?.body).toBe('${claim.approved}');

    const escalate = byName(plan.planItems, 'Escalate overdue claim');
    const exitPart = escalate.entryCriteria[0]!.sentry!.onParts[0] as PlanItemOnPart;
    expect(exitPart.standardEvent).toBe('exit');
    expect(exitPart.exitCriterion).toBe(byName(plan.planItems, 'Assessment').exitCriteria[0]);
    expect(exitPart.exitCriterion?.name).toBe('deadline passed');

    const stage = byName(plan.planItems, 'Assessment').definition as Stage;
    const write = byName(stage.planItems, 'Write assessment');
    expect(write.entryCriteria).toHaveLength(2);
    for (const criterion of write.entryCriteria) expect(stage.sentries).toContain(criterion.sentry);
    const filePart = write.entryCriteria[1]!.sentry!.onParts[0] as CaseFileItemOnPart;
    expect(filePart.source?.name).toBe('photos');
    expect(filePart.standardEvent).toBe('create');
    expect(write.entryCriteria[1]!.sentry!.ifPart?.context?.name).toBe('claim');

    const pay = byName(plan.planItems, 'Pay out');
    expect(pay.entryCriteria[0]!.id).toBe('PayAfterApproval');
    expect(extensionAttribute(pay.entryCriteria[0]!.sentry!, NS.casekit, 'triggerMode')).toBe('onEvent');

    const exit = plan.exitCriteria[0]!;
    expect((exit.sentry!.onParts[0] as PlanItemOnPart).source).toBe(byName(plan.planItems, 'Claim withdrawn'));
  });

  it('writes planning tables with discretionary items, applicability rules and authorized roles', () => {
    expect(plan.planningTable!.tableItems.map((i) => (i as DiscretionaryItem).name)).toEqual(['Notify customer']);
    expect(((plan.planningTable!.tableItems[0] as DiscretionaryItem).definition as { isBlocking?: boolean }).isBlocking).toBe(
      false,
    );
    const stage = byName(plan.planItems, 'Assessment').definition as Stage;
    const table = stage.planningTable!;
    expect(table.authorizedRoles.map((r) => r.name)).toEqual(['Adjuster']);
    const expert = table.tableItems[0] as DiscretionaryItem;
    expect(expert.name).toBe('Expert opinion');
    expect(expert.applicabilityRulesApplied).toEqual([table.applicabilityRules[0]]);
    expect(table.applicabilityRules[0]).toMatchObject({ name: 'high value', condition: { body: '${claim.amount > 10000}' } });
    expect(table.applicabilityRules[0]!.context?.name).toBe('claim');
    expect(expert.authorizedRoles.map((r) => r.name)).toEqual(['Manager']);
    const escalate = byName(plan.planItems, 'Escalate overdue claim').definition as HumanTask;
    expect((escalate.planningTable!.tableItems[0] as DiscretionaryItem).name).toBe('Request missing documents');
    // the discretionary item's definition is declared in the stage that declares the human task
    expect(plan.planItemDefinitions.map((d) => d.name)).toContain('Request missing documents');
  });

  it('keeps extension attributes, declared on the model with one prefix each', () => {
    const register = byName(plan.planItems, 'Register claim');
    expect(extensionAttribute(register.definition!, NS.flowable, 'formKey')).toBe('registerClaim');
    expect(model.namespaces).toEqual([
      { prefix: '', uri: NS.cmmn },
      { prefix: 'cmmndi', uri: NS.cmmndi },
      { prefix: 'dc', uri: NS.dc },
      { prefix: 'di', uri: NS.di },
      // foreign namespaces in order of first use (sentries come before definitions)
      { prefix: 'casekit', uri: NS.casekit },
      { prefix: 'flowable', uri: NS.flowable },
    ]);
  });

  it('gives handles the ids of the elements they stand for', () => {
    expect(model.elementById(handles.register.id)).toBe(byName(plan.planItems, 'Register claim'));
    expect(model.elementById(handles.register.definition.id)).toBe(byName(plan.planItems, 'Register claim').definition);
    expect(model.elementById(handles.timeout.id)).toBe(byName(plan.planItems, 'Assessment').exitCriteria[0]);
    expect(model.elementById(handles.timeout.sentry.id)?.kind).toBe('Sentry');
    expect(model.elementById(handles.adjuster.id)?.kind).toBe('Role');
    expect(model.elementById(handles.photos.id)?.kind).toBe('CaseFileItem');
    expect(handles.assessment.caseId).toBe('claim');
    expect(handles.assessment.exitCriteria).toEqual([handles.timeout]);
    expect(handles.claimFile.children).toEqual([handles.photos]);
  });

  it('is frozen, nodes and arrays alike', () => {
    expect(Object.isFrozen(model.definitions)).toBe(true);
    expect(Object.isFrozen(plan.planItems)).toBe(true);
    expect(Object.isFrozen(plan.planItems[0]!.entryCriteria)).toBe(true);
    expect(Object.isFrozen(model.problems)).toBe(true);
    expect(() => {
      (plan as { name: string | undefined }).name = 'changed';
    }).toThrow(TypeError);
  });
});

describe('round trip through XML', () => {
  it('parses back to a model deep-equal to the built one', () => {
    const model = claimModel();
    const xml = toCmmnXml(model);
    const parsed = parseCmmn(xml);
    expect(parsed.definitions).toEqual(model.definitions);
    expect(parsed.namespaces).toEqual(model.namespaces);
    expect(strip(parsed.problems)).toEqual(strip(model.problems));
    // and writing the parsed model gives the same text
    expect(toCmmnXml(parsed)).toBe(xml);
  });

  it('holds without a diagram too', () => {
    const model = claimModel({ diagram: false });
    expect(model.definitions.cmmnDi).toBeUndefined();
    expect(parseCmmn(toCmmnXml(model)).definitions).toEqual(model.definitions);
  });

  it('keeps documentation, nested extension elements and attributes of every kind', () => {
    const model = buildCase('Extensions', { id: 'ext', model: { expressionLanguage: 'juel' } }, (c) => {
      const task = c.plan.humanTask('Review', {
        documentation: [{ text: '**Check** <everything> & more', textFormat: 'text/markdown', id: 'doc_review' }, 'second note'],
        definition: {
          extensionElements: [
            {
              namespace: NS.flowable,
              prefix: 'flowable',
              local: 'taskListener',
              attributes: [{ namespace: undefined, prefix: undefined, local: 'event', value: 'create' }],
              children: [
                { namespace: NS.flowable, prefix: 'flowable', local: 'field', attributes: [], children: ['a < b'] },
                { namespace: 'urn:other', prefix: 'flowable', local: 'clash', attributes: [], children: [] },
              ],
            },
          ],
          extensionAttributes: [{ namespace: NS.camunda, local: 'candidateGroups', value: 'adjusters' }],
        },
      });
      c.plan.milestone('Done', {
        entryCriteria: [{ on: on(task, 'complete'), if: { body: 'approved == true', language: 'juel' } }],
      });
    });
    const parsed = parseCmmn(toCmmnXml(model));
    expect(parsed.definitions).toEqual(model.definitions);
    const review = model.findCase()!.casePlanModel!.planItems[0]!;
    expect(review.documentation).toEqual([
      { kind: 'Documentation', id: 'doc_review', textFormat: 'text/markdown', text: '**Check** <everything> & more' },
      { kind: 'Documentation', id: undefined, textFormat: undefined, text: 'second note' },
    ]);
    // one prefix per namespace: the second element's "flowable" prefix belongs to another URI
    const listener = review.definition!.extensionElements![0]!;
    expect(listener.children.map((c) => (typeof c === 'string' ? c : `${c.prefix}:${c.local}`))).toEqual([
      'flowable:field',
      'flowable1:clash',
    ]);
    expect(review.definition!.extensionAttributes[0]).toMatchObject({ prefix: 'camunda', local: 'candidateGroups' });
    expect(model.definitions.expressionLanguage).toBe('juel');
  });
});

describe('validation problems', () => {
  /** A model with draft warnings and warnings, and no error. */
  function draftModel() {
    const m = createModel();
    const c = m.case('Drafts', { id: 'drafts' });
    const a = c.plan.task('A');
    const b = c.plan.task('B', { entryCriteria: [{ on: on(a, 'complete') }] });
    a.addEntryCriterion({ on: on(b, 'complete') }); // A and B wait for each other
    c.plan.caseTask('Investigate fraud', { case: 'fraudInvestigation' }); // not in this file
    const review = c.plan.humanTask('Review');
    const other = c.plan.humanTask('Other', { exitCriteria: [{ on: on(review, 'complete') }] });
    c.plan.milestone('Escalated', { entryCriteria: [{ on: on(review, 'exit', { exitCriterion: other.exitCriteria[0]! }) }] });
    c.plan.task('Scripted', { itemControl: { requiredRule: { body: 'x > 1', language: 'javascript' } } });
    return m;
  }

  it('come out as for the parsed model, in the same order', () => {
    const model = draftModel().build();
    expect(model.problems.map((p) => [p.severity, p.code, p.elementId])).toEqual([
      // document order within each level: plan items (and their controls) come before definitions
      ['draft', 'UnsupportedExpressionLanguage', 'RequiredRule_Scripted'],
      ['draft', 'UnresolvedExternalReference', 'CaseTask_InvestigateFraud'],
      ['warning', 'UnreachableItem', 'PlanItem_A'],
      ['warning', 'UnreachableItem', 'PlanItem_B'],
      ['warning', 'UnreachableItem', 'PlanItem_Escalated'],
      ['warning', 'EventNeverEmitted', 'PlanItemOnPart_Review_Exit'],
    ]);
    expect(model.draftWarnings).toHaveLength(2);
    const parsed = parseCmmn(toCmmnXml(model));
    expect(strip(parsed.problems)).toEqual(strip(model.problems));
    for (const p of model.problems) expect([p.line, p.column]).toEqual([undefined, undefined]);
  });

  it('take the externals of build()', () => {
    const model = draftModel().build({ externals: { cases: ['fraudInvestigation'] } });
    expect(model.problems.map((p) => p.code)).not.toContain('UnresolvedExternalReference');
  });
});

describe('ids', () => {
  it('are generated from kinds and names, with suffixes on clashes', () => {
    const model = buildCase('Claim', (c) => {
      c.plan.humanTask('Review claim');
      c.plan.humanTask('Review claim');
      c.plan.milestone('');
    });
    const plan = model.findCase()!.casePlanModel!;
    expect(model.findCase()!.id).toBe('Case_Claim');
    expect(plan.id).toBe('CasePlanModel_Claim');
    expect(plan.planItems.map((i) => [i.id, i.definitionRef])).toEqual([
      ['PlanItem_ReviewClaim', 'HumanTask_ReviewClaim'],
      ['PlanItem_ReviewClaim_2', 'HumanTask_ReviewClaim_2'],
      ['PlanItem_1', 'Milestone_1'],
    ]);
  });

  it('are the same every time, and adding an element does not renumber the others', () => {
    const author = (extra: boolean) =>
      buildCase('Claim', (c) => {
        if (extra) c.plan.task('Inserted first');
        const review = c.plan.humanTask('Review');
        c.plan.milestone('Reviewed', { entryCriteria: [{ on: on(review, 'complete') }] });
      });
    const once = toCmmnXml(author(false));
    expect(toCmmnXml(author(false))).toBe(once);
    const ids = (model: CmmnModel) => [...model.elements()].map((e) => e.id).filter((id) => !id?.endsWith('_di'));
    const withExtra = ids(author(true));
    for (const id of ids(author(false))) expect(withExtra).toContain(id);
  });

  it('keep explicit ids as given', () => {
    const model = buildCase('Claim', { id: 'claim', plan: { id: 'plan', name: 'Handling' } }, (c) => {
      const review = c.plan.humanTask('Review', { id: 'review', definition: { id: 'reviewTask' } });
      c.plan.milestone('Done', {
        id: 'done',
        entryCriteria: [
          { id: 'afterReview', sentry: { id: 'sentryAfterReview', on: on(review, 'complete', { id: 'reviewCompleted' }) } },
        ],
      });
    });
    const plan = model.findCase('claim')!.casePlanModel!;
    expect(plan.id).toBe('plan');
    expect(plan.name).toBe('Handling');
    expect(plan.planItems.map((i) => [i.id, i.definitionRef])).toEqual([
      ['review', 'reviewTask'],
      ['done', 'Milestone_Done'],
    ]);
    const criterion = plan.planItems[1]!.entryCriteria[0]!;
    expect([criterion.id, criterion.sentryRef, criterion.sentry?.onParts[0]?.id]).toEqual([
      'afterReview',
      'sentryAfterReview',
      'reviewCompleted',
    ]);
  });
});

describe('the builder', () => {
  it('builds again after more authoring; earlier models do not change', () => {
    const m = createModel();
    const c = m.case('Grows', { id: 'grows' });
    c.plan.task('First');
    const first = m.build();
    c.plan.task('Second');
    const second = m.build();
    expect(first.findCase()!.casePlanModel!.planItems.map((i) => i.name)).toEqual(['First']);
    expect(second.findCase()!.casePlanModel!.planItems.map((i) => i.name)).toEqual(['First', 'Second']);
    expect(m.build().definitions).toEqual(second.definitions);
  });

  it('holds several cases, and case tasks call cases of the same file', () => {
    const m = createModel();
    const fraud = m.case('Fraud investigation', { id: 'fraud' });
    fraud.plan.humanTask('Investigate');
    const claim = m.case('Claim', { id: 'claim' });
    claim.plan.caseTask('Check fraud', { case: fraud, isBlocking: true });
    const model = m.build();
    const task = model.findCase('claim')!.casePlanModel!.planItems[0]!.definition as { case?: unknown };
    expect(task.case).toBe(model.findCase('fraud'));
    expect(model.problems).toEqual([]);
    expect(parseCmmn(toCmmnXml(model)).definitions).toEqual(model.definitions);
  });

  it('adds further plan items of one definition with use()', () => {
    const model = buildCase('Reuse', (c) => {
      const visit = c.plan.humanTask('Home visit');
      const second = c.plan.use(visit.definition, { name: 'Second visit', entryCriteria: [{ on: on(visit, 'complete') }] });
      c.plan.milestone('Visited twice', { entryCriteria: [{ on: on(second, 'complete') }] });
    });
    const plan = model.findCase()!.casePlanModel!;
    expect(plan.planItems.map((i) => [i.name, i.definitionRef])).toEqual([
      ['Home visit', 'HumanTask_HomeVisit'],
      ['Second visit', 'HumanTask_HomeVisit'],
      ['Visited twice', 'Milestone_VisitedTwice'],
    ]);
    expect(plan.planItemDefinitions).toHaveLength(2);
    expect(plan.planItems[0]!.definition).toBe(plan.planItems[1]!.definition);
  });

  it('shares an explicit sentry between criteria', () => {
    const model = buildCase('Shared', (c) => {
      const a = c.plan.task('A');
      const b = c.plan.task('B');
      const both = c.plan.sentry({ name: 'both done', on: [on(a, 'complete'), on(b, 'complete')] });
      c.plan.milestone('M1', { entryCriteria: [both] });
      c.plan.milestone('M2', { entryCriteria: [{ id: 'm2Entry', sentry: both }] });
    });
    const plan = model.findCase()!.casePlanModel!;
    expect(plan.sentries).toHaveLength(1);
    expect(plan.sentries[0]!.id).toBe('Sentry_BothDone');
    expect(plan.planItems[2]!.entryCriteria[0]!.sentry).toBe(plan.sentries[0]);
    expect(plan.planItems[3]!.entryCriteria[0]).toMatchObject({ id: 'm2Entry', sentry: plan.sentries[0] });
  });

  it('builds discretionary stages and plan fragments', () => {
    const model = buildCase('Planning', (c) => {
      c.plan.planningTable({}, (table) => {
        table.stage('Rehabilitation', { autoComplete: true }, (s) => {
          const physio = s.humanTask('Physiotherapy');
          s.milestone('Mobile', { entryCriteria: [{ on: on(physio, 'complete') }] });
        });
        table.planFragment('Home care', {}, (f) => {
          const visit = f.humanTask('Visit');
          f.humanTask('Report', { entryCriteria: [{ on: on(visit, 'complete') }] });
        });
        table.planningTable({}, (nested) => nested.task('Nested'));
      });
    });
    const plan = model.findCase()!.casePlanModel!;
    const [rehab, fragmentItem, nested] = plan.planningTable!.tableItems;
    expect((rehab as DiscretionaryItem).definition?.kind).toBe('Stage');
    const fragment = (fragmentItem as DiscretionaryItem).definition as Extract<
      (typeof plan.planItemDefinitions)[number],
      { kind: 'PlanFragment' }
    >;
    expect(fragment.kind).toBe('PlanFragment');
    expect(fragment.planItems.map((i: PlanItem) => i.name)).toEqual(['Visit', 'Report']);
    expect(fragment.sentries).toHaveLength(1);
    // definitions of the fragment's items are declared in the stage around it
    expect(plan.planItemDefinitions.map((d) => d.name)).toEqual(['Rehabilitation', 'Home care', 'Visit', 'Report', 'Nested']);
    expect(nested?.kind).toBe('PlanningTable');
    expect(model.errors).toEqual([]);
    expect(parseCmmn(toCmmnXml(model)).definitions).toEqual(model.definitions);
  });

  it('buildCase passes model and build options', () => {
    const model = buildCase(
      'Claim',
      { model: { targetNamespace: 'urn:claims', exporter: 'tests' }, build: { diagram: false } },
      (c) => {
        c.plan.task('Only');
      },
    );
    expect(model.definitions.targetNamespace).toBe('urn:claims');
    expect(model.definitions.exporter).toBe('tests');
    expect(model.definitions.cmmnDi).toBeUndefined();
    // the XSD requires a targetNamespace: there is a default
    expect(buildCase('Bare', () => {}).definitions.targetNamespace).toBe('urn:casekit:model');
  });
});

describe('standard events', () => {
  it('are the events the validator says each kind emits', () => {
    for (const kind of PLAN_ITEM_DEFINITION_KINDS) {
      expect([...standardEventsOf(kind as DefinitionKind)].sort()).toEqual([...emittedEvents(kind)].sort());
    }
  });
});
