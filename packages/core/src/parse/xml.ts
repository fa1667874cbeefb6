/**
 * XML text → namespace-resolved element tree with source offsets, in one strict pass of its own
 * (see docs/architecture.md, "Why casekit has its own XML scanner"): `charCodeAt` loops and
 * `indexOf` jumps, no intermediate token objects, namespaces resolved as each start tag ends.
 */
import { LEGACY_CMMN_NAMESPACES, NS } from '../model/namespaces.js';

/** An attribute with its namespace resolved. */
export interface RawAttribute {
  readonly namespace: string | undefined;
  readonly prefix: string | undefined;
  readonly local: string;
  readonly value: string;
}

/** An element with its namespace resolved and its start offset in the source. */
export interface RawElement {
  readonly namespace: string | undefined;
  readonly prefix: string | undefined;
  readonly local: string;
  readonly attributes: readonly RawAttribute[];
  /** `xmlns` declarations made on this element (prefix '' = default namespace). */
  readonly declarations: readonly { readonly prefix: string; readonly uri: string }[];
  readonly children: readonly (RawElement | string)[];
  readonly start: number;
}

/** Thrown for input that is not well-formed XML; carries the offending position. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    /** Source offset of the element being read, when line and column are not known. */
    public offset: number | undefined = undefined,
  ) {
    super(message);
  }
}

/** Thrown for a DOCTYPE or ENTITY declaration: refused, never read (entity expansion, XXE). */
export class XmlDoctypeError extends XmlSyntaxError {}

/**
 * Default {@link ParseXmlOptions.maxDepth}. The parser, the validator, the exporter and the engine
 * walk stages recursively; 256 levels keep all of them far from the end of the call stack.
 */
export const DEFAULT_MAX_DEPTH = 256;

/**
 * Default {@link ParseXmlOptions.maxAttributes}. CMMN and CMMNDI elements carry a dozen attributes
 * at most; the limit bounds the work and memory a single start tag can ask for.
 */
export const DEFAULT_MAX_ATTRIBUTES = 1000;

/**
 * Default {@link ParseXmlOptions.maxNamespaceDeclarations}. A CMMN file declares a dozen namespaces
 * or so, on its root element.
 */
export const DEFAULT_MAX_NAMESPACE_DECLARATIONS = 100;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** The deepest element nesting accepted (the root element is at depth 1). */
  readonly maxDepth?: number;
  /** The most attributes accepted on one element, namespace declarations included. */
  readonly maxAttributes?: number;
  /** The most namespace declarations (`xmlns`, `xmlns:p`) accepted on one element. */
  readonly maxNamespaceDeclarations?: number;
}

/** Thrown when the input exceeds a resource limit (nesting depth, attributes or namespace declarations per element). */
export class XmlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const XML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);
/** An entity or character reference at the start of the text (after its `&`). */
const REFERENCE = /^(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][A-Za-z0-9._-]*);/;

/** True for a code point XML 1.0 allows in a document (production [2] Char). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Decodes the five XML entities and character references; any other entity, a bare `&` and a
 * reference to a character XML does not allow are malformed XML.
 */
export function decodeEntities(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += text.slice(from, at);
    const match = REFERENCE.exec(text.slice(at + 1, at + 1 + 64));
    if (match === null) {
      throw new XmlSyntaxError(
        `"&" must start an entity reference such as &amp; (found "${text.slice(at, at + 12)}")`,
        undefined,
        undefined,
      );
    }
    const body = match[1]!;
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || !isXmlChar(code)) {
        throw new XmlSyntaxError(`invalid character reference "&${body};"`, undefined, undefined);
      }
      out += String.fromCodePoint(code);
    } else {
      const value = XML_ENTITIES.get(body);
      if (value === undefined) throw new XmlSyntaxError(`undefined entity "&${body};"`, undefined, undefined);
      out += value;
    }
    from = at + 1 + match[0].length;
    at = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

/** Computes 1-based line and column of a source offset. */
export class LineIndex {
  readonly #starts: number[];

  constructor(text: string) {
    const starts = [0];
    let at = text.indexOf('\n');
    while (at >= 0) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.#starts = starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}

/** The position of a source offset, computed only when an error is thrown. */
function positionOf(xml: string, offset: number): { line: number; column: number } {
  let line = 1;
  for (let at = xml.indexOf('\n'); at >= 0 && at < offset; at = xml.indexOf('\n', at + 1)) line++;
  return { line, column: offset - (xml.lastIndexOf('\n', offset - 1) + 1) + 1 };
}

function syntaxError(xml: string, offset: number, message: string): XmlSyntaxError {
  const { line, column } = positionOf(xml, offset);
  return new XmlSyntaxError(message, line, column, offset);
}

/** A character outside XML 1.0's Char production [2] — or a surrogate, legal only in a pair. */
const SUSPECT_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;

/**
 * Checks that every character is one XML 1.0 allows (surrogates only in pairs). Returns whether
 * the text holds a carriage return (line ends to normalise). A native regular-expression scan is
 * about twice as fast as a `charCodeAt` loop here; it stops only at surrogates and errors.
 */
function checkCharacters(xml: string): boolean {
  SUSPECT_CHARACTER.lastIndex = 0;
  for (let match = SUSPECT_CHARACTER.exec(xml); match !== null; match = SUSPECT_CHARACTER.exec(xml)) {
    const at = match.index;
    const code = xml.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = xml.charCodeAt(at + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        SUSPECT_CHARACTER.lastIndex = at + 2;
        continue;
      }
    }
    throw illegalCharacter(code, at);
  }
  return xml.indexOf('\r') >= 0;
}

function illegalCharacter(code: number, offset: number): XmlSyntaxError {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return new XmlSyntaxError(`the character U+${hex} is not allowed in XML`, undefined, undefined, offset);
}

/** ASCII name characters: bit 1 = may start a name, bit 2 = may continue one (productions [4], [4a]). */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 3;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}

