/**
 * Decisions compiled from their definitions: a decision table or a FEEL literal expression, with
 * the decisions it requires evaluated first (DMN information requirements).
 */
import { Budget, withBudget } from '../budget.js';
import type { ExpressionContext } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { createJsonLogicEvaluator, type JsonLogicEvaluator } from '../jsonlogic/evaluator.js';
import { DecisionEvaluationError, DecisionTableError } from './errors.js';
import { compileOutputEntry } from './expressions.js';
import { checkInput } from './input.js';
import { DECISION_LIMITS } from './limits.js';
import type { DecisionDefinition, DecisionValue } from './model.js';
import type { DecisionResult, DecisionTrace, EvaluateOptions } from './result.js';
import { compileTable, type TableOutcome } from './table.js';
import { describeValue, fitsType } from './values.js';

/**
 * A compiled decision: evaluate it on an input (the case file), as often as needed.
 *
 * @example
 * const [decision] = compileDecisions(readDecisionTableJson(json));
 * decision.evaluate({ score: 720, income: 4200, debtRatio: 0.25 }).outputs; // { decision: 'approve', limit: 10000 }
 */
export interface Decision {
  readonly id: string;
  readonly name: string | undefined;
  /** The name its result is known by to requiring decisions (DMN `variable`). */
  readonly variable: string;
  /** The keys a registry finds it by: id, name and aliases. */
  readonly keys: readonly string[];
  /** The names of the outputs it writes into the case file. */
  readonly outputNames: readonly string[];
  /** The decisions evaluated first, whose results it reads by their variables. */
  readonly requires: readonly Decision[];
  readonly definition: DecisionDefinition;
  /**
   * Evaluates the decision on `input` (the case file: plain JSON data). Throws
   * DecisionInputError, HitPolicyViolationError or DecisionEvaluationError.
   */
  evaluate(input: Readonly<Record<string, unknown>>, options?: EvaluateOptions): DecisionResult;
}

/**
 * Options of {@link compileDecisions}.
 *
 * @example
 * const options: CompileDecisionOptions = { jsonLogic: createJsonLogicEvaluator({ operations: { isWeekend: (d) => d === 'Sat' } }) };
 */
export interface CompileDecisionOptions {
  /** The JSON Logic evaluator for JSON Logic entries (custom operations). Default: built-ins only. */
  readonly jsonLogic?: JsonLogicEvaluator;
  /** Decisions compiled earlier that these may require (by id). */
  readonly available?: readonly Decision[];
}

const defaultJsonLogic = createJsonLogicEvaluator();

/** One decision's own evaluation, given the context with its requirements' results. */
type Own = (context: ExpressionContext, explain: boolean) => TableOutcome;

/**
 * Compiles decisions read from one source (a DMN file's decisions, or JSON tables), resolving the
 * decisions they require among them (and `options.available`). Throws {@link DecisionTableError}
 * for any problem of any decision, naming it (and the rule and entry).
 *
 * @example
 * const decisions = compileDecisions(readDmn(xml, { source: 'care-risk.dmn' }));
 * decisions[0].evaluate({ age: 82, chronicConditions: 3, systolicBP: 150, mentalHealthConcern: true, socialSupport: 'none' });
 */
export function compileDecisions(definitions: readonly DecisionDefinition[], options: CompileDecisionOptions = {}): Decision[] {
  if (definitions.length > DECISION_LIMITS.maxDecisions) {
    throw new DecisionTableError(`at most ${DECISION_LIMITS.maxDecisions} decisions may be compiled together`);
  }
  const jsonLogic = options.jsonLogic ?? defaultJsonLogic;
  const byId = new Map<string, DecisionDefinition>();
  for (const definition of definitions) {
    if (byId.has(definition.id)) throw new DecisionTableError(`two decisions have the id ${JSON.stringify(definition.id)}`, { decision: definition.id, source: definition.source });
    byId.set(definition.id, definition);
  }
  const available = new Map((options.available ?? []).map((decision) => [decision.id, decision] as const));
  const compiled = new Map<string, Decision>();
  const visiting: string[] = [];

  const build = (definition: DecisionDefinition): Decision => {
    const done = compiled.get(definition.id);
    if (done !== undefined) return done;
    if (visiting.includes(definition.id)) {
      const cycle = [...visiting.slice(visiting.indexOf(definition.id)), definition.id].join(' → ');
      throw new DecisionTableError(`required decisions form a cycle: ${cycle}`, { decision: definition.id, source: definition.source });
    }
    if (visiting.length >= DECISION_LIMITS.maxRequirementDepth) {
      throw new DecisionTableError(`required decisions are nested more than ${DECISION_LIMITS.maxRequirementDepth} deep`, { decision: definition.id, source: definition.source });
    }
    visiting.push(definition.id);
    const requires = definition.requires.map((id) => {
      const required = byId.get(id);
      if (required !== undefined) return build(required);
      const earlier = available.get(id);
      if (earlier !== undefined) return earlier;
      throw new DecisionTableError(`requires decision ${JSON.stringify(id)}, which is not defined`, { decision: definition.id, source: definition.source, entry: 'informationRequirement' });
    });
    visiting.pop();
    const decision = makeDecision(definition, requires, jsonLogic);
    compiled.set(definition.id, decision);
    return decision;
  };
  return definitions.map(build);
}

