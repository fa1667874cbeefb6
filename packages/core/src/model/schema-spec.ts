/**
 * The vocabulary of the schema table (`SCHEMA` in `schema.ts`): what a kind's attributes,
 * child elements and references are, and the helpers the table is written with.
 */
import type { CmmnElementKind } from './definitions.js';
import type { NamespaceKey } from './namespaces.js';

/** Kinds that appear in the table (every model kind plus the plain DI value kinds). */
export type SchemaKind = CmmnElementKind | 'Bounds' | 'Point' | 'Dimension' | 'Documentation';

/** Which problem an unresolved reference gives. */
export type UnresolvedSeverity =
  /** The file cannot be read unambiguously. */
  | 'error'
  /** caseRef/processRef/decisionRef: another file or the host may provide the target. */
  | 'external'
  /** Optional cross-file or informational reference (e.g. a case file item's structure definition). */
  | 'ignore';

/** A reference held by an attribute. */
export interface RefSpec {
  /** Property receiving the resolved element(s). */
  readonly prop: string;
  /** Kinds the target may have; undefined = any element. */
  readonly kinds: readonly SchemaKind[] | undefined;
  /** QName-typed (`tns:Case_1`): the prefix is dropped before lookup. */
  readonly qname?: boolean;
  readonly unresolved: UnresolvedSeverity;
}

/** An attribute of a kind. */
export interface AttrSpec {
  /** XML attribute name (unqualified). */
  readonly xml: string;
  /** Model property. */
  readonly prop: string;
  /** `list`: whitespace-separated tokens (IDREFS). */
  readonly type: 'string' | 'boolean' | 'number' | 'list';
  readonly ref?: RefSpec;
  /** Allowed values for an enumerated string. */
  readonly values?: readonly string[];
}

/** A child element slot of a kind. */
export interface ChildSpec {
  /** Model property. */
  readonly prop: string;
  /** Namespace of the child elements. */
  readonly ns: NamespaceKey;
  /** Child element local names → the kind they are read as. */
  readonly elements: Readonly<Record<string, SchemaKind>>;
  /** An array (`*`) or a single optional value (`?`). */
  readonly many: boolean;
  /** The child's text is the value (e.g. `<standardEvent>complete</standardEvent>`). */
  readonly text?: boolean;
}

/** The XML shape of a kind. */
export interface KindSpec {
  readonly kind: SchemaKind;
  /** Carries id, documentation, extension elements and attributes (CMMN `tCmmnElement`). */
  readonly element: boolean;
  readonly attrs: readonly AttrSpec[];
  readonly children: readonly ChildSpec[];
  /** The element's own text is read into this property (expression body, documentation text). */
  readonly textProp?: string;
}

/** A string attribute, read into `prop` (default: the attribute name). */
export const str = (xml: string, prop = xml): AttrSpec => ({ xml, prop, type: 'string' });
/** A boolean attribute. */
export const bool = (xml: string): AttrSpec => ({ xml, prop: xml, type: 'boolean' });
/** A number attribute. */
export const num = (xml: string): AttrSpec => ({ xml, prop: xml, type: 'number' });
/** An attribute holding the id of one element, resolved into `prop`. */
export const ref = (
  xml: string,
  prop: string,
  kinds: readonly SchemaKind[] | undefined,
  unresolved: UnresolvedSeverity = 'error',
  qname = false,
): AttrSpec => ({ xml, prop: xml, type: 'string', ref: { prop, kinds, unresolved, qname } });
/** An attribute holding a list of ids (IDREFS), resolved into `prop`. */
export const refs = (xml: string, prop: string, kinds: readonly SchemaKind[]): AttrSpec => ({
  xml,
  prop: xml,
  type: 'list',
  ref: { prop, kinds, unresolved: 'error' },
});
/** A child slot holding any number of elements. */
export const many = (prop: string, elements: Record<string, SchemaKind>, ns: NamespaceKey = 'cmmn'): ChildSpec => ({
  prop,
  ns,
  elements,
  many: true,
});
/** A child slot holding at most one element. */
export const one = (prop: string, elements: Record<string, SchemaKind>, ns: NamespaceKey = 'cmmn'): ChildSpec => ({
  prop,
  ns,
  elements,
  many: false,
});
/** A child slot whose elements' text is the value. */
export const textChild = (prop: string, element: string, isMany = false): ChildSpec => ({
  prop,
  ns: 'cmmn',
  elements: { [element]: 'Documentation' },
  many: isMany,
  text: true,
});
