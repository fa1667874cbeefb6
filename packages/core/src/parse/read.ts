/**
 * Pass 1 of the parser: the namespace-resolved XML tree → model objects, driven by the schema
 * table. References stay as the ids written in the file; `link` resolves them (pass 2).
 */
import { namespaceKey, NS, type NamespaceKey } from '../model/namespaces.js';
import type { ProblemCode } from '../model/problems.js';
import { specOf, type AttrSpec, type ChildSpec, type KindSpec, type SchemaKind } from '../model/schema.js';
import type { XmlAttribute, XmlElement } from '../model/types.js';
import type { RawElement } from './xml.js';

/** Receives problems found while reading, with the source offset of the element concerned. */
export type ReportAt = (code: ProblemCode, message: string, offset: number, elementId: string | undefined) => void;

/** Mutable model node under construction. */
export type Draft = Record<string, unknown> & { kind: string };

export interface ReadContext {
  readonly report: ReportAt;
  /** Source offset of each element read, for positions. */
  readonly offsets: WeakMap<object, number>;
  /** Read elements without a namespace as CMMN (namespace-less files). */
  readonly bareIsCmmn: boolean;
}

const LEGACY_CRITERIA: Readonly<Record<string, { prop: string; kind: SchemaKind }>> = {
  entryCriteriaRefs: { prop: 'entryCriteria', kind: 'EntryCriterion' },
  exitCriteriaRefs: { prop: 'exitCriteria', kind: 'ExitCriterion' },
};

function keyOf(ctx: ReadContext, namespace: string | undefined): NamespaceKey | undefined {
  if (namespace === undefined) return ctx.bareIsCmmn ? 'cmmn' : undefined;
  return namespaceKey(namespace);
}

/**
 * Copies a raw element verbatim (extension elements, unknown elements). Whitespace between child
 * elements is layout, not content, and is dropped unless the element also holds other text (mixed
 * content, kept exactly), so an exported and re-read element equals the original.
 */
export function toXmlElement(raw: RawElement): XmlElement {
  const elementOnly =
    raw.children.some((child) => typeof child !== 'string') &&
    raw.children.every((child) => typeof child !== 'string' || child.trim() === '');
  const children: (XmlElement | string)[] = [];
  for (const child of raw.children) {
    if (typeof child !== 'string') children.push(toXmlElement(child));
    else if (!elementOnly) children.push(child);
  }
  return {
    namespace: raw.namespace,
    prefix: raw.prefix,
    local: raw.local,
    attributes: raw.attributes.map(toXmlAttribute),
    children,
  };
}

function toXmlAttribute(attribute: XmlAttribute): XmlAttribute {
  return { namespace: attribute.namespace, prefix: attribute.prefix, local: attribute.local, value: attribute.value };
}

function textOf(raw: RawElement): string {
  let text = '';
  for (const child of raw.children) if (typeof child === 'string') text += child;
  return text;
}

function convertAttribute(
  ctx: ReadContext,
  spec: AttrSpec,
  value: string,
  raw: RawElement,
  id: string | undefined,
): unknown {
  switch (spec.type) {
    case 'string':
      if (spec.values !== undefined && !spec.values.includes(value)) {
        ctx.report(
          'InvalidAttributeValue',
          `${spec.xml}="${value}" on <${raw.local}> is not one of ${spec.values.join(', ')}`,
          raw.start,
          id,
        );
        return undefined;
      }
      return spec.ref !== undefined && value.trim() === '' ? undefined : value;
    case 'boolean': {
      const v = value.trim();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      ctx.report('InvalidAttributeValue', `${spec.xml}="${value}" on <${raw.local}> is not a boolean`, raw.start, id);
      return undefined;
    }
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) {
        ctx.report('InvalidAttributeValue', `${spec.xml}="${value}" on <${raw.local}> is not a number`, raw.start, id);
        return undefined;
      }
      return n + 0; // -0 → 0
    }
    case 'list': {
      const tokens = value.split(/\s+/).filter((token) => token !== '');
      return tokens;
    }
  }
}

