/** `toCmmnXml`: CMMN 1.1 out, extensions and namespaces kept, and parse(export(m)) equal to m. */
import { describe, expect, it } from 'vitest';
import { NS, parseCmmn, toCmmnXml, type CmmnModel, type PlanItem, type Task } from '@casekit/core';
import { CMMN, byId, casePlan, definitions } from '../cmmn-text.js';

function roundTrip(model: CmmnModel): CmmnModel {
  const again = parseCmmn(toCmmnXml(model));
  expect(again.definitions).toEqual(model.definitions);
  return again;
}

describe('toCmmnXml', () => {
  it('writes CMMN 1.1 with the CMMN namespace as the default namespace and a declaration', () => {
    const xml = toCmmnXml(parseCmmn(casePlan('<planItem id="PI_A" definitionRef="A"/><task id="A" name="Do it"/>')));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL"')).toBe(true);
    expect(xml).toContain('\n      <planItem id="PI_A" definitionRef="A"/>\n');
    expect(xml).toContain('<task id="A" name="Do it"/>');
  });

  it('writes on one line without a declaration when asked', () => {
    const xml = toCmmnXml(parseCmmn(casePlan('<planItem id="PI_A" definitionRef="A"/><task id="A"/>')), { indent: '', declaration: false });
    expect(xml.startsWith('<definitions')).toBe(true);
    expect(xml.trimEnd().includes('\n')).toBe(false);
  });

  it('writes CMMN 1.0 input as CMMN 1.1', () => {
    const source = `<definitions xmlns="http://www.omg.org/spec/CMMN/20131201/MODEL"><case id="C"><caseRoles id="R1" name="one"/><caseRoles id="R2" name="two"/><casePlanModel id="P">
<planItem id="PI_A" definitionRef="A"/><planItem id="PI_U" definitionRef="U" entryCriteriaRefs="S"/>
<sentry id="S"><planItemOnPart sourceRef="PI_A"><standardEvent>complete</standardEvent></planItemOnPart></sentry>
<task id="A"/><userEvent id="U"/><timerEvent id="T"><timerExpression><body>PT1H</body></timerExpression></timerEvent></casePlanModel></case></definitions>`;
    const model = parseCmmn(source);
    const xml = toCmmnXml(model);
    expect(xml).toContain(`xmlns="${CMMN}"`);
    expect(xml).toContain('<userEventListener id="U"/>');
    expect(xml).toContain('<timerEventListener id="T">\n        <timerExpression>PT1H</timerExpression>');
    expect(xml).toContain('<entryCriterion sentryRef="S"/>');
    expect(xml).toContain('<caseRoles>\n      <role id="R1" name="one"/>\n      <role id="R2" name="two"/>\n    </caseRoles>');
    expect(xml).not.toContain('entryCriteriaRefs');
    roundTrip(model);
  });

  it('writes a namespace-less file with the CMMN namespace', () => {
    const model = parseCmmn('<definitions><case id="C"><casePlanModel id="P"><planItem id="PI_A" definitionRef="A"/><task id="A"/></casePlanModel></case></definitions>');
    expect(model.warnings.map((p) => p.code)).toEqual(['MissingNamespace']);
    const again = roundTrip(model);
    expect(again.problems).toEqual([]);
  });

  it('keeps extension elements, foreign attributes and unknown elements, declaring their namespaces', () => {
    const model = parseCmmn(
      casePlan(`<planItem id="PI_A" definitionRef="A" flowable:x="1"/>
<sentry id="S" flowable:triggerMode="onEvent" casekit:triggerMode="onEvent" xmlns:ext="urn:ext" ext:note="n"/>
<task id="A"><extensionElements><flowable:field name="a"><flowable:string><![CDATA[<b>&amp;</b>]]></flowable:string></flowable:field><ext2:thing xmlns:ext2="urn:ext2"/></extensionElements><ext3:other xmlns:ext3="urn:ext3">text</ext3:other></task>`),
    );
    const xml = toCmmnXml(model);
    expect(xml).toContain('flowable:triggerMode="onEvent"');
    expect(xml).toContain('casekit:triggerMode="onEvent"');
    expect(xml).toMatch(/xmlns:ext="urn:ext"/);
    expect(xml).toMatch(/xmlns:ext2="urn:ext2"/);
    expect(xml).toContain('<flowable:string>&lt;b&gt;&amp;amp;&lt;/b&gt;</flowable:string>');
    expect(xml).toContain('<ext3:other>text</ext3:other>');
    roundTrip(model);
  });

  it('gives an attribute in the CMMN namespace a prefix (an unprefixed attribute has no namespace)', () => {
    const model = parseCmmn(`<definitions xmlns="${CMMN}" xmlns:c="${CMMN}" name="plain" c:name="qualified"/>`);
    expect(model.definitions.name).toBe('plain');
    expect(model.definitions.extensionAttributes).toEqual([{ namespace: CMMN, prefix: 'c', local: 'name', value: 'qualified' }]);
    const xml = toCmmnXml(model);
    expect(xml).toContain(' name="plain" c:name="qualified"');
    expect(xml).toContain(`xmlns:c="${CMMN}"`);
    roundTrip(model);
  });

  it('keeps elements without a namespace out of the CMMN default namespace, and CMMN elements inside them in it', () => {
    const model = parseCmmn(
      `<definitions xmlns="${CMMN}"><extensionElements><foo xmlns=""><bar/><baz xmlns="${CMMN}"/></foo></extensionElements><case id="C"><casePlanModel id="P"/><loose xmlns=""/></case></definitions>`,
    );
    expect(model.problems).toEqual([]);
    const [foo] = model.definitions.extensionElements!;
    expect(foo).toMatchObject({ namespace: undefined, local: 'foo', children: [{ namespace: undefined, local: 'bar' }, { namespace: CMMN, local: 'baz' }] });
    const xml = toCmmnXml(model);
    expect(xml).toContain('<foo xmlns="">');
    expect(xml).toContain(`<baz xmlns="${CMMN}"/>`);
    expect(xml).toContain('<loose xmlns=""/>');
    const again = roundTrip(model);
    expect(again.problems).toEqual([]);
  });

  it('writes mixed content exactly and drops layout whitespace between elements', () => {
    const model = parseCmmn(
      definitions(`<extensionElements>
    <x:doc xmlns:x="urn:x">Hello <x:b>bold</x:b>  world
  </x:doc>
    <x:list xmlns:x="urn:x">
      <x:item/>
      <x:item/>
    </x:list>
  </extensionElements>`),
    );
    const [doc, list] = model.definitions.extensionElements!;
    expect(doc!.children).toEqual(['Hello ', expect.objectContaining({ local: 'b', children: ['bold'] }), '  world\n  ']);
    expect(list!.children).toHaveLength(2);
    const xml = toCmmnXml(model);
    expect(xml).toContain('<x:doc>Hello <x:b>bold</x:b>  world\n  </x:doc>');
    roundTrip(model);
    expect(toCmmnXml(parseCmmn(xml))).toBe(xml);
  });

  it('escapes text and attribute values', () => {
    const model = parseCmmn(
      casePlan(`<planItem id="PI_A" definitionRef="A"/><task id="A" name="a &lt; b &amp; &quot;c&quot; &#9;&#10;&#13;"><documentation>x &lt; y &amp;&amp; z &gt; 1&#13;</documentation></task>
<sentry id="S"><ifPart><condition id="Cond"><![CDATA[\${a < b && c > "d"}]]></condition></ifPart></sentry>`),
    );
    const xml = toCmmnXml(model);
    expect(xml).toContain('name="a &lt; b &amp; &quot;c&quot; &#9;&#10;&#13;"');
    expect(xml).toContain('${a &lt; b &amp;&amp; c &gt; "d"}');
    const again = roundTrip(model);
    expect(byId<Task>(again, 'A').name).toBe('a < b & "c" \t\n\r');
  });

  it('writes references as the ids written, including unresolved external ones', () => {
    const model = parseCmmn(casePlan('<planItem id="PI_C" definitionRef="C"/><caseTask id="C" caseRef="tns:Elsewhere"/>'));
    expect(toCmmnXml(model)).toContain('<caseTask id="C" caseRef="tns:Elsewhere"/>');
  });

  it('writes extension attributes a builder adds with a namespace the file never declared', () => {
    const model = parseCmmn(casePlan('<planItem id="PI_A" definitionRef="A"/><task id="A"/>'));
    const item = byId<PlanItem>(model, 'PI_A');
    const definitions = {
      ...model.definitions,
      cases: [
        {
          ...model.definitions.cases[0]!,
          casePlanModel: {
            ...model.definitions.cases[0]!.casePlanModel!,
            planItems: [{ ...item, extensionAttributes: [{ namespace: NS.casekit, prefix: undefined, local: 'triggerMode', value: 'onEvent' }] }],
          },
        },
      ],
    };
    const xml = toCmmnXml(definitions);
    expect(xml).toContain(`xmlns:ns="${NS.casekit}"`);
    expect(xml).toContain('<planItem id="PI_A" definitionRef="A" ns:triggerMode="onEvent"/>');
  });
});
