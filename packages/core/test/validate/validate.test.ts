/**
 * What the validator checks beyond one fixture per code: scopes of definitions and sentries,
 * events sources never emit, expression languages, timers and the reachability fixpoint.
 */
import { describe, expect, it } from 'vitest';
import { casePlan, definitions, positionOf, problemsOf } from '../cmmn-text.js';

const codes = (xml: string) => problemsOf(xml).map((p) => `${p.code} ${p.elementId ?? ''}`);

const onPart = (id: string, source: string, event: string, extra = '') =>
  `<planItemOnPart id="${id}" sourceRef="${source}"${extra}><standardEvent>${event}</standardEvent></planItemOnPart>`;

describe('scopes', () => {
  it('accepts definitions and sentries declared in an enclosing stage', () => {
    const xml = casePlan(`<planItem id="PI_Stage" definitionRef="Stage_1"/>
<planItem id="PI_A" definitionRef="A"/>
<sentry id="Outer_Sentry">${onPart('On_A', 'PI_A', 'complete')}</sentry>
<stage id="Stage_1">
  <planItem id="PI_Shared" definitionRef="A"><entryCriterion id="Entry_Shared" sentryRef="Outer_Sentry"/></planItem>
</stage>
<task id="A"/>`);
    expect(codes(xml)).toEqual([]);
  });

  it('accepts sentries of a plan fragment for its own plan items', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="A"/>
<planFragment id="Fragment">
  <planItem id="PI_F" definitionRef="A"><entryCriterion sentryRef="Fragment_Sentry"/></planItem>
  <sentry id="Fragment_Sentry"><ifPart><condition>\${go}</condition></ifPart></sentry>
</planFragment>
<task id="A"/>`);
    expect(codes(xml)).toEqual([]);
  });

  it('refuses a definition declared in a sibling stage', () => {
    const xml = casePlan(`<planItem id="PI_S1" definitionRef="S1"/>
<planItem id="PI_S2" definitionRef="S2"/>
<stage id="S1"><planItem id="PI_X" definitionRef="X"/></stage>
<stage id="S2"><task id="X"/></stage>`);
    expect(codes(xml)).toEqual(['DefinitionOutOfReach PI_X']);
  });

  it('checks criteria of discretionary items and of the case plan model', () => {
    const xml = casePlan(`<planningTable id="Table">
  <discretionaryItem id="DI_A" definitionRef="A"><entryCriterion id="DI_Entry"/></discretionaryItem>
</planningTable>
<task id="A"/>
<exitCriterion id="Plan_Exit"/>`);
    expect(codes(xml)).toEqual(['CriterionWithoutSentry DI_Entry', 'CriterionWithoutSentry Plan_Exit']);
  });
});

describe('on-parts', () => {
  it.each([
    ['Milestone', '<milestone id="X"/>', 'complete'],
    ['Milestone', '<milestone id="X"/>', 'start'],
    ['UserEventListener', '<userEventListener id="X"/>', 'exit'],
    ['TimerEventListener', '<timerEventListener id="X"><timerExpression>PT1H</timerExpression></timerEventListener>', 'complete'],
    ['EventListener', '<eventListener id="X"/>', 'manualStart'],
    ['Task', '<task id="X"/>', 'occur'],
    ['Stage', '<stage id="X"/>', 'parentTerminate'],
  ])('warns when a %s source waits for "%s" it never emits', (_kind, definition, event) => {
    const xml = casePlan(`<planItem id="PI_X" definitionRef="X"/>\n<sentry id="S">${onPart('On_X', 'PI_X', event)}</sentry>\n${definition}`);
    expect(codes(xml)).toEqual(['EventNeverEmitted On_X']);
  });

  it.each([
    ['Milestone', '<milestone id="X"/>', 'occur'],
    ['UserEventListener', '<userEventListener id="X"/>', 'occur'],
    ['Task', '<task id="X"/>', 'complete'],
    ['HumanTask', '<humanTask id="X"/>', 'manualStart'],
    ['Stage', '<stage id="X"/>', 'exit'],
  ])('accepts a %s source waiting for "%s"', (_kind, definition, event) => {
    const xml = casePlan(`<planItem id="PI_X" definitionRef="X"/>\n<sentry id="S">${onPart('On_X', 'PI_X', event)}</sentry>\n${definition}`);
    expect(codes(xml)).toEqual([]);
  });

  it('warns when exitCriterionRef is combined with another event than exit', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="A"><exitCriterion id="Exit_A" sentryRef="S_Exit"/></planItem>
<sentry id="S_Exit"><ifPart><condition>\${stop}</condition></ifPart></sentry>
<sentry id="S">${onPart('On_A', 'PI_A', 'complete', ' exitCriterionRef="Exit_A"')}</sentry>
<task id="A"/>`);
    const [problem] = problemsOf(xml, 'EventNeverEmitted');
    expect(problem).toMatchObject({ elementId: 'On_A', message: expect.stringContaining('exitCriterionRef only applies to "exit"') });
  });

  it('warns when exitCriterionRef names an exit criterion of another plan item', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="A"/>
<planItem id="PI_B" definitionRef="A"><exitCriterion id="Exit_B" sentryRef="S_Exit"/></planItem>
<sentry id="S_Exit"><ifPart><condition>\${stop}</condition></ifPart></sentry>
<sentry id="S">${onPart('On_A', 'PI_A', 'exit', ' exitCriterionRef="Exit_B"')}</sentry>
<task id="A"/>`);
    expect(problemsOf(xml, 'EventNeverEmitted')).toEqual([
      expect.objectContaining({ elementId: 'On_A', message: expect.stringContaining('"Exit_B", which is not an exit criterion of "PI_A"'), ...positionOf(xml, '<planItemOnPart') }),
    ]);
  });

  it('accepts exitCriterionRef naming an exit criterion of the source', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="A"><exitCriterion id="Exit_A" sentryRef="S_Exit"/></planItem>
<sentry id="S_Exit"><ifPart><condition>\${stop}</condition></ifPart></sentry>
<sentry id="S">${onPart('On_A', 'PI_A', 'exit', ' exitCriterionRef="Exit_A"')}</sentry>
<task id="A"/>`);
    expect(codes(xml)).toEqual([]);
  });

  it('checks case file item on-parts against the case file item transitions', () => {
    const cfm = '<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>';
    const on = (event: string) => `<sentry id="S"><caseFileItemOnPart id="On_Claim" sourceRef="Claim"><standardEvent>${event}</standardEvent></caseFileItemOnPart></sentry>`;
    for (const event of ['create', 'update', 'replace', 'delete', 'addChild', 'removeChild', 'addReference', 'removeReference']) {
      expect(codes(casePlan(on(event), cfm)), event).toEqual([]);
    }
    expect(codes(casePlan(on('complete'), cfm))).toEqual(['InvalidStandardEvent On_Claim']);
    expect(codes(casePlan('<sentry id="S"><caseFileItemOnPart id="On_X"/></sentry>', cfm))).toEqual([
      'OnPartWithoutSource On_X',
      'OnPartWithoutStandardEvent On_X',
    ]);
  });

  it('names the sentry when the on-part has no id', () => {
    const xml = casePlan('<sentry id="S"><planItemOnPart><standardEvent>complete</standardEvent></planItemOnPart></sentry>');
    expect(problemsOf(xml)).toEqual([expect.objectContaining({ code: 'OnPartWithoutSource', elementId: 'S', ...positionOf(xml, '<planItemOnPart') })]);
  });
});

