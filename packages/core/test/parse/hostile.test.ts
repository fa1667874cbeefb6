/**
 * Hostile input: entity bombs, external entities, oversized and deeply nested documents, names and
 * ids that target JavaScript prototypes, undefined entities and input that is not text. Each is
 * refused with a ModelError (or read harmlessly) — never a crash, a hang or a polluted prototype.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SIZE, ModelError, parseCmmn, safeParseCmmn, type Case, type PlanItem, type Sentry } from '@casekit/core';
import { DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_NAMESPACE_DECLARATIONS } from '../../src/parse/parse-cmmn.js';
import { CMMN, byId, casePlan, definitions, load, modelErrorOf, positionOf } from '../cmmn-text.js';

/** The one problem of a refused input. */
function refusal(xml: unknown, options?: Parameters<typeof parseCmmn>[1]) {
  const result = safeParseCmmn(xml as string, options);
  expect(result.success).toBe(false);
  expect(result.model).toBeUndefined();
  const error = modelErrorOf(xml, options);
  expect(error.problems).toEqual(result.problems);
  expect(result.problems).toHaveLength(1);
  return result.problems[0]!;
}

describe('DOCTYPE and entities', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<definitions xmlns="${CMMN}" name="&lol9;"><case id="c"><casePlanModel id="p" name="&lol9;"/></case></definitions>`;

  it('refuses the billion laughs bomb with DoctypeForbidden before expanding anything', () => {
    const problem = refusal(billionLaughs);
    expect(problem).toMatchObject({ code: 'DoctypeForbidden', severity: 'error', elementId: undefined, ...positionOf(billionLaughs, '<!DOCTYPE') });
    expect(problem.message).toContain('entity-expansion');
  });

  it('refuses the quadratic blowup (one huge entity used many times)', () => {
    const xml = `<!DOCTYPE d [<!ENTITY a "${'a'.repeat(50_000)}">]>\n<definitions xmlns="${CMMN}" name="${'&a;'.repeat(50_000)}"/>`;
    expect(refusal(xml).code).toBe('DoctypeForbidden');
  });

  it('refuses external entities (XXE) and external DTDs without reading them', () => {
    for (const doctype of [
      '<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE definitions [<!ENTITY xxe PUBLIC "-//x//EN" "http://example.invalid/x.dtd">]>',
      '<!DOCTYPE definitions SYSTEM "http://example.invalid/cmmn.dtd">',
      '<!DOCTYPE definitions [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>',
    ]) {
      const xml = `<?xml version="1.0"?>\n${doctype}\n<definitions xmlns="${CMMN}"><documentation>&xxe;</documentation></definitions>`;
      expect(refusal(xml), doctype).toMatchObject({ code: 'DoctypeForbidden', line: 2, column: 1 });
    }
  });

  it('refuses an ENTITY declaration outside a DOCTYPE and a DOCTYPE inside the content', () => {
    expect(refusal(`<!ENTITY e "x"><definitions xmlns="${CMMN}"/>`).code).toBe('DoctypeForbidden');
    const inside = `<definitions xmlns="${CMMN}">\n<!DOCTYPE x [<!ENTITY e "v">]>\n<documentation>&e;</documentation></definitions>`;
    expect(refusal(inside)).toMatchObject({ code: 'DoctypeForbidden', line: 2, column: 1 });
  });

  it('reads "<!DOCTYPE" that is only text: in CDATA or a comment', () => {
    const model = load(definitions('<!-- <!DOCTYPE html> -->\n<documentation textFormat="text/html"><![CDATA[<!DOCTYPE html><html><body>&nbsp;</body></html>]]></documentation>'));
    expect(model.definitions.documentation[0]!.text).toBe('<!DOCTYPE html><html><body>&nbsp;</body></html>');
  });

  it.each([
    ['in text', '<documentation>caf&eacute;</documentation>', '&eacute;'],
    ['in an attribute', '<case id="c" name="&nbsp;"/>', '&nbsp;'],
    ['named like Object.prototype members', '<documentation>&toString;</documentation>', '&toString;'],
    ['named __proto__', '<documentation>&__proto__;</documentation>', '&__proto__;'],
    ['named constructor', '<case id="c" name="&constructor;"/>', '&constructor;'],
  ])('refuses an undefined entity %s as MalformedXml', (_label, body, entity) => {
    const xml = definitions(body);
    const problem = refusal(xml);
    expect(problem).toMatchObject({ code: 'MalformedXml', severity: 'error', message: `malformed XML: undefined entity "${entity}"` });
    expect(problem.line).toBe(2);
    expect(problem.column).toBe(1);
  });

  it.each([
    ['a bare ampersand', '<documentation>salt & pepper</documentation>', /"&" must start an entity reference|char '&' is not expected/],
    ['a bare ampersand in an attribute', '<case id="c" name="salt & pepper"/>', /"&" must start an entity reference/],
    ['an unterminated reference', '<documentation>a &amp b</documentation>', /"&" must start an entity reference|char '&' is not expected/],
    ['a reference to NUL', '<documentation>&#0;</documentation>', /invalid character reference "&#0;"/],
    ['a reference to a control character', '<documentation>&#x1B;</documentation>', /invalid character reference "&#x1B;"/],
    ['a reference to a surrogate', '<documentation>&#xD800;</documentation>', /invalid character reference "&#xD800;"/],
    ['a reference beyond Unicode', '<documentation>&#x110000;</documentation>', /invalid character reference "&#x110000;"/],
    ['a huge reference', `<documentation>&#${'9'.repeat(400)};</documentation>`, /invalid character reference|must start an entity reference/],
    ['a raw control character', '<documentation>bell \u0007</documentation>', /the character U\+0007 is not allowed in XML/],
    ['an unpaired surrogate', '<documentation>\uDC00</documentation>', /the character U\+DC00 is not allowed in XML/],
    ['a noncharacter', '<documentation>\uFFFE</documentation>', /the character U\+FFFE is not allowed in XML/],
  ])('refuses %s as MalformedXml', (_label, body, message) => {
    const problem = refusal(definitions(body));
    expect(problem).toMatchObject({ code: 'MalformedXml', line: 2 });
    expect(problem.message).toMatch(message);
  });

  it('keeps legal characters beyond the BMP', () => {
    const model = load(definitions('<documentation>&#x1F600; \u{1F600}</documentation>'));
    expect(model.definitions.documentation[0]!.text).toBe('\u{1F600} \u{1F600}');
  });

  it('never fetches anything: an XInclude is an unknown element, kept as written', () => {
    const model = load(definitions('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'));
    expect(model.definitions.unknownElements).toEqual([
      expect.objectContaining({ local: 'include', attributes: [expect.objectContaining({ local: 'href', value: 'file:///etc/passwd' }), expect.objectContaining({ local: 'parse' })], children: [] }),
    ]);
  });
});

