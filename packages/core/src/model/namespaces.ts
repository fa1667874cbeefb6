/** Namespace URIs that casekit reads and writes. */
export const NS = {
  /** CMMN 1.1 model namespace. */
  cmmn: 'http://www.omg.org/spec/CMMN/20151109/MODEL',
  /** CMMN 1.1 diagram interchange namespace. */
  cmmndi: 'http://www.omg.org/spec/CMMN/20151109/CMMNDI',
  /** Diagram common (bounds, points). */
  dc: 'http://www.omg.org/spec/CMMN/20151109/DC',
  /** Diagram interchange base. */
  di: 'http://www.omg.org/spec/CMMN/20151109/DI',
  /** XML Schema instance (`xsi:type`). */
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  /** casekit's own extension namespace (`casekit:triggerMode`). */
  casekit: 'https://casekit.dev/schema/cmmn',
  /** Flowable's CMMN extension namespace. */
  flowable: 'http://flowable.org/cmmn',
  /** Camunda's CMMN extension namespace. */
  camunda: 'http://camunda.org/schema/1.0/cmmn',
  /** The XML namespace (`xml:lang`). */
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

/** Earlier CMMN namespace URIs that are read as CMMN 1.1 (CMMN 1.0 and its beta). */
export const LEGACY_CMMN_NAMESPACES: readonly string[] = [
  'http://www.omg.org/spec/CMMN/20131201/MODEL',
  'http://www.omg.org/spec/CMMN/20121031/MODEL',
];

/** The namespace families the parser distinguishes. */
export type NamespaceKey = 'cmmn' | 'cmmndi' | 'dc' | 'di';

/** Maps a namespace URI to the family casekit knows it as, or undefined for a foreign namespace. */
export function namespaceKey(uri: string | undefined): NamespaceKey | undefined {
  switch (uri) {
    case NS.cmmn:
      return 'cmmn';
    case NS.cmmndi:
      return 'cmmndi';
    case NS.dc:
      return 'dc';
    case NS.di:
      return 'di';
    default:
      return uri !== undefined && LEGACY_CMMN_NAMESPACES.includes(uri) ? 'cmmn' : undefined;
  }
}
