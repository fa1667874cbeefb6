/**
 * A human task's work, compiled once per node (docs/work.md): its assignee, candidate users and
 * groups, due date and priority as modelers write them in Flowable's and Camunda's extension
 * attributes (`flowable:assignee`, `camunda:candidateGroups`, …, a literal or a `${…}` expression
 * over the case file), and the casekit four-eyes rule (`casekit:fourEyesWith`).
 */
import { compileExpression, ExpressionError, type CompiledExpression } from '@casekit/rules';
import { extensionAttribute, type CmmnElementBase, type DiscretionaryItem, type PlanItem, type PlanItemDefinition, type Stage } from '../../model/types.js';
import { NS } from '../../model/namespaces.js';
import { addDuration, parseDateTime, parseDuration } from '../../timer/index.js';

/** A value of the model: as written, or an expression evaluated when the task becomes work. */
export type WorkValue =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'expression'; readonly expression: CompiledExpression }
  /** A comma-separated list whose entries are literals or expressions (`mo, ${claim.reviewer}`). */
  | { readonly kind: 'list'; readonly parts: readonly WorkValue[] };

/** What a human task's work is made of, compiled. */
export interface CompiledWork {
  readonly assignee: WorkValue | undefined;
  readonly candidateUsers: WorkValue | undefined;
  readonly candidateGroups: WorkValue | undefined;
  /** An ISO date or date-time, an ISO duration from the task's start, or an expression yielding one. */
  readonly dueDate: WorkValue | undefined;
  readonly priority: WorkValue | undefined;
  /** Plan item ids of the tasks this one must be done by another user than (`casekit:fourEyesWith`, space-separated). */
  readonly fourEyesWith: readonly string[];
}

/** The priority of a human task whose model names none (Flowable's and Camunda's default). */
export const DEFAULT_PRIORITY = 50;

const NAMESPACES = [NS.flowable, NS.camunda, NS.casekit] as const;

function attribute(element: Pick<CmmnElementBase, 'extensionAttributes'>, local: string): string | undefined {
  for (const ns of NAMESPACES) {
    const value = extensionAttribute(element, ns, local);
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function valueOf(text: string | undefined, id: string): WorkValue | undefined {
  if (text === undefined) return undefined;
  if (/^[$#]\{[\s\S]*\}$/.test(text)) return { kind: 'expression', expression: compileExpression(text.replace(/^#/, '$'), { language: 'el', id }) };
  return { kind: 'literal', value: text };
}

/** A comma-separated list of literals and expressions (commas inside `${…}` belong to the expression). */
function listOf(text: string | undefined, id: string): WorkValue | undefined {
  if (text === undefined) return undefined;
  const parts = text.match(/(?:[$#]\{[^}]*\}|[^,])+/g) ?? [];
  const values = parts.map((part) => valueOf(part.trim(), id)).filter((v): v is WorkValue => v !== undefined && !(v.kind === 'literal' && v.value === ''));
  return values.length === 1 ? values[0] : { kind: 'list', parts: values };
}

/**
 * Compiles the work of a human task node (undefined for any other kind). Literal due dates and
 * priorities are checked here: a malformed one is an ExpressionError naming the element.
 *
 * @example
 * compileWork(planItem, humanTask)?.fourEyesWith; // ['PI_Assess']
 */
export function compileWork(element: PlanItem | DiscretionaryItem | Stage, definition: PlanItemDefinition): CompiledWork | undefined {
  if (definition.kind !== 'HumanTask') return undefined;
  const id = definition.id ?? element.id ?? 'HumanTask';
  const read = (local: string): string | undefined => attribute(definition, local) ?? (element.kind === 'Stage' ? undefined : attribute(element, local));
  const work: CompiledWork = {
    assignee: valueOf(read('assignee'), id),
    candidateUsers: listOf(read('candidateUsers'), id),
    candidateGroups: listOf(read('candidateGroups'), id),
    dueDate: valueOf(read('dueDate'), id),
    priority: valueOf(read('priority'), id),
    fourEyesWith: (extensionAttribute(element, NS.casekit, 'fourEyesWith') ?? extensionAttribute(definition, NS.casekit, 'fourEyesWith') ?? '').split(/\s+/).filter((s) => s !== ''),
  };
  if (work.dueDate?.kind === 'literal') dueAtOf(work.dueDate.value, 0, id);
  if (work.priority?.kind === 'literal') priorityOf(work.priority.value, id);
  return Object.freeze(work);
}

/** A due time (ms) from a value: a number of ms, an ISO duration after `startedAt`, or an ISO date or date-time. */
export function dueAtOf(value: unknown, startedAt: number, id: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value !== 'string') throw new ExpressionError(String(value), `a due date is an ISO date, date-time or duration, not ${typeof value}`, id);
  const text = value.trim();
  try {
    return text.startsWith('P') ? addDuration(startedAt, parseDuration(text)) : parseDateTime(text);
  } catch (error) {
    throw new ExpressionError(text, `a due date is an ISO date, date-time or duration: ${error instanceof Error ? error.message : String(error)}`, id);
  }
}

/** A priority from a value: an integer, or a string holding one. */
export function priorityOf(value: unknown, id: string): number {
  if (value === null || value === undefined || value === '') return DEFAULT_PRIORITY;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new ExpressionError(String(value), 'a priority is an integer', id);
  return n;
}

/** User or group ids from a value: a comma-separated string, or a list of strings. */
export function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value === null || value === undefined ? [] : [String(value)];
  const ids: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'string') continue;
    const id = entry.trim();
    if (id !== '' && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
