/** Small helpers to write CMMN snippets inline in tests and to point at places in them. */
import { expect } from 'vitest';
import { ModelError, parseCmmn, safeParseCmmn, type CmmnModel, type Problem, type ParseOptions } from '@casekit/core';

/** The CMMN 1.1 model namespace. */
export const CMMN = 'http://www.omg.org/spec/CMMN/20151109/MODEL';

/** The namespace declarations of a typical modeler file (CMMN as the default namespace). */
export const DECLARATIONS = [
  `xmlns="${CMMN}"`,
  'xmlns:cmmndi="http://www.omg.org/spec/CMMN/20151109/CMMNDI"',
  'xmlns:dc="http://www.omg.org/spec/CMMN/20151109/DC"',
  'xmlns:di="http://www.omg.org/spec/CMMN/20151109/DI"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  'xmlns:flowable="http://flowable.org/cmmn"',
  'xmlns:casekit="https://casekit.dev/schema/cmmn"',
].join(' ');

/** A `<definitions>` document around `body`; the root start tag is on line 1. */
export function definitions(body: string, attributes = ''): string {
  return `<definitions ${DECLARATIONS} id="Defs" targetNamespace="urn:test"${attributes === '' ? '' : ` ${attributes}`}>\n${body}\n</definitions>`;
}

/** A document with one case `Case_1` whose case plan model `Plan` holds `planBody`. */
export function casePlan(planBody: string, caseBody = '', definitionsAttributes = ''): string {
  return definitions(
    `<case id="Case_1" name="Case one">\n${caseBody}${caseBody === '' ? '' : '\n'}<casePlanModel id="Plan" name="Plan">\n${planBody}\n</casePlanModel>\n</case>`,
    definitionsAttributes,
  );
}

/**
 * The 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`.
 * Throws when there is no such occurrence, so a typo in a test fails loudly.
 */
export function positionOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

/** Parses text that must load (no errors); returns the model. */
export function load(xml: string, options?: ParseOptions): CmmnModel {
  return parseCmmn(xml, options);
}

/** The problems `safeParseCmmn` reports for `xml`, optionally only those with `code`. */
export function problemsOf(xml: string, code?: Problem['code'], options?: ParseOptions): Problem[] {
  const problems = safeParseCmmn(xml, options).problems;
  return code === undefined ? [...problems] : problems.filter((p) => p.code === code);
}

/** Asserts that `parseCmmn` throws a ModelError and returns it. */
export function modelErrorOf(xml: unknown, options?: ParseOptions): ModelError {
  try {
    parseCmmn(xml as string, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error('parseCmmn did not throw');
}

/** The element with `id`, typed as the caller expects (the test fails when there is none). */
export function byId<T>(model: CmmnModel, id: string): T {
  const element = model.elementById(id);
  expect(element, `element ${id}`).toBeDefined();
  return element as T;
}
