/**
 * The §3 lifecycle tables of shared/spec/cmmn-semantics.md, written out by hand, row by row, as the
 * independent oracle the derived lookups are checked against. `before` marks rows that depend on
 * the state remembered at parentSuspend; `userSuspended` marks the casekit rule that a user
 * `resume` is legal only for an item the user suspended (no remembered state).
 */
import type { CaseFileItemState, CaseState, PlanItemState, PlanItemTransition } from '../../src/lifecycle/index.js';

export interface PlanItemRow {
  readonly from: PlanItemState | null;
  readonly transition: PlanItemTransition;
  readonly to: PlanItemState;
  /** Row applies only when the remembered state equals this. */
  readonly before?: PlanItemState;
  /** Row applies only when there is no remembered state. */
  readonly userSuspended?: true;
}

const rows = (transition: PlanItemTransition, froms: readonly PlanItemState[], to: PlanItemState): PlanItemRow[] =>
  froms.map((from) => ({ from, transition, to }));

/** Stage and Task table. */
export const STAGE_TASK_ROWS: readonly PlanItemRow[] = [
  { from: null, transition: 'create', to: 'Available' },
  { from: 'Available', transition: 'enable', to: 'Enabled' },
  { from: 'Available', transition: 'start', to: 'Active' },
  { from: 'Enabled', transition: 'disable', to: 'Disabled' },
  { from: 'Disabled', transition: 'reenable', to: 'Enabled' },
  { from: 'Enabled', transition: 'manualStart', to: 'Active' },
  { from: 'Active', transition: 'suspend', to: 'Suspended' },
  { from: 'Suspended', transition: 'resume', to: 'Active', userSuspended: true },
  { from: 'Active', transition: 'fault', to: 'Failed' },
  { from: 'Failed', transition: 'reactivate', to: 'Active' },
  { from: 'Active', transition: 'complete', to: 'Completed' },
  ...rows('terminate', ['Active', 'Suspended'], 'Terminated'),
  ...rows('exit', ['Available', 'Enabled', 'Disabled', 'Active', 'Suspended', 'Failed'], 'Terminated'),
  ...rows('parentSuspend', ['Available', 'Enabled', 'Disabled', 'Active'], 'Suspended'),
  ...(['Available', 'Enabled', 'Disabled', 'Active'] as const).map(
    (before): PlanItemRow => ({ from: 'Suspended', transition: 'parentResume', to: before, before }),
  ),
];

/** Milestone and EventListener table. */
export const MILESTONE_EVENT_LISTENER_ROWS: readonly PlanItemRow[] = [
  { from: null, transition: 'create', to: 'Available' },
  { from: 'Available', transition: 'occur', to: 'Completed' },
  { from: 'Available', transition: 'suspend', to: 'Suspended' },
  { from: 'Suspended', transition: 'resume', to: 'Available', userSuspended: true },
  { from: 'Available', transition: 'terminate', to: 'Terminated' },
  { from: 'Available', transition: 'parentSuspend', to: 'Suspended' },
  { from: 'Suspended', transition: 'parentResume', to: 'Available', before: 'Available' },
  ...rows('parentTerminate', ['Available', 'Suspended'], 'Terminated'),
  { from: 'Available', transition: 'exit', to: 'Terminated' },
];

/** The row that applies, if any. */
export function specTarget(
  table: readonly PlanItemRow[],
  from: PlanItemState | null,
  transition: PlanItemTransition,
  before: PlanItemState | undefined,
): PlanItemState | undefined {
  const row = table.find(
    (r) =>
      r.from === from &&
      r.transition === transition &&
      (r.before === undefined || r.before === before) &&
      (r.userSuspended === undefined || before === undefined),
  );
  return row?.to;
}

/** Case instance table. */
export const CASE_ROWS: ReadonlyArray<readonly [CaseState | null, string, CaseState]> = [
  [null, 'create', 'Active'],
  ['Active', 'complete', 'Completed'],
  ['Active', 'terminate', 'Terminated'],
  ['Active', 'fault', 'Failed'],
  ['Active', 'suspend', 'Suspended'],
  ...(['Completed', 'Terminated', 'Failed', 'Suspended'] as const).map((s) => [s, 'reactivate', 'Active'] as const),
  ...(['Completed', 'Terminated', 'Failed', 'Suspended'] as const).map((s) => [s, 'close', 'Closed'] as const),
];

/** Case file item table (CMMN 1.1 §8.3). */
export const CASE_FILE_ITEM_ROWS: ReadonlyArray<readonly [CaseFileItemState | null, string, CaseFileItemState]> = [
  [null, 'create', 'Available'],
  ['Available', 'update', 'Available'],
  ['Available', 'replace', 'Available'],
  ['Available', 'addChild', 'Available'],
  ['Available', 'removeChild', 'Available'],
  ['Available', 'addReference', 'Available'],
  ['Available', 'removeReference', 'Available'],
  ['Available', 'delete', 'Discarded'],
];
