/**
 * Names as the XML scanner reads them: split at their colon (Namespaces in XML §3), shared with
 * earlier occurrences through a small hash table, and each element name's last attribute names.
 */

/** Unprefixed names refused because they could reach JavaScript object prototypes. */
export function isRefusedName(name: string): boolean {
  const length = name.length;
  return (length === 9 || length === 11) && (name === '__proto__' || name === 'constructor' || name === 'prototype');
}

/** A name as written, split at its colon. */
export interface QName {
  readonly qname: string;
  readonly prefix: string | undefined;
  readonly local: string;
  /** False when the name has an empty prefix or local part, or two colons (Namespaces in XML §3). */
  readonly valid: boolean;
  /** For `xmlns` and `xmlns:p`, the prefix declared ('' for the default namespace). */
  readonly declares: string | undefined;
  /** The slot of {@link NAMES} (and of {@link REMEMBERED}) the name was made for. */
  readonly slot: number;
}

export function qnameOf(qname: string, slot: number): QName {
  const declares = qname === 'xmlns' ? '' : qname.startsWith('xmlns:') ? qname.slice(6) : undefined;
  const colon = qname.indexOf(':');
  if (colon < 0) return { qname, prefix: undefined, local: qname, valid: true, declares, slot };
  const valid = colon !== 0 && colon !== qname.length - 1 && qname.indexOf(':', colon + 1) < 0;
  return { qname, prefix: qname.slice(0, colon), local: qname.slice(colon + 1), valid, declares, slot };
}

/** Most attribute names remembered per element name (see {@link REMEMBERED}). */
export const REMEMBERED_ATTRIBUTES = 16;

/**
 * Recently seen names, by a hash of their characters. CMMN files use a few dozen names over and
 * over; sharing them saves a string per element and attribute, and lets every later lookup of the
 * same name (the reader's tables) reuse its computed hash.
 */
export const NAMES: (QName | undefined)[] = new Array<QName | undefined>(1024).fill(undefined);

/**
 * For the element name in each slot of {@link NAMES}: the attribute names of its last start tag,
 * in order. The same element mostly has the same attributes (`<cmmndi:Bounds x y width height>`),
 * so each is tried first: a match costs a comparison instead of hashing the name and comparing it.
 * Emptied when the slot gets another name; at most 16 names a slot, whatever the input.
 */
export const REMEMBERED: (QName | undefined)[][] = Array.from({ length: NAMES.length }, () => []);