describe('size', () => {
  it('refuses input over 10 MB by default with InputTooLarge', () => {
    expect(DEFAULT_MAX_SIZE).toBe(10 * 1024 * 1024);
    const padding = ' '.repeat(DEFAULT_MAX_SIZE);
    const problem = refusal(definitions(`<!--${padding}-->`));
    expect(problem).toMatchObject({ code: 'InputTooLarge', severity: 'error', elementId: undefined, line: undefined, column: undefined });
    expect(problem.message).toContain(String(DEFAULT_MAX_SIZE));
  });

  it('accepts input just under the default limit', () => {
    const shell = definitions('<!---->');
    const xml = definitions(`<!--${' '.repeat(DEFAULT_MAX_SIZE - shell.length)}-->`);
    expect(xml.length).toBe(DEFAULT_MAX_SIZE);
    expect(safeParseCmmn(xml).success).toBe(true);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const xml = definitions(`<documentation>${'é'.repeat(1000)}</documentation>`);
    expect(xml.length).toBeLessThan(1500);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(2000);
    expect(refusal(xml, { maxSize: 1500 }).code).toBe('InputTooLarge');
    expect(safeParseCmmn(xml, { maxSize: 2500 }).success).toBe(true);
  });

  it('takes the limit from maxSize', () => {
    const xml = casePlan('');
    expect(refusal(xml, { maxSize: xml.length - 1 }).message).toBe(`the input is larger than the limit of ${xml.length - 1} bytes`);
    expect(safeParseCmmn(xml, { maxSize: xml.length }).success).toBe(true);
  });
});

