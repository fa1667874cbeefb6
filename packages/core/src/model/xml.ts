/**
 * XML kept verbatim: extension attributes and elements, elements casekit does not model, and the
 * root's namespace declarations.
 */

/** A namespace-qualified XML attribute kept verbatim (extension attributes, unknown attributes). */
export interface XmlAttribute {
  /** Namespace URI; undefined for an unqualified attribute. */
  readonly namespace: string | undefined;
  /** The prefix used in the source file, kept for export. */
  readonly prefix: string | undefined;
  /** Local name. */
  readonly local: string;
  readonly value: string;
}

/** An XML element kept verbatim: extension elements and elements casekit does not model. */
export interface XmlElement {
  readonly namespace: string | undefined;
  readonly prefix: string | undefined;
  readonly local: string;
  readonly attributes: readonly XmlAttribute[];
  /** Child elements and text, in document order. */
  readonly children: readonly (XmlElement | string)[];
}

/** An `xmlns` declaration on the root element. */
export interface NamespaceDeclaration {
  readonly prefix: string;
  readonly uri: string;
}
