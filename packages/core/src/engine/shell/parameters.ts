/**
 * Parameters and parameter mappings (CMMN 1.1 §5.4.10, cmmn-semantics §10): what a case, process
 * or decision task hands to what it calls, and what it takes back. A task's input parameter is
 * bound to a case file item (refined by its `bindingRefinement`); each `parameterMapping` carries a
 * value from a task input to the callee's input of the target's name, or from the callee's output
 * to a task output (and so to its case file item), through its `transformation` when it has one.
 * A task without mappings keeps the documented default: the callee sees the whole case file and
 * its outputs are written to the case file items of the same names.
 */
import { compileExpression, type CompiledExpression } from '@casekit/rules';
import type { CaseFileItem, CaseParameter, Expression, Parameter, ParameterMapping } from '../../model/types.js';
import type { CompiledNode } from '../compile/compiled-case.js';
import type { Values } from '../commands.js';
import type { JsonValue } from '../state.js';

interface InputMapping {
  /** The callee's parameter (its name; for a called case, the case file item it binds). */
  readonly to: string;
  /** The case file item the task's input parameter is bound to. */
  readonly from: string | undefined;
  readonly refinement: CompiledExpression | undefined;
  readonly transformation: CompiledExpression | undefined;
  readonly source: string;
}

interface OutputMapping {
  /** The callee's output parameter (for a called case, the case file item it binds). */
  readonly from: string;
  /** The case file item the task's output parameter is bound to. */
  readonly to: string;
  readonly transformation: CompiledExpression | undefined;
}

/** A task's compiled parameter mappings. */
export interface ParameterPlan {
  readonly inputs: readonly InputMapping[];
  readonly outputs: readonly OutputMapping[];
}

const plans = new WeakMap<CompiledNode, ParameterPlan | null>();

function itemName(item: CaseFileItem | undefined): string | undefined {
  return item?.name ?? item?.id;
}

/** A parameter's name as the callee knows it: a case parameter by the case file item it binds, else by its name. */
function calleeName(parameter: Parameter | undefined, ref: string | undefined): string | undefined {
  if (parameter?.kind === 'CaseParameter') return itemName(parameter.binding) ?? parameter.name ?? parameter.id;
  return parameter?.name ?? parameter?.id ?? ref;
}

function compile(expression: Expression | undefined, language: string | undefined, id: string | undefined): CompiledExpression | undefined {
  if (expression === undefined || expression.body.trim() === '') return undefined;
  return compileExpression(expression.body, { language: expression.language ?? language, id: expression.id ?? id });
}

/** The parameter mappings of a case, process or decision task (undefined: it has none, the default applies). */
export function parameterPlan(node: CompiledNode, language: string | undefined): ParameterPlan | undefined {
  const cached = plans.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const definition = node.definition;
  const mappings: readonly ParameterMapping[] =
    definition.kind === 'CaseTask' || definition.kind === 'ProcessTask' || definition.kind === 'DecisionTask' ? definition.parameterMappings : [];
  let plan: ParameterPlan | null = null;
  if (mappings.length > 0 && (definition.kind === 'CaseTask' || definition.kind === 'ProcessTask' || definition.kind === 'DecisionTask')) {
    const taskInputs = new Set<CaseParameter>(definition.inputs);
    const taskOutputs = new Set<CaseParameter>(definition.outputs);
    const inputs: InputMapping[] = [];
    const outputs: OutputMapping[] = [];
    for (const mapping of mappings) {
      const transformation = compile(mapping.transformation, language, mapping.id);
      if (mapping.source?.kind === 'CaseParameter' && taskInputs.has(mapping.source)) {
        const to = calleeName(mapping.target, mapping.targetRef);
        if (to === undefined) continue;
        inputs.push({
          to,
          from: itemName(mapping.source.binding),
          refinement: compile(mapping.source.bindingRefinement, language, mapping.source.id),
          transformation,
          source: mapping.source.name ?? mapping.source.id ?? to,
        });
      } else if (mapping.target?.kind === 'CaseParameter' && taskOutputs.has(mapping.target)) {
        const from = calleeName(mapping.source, mapping.sourceRef);
        const to = itemName(mapping.target.binding) ?? mapping.target.name;
        if (from === undefined || to === undefined) continue;
        outputs.push({ from, to, transformation });
      }
    }
    plan = { inputs, outputs };
  }
  plans.set(node, plan);
  return plan ?? undefined;
}

function evaluate(expression: CompiledExpression, variables: Record<string, unknown>, now: number): JsonValue {
  const value = expression.evaluate({ variables, now: new Date(now) });
  return (value === undefined ? null : value) as JsonValue;
}

/** What the callee receives: the mapped inputs, or (without mappings) the whole case file. */
export function mapInputs(plan: ParameterPlan | undefined, caseFile: Values, now: number): Values {
  if (plan === undefined) return caseFile;
  const out: Record<string, JsonValue> = {};
  for (const input of plan.inputs) {
    let value: JsonValue = input.from === undefined || !Object.hasOwn(caseFile, input.from) ? null : caseFile[input.from] as JsonValue;
    if (input.refinement !== undefined) value = evaluate(input.refinement, { ...caseFile, value }, now);
    if (input.transformation !== undefined) value = evaluate(input.transformation, { ...caseFile, value, [input.source]: value }, now);
    out[input.to] = value;
  }
  return out;
}

/** What the task writes to the case file from the callee's outputs: the mapped outputs, or (without mappings) the outputs as named. */
export function mapOutputs(plan: ParameterPlan | undefined, result: Values, caseFile: Values, now: number): Values {
  if (plan === undefined) return result;
  const out: Record<string, JsonValue> = {};
  for (const output of plan.outputs) {
    if (!Object.hasOwn(result, output.from)) continue;
    let value: JsonValue = result[output.from] as JsonValue;
    if (output.transformation !== undefined) value = evaluate(output.transformation, { ...caseFile, value, [output.from]: value }, now);
    out[output.to] = value;
  }
  return out;
}
