/**
 * One test per problem code of model/problems.ts: a small model that has exactly that problem, and
 * the code, severity, element id, line and column it is reported with.
 */
import { describe, expect, it } from 'vitest';
import {
  DRAFT_CODES,
  ERROR_CODES,
  ModelError,
  WARNING_CODES,
  formatProblem,
  parseCmmn,
  safeParseCmmn,
  severityOf,
  type ParseOptions,
  type ProblemCode,
} from '@casekit/core';
import { casePlan, definitions, positionOf } from '../cmmn-text.js';

interface Fixture {
  readonly xml: string;
  /** The element id the problem names (undefined: a problem about the whole input). */
  readonly elementId: string | undefined;
  /** Text whose first character the problem points at; undefined: no position (e.g. the size limit). */
  readonly at: string | undefined;
  /** Which occurrence of `at` (0-based). */
  readonly nth?: number;
  /** A part of the message. */
  readonly message: string;
  readonly options?: ParseOptions;
}

const task = (id: string) => `<planItem id="PI_${id}" definitionRef="${id}"/>\n<task id="${id}"/>`;

const FIXTURES: Record<ProblemCode, Fixture> = {
  // ---- errors ---------------------------------------------------------------------------------
  MalformedXml: {
    xml: definitions('<case id="Case_1">\n<casePlanModel id="Plan"/>'),
    elementId: undefined,
    at: '</definitions>',
    message: "closing tag 'case'",
  },
  InputTooLarge: {
    xml: casePlan(task('A')),
    elementId: undefined,
    at: undefined,
    message: 'larger than the limit of 100 bytes',
    options: { maxSize: 100 },
  },
  DoctypeForbidden: {
    xml: `<?xml version="1.0"?>\n<!DOCTYPE definitions [<!ENTITY a "b">]>\n${definitions('')}`,
    elementId: undefined,
    at: '<!DOCTYPE',
    message: 'DOCTYPE and ENTITY declarations are refused',
  },
  NotCmmn: {
    xml: '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>',
    elementId: undefined,
    at: '<bpmn:definitions',
    message: 'expected CMMN <definitions>',
  },
  DuplicateId: {
    xml: casePlan('<planItem id="PI_A" definitionRef="A"/>\n<task id="A"/>\n<task id="A"/>'),
    elementId: 'A',
    at: '<task id="A"/>',
    nth: 1,
    message: 'duplicate id "A" (Task)',
  },
  UnresolvedReference: {
    xml: casePlan('<planItem id="PI_A" definitionRef="A">\n  <entryCriterion id="Entry_A" sentryRef="Sentry_Missing"/>\n</planItem>\n<task id="A"/>'),
    elementId: 'Entry_A',
    at: '<entryCriterion',
    message: 'sentryRef "Sentry_Missing" resolves to nothing',
  },
  DefinitionOutOfReach: {
    xml: casePlan('<planItem id="PI_Stage" definitionRef="Stage_1"/>\n<planItem id="PI_Inner" definitionRef="Inner"/>\n<stage id="Stage_1"><task id="Inner"/></stage>'),
    elementId: 'PI_Inner',
    at: '<planItem id="PI_Inner"',
    message: 'not declared in its stage or an enclosing stage',
  },
  RecursiveStage: {
    xml: casePlan('<planItem id="PI_Stage" definitionRef="Stage_1"/>\n<stage id="Stage_1">\n  <planItem id="PI_Again" definitionRef="Stage_1"/>\n</stage>'),
    elementId: 'Stage_1',
    at: '<stage id="Stage_1"',
    message: 'stage "Stage_1" would be instantiated without end: its plan items use it again (plan item "PI_Again")',
  },
  SentryOutOfReach: {
    xml: casePlan(
      '<planItem id="PI_Stage" definitionRef="Stage_1"/>\n<planItem id="PI_A" definitionRef="A">\n  <entryCriterion id="Entry_A" sentryRef="Inner_Sentry"/>\n</planItem>\n<stage id="Stage_1"><sentry id="Inner_Sentry"><ifPart><condition>${go}</condition></ifPart></sentry></stage>\n<task id="A"/>',
    ),
    elementId: 'Entry_A',
    at: '<entryCriterion',
    message: 'uses sentry "Inner_Sentry", which is declared neither in its stage nor in an enclosing stage',
  },
  InvalidTimerExpression: {
    xml: casePlan('<planItem id="PI_T" definitionRef="T"/>\n<timerEventListener id="T">\n  <timerExpression id="T_expr">in a while</timerExpression>\n</timerEventListener>'),
    elementId: 'T_expr',
    at: '<timerExpression',
    message: 'timerExpression "in a while" of "T" is not an ISO-8601 duration',
  },
  InvalidAttributeValue: {
    xml: casePlan('<planItem id="PI_A" definitionRef="A"/>\n<task id="A" isBlocking="maybe"/>'),
    elementId: 'A',
    at: '<task id="A"',
    message: 'isBlocking="maybe" on <task> is not a boolean',
  },
  InvalidStandardEvent: {
    xml: casePlan(
      '<planItem id="PI_A" definitionRef="A"/>\n<sentry id="S">\n  <planItemOnPart id="On_A" sourceRef="PI_A"><standardEvent>finish</standardEvent></planItemOnPart>\n</sentry>\n<task id="A"/>',
    ),
    elementId: 'On_A',
    at: '<planItemOnPart',
    message: 'standardEvent "finish" of on-part "On_A" is not a plan item transition',
  },

  // ---- draft warnings -------------------------------------------------------------------------
  CriterionWithoutSentry: {
    xml: casePlan('<planItem id="PI_A" definitionRef="A">\n  <entryCriterion id="Entry_A"/>\n</planItem>\n<task id="A"/>'),
    elementId: 'Entry_A',
    at: '<entryCriterion',
    message: 'entry criterion "Entry_A" of "PI_A" has no sentryRef',
  },
  OnPartWithoutSource: {
    xml: casePlan('<sentry id="S">\n  <planItemOnPart id="On_Nothing"><standardEvent>complete</standardEvent></planItemOnPart>\n</sentry>'),
    elementId: 'On_Nothing',
    at: '<planItemOnPart',
    message: 'on-part "On_Nothing" of sentry "S" has no sourceRef',
  },
  OnPartWithoutStandardEvent: {
    xml: casePlan('<planItem id="PI_A" definitionRef="A"/>\n<sentry id="S">\n  <planItemOnPart id="On_A" sourceRef="PI_A"/>\n</sentry>\n<task id="A"/>'),
    elementId: 'On_A',
    at: '<planItemOnPart',
    message: 'on-part "On_A" of sentry "S" has no standardEvent',
  },
  PlanItemWithoutDefinition: {
    xml: casePlan('<planItem id="PI_Empty" name="to do"/>'),
    elementId: 'PI_Empty',
    at: '<planItem',
    message: 'plan item "PI_Empty" has no definitionRef',
  },
  CaseWithoutPlanModel: {
    xml: definitions('<case id="Case_Empty" name="empty"/>'),
    elementId: 'Case_Empty',
    at: '<case',
    message: 'case "Case_Empty" has no casePlanModel',
  },
  TimerWithoutExpression: {
    xml: casePlan('<planItem id="PI_T" definitionRef="T"/>\n<timerEventListener id="T"/>'),
    elementId: 'T',
    at: '<timerEventListener',
    message: 'timer event listener "T" has no timerExpression',
  },
  UnsupportedExpressionLanguage: {
    xml: casePlan('<sentry id="S">\n  <ifPart><condition id="Cond" language="javascript">amount > 1000</condition></ifPart>\n</sentry>'),
    elementId: 'Cond',
    at: '<condition',
    message: 'is in language "javascript", which casekit cannot evaluate',
  },
  InvalidExpression: {
    xml: casePlan('<sentry id="S">\n  <ifPart><condition id="Cond">${amount &gt;}</condition></ifPart>\n</sentry>'),
    elementId: 'Cond',
    at: '<condition',
    message: 'expression of "Cond" does not compile',
  },
  UnresolvedExternalReference: {
    xml: casePlan('<planItem id="PI_C" definitionRef="C"/>\n<caseTask id="C" caseRef="Case_Elsewhere"/>'),
    elementId: 'C',
    at: '<caseTask',
    message: 'caseRef "Case_Elsewhere" names no case in this file',
  },
  WrongReferenceKind: {
    xml: casePlan('<planItem id="PI_A" definitionRef="S"/>\n<sentry id="S"/>'),
    elementId: 'PI_A',
    at: '<planItem',
    message: 'definitionRef "S" names a Sentry, expected Stage or PlanFragment or Task',
  },

  // ---- warnings -------------------------------------------------------------------------------
  EventNeverEmitted: {
    xml: casePlan(
      '<planItem id="PI_M" definitionRef="M"/>\n<planItem id="PI_A" definitionRef="A"><entryCriterion sentryRef="S"/></planItem>\n<sentry id="S">\n  <planItemOnPart id="On_M" sourceRef="PI_M"><standardEvent>complete</standardEvent></planItemOnPart>\n</sentry>\n<milestone id="M"/>\n<task id="A"/>',
    ),
    elementId: 'On_M',
    at: '<planItemOnPart',
    message: 'waits for "complete" of "PI_M", a Milestone, which never emits it (it emits create, occur',
  },
  UnreachableItem: {
    xml: casePlan(
      '<planItem id="PI_A" definitionRef="A"><entryCriterion sentryRef="After_A"/></planItem>\n<sentry id="After_A"><planItemOnPart sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>\n<task id="A"/>',
    ),
    elementId: 'PI_A',
    at: '<planItem id="PI_A"',
    message: 'plan item "PI_A" can never be entered: none of its entry criteria can be satisfied',
  },
  MissingNamespace: {
    xml: '<?xml version="1.0"?>\n<definitions id="Defs">\n  <case id="Case_1"><casePlanModel id="Plan"/></case>\n</definitions>',
    elementId: undefined,
    at: '<definitions',
    message: 'the file declares no CMMN namespace; it is read as CMMN 1.1',
  },
  UnknownElement: {
    xml: casePlan('<planItem id="PI_A" definitionRef="A"/>\n<task id="A">\n  <color>red</color>\n</task>'),
    elementId: 'A',
    at: '<color>',
    message: '<color> is not expected inside <task> "A"; kept, but ignored',
  },
  UnresolvedDefinitionType: {
    xml: casePlan('', '<caseFileModel>\n  <caseFileItem id="Claim" name="claim" definitionRef="ClaimDefinition"/>\n</caseFileModel>'),
    elementId: 'Claim',
    at: '<caseFileItem',
    message: 'definitionRef "ClaimDefinition" names no element in this file',
  },
};

