/**
 * `build()`, step 1, last: the namespace declarations of `<definitions>` and the prefixes of
 * every extension attribute and element.
 *
 * @internal
 */
import { NS } from '../model/namespaces.js';
import type { ProblemCode } from '../model/problems.js';
import type { NamespaceDeclaration, XmlAttribute, XmlElement } from '../model/types.js';
import { walkModel, type ModelNode } from '../model/walk.js';
import type { Draft } from './nodes.js';

/** Namespace URIs that extensions must not use: they are CMMN's own. */
const RESERVED = new Set<string>([NS.cmmn, NS.cmmndi, NS.dc, NS.di]);
const KNOWN_PREFIXES: Readonly<Record<string, string>> = {
  [NS.casekit]: 'casekit',
  [NS.flowable]: 'flowable',
  [NS.camunda]: 'camunda',
  [NS.xsi]: 'xsi',
};

/**
 * Gives every extension attribute and element the prefix declared for its namespace on
 * `<definitions>`, and returns the declarations: CMMN (default namespace), CMMNDI, DC, DI, then
 * each foreign namespace in order of first use. Reports extensions in CMMN's own namespaces or
 * in none (the exporter would write them as CMMN).
 */
export function declareNamespaces(
  root: Draft,
  report: (code: ProblemCode, message: string, elementId: string | undefined, at: object) => void,
): NamespaceDeclaration[] {
  const prefixes = new Map<string, string>();
  const taken = new Set(['', 'cmmndi', 'dc', 'di', 'xml', 'xmlns']);
  const prefixFor = (uri: string, preferred: string | undefined): string => {
    const known = prefixes.get(uri);
    if (known !== undefined) return known;
    const wanted =
      preferred !== undefined && /^[A-Za-z_][\w.-]*$/.test(preferred) && !preferred.toLowerCase().startsWith('xml')
        ? preferred
        : (KNOWN_PREFIXES[uri] ?? 'ns');
    let prefix = wanted;
    for (let n = 1; taken.has(prefix); n++) prefix = `${wanted}${n}`;
    taken.add(prefix);
    prefixes.set(uri, prefix);
    return prefix;
  };
  const fixAttribute = (attribute: XmlAttribute, ownerId: string | undefined, at: object): XmlAttribute => {
    const namespace = attribute.namespace;
    if (namespace === undefined || RESERVED.has(namespace)) {
      report(
        'InvalidAttributeValue',
        `extension attribute "${attribute.local}" of "${ownerId ?? '?'}" needs a namespace other than CMMN's`,
        ownerId,
        at,
      );
      return attribute;
    }
    if (namespace === NS.xml) return { ...attribute, prefix: 'xml' };
    return { ...attribute, prefix: prefixFor(namespace, attribute.prefix) };
  };
  const fixElement = (element: XmlElement, ownerId: string | undefined, at: object): XmlElement => {
    const namespace = element.namespace;
    let prefix = element.prefix;
    if (namespace === undefined || RESERVED.has(namespace)) {
      report(
        'InvalidAttributeValue',
        `extension element <${element.local}> of "${ownerId ?? '?'}" needs a namespace other than CMMN's`,
        ownerId,
        at,
      );
    } else if (namespace !== NS.xml) {
      prefix = prefixFor(namespace, element.prefix);
    }
    return {
      namespace,
      prefix,
      local: element.local,
      attributes: element.attributes.map((a) => (a.namespace === undefined ? a : fixAttribute(a, ownerId, at))),
      children: element.children.map((child) => (typeof child === 'string' ? child : fixElement(child, ownerId, at))),
    };
  };
  walkModel(root as ModelNode, (current) => {
    const draft = current as Draft;
    const ownerId = typeof draft['id'] === 'string' ? draft['id'] : undefined;
    const attributes = draft['extensionAttributes'] as XmlAttribute[] | undefined;
    if (attributes !== undefined) draft['extensionAttributes'] = attributes.map((a) => fixAttribute(a, ownerId, draft));
    const elements = draft['extensionElements'] as XmlElement[] | undefined;
    if (elements !== undefined) draft['extensionElements'] = elements.map((e) => fixElement(e, ownerId, draft));
  });
  return [
    { prefix: '', uri: NS.cmmn },
    { prefix: 'cmmndi', uri: NS.cmmndi },
    { prefix: 'dc', uri: NS.dc },
    { prefix: 'di', uri: NS.di },
    ...[...prefixes].map(([uri, prefix]) => ({ prefix, uri })),
  ];
}
