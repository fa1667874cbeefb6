/**
 * The XML scanner's single pass: `charCodeAt` loops and `indexOf` jumps over the text, start
 * tags read with their attributes, namespaces resolved as each start tag ends, the tree built as
 * it goes. The loop and the methods it calls on every tag stay together in one class.
 */
import { NS } from '../model/namespaces.js';
import { isNameChar, isNameStart, isSpace } from './xml-characters.js';
import { positionOf, syntaxError, XmlDoctypeError, XmlLimitError, XmlSyntaxError } from './xml-errors.js';
import { NAMES, qnameOf, REMEMBERED, REMEMBERED_ATTRIBUTES, isRefusedName, type QName } from './xml-names.js';
import { CRLF, decodeEntities, indentation } from './xml-text.js';
import { KNOWN_URIS, NO_ATTRIBUTES, NO_DECLARATIONS, type MutableElement, type RawAttribute, type RawElement } from './xml-tree.js';

/** The XML declaration (production [23] XMLDecl). */
const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;

/**
 * Past this many attributes in one start tag, duplicates are found with a set instead of comparing
 * each name with those before it (which would be quadratic in the number of attributes).
 */
const DUPLICATE_SET_FROM = 16;

/** One strict pass over a document; see {@link parseXml}. */
export class Scanner {
  private depth = 0;
  private readonly names: string[] = [];
  private readonly elements: MutableElement[] = [];
  /**
   * The namespace bindings in scope: prefix ('' = default namespace) → URI ('' = undeclared). A
   * declaration changes the binding in place and logs what it replaced; leaving the element undoes
   * its entries of the log. Nothing is copied per element, so a declaration costs O(1) however
   * many are in scope.
   */
  private readonly bindings = new Map<string, string>();
  private readonly undoPrefixes: string[] = [];
  private readonly undoUris: (string | undefined)[] = [];
  /** For each open element, the length of the undo log before its declarations. */
  private readonly marks: number[] = [];
  /** Raw text seen since the last markup that ends a text node (comments do not). */
  private text = '';
  /** Whether {@link text} is a shared indentation: nothing to normalise or decode. */
  private indented = false;
  /** Attribute names and raw values of the start tag being read (reused from tag to tag). */
  private readonly attrNames: QName[] = [];
  private readonly attrValues: string[] = [];

  constructor(
    private readonly xml: string,
    private readonly maxDepth: number,
    private readonly maxAttributes: number,
    private readonly maxDeclarations: number,
    private readonly hasCr: boolean,
  ) {}

  /** The namespace a prefix ('' = default) is bound to; undefined when none is. */
  private resolve(prefix: string): string | undefined {
    const uri = this.bindings.get(prefix);
    if (uri !== undefined) return uri === '' ? undefined : uri;
    return prefix === 'xml' ? NS.xml : undefined;
  }

  /** Undoes the namespace declarations logged since `mark`. */
  private unbind(mark: number): void {
    const prefixes = this.undoPrefixes;
    const uris = this.undoUris;
    const bindings = this.bindings;
    for (let k = prefixes.length - 1; k >= mark; k--) {
      const previous = uris[k];
      if (previous === undefined) bindings.delete(prefixes[k]!);
      else bindings.set(prefixes[k]!, previous);
    }
    prefixes.length = mark;
    uris.length = mark;
  }

  private fail(offset: number, message: string): never {
    throw syntaxError(this.xml, offset, message);
  }

  /** Line ends normalised and references decoded; a reference error is placed at `owner`. */
  private value(raw: string, owner: number): string {
    if (this.hasCr && raw.indexOf('\r') >= 0) raw = raw.replace(CRLF, '\n');
    if (raw.indexOf('&') < 0) return raw;
    try {
      return decodeEntities(raw);
    } catch (error) {
      if (error instanceof XmlSyntaxError && error.offset === undefined && error.line === undefined) error.offset = owner;
      throw error;
    }
  }

  private flushText(): void {
    if (this.text === '') return;
    const top = this.elements[this.depth - 1]!;
    top.children.push(this.indented ? this.text : this.value(this.text, top.start));
    this.text = '';
    this.indented = false;
  }

