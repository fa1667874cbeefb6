/**
 * The plan item definition kinds as data, and type guards over them.
 */
import type {
  CaseTask,
  DecisionTask,
  EventListener,
  HumanTask,
  PlanItemDefinition,
  ProcessTask,
  Task,
  TimerEventListener,
  UserEventListener,
} from './case-plan.js';

/** Every task definition. */
export type AnyTask = Task | HumanTask | CaseTask | ProcessTask | DecisionTask;

/** Plan item definition kinds. */
export const PLAN_ITEM_DEFINITION_KINDS = [
  'Stage',
  'PlanFragment',
  'Task',
  'HumanTask',
  'CaseTask',
  'ProcessTask',
  'DecisionTask',
  'Milestone',
  'EventListener',
  'UserEventListener',
  'TimerEventListener',
] as const satisfies readonly PlanItemDefinition['kind'][];

/** True when `element` is a plan item definition. */
export function isPlanItemDefinition(element: { readonly kind: string } | undefined): element is PlanItemDefinition {
  return element !== undefined && (PLAN_ITEM_DEFINITION_KINDS as readonly string[]).includes(element.kind);
}

/** True when `element` is a task of any kind. */
export function isTask(element: { readonly kind: string } | undefined): element is AnyTask {
  switch (element?.kind) {
    case 'Task':
    case 'HumanTask':
    case 'CaseTask':
    case 'ProcessTask':
    case 'DecisionTask':
      return true;
    default:
      return false;
  }
}

/** True when `element` is an event listener of any kind. */
export function isEventListener(
  element: { readonly kind: string } | undefined,
): element is EventListener | UserEventListener | TimerEventListener {
  const kind = element?.kind;
  return kind === 'EventListener' || kind === 'UserEventListener' || kind === 'TimerEventListener';
}
