/**
 * Pass 1 of the parser: the namespace-resolved XML tree → model objects, driven by the schema
 * table. References stay as the ids written in the file; `link` resolves them (pass 2).
 */
import { EMPTY_LIST } from '../model/freeze.js';
import { namespaceKey, NS, type NamespaceKey } from '../model/namespaces.js';
import type { ProblemCode } from '../model/problems.js';
import { specOf, type AttrSpec, type ChildSpec, type KindSpec, type SchemaKind } from '../model/schema.js';
import type { XmlAttribute, XmlElement } from '../model/types.js';
import type { RawAttribute, RawElement } from './xml.js';

/** Receives problems found while reading, with the source offset of the element concerned. */
export type ReportAt = (code: ProblemCode, message: string, offset: number, elementId: string | undefined) => void;

/** Mutable model node under construction. */
export type Draft = Record<string, unknown> & { kind: string };

export interface ReadContext {
  readonly report: ReportAt;
  /** Source offset of each element read, for positions. */
  readonly offsets: { set(node: object, offset: number): void };
  /** Read elements without a namespace as CMMN (namespace-less files). */
  readonly bareIsCmmn: boolean;
}

const LEGACY_CRITERIA: Readonly<Record<string, { prop: string; kind: SchemaKind }>> = {
  entryCriteriaRefs: { prop: 'entryCriteria', kind: 'EntryCriterion' },
  exitCriteriaRefs: { prop: 'exitCriteria', kind: 'ExitCriterion' },
};

let lastNamespace: string | undefined;
let lastKey: NamespaceKey | undefined;

