/**
 * The agenda of a step: the standard events its transitions raised, in order (FIFO). Each is
 * matched to the sentries watching it when it is taken from the agenda, never when it is raised,
 * so that a long chain of consequences is a loop, not a recursion.
 */
import type { PlanItemTransition } from '../../lifecycle/index.js';

/** A plan item instance went through a transition. */
export interface ItemEvent {
  readonly kind: 'item';
  readonly seq: number;
  readonly n: number;
  readonly node: number;
  readonly transition: PlanItemTransition;
  readonly exitCriterion: string | undefined;
}

/** A case file item went through a transition. */
export interface FileEvent {
  readonly kind: 'file';
  readonly seq: number;
  readonly name: string;
  readonly transition: string;
}

/** A new instance waiting to be entered (a repetition: deferred so that a repetition loop is iterative). */
export interface EnterEvent {
  readonly kind: 'enter';
  readonly n: number;
}

export type AgendaEvent = ItemEvent | FileEvent | EnterEvent;