function isNameStart(c: number): boolean {
  if (c < 0x80) return (ASCII_NAME[c]! & 1) !== 0;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    // #x10000-#xEFFFF, seen as their high surrogate (the pair was checked by checkCharacters)
    (c >= 0xd800 && c <= 0xdb7f)
  );
}

function isNameChar(c: number): boolean {
  if (c < 0x80) return ASCII_NAME[c] !== 0;
  return c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040 || (c >= 0xdc00 && c <= 0xdfff) || isNameStart(c);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa || c === 0x9 || c === 0xd;
}

/** `\n` followed by 0–63 spaces: the text between most elements, shared instead of copied. */
const INDENTS: readonly string[] = Array.from({ length: 64 }, (_, n) => `\n${' '.repeat(n)}`);

/** The shared string for the text from `from` to `to` when it is a line end and indentation. */
function indentation(xml: string, from: number, to: number): string | undefined {
  const spaces = to - from - 1;
  if (spaces < 64 && xml.charCodeAt(from) === 0x0a) {
    let at = from + 1;
    while (at < to && xml.charCodeAt(at) === 0x20) at++;
    if (at === to) return INDENTS[spaces]!;
  }
  return undefined;
}

/** Unprefixed names refused because they could reach JavaScript object prototypes. */
function isRefusedName(name: string): boolean {
  const length = name.length;
  return (length === 9 || length === 11) && (name === '__proto__' || name === 'constructor' || name === 'prototype');
}

/** A name as written, split at its colon. */
interface QName {
  readonly qname: string;
  readonly prefix: string | undefined;
  readonly local: string;
  /** False when the name has an empty prefix or local part, or two colons (Namespaces in XML §3). */
  readonly valid: boolean;
  /** For `xmlns` and `xmlns:p`, the prefix declared ('' for the default namespace). */
  readonly declares: string | undefined;
  /** The slot of {@link NAMES} (and of {@link REMEMBERED}) the name was made for. */
  readonly slot: number;
}

function qnameOf(qname: string, slot: number): QName {
  const declares = qname === 'xmlns' ? '' : qname.startsWith('xmlns:') ? qname.slice(6) : undefined;
  const colon = qname.indexOf(':');
  if (colon < 0) return { qname, prefix: undefined, local: qname, valid: true, declares, slot };
  const valid = colon !== 0 && colon !== qname.length - 1 && qname.indexOf(':', colon + 1) < 0;
  return { qname, prefix: qname.slice(0, colon), local: qname.slice(colon + 1), valid, declares, slot };
}

/** Most attribute names remembered per element name (see {@link REMEMBERED}). */
const REMEMBERED_ATTRIBUTES = 16;

/**
 * Recently seen names, by a hash of their characters. CMMN files use a few dozen names over and
 * over; sharing them saves a string per element and attribute, and lets every later lookup of the
 * same name (the reader's tables) reuse its computed hash.
 */
const NAMES: (QName | undefined)[] = new Array<QName | undefined>(1024).fill(undefined);

/**
 * For the element name in each slot of {@link NAMES}: the attribute names of its last start tag,
 * in order. The same element mostly has the same attributes (`<cmmndi:Bounds x y width height>`),
 * so each is tried first: a match costs a comparison instead of hashing the name and comparing it.
 * Emptied when the slot gets another name; at most 16 names a slot, whatever the input.
 */
const REMEMBERED: (QName | undefined)[][] = Array.from({ length: NAMES.length }, () => []);

interface MutableElement {
  namespace: string | undefined;
  prefix: string | undefined;
  local: string;
  attributes: readonly RawAttribute[];
  declarations: readonly { readonly prefix: string; readonly uri: string }[];
  children: (RawElement | string)[];
  start: number;
}

const NO_ATTRIBUTES: readonly RawAttribute[] = Object.freeze([]);
const NO_DECLARATIONS: readonly { readonly prefix: string; readonly uri: string }[] = Object.freeze([]);
const CRLF = /\r\n?/g;
/** The XML declaration (production [23] XMLDecl). */
const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;

/**
 * Past this many attributes in one start tag, duplicates are found with a set instead of comparing
 * each name with those before it (which would be quadratic in the number of attributes).
 */
const DUPLICATE_SET_FROM = 16;

/**
 * The namespace URIs casekit knows, each as one string: a declaration of one of them binds the
 * shared string, so every later comparison with it (the reader's, per element) is an identity check.
 */
const KNOWN_URIS: ReadonlyMap<string, string> = new Map([...Object.values(NS), ...LEGACY_CMMN_NAMESPACES].map((uri) => [uri, uri]));

/** One strict pass over a document; see {@link parseXml}. */
class Scanner {
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

/**
 * Parses well-formed XML into a namespace-resolved tree, in one pass. Throws {@link XmlSyntaxError}
 * on malformed input (with line, column and offset where known) and {@link XmlLimitError} when
 * elements are nested deeper than `maxDepth` or a start tag has more attributes or namespace
 * declarations than `maxAttributes` / `maxNamespaceDeclarations`. Time is linear in the input. A byte order mark at the start is skipped; comments,
 * processing instructions and the XML declaration are skipped; CDATA sections are kept literally.
 */
export function parseXml(xml: string, options: ParseXmlOptions = {}): RawElement {
  const hasCr = checkCharacters(xml);
  return new Scanner(
    xml,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    options.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES,
    options.maxNamespaceDeclarations ?? DEFAULT_MAX_NAMESPACE_DECLARATIONS,
    hasCr,
  ).document();
}
