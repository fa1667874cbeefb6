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
});
const META = XMLParser.getMetaDataSymbol();

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g;

/** Decodes the five XML entities and character references; any other entity is malformed XML. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (match, body: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError(`unterminated entity reference "${match}"`, undefined, undefined);
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code < 1 || code > 0x10ffff) {
        throw new XmlSyntaxError(`invalid character reference "${match}"`, undefined, undefined);
      }
      return String.fromCodePoint(code);
    }
    const value = XML_ENTITIES[body];
    if (value === undefined) throw new XmlSyntaxError(`undefined entity "&${body};"`, undefined, undefined);
    return value;
  });
}

type FxpNode = Record<string, unknown>;

function splitName(qname: string): [prefix: string | undefined, local: string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? [undefined, qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
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
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const meta = (node as Record<symbol, { startIndex: number } | undefined>)[META];

  const declarations: { prefix: string; uri: string }[] = [];
  let scopeMap: Map<string, string> | undefined;
  const attrNames = Object.keys(attrs);
  for (const name of attrNames) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      const uri = decodeEntities(attrs[name] ?? '');
      declarations.push({ prefix, uri });
      (scopeMap ??= new Map()).set(prefix, uri);
    }
  }
  const scope = scopeMap === undefined ? parentScope : new Scope(parentScope, scopeMap);

  const attributes: RawAttribute[] = [];
  for (const name of attrNames) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const [prefix, local] = splitName(name);
    const namespace = prefix === undefined ? undefined : scope.resolve(prefix);
    if (prefix !== undefined && namespace === undefined) {
      throw new XmlSyntaxError(`attribute "${name}" uses the undeclared prefix "${prefix}"`, undefined, undefined);
    }
    attributes.push({ namespace, prefix, local, value: decodeEntities(attrs[name] ?? '') });
  }

  const [prefix, local] = splitName(tag);
  const namespace = scope.resolve(prefix ?? '');
  if (prefix !== undefined && namespace === undefined) {
    throw new XmlSyntaxError(`element "${tag}" uses the undeclared prefix "${prefix}"`, undefined, undefined);
  }

  const children: (RawElement | string)[] = [];
  const content = node[tag] as FxpNode[];
  for (const child of content) {
    const text = child['#text'];
    if (text !== undefined) {
      children.push(decodeEntities(String(text)));
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

/**
 * Parses well-formed XML into a namespace-resolved tree. Throws {@link XmlSyntaxError} on
 * malformed input (with line and column when the tokenizer knows them).
 */
export function parseXml(xml: string): RawElement {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg, valid.err.line, valid.err.col);
  let nodes: FxpNode[];
  try {
    nodes = parser.parse(xml) as FxpNode[];
  } catch (error) {
    throw new XmlSyntaxError(error instanceof Error ? error.message : String(error), undefined, undefined);
  }
  const roots = nodes.filter((node) => node['#text'] === undefined);
  const root = roots[0];
  if (root === undefined) throw new XmlSyntaxError('the document has no root element', 1, 1);
  if (roots.length > 1) throw new XmlSyntaxError('the document has more than one root element', undefined, undefined);
  return convert(root, ROOT_SCOPE);
}