const ALL_CODES: readonly ProblemCode[] = [...ERROR_CODES, ...DRAFT_CODES, ...WARNING_CODES];

describe('problem codes', () => {
  it('has a fixture for every code and no other', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...ALL_CODES].sort());
  });

  it('gives each code exactly one level', () => {
    for (const code of ERROR_CODES) expect(severityOf(code)).toBe('error');
    for (const code of DRAFT_CODES) expect(severityOf(code)).toBe('draft');
    for (const code of WARNING_CODES) expect(severityOf(code)).toBe('warning');
    expect(new Set(ALL_CODES).size).toBe(ALL_CODES.length);
  });

  it.each(ALL_CODES.map((code) => [code, severityOf(code)] as const))('%s (%s)', (code) => {
    const fixture = FIXTURES[code];
    const result = safeParseCmmn(fixture.xml, fixture.options);
    const matching = result.problems.filter((p) => p.code === code);
    expect(matching, JSON.stringify(result.problems, null, 2)).toHaveLength(1);
    const [problem] = matching;
    const position = fixture.at === undefined ? { line: undefined, column: undefined } : positionOf(fixture.xml, fixture.at, fixture.nth);
    expect(problem).toEqual({
      code,
      severity: severityOf(code),
      message: expect.stringContaining(fixture.message),
      elementId: fixture.elementId,
      line: position.line,
      column: position.column,
    });
    // The fixture has no other problem of the same or a worse level.
    const worse = { error: ['error'], draft: ['error', 'draft'], warning: ['error', 'draft'] }[severityOf(code)];
    expect(result.problems.filter((p) => p !== problem && worse.includes(p.severity))).toEqual([]);

    if (severityOf(code) === 'error') {
      expect(result.success).toBe(false);
      expect(result.model).toBeUndefined();
      expect(() => parseCmmn(fixture.xml, fixture.options)).toThrow(ModelError);
    } else {
      expect(result.success).toBe(true);
      const model = parseCmmn(fixture.xml, fixture.options);
      expect(model.problems).toContainEqual(problem);
      const bucket = severityOf(code) === 'draft' ? model.draftWarnings : model.warnings;
      expect(bucket).toContainEqual(problem);
      expect(model.errors).toEqual([]);
    }
  });
});