describe('timer event listeners', () => {
  const timer = (body: string) =>
    casePlan(`<planItem id="PI_A" definitionRef="A"/>\n<planItem id="PI_M" definitionRef="M"/>\n<planItem id="PI_T" definitionRef="T"/>\n<task id="A"/>\n<milestone id="M"/>\n<timerEventListener id="T">${body}</timerEventListener>`, '<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>');

  it.each(['PT2H', 'P1D', 'R3/PT1H', '2030-01-01T00:00:00Z'])('accepts the timer expression %s', (expression) => {
    expect(codes(timer(`<timerExpression>${expression}</timerExpression>`))).toEqual([]);
  });

  it('accepts valid start triggers', () => {
    expect(codes(timer('<timerExpression>PT1H</timerExpression><planItemStartTrigger sourceRef="PI_A"><standardEvent>start</standardEvent></planItemStartTrigger>'))).toEqual([]);
    expect(codes(timer('<timerExpression>PT1H</timerExpression><caseFileItemStartTrigger sourceRef="Claim"><standardEvent>create</standardEvent></caseFileItemStartTrigger>'))).toEqual([]);
  });

  it('checks the standard event of a start trigger', () => {
    const xml = timer('<timerExpression>PT1H</timerExpression><planItemStartTrigger id="Trig" sourceRef="PI_A"><standardEvent>begin</standardEvent></planItemStartTrigger>');
    expect(problemsOf(xml)).toEqual([
      expect.objectContaining({ code: 'InvalidStandardEvent', severity: 'error', elementId: 'Trig', ...positionOf(xml, '<planItemStartTrigger') }),
    ]);
    expect(codes(timer('<timerExpression>PT1H</timerExpression><caseFileItemStartTrigger id="Trig" sourceRef="Claim"><standardEvent>start</standardEvent></caseFileItemStartTrigger>'))).toEqual([
      'InvalidStandardEvent Trig',
    ]);
  });

  it('warns about a start trigger waiting for an event its source never emits', () => {
    const xml = timer('<timerExpression>PT1H</timerExpression><planItemStartTrigger id="Trig" sourceRef="PI_M"><standardEvent>start</standardEvent></planItemStartTrigger>');
    expect(problemsOf(xml)).toEqual([
      expect.objectContaining({ code: 'EventNeverEmitted', severity: 'warning', elementId: 'Trig', message: expect.stringContaining('the timer never starts') }),
    ]);
  });

  it('reports an unfinished start trigger as a draft', () => {
    expect(codes(timer('<timerExpression>PT1H</timerExpression><planItemStartTrigger id="Trig"/>'))).toEqual([
      'OnPartWithoutSource Trig',
      'OnPartWithoutStandardEvent Trig',
    ]);
  });

  it('treats an empty timer expression as missing', () => {
    expect(codes(timer('<timerExpression id="E">  </timerExpression>'))).toEqual(['TimerWithoutExpression T']);
  });
});

