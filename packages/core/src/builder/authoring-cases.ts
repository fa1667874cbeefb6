/**
 * Authoring a case: its case file items, roles, parameters and case plan model.
 *
 * @internal
 */
import { stageContent } from './authoring-containers.js';
import { newParameter, parameterHandle } from './authoring-parameters.js';
import { takeId } from './authoring-problems.js';
import { compose, HANDLES, remember } from './authoring-registry.js';
import { newCriterion } from './authoring-sentries.js';
import type {
  CaseBuilder,
  CaseFileItemHandle,
  CaseFileItemOptions,
  CaseOptions,
  CriterionInput,
  ElementOptions,
} from './handles/index.js';
import { bind, type CaseFileItemRec, type CaseRec, type ContainerRec, type ModelRec, type ParameterRec } from './state.js';

function caseFileItemHandle(item: CaseFileItemRec): CaseFileItemHandle {
  const handle = {
    kind: 'CaseFileItem',
    id: item.id,
    name: item.name,
    caseId: item.case.id,
    get children() {
      return Object.freeze(item.children.map((child) => HANDLES.get(child)));
    },
    addChild: (name: string, options: CaseFileItemOptions = {}) => newCaseFileItem(item.case, item.children, name, options),
  };
  return remember(item, bind(handle, item)) as unknown as CaseFileItemHandle;
}

function newCaseFileItem(
  caseRec: CaseRec,
  list: CaseFileItemRec[],
  name: string,
  options: CaseFileItemOptions,
): CaseFileItemHandle {
  const id = takeId(caseRec.model, options.id, 'CaseFileItem', name);
  const item: CaseFileItemRec = { kind: 'CaseFileItem', case: caseRec, id, name, options, children: [] };
  list.push(item);
  return caseFileItemHandle(item);
}

/** Records a case and returns its handle. */
export function newCase(model: ModelRec, name: string, options: CaseOptions): CaseBuilder {
  const id = takeId(model, options.id, 'Case', name);
  const caseRec: CaseRec = {
    kind: 'Case',
    model,
    id,
    name,
    options,
    plan: undefined as unknown as ContainerRec,
    caseFileItems: [],
    roles: [],
    inputs: [],
    outputs: [],
  };
  const planOptions = options.plan ?? {};
  const planName = planOptions.name ?? name;
  const plan: ContainerRec = {
    kind: 'Stage',
    case: caseRec,
    declareIn: undefined as unknown as ContainerRec,
    id: takeId(model, planOptions.id, 'CasePlanModel', planName),
    name: planName,
    planItems: [],
    sentries: [],
    definitions: [],
    table: undefined,
    exitCriteria: [],
  };
  (plan as { declareIn: ContainerRec }).declareIn = plan;
  caseRec.plan = plan;
  model.cases.push(caseRec);

  const planBuilder = bind(
    compose(stageContent(plan), {
      kind: 'Stage',
      id: plan.id,
      name: plan.name,
      caseId: id,
      get exitCriteria() {
        return Object.freeze(plan.exitCriteria.map((c) => HANDLES.get(c)));
      },
      addExitCriterion: (input: CriterionInput) => newCriterion('ExitCriterion', plan, plan, input, planName),
    }),
    plan,
  );
  remember(plan, planBuilder);

  const parameter =
    (list: ParameterRec[]) =>
    (parameterName: string, parameterOptions: ElementOptions = {}) => {
      const record = newParameter(model, caseRec, 'CaseParameter', { ...parameterOptions, name: parameterName }, undefined);
      list.push(record);
      return parameterHandle(record);
    };
  const handle = {
    kind: 'Case',
    id,
    name,
    plan: planBuilder,
    caseFileItem: (itemName: string, itemOptions: CaseFileItemOptions = {}) =>
      newCaseFileItem(caseRec, caseRec.caseFileItems, itemName, itemOptions),
    role: (roleName: string, roleOptions: ElementOptions = {}) => {
      const roleId = takeId(model, roleOptions.id, 'Role', roleName);
      const role = { kind: 'Role' as const, case: caseRec, id: roleId, name: roleName, options: roleOptions };
      caseRec.roles.push(role);
      return remember(role, bind({ kind: 'Role', id: roleId, name: roleName, caseId: id }, role));
    },
    input: parameter(caseRec.inputs),
    output: parameter(caseRec.outputs),
  };
  return remember(caseRec, bind(handle, caseRec)) as unknown as CaseBuilder;
}
