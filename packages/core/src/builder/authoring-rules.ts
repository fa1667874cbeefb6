/**
 * Authoring rules and item controls (CMMN 1.1 §5.4.11).
 *
 * @internal
 */
import { takeId } from './authoring-problems.js';
import type { ElementOptions, RuleInput, RuleSpec } from './handles/index.js';
import type { CaseRec, ControlRec, RuleRec } from './state.js';

function ruleSpecOf(input: RuleInput | undefined): RuleSpec | undefined {
  if (input === undefined || input === false) return undefined;
  if (input === true) return {};
  if (typeof input === 'string') return { condition: input };
  if ('body' in input) return { condition: input };
  return input;
}

function ruleRec(
  caseRec: CaseRec,
  kind: RuleRec['kind'],
  input: RuleInput | undefined,
  hints: readonly (string | undefined)[],
): RuleRec | undefined {
  const spec = ruleSpecOf(input);
  if (spec === undefined) return undefined;
  const id = takeId(caseRec.model, spec.id, kind, ...hints);
  return { kind, case: caseRec, id, name: spec.name, options: spec };
}

/** An item control as authored: its element options and its three rules. */
export interface ControlInput extends ElementOptions {
  readonly requiredRule?: RuleInput;
  readonly repetitionRule?: RuleInput;
  readonly manualActivationRule?: RuleInput;
}

/** Records an item control (undefined when none is given), with its rules. */
export function controlRec(
  caseRec: CaseRec,
  input: ControlInput | undefined,
  hints: readonly (string | undefined)[],
): ControlRec | undefined {
  if (input === undefined) return undefined;
  const { requiredRule, repetitionRule, manualActivationRule, ...element } = input;
  if (element.id !== undefined) takeId(caseRec.model, element.id, 'PlanItemControl');
  return {
    options: element,
    repetitionRule: ruleRec(caseRec, 'RepetitionRule', repetitionRule, hints),
    requiredRule: ruleRec(caseRec, 'RequiredRule', requiredRule, hints),
    manualActivationRule: ruleRec(caseRec, 'ManualActivationRule', manualActivationRule, hints),
  };
}
