/**
 * XML text → namespace-resolved element tree with source offsets. fast-xml-parser does the
 * tokenising; it does not resolve namespaces, so prefixes are mapped to URIs here, scope by scope.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NS } from '../model/namespaces.js';

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

/**
 * fast-xml-parser renames elements and attributes named like `Object.prototype` members
 * (`toString` → `__toString`), which would corrupt such names silently. They are marked with a
 * character no XML name can contain instead, and the mark is removed again in {@link convert}.
 */
const DANGEROUS_MARK = '\u0000';

/**
 * Default {@link ParseXmlOptions.maxDepth}. The parser, the validator, the exporter and the engine
 * walk stages recursively; 256 levels keep all of them far from the end of the call stack.
 */
export const DEFAULT_MAX_DEPTH = 256;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** The deepest element nesting accepted (the root element is at depth 1). */
  readonly maxDepth?: number;
}

/** Thrown when the input exceeds a resource limit (element nesting depth). */
export class XmlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: false,
  // CDATA sections stay apart from text: their content is literal, never entity-decoded.
  cdataPropName: '#cdata',
  // Depth is limited (and reported with a position) by checkDepth before fast-xml-parser runs.
  maxNestedTags: Number.MAX_SAFE_INTEGER,
  // No callback reads the path; building it as a string for every tag is slow on deep input.
  jPath: false,
  onDangerousProperty: (name: string) => `${DANGEROUS_MARK}${name}`,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

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

type FxpNode = Record<string, unknown>;

/** Removes fast-xml-parser's mark of a name shaped like an `Object.prototype` member. */
function unmark(name: string): string {
  return name.startsWith(DANGEROUS_MARK) ? name.slice(DANGEROUS_MARK.length) : name;
}

/** Splits a QName; a name with an empty prefix or local part, or two colons, is malformed (Namespaces in XML §3). */
function splitName(qname: string): [prefix: string | undefined, local: string] {
  const colon = qname.indexOf(':');
  if (colon < 0) return [undefined, qname];
  if (colon === 0 || colon === qname.length - 1 || qname.indexOf(':', colon + 1) >= 0) {
    throw new XmlSyntaxError(`"${qname}" is not a valid qualified name`, undefined, undefined);
  }
  return [qname.slice(0, colon), qname.slice(colon + 1)];
}

/** Prefix → URI scope, chained to the parent scope. */
class Scope {
  constructor(
    private readonly parent: Scope | undefined,
    private readonly map: ReadonlyMap<string, string> | undefined,
  ) {}

  resolve(prefix: string): string | undefined {
    for (let scope: Scope | undefined = this; scope !== undefined; scope = scope.parent) {
      const uri = scope.map?.get(prefix);
      if (uri !== undefined) return uri === '' ? undefined : uri;
    }
    if (prefix === 'xml') return NS.xml;
    return undefined;
  }
}

const ROOT_SCOPE = new Scope(undefined, undefined);

function convert(node: FxpNode, parentScope: Scope): RawElement {
  try {
    return convertElement(node, parentScope);
  } catch (error) {
    if (error instanceof XmlSyntaxError && error.line === undefined && error.offset === undefined) {
      error.offset = (node as Record<symbol, { startIndex: number } | undefined>)[META]?.startIndex;
    }
    throw error;
  }
}

function convertElement(node: FxpNode, parentScope: Scope): RawElement {
  let tag: string | undefined;
  for (const key of Object.keys(node)) {
    if (key !== ':@') {
      tag = key;
      break;
    }
  }
  if (tag === undefined) throw new XmlSyntaxError('element without a name', undefined, undefined);
  const name = unmark(tag);
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const meta = (node as Record<symbol, { startIndex: number } | undefined>)[META];

  const declarations: { prefix: string; uri: string }[] = [];
  let scopeMap: Map<string, string> | undefined;
  const attrNames = Object.keys(attrs);
  for (const key of attrNames) {
    const attrName = unmark(key);
    if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) {
      const prefix = attrName === 'xmlns' ? '' : attrName.slice(6);
      if (attrName !== 'xmlns' && (prefix === '' || prefix.includes(':'))) {
        throw new XmlSyntaxError(`"${attrName}" is not a valid namespace declaration`, undefined, undefined);
      }
      const uri = decodeEntities(attrs[key] ?? '');
      declarations.push({ prefix, uri });
      (scopeMap ??= new Map()).set(prefix, uri);
    }
  }
  const scope = scopeMap === undefined ? parentScope : new Scope(parentScope, scopeMap);

  const attributes: RawAttribute[] = [];
  for (const key of attrNames) {
    const attrName = unmark(key);
    if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) continue;
    const [prefix, local] = splitName(attrName);
    const namespace = prefix === undefined ? undefined : scope.resolve(prefix);
    if (prefix !== undefined && namespace === undefined) {
      throw new XmlSyntaxError(`attribute "${attrName}" uses the undeclared prefix "${prefix}"`, undefined, undefined);
    }
    attributes.push({ namespace, prefix, local, value: decodeEntities(attrs[key] ?? '') });
  }

  const [prefix, local] = splitName(name);
  const namespace = scope.resolve(prefix ?? '');
  if (prefix !== undefined && namespace === undefined) {
    throw new XmlSyntaxError(`element "${name}" uses the undeclared prefix "${prefix}"`, undefined, undefined);
  }

  const children: (RawElement | string)[] = [];
  const content = node[tag] as FxpNode[];
  for (const child of content) {
    const text = child['#text'];
    const cdata = child['#cdata'];
    if (text !== undefined) {
      children.push(decodeEntities(String(text)));
    } else if (cdata !== undefined) {
      for (const part of cdata as FxpNode[]) children.push(String(part['#text'] ?? ''));
    } else {
      children.push(convert(child, scope));
    }
  }
  return { namespace, prefix, local, attributes, declarations, children, start: meta?.startIndex ?? 0 };
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

