/**
 * `build()`, step 1, for the root: `<definitions>` with its case file item definitions, cases,
 * processes and decisions.
 *
 * @internal
 */
import { emitCaseFileItem, emitCaseFileItemDefinition, emitCaseParameter } from './emit-case-file.js';
import type { Emitter } from './emit-context.js';
import { emitContainer } from './emit-plan.js';
import { base, node, type Draft } from './nodes.js';
import type { CalledRec, CaseRec } from './state.js';

/** The XSD requires a `targetNamespace`; this one is used when none is given. */
export const DEFAULT_TARGET_NAMESPACE = 'urn:casekit:model';

/** The `<definitions>` root with everything the model declares. */
export function emitDefinitions(emitter: Emitter): Draft {
  const model = emitter.model;
  const options = model.options;
  const definitions = node('Definitions', {
    id: options.id,
    name: options.name,
    targetNamespace: options.targetNamespace ?? DEFAULT_TARGET_NAMESPACE,
    expressionLanguage: options.expressionLanguage,
    exporter: options.exporter ?? 'casekit',
    exporterVersion: options.exporterVersion,
    author: options.author,
    creationDate: options.creationDate,
    caseFileItemDefinitions: model.caseFileItemDefinitions.map((d) => emitCaseFileItemDefinition(emitter, d)),
    cases: model.cases.map((c) => emitCase(emitter, c)),
    processes: model.processes.map((p) => emitCalled(emitter, p)),
    decisions: model.decisions.map((d) => emitCalled(emitter, d)),
    ...base(options),
  });
  return definitions;
}

/** A `<process>` or `<decision>` with its parameters. */
export function emitCalled(emitter: Emitter, record: CalledRec): Draft {
  const kind = record.kind === 'Process' ? 'ProcessParameter' : 'DecisionParameter';
  return node(record.kind, {
    id: record.id,
    name: record.name,
    externalRef: record.options.externalRef,
    implementationType: record.options.implementationType,
    inputs: record.inputs.map((p) => node(kind, { id: p.id, name: p.name, ...base(p.options) })),
    outputs: record.outputs.map((p) => node(kind, { id: p.id, name: p.name, ...base(p.options) })),
    ...base(record.options),
  });
}

/** A `<case>`: its case file, plan, roles and parameters. */
export function emitCase(emitter: Emitter, record: CaseRec): Draft {
  const o = record.options;
  const draft = node('Case', { id: record.id, name: record.name, ...base(o) });
  if (record.caseFileItems.length > 0 || o.caseFileModel !== undefined) {
    draft['caseFileModel'] = node('CaseFile', {
      id: o.caseFileModel?.id,
      caseFileItems: record.caseFileItems.map((item) => emitCaseFileItem(emitter, item)),
      ...base(o.caseFileModel),
    });
  }
  draft['casePlanModel'] = emitContainer(emitter, record.plan, undefined);
  if (record.roles.length > 0 || o.caseRoles !== undefined) {
    draft['caseRoles'] = node('CaseRoles', {
      id: o.caseRoles?.id,
      roles: record.roles.map((role) => node('Role', { id: role.id, name: role.name, ...base(role.options) })),
      ...base(o.caseRoles),
    });
  }
  draft['inputs'] = record.inputs.map((p) => emitCaseParameter(emitter, p));
  draft['outputs'] = record.outputs.map((p) => emitCaseParameter(emitter, p));
  return draft;
}
