/**
 * The tree the XML scanner produces: elements and attributes with their namespaces resolved, the
 * shared empty lists, and the namespace URIs casekit knows, bound as one shared string each.
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

export interface MutableElement {
  namespace: string | undefined;
  prefix: string | undefined;
  local: string;
  attributes: readonly RawAttribute[];
  declarations: readonly { readonly prefix: string; readonly uri: string }[];
  children: (RawElement | string)[];
  start: number;
}

export const NO_ATTRIBUTES: readonly RawAttribute[] = Object.freeze([]);
export const NO_DECLARATIONS: readonly { readonly prefix: string; readonly uri: string }[] = Object.freeze([]);

/**
 * The namespace URIs casekit knows, each as one string: a declaration of one of them binds the
 * shared string, so every later comparison with it (the reader's, per element) is an identity check.
 */
export const KNOWN_URIS: ReadonlyMap<string, string> = new Map([...Object.values(NS), ...LEGACY_CMMN_NAMESPACES].map((uri) => [uri, uri]));