  /** A name of the text, shared with earlier occurrences of the same name (see {@link NAMES}). */
  private nameAt(from: number): QName {
    const xml = this.xml;
    let at = from;
    let hash = 0;
    for (;;) {
      const c = xml.charCodeAt(at);
      if (!isNameChar(c)) break;
      hash = (hash * 31 + c) | 0;
      at++;
    }
    this.nameEnd = at;
    const slot = hash & (NAMES.length - 1);
    const known = NAMES[slot];
    if (known !== undefined && known.qname.length === at - from && xml.startsWith(known.qname, from)) return known;
    const entry = qnameOf(xml.slice(from, at), slot);
    NAMES[slot] = entry;
    REMEMBERED[slot]!.length = 0;
    return entry;
  }

  /** The end of the name read last by {@link nameAt}. */
  private nameEnd = 0;

  private scanName(from: number): number {
    const xml = this.xml;
    let at = from;
    while (isNameChar(xml.charCodeAt(at))) at++;
    return at;
  }

  private skipSpace(from: number): number {
    const xml = this.xml;
    let at = from;
    while (isSpace(xml.charCodeAt(at))) at++;
    return at;
  }

  document(): RawElement {
    const xml = this.xml;
    const length = xml.length;
    const first = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
    let root: RawElement | undefined;
    let i = first;
    for (;;) {
      const lt = xml.indexOf('<', i);
      const end = lt < 0 ? length : lt;
      if (end > i) {
        if (this.depth > 0) {
          if (this.text === '') {
            const indent = indentation(xml, i, end);
            this.indented = indent !== undefined;
            this.text = indent ?? xml.slice(i, end);
          } else {
            this.text += xml.slice(i, end);
            this.indented = false;
          }
        } else {
          const at = this.skipSpace(i);
          if (at < end) this.fail(at, root === undefined ? 'text is not allowed before the root element' : 'text is not allowed after the root element');
        }
      }
      if (lt < 0) break;
      const next = xml.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) {
        i = this.endTag(lt);
      } else if (next === 0x21 /* ! */) {
        if (xml.startsWith('<!--', lt)) {
          const close = xml.indexOf('-->', lt + 4);
          if (close < 0) this.fail(lt, 'the comment is not closed');
          i = close + 3;
        } else if (xml.startsWith('<![CDATA[', lt)) {
          const close = xml.indexOf(']]>', lt + 9);
          if (close < 0) this.fail(lt, 'the CDATA section is not closed');
          if (this.depth === 0) this.fail(lt, 'a CDATA section is not allowed outside the root element');
          this.flushText();
          let content = xml.slice(lt + 9, close);
          if (this.hasCr && content.indexOf('\r') >= 0) content = content.replace(CRLF, '\n');
          this.elements[this.depth - 1]!.children.push(content);
          i = close + 3;
        } else {
          const word = xml.slice(lt + 2, lt + 9).toUpperCase();
          if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY')) {
            const { line, column } = positionOf(xml, lt);
            throw new XmlDoctypeError('DOCTYPE and ENTITY declarations are not allowed', line, column, lt);
          }
          this.fail(lt, 'invalid markup after "<!"');
        }
      } else if (next === 0x3f /* ? */) {
        const nameEnd = this.scanName(lt + 2);
        if (nameEnd === lt + 2 || !isNameStart(xml.charCodeAt(lt + 2))) this.fail(lt, 'a processing instruction must start with a name');
        const close = xml.indexOf('?>', nameEnd);
        if (close < 0) this.fail(lt, 'the processing instruction is not closed');
        if (close !== nameEnd && !isSpace(xml.charCodeAt(nameEnd))) this.fail(nameEnd, 'invalid processing instruction');
        if (nameEnd - lt - 2 === 3 && xml.slice(lt + 2, nameEnd).toLowerCase() === 'xml') {
          if (lt !== first) this.fail(lt, 'the XML declaration is only allowed at the start of the document');
          if (!XML_DECLARATION.test(xml.slice(lt, close + 2))) this.fail(lt, 'malformed XML declaration');
        }
        if (this.depth > 0) this.flushText();
        i = close + 2;
      } else {
        if (this.depth === 0 && root !== undefined) this.fail(lt, 'the document has more than one root element');
        const element = this.startTag(lt);
        root ??= element;
        i = this.tagEnd;
      }
    }
    if (this.depth > 0) {
      const open = this.elements[this.depth - 1]!;
      this.fail(open.start, `the element <${this.names[this.depth - 1]}> is not closed`);
    }
    if (root === undefined) throw new XmlSyntaxError('the document has no root element', 1, 1);
    return root;
  }

  /** The offset just past the start tag read last. */
  private tagEnd = 0;

  private endTag(lt: number): number {
    const xml = this.xml;
    const from = lt + 2;
    const depth = this.depth;
    if (depth === 0) this.fail(lt, 'a closing tag without a start tag');
    const expected = this.names[depth - 1]!;
    let at: number;
    if (xml.startsWith(expected, from) && !isNameChar(xml.charCodeAt(from + expected.length))) {
      at = from + expected.length;
    } else {
      at = this.scanName(from);
      const found = xml.slice(from, at);
      const opened = positionOf(xml, this.elements[depth - 1]!.start);
      this.fail(
        lt,
        found === ''
          ? 'a closing tag must name its element'
          : `expected closing tag '${expected}' (opened at line ${opened.line}, column ${opened.column}) but found closing tag '${found}'`,
      );
    }
    at = this.skipSpace(at);
    if (xml.charCodeAt(at) !== 0x3e /* > */) this.fail(at, `the closing tag </${expected}> is not closed with ">"`);
    this.flushText();
    this.depth = depth - 1;
    this.names.pop();
    this.elements.pop();
    const mark = this.marks.pop()!;
    if (mark !== this.undoPrefixes.length) this.unbind(mark);
    return at + 1;
  }

  private startTag(lt: number): RawElement {
    const xml = this.xml;
    const nameFrom = lt + 1;
    if (!isNameStart(xml.charCodeAt(nameFrom))) this.fail(lt, 'a "<" must start a tag (escape it as &lt; in text)');
    const elementName = this.nameAt(nameFrom);
    let at = this.nameEnd;
    const qname = elementName.qname;
    if (isRefusedName(qname)) this.fail(lt, `the name "${qname}" is refused: it could pollute JavaScript object prototypes`);
    const attrNames = this.attrNames;
    const attrValues = this.attrValues;
    let count = 0;
    let declarationCount = 0;
    /** The names seen in this tag, once it has more than {@link DUPLICATE_SET_FROM} attributes. */
    let seen: Set<string> | undefined;
    let selfClosing = false;
    for (;;) {
      let c = xml.charCodeAt(at);
      let spaced = false;
      if (isSpace(c)) {
        at = this.skipSpace(at + 1);
        c = xml.charCodeAt(at);
        spaced = true;
      }
      if (c === 0x3e /* > */) {
        at++;
        break;
      }
      if (c === 0x2f /* / */) {
        if (xml.charCodeAt(at + 1) !== 0x3e) this.fail(at, `"/" must be followed by ">" in the start tag <${qname}>`);
        at += 2;
        selfClosing = true;
        break;
      }
      if (at >= xml.length) this.fail(lt, `the start tag <${qname}> is not closed`);
      if (!isNameStart(c)) this.fail(at, `unexpected character "${xml[at]}" in the start tag <${qname}>`);
      if (!spaced) this.fail(at, `attributes must be separated by whitespace in the start tag <${qname}>`);
      const attrFrom = at;
      const remembered = REMEMBERED[elementName.slot]!;
      const expected = count < REMEMBERED_ATTRIBUTES ? remembered[count] : undefined;
      let attrName: QName;
      if (expected !== undefined && xml.startsWith(expected.qname, at) && !isNameChar(xml.charCodeAt(at + expected.qname.length))) {
        attrName = expected;
        at += expected.qname.length;
      } else {
        attrName = this.nameAt(at);
        at = this.nameEnd;
        if (count < REMEMBERED_ATTRIBUTES) remembered[count] = attrName;
      }
      const name = attrName.qname;
      at = this.skipSpace(at);
      if (xml.charCodeAt(at) !== 0x3d /* = */) this.fail(attrFrom, `attribute "${name}" has no value`);
      at = this.skipSpace(at + 1);
      const quote = xml.charCodeAt(at);
      if (quote !== 0x22 && quote !== 0x27) this.fail(at, `the value of attribute "${name}" must be quoted`);
      const close = xml.indexOf(quote === 0x22 ? '"' : "'", at + 1);
      if (close < 0) this.fail(at, `the value of attribute "${name}" is not closed`);
      const raw = xml.slice(at + 1, close);
      const bracket = raw.indexOf('<');
      if (bracket >= 0) this.fail(at + 1 + bracket, `"<" is not allowed in the value of attribute "${name}" (escape it as &lt;)`);
      if (seen === undefined) {
        for (let k = 0; k < count; k++) {
          if (attrNames[k]!.qname === name) this.fail(attrFrom, `duplicate attribute "${name}"`);
        }
        if (count === DUPLICATE_SET_FROM) {
          seen = new Set();
          for (let k = 0; k < count; k++) seen.add(attrNames[k]!.qname);
          seen.add(name);
        }
      } else {
        if (seen.has(name)) this.fail(attrFrom, `duplicate attribute "${name}"`);
        seen.add(name);
      }
      if (count === this.maxAttributes) {
        throw new XmlLimitError(`the start tag <${qname}> has more than ${this.maxAttributes} attributes`, attrFrom);
      }
      if (attrName.declares !== undefined && ++declarationCount > this.maxDeclarations) {
        throw new XmlLimitError(`the start tag <${qname}> has more than ${this.maxDeclarations} namespace declarations`, attrFrom);
      }
      if (isRefusedName(name)) this.fail(attrFrom, `the name "${name}" is refused: it could pollute JavaScript object prototypes`);
      attrNames[count] = attrName;
      attrValues[count] = raw;
      count++;
      at = close + 1;
    }
    this.tagEnd = at;

    const depth = this.depth;
    if (!selfClosing && depth + 1 > this.maxDepth) {
      throw new XmlLimitError(`elements are nested deeper than ${this.maxDepth} levels`, lt);
    }

    // Namespace declarations first: they apply to the element's own name and attributes.
    const mark = this.undoPrefixes.length;
    let declarations = NO_DECLARATIONS;
    const plain = count - declarationCount;
    if (declarationCount > 0) {
      const bindings = this.bindings;
      for (let k = 0; k < count; k++) {
        const attrName = attrNames[k]!;
        const prefix = attrName.declares;
        if (prefix === undefined) continue;
        const name = attrName.qname;
        if (name.length > 5 && (prefix === '' || prefix.includes(':'))) this.fail(lt, `"${name}" is not a valid namespace declaration`);
        const value = this.value(attrValues[k]!, lt);
        const uri = KNOWN_URIS.get(value) ?? value;
        if (declarations === NO_DECLARATIONS) declarations = [];
        (declarations as { prefix: string; uri: string }[]).push({ prefix, uri });
        this.undoPrefixes.push(prefix);
        this.undoUris.push(bindings.get(prefix));
        bindings.set(prefix, uri);
      }
    }

    let attributes = NO_ATTRIBUTES;
    if (plain > 0) {
      const list: RawAttribute[] = [];
      for (let k = 0; k < count; k++) {
        const attrName = attrNames[k]!;
        if (attrName.declares !== undefined) continue;
        const name = attrName.qname;
        if (!attrName.valid) this.fail(lt, `"${name}" is not a valid qualified name`);
        const prefix = attrName.prefix;
        const local = attrName.local;
        let namespace: string | undefined;
        if (prefix !== undefined) {
          namespace = this.resolve(prefix);
          if (namespace === undefined) this.fail(lt, `attribute "${name}" uses the undeclared prefix "${prefix}"`);
        }
        list.push({ namespace, prefix, local, value: this.value(attrValues[k]!, lt) });
      }
      attributes = list;
    }

    if (!elementName.valid) this.fail(lt, `"${qname}" is not a valid qualified name`);
    const prefix = elementName.prefix;
    const local = elementName.local;
    const namespace = this.resolve(prefix ?? '');
    if (prefix !== undefined && namespace === undefined) this.fail(lt, `element "${qname}" uses the undeclared prefix "${prefix}"`);

    const element: MutableElement = { namespace, prefix, local, attributes, declarations, children: [], start: lt };
    if (depth > 0) {
      this.flushText();
      this.elements[depth - 1]!.children.push(element);
    }
    if (!selfClosing) {
      this.depth = depth + 1;
      this.names.push(qname);
      this.elements.push(element);
      this.marks.push(mark);
    } else if (mark !== this.undoPrefixes.length) {
      this.unbind(mark);
    }
    return element;
  }
}
