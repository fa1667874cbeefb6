/**
 * The budget of one evaluation: steps counted by the evaluators, sizes checked where values are
 * built, and the clock for the FEEL backstop. A budget is made per evaluation (or per decision
 * evaluation, shared by its entries) and never shared across calls.
 */
import type { ExpressionContext } from './context.js';
import { ExpressionFailure } from './errors.js';
import { evaluationLimits, type EvaluationLimits } from './limits.js';

/** Internal: where a decision hands its budget to the expressions it evaluates. */
export const BUDGET: unique symbol = Symbol('casekit.budget');

/** Internal: an {@link ExpressionContext} that may carry a budget shared by several evaluations. */
export type BudgetedContext = ExpressionContext & { readonly [BUDGET]?: Budget };

const format = (n: number): string => n.toLocaleString('en-US');

/** The steps and sizes one evaluation may still spend. Throws ExpressionFailure (with `limit`) when exceeded. */
export class Budget {
  readonly limits: EvaluationLimits;
  /** When the evaluation started (performance.now()), for the FEEL wall-clock backstop. */
  readonly startedAt: number;
  private steps = 0;

  constructor(limits?: Partial<EvaluationLimits>) {
    this.limits = evaluationLimits(limits);
    this.startedAt = performance.now();
  }

  /** Spends `count` steps. */
  step(count = 1): void {
    this.steps += count;
    if (this.steps > this.limits.maxSteps) {
      throw new ExpressionFailure(`evaluation exceeded its budget of ${format(this.limits.maxSteps)} steps`, undefined, { limit: 'maxSteps' });
    }
  }

  /** Checks the length of a list about to be built (`what` names it in the message), and spends it. */
  collection(length: number, what: string): void {
    if (length > this.limits.maxCollectionLength) {
      throw new ExpressionFailure(`${what} would have ${format(length)} elements, more than the limit of ${format(this.limits.maxCollectionLength)}`, undefined, {
        limit: 'maxCollectionLength',
      });
    }
    this.step(length);
  }

  /** Checks the length of a string about to be built or searched, and spends a step per 64 code units. */
  text(length: number, what: string): void {
    if (length > this.limits.maxStringLength) {
      throw new ExpressionFailure(`${what} would be ${format(length)} characters long, more than the limit of ${format(this.limits.maxStringLength)}`, undefined, {
        limit: 'maxStringLength',
      });
    }
    this.step(1 + (length >>> 6));
  }

  /** The milliseconds left of the wall-clock bound. */
  remainingMs(): number {
    return this.limits.maxEvaluationMs - (performance.now() - this.startedAt);
  }

  /**
   * Counts the values of a list or context as a tree (so parts shared many times count each time)
   * and spends them; throws when there are more than `maxOutputSize` (`what` names the value).
   * Strings longer than `maxStringLength` are refused too.
   */
  measure(value: unknown, what: string): number {
    if (typeof value === 'string') {
      this.text(value.length, what);
      return 1;
    }
    if (value === null || typeof value !== 'object') return 1;
    const limit = this.limits.maxOutputSize;
    let seen = 1;
    const stack: object[] = [value];
    while (stack.length > 0) {
      const current = stack.pop() as object;
      const members: readonly unknown[] = Array.isArray(current) ? current : isPlain(current) ? Object.values(current) : [];
      seen += members.length;
      if (seen > limit) {
        throw new ExpressionFailure(`${what} has more than ${format(limit)} values`, undefined, { limit: 'maxOutputSize' });
      }
      for (const member of members) {
        if (typeof member === 'string' && member.length > this.limits.maxStringLength) this.text(member.length, `a string of ${what}`);
        if (member !== null && typeof member === 'object') stack.push(member);
      }
    }
    this.step(seen);
    return seen;
  }

  /** Throws when the result of an evaluation is larger than `maxOutputSize` values or holds a string longer than `maxStringLength`. */
  output(value: unknown): void {
    if (value !== null && (typeof value === 'object' || typeof value === 'string')) this.measure(value, 'the result');
  }
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The budget an evaluation runs under: the one the context carries (a decision's), else a new one from `context.limits`. */
export function budgetOf(context: ExpressionContext): Budget {
  return (context as BudgetedContext)[BUDGET] ?? new Budget(context.limits);
}

/** Internal: `context` carrying `budget`, for the expressions a decision evaluates. */
export function withBudget(context: ExpressionContext, budget: Budget): BudgetedContext {
  return { ...context, [BUDGET]: budget };
}
