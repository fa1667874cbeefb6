/**
 * Authoring parameters of cases, tasks, processes and decisions.
 *
 * @internal
 */
import { takeId } from './authoring-problems.js';
import { HANDLES, remember } from './authoring-registry.js';
import type { ElementOptions, ParameterHandle, ParameterInput } from './handles/index.js';
import { bind, type CaseRec, type ModelRec, type ParameterRec } from './state.js';

/** Records a parameter (its name, or options with a name). */
export function newParameter(
  model: ModelRec,
  caseRec: CaseRec | undefined,
  kind: ParameterRec['kind'],
  input: ParameterInput | (ElementOptions & { readonly name: string }),
  ownerName: string | undefined,
): ParameterRec {
  const options = typeof input === 'string' ? { name: input } : input;
  const id = takeId(model, options.id, kind, ownerName, options.name);
  return { kind, model, case: caseRec, id, name: options.name, options };
}

export function parameterHandle(parameter: ParameterRec): ParameterHandle {
  const existing = HANDLES.get(parameter);
  if (existing !== undefined) return existing as ParameterHandle;
  return remember(parameter, bind({ kind: parameter.kind, id: parameter.id, name: parameter.name }, parameter));
}
