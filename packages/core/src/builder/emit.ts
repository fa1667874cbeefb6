/**
 * `build()`, step 1: the authored records → an unlinked model tree (references as ids), with
 * the checks TypeScript cannot make: handles of another case or another builder, handles the
 * builder never made, exit criteria of the wrong item, extensions without a namespace.
 *
 * One module per family of elements: `emit-definitions.ts` (the root, cases, processes and
 * decisions), `emit-case-file.ts`, `emit-plan.ts`, `emit-sentries.ts`, then
 * `emit-namespaces.ts`; `emit-context.ts` holds the problems and the handle checks they share.
 *
 * @internal
 */
import type { NamespaceDeclaration } from '../model/types.js';
import { Emitter, type EmitProblem } from './emit-context.js';
import { emitDefinitions } from './emit-definitions.js';
import { declareNamespaces } from './emit-namespaces.js';
import type { Draft } from './nodes.js';
import type { ModelRec } from './state.js';

export type { EmitProblem } from './emit-context.js';
export { DEFAULT_TARGET_NAMESPACE } from './emit-definitions.js';

/** What {@link emitModel} returns. */
export interface Emitted {
  readonly definitions: Draft;
  /** The root's namespace declarations, as `toCmmnXml` writes them and `parseCmmn` reads them back. */
  readonly namespaces: readonly NamespaceDeclaration[];
  readonly problems: EmitProblem[];
}

/** The unlinked model tree of a builder's records, and the problems found on the way. */
export function emitModel(model: ModelRec): Emitted {
  const emitter = new Emitter(model);
  const definitions = emitDefinitions(emitter);
  const namespaces = declareNamespaces(definitions, (code, message, elementId, at) =>
    emitter.problems.push({ code, message, elementId, node: at }),
  );
  return { definitions, namespaces, problems: emitter.problems };
}
