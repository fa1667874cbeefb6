/**
 * The standard events the validator checks on-parts against: the spec's transition names (from the
 * lifecycle module) and, per kind of source, the events its lifecycle emits (the same typed lists,
 * in `lifecycle/standard-events.ts`, the builder uses to type-check `on(source, event)`).
 */
import { standardEventsOf } from '../lifecycle/standard-events.js';
import type { PlanItemDefinition } from '../model/types.js';

export {
  PLAN_ITEM_TRANSITIONS as PLAN_ITEM_EVENTS,
  CASE_FILE_ITEM_TRANSITIONS as CASE_FILE_ITEM_EVENTS,
} from '../lifecycle/transitions.js';

/** The standard events an instance of a definition of this kind can emit (cmmn-semantics §3). */
export function emittedEvents(kind: PlanItemDefinition['kind']): readonly string[] {
  return standardEventsOf(kind);
}
