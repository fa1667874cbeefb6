/**
 * The seams between the kernel and the CMMN concerns. The kernel creates instances, applies
 * lifecycle transitions, records them and runs the agenda; what a transition or an event means
 * (sentries, stages, timers, tasks, repetition, completion) lives in one module per concern, which
 * the step wires in here. The concerns call each other only through the kernel, so no module
 * imports one that imports it back.
 */
import type { PlanItemState, PlanItemTransition } from '../../lifecycle/index.js';
import type { CompiledNode } from '../compile/compiled-case.js';
import type { FileEvent, ItemEvent } from './agenda.js';
import type { StepRun } from './step-run.js';

export interface KernelHooks {
  /** An instance was just created (Available): timers that start at creation start here. */
  created(run: StepRun, n: number): void;
  /** An instance's entry is to be tried: items without entry criteria enter, standing criteria are evaluated. */
  afterCreate(run: StepRun, n: number): void;
  /** An entry criterion fired (or the item has none): repetition, then start / enable / occur. */
  enter(run: StepRun, n: number): void;
  /** A transition was applied and recorded: its consequences. */
  afterTransition(run: StepRun, n: number, node: CompiledNode, transition: PlanItemTransition, from: PlanItemState, to: PlanItemState): void;
  /** A plan item event was taken from the agenda. */
  onItemEvent(run: StepRun, event: ItemEvent): void;
  /** A case file event was taken from the agenda. */
  onFileEvent(run: StepRun, event: FileEvent): void;
  /** The agenda is empty: complete what may complete. True when that raised new events. */
  atQuiescence(run: StepRun): boolean;
  /** The step is over: forget what lasts only one step (onEvent sentries). */
  finished(run: StepRun): void;
}
