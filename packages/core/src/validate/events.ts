import type { PlanItemDefinition } from '../model/types.js';

/** The plan item transitions a `standardEvent` of a plan item on-part may name (CMMN 1.1 §8.4). */
export const PLAN_ITEM_EVENTS = [
  'close',
  'complete',
  'create',
  'disable',
  'enable',
  'exit',
  'fault',
  'manualStart',
  'occur',
  'parentResume',
  'parentSuspend',
  'parentTerminate',
  'reactivate',
  'reenable',
  'resume',
  'start',
  'suspend',
  'terminate',
] as const;

/** The case file item transitions a `standardEvent` of a case file item on-part may name (CMMN 1.1 §8.3). */
export const CASE_FILE_ITEM_EVENTS = [
  'addChild',
  'addReference',
  'create',
  'delete',
  'removeChild',
  'removeReference',
  'replace',
  'update',
] as const;

const TASK_OR_STAGE = [
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
] as const;
const MILESTONE = ['create', 'occur', 'suspend', 'resume', 'terminate', 'exit', 'parentSuspend', 'parentResume', 'parentTerminate'] as const;
const EVENT_LISTENER = ['create', 'occur', 'suspend', 'resume', 'terminate', 'parentSuspend', 'parentResume', 'parentTerminate'] as const;

/** The standard events an instance of a definition of this kind can emit (cmmn-semantics §3). */
export function emittedEvents(kind: PlanItemDefinition['kind']): readonly string[] {
  switch (kind) {
    case 'Milestone':
      return MILESTONE;
    case 'EventListener':
    case 'UserEventListener':
    case 'TimerEventListener':
      return EVENT_LISTENER;
    default:
      return TASK_OR_STAGE;
  }
}
