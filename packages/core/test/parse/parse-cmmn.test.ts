/** `parseCmmn` and `safeParseCmmn`: results, options, the ModelError and the model's accessors. */
import { describe, expect, it } from 'vitest';
import { CasekitError, CmmnModel, ModelError, parseCmmn, safeParseCmmn } from '@casekit/core';
import { casePlan, definitions } from '../cmmn-text.js';

const valid = casePlan('<planItem id="PI_A" definitionRef="A"/>\n<task id="A"/>');
const draft = casePlan('<planItem id="PI_A"/>');
const broken = casePlan('<planItem id="PI_A" definitionRef="Nope"/>\n<planItem id="PI_B" definitionRef="Nope2"/>');

describe('safeParseCmmn', () => {
  it('returns the model and its problems on success', () => {
    const result = safeParseCmmn(valid);
    expect(result.success).toBe(true);
    expect(result.model).toBeInstanceOf(CmmnModel);
    expect(result.problems).toEqual([]);
  });

  it('returns a model with draft warnings: drafts load', () => {
    const result = safeParseCmmn(draft);
    expect(result.success).toBe(true);
    expect(result.model!.draftWarnings.map((p) => p.code)).toEqual(['PlanItemWithoutDefinition']);
    expect(result.model!.errors).toEqual([]);
    expect(result.model!.problems).toBe(result.problems);
  });

  it('returns every problem and no model on errors, never throwing', () => {
    const result = safeParseCmmn(broken);
    expect(result.success).toBe(false);
    expect(result.model).toBeUndefined();
    expect(result.problems.map((p) => p.message)).toEqual(['definitionRef "Nope" resolves to nothing', 'definitionRef "Nope2" resolves to nothing']);
  });
});

describe('parseCmmn', () => {
  it('throws a ModelError listing every error, with the file name in the message', () => {
    let error: unknown;
    try {
      parseCmmn(broken, { fileName: 'claims/broken.cmmn' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toBeInstanceOf(CasekitError);
    const e = error as ModelError;
    expect(e.name).toBe('ModelError');
    expect(e.code).toBe('ModelError');
    expect(e.source).toBe('claims/broken.cmmn');
    expect(e.problems).toHaveLength(2);
    const [header, first, second] = e.message.split('\n');
    expect(header).toBe('claims/broken.cmmn is invalid (2 problems):');
    expect(first).toContain('claims/broken.cmmn:4:1  UnresolvedReference  definitionRef "Nope" resolves to nothing');
    expect(first).toContain('PI_A');
    expect(second).toContain('claims/broken.cmmn:5:1  UnresolvedReference  definitionRef "Nope2" resolves to nothing');
    expect(second).toContain('PI_B');
  });

  it('keeps draft warnings and warnings on the model', () => {
    const model = parseCmmn(`<definitions>${draft.slice(draft.indexOf('>') + 1)}`);
    expect(model.draftWarnings.map((p) => p.code)).toEqual(['PlanItemWithoutDefinition']);
    expect(model.warnings.map((p) => p.code)).toEqual(['MissingNamespace']);
  });

  it('parses the same text to equal models, each frozen on its own', () => {
    const a = parseCmmn(valid);
    const b = parseCmmn(valid);
    expect(a.definitions).toEqual(b.definitions);
    expect(a.definitions).not.toBe(b.definitions);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('accepts a byte order mark and an XML declaration', () => {
    expect(parseCmmn(`\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${valid}`).findCase()?.id).toBe('Case_1');
  });

  it('reads a file with no case', () => {
    const model = parseCmmn(definitions(''));
    expect(model.cases).toEqual([]);
    expect(model.findCase()).toBeUndefined();
  });

  it('finds the only case without an argument, and none when there are several', () => {
    const two = definitions('<case id="C1" name="one"><casePlanModel id="P1"/></case><case id="C2" name="two"><casePlanModel id="P2"/></case>');
    const model = parseCmmn(two);
    expect(model.findCase()).toBeUndefined();
    expect(model.findCase('two')?.id).toBe('C2');
    expect(model.findCase('C1')?.name).toBe('one');
  });
});
