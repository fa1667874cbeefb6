/**
 * Structural facts of a plan item, compiled once from its lifecycle kind and definition: what
 * entering, exiting, ending with its stage and starting it do, and which states a criterion is
 * watched in. The step reads these fields instead of switching on item types.
 */
import type { PlanItemKind, PlanItemState, PlanItemTransition } from '../../lifecycle/index.js';
import type { PlanItemDefinition } from '../../model/types.js';
import type { NodeBehaviour, StartBehaviour } from './compiled-case.js';

const AVAILABLE: ReadonlySet<PlanItemState> = Object.freeze(new Set<PlanItemState>(['Available']));
/** The non-final states `exit` leaves from (tasks and stages). */
const EXITABLE: ReadonlySet<PlanItemState> = Object.freeze(new Set<PlanItemState>(['Available', 'Enabled', 'Disabled', 'Active', 'Suspended', 'Failed']));
/** The states `parentTerminate` leaves from (milestones and event listeners). */
const LISTENING: ReadonlySet<PlanItemState> = Object.freeze(new Set<PlanItemState>(['Available', 'Suspended']));

const REPEATS_AFTER_TASK: ReadonlySet<PlanItemTransition> = Object.freeze(new Set<PlanItemTransition>(['complete', 'terminate']));
const REPEATS_AFTER_MILESTONE: ReadonlySet<PlanItemTransition> = Object.freeze(new Set<PlanItemTransition>(['complete', 'terminate', 'occur']));
const NEVER: ReadonlySet<PlanItemTransition> = Object.freeze(new Set<PlanItemTransition>());

const START_BY_TYPE: Readonly<Partial<Record<PlanItemDefinition['kind'], StartBehaviour>>> = {
  HumanTask: 'none',
  CaseTask: 'startChildCase',
  DecisionTask: 'evaluateDecision',
  ProcessTask: 'invokeTask',
  Task: 'invokeTask',
};

/** The states in which an owner of kind `kind` watches an entry or exit criterion (§4). */
export function watchedStates(kind: PlanItemKind, type: 'entry' | 'exit'): ReadonlySet<PlanItemState> {
  if (type === 'entry') return AVAILABLE;
  return kind === 'milestone' || kind === 'eventListener' ? AVAILABLE : EXITABLE;
}

/** Compiles the behaviour of a node. */
export function behaviourOf(kind: PlanItemKind, type: PlanItemDefinition['kind'], isRoot: boolean, commandRoles: readonly string[]): NodeBehaviour {
  const listens = kind === 'milestone' || kind === 'eventListener';
  return Object.freeze({
    entry: kind === 'milestone' ? 'occur' : kind === 'eventListener' ? 'wait' : 'startOrEnable',
    exit: isRoot ? 'terminate' : kind === 'eventListener' ? 'parentTerminate' : 'exit',
    endedByStage: listens ? 'parentTerminate' : 'exit',
    endableFrom: listens ? LISTENING : EXITABLE,
    userOccurs: type === 'UserEventListener',
    onStart: kind === 'task' ? (START_BY_TYPE[type] ?? 'invokeTask') : 'none',
    isStage: kind === 'stage',
    repeatsAfter: isRoot ? NEVER : kind === 'milestone' ? REPEATS_AFTER_MILESTONE : REPEATS_AFTER_TASK,
    commandRoles,
    commandedBy: kind === 'stage' ? 'case' : kind === 'milestone' || (kind === 'eventListener' && type !== 'UserEventListener') ? 'granted' : 'roles',
  } satisfies NodeBehaviour);
}