describe('nesting depth', () => {
  const nestedStages = (depth: number) => {
    let inner = '';
    for (let i = depth; i >= 1; i--) inner = `<stage id="S${i}">${i < depth ? `<planItem id="P${i + 1}" definitionRef="S${i + 1}"/>` : ''}${inner}</stage>`;
    return casePlan(`<planItem id="P1" definitionRef="S1"/>${inner}`);
  };

  it('refuses 100,000 nested stages with a ModelError, not a stack overflow', () => {
    const depth = 100_000;
    const xml = casePlan(`${'<stage>'.repeat(depth)}${'</stage>'.repeat(depth)}`);
    const problem = refusal(xml);
    expect(problem).toMatchObject({ code: 'InputTooLarge', severity: 'error', message: 'elements are nested deeper than 256 levels' });
    // Depth 257 is reached at the 254th <stage> (definitions, case and casePlanModel come first).
    expect(problem.line).toBe(4);
    expect(problem.column).toBe(253 * '<stage>'.length + 1);
  });

  it('refuses 100,000 nested extension elements and unknown elements the same way', () => {
    const depth = 100_000;
    expect(refusal(definitions(`<extensionElements>${'<x:a xmlns:x="urn:x">'.repeat(depth)}${'</x:a>'.repeat(depth)}</extensionElements>`)).code).toBe('InputTooLarge');
    expect(refusal(definitions(`${'<unknown>'.repeat(depth)}${'</unknown>'.repeat(depth)}`)).code).toBe('InputTooLarge');
    expect(refusal(definitions(`<documentation>${'<b>'.repeat(depth)}${'</b>'.repeat(depth)}</documentation>`)).code).toBe('InputTooLarge');
  });

  it('refuses 253 nested stages (256 levels with definitions, case and casePlanModel) at the stage nesting limit, 254 at the depth limit', () => {
    // The file is within maxDepth, the plan is not: the 65th nested stage is refused by name
    // (stage-nesting.test.ts reads, validates and exports 253 nested definitions the plan does not use).
    expect(refusal(nestedStages(253))).toMatchObject({
      code: 'InputTooLarge',
      elementId: 'P65',
      message: 'plan item "P65" would be nested in 65 stages (the case plan model and the stages inside it), more than the limit of 64 nested stages',
    });
    expect(refusal(nestedStages(254)).message).toBe('elements are nested deeper than 256 levels');
  });

  it('ends in InputTooLarge, not a RangeError, when a raised maxDepth lets the call stack run out', () => {
    const depth = 20_000;
    const xml = casePlan(`${'<stage>'.repeat(depth)}${'</stage>'.repeat(depth)}`);
    const problem = refusal(xml, { maxDepth: 1_000_000 });
    expect(problem).toMatchObject({ code: 'InputTooLarge', message: expect.stringContaining('call stack') });
  });

  it('takes the limit from maxDepth', () => {
    const xml = nestedStages(20);
    expect(refusal(xml, { maxDepth: 20 }).code).toBe('InputTooLarge');
    expect(safeParseCmmn(xml, { maxDepth: 23 }).success).toBe(true);
    // Self-closing elements do not open a level.
    expect(safeParseCmmn(casePlan('<stage id="S"/>'), { maxDepth: 3 }).success).toBe(true);
    expect(refusal(casePlan('<stage id="S"></stage>'), { maxDepth: 3 }).code).toBe('InputTooLarge');
  });

  it('is not fooled by ">" and "/>" inside attribute values, comments or CDATA', () => {
    const xml = casePlan(`<stage id="S" name="a/>b"><!-- <x> <y> --><documentation><![CDATA[<a><b><c>]]></documentation></stage>`);
    expect(safeParseCmmn(xml, { maxDepth: 5 }).success).toBe(true);
    expect(safeParseCmmn(xml, { maxDepth: 4 }).success).toBe(false);
  });
});

