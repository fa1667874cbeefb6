/**
 * XML text → namespace-resolved element tree with source offsets, in one strict pass of its own
 * (see docs/architecture.md, "Why casekit has its own XML scanner"): `charCodeAt` loops and
 * `indexOf` jumps, no intermediate token objects, namespaces resolved as each start tag ends.
 *
 * The scanner is split by concern: xml-errors.ts (errors, limits, positions), xml-characters.ts
 * (character classes), xml-names.ts (shared names), xml-text.ts (references and text),
 * xml-tree.ts (the tree and its namespaces) and xml-scanner.ts (the pass itself).
 */
import { checkCharacters } from './xml-characters.js';
import { DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NAMESPACE_DECLARATIONS, type ParseXmlOptions } from './xml-errors.js';
import { Scanner } from './xml-scanner.js';
import type { RawElement } from './xml-tree.js';

export {
  DEFAULT_MAX_ATTRIBUTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_NAMESPACE_DECLARATIONS,
  LineIndex,
  XmlDoctypeError,
  XmlLimitError,
  XmlSyntaxError,
  type ParseXmlOptions,
} from './xml-errors.js';
export { decodeEntities } from './xml-text.js';
export type { RawAttribute, RawElement } from './xml-tree.js';

/**
 * Parses well-formed XML into a namespace-resolved tree, in one pass. Throws {@link XmlSyntaxError}
 * on malformed input (with line, column and offset where known) and {@link XmlLimitError} when
 * elements are nested deeper than `maxDepth` or a start tag has more attributes or namespace
 * declarations than `maxAttributes` / `maxNamespaceDeclarations`. Time is linear in the input. A byte order mark at the start is skipped; comments,
 * processing instructions and the XML declaration are skipped; CDATA sections are kept literally.
 */
export function parseXml(xml: string, options: ParseXmlOptions = {}): RawElement {
  const hasCr = checkCharacters(xml);
  return new Scanner(
    xml,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    options.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES,
    options.maxNamespaceDeclarations ?? DEFAULT_MAX_NAMESPACE_DECLARATIONS,
    hasCr,
  ).document();
}
