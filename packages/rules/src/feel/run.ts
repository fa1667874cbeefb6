/**
 * One evaluation by feelin, bounded: the guards and the wrapped built-ins are put into the
 * context, expressions with loops, filters, contexts or function definitions run under the
 * wall-clock backstop (`maxEvaluationMs`, measured from the start of the evaluation or of the
 * decision it belongs to), and the warnings that mean the expression cannot work become failures.
 */
import { Script, createContext } from 'node:vm';
import { evaluate as evaluateFeel, unaryTest as feelUnaryTest, type Warning } from 'feelin';
import type { Budget } from '../budget.js';
import { ExpressionFailure } from '../errors.js';
import { installBuiltins } from './builtins.js';
import { installGuards, type GuardedFeel } from './guard.js';

/** feelin warnings that mean the expression cannot work, rather than FEEL's null for missing data. */
const FATAL_WARNINGS: ReadonlySet<string> = new Set(['NO_FUNCTION_FOUND', 'UNSUPPORTED']);

/**
 * Where the backstop runs: `vm` interrupts a synchronous call after its timeout (even inside a
 * regular expression or a tight loop), and the evaluation fails instead of blocking the process.
 */
const sandbox = createContext({});
const script = new Script('casekitRun()');

function withDeadline<T>(run: () => T, budget: Budget): T {
  const limit = budget.limits.maxEvaluationMs;
  const timedOut = (): ExpressionFailure => new ExpressionFailure(`evaluation took longer than ${limit} ms`, undefined, { limit: 'maxEvaluationMs' });
  const remaining = Math.floor(budget.remainingMs());
  if (remaining <= 0) throw timedOut();
  const previous: unknown = sandbox.casekitRun;
  sandbox.casekitRun = run;
  try {
    return script.runInContext(sandbox, { timeout: remaining }) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw timedOut();
    throw error;
  } finally {
    sandbox.casekitRun = previous;
  }
}

/**
 * Evaluates a guarded FEEL text by feelin (`unaryTests`: as unary tests, with `?` in the context),
 * within `budget`. `source` is the text as written, for messages. Throws ExpressionFailure.
 */
export function runFeel(mode: 'expression' | 'unaryTests', guarded: GuardedFeel, source: string, context: Record<string, unknown>, budget: Budget): unknown {
  installBuiltins(context, guarded.builtins, budget);
  if (guarded.rewritten) installGuards(context, budget);
  const run = (): { value: unknown; warnings: Warning[] } => (mode === 'expression' ? evaluateFeel(guarded.text, context) : feelUnaryTest(guarded.text, context));
  const { value, warnings } = guarded.deadline ? withDeadline(run, budget) : run();
  const fatal = warnings.find((warning) => FATAL_WARNINGS.has(warning.type));
  if (fatal !== undefined) {
    const at = guarded.rewritten ? undefined : fatal.position.from;
    const where = at === undefined ? '' : ` at ${at}`;
    const reason =
      fatal.type === 'NO_FUNCTION_FOUND'
        ? `no function to invoke${at === undefined ? '' : ` in ${JSON.stringify(source.slice(fatal.position.from, fatal.position.to))}`}${where}`
        : `${fatal.message}${where}`;
    throw new ExpressionFailure(reason, at);
  }
  return value;
}