/**
 * Runs `run` and returns what it returned with the CPU milliseconds the process spent meanwhile:
 * unlike the time on the clock, not inflated when a loaded machine keeps the process waiting.
 */
function timed<T>(run: () => T): { result: T; ms: number } {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  return { result, ms: (used.user + used.system) / 1000 };
}

/**
 * Hostile start tags: each case is read in time linear in its size (issue 17: 100,000 attributes
 * took ~20 s, 100,000 namespace declarations with attributes ~130 s). The bounds, in CPU time, are
 * several times the measured times; quadratic work misses them by far.
 */
describe('attributes and namespace declarations', () => {
  const N = 100_000;
  const NO_LIMITS = { maxAttributes: Infinity, maxNamespaceDeclarations: Infinity };
  const attributes = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => ` ${make(i)}`).join('');
  /** A case element carrying `attributes`, inside an otherwise valid model. */
  const onCase = (attrs: string) => definitions(`<case id="Case_1"${attrs}>\n<casePlanModel id="Plan"/>\n</case>`);

  it(`refuses more than ${DEFAULT_MAX_ATTRIBUTES} attributes on one element with InputTooLarge at the first one over`, () => {
    expect(DEFAULT_MAX_ATTRIBUTES).toBe(1000);
    const xml = onCase(attributes(N, (i) => `a${i}="v"`));
    const { result: problem, ms } = timed(() => refusal(xml));
    expect(problem).toMatchObject({
      code: 'InputTooLarge',
      severity: 'error',
      message: 'the start tag <case> has more than 1000 attributes',
      // The 1,000 allowed are id and a0…a998.
      ...positionOf(xml, 'a999="v"'),
    });
    expect(problem.column).toBeGreaterThan(1);
    expect(ms).toBeLessThan(2000);
    expect(safeParseCmmn(onCase(attributes(999, (i) => `a${i}="v"`))).success).toBe(true);
    // The root element carries nine attributes: the limit applies per element.
    expect(refusal(onCase(attributes(9, (i) => `a${i}="v"`)), { maxAttributes: 9 }).message).toBe('the start tag <case> has more than 9 attributes');
  });

  it('reads 100,000 attributes on one element in linear time when the limit is lifted', () => {
    const xml = onCase(attributes(N, (i) => `a${i}="v${i}"`));
    expect(xml.length).toBeGreaterThan(1_000_000);
    const { result, ms } = timed(() => parseCmmn(xml, NO_LIMITS));
    expect(ms).toBeLessThan(2000);
    const attrs = result.findCase('Case_1')!.extensionAttributes!;
    expect(attrs).toHaveLength(N);
    expect(attrs[N - 1]).toEqual({ namespace: undefined, prefix: undefined, local: `a${N - 1}`, value: `v${N - 1}` });
  });

  it('finds a duplicate among 100,000 attributes in linear time, at the duplicate', () => {
    const xml = onCase(`${attributes(N, (i) => `a${i}="v"`)} a5="again"`);
    const { result: problem, ms } = timed(() => refusal(xml, NO_LIMITS));
    expect(problem).toMatchObject({ code: 'MalformedXml', message: 'malformed XML: duplicate attribute "a5"', ...positionOf(xml, 'a5="again"') });
    expect(ms).toBeLessThan(2000);
    // Few attributes are compared pairwise; the 17th and later through a set: both find duplicates.
    for (const n of [1, 15, 16, 17, 40]) {
      expect(refusal(onCase(`${attributes(n, (i) => `a${i}="v"`)} a0="again"`)).message, String(n)).toBe('malformed XML: duplicate attribute "a0"');
    }
    expect(refusal(onCase(`${attributes(40, (i) => `a${i}="v"`)} xmlns:p="urn:p" xmlns:p="urn:q"`)).message).toBe('malformed XML: duplicate attribute "xmlns:p"');
  });

  it(`refuses more than ${DEFAULT_MAX_NAMESPACE_DECLARATIONS} namespace declarations on one element with InputTooLarge at the first one over`, () => {
    expect(DEFAULT_MAX_NAMESPACE_DECLARATIONS).toBe(100);
    const xml = onCase(attributes(N, (i) => `xmlns:p${i}="urn:p${i}"`));
    const { result: problem, ms } = timed(() => refusal(xml));
    expect(problem).toMatchObject({ code: 'InputTooLarge', message: 'the start tag <case> has more than 100 namespace declarations', ...positionOf(xml, 'xmlns:p100=') });
    expect(ms).toBeLessThan(2000);
    expect(safeParseCmmn(onCase(attributes(100, (i) => `xmlns:p${i}="urn:p${i}"`))).success).toBe(true);
    // The default namespace counts too; the root's declarations (seven in these tests) are on another element.
    expect(refusal(onCase(` xmlns="${CMMN}"${attributes(2, (i) => `xmlns:p${i}="urn:p${i}"`)}`), { maxNamespaceDeclarations: 2 }).code).toBe('InputTooLarge');
  });

  it('reads 100,000 namespace declarations, and 100,000 attributes using them, in linear time when the limits are lifted', () => {
    const declarations = onCase(attributes(N, (i) => `xmlns:p${i}="urn:p${i}"`));
    expect(declarations.length).toBeGreaterThan(2_000_000);
    expect(timed(() => parseCmmn(declarations, NO_LIMITS)).ms).toBeLessThan(2000);

    const used = onCase(attributes(N, (i) => `xmlns:p${i}="urn:p${i}" p${i}:a="${i}"`));
    const { result, ms } = timed(() => parseCmmn(used, NO_LIMITS));
    expect(ms).toBeLessThan(2000);
    const attrs = result.findCase('Case_1')!.extensionAttributes!;
    expect(attrs).toHaveLength(N);
    expect(attrs[N - 1]).toEqual({ namespace: `urn:p${N - 1}`, prefix: `p${N - 1}`, local: 'a', value: String(N - 1) });
  });

  it('does not copy the bindings in scope for each element that declares a namespace', () => {
    // 200 nested elements with 100 declarations each put 20,000 bindings in scope; then 20,000
    // elements declare one more each. Copying the scope per declaring element is 4·10^8 steps.
    const outer = Array.from({ length: 200 }, (_, level) => `<x:e${level}${attributes(100, (i) => `xmlns:p${i}="urn:${level}:${i}"`)}>`).join('');
    const inner = Array.from({ length: 20_000 }, (_, i) => `<y:leaf xmlns:y="urn:y${i}" p99:n="${i}"/>`).join('');
    const close = Array.from({ length: 200 }, (_, level) => `</x:e${199 - level}>`).join('');
    const xml = definitions(`<extensionElements><x:top xmlns:x="urn:x">${outer}${inner}${close}</x:top></extensionElements>`);
    const { result, ms } = timed(() => parseCmmn(xml));
    expect(ms).toBeLessThan(2000);
    let element = result.definitions.extensionElements![0]!;
    for (let level = 0; level < 200; level++) element = element.children[0] as typeof element;
    expect(element.children).toHaveLength(20_000);
    expect(element.children[19_999]).toMatchObject({ namespace: 'urn:y19999', local: 'leaf', attributes: [{ namespace: 'urn:199:99', local: 'n', value: '19999' }] });
    // Leaving an element restores what its declarations replaced.
    const restored = parseCmmn(definitions('<extensionElements><x:a xmlns:x="urn:1"><x:b xmlns:x="urn:2"/><x:c xmlns:x="urn:3"><x:d/></x:c><x:e/></x:a></extensionElements>'));
    const a = restored.definitions.extensionElements![0]!;
    expect(a.children.map((c) => (typeof c === 'string' ? c : c.namespace))).toEqual(['urn:2', 'urn:3', 'urn:1']);
    expect(((a.children[1] as typeof a).children[0] as typeof a).namespace).toBe('urn:3');
  });

  it('appends repeated <extensionElements> without copying what came before', () => {
    const xml = definitions(Array.from({ length: 50_000 }, (_, i) => `<extensionElements><x:a xmlns:x="urn:x" n="${i}"/></extensionElements>`).join(''));
    const { result, ms } = timed(() => parseCmmn(xml));
    expect(ms).toBeLessThan(2000);
    expect(result.definitions.extensionElements).toHaveLength(50_000);
    expect(result.definitions.extensionElements![49_999]!.attributes[0]!.value).toBe('49999');
  });
});

