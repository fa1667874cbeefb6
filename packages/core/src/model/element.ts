/**
 * What every CMMN element carries (CMMN 1.1 §5.1 `CMMNElement`): id, documentation, extensions;
 * and expressions (§5.4.7), which every rule, condition and timer holds.
 */
import type { XmlAttribute, XmlElement } from './xml.js';

/** What every CMMN element carries (CMMN 1.1 §5.1 `CMMNElement`). */
export interface CmmnElementBase {
  readonly kind: string;
  readonly id: string | undefined;
  readonly documentation: readonly Documentation[];
  /** The `<extensionElements>` content, verbatim (e.g. Flowable's `<flowable:completionNeutralRule/>`). */
  readonly extensionElements: readonly XmlElement[] | undefined;
  /** Attributes from other namespaces (`flowable:triggerMode`) or unknown to CMMN, verbatim. */
  readonly extensionAttributes: readonly XmlAttribute[];
  /** Child elements casekit does not model (foreign namespaces, unknown CMMN elements), verbatim. */
  readonly unknownElements: readonly XmlElement[];
}

/** `<documentation>`. */
export interface Documentation {
  readonly kind: 'Documentation';
  readonly id: string | undefined;
  readonly textFormat: string | undefined;
  readonly text: string;
}

/** `<expression>`, `<condition>`, `<timerExpression>`, … (CMMN 1.1 §5.4.7). */
export interface Expression extends CmmnElementBase {
  readonly kind: 'Expression';
  /** The `language` attribute as written; see {@link effectiveLanguage} for the inherited one. */
  readonly language: string | undefined;
  /** The body text (CDATA included), untrimmed. */
  readonly body: string;
}

/** Looks up an extension attribute by namespace URI and local name, e.g. `flowable:triggerMode`. */
export function extensionAttribute(
  element: Pick<CmmnElementBase, 'extensionAttributes'>,
  namespace: string,
  local: string,
): string | undefined {
  for (const attribute of element.extensionAttributes) {
    if (attribute.namespace === namespace && attribute.local === local) return attribute.value;
  }
  return undefined;
}
