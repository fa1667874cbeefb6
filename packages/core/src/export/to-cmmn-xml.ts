/**
 * Model → CMMN 1.1 XML, driven by the schema table the parser reads: every modelled attribute and
 * child, the kept extension elements and attributes, unknown elements, and CMMNDI. References are
 * written as the ids they resolve to (or as written, when unresolved). CMMN 1.0 input comes out as
 * CMMN 1.1 (`userEventListener`, `<entryCriterion sentryRef>`, `<caseRoles><role/></caseRoles>`).
 */
import { CmmnModel } from '../model/cmmn-model.js';
import { NS, type NamespaceKey } from '../model/namespaces.js';
import { elementNameFor, specOf, type SchemaKind } from '../model/schema.js';
import type { Definitions, NamespaceDeclaration, XmlAttribute, XmlElement } from '../model/types.js';
import type { ModelNode } from '../model/walk.js';

/** Options of {@link toCmmnXml}. */
export interface ExportOptions {
  /** Indentation per level; '' writes everything on one line. Default two spaces. */
  readonly indent?: string;
  /** Write the `<?xml …?>` declaration. Default true. */
  readonly declaration?: boolean;
}

const ROOT_DECLARATIONS = '\u0000';
const DEFAULT_PREFIX: Record<NamespaceKey, string> = { cmmn: 'cmmn', cmmndi: 'cmmndi', dc: 'dc', di: 'di' };
const FAMILY_URI: Record<NamespaceKey, string> = { cmmn: NS.cmmn, cmmndi: NS.cmmndi, dc: NS.dc, di: NS.di };

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

class Writer {
  private readonly out: string[] = [];
  /** URI → prefix used when writing elements ('' = the default namespace). */
  private readonly prefixes = new Map<string, string>();
  /** URI → prefix used when writing attributes, which cannot use the default namespace. */
  private readonly attributePrefixes = new Map<string, string>();
  /** Every declaration made, in order: prefix → URI. */
  private readonly declared = new Map<string, string>();

  constructor(private indent: string) {}

  /** Declares the namespaces the root element needs, preferring the prefixes of the source file. */
  declare(namespaces: readonly NamespaceDeclaration[]): void {
    // The CMMN namespace is the default namespace; the others get their usual prefixes.
    this.prefixes.set(NS.cmmn, '');
    this.declared.set('', NS.cmmn);
    for (const key of ['cmmndi', 'dc', 'di'] as const) this.use(FAMILY_URI[key], DEFAULT_PREFIX[key]);
    for (const declaration of namespaces) {
      if (declaration.prefix !== '' && !this.prefixes.has(declaration.uri)) this.use(declaration.uri, declaration.prefix);
    }
  }

  /** The prefix for a foreign namespace, declaring one when needed. */
  prefixFor(uri: string, preferred: string | undefined): string {
    const known = this.prefixes.get(uri);
    if (known !== undefined) return known;
    return this.use(uri, preferred ?? 'ns');
  }

  /** A non-empty prefix for an attribute's namespace (an unprefixed attribute has no namespace). */
  attributePrefixFor(uri: string, preferred: string | undefined): string {
    const known = this.prefixFor(uri, preferred);
    if (known !== '') return known;
    const extra = this.attributePrefixes.get(uri);
    if (extra !== undefined) return extra;
    const prefix = this.freePrefix(preferred === undefined || preferred === '' ? 'cmmn' : preferred);
    this.attributePrefixes.set(uri, prefix);
    this.declared.set(prefix, uri);
    return prefix;
  }

  private freePrefix(preferred: string): string {
    const base = preferred === '' || preferred.toLowerCase().startsWith('xml') ? 'ns' : preferred;
    let prefix = base;
    for (let n = 1; this.declared.has(prefix); n++) prefix = `${base}${n}`;
    return prefix;
  }

  private use(uri: string, preferred: string): string {
    const prefix = this.freePrefix(preferred);
    this.prefixes.set(uri, prefix);
    this.declared.set(prefix, uri);
    return prefix;
  }

