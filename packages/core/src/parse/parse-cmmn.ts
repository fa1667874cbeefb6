import { ModelError } from '../errors.js';
import { CmmnModel } from '../model/cmmn-model.js';
import { freezeNode } from '../model/freeze.js';
import { linkModel, type ExternalDefinitions } from '../model/link.js';
import { namespaceKey } from '../model/namespaces.js';
import { severityOf, type Problem, type ProblemCode, type SourcePosition } from '../model/problems.js';
import type { Definitions } from '../model/types.js';
import type { ModelNode } from '../model/walk.js';
import { validateModel } from '../validate/validate.js';
import { readElement, type ReadContext } from './read.js';
import { checkCasePlans, MAX_CASE_PLAN_ITEMS, MAX_STAGE_NESTING } from './stage-nesting.js';
import { DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NAMESPACE_DECLARATIONS, LineIndex, parseXml, XmlDoctypeError, XmlLimitError, XmlSyntaxError } from './xml.js';

/** Options of {@link parseCmmn}. */
export interface ParseOptions {
  /** Largest accepted input, in bytes (UTF-8). Default 10 MB. */
  readonly maxSize?: number;
  /**
   * Deepest accepted element nesting (the root is at depth 1). Default 256; deeper input is
   * refused with `InputTooLarge` instead of exhausting the call stack (real models nest a few
   * dozen levels at most).
   */
  readonly maxDepth?: number;
  /**
   * Most attributes accepted on one element, namespace declarations included. Default 1,000;
   * more is refused with `InputTooLarge` at the first attribute over the limit.
   */
  readonly maxAttributes?: number;
  /**
   * Most namespace declarations (`xmlns`, `xmlns:p`) accepted on one element. Default 100; more
   * is refused with `InputTooLarge` at the first declaration over the limit.
   */
  readonly maxNamespaceDeclarations?: number;
  /** The file name, used in messages. */
  readonly fileName?: string;
  /**
   * Ids of cases, processes and decisions defined outside this file (other files validated
   * with it, or deployed by the host): caseRef / processRef / decisionRef naming them are resolved.
   */
  readonly externals?: ExternalDefinitions;
}

/** The outcome of {@link safeParseCmmn}. */
export type ParseResult =
  | { readonly success: true; readonly model: CmmnModel; readonly problems: readonly Problem[] }
  | { readonly success: false; readonly model: undefined; readonly problems: readonly Problem[] };

/** Default {@link ParseOptions.maxSize}: 10 MB. */
export const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;

/** Default {@link ParseOptions.maxDepth}: 256 levels of element nesting. */
export { DEFAULT_MAX_DEPTH };

/** Default {@link ParseOptions.maxAttributes} (1,000) and {@link ParseOptions.maxNamespaceDeclarations} (100). */
export { DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_NAMESPACE_DECLARATIONS };

/** The most stages an item may be nested in (64), and the most items in one case's plan (100,000). */
export { MAX_STAGE_NESTING, MAX_CASE_PLAN_ITEMS };

/**
 * Source offsets of model nodes. Recorded for every node but looked up only for problems and
 * `model.positionOf`, so they are kept in two arrays and indexed by a Map only when first needed.
 */
class OffsetTable {
  readonly #nodes: object[] = [];
  readonly #offsets: number[] = [];
  #index: Map<object, number> | undefined;

  set(node: object, offset: number): void {
    this.#nodes.push(node);
    this.#offsets.push(offset);
    this.#index?.set(node, offset);
  }

  get(node: object): number | undefined {
    if (this.#index === undefined) {
      const index = new Map<object, number>();
      const nodes = this.#nodes;
      const offsets = this.#offsets;
      for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!, offsets[i]!);
      this.#index = index;
    }
    return this.#index.get(node);
  }
}

function problem(code: ProblemCode, message: string, elementId: string | undefined, at: SourcePosition | undefined): Problem {
  return Object.freeze({ code, severity: severityOf(code), message, elementId, line: at?.line, column: at?.column });
}

/**
 * Parses and validates CMMN XML, collecting every problem instead of throwing.
 *
 * @example
 * const result = safeParseCmmn(xml, { fileName: 'claim.cmmn' });
 * if (!result.success) for (const p of result.problems) console.log(p.line, p.code, p.message);
 */
export function safeParseCmmn(xml: string, options: ParseOptions = {}): ParseResult {
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  const fail = (p: Problem): ParseResult => ({ success: false, model: undefined, problems: [p] });

  if (typeof xml !== 'string') {
    return fail(problem('MalformedXml', 'the input is not a string', undefined, undefined));
  }
  if (xml.length > maxSize || (xml.length * 3 > maxSize && Buffer.byteLength(xml, 'utf8') > maxSize)) {
    return fail(problem('InputTooLarge', `the input is larger than the limit of ${maxSize} bytes`, undefined, undefined));
  }
  // A byte order mark is no part of the document: positions are counted without it.
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  try {
    return readAndValidate(xml, options, fail);
  } catch (error) {
    // The depth limit keeps the recursive readers far from the end of the call stack; this is the
    // safety net for a raised maxDepth or a caller that has used most of the stack already.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return fail(problem('InputTooLarge', 'the input is nested too deeply to read: the call stack was exhausted', undefined, undefined));
    }
    throw error;
  }
}