describe('prototype pollution', () => {
  const RESERVED = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
  const prototypeSnapshot = () =>
    Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]);

  it('reads elements whose ids, names and references are __proto__, constructor, prototype, …', () => {
    const before = prototypeSnapshot();
    const arrayBefore = Object.getOwnPropertyNames(Array.prototype);
    const items = RESERVED.map((id) => `<planItem id="PI${id}" name="${id}" definitionRef="${id}"><entryCriterion id="E${id}" sentryRef="S${id}"/></planItem>`).join('\n');
    const sentries = RESERVED.map((id) => `<sentry id="S${id}" name="polluted"><ifPart><condition>\${${id === '__proto__' ? 'x' : 'y'}}</condition></ifPart></sentry>`).join('\n');
    const tasks = RESERVED.map((id) => `<task id="${id}" name="polluted" polluted="yes"/>`).join('\n');
    const xml = casePlan(`${items}\n${sentries}\n${tasks}`, `<caseFileModel>${RESERVED.map((id) => `<caseFileItem id="F${id}" name="${id}"/>`).join('')}</caseFileModel>`);
    const model = parseCmmn(xml);

    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(prototypeSnapshot()).toEqual(before);
    expect(Object.getOwnPropertyNames(Array.prototype)).toEqual(arrayBefore);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');

    expect(model.problems).toEqual([]);
    for (const id of RESERVED) {
      const task = model.elementById(id);
      expect(task, id).toMatchObject({ kind: 'Task', id, name: 'polluted' });
      expect(Object.getPrototypeOf(task)).toBe(Object.prototype);
      const item = byId<PlanItem>(model, `PI${id}`);
      expect(item.definition).toBe(task);
      expect(item.entryCriteria[0]!.sentry).toBe(byId<Sentry>(model, `S${id}`));
      expect(item.name).toBe(id);
    }
    expect(model.elementById('polluted')).toBeUndefined();
    expect(model.elementById('nope')).toBeUndefined();
  });

  it('finds cases named or identified like prototype members, and no case for other such names', () => {
    const model = load(definitions('<case id="__proto__" name="constructor"><casePlanModel id="Plan"/></case>'));
    expect(model.findCase('__proto__')?.id).toBe('__proto__');
    expect(model.findCase('constructor')?.id).toBe('__proto__');
    expect(model.findCase('toString')).toBeUndefined();
    expect((model.elementById('__proto__') as Case).casePlanModel?.id).toBe('Plan');
  });

  it.each([
    ['<constructor/>', '<constructor/>'],
    ['<__proto__/>', '<__proto__/>'],
    ['<prototype/>', '<prototype/>'],
    ['<case id="c" constructor="x"/>', 'constructor="x"'],
    ['<case id="c" __proto__="x"/>', '__proto__="x"'],
    ['<case id="c" prototype="1"/>', 'prototype="1"'],
  ])('refuses %s as MalformedXml with its position', (body, at) => {
    const xml = definitions(`\n  ${body}`);
    const problem = refusal(xml);
    expect(problem).toMatchObject({ code: 'MalformedXml', severity: 'error', ...positionOf(xml, at) });
    expect(problem.message).toMatch(/the name "(constructor|__proto__|prototype)" is refused/);
  });

  it('refuses a root element named constructor', () => {
    expect(refusal('<constructor/>')).toMatchObject({ code: 'MalformedXml', line: 1, column: 1 });
  });

  it('keeps prefixed names such as x:constructor and namespace prefixes named __proto__', () => {
    const model = load(
      definitions('<extensionElements><x:constructor xmlns:x="urn:x" x:prototype="1" x:__proto__="2"/><__proto__:a xmlns:__proto__="urn:p" __proto__:constructor="3"/></extensionElements>'),
    );
    const [first, second] = model.definitions.extensionElements!;
    expect(first).toMatchObject({ namespace: 'urn:x', local: 'constructor', attributes: [{ local: 'prototype', value: '1' }, { local: '__proto__', value: '2' }] });
    expect(second).toMatchObject({ namespace: 'urn:p', prefix: '__proto__', local: 'a', attributes: [{ namespace: 'urn:p', local: 'constructor', value: '3' }] });
    expect(({} as Record<string, unknown>)['2']).toBeUndefined();
    expect(Object.getPrototypeOf(first!.attributes)).toBe(Array.prototype);
  });
});

