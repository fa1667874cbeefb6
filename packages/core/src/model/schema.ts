/**
 * How each model kind maps to XML: its attributes, its child elements and the references it
 * holds. The parser, the exporter and the validator all read this one table, the way moddle
 * descriptors drive bpmn-io's parsers, so the three cannot drift apart.
 */
import { CASE_SPECS } from './schema-case.js';
import { DEFINITIONS_SPECS } from './schema-definitions.js';
import { DI_SPECS } from './schema-di.js';
import { PLAN_SPECS } from './schema-plan.js';
import { str, type ChildSpec, type KindSpec, type SchemaKind } from './schema-spec.js';

export type { SchemaKind, UnresolvedSeverity, RefSpec, AttrSpec, ChildSpec, KindSpec } from './schema-spec.js';

const SPECS: readonly KindSpec[] = [
  ...DEFINITIONS_SPECS,
  ...CASE_SPECS,
  ...PLAN_SPECS,
  { kind: 'Expression', element: true, attrs: [str('language')], children: [], textProp: 'body' },
  { kind: 'Documentation', element: false, attrs: [str('id'), str('textFormat')], children: [], textProp: 'text' },
  ...DI_SPECS,
];

/** The table, by kind. */
export const SCHEMA: ReadonlyMap<SchemaKind, KindSpec> = new Map(SPECS.map((spec) => [spec.kind, spec]));

/** The spec of a kind (throws on an unknown kind: a programming error). */
export function specOf(kind: SchemaKind): KindSpec {
  const spec = SCHEMA.get(kind);
  if (spec === undefined) throw new Error(`casekit: no schema for kind ${kind}`);
  return spec;
}

/** The XML local name a kind is written as inside a child slot (the first name mapping to it). */
export function elementNameFor(child: ChildSpec, kind: SchemaKind): string {
  for (const [name, k] of Object.entries(child.elements)) if (k === kind) return name;
  throw new Error(`casekit: kind ${kind} has no element in slot ${child.prop}`);
}