describe('a dangling sentryRef', () => {
  const xml = casePlan('<planItem id="PI_A" definitionRef="A">\n  <exitCriterion id="Exit_A" sentryRef="Sentry_9"/>\n</planItem>\n<task id="A"/>');

  it('is an error naming the id, with line and column, in the problem, the ModelError and the formatted line', () => {
    let error: unknown;
    try {
      parseCmmn(xml, { fileName: 'claim.cmmn' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    const modelError = error as ModelError;
    expect(modelError.code).toBe('ModelError');
    expect(modelError.source).toBe('claim.cmmn');
    const [problem] = modelError.problems;
    expect(modelError.problems).toHaveLength(1);
    expect(problem).toMatchObject({ code: 'UnresolvedReference', severity: 'error', elementId: 'Exit_A', line: 5, column: 3 });
    expect(problem!.message).toContain('"Sentry_9"');
    expect(modelError.message).toContain('claim.cmmn:5:3  UnresolvedReference  sentryRef "Sentry_9" resolves to nothing');
    expect(formatProblem(problem!, 'claim.cmmn')).toBe('claim.cmmn:5:3  UnresolvedReference  sentryRef "Sentry_9" resolves to nothing');
  });
});

describe('problem order and collection', () => {
  it('lists every problem, errors first, then drafts, then warnings, each in document order', () => {
    const xml = `<definitions>\n<case id="Case_1"><casePlanModel id="Plan">\n<planItem id="PI_A"/>\n<planItem id="PI_B" definitionRef="Nope"/>\n<task id="T" isBlocking="x"/>\n</casePlanModel></case>\n</definitions>`;
    const result = safeParseCmmn(xml);
    expect(result.problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ['error', 'UnresolvedReference', 4],
      ['error', 'InvalidAttributeValue', 5],
      ['draft', 'PlanItemWithoutDefinition', 3],
      ['warning', 'MissingNamespace', 1],
    ]);
    expect(Object.isFrozen(result.problems)).toBe(true);
    expect(Object.isFrozen(result.problems[0])).toBe(true);
  });
});
