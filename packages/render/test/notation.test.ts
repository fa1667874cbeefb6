/** The CMMN 1.1 notation of each element kind, hostile names, determinism. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { parseCmmn } from '@casekit/core';
import { renderSvg, RenderError } from '@casekit/render';

const CARE = readFileSync(new URL('../../../examples/care-coordination/care-coordination.cmmn', import.meta.url), 'utf8');

/** A model without CMMNDI holding one of every kind the notation draws. */
const EVERY_KIND = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="d" targetNamespace="urn:t">
  <case id="c" name="Every kind">
    <caseFileModel><caseFileItem id="cfi_doc" name="document"/></caseFileModel>
    <casePlanModel id="cpm" name="Plan" autoComplete="true">
      <planItem id="pi_h" name="Blocking" definitionRef="h"><itemControl><requiredRule/><repetitionRule/><manualActivationRule/></itemControl></planItem>
      <planItem id="pi_nb" name="Non-blocking" definitionRef="nb"/>
      <planItem id="pi_p" name="Process" definitionRef="p">
        <entryCriterion id="ec_p" sentryRef="s_h"/>
        <exitCriterion id="xc_p" sentryRef="s_doc"/>
      </planItem>
      <planItem id="pi_c" name="Case" definitionRef="ct"/>
      <planItem id="pi_d" name="Decision" definitionRef="dt"/>
      <planItem id="pi_m" name="Done" definitionRef="m"/>
      <planItem id="pi_t" name="Every day" definitionRef="tl"/>
      <planItem id="pi_u" name="User says" definitionRef="ul"/>
      <planItem id="pi_s" name="Inner stage" definitionRef="st"/>
      <sentry id="s_h"><planItemOnPart id="op_h" sourceRef="pi_h"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
      <sentry id="s_doc"><caseFileItemOnPart id="op_doc" sourceRef="cfi_doc"><standardEvent>update</standardEvent></caseFileItemOnPart></sentry>
      <planningTable id="pt"><discretionaryItem id="di_x" name="Optional" definitionRef="x"/></planningTable>
      <humanTask id="h" name="Blocking"><planningTable id="pt_h"><discretionaryItem id="di_y" name="Follow-up" definitionRef="x"/></planningTable></humanTask>
      <humanTask id="nb" name="Non-blocking" isBlocking="false"/>
      <processTask id="p" name="Process"/>
      <caseTask id="ct" name="Case"/>
      <decisionTask id="dt" name="Decision"/>
      <milestone id="m" name="Done"/>
      <timerEventListener id="tl" name="Every day"><timerExpression>R/P1D</timerExpression></timerEventListener>
      <userEventListener id="ul" name="User says"/>
      <stage id="st" name="Inner stage"><planItem id="pi_inner" name="Inner task" definitionRef="x"/></stage>
      <task id="x" name="Plain"/>
    </casePlanModel>
  </case>
</definitions>`;

const kinds = (svg: string): string[] => [...svg.matchAll(/data-kind="([A-Za-z]+)"/g)].map((m) => m[1]!);

describe('renderSvg', () => {
  it('draws the care-coordination diagram from its CMMNDI, byte for byte the same each time', async () => {
    const model = parseCmmn(CARE);
    const svg = renderSvg(model);
    expect(renderSvg(parseCmmn(CARE))).toBe(svg);
    expect(XMLValidator.validate(svg)).toBe(true);
    await expect(svg).toMatchFileSnapshot('__snapshots__/care-coordination.svg');
    expect(svg).toContain('data-element="pi_screening" data-kind="HumanTask"');
    expect(svg).toContain('data-element="xc_withdrawn" data-kind="ExitCriterion"');
    expect(svg).toContain('<title>Care coordination (case plan model)</title>');
    // a model without a snapshot has no state styles and no legend
    expect(svg).not.toContain('data-state=');
    expect(svg).not.toContain('ck-legend');
  });

  it('lays out a model without CMMNDI and draws every kind with its notation', () => {
    const svg = renderSvg(parseCmmn(EVERY_KIND));
    expect(XMLValidator.validate(svg)).toBe(true);
    const drawn = kinds(svg);
    for (const kind of ['CasePlanModel', 'HumanTask', 'ProcessTask', 'CaseTask', 'DecisionTask', 'Milestone', 'TimerEventListener', 'UserEventListener', 'Stage', 'Task', 'EntryCriterion', 'ExitCriterion', 'CaseFileItem', 'PlanItemOnPart', 'CaseFileItemOnPart', 'DiscretionaryAssociation']) {
      expect(drawn, kind).toContain(kind);
    }
    // discretionary items are dashed
    expect(svg).toMatch(/class="ck-item ck-discretionary" data-element="di_x"[^>]*>.*?stroke-dasharray="6,4"/);
    // planning table markers on the case plan model and on the human task
    expect(svg.match(/class="ck-planning-table"/g)).toHaveLength(2);
    // an exit criterion is black, an entry criterion white
    expect(svg).toMatch(/data-element="xc_p"[^>]*><title>exit criterion<\/title><polygon[^>]*fill="#222"/);
    expect(svg).toMatch(/data-element="ec_p"[^>]*><title>entry criterion<\/title><polygon[^>]*fill="#fff"/);
    // on-parts carry their standard event
    expect(svg).toContain('>complete</text>');
    expect(svg).toContain('>update</text>');
    // the same layout as asking for a computed one
    expect(renderSvg(parseCmmn(EVERY_KIND), { computedLayout: true })).toBe(svg);
  });

  it('draws blocking and non-blocking human tasks with different icons, and the decorators', () => {
    const svg = renderSvg(parseCmmn(EVERY_KIND));
    const group = (id: string): string => svg.match(new RegExp(`<g class="ck-item[^"]*" data-element="${id}".*?</g>`))![0];
    expect(group('pi_h')).toContain('<circle'); // the person's head
    expect(group('pi_nb')).not.toContain('<circle');
    expect(group('pi_h')).not.toBe(group('pi_nb'));
    // manual activation (triangle), required (!), repetition (#) on the blocking task
    expect(group('pi_h').match(/<polygon/g)?.length).toBeGreaterThanOrEqual(1);
    expect(group('pi_h')).toMatch(/<circle cx="[^"]+" cy="[^"]+" r="1.1" fill="#222"\/>/);
    // the stage shows its expanded marker
    expect(svg).toMatch(/data-element="pi_s" data-kind="Stage".*?<rect[^>]*width="12" height="12"/);
  });

  it('escapes hostile names and drops characters XML cannot carry', () => {
    const hostile = EVERY_KIND.replace('name="Blocking"', 'name="&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;q&quot; \'a\'"').replace(
      'name="Every kind"',
      'name="]]&gt; &lt;!-- --&gt; &#x1F600;"',
    );
    const svg = renderSvg(parseCmmn(hostile));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<!--');
  });

  it('rejects a case the model does not define', () => {
    expect(() => renderSvg(parseCmmn(CARE), { case: 'nope' })).toThrow(RenderError);
  });

  it('prefixes its ids so that several diagrams can share a page', () => {
    const svg = renderSvg(parseCmmn(CARE), { legend: true, idPrefix: 'a"b' });
    expect(svg).toContain('id="a_b-state-Active"');
  });
});