/** The offset just past the end of `token` searched from `from`, or the text length. */
function skipPast(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  return at < 0 ? xml.length : at + token.length;
}

/**
 * Checks the element nesting depth of well-formed XML without recursion, so that neither the
 * converter nor anything reading the tree later can exhaust the call stack.
 */
function checkDepth(xml: string, maxDepth: number): void {
  let depth = 0;
  let at = xml.indexOf('<');
  while (at >= 0) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x2f /* / */) {
      depth--;
      at = skipPast(xml, '>', at);
    } else if (next === 0x3f /* ? */) {
      at = skipPast(xml, '?>', at);
    } else if (next === 0x21 /* ! */) {
      at = xml.startsWith('<!--', at) ? skipPast(xml, '-->', at) : xml.startsWith('<![CDATA[', at) ? skipPast(xml, ']]>', at) : skipPast(xml, '>', at);
    } else {
      // A start tag: find its end outside quoted attribute values.
      let end = at + 1;
      let quote = 0;
      for (; end < xml.length; end++) {
        const c = xml.charCodeAt(end);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) {
          quote = c;
        } else if (c === 0x3e /* > */) {
          break;
        }
      }
      if (xml.charCodeAt(end - 1) !== 0x2f /* / */) {
        depth++;
        if (depth > maxDepth) throw new XmlLimitError(`elements are nested deeper than ${maxDepth} levels`, at);
      }
      at = end + 1;
    }
    at = xml.indexOf('<', at);
  }
}

/** A character XML 1.0 does not allow anywhere in a document, or an unpaired surrogate. */
const ILLEGAL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const RESERVED_NAME = /Invalid name: "([^"]+)"/;

/** Where fast-xml-parser's refused name (`constructor`, `__proto__`, `prototype`) first occurs. */
function reservedNameOffset(xml: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`(?:<|\\s)${escaped}(?=[\\s=/>])`).exec(xml);
  return at === null ? undefined : at.index + (xml[at.index] === '<' ? 0 : 1);
}

/**
 * Parses well-formed XML into a namespace-resolved tree. Throws {@link XmlSyntaxError} on
 * malformed input (with line and column when the tokenizer knows them) and {@link XmlLimitError}
 * when elements are nested deeper than `maxDepth`.
 */
export function parseXml(xml: string, options: ParseXmlOptions = {}): RawElement {
  const illegal = ILLEGAL_CHARACTER.exec(xml);
  if (illegal !== null) {
    const code = illegal[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new XmlSyntaxError(`the character U+${code} is not allowed in XML`, undefined, undefined, illegal.index);
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg, valid.err.line, valid.err.col);
  checkDepth(xml, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  let nodes: FxpNode[];
  try {
    nodes = parser.parse(xml) as FxpNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reserved = RESERVED_NAME.exec(message)?.[1];
    if (reserved !== undefined) {
      throw new XmlSyntaxError(
        `the name "${reserved}" is refused: it could pollute JavaScript object prototypes`,
        undefined,
        undefined,
        reservedNameOffset(xml, reserved),
      );
    }
    throw new XmlSyntaxError(message, undefined, undefined);
  }
  const roots = nodes.filter((node) => node['#text'] === undefined && node['#cdata'] === undefined);
  const root = roots[0];
  if (root === undefined) throw new XmlSyntaxError('the document has no root element', 1, 1);
  if (roots.length > 1) throw new XmlSyntaxError('the document has more than one root element', undefined, undefined);
  return convert(root, ROOT_SCOPE);
}