  declarations(): string {
    let text = '';
    for (const [prefix, uri] of this.declared) text += prefix === '' ? ` xmlns="${escapeAttribute(uri)}"` : ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
    return text;
  }

  qname(uri: string | undefined, local: string, preferred: string | undefined): string {
    if (uri === undefined) return local;
    if (uri === NS.xml) return `xml:${local}`;
    const prefix = this.prefixFor(uri, preferred);
    return prefix === '' ? local : `${prefix}:${local}`;
  }

  attributeName(uri: string | undefined, local: string, preferred: string | undefined): string {
    if (uri === undefined) return local;
    if (uri === NS.xml) return `xml:${local}`;
    return `${this.attributePrefixFor(uri, preferred)}:${local}`;
  }

  /** Runs `write` with indentation off and returns what it wrote (mixed content must not gain whitespace). */
  inline(write: () => void): string {
    const [out, indent] = [this.out.splice(0), this.indent];
    this.indent = '';
    try {
      write();
      return this.out.join('');
    } finally {
      this.out.splice(0, this.out.length, ...out);
      this.indent = indent;
    }
  }

  line(depth: number, text: string): void {
    this.out.push(this.indent === '' ? text : `${this.indent.repeat(depth)}${text}`);
  }

  text(): string {
    return this.out.join(this.indent === '' ? '' : '\n');
  }
}

function attributeText(writer: Writer, attributes: readonly XmlAttribute[]): string {
  let text = '';
  for (const a of attributes) text += ` ${writer.attributeName(a.namespace, a.local, a.prefix)}="${escapeAttribute(a.value)}"`;
  return text;
}

/**
 * Writes a kept XML element. `defaultIsCmmn` tells whether the default namespace in scope is CMMN
 * (as on the root) or none (inside an element written with `xmlns=""`): elements without a
 * namespace must not fall into the CMMN namespace, nor CMMN elements out of it.
 */
function writeXmlElement(writer: Writer, element: XmlElement, depth: number, defaultIsCmmn = true): void {
  const name = writer.qname(element.namespace, element.local, element.prefix);
  let scope = defaultIsCmmn;
  let attributes = '';
  if (element.namespace === undefined && defaultIsCmmn) {
    attributes = ' xmlns=""';
    scope = false;
  } else if (element.namespace !== undefined && name === element.local && !defaultIsCmmn) {
    attributes = ` xmlns="${escapeAttribute(element.namespace)}"`;
    scope = true;
  }
  attributes += attributeText(writer, element.attributes);
  if (element.children.length === 0) {
    writer.line(depth, `<${name}${attributes}/>`);
    return;
  }
  if (element.children.every((child) => typeof child === 'string')) {
    writer.line(depth, `<${name}${attributes}>${escapeText(element.children.join(''))}</${name}>`);
    return;
  }
  if (element.children.some((child) => typeof child === 'string')) {
    // Mixed content: written exactly, without indentation, which would change the text.
    const content = writer.inline(() => {
      for (const child of element.children) {
        if (typeof child === 'string') writer.line(0, escapeText(child));
        else writeXmlElement(writer, child, 0, scope);
      }
    });
    writer.line(depth, `<${name}${attributes}>${content}</${name}>`);
    return;
  }
  writer.line(depth, `<${name}${attributes}>`);
  for (const child of element.children) writeXmlElement(writer, child as XmlElement, depth + 1, scope);
  writer.line(depth, `</${name}>`);
}

