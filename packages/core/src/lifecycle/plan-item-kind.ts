/**
 * Which lifecycle a plan item follows.
 *
 * @module
 */

/**
 * The four plan item kinds that select a lifecycle: stages and tasks share one table,
 * milestones and event listeners share another [CMMN 1.1 §8.4].
 *
 * @example
 * ```ts
 * PLAN_ITEM_KINDS.includes('eventListener'); // true
 * ```
 */
export const PLAN_ITEM_KINDS = ['stage', 'task', 'milestone', 'eventListener'] as const;

/**
 * A plan item kind, as far as its lifecycle is concerned.
 *
 * @example
 * ```ts
 * const kind: PlanItemKind = 'milestone';
 * ```
 */
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

const kindByDefinitionType: Readonly<Record<string, PlanItemKind>> = Object.assign(Object.create(null) as Record<string, PlanItemKind>, {
  Stage: 'stage',
  Task: 'task',
  HumanTask: 'task',
  CaseTask: 'task',
  ProcessTask: 'task',
  DecisionTask: 'task',
  Milestone: 'milestone',
  EventListener: 'eventListener',
  UserEventListener: 'eventListener',
  TimerEventListener: 'eventListener',
} satisfies Record<string, PlanItemKind>);

/**
 * The lifecycle kind of a plan item definition, from its XSD type name (`'HumanTask'`,
 * `'TimerEventListener'`, …), or `undefined` for a name that is not a plan item definition.
 *
 * @example
 * ```ts
 * planItemKindOf('HumanTask'); // 'task'
 * planItemKindOf('UserEventListener'); // 'eventListener'
 * planItemKindOf('Sentry'); // undefined
 * ```
 */
export function planItemKindOf(definitionType: string): PlanItemKind | undefined {
  return kindByDefinitionType[definitionType];
}