describe('expressions', () => {
  const condition = (body: string, language?: string) =>
    `<sentry id="S"><ifPart><condition id="Cond"${language === undefined ? '' : ` language="${language}"`}>${body}</condition></ifPart></sentry>`;

  it.each([
    ['EL with ${…}', '${amount &gt; 1000 &amp;&amp; !rejected}', undefined],
    ['EL with #{…}', '#{amount &gt; 1000}', undefined],
    ['bare EL text', 'amount &gt; 1000', undefined],
    ['EL declared as juel', '${a == b}', 'http://www.omg.org/spec/CMMN/ExpressionLanguage/juel'],
    ['JSON Logic by its body', '{"&gt;": [{"var": "amount"}, 1000]}', undefined],
    ['JSON Logic declared', '{"var": "approved"}', 'https://jsonlogic.com'],
    ['the XPath default language (body decides)', '${approved}', 'http://www.w3.org/1999/XPath'],
  ])('accepts %s', (_label, body, language) => {
    expect(codes(casePlan(condition(body, language)))).toEqual([]);
  });

  it.each(['javascript', 'groovy', 'python', 'http://www.w3.org/1999/XPath2'])('refuses to evaluate the language %s', (language) => {
    expect(codes(casePlan(condition('${a}', language)))).toEqual(['UnsupportedExpressionLanguage Cond']);
  });

  it('inherits an unsupported definitions expressionLanguage, and an expression language overrides it', () => {
    const inherited = casePlan(condition('x > 1'), '', 'expressionLanguage="javascript"');
    expect(codes(inherited)).toEqual(['UnsupportedExpressionLanguage Cond']);
    expect(problemsOf(inherited)[0]!.message).toContain('language "javascript"');
    expect(codes(casePlan(condition('${x > 1}', 'el'), '', 'expressionLanguage="javascript"'))).toEqual([]);
  });

  it('reports expressions that do not compile as drafts', () => {
    expect(problemsOf(casePlan(condition('${a +}')))).toEqual([
      expect.objectContaining({ code: 'InvalidExpression', severity: 'draft', elementId: 'Cond' }),
    ]);
    expect(codes(casePlan(condition('{"var": ', 'https://jsonlogic.com')))).toEqual(['InvalidExpression Cond']);
  });

  it('ignores empty conditions (a rule without a condition is unconditional)', () => {
    expect(codes(casePlan(condition('   ')))).toEqual([]);
  });

  it('checks the conditions of item controls, default controls and applicability rules, naming the nearest id', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="A"><itemControl><repetitionRule id="Rep"><condition>\${a +}</condition></repetitionRule></itemControl></planItem>
<planningTable><discretionaryItem id="DI_B" definitionRef="A"/><applicabilityRule id="Rule"><condition language="groovy">true</condition></applicabilityRule></planningTable>
<task id="A"><defaultControl><requiredRule id="Req"><condition>\${(}</condition></requiredRule></defaultControl></task>`);
    expect(codes(xml).sort()).toEqual(['InvalidExpression Rep', 'InvalidExpression Req', 'UnsupportedExpressionLanguage Rule']);
  });
});

describe('reachability', () => {
  it('follows chains of sentries from items without entry criteria', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="T"/>
<planItem id="PI_B" definitionRef="T"><entryCriterion sentryRef="After_A"/></planItem>
<planItem id="PI_C" definitionRef="T"><entryCriterion sentryRef="After_B"/></planItem>
<sentry id="After_A">${onPart('O1', 'PI_A', 'complete')}</sentry>
<sentry id="After_B">${onPart('O2', 'PI_B', 'complete')}</sentry>
<task id="T"/>`);
    expect(codes(xml)).toEqual([]);
  });

  it('reports a stage whose items wait for each other, but not the items inside an unreachable stage', () => {
    const xml = casePlan(`<planItem id="PI_Stage" definitionRef="Stage_1"><entryCriterion sentryRef="After_Stage"/></planItem>
<sentry id="After_Stage">${onPart('O1', 'PI_Stage', 'complete')}</sentry>
<stage id="Stage_1"><planItem id="PI_Inner" definitionRef="T"/></stage>
<task id="T"/>`);
    expect(codes(xml)).toEqual(['UnreachableItem PI_Stage']);
  });

  it('counts sentries with only an if-part or a case file on-part as satisfiable', () => {
    const xml = casePlan(
      `<planItem id="PI_A" definitionRef="T"><entryCriterion sentryRef="If_Only"/></planItem>
<planItem id="PI_B" definitionRef="T"><entryCriterion sentryRef="On_File"/></planItem>
<sentry id="If_Only"><ifPart><condition>\${go}</condition></ifPart></sentry>
<sentry id="On_File"><caseFileItemOnPart sourceRef="Claim"><standardEvent>create</standardEvent></caseFileItemOnPart></sentry>
<task id="T"/>`,
      '<caseFileModel><caseFileItem id="Claim" name="claim"/></caseFileModel>',
    );
    expect(codes(xml)).toEqual([]);
  });

  it('makes an item reachable when any one of its entry criteria can fire', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="T"><entryCriterion sentryRef="Self"/><entryCriterion sentryRef="Go"/></planItem>
<sentry id="Self">${onPart('O1', 'PI_A', 'complete')}</sentry>
<sentry id="Go"><ifPart><condition>\${go}</condition></ifPart></sentry>
<task id="T"/>`);
    expect(codes(xml)).toEqual([]);
  });

  it('does not call an item with a draft criterion unreachable', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="T"><entryCriterion id="E" sentryRef="S"/></planItem>
<sentry id="S"><planItemOnPart id="O"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
<task id="T"/>`);
    expect(codes(xml)).toEqual(['OnPartWithoutSource O']);
  });

  it('calls an item unreachable when it waits for an exit through a criterion its source does not have', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="T"/>
<planItem id="PI_B" definitionRef="T"><exitCriterion id="Exit_B" sentryRef="S_Exit"/></planItem>
<planItem id="PI_C" definitionRef="T"><entryCriterion sentryRef="S"/></planItem>
<sentry id="S_Exit"><ifPart><condition>\${stop}</condition></ifPart></sentry>
<sentry id="S">${onPart('O', 'PI_A', 'exit', ' exitCriterionRef="Exit_B"')}</sentry>
<task id="T"/>`);
    expect(codes(xml)).toEqual(['UnreachableItem PI_C', 'EventNeverEmitted O']);
  });

  it('calls an item unreachable when it waits only for an event its source never emits', () => {
    const xml = casePlan(`<planItem id="PI_M" definitionRef="M"/>
<planItem id="PI_A" definitionRef="T"><entryCriterion sentryRef="S"/></planItem>
<sentry id="S">${onPart('O', 'PI_M', 'complete')}</sentry>
<milestone id="M"/>
<task id="T"/>`);
    // The on-part is reported, and so is the item waiting for it (in document order).
    expect(codes(xml)).toEqual(['UnreachableItem PI_A', 'EventNeverEmitted O']);
  });
});

describe('recursive stages', () => {
  it('refuses a stage that uses itself through nested stages, naming each stage of the cycle', () => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="Stage_A"/>
<stage id="Stage_A"><planItem id="PI_B" definitionRef="Stage_B"/>
<stage id="Stage_B"><planItem id="PI_A2" definitionRef="Stage_A"/></stage></stage>`);
    expect(problemsOf(xml, 'RecursiveStage').map((p) => [p.elementId, p.severity])).toEqual([
      ['Stage_A', 'error'],
      ['Stage_B', 'error'],
    ]);
    expect(problemsOf(xml, 'RecursiveStage')[0]!.message).toContain('through nested stages');
  });

  it('accepts the same stage definition used twice, side by side', () => {
    const xml = casePlan(`<planItem id="PI_1" definitionRef="Stage_A"/>
<planItem id="PI_2" definitionRef="Stage_A"/>
<stage id="Stage_A"><planItem id="PI_T" definitionRef="T"/><task id="T"/></stage>`);
    expect(problemsOf(xml, 'RecursiveStage')).toEqual([]);
  });
});

