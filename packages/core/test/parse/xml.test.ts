/** The XML layer: namespace resolution, entities, CDATA, names and source positions. */
import { describe, expect, it } from 'vitest';
import { LineIndex, XmlLimitError, XmlSyntaxError, decodeEntities, parseXml, type RawElement } from '../../src/parse/xml.js';

const child = (element: RawElement, index: number): RawElement => {
  const elements = element.children.filter((c): c is RawElement => typeof c !== 'string');
  return elements[index]!;
};

describe('parseXml: namespaces', () => {
  it('resolves the default namespace and prefixes, scope by scope', () => {
    const root = parseXml('<a xmlns="urn:d" xmlns:p="urn:p"><p:b><c xmlns="urn:c"><d/></c></p:b><e xmlns:p="urn:q"><p:f/></e></a>');
    expect([root.namespace, root.prefix, root.local]).toEqual(['urn:d', undefined, 'a']);
    const b = child(root, 0);
    expect([b.namespace, b.prefix, b.local]).toEqual(['urn:p', 'p', 'b']);
    const c = child(b, 0);
    expect(c.namespace).toBe('urn:c');
    expect(child(c, 0).namespace).toBe('urn:c');
    const e = child(root, 1);
    expect(e.namespace).toBe('urn:d');
    expect(child(e, 0).namespace).toBe('urn:q');
    expect(root.declarations).toEqual([
      { prefix: '', uri: 'urn:d' },
      { prefix: 'p', uri: 'urn:p' },
    ]);
  });

  it('undeclares the default namespace with xmlns=""', () => {
    const root = parseXml('<a xmlns="urn:d"><b xmlns=""><c/></b></a>');
    expect(child(root, 0).namespace).toBeUndefined();
    expect(child(child(root, 0), 0).namespace).toBeUndefined();
  });

  it('gives unprefixed attributes no namespace, even under a default namespace', () => {
    const root = parseXml('<a xmlns="urn:d" xmlns:p="urn:p" x="1" p:y="2" xml:lang="en"/>');
    expect(root.attributes).toEqual([
      { namespace: undefined, prefix: undefined, local: 'x', value: '1' },
      { namespace: 'urn:p', prefix: 'p', local: 'y', value: '2' },
      { namespace: 'http://www.w3.org/XML/1998/namespace', prefix: 'xml', local: 'lang', value: 'en' },
    ]);
  });

  it.each([
    ['an undeclared element prefix', '<a><p:b/></a>', 'element "p:b" uses the undeclared prefix "p"'],
    ['an undeclared attribute prefix', '<a p:x="1"/>', 'attribute "p:x" uses the undeclared prefix "p"'],
    ['an empty prefix', '<a xmlns="urn:d"><:b/></a>', '":b" is not a valid qualified name'],
    ['two colons', '<a xmlns:p="urn:p"><p:b:c/></a>', '"p:b:c" is not a valid qualified name'],
    ['an empty prefix declaration', '<a xmlns:="urn:x"/>', '"xmlns:" is not a valid namespace declaration'],
  ])('refuses %s', (_label, xml, message) => {
    expect(() => parseXml(xml)).toThrow(message);
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
  });
});

describe('parseXml: text', () => {
  it('decodes entities in text and attributes, but not in CDATA', () => {
    const root = parseXml('<a t="&lt;&amp;&gt;&quot;&apos;&#65;&#x42;">x &amp; y<![CDATA[ &amp; <b> ]]>z</a>');
    expect(root.attributes[0]!.value).toBe('<&>"\'AB');
    expect(root.children).toEqual(['x & y', ' &amp; <b> ', 'z']);
  });

  it('keeps empty CDATA sections and skips comments and processing instructions', () => {
    const root = parseXml('<?xml version="1.0"?><?pi x?><a><!-- c --><![CDATA[]]><?pi y?>t</a>');
    expect(root.children.join('')).toBe('t');
  });

  it('keeps whitespace as written and normalises CRLF line ends', () => {
    const root = parseXml('<a>\r\n  x  \r\n</a>');
    expect(root.children).toEqual(['\n  x  \n']);
  });

  it('keeps element and attribute names shaped like Object.prototype members', () => {
    const root = parseXml('<toString valueOf="1" hasOwnProperty="2"><__defineGetter__/></toString>');
    expect(root.local).toBe('toString');
    expect(root.attributes.map((a) => a.local)).toEqual(['valueOf', 'hasOwnProperty']);
    expect(child(root, 0).local).toBe('__defineGetter__');
  });

  it.each(['constructor', '__proto__', 'prototype'])('refuses the name %s, with its offset', (name) => {
    const xml = `<a>\n <${name}/></a>`;
    try {
      parseXml(xml);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(XmlSyntaxError);
      expect((error as XmlSyntaxError).offset).toBe(5);
      expect((error as XmlSyntaxError).message).toContain(`"${name}"`);
    }
  });
});

describe('decodeEntities', () => {
  it('decodes the five predefined entities and character references', () => {
    expect(decodeEntities('&amp;amp; &#x1F600; &#9;')).toBe('&amp; \u{1F600} \t');
    expect(decodeEntities('no entities')).toBe('no entities');
  });

  it.each(['&nbsp;', '&toString;', '&__proto__;', '& x', '&#;', '&#x;', '&#0;', '&#xFFFE;', '&#xDFFF;', '&#1114112;'])('refuses %s', (text) => {
    expect(() => decodeEntities(text)).toThrow(XmlSyntaxError);
  });
});

describe('positions', () => {
  it('records the offset of each element start', () => {
    const xml = '<a>\n  <b/>\n  <c>\n    <d/>\n  </c>\n</a>';
    const root = parseXml(xml);
    const lines = new LineIndex(xml);
    expect(lines.position(child(root, 0).start)).toEqual({ line: 2, column: 3 });
    expect(lines.position(child(child(root, 1), 0).start)).toEqual({ line: 4, column: 5 });
  });

  it('keeps offsets of the original text when lines end in CRLF', () => {
    const xml = '<a>\r\n<b/>\r\n  <c/></a>';
    const root = parseXml(xml);
    expect(child(root, 1).start).toBe(xml.indexOf('<c/>'));
    expect(new LineIndex(xml).position(child(root, 1).start)).toEqual({ line: 3, column: 3 });
  });

  it('maps offsets to 1-based lines and columns', () => {
    const lines = new LineIndex('ab\ncd\n\nef');
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(2)).toEqual({ line: 1, column: 3 });
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(6)).toEqual({ line: 3, column: 1 });
    expect(lines.position(8)).toEqual({ line: 4, column: 2 });
  });

  it('reports the line and column of a syntax error found by the tokenizer', () => {
    try {
      parseXml('<a>\n  <b>\n</a>');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ line: 3, column: 1 });
    }
  });
});

describe('depth', () => {
  it('counts open elements only, and reports where the limit is passed', () => {
    expect(parseXml('<a><b><c/></b></a>', { maxDepth: 2 }).local).toBe('a');
    try {
      parseXml('<a><b><c></c></b></a>', { maxDepth: 2 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(XmlLimitError);
      expect((error as XmlLimitError).offset).toBe(6);
    }
  });
});