function familyName(writer: Writer, ns: NamespaceKey, local: string): string {
  return writer.qname(FAMILY_URI[ns], local, DEFAULT_PREFIX[ns]);
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

function writeNode(writer: Writer, node: ModelNode, ns: NamespaceKey, local: string, depth: number, extra = ''): void {
  const spec = specOf(node.kind as SchemaKind);
  const name = familyName(writer, ns, local);
  let attributes = extra;
  if (spec.element && typeof node['id'] === 'string') attributes += ` id="${escapeAttribute(node['id'])}"`;
  for (const attr of spec.attrs) {
    const value = node[attr.prop];
    if (value === undefined) continue;
    attributes += ` ${attr.xml}="${escapeAttribute(formatValue(value))}"`;
  }
  if (spec.element) attributes += attributeText(writer, node['extensionAttributes'] as readonly XmlAttribute[]);

  const body: (() => void)[] = [];
  let inlineText: string | undefined;
  if (spec.element) {
    for (const doc of node['documentation'] as readonly ModelNode[]) {
      body.push(() => writeNode(writer, doc, 'cmmn', 'documentation', depth + 1));
    }
    const extensions = node['extensionElements'] as readonly XmlElement[] | undefined;
    if (extensions !== undefined) {
      body.push(() => {
        const ext = familyName(writer, 'cmmn', 'extensionElements');
        if (extensions.length === 0) {
          writer.line(depth + 1, `<${ext}/>`);
          return;
        }
        writer.line(depth + 1, `<${ext}>`);
        for (const element of extensions) writeXmlElement(writer, element, depth + 2);
        writer.line(depth + 1, `</${ext}>`);
      });
    }
  }
  for (const child of spec.children) {
    const value = node[child.prop];
    if (value === undefined) continue;
    const values = child.many ? (value as readonly unknown[]) : [value];
    for (const item of values) {
      if (child.text) {
        const elementName = Object.keys(child.elements)[0]!;
        body.push(() => {
          const qualified = familyName(writer, child.ns, elementName);
          writer.line(depth + 1, `<${qualified}>${escapeText(String(item))}</${qualified}>`);
        });
      } else {
        const childNode = item as ModelNode;
        const elementName = elementNameFor(child, childNode.kind as SchemaKind);
        body.push(() => writeNode(writer, childNode, child.ns, elementName, depth + 1));
      }
    }
  }
  if (spec.element) {
    for (const element of node['unknownElements'] as readonly XmlElement[]) body.push(() => writeXmlElement(writer, element, depth + 1));
  }
  if (spec.textProp !== undefined) inlineText = String(node[spec.textProp] ?? '');

  if (inlineText !== undefined && body.length === 0) {
    writer.line(depth, inlineText === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${escapeText(inlineText)}</${name}>`);
    return;
  }
  if (body.length === 0) {
    writer.line(depth, `<${name}${attributes}/>`);
    return;
  }
  if (inlineText !== undefined) {
    const children = writer.inline(() => {
      for (const write of body) write();
    });
    writer.line(depth, `<${name}${attributes}>${children}${escapeText(inlineText)}</${name}>`);
    return;
  }
  writer.line(depth, `<${name}${attributes}>`);
  for (const write of body) write();
  writer.line(depth, `</${name}>`);
}

/**
 * Writes a model (parsed or built) as CMMN 1.1 XML with its diagram (CMMNDI), extension elements
 * and extension attributes, so that parsing the result gives an equal model.
 *
 * @example
 * const xml = toCmmnXml(parseCmmn(source));
 * writeFileSync('out.cmmn', xml);
 */
export function toCmmnXml(model: CmmnModel | Definitions, options: ExportOptions = {}): string {
  const definitions = model instanceof CmmnModel ? model.definitions : model;
  const writer = new Writer(options.indent ?? '  ');
  writer.declare(model instanceof CmmnModel ? model.namespaces : []);
  // The root's namespace declarations are filled in last: writing the body declares every
  // foreign namespace its extension elements and attributes use.
  writeNode(writer, definitions as unknown as ModelNode, 'cmmn', 'definitions', 0, ROOT_DECLARATIONS);
  const withNamespaces = writer.text().replace(ROOT_DECLARATIONS, writer.declarations());
  return `${options.declaration === false ? '' : `<?xml version="1.0" encoding="UTF-8"?>${options.indent === '' ? '' : '\n'}`}${withNamespaces}\n`;
}
