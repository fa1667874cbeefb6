/**
 * Human work in the builder (docs/work.md): a human task's `work` options written as `casekit:`
 * attributes of its definition (`casekit:assignee`, `casekit:candidateGroups`, …, read like
 * Flowable's and Camunda's), and `fourEyesWith` as `casekit:fourEyesWith` on its plan item.
 *
 * @internal
 */
import { NS } from '../model/namespaces.js';
import type { XmlAttributeInput } from './handles/element-options.js';

/**
 * Who does a human task and by when, as the builder writes it.
 *
 * @example
 * plan.humanTask('Assess', { work: { candidateGroups: ['claims'], dueDate: 'P2D', priority: '${claim.urgent ? 80 : 50}' } });
 */
export interface HumanWorkOptions {
  /** A user id, or an expression (`${claim.handler}`). */
  readonly assignee?: string;
  /** User ids or expressions. */
  readonly candidateUsers?: readonly string[];
  /** Group ids or expressions. */
  readonly candidateGroups?: readonly string[];
  /** An ISO date or date-time, an ISO duration from the task's start, or an expression. */
  readonly dueDate?: string;
  /** An integer (higher first; default 50), or an expression. */
  readonly priority?: number | string;
}

const attr = (local: string, value: string): XmlAttributeInput => ({ namespace: NS.casekit, prefix: 'casekit', local, value });

/** The `casekit:` attributes of a human task definition's `work` options. */
export function workAttributes(work: HumanWorkOptions | undefined): XmlAttributeInput[] {
  if (work === undefined) return [];
  const out: XmlAttributeInput[] = [];
  if (work.assignee !== undefined) out.push(attr('assignee', work.assignee));
  if (work.candidateUsers !== undefined) out.push(attr('candidateUsers', work.candidateUsers.join(',')));
  if (work.candidateGroups !== undefined) out.push(attr('candidateGroups', work.candidateGroups.join(',')));
  if (work.dueDate !== undefined) out.push(attr('dueDate', work.dueDate));
  if (work.priority !== undefined) out.push(attr('priority', String(work.priority)));
  return out;
}

/** The `casekit:fourEyesWith` attribute naming the plan items (handles or ids) a task must be done apart from. */
export function fourEyesAttributes(fourEyesWith: unknown): XmlAttributeInput[] {
  if (fourEyesWith === undefined) return [];
  const list = Array.isArray(fourEyesWith) ? (fourEyesWith as unknown[]) : [fourEyesWith];
  const ids = list.map((entry) => (typeof entry === 'string' ? entry : (entry as { id: string }).id));
  return ids.length === 0 ? [] : [attr('fourEyesWith', ids.join(' '))];
}
