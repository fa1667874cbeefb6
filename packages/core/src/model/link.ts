/**
 * Pass 2: index every id and resolve every reference attribute to the element it names, driven by
 * the schema table. Shared by the parser and the builder.
 */
import { caseRefCandidates } from './external-ref.js';
import type { ProblemCode } from './problems.js';
import { SCHEMA, type AttrSpec, type SchemaKind } from './schema.js';
import type { CmmnElement } from './types.js';
import { walkDown, type ModelNode } from './walk.js';

/** The reference-holding attributes of each kind. */
const REF_ATTRS = new Map<SchemaKind, readonly AttrSpec[]>();
for (const [kind, spec] of SCHEMA) REF_ATTRS.set(kind, spec.attrs.filter((attr) => attr.ref !== undefined));

/** Ids of cases, processes and decisions available outside this file (other files, the host). */
export interface ExternalDefinitions {
  readonly cases?: Iterable<string>;
  readonly processes?: Iterable<string>;
  readonly decisions?: Iterable<string>;
}

/** Receives a problem about `node` (elementId: the node's or its nearest ancestor's id). */
export type ReportNode = (code: ProblemCode, message: string, node: object, elementId: string | undefined) => void;

const EXTERNAL_KIND: Partial<Record<SchemaKind, keyof ExternalDefinitions>> = {
  Case: 'cases',
  Process: 'processes',
  Decision: 'decisions',
};

const LABEL: Partial<Record<SchemaKind, string>> = { Case: 'case', Process: 'process', Decision: 'decision' };

function stripPrefix(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/**
 * Indexes ids (reporting duplicates) and resolves references in place on a mutable model tree.
 * Returns the id index. `afterLink` is called on each node once its references are resolved (the
 * parser freezes the node there, saving a walk).
 */
export function linkModel(
  root: ModelNode,
  report: ReportNode,
  externals: ExternalDefinitions = {},
  afterLink?: (node: ModelNode) => void,
): Map<string, CmmnElement> {
  const index = new Map<string, CmmnElement>();
  // Built on the first reference that resolves to nothing in this file (most models have none).
  let external: Record<keyof ExternalDefinitions, ReadonlySet<string>> | undefined;
  const isExternal = (kind: keyof ExternalDefinitions, id: string): boolean =>
    (external ??= {
      cases: new Set(externals.cases ?? []),
      processes: new Set(externals.processes ?? []),
      decisions: new Set(externals.decisions ?? []),
    })[kind].has(id);

  // Pass 2a: every id, in walk order (the first of duplicates wins). The walk also lists the nodes
  // in that order with their nearest id, so that pass 2b need not walk the tree again.
  const order: ModelNode[] = [];
  const nearestIds: (string | undefined)[] = [];
  walkDown<string | undefined>(root, undefined, (node, inherited) => {
    const id = node['id'];
    let nearestId = inherited;
    if (typeof id === 'string' && id !== '') {
      nearestId = id;
      if (index.has(id)) report('DuplicateId', `duplicate id "${id}" (${node.kind})`, node, id);
      else index.set(id, node as unknown as CmmnElement);
    }
    order.push(node);
    nearestIds.push(nearestId);
    return nearestId;
  });

  // Pass 2b: every reference, in the same order.
  for (let n = 0; n < order.length; n++) {
    const node = order[n]!;
    const refs = REF_ATTRS.get(node.kind as SchemaKind);
    if (refs !== undefined) for (let r = 0; r < refs.length; r++) resolveAttribute(node, refs[r]!, nearestIds[n]);
    afterLink?.(node);
  }

  function resolveAttribute(node: ModelNode, attr: AttrSpec, nearestId: string | undefined): void {
    const value = node[attr.prop];
    if (value === undefined) return;
    const mutable = node as Record<string, unknown>;
    if (attr.type !== 'list') {
      mutable[attr.ref!.prop] = resolveOne(node, attr, value as string, nearestId);
      return;
    }
    const resolved: unknown[] = [];
    for (const written of value as string[]) {
      const target = resolveOne(node, attr, written, nearestId);
      if (target !== undefined) resolved.push(target);
    }
    mutable[attr.ref!.prop] = resolved;
  }

  /** The element `written` names, or undefined (with the problem reported). */
  function resolveOne(node: ModelNode, attr: AttrSpec, written: string, nearestId: string | undefined): CmmnElement | undefined {
    const ref = attr.ref!;
    const target = index.get(ref.qname ? stripPrefix(written) : written);
    if (target === undefined) {
      const externalKind = ref.kinds?.length === 1 ? EXTERNAL_KIND[ref.kinds[0]!] : undefined;
      if (ref.unresolved === 'external' && externalKind !== undefined) {
        if (!caseRefCandidates(written).some((id) => isExternal(externalKind, id))) {
          report(
            'UnresolvedExternalReference',
            `${attr.xml} "${written}" names no ${LABEL[ref.kinds![0]!]} in this file or among the files validated with it`,
            node,
            nearestId,
          );
        }
      } else if (ref.unresolved === 'ignore') {
        report('UnresolvedDefinitionType', `${attr.xml} "${written}" names no element in this file`, node, nearestId);
      } else {
        report('UnresolvedReference', `${attr.xml} "${written}" resolves to nothing`, node, nearestId);
      }
      return undefined;
    }
    if (ref.kinds !== undefined && !ref.kinds.includes(target.kind as SchemaKind)) {
      report('WrongReferenceKind', `${attr.xml} "${written}" names a ${target.kind}, expected ${ref.kinds.join(' or ')}`, node, nearestId);
      return undefined;
    }
    return target;
  }

  return index;
}