/** Reads one element as `kind`. */
export function readElement(ctx: ReadContext, kind: SchemaKind, raw: RawElement): Draft {
  const spec = specOf(kind);
  const node: Draft = { kind };
  let id: string | undefined;
  const own = new Map<string, string>();
  const extensionAttributes: XmlAttribute[] = [];
  for (const attribute of raw.attributes) {
    if (attribute.namespace === undefined) own.set(attribute.local, attribute.value);
    else if (attribute.namespace !== NS.xsi || spec.element) extensionAttributes.push(toXmlAttribute(attribute));
  }
  if (spec.element) {
    id = own.get('id');
    node['id'] = id;
  }
  for (const attr of spec.attrs) {
    const value = own.get(attr.xml);
    node[attr.prop] = value === undefined ? undefined : convertAttribute(ctx, attr, value, raw, id);
    if (attr.ref !== undefined) node[attr.ref.prop] = attr.type === 'list' ? [] : undefined;
  }
  for (const child of spec.children) node[child.prop] = child.many ? [] : undefined;
  if (spec.textProp !== undefined) node[spec.textProp] = kind === 'Expression' ? expressionBody(ctx, raw) : textOf(raw);
  if (spec.element) {
    node['documentation'] = [];
    node['extensionElements'] = undefined;
    node['extensionAttributes'] = extensionAttributes;
    node['unknownElements'] = [];
  }
  ctx.offsets.set(node, raw.start);

  if (spec.element) {
    for (const [name, value] of own) {
      if (name === 'id' || spec.attrs.some((a) => a.xml === name)) continue;
      const legacy = Object.hasOwn(LEGACY_CRITERIA, name) ? LEGACY_CRITERIA[name] : undefined;
      if (legacy !== undefined && (kind === 'PlanItem' || kind === 'DiscretionaryItem')) {
        for (const sentryRef of value.split(/\s+/).filter((t) => t !== '')) {
          const criterion = readElement(ctx, legacy.kind, { ...raw, attributes: [], children: [], declarations: [] });
          criterion['sentryRef'] = sentryRef;
          (node[legacy.prop] as Draft[]).push(criterion);
        }
        continue;
      }
      extensionAttributes.push({ namespace: undefined, prefix: undefined, local: name, value });
    }
  }

  readChildren(ctx, spec, node, raw, id);
  return node;
}

function findSlot(spec: KindSpec, key: NamespaceKey, local: string): ChildSpec | undefined {
  for (const child of spec.children) {
    if (child.ns === key && Object.hasOwn(child.elements, local)) return child;
  }
  return undefined;
}

function readChildren(ctx: ReadContext, spec: KindSpec, node: Draft, raw: RawElement, id: string | undefined): void {
  const legacyRoles = spec.kind === 'Case' ? collectLegacyRoles(ctx, raw) : undefined;
  for (const child of raw.children) {
    if (typeof child === 'string') continue;
    const key = keyOf(ctx, child.namespace);
    if (key === 'cmmn' && spec.element) {
      if (child.local === 'documentation') {
        (node['documentation'] as Draft[]).push(readElement(ctx, 'Documentation', child));
        continue;
      }
      if (child.local === 'extensionElements') {
        const elements: XmlElement[] = [];
        for (const grandChild of child.children) if (typeof grandChild !== 'string') elements.push(toXmlElement(grandChild));
        node['extensionElements'] = [...((node['extensionElements'] as XmlElement[] | undefined) ?? []), ...elements];
        continue;
      }
      if (legacyRoles !== undefined && child.local === 'caseRoles') continue;
      if (spec.kind === 'Expression' && child.local === 'body') continue;
    }
    const slot = key === undefined ? undefined : findSlot(spec, key, child.local);
    if (slot === undefined || (!slot.many && node[slot.prop] !== undefined)) {
      if (spec.element) {
        if (key !== undefined) {
          ctx.report(
            'UnknownElement',
            `<${child.local}> is not expected inside <${raw.local}>${id === undefined ? '' : ` "${id}"`}; kept, but ignored`,
            child.start,
            id,
          );
        }
        (node['unknownElements'] as XmlElement[]).push(toXmlElement(child));
      }
      continue;
    }
    const value = slot.text ? textOf(child).trim() : readElement(ctx, slot.elements[child.local] as SchemaKind, child);
    if (slot.many) (node[slot.prop] as unknown[]).push(value);
    else node[slot.prop] = value;
  }
  if (legacyRoles !== undefined) node['caseRoles'] = legacyRoles;
}

/**
 * The body of an expression: its text (CMMN 1.1, mixed content) or the text of its `<body>`
 * elements (CMMN 1.0: `<condition><body>${x}</body></condition>`, as CaseFabric files write it).
 */
function expressionBody(ctx: ReadContext, raw: RawElement): string {
  const direct = textOf(raw);
  let legacy: string | undefined;
  for (const child of raw.children) {
    if (typeof child !== 'string' && child.local === 'body' && keyOf(ctx, child.namespace) === 'cmmn') legacy = (legacy ?? '') + textOf(child);
  }
  if (legacy === undefined) return direct;
  return direct.trim() === '' ? legacy : direct + legacy;
}

/**
 * CMMN 1.0 wrote each role as its own `<caseRoles id name/>` element; CMMN 1.1 nests `<role>`s in
 * one `<caseRoles>`. Returns the roles container for the 1.0 form, undefined for the 1.1 form.
 */
function collectLegacyRoles(ctx: ReadContext, raw: RawElement): Draft | undefined {
  const elements = raw.children.filter(
    (child): child is RawElement =>
      typeof child !== 'string' && child.local === 'caseRoles' && keyOf(ctx, child.namespace) === 'cmmn',
  );
  const isLegacy =
    elements.length > 1 ||
    elements.some((el) => el.attributes.some((a) => a.namespace === undefined && a.local === 'name'));
  if (!isLegacy || elements[0] === undefined) return undefined;
  const container = readElement(ctx, 'CaseRoles', { ...elements[0], attributes: [], children: [] });
  for (const element of elements) (container['roles'] as Draft[]).push(readElement(ctx, 'Role', element));
  return container;
}
