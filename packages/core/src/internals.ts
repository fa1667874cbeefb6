/**
 * `@casekit/core/internals`: the engine's inner parts, for the scenario runner, storage adapters,
 * renderers and tests — not for host applications, and not covered by semantic versioning the way
 * the main entry point is: the pure step function, the compiler and its compiled form, instance
 * addressing, ref resolution and the read-only queries over a state.
 *
 * @packageDocumentation
 */
export { compileCase, ON_PARTS_PER_WORD, type CompileOptions } from './engine/compile/compile.js';
export type {
  CompiledCase,
  CompiledNode,
  CompiledCriterion,
  CompiledOnPart,
  CompiledRule,
  CompiledTimerStart,
  NodeBehaviour,
  Watcher,
} from './engine/compile/compiled-case.js';
export { step, createCase, type StepContext, type StepResult, type CreateCaseOptions } from './engine/step.js';
export { CHUNK_SIZE, CHUNK_BITS, instanceAt, instanceById, allInstances } from './engine/state.js';
export { resolveInstance, resolveDiscretionary, instancesOf, resolveItemIds, splitRef } from './engine/refs.js';
export { caseSnapshot, applicableItems, legalCommands } from './engine/queries.js';
export {
  planItemCommandRefusal,
  planItemStateRefusal,
  legalPlanItemCommands,
  planningRefusal,
  itemRefusal,
  caseCommandRefusal,
  caseFileRefusal,
  teamRefusal,
  standingOf,
  workRefusal,
  legalWorkCommands,
  fourEyesRefusal,
  isCandidate,
  type Refusal,
  type Standing,
} from './engine/legality.js';
export { AUTHORIZATION_ON, AUTHORIZATION_OFF, authorizationPolicy, type AuthorizationPolicy } from './engine/authorization-policy.js';
export { StateView, type InstanceView } from './engine/kernel/view.js';
export { manualCompletionBlocker, completionBlocker } from './engine/completion.js';

// Storage adapters: the checks, query parsing, cursors and work index every store shares.
export * from './store/adapter-kit.js';