function keyOf(ctx: ReadContext, namespace: string | undefined): NamespaceKey | undefined {
  if (namespace === undefined) return ctx.bareIsCmmn ? 'cmmn' : undefined;
  // Elements in one scope share the very string of their namespace: one comparison, usually.
  if (namespace !== lastNamespace) {
    lastKey = namespaceKey(namespace);
    lastNamespace = namespace;
  }
  return lastKey;
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

/**
 * Whether `value` is empty or white space only (as `value.trim() === ''`). A value starting with
 * a printable ASCII character is neither: most are decided without the copy `trim` makes.
 */
function isBlank(value: string): boolean {
  const first = value.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && value.trim() === '';
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
      return spec.ref !== undefined && isBlank(value) ? undefined : value;
    case 'boolean': {
      const v = value === 'true' || value === 'false' ? value : value.trim();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      ctx.report('InvalidAttributeValue', `${spec.xml}="${value}" on <${raw.local}> is not a boolean`, raw.start, id);
      return undefined;
    }
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n) || isBlank(value)) {
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

/** What reading a kind needs, computed once per kind from its schema entry. */
interface ReadPlan {
  readonly spec: KindSpec;
  /** Creates a node with every property of the kind, in order, each undefined or an empty list. */
  readonly create: () => Draft;
  /** Creates a node with its id, attribute values (by index in `spec.attrs`), text and extension attributes set. */
  readonly build: Build;
  /** XML attribute name → index in `spec.attrs`. */
  readonly attrIndex: ReadonlyMap<string, number>;
  /** Namespace family → child local name → the slot it fills (the first slot in schema order). */
  readonly slots: ReadonlyMap<NamespaceKey, ReadonlyMap<string, SlotEntry>>;
}

/** A child slot and the kind a given child element is read as. */
interface SlotEntry {
  readonly slot: ChildSpec;
  readonly kind: SchemaKind;
}

const PLANS = new Map<SchemaKind, ReadPlan>();

/**
 * Appends to an array property of a node under construction. Array properties start as the shared
 * frozen {@link EMPTY_LIST} (most stay empty) and get an array of their own on the first append.
 */
function append(node: Draft, prop: string, value: unknown): void {
  const list = node[prop] as unknown[];
  if ((list as unknown) === EMPTY_LIST) node[prop] = [value];
  else list.push(value);
}

function planOf(kind: SchemaKind): ReadPlan {
  let plan = PLANS.get(kind);
  if (plan !== undefined) return plan;
  const spec = specOf(kind);
  // Property order is the order readElement has always produced: node shapes must not change.
  const template: Draft = { kind };
  if (spec.element) template['id'] = undefined;
  const attrIndex = new Map<string, number>();
  spec.attrs.forEach((attr, i) => {
    template[attr.prop] = undefined;
    if (!attrIndex.has(attr.xml)) attrIndex.set(attr.xml, i);
    if (attr.ref !== undefined) {
      template[attr.ref.prop] = attr.type === 'list' ? EMPTY_LIST : undefined;
    }
  });
  const slots = new Map<NamespaceKey, Map<string, SlotEntry>>();
  for (const child of spec.children) {
    template[child.prop] = child.many ? EMPTY_LIST : undefined;
    let byLocal = slots.get(child.ns);
    if (byLocal === undefined) slots.set(child.ns, (byLocal = new Map()));
    for (const [local, kind] of Object.entries(child.elements)) if (!byLocal.has(local)) byLocal.set(local, { slot: child, kind });
  }
  if (spec.textProp !== undefined) template[spec.textProp] = undefined;
  if (spec.element) {
    template['documentation'] = EMPTY_LIST;
    template['extensionElements'] = undefined;
    template['extensionAttributes'] = undefined;
    template['unknownElements'] = EMPTY_LIST;
  }
  // Built by keyed stores, the template is a slow dictionary-mode object; its copy is a fast one,
  // and copying a fast object for every element is two orders of magnitude cheaper.
  const create = nodeFactory(template);
  plan = { spec, create, build: nodeBuilder(spec, template, create), attrIndex, slots };
  PLANS.set(kind, plan);
  return plan;
}

/**
 * A function creating copies of `template` (a node of one kind, all properties unset). Nodes of
 * some 60 kinds pass through one call site, where copying a template (`{ ...template }`) goes
 * megamorphic and costs ~15× more than an object literal. So each kind gets a function returning
 * its literal, generated from the schema table's property names alone (never from input text). Where
 * code generation is forbidden (a Content-Security-Policy without 'unsafe-eval'), the copy is used.
 */
function nodeFactory(template: Draft): () => Draft {
  const fast = { ...template };
  const properties = Object.keys(template).map((key) => {
    const value = template[key];
    return `${JSON.stringify(key)}: ${value === EMPTY_LIST ? 'empty' : value === undefined ? 'undefined' : JSON.stringify(value)}`;
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('empty', `return () => ({ ${properties.join(', ')} });`) as (empty: unknown) => () => Draft;
    const create = make(EMPTY_LIST);
    const probe = create();
    if (JSON.stringify(Object.keys(probe)) === JSON.stringify(Object.keys(fast))) return create;
  } catch {
    // Code generation not allowed: copy the template instead.
  }
  return () => ({ ...fast });
}

/**
 * Creates a node of one kind from what its element's start tag gives: the id, the converted
 * attribute values (by index in `spec.attrs`; undefined when absent), the text and the extension
 * attributes (ignored by kinds that have none).
 */
type Build = (id: string | undefined, values: readonly unknown[], text: string | undefined, extensionAttributes: readonly XmlAttribute[]) => Draft;

/**
 * A {@link Build} for the kind of `template`. Setting a node's properties one by one after creating
 * it is a store by computed key on one of some 60 shapes, megamorphic; so each kind gets a function
 * returning its object literal with the values in place, generated from the schema table's property
 * names alone (like {@link nodeFactory}). Where code generation is forbidden, or a kind's attributes
 * would not map one to one onto its properties, the node is created and its properties set.
 */
function nodeBuilder(spec: KindSpec, template: Draft, create: () => Draft): Build {
  const generic: Build = (id, values, text, extensionAttributes) => {
    const node = create();
    if (spec.element) node['id'] = id;
    const attrs = spec.attrs;
    for (let i = 0; i < attrs.length; i++) if (values[i] !== undefined) node[attrs[i]!.prop] = values[i];
    if (spec.textProp !== undefined) node[spec.textProp] = text;
    if (spec.element) node['extensionAttributes'] = extensionAttributes;
    return node;
  };
  const expressions = new Map<string, string>();
  for (const [key, value] of Object.entries(template)) {
    expressions.set(key, value === EMPTY_LIST ? 'empty' : value === undefined ? 'undefined' : JSON.stringify(value));
  }
  if (spec.element) expressions.set('id', 'id');
  const props = new Set<string>();
  for (let i = 0; i < spec.attrs.length; i++) {
    const prop = spec.attrs[i]!.prop;
    if (props.has(prop) || prop === 'id' || prop === spec.textProp || prop === 'extensionAttributes' || !expressions.has(prop)) return generic;
    props.add(prop);
    expressions.set(prop, `values[${i}]`);
  }
  if (spec.textProp !== undefined) expressions.set(spec.textProp, 'text');
  if (spec.element) expressions.set('extensionAttributes', 'extensionAttributes');
  const properties = [...expressions].map(([key, expression]) => `${JSON.stringify(key)}: ${expression}`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('empty', `return (id, values, text, extensionAttributes) => ({ ${properties.join(', ')} });`) as (empty: unknown) => Build;
    const build = make(EMPTY_LIST);
    const probe = build(undefined, [], undefined, EMPTY_LIST);
    if (JSON.stringify(Object.keys(probe)) === JSON.stringify(Object.keys(create()))) return build;
  } catch {
    // Code generation not allowed: set the properties one by one.
  }
  return generic;
}

/** Raw attribute values by index in `spec.attrs`, filled and emptied within one readElement. */
const scratch: (string | undefined)[] = [];
/** Converted attribute values by index in `spec.attrs`, filled and emptied within one readElement. */
const converted: unknown[] = [];

/** Reads one element as `kind`. */
export function readElement(ctx: ReadContext, kind: SchemaKind, raw: RawElement): Draft {
  const plan = planOf(kind);
  const spec = plan.spec;
  let id: string | undefined;
  /** Attributes in other namespaces (and unknown ones, below); most elements have none. */
  let extensionAttributes: XmlAttribute[] | undefined;
  /** Attributes without a namespace that the kind does not define, in document order. */
  let others: RawAttribute[] | undefined;
  const attributes = raw.attributes;
  let matched = 0;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    if (attribute.namespace === undefined) {
      const at = plan.attrIndex.get(attribute.local);
      if (at !== undefined) {
        scratch[at] = attribute.value;
        matched++;
      } else if (spec.element) {
        if (attribute.local === 'id') id = attribute.value;
        else (others ??= []).push(attribute);
      }
    } else if (attribute.namespace !== NS.xsi || spec.element) {
      (extensionAttributes ??= []).push(toXmlAttribute(attribute));
    }
  }
  const attrs = spec.attrs;
  if (matched > 0) {
    for (let i = 0; i < attrs.length; i++) {
      const value = scratch[i];
      if (value === undefined) continue;
      scratch[i] = undefined;
      converted[i] = convertAttribute(ctx, attrs[i]!, value, raw, id);
    }
  }
  const text = spec.textProp === undefined ? undefined : kind === 'Expression' ? expressionBody(ctx, raw) : textOf(raw);

  /** CMMN 1.0 `entryCriteriaRefs` / `exitCriteriaRefs`: criteria made once the node exists. */
  let legacyCriteria: { name: string; value: string }[] | undefined;
  if (others !== undefined) {
    for (const attribute of others) {
      const name = attribute.local;
      if (Object.hasOwn(LEGACY_CRITERIA, name) && (kind === 'PlanItem' || kind === 'DiscretionaryItem')) {
        (legacyCriteria ??= []).push({ name, value: attribute.value });
        continue;
      }
      (extensionAttributes ??= []).push({ namespace: undefined, prefix: undefined, local: name, value: attribute.value });
    }
  }

  let node: Draft;
  if (matched > 0) {
    node = plan.build(id, converted, text, extensionAttributes ?? EMPTY_LIST);
    for (let i = 0; i < attrs.length; i++) converted[i] = undefined;
  } else {
    node = plan.build(id, EMPTY_LIST, text, extensionAttributes ?? EMPTY_LIST);
  }
  ctx.offsets.set(node, raw.start);
  if (legacyCriteria !== undefined) {
    for (const { name, value } of legacyCriteria) {
      const legacy = LEGACY_CRITERIA[name]!;
      for (const sentryRef of value.split(/\s+/).filter((t) => t !== '')) {
        const criterion = readElement(ctx, legacy.kind, { ...raw, attributes: [], children: [], declarations: [] });
        criterion['sentryRef'] = sentryRef;
        append(node, legacy.prop, criterion);
      }
    }
  }

  readChildren(ctx, plan, node, raw, id);
  return node;
}

function readChildren(ctx: ReadContext, plan: ReadPlan, node: Draft, raw: RawElement, id: string | undefined): void {
  const spec = plan.spec;
  const legacyRoles = spec.kind === 'Case' ? collectLegacyRoles(ctx, raw) : undefined;
  for (const child of raw.children) {
    if (typeof child === 'string') continue;
    const key = keyOf(ctx, child.namespace);
    if (key === 'cmmn' && spec.element) {
      if (child.local === 'documentation') {
        append(node, 'documentation', readElement(ctx, 'Documentation', child));
        continue;
      }
      if (child.local === 'extensionElements') {
        // Several <extensionElements> (invalid, but read) add to one list: appended, never copied.
        let elements = node['extensionElements'] as XmlElement[] | undefined;
        if (elements === undefined) node['extensionElements'] = elements = [];
        for (const grandChild of child.children) if (typeof grandChild !== 'string') elements.push(toXmlElement(grandChild));
        continue;
      }
      if (legacyRoles !== undefined && child.local === 'caseRoles') continue;
      if (spec.kind === 'Expression' && child.local === 'body') continue;
    }
    const entry = key === undefined ? undefined : plan.slots.get(key)?.get(child.local);
    const slot = entry?.slot;
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
        append(node, 'unknownElements', toXmlElement(child));
      }
      continue;
    }
    if (slot.text) {
      const text = textOf(child).trim();
      // An empty <standardEvent/> names no event: it reads as absent, like a missing element.
      if (slot.many) append(node, slot.prop, text);
      else node[slot.prop] = text === '' && slot.prop === 'standardEvent' ? undefined : text;
    } else {
      const value = readElement(ctx, entry!.kind, child);
      if (slot.many) append(node, slot.prop, value);
      else node[slot.prop] = value;
    }
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
  for (const element of elements) append(container, 'roles', readElement(ctx, 'Role', element));
  return container;
}