describe('hostile expressions', () => {
  const condition = (body: string, language = '') =>
    casePlan(`<sentry id="S"><ifPart><condition id="Cond"${language}><![CDATA[${body}]]></condition></ifPart></sentry>`);

  it.each([
    ['deeply nested EL parentheses', `\${${'('.repeat(50_000)}1${')'.repeat(50_000)}}`],
    ['deeply nested EL negation', `\${${'!'.repeat(100_000)}true}`],
    ['an EL expression over the length limit', `\${${'a+'.repeat(40_000)}a}`],
    ['deeply nested JSON Logic', `${'{"!":['.repeat(20_000)}true${']}'.repeat(20_000)}`],
    ['a deeply nested JSON array', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['EL reaching for constructor', '${"".constructor.constructor("return process")()}'],
  ])('reports %s as a draft problem instead of crashing', (_label, body) => {
    const result = safeParseCmmn(condition(body));
    expect(result.success).toBe(true);
    const problems = result.problems.filter((p) => p.elementId === 'Cond');
    expect(problems.map((p) => p.code)).toEqual(['InvalidExpression']);
  });

  it('does not evaluate anything while parsing', () => {
    const before = (globalThis as Record<string, unknown>)['hacked'];
    safeParseCmmn(condition('${globalThis.hacked = 1}'));
    safeParseCmmn(condition('{"var": "constructor.constructor"}', ' language="https://jsonlogic.com"'));
    expect((globalThis as Record<string, unknown>)['hacked']).toBe(before);
  });
});

describe('input that is not a string', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a Buffer', Buffer.from(casePlan(''))],
    ['an object with toString', { toString: () => casePlan('') }],
    ['an array', [casePlan('')]],
    ['a String object', new String(casePlan(''))],
  ])('refuses %s with a ModelError', (_label, input) => {
    expect(refusal(input)).toMatchObject({ code: 'MalformedXml', severity: 'error', message: 'the input is not a string', line: undefined });
  });

  it.each([
    ['the empty string', ''],
    ['whitespace', '   \n'],
    ['plain text', 'hello'],
    ['a comment only', '<!-- nothing -->'],
    ['two roots', `<definitions xmlns="${CMMN}"/><definitions xmlns="${CMMN}"/>`],
    ['an XML declaration only', '<?xml version="1.0"?>'],
    ['an unclosed root', `<definitions xmlns="${CMMN}">`],
    ['an undeclared element prefix', `<definitions xmlns="${CMMN}"><x:case/></definitions>`],
    ['an undeclared attribute prefix', `<definitions xmlns="${CMMN}" x:a="1"/>`],
    ['an empty prefix', `<definitions xmlns="${CMMN}"><:case id="c"/></definitions>`],
    ['an empty local name', `<definitions xmlns="${CMMN}" xmlns:x="urn:x"><x: /></definitions>`],
    ['an empty prefix declaration', `<definitions xmlns="${CMMN}" xmlns:="urn:x"/>`],
    ['a duplicate attribute', `<definitions xmlns="${CMMN}" id="a" id="b"/>`],
  ])('refuses %s as MalformedXml', (_label, xml) => {
    expect(refusal(xml).code).toBe('MalformedXml');
  });

  it('throws ModelError, not TypeError, from parseCmmn', () => {
    expect(() => parseCmmn(undefined as unknown as string)).toThrow(ModelError);
  });
});
