export { compileCase, type CompiledCase, type CompiledNode, type CompiledCriterion, type CompileOptions } from './compile.js';
export {
  step,
  createCase,
  type Command,
  type Effect,
  type StepContext,
  type StepResult,
  type PlanItemCommandName,
  type CaseCommandName,
  type CreateCaseOptions,
} from './step.js';
export {
  CHUNK_SIZE,
  instanceAt,
  allInstances,
  type CaseInstanceId,
  type PlanItemInstanceId,
  type CaseInstanceState,
  type PlanItemInstanceState,
  type TimerState,
  type JsonValue,
  type User,
  type TransitionRecord,
} from './state.js';
export { systemClock, VirtualClock, type Clock } from './clock.js';
export { resolveInstance, instancesOf, resolveItemIds, splitRef, type ItemRef } from './refs.js';
export {
  caseSnapshot,
  applicableItems,
  legalCommands,
  type CaseSnapshot,
  type PlanItemSnapshot,
  type ApplicableItem,
  type ItemCommands,
} from './queries.js';
export {
  createEngine,
  CaseEngine,
  type EngineOptions,
  type Deployment,
  type StartCaseOptions,
  type CommandOptions,
  type TaskHandler,
  type TaskContext,
  type DecisionEvaluator,
  type TransitionListener,
  type CommandResult,
} from './engine.js';
