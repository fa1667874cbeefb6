export type { CompiledCase, CompiledNode, CompiledCriterion } from './compile/compiled-case.js';
export {
  PLAN_ITEM_COMMANDS,
  CASE_COMMANDS,
  isPlanItemCommand,
  isCaseCommand,
  type PlanItemCommandName,
  type CaseCommandName,
  TEAM_COMMANDS,
  DOCUMENT_COMMANDS,
  WORK_COMMANDS,
  type DocumentChange,
  type Command,
  type Effect,
  type MemberRef,
  type Values,
} from './commands.js';
export type {
  CaseInstanceId,
  PlanItemInstanceId,
  CaseInstanceState,
  PlanItemInstanceState,
  TimerState,
  JsonValue,
  User,
  TransitionRecord,
  CaseTeam,
  TeamMember,
  TeamChange,
  HumanTaskWork,
  WorkChange,
} from './state.js';
export type { AuthorizationOptions, CaseFileRequest } from './authorization-policy.js';
export { systemClock, VirtualClock, type Clock } from './clock.js';
export { PROFILES, type Profile, type ProfileWarning } from './profile.js';
export type { ItemRef } from './refs.js';
export type { CaseSnapshot, PlanItemSnapshot, ApplicableItem, ItemCommands } from './queries.js';
export {
  createEngine,
  CaseEngine,
  type EngineOptions,
  type Deployment,
  type DeployOptions,
  type PendingDeployment,
  type StartCaseOptions,
  type CommandOptions,
  type TaskHandler,
  type TaskContext,
  type DecisionEvaluator,
  type ErrorContext,
  type TransitionListener,
  type CommandResult,
} from './engine.js';
export type { WorkListQuery, TimeInput } from './shell/work-list.js';
export type { DocumentOptions, DocumentInput, DocumentRead, ReadDocumentOptions, DocumentCommandResult } from './shell/documents.js';