function makeDecision(definition: DecisionDefinition, requires: readonly Decision[], jsonLogic: JsonLogicEvaluator): Decision {
  const id = definition.id;
  const variable = definition.variable ?? definition.name ?? id;
  let own: Own;
  let outputNames: readonly string[];
  if (definition.logic.kind === 'decisionTable') {
    const table = definition.logic.table;
    const compiled = compileTable(table, {
      decision: id,
      source: definition.source,
      variable,
      jsonLogic,
      knownNames: closedNames(definition, requires),
    });
    outputNames = compiled.outputNames;
    own = (context, explain) => compiled.evaluate(context, explain);
  } else {
    const logic = definition.logic;
    let entry;
    try {
      entry = compileOutputEntry({ kind: 'feel', text: logic.text }, jsonLogic, id);
    } catch (error) {
      throw new DecisionTableError(error instanceof Error ? ((error as { reason?: string }).reason ?? error.message) : String(error), { decision: id, source: definition.source, entry: 'literalExpression' }, { cause: error });
    }
    const literal = entry;
    const typeRef = logic.typeRef ?? 'any';
    outputNames = [variable];
    own = (context) => {
      let value: DecisionValue;
      if (literal.kind === 'constant') value = literal.value;
      else {
        try {
          value = literal.evaluate(context);
        } catch (error) {
          throw new DecisionEvaluationError(id, undefined, 'literalExpression', error instanceof Error ? ((error as { reason?: string }).reason ?? error.message) : String(error), { cause: error });
        }
      }
      if (value !== null && !fitsType(value, typeRef)) {
        throw new DecisionEvaluationError(id, undefined, 'literalExpression', `${describeValue(value)} is not a ${typeRef}, the decision's type`);
      }
      return { value, outputs: { [variable]: value }, matchedRules: [] };
    };
  }

  const hitPolicy = definition.logic.kind === 'decisionTable' ? definition.logic.table.hitPolicy : undefined;
  const aggregation = definition.logic.kind === 'decisionTable' ? definition.logic.table.aggregation : undefined;
  const keys = [...new Set([id, ...(definition.name === undefined ? [] : [definition.name]), ...(definition.aliases ?? [])])];

  const run = (decision: Decision, input: Readonly<Record<string, unknown>>, evaluation: Run, memo: Map<Decision, DecisionResult>): DecisionResult => {
    const done = memo.get(decision);
    if (done !== undefined) return done;
    const result = (decision as InternalDecision)[EVALUATE_OWN](input, evaluation, memo);
    memo.set(decision, result);
    return result;
  };

  const decision: InternalDecision = {
    id,
    name: definition.name,
    variable,
    keys,
    outputNames,
    requires,
    definition,
    evaluate(input, options = {}) {
      checkInput(id, input);
      const evaluation: Run = { now: options.now, explain: options.explain === true, budget: new Budget(options.limits) };
      const result = requires.length === 0 ? decision[EVALUATE_OWN](input, evaluation, undefined) : run(decision, input, evaluation, new Map());
      try {
        evaluation.budget.measure(result.outputs, 'the outputs');
      } catch (error) {
        if (!(error instanceof ExpressionFailure)) throw error;
        throw new DecisionEvaluationError(id, undefined, 'outputs', error.reason, { cause: error });
      }
      return result;
    },
    [EVALUATE_OWN](input, evaluation, memo) {
      const { now, explain } = evaluation;
      let variables: Record<string, unknown> = input as Record<string, unknown>;
      const required: DecisionTrace[] = [];
      if (requires.length > 0) {
        variables = { ...input };
        const shared = memo ?? new Map<Decision, DecisionResult>();
        for (const requirement of requires) {
          const result = run(requirement, input, evaluation, shared);
          variables[requirement.variable] = result.value;
          if (result.trace !== undefined) required.push(result.trace);
        }
      }
      const context: ExpressionContext = withBudget(now === undefined ? { variables } : { variables, now }, evaluation.budget);
      const outcome = own(context, explain);
      const result: DecisionResult = { decision: id, value: outcome.value, outputs: outcome.outputs, matchedRules: outcome.matchedRules };
      if (!explain) return result;
      const trace: DecisionTrace = {
        decision: id,
        name: definition.name,
        hitPolicy,
        aggregation,
        inputs: outcome.inputs ?? [],
        rules: outcome.rules ?? [],
        matchedRules: outcome.matchedRules,
        value: outcome.value,
        outputs: outcome.outputs,
        required,
      };
      return { ...result, trace };
    },
  };
  return Object.freeze(decision);
}

/** The names a JSON table's FEEL entries may read: its inputs' names and its requirements' variables. */
function closedNames(definition: DecisionDefinition, requires: readonly Decision[]): ReadonlySet<string> | undefined {
  if (definition.logic.kind !== 'decisionTable' || definition.closedNames !== true) return undefined;
  const names = new Set<string>();
  for (const input of definition.logic.table.inputs) if (input.name !== undefined) names.add(input.name);
  for (const requirement of requires) names.add(requirement.variable);
  return names;
}

const EVALUATE_OWN: unique symbol = Symbol('evaluateOwn');

/** One evaluation of a decision and the decisions it requires: the clock, whether to explain, the shared budget. */
interface Run {
  readonly now: Date | undefined;
  readonly explain: boolean;
  readonly budget: Budget;
}

interface InternalDecision extends Decision {
  [EVALUATE_OWN](input: Readonly<Record<string, unknown>>, run: Run, memo: Map<Decision, DecisionResult> | undefined): DecisionResult;
}
