/**
 * The standard events an on-part may wait for, per kind of source (CMMN 1.1 §8.3–8.4), as types
 * and as data. The names are the spec's transition names; a milestone emits `occur`, never
 * `complete`, so `on(milestone, 'complete')` does not compile.
 *
 * One leaf module for the builder (which types `on(source, event)` with these lists) and the
 * validator (which checks parsed on-parts against them), so neither imports the other.
 *
 * @module
 */
import type { PlanItemDefinition } from '../model/types.js';
import type { CaseFileItemTransition, PlanItemTransition } from './transitions.js';

/**
 * Every plan item definition kind (the XSD type name).
 *
 * @example
 * const kind: DefinitionKind = 'HumanTask';
 */
export type DefinitionKind = PlanItemDefinition['kind'];

/**
 * The definition kinds a plan item can use (a plan fragment is only ever discretionary).
 *
 * @example
 * const kind: ItemDefinitionKind = 'Milestone';
 */
export type ItemDefinitionKind = Exclude<DefinitionKind, 'PlanFragment'>;

/**
 * The three event listener kinds.
 *
 * @example
 * const kind: EventListenerKind = 'TimerEventListener';
 */
export type EventListenerKind = 'EventListener' | 'UserEventListener' | 'TimerEventListener';

/**
 * The five task kinds.
 *
 * @example
 * const kind: TaskKind = 'ProcessTask';
 */
export type TaskKind = 'Task' | 'HumanTask' | 'CaseTask' | 'ProcessTask' | 'DecisionTask';

/**
 * The transitions of the stage and task lifecycle (CMMN 1.1 §8.4.2), which tasks, stages and plan
 * fragments emit.
 *
 * @example
 * TASK_OR_STAGE_EVENTS.includes('manualStart'); // true
 */
export const TASK_OR_STAGE_EVENTS = [
  'create',
  'enable',
  'disable',
  'reenable',
  'start',
  'manualStart',
  'suspend',
  'resume',
  'fault',
  'reactivate',
  'complete',
  'terminate',
  'exit',
  'parentSuspend',
  'parentResume',
] as const satisfies readonly PlanItemTransition[];

/**
 * The transitions of the milestone lifecycle (CMMN 1.1 §8.4.3; `exit` through an exit criterion,
 * see cmmn-semantics §3).
 *
 * @example
 * MILESTONE_EVENTS.includes('occur'); // true
 */
export const MILESTONE_EVENTS = [
  'create',
  'occur',
  'suspend',
  'resume',
  'terminate',
  'exit',
  'parentSuspend',
  'parentResume',
  'parentTerminate',
] as const satisfies readonly PlanItemTransition[];

/**
 * The transitions of the event listener lifecycle (CMMN 1.1 §8.4.3).
 *
 * @example
 * EVENT_LISTENER_EVENTS.includes('exit'); // false
 */
export const EVENT_LISTENER_EVENTS = [
  'create',
  'occur',
  'suspend',
  'resume',
  'terminate',
  'parentSuspend',
  'parentResume',
  'parentTerminate',
] as const satisfies readonly PlanItemTransition[];

/**
 * A standard event of a task or stage.
 *
 * @example
 * const event: TaskOrStageEvent = 'complete';
 */
export type TaskOrStageEvent = (typeof TASK_OR_STAGE_EVENTS)[number];

/**
 * A standard event of a milestone.
 *
 * @example
 * const event: MilestoneEvent = 'occur';
 */
export type MilestoneEvent = (typeof MILESTONE_EVENTS)[number];

/**
 * A standard event of an event listener.
 *
 * @example
 * const event: EventListenerEvent = 'occur';
 */
export type EventListenerEvent = (typeof EVENT_LISTENER_EVENTS)[number];

/**
 * The standard events a plan item whose definition is of kind `K` emits.
 *
 * @example
 * const ok: StandardEventOf<'Milestone'> = 'occur';
 * // @ts-expect-error a milestone never completes
 * const wrong: StandardEventOf<'Milestone'> = 'complete';
 */
export type StandardEventOf<K extends DefinitionKind> = K extends 'Milestone'
  ? MilestoneEvent
  : K extends EventListenerKind
    ? EventListenerEvent
    : TaskOrStageEvent;

/**
 * The standard events a case file item emits (CMMN 1.1 §8.3).
 *
 * @example
 * const event: CaseFileItemEvent = 'update';
 */
export type CaseFileItemEvent = CaseFileItemTransition;

/**
 * The standard events a plan item whose definition is of `kind` emits, as data.
 *
 * @example
 * standardEventsOf('TimerEventListener'); // ['create', 'occur', …]
 */
export function standardEventsOf<K extends DefinitionKind>(kind: K): readonly StandardEventOf<K>[] {
  switch (kind) {
    case 'Milestone':
      return MILESTONE_EVENTS as readonly string[] as readonly StandardEventOf<K>[];
    case 'EventListener':
    case 'UserEventListener':
    case 'TimerEventListener':
      return EVENT_LISTENER_EVENTS as readonly string[] as readonly StandardEventOf<K>[];
    default:
      return TASK_OR_STAGE_EVENTS as readonly string[] as readonly StandardEventOf<K>[];
  }
}
