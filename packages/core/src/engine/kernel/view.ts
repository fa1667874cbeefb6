/**
 * Read access to the instances of a case, the same for a step in progress (over its draft) and
 * for queries (over a stored state): the legality, applicability and completion rules read
 * through it, so that a query and a command always answer alike.
 */
import { evaluateCondition, type CompiledExpression } from '@casekit/rules';
import type { AuthorizationPolicy } from '../authorization-policy.js';
import type { CompiledCase, CompiledNode } from '../compile/compiled-case.js';
import { instanceAt, type CaseInstanceState, type PlanItemInstanceState } from '../state.js';

/** What the rules of the engine read. */
export interface InstanceView {
  readonly c: CompiledCase;
  /** The case state: lifecycle state, case file, id, team. */
  readonly s: Pick<CaseInstanceState, 'id' | 'state' | 'caseFile' | 'numbers' | 'team'>;
  /** The current time (ms), as conditions see it. */
  readonly now: number;
  /** The authorization policy the legality rules apply. */
  readonly policy: AuthorizationPolicy;
  inst(n: number): PlanItemInstanceState;
  /** The compiled node an instance runs. */
  node(n: number): CompiledNode;
  /** The instances of a node, in creation order. */
  instancesOf(node: number): readonly number[];
}

/** A view of a stored (immutable) case state. */
export class StateView implements InstanceView {
  constructor(
    readonly c: CompiledCase,
    readonly s: CaseInstanceState,
    readonly now: number,
    readonly policy: AuthorizationPolicy,
  ) {}

  inst(n: number): PlanItemInstanceState {
    return instanceAt(this.s, n);
  }

  node(n: number): CompiledNode {
    return this.c.nodes[this.inst(n).node]!;
  }

  instancesOf(node: number): readonly number[] {
    return this.s.byNode[node] ?? [];
  }
}

/**
 * Evaluates a condition over the case file, with instance `n`'s repetition counter and the view's
 * time: the one context every condition of a case sees, in a command or in a query.
 */
export function evaluateIn(view: InstanceView, expression: CompiledExpression, n: number | undefined): boolean {
  // Each language's own condition truthiness (§11): EL must yield a boolean, JSON Logic's `[]` is false, FEEL needs `true`.
  return evaluateCondition(expression, {
    variables: view.s.caseFile as Record<string, unknown>,
    repetitionCounter: n === undefined ? undefined : view.inst(n).repetition,
    now: new Date(view.now),
  });
}
