/**
 * `build()`, step 1, for the case file: case file items and their definitions, and the parameters
 * that bind to them.
 *
 * @internal
 */
import type { Emitter } from './emit-context.js';
import { base, expression, node, type Draft } from './nodes.js';
import type { CaseFileItemDefinitionRec, CaseFileItemRec, ParameterRec } from './state.js';

/** A `<caseFileItemDefinition>` with its properties. */
export function emitCaseFileItemDefinition(emitter: Emitter, record: CaseFileItemDefinitionRec): Draft {
  const o = record.options;
  return node('CaseFileItemDefinition', {
    id: record.id,
    name: record.name,
    definitionType: o.definitionType,
    structureRef: o.structureRef,
    importRef: o.importRef,
    properties: (o.properties ?? []).map((p) => node('Property', { id: p.id, name: p.name, type: p.type, ...base(p) })),
    ...base(o),
  });
}

/** A `<caseFileItem>` with its children, checking its references stay in its case. */
export function emitCaseFileItem(emitter: Emitter, record: CaseFileItemRec): Draft {
  const o = record.options;
  const id = record.id;
  let draft: Draft | undefined;
  const at = () => draft;
  const definition = o.definition;
  draft = node('CaseFileItem', {
    id,
    name: record.name,
    multiplicity: o.multiplicity,
    definitionRef:
      definition === undefined || typeof definition === 'string'
        ? definition
        : emitter.ref(definition, ['CaseFileItemDefinition'], undefined, 'definitionRef', id, at),
    sourceRef: o.source === undefined ? undefined : emitter.ref(o.source, ['CaseFileItem'], record.case, 'sourceRef', id, at),
    targetRefs: o.targets === undefined ? undefined : emitter.refs(o.targets, ['CaseFileItem'], record.case, 'targetRefs', id, at),
    ...base(o),
  });
  if (record.children.length > 0) {
    draft['children'] = node('Children', { caseFileItems: record.children.map((child) => emitCaseFileItem(emitter, child)) });
  }
  return draft;
}

/** A case or task parameter and the case file item it binds to. */
export function emitCaseParameter(emitter: Emitter, record: ParameterRec): Draft {
  let draft: Draft | undefined;
  const binding = record.options.binding;
  draft = node('CaseParameter', {
    id: record.id,
    name: record.name,
    bindingRef:
      binding === undefined
        ? undefined
        : emitter.ref(binding, ['CaseFileItem'], record.case, 'bindingRef', record.id, () => draft),
    bindingRefinement: expression(record.options.bindingRefinement),
    ...base(record.options),
  });
  return draft;
}
