/**
 * The XML scanner's errors and resource limits, and the line and column of a source offset (see
 * xml.ts).
 */

/** Thrown for input that is not well-formed XML; carries the offending position. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    /** Source offset of the element being read, when line and column are not known. */
    public offset: number | undefined = undefined,
  ) {
    super(message);
  }
}

/** Thrown for a DOCTYPE or ENTITY declaration: refused, never read (entity expansion, XXE). */
export class XmlDoctypeError extends XmlSyntaxError {}

/**
 * Default {@link ParseXmlOptions.maxDepth}. The parser, the validator, the exporter and the engine
 * walk stages recursively; 256 levels keep all of them far from the end of the call stack.
 */
export const DEFAULT_MAX_DEPTH = 256;

/**
 * Default {@link ParseXmlOptions.maxAttributes}. CMMN and CMMNDI elements carry a dozen attributes
 * at most; the limit bounds the work and memory a single start tag can ask for.
 */
export const DEFAULT_MAX_ATTRIBUTES = 1000;

/**
 * Default {@link ParseXmlOptions.maxNamespaceDeclarations}. A CMMN file declares a dozen namespaces
 * or so, on its root element.
 */
export const DEFAULT_MAX_NAMESPACE_DECLARATIONS = 100;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** The deepest element nesting accepted (the root element is at depth 1). */
  readonly maxDepth?: number;
  /** The most attributes accepted on one element, namespace declarations included. */
  readonly maxAttributes?: number;
  /** The most namespace declarations (`xmlns`, `xmlns:p`) accepted on one element. */
  readonly maxNamespaceDeclarations?: number;
}

/** Thrown when the input exceeds a resource limit (nesting depth, attributes or namespace declarations per element). */
export class XmlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Computes 1-based line and column of a source offset. */
export class LineIndex {
  readonly #starts: number[];

  constructor(text: string) {
    const starts = [0];
    let at = text.indexOf('\n');
    while (at >= 0) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.#starts = starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}

/** The position of a source offset, computed only when an error is thrown. */
export function positionOf(xml: string, offset: number): { line: number; column: number } {
  let line = 1;
  for (let at = xml.indexOf('\n'); at >= 0 && at < offset; at = xml.indexOf('\n', at + 1)) line++;
  return { line, column: offset - (xml.lastIndexOf('\n', offset - 1) + 1) + 1 };
}

export function syntaxError(xml: string, offset: number, message: string): XmlSyntaxError {
  const { line, column } = positionOf(xml, offset);
  return new XmlSyntaxError(message, line, column, offset);
}
