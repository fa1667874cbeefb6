/**
 * Milestones and event listeners (CMMN 1.1 §5.4.2–5.4.3, §5.4.7): their handles and options.
 */
import type { EventListenerKind } from '../../lifecycle/standard-events.js';
import type { ExpressionInput } from './element-options.js';
import type { PlanItemOptionsOf } from './item-options.js';
import type { ItemHandle } from './items.js';
import type { RoleHandle } from './roles.js';
import type { CaseFileItemOnPartSpec, CriteriaOwner, PlanItemOnPartSpec } from './sentries.js';

/**
 * A milestone plan item.
 *
 * @example
 * const approved: MilestoneHandle<'claim'> = plan.milestone('Approved');
 */
export interface MilestoneHandle<C extends string = string> extends ItemHandle<'PlanItem', 'Milestone', C>, CriteriaOwner<C> {}

/**
 * An event listener plan item (plain, user or timer). Event listeners have no criteria and no
 * item control (CMMN 1.1 §5.4.2).
 *
 * @example
 * const withdrawn: EventListenerHandle<'UserEventListener', 'claim'> = plan.userEventListener('Withdrawn');
 */
export interface EventListenerHandle<
  K extends EventListenerKind = EventListenerKind,
  C extends string = string,
> extends ItemHandle<'PlanItem', K, C> {}

/**
 * Options of `stage.milestone(…)`.
 *
 * @example
 * plan.milestone('Approved', { entryCriteria: [{ on: on(review, 'complete') }] });
 */
export type MilestoneOptions<C extends string = string> = PlanItemOptionsOf<'Milestone', C, unknown>;

/**
 * Options of `stage.eventListener(…)`.
 *
 * @example
 * plan.eventListener('Signal');
 */
export type EventListenerOptions<C extends string = string> = PlanItemOptionsOf<'EventListener', C, unknown>;

/**
 * Options of `stage.userEventListener(…)`.
 *
 * @example
 * plan.userEventListener('Withdraw claim', { authorizedRoles: [customer] });
 */
export type UserEventListenerOptions<C extends string = string> = PlanItemOptionsOf<
  'UserEventListener',
  C,
  { readonly authorizedRoles?: readonly RoleHandle<C>[] }
>;

/**
 * Definition fields of a timer event listener: the ISO-8601 timer expression and, optionally,
 * what starts the timer (default: its creation).
 *
 * @example
 * plan.timerEventListener('Deadline', { timerExpression: 'P14D', timerStart: on(review, 'start') });
 */
export interface TimerFields<C extends string = string> {
  readonly timerExpression: ExpressionInput;
  readonly timerStart?: PlanItemOnPartSpec<C, 'PlanItem'> | CaseFileItemOnPartSpec<C>;
}

/**
 * Options of `stage.timerEventListener(…)`.
 *
 * @example
 * plan.timerEventListener('Deadline', { timerExpression: 'P14D' });
 */
export type TimerEventListenerOptions<C extends string = string> = PlanItemOptionsOf<'TimerEventListener', C, TimerFields<C>>;