describe('empty standard events', () => {
  it.each(['<standardEvent/>', '<standardEvent>  </standardEvent>'])('reads %s as no standard event (a draft)', (element) => {
    const xml = casePlan(`<planItem id="PI_A" definitionRef="A"/>
<planItem id="PI_B" definitionRef="A"><entryCriterion sentryRef="S"/></planItem>
<sentry id="S"><planItemOnPart id="O" sourceRef="PI_A">${element}</planItemOnPart></sentry>
<task id="A"/>`);
    expect(codes(xml)).toEqual(['OnPartWithoutStandardEvent O']);
  });
});

describe('cases', () => {
  it('validates every case of a file separately', () => {
    const xml = definitions(`<case id="Case_1"><casePlanModel id="Plan_1"><planItem id="PI_1"/></casePlanModel></case>
<case id="Case_2"><casePlanModel id="Plan_2"><planItem id="PI_2"/></casePlanModel></case>
<case id="Case_3"/>`);
    expect(codes(xml)).toEqual(['PlanItemWithoutDefinition PI_1', 'PlanItemWithoutDefinition PI_2', 'CaseWithoutPlanModel Case_3']);
  });

  it('resolves caseRef, processRef and decisionRef against externals', () => {
    const xml = casePlan(`<planItem id="PI_C" definitionRef="C"/><planItem id="PI_P" definitionRef="P"/><planItem id="PI_D" definitionRef="D"/>
<caseTask id="C" caseRef="Other_Case"/><processTask id="P" processRef="Billing"/><decisionTask id="D" decisionRef="Risk"/>`);
    expect(codes(xml)).toEqual(['UnresolvedExternalReference C', 'UnresolvedExternalReference P', 'UnresolvedExternalReference D']);
    expect(problemsOf(xml, undefined, { externals: { cases: ['Other_Case'], processes: ['Billing'], decisions: ['Risk'] } })).toEqual([]);
  });
});
