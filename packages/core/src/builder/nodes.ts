/**
 * Model nodes with exactly the properties the parser gives them (parse/read.ts), derived from the
 * same schema table: every attribute, every resolved-reference property (`undefined` / `[]`),
 * every child slot (`undefined` / `[]`), and for CMMN elements the base fields. So a built model
 * and the same model parsed back from XML are deep-equal.
 *
 * @internal
 */
import { specOf, type SchemaKind } from '../model/schema.js';
import type { XmlAttribute, XmlElement } from '../model/types.js';
import type { DocumentationInput, ElementOptions, ExpressionInput, XmlAttributeInput } from './handles/index.js';

/** A mutable node under construction. */
export type Draft = Record<string, unknown> & { kind: string };

/** A node of `kind` with the parser's defaults, then `fields` (which must be properties of the kind). */
export function node(kind: SchemaKind, fields: Readonly<Record<string, unknown>> = {}): Draft {
  const spec = specOf(kind);
  const out: Draft = { kind };
  if (spec.element) out['id'] = undefined;
  for (const attr of spec.attrs) {
    out[attr.prop] = undefined;
    if (attr.ref !== undefined) out[attr.ref.prop] = attr.type === 'list' ? [] : undefined;
  }
  for (const child of spec.children) out[child.prop] = child.many ? [] : undefined;
  if (spec.textProp !== undefined) out[spec.textProp] = '';
  if (spec.element) {
    out['documentation'] = [];
    out['extensionElements'] = undefined;
    out['extensionAttributes'] = [];
    out['unknownElements'] = [];
  }
  for (const [key, value] of Object.entries(fields)) {
    if (!Object.hasOwn(out, key)) throw new Error(`casekit builder: ${kind} has no property "${key}"`);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function documentation(input: DocumentationInput): Draft {
  return typeof input === 'string'
    ? node('Documentation', { text: input })
    : node('Documentation', { id: input.id, textFormat: input.textFormat, text: input.text });
}

function attribute(input: XmlAttributeInput): XmlAttribute {
  return { namespace: input.namespace, prefix: input.prefix, local: input.local, value: input.value };
}

function copyElement(element: XmlElement): XmlElement {
  return {
    namespace: element.namespace,
    prefix: element.prefix,
    local: element.local,
    attributes: element.attributes.map((a) => ({ namespace: a.namespace, prefix: a.prefix, local: a.local, value: a.value })),
    children: element.children.map((child) => (typeof child === 'string' ? child : copyElement(child))),
  };
}

/** The base fields of an element from its options: documentation and extensions. */
export function base(
  options: ElementOptions | undefined,
  extraAttributes: readonly XmlAttributeInput[] = [],
): Record<string, unknown> {
  const docs = options?.documentation;
  const list = docs === undefined ? [] : typeof docs === 'string' || !Array.isArray(docs) ? [docs as DocumentationInput] : docs;
  return {
    documentation: list.map(documentation),
    extensionElements: options?.extensionElements?.map(copyElement),
    extensionAttributes: [...(options?.extensionAttributes ?? []), ...extraAttributes].map(attribute),
  };
}

/** An `Expression` node. */
export function expression(input: ExpressionInput | undefined): Draft | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'string') return node('Expression', { body: input });
  return node('Expression', { id: input.id, language: input.language, body: input.body, ...base(input) });
}

/** `[]` → undefined: an IDREFS attribute that is absent rather than empty. */
export function refList(ids: readonly string[]): readonly string[] | undefined {
  return ids.length === 0 ? undefined : ids;
}
