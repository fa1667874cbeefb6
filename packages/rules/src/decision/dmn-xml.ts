/**
 * DMN XML text → a small namespace-resolved element tree. fast-xml-parser tokenises; it does not
 * resolve namespaces, so prefixes are mapped to URIs here, scope by scope (files use the default
 * namespace or a `dmn:` prefix). A DOCTYPE is refused (no entity expansion, no external entities);
 * only the five XML entities and character references are decoded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DecisionTableError } from './errors.js';
import { DECISION_LIMITS } from './limits.js';

/** An element: namespace URI, local name, unprefixed attributes, children, text, start offset. */
export interface XmlElement {
  readonly namespace: string | undefined;
  readonly local: string;
  /** Attributes without a prefix, by name (DMN's own attributes are unprefixed). */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's text content (text and CDATA of direct children, in order). */
  readonly text: string;
  /** 1-based line of the start tag. */
  readonly line: number;
}

/** fast-xml-parser renames names like `__proto__`; such names are marked and never match a DMN name. */
const DANGEROUS_MARK = '\u0000';

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
  cdataPropName: '#cdata',
  maxNestedTags: DECISION_LIMITS.maxXmlDepth,
  onDangerousProperty: (name: string) => `${DANGEROUS_MARK}${name}`,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]*);|&/g, (whole, body: string | undefined) => {
    if (body === undefined) throw new Error('a bare "&" must be written &amp;');
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))) {
        throw new Error(`invalid character reference ${whole}`);
      }
      return String.fromCodePoint(code);
    }
    if (!Object.hasOwn(ENTITIES, body)) throw new Error(`undefined entity ${whole}`);
    return ENTITIES[body]!;
  });
}

type FxpNode = Record<string, unknown>;

/**
 * Parses DMN XML into elements. Throws {@link DecisionTableError} (with the line) for a source over
 * the limits, a DOCTYPE, malformed XML, an undeclared prefix or nesting deeper than the limit.
 */
export function parseDmnXml(xml: string, source: string | undefined): XmlElement {
  if (xml.length > DECISION_LIMITS.maxSourceLength) {
    throw new DecisionTableError(`the file is longer than ${DECISION_LIMITS.maxSourceLength} characters`, { source });
  }
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype !== null) {
    throw new DecisionTableError('a DOCTYPE is not allowed in a DMN file (no entity declarations, no external entities)', { source, line: lineAt(xml, doctype.index) });
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new DecisionTableError(`not well-formed XML: ${valid.err.msg}`, { source, line: valid.err.line });
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /nested/i.test(message) ? `elements are nested more than ${DECISION_LIMITS.maxXmlDepth} deep` : `not well-formed XML: ${message}`;
    throw new DecisionTableError(reason, { source }, { cause: error });
  }
  const lines = lineStarts(xml);
  const roots = (nodes as FxpNode[]).filter((node) => !('#text' in node) && !('#comment' in node));
  if (roots.length !== 1) throw new DecisionTableError('the file must have exactly one root element', { source });
  return convert(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), lines, source);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function lineOf(lines: readonly number[], offset: number | undefined): number {
  if (offset === undefined) return 0;
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lines[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

function convert(node: FxpNode, parentScope: ReadonlyMap<string, string>, lines: readonly number[], source: string | undefined): XmlElement {
  const tag = Object.keys(node).find((key) => key !== ':@')!;
  const line = lineOf(lines, (node as Record<symbol, { startIndex?: number } | undefined>)[META]?.startIndex);
  const fail = (reason: string): never => {
    throw new DecisionTableError(reason, { source, line });
  };
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  const attributes = new Map<string, string>();
  for (const [name, rawValue] of Object.entries(rawAttributes)) {
    let value: string;
    try {
      value = decode(rawValue);
    } catch (error) {
      return fail(`attribute ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), value);
    } else if (!name.includes(':') && !name.startsWith(DANGEROUS_MARK)) {
      attributes.set(name, value);
    }
  }
  const colon = tag.indexOf(':');
  const prefix = colon < 0 ? '' : tag.slice(0, colon);
  const local = colon < 0 ? tag : tag.slice(colon + 1);
  const namespace = scope.get(prefix);
  if (prefix !== '' && namespace === undefined) fail(`the prefix ${JSON.stringify(prefix)} of <${tag}> is not declared`);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[tag] ?? []) as FxpNode[]) {
    if ('#text' in child) {
      try {
        text += decode(String(child['#text']));
      } catch (error) {
        fail(`text of <${tag}>: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if ('#cdata' in child) {
      for (const part of child['#cdata'] as FxpNode[]) text += String(part['#text'] ?? '');
    } else if (!('#comment' in child)) {
      children.push(convert(child, scope, lines, source));
    }
  }
  return {
    namespace: namespace === '' ? undefined : namespace,
    local: local.startsWith(DANGEROUS_MARK) ? `${DANGEROUS_MARK}${local}` : local,
    attributes,
    children,
    text,
    line,
  };
}
