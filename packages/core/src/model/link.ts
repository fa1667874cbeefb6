/**
 * Pass 2: index every id and resolve every reference attribute to the element it names, driven by
 * the schema table. Shared by the parser and the builder.
 */
import type { ProblemCode } from './problems.js';
import { SCHEMA, type SchemaKind } from './schema.js';
import type { CmmnElement } from './types.js';
import { walkModel, type ModelNode } from './walk.js';

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
 * Returns the id index.
 */
export function linkModel(
  root: ModelNode,
  report: ReportNode,
  externals: ExternalDefinitions = {},
): Map<string, CmmnElement> {
  const index = new Map<string, CmmnElement>();
  const nearestId = new Map<object, string | undefined>();
  const external = {
    cases: new Set(externals.cases ?? []),
    processes: new Set(externals.processes ?? []),
    decisions: new Set(externals.decisions ?? []),
  };

  walkModel(root, (node, parent) => {
    const id = node['id'];
    const own = typeof id === 'string' && id !== '' ? id : undefined;
    nearestId.set(node, own ?? (parent === undefined ? undefined : nearestId.get(parent)));
    if (own === undefined) return;
    if (index.has(own)) {
      report('DuplicateId', `duplicate id "${own}" (${node.kind})`, node, own);
      return;
    }
    index.set(own, node as unknown as CmmnElement);
  });

  walkModel(root, (node) => {
    const spec = SCHEMA.get(node.kind as SchemaKind);
    if (spec === undefined) return;
    const mutable = node as Record<string, unknown>;
    for (const attr of spec.attrs) {
      const ref = attr.ref;
      if (ref === undefined) continue;
      const value = node[attr.prop];
      if (value === undefined) continue;
      const ids = attr.type === 'list' ? (value as string[]) : [value as string];
      const resolved: unknown[] = [];
      for (const written of ids) {
        const target = index.get(ref.qname ? stripPrefix(written) : written);
        if (target === undefined) {
          const externalKind = ref.kinds?.length === 1 ? EXTERNAL_KIND[ref.kinds[0]!] : undefined;
          if (ref.unresolved === 'external' && externalKind !== undefined) {
            if (!external[externalKind].has(stripPrefix(written))) {
              report(
                'UnresolvedExternalReference',
                `${attr.xml} "${written}" names no ${LABEL[ref.kinds![0]!]} in this file or among the files validated with it`,
                node,
                nearestId.get(node),
              );
            }
          } else if (ref.unresolved === 'ignore') {
            report(
              'UnresolvedDefinitionType',
              `${attr.xml} "${written}" names no element in this file`,
              node,
              nearestId.get(node),
            );
          } else {
            report('UnresolvedReference', `${attr.xml} "${written}" resolves to nothing`, node, nearestId.get(node));
          }
          continue;
        }
        if (ref.kinds !== undefined && !ref.kinds.includes(target.kind as SchemaKind)) {
          report(
            'WrongReferenceKind',
            `${attr.xml} "${written}" names a ${target.kind}, expected ${ref.kinds.join(' or ')}`,
            node,
            nearestId.get(node),
          );
          continue;
        }
        resolved.push(target);
      }
      mutable[ref.prop] = attr.type === 'list' ? resolved : resolved[0];
    }
  });

  return index;
}
