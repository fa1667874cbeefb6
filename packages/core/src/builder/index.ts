/**
 * The typed builder: author CMMN 1.1 case models in TypeScript and get the same immutable,
 * validated {@link CmmnModel} that `parseCmmn` gives (see docs/builder.md).
 *
 * @module
 */
export {
  createModel,
  buildCase,
  type ModelBuilder,
  type BuildOptions,
  type BuildResult,
  type BuildCaseOptions,
} from './model-builder.js';
export { on } from './on.js';
export { layoutDiagram, type LayoutOptions } from './layout.js';
export {
  TASK_OR_STAGE_EVENTS,
  MILESTONE_EVENTS,
  EVENT_LISTENER_EVENTS,
  standardEventsOf,
  type DefinitionKind,
  type ItemDefinitionKind,
  type EventListenerKind,
  type TaskKind,
  type TaskOrStageEvent,
  type MilestoneEvent,
  type EventListenerEvent,
  type StandardEventOf,
  type CaseFileItemEvent,
} from '../lifecycle/standard-events.js';
export type * from './handles/index.js';
export type { HumanWorkOptions } from './work-options.js';