function readAndValidate(xml: string, options: ParseOptions, fail: (p: Problem) => ParseResult): ParseResult {
  let lineIndex: LineIndex | undefined;
  const lines = { position: (offset: number) => (lineIndex ??= new LineIndex(xml)).position(offset) };
  let root;
  try {
    root = parseXml(xml, {
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      maxAttributes: options.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES,
      maxNamespaceDeclarations: options.maxNamespaceDeclarations ?? DEFAULT_MAX_NAMESPACE_DECLARATIONS,
    });
  } catch (error) {
    // The scanner stops at the first DOCTYPE or ENTITY declaration, before reading any of it.
    if (error instanceof XmlDoctypeError) {
      return fail(
        problem(
          'DoctypeForbidden',
          'DOCTYPE and ENTITY declarations are refused: CMMN needs none, and they enable entity-expansion attacks',
          undefined,
          lines.position(error.offset ?? 0),
        ),
      );
    }
    if (error instanceof XmlLimitError) {
      return fail(problem('InputTooLarge', error.message, undefined, lines.position(error.offset)));
    }
    if (!(error instanceof XmlSyntaxError)) throw error;
    const at =
      error.line !== undefined
        ? { line: error.line, column: error.column ?? 1 }
        : error.offset !== undefined
          ? lines.position(error.offset)
          : undefined;
    return fail(problem('MalformedXml', `malformed XML: ${error.message}`, undefined, at));
  }

  const problems: Problem[] = [];
  const offsets = new OffsetTable();
  const locate = (node: object): SourcePosition | undefined => {
    const offset = offsets.get(node);
    return offset === undefined ? undefined : lines.position(offset);
  };

  const bareIsCmmn = root.namespace === undefined && root.local === 'definitions';
  if (root.local !== 'definitions' || (namespaceKey(root.namespace) !== 'cmmn' && !bareIsCmmn)) {
    return fail(
      problem(
        'NotCmmn',
        `the root element is <${root.prefix === undefined ? '' : `${root.prefix}:`}${root.local}>${root.namespace === undefined ? '' : ` in namespace ${root.namespace}`}, expected CMMN <definitions>`,
        undefined,
        lines.position(root.start),
      ),
    );
  }
  if (bareIsCmmn) {
    problems.push(
      problem(
        'MissingNamespace',
        'the file declares no CMMN namespace; it is read as CMMN 1.1',
        undefined,
        lines.position(root.start),
      ),
    );
  }

  const ctx: ReadContext = {
    offsets,
    bareIsCmmn,
    report: (code, message, offset, elementId) => problems.push(problem(code, message, elementId, lines.position(offset))),
  };
  const definitions = readElement(ctx, 'Definitions', root);

  const report = (code: ProblemCode, message: string, node: object, elementId: string | undefined): void => {
    problems.push(problem(code, message, elementId, locate(node)));
  };
  // Each node is frozen as soon as its references are resolved; validation only reads.
  const index = linkModel(definitions as ModelNode, report, options.externals, freezeNode);
  // A plan too deep or too large to run is refused like any input over a limit: alone.
  let overLimit: Problem | undefined;
  const refuse = (code: ProblemCode, message: string, node: object, elementId: string | undefined): void => {
    overLimit = problem(code, message, elementId, locate(node));
  };
  if (!checkCasePlans(definitions as unknown as Definitions, refuse)) return fail(overLimit!);
  validateModel(definitions as unknown as Definitions, report);

  const order = { error: 0, draft: 1, warning: 2 } as const;
  problems.sort((a, b) => order[a.severity] - order[b.severity] || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  Object.freeze(problems);
  if (problems.some((p) => p.severity === 'error')) return { success: false, model: undefined, problems };
  const namespaces = Object.freeze(root.declarations.map((d) => Object.freeze({ prefix: d.prefix, uri: d.uri })));
  const model = new CmmnModel(definitions as unknown as Definitions, problems, index, locate, namespaces);
  return { success: true, model, problems };
}

/**
 * Parses CMMN 1.1 XML into a typed, immutable, validated model. Throws {@link ModelError} listing
 * every error; draft warnings and warnings are kept in `model.problems`.
 *
 * @example
 * const model = parseCmmn(readFileSync('claim.cmmn', 'utf8'), { fileName: 'claim.cmmn' });
 * for (const item of model.findCase()!.casePlanModel!.planItems) console.log(item.name, item.definition?.kind);
 */
export function parseCmmn(xml: string, options: ParseOptions = {}): CmmnModel {
  const result = safeParseCmmn(xml, options);
  if (!result.success) throw new ModelError(result.problems, options.fileName);
  return result.model;
}
