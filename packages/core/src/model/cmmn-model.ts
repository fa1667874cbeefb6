import type { Problem, SourcePosition } from './problems.js';
import type { Case, CmmnElement, Definitions, NamespaceDeclaration } from './types.js';

/**
 * A parsed (or built) CMMN file: its `definitions`, every problem found, an id index and the source
 * position of each element. Immutable.
 *
 * @example
 * const model = parseCmmn(xml);
 * const intake = model.findCase('intake');
 * const shape = model.elementById('PlanItem_1');
 */
export class CmmnModel {
  readonly #index: ReadonlyMap<string, CmmnElement>;
  readonly #locate: (element: object) => SourcePosition | undefined;

  /** @internal Use `parseCmmn` or the builder. */
  constructor(
    /** The `<definitions>` root. */
    readonly definitions: Definitions,
    /** Every problem found, in document order within each level. */
    readonly problems: readonly Problem[],
    index: ReadonlyMap<string, CmmnElement>,
    locate: (element: object) => SourcePosition | undefined = () => undefined,
    /** The root element's namespace declarations in the source file (prefix '' = default). */
    readonly namespaces: readonly NamespaceDeclaration[] = [],
  ) {
    this.#index = index;
    this.#locate = locate;
    Object.freeze(this);
  }

  /** The cases defined in the file. */
  get cases(): readonly Case[] {
    return this.definitions.cases;
  }

  /** Problems that make the file unreadable (empty on a model returned by `parseCmmn`). */
  get errors(): readonly Problem[] {
    return this.problems.filter((p) => p.severity === 'error');
  }

  /** Draft warnings: the model can be inspected, but no case can be started from it. */
  get draftWarnings(): readonly Problem[] {
    return this.problems.filter((p) => p.severity === 'draft');
  }

  /** Warnings: legal, but probably not what was meant. */
  get warnings(): readonly Problem[] {
    return this.problems.filter((p) => p.severity === 'warning');
  }

  /** The element with this id, if any. */
  elementById(id: string): CmmnElement | undefined {
    return this.#index.get(id);
  }

  /** Every element with an id, in document order. */
  elements(): IterableIterator<CmmnElement> {
    return this.#index.values();
  }

  /** Where an element starts in the source file (undefined for built models). */
  positionOf(element: object): SourcePosition | undefined {
    return this.#locate(element);
  }

  /**
   * The case with this id or name; without an argument, the only case of the file.
   * Returns undefined when nothing (or, without an argument, more than one case) matches.
   */
  findCase(idOrName?: string): Case | undefined {
    const cases = this.definitions.cases;
    if (idOrName === undefined) return cases.length === 1 ? cases[0] : undefined;
    return cases.find((c) => c.id === idOrName) ?? cases.find((c) => c.name === idOrName);
  }
}
