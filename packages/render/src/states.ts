/**
 * How a running case's states look: one colour of the Okabe–Ito palette (distinguishable with
 * the common colour-vision deficiencies) plus one fill pattern and stroke weight per state, so
 * that no state is told from another by colour alone; every instance also carries its state's
 * name as text.
 */
import type { PlanItemState } from '@casekit/core';
import { el } from './xml.js';

/**
 * The look of one state.
 *
 * @example
 * const { color, strokeWidth }: StateStyle = STATE_STYLES.Failed;
 */
export interface StateStyle {
  /** The state's colour (stroke, chip and pattern). */
  readonly color: string;
  /** Text colour on a chip of that colour. */
  readonly ink: string;
  /** The pattern's background tint. */
  readonly tint: string;
  /** Stroke width of the item's outline. */
  readonly strokeWidth: number;
  /** The fill pattern, drawn in a 8×8 tile (SVG path data, stroked in the state's colour). */
  readonly pattern: string;
}

/**
 * The style of each plan item state, Okabe–Ito colours: Available sky blue with sparse dots,
 * Enabled orange with rising hatching, Active blue and thick, Suspended yellow with horizontal
 * bars, Completed bluish green with a plain tint, Terminated vermillion with cross-hatching,
 * Failed reddish purple and thick with falling hatching, Disabled grey with a grid.
 *
 * @example
 * STATE_STYLES.Active.color; // '#0072B2'
 */
export const STATE_STYLES: Readonly<Record<PlanItemState, StateStyle>> = {
  Available: { color: '#56B4E9', ink: '#000', tint: '#fff', strokeWidth: 2, pattern: 'M 2 2 L 2.01 2 M 6 6 L 6.01 6' },
  Enabled: { color: '#E69F00', ink: '#000', tint: '#fff8e6', strokeWidth: 2.5, pattern: 'M -1 1 L 1 -1 M 0 8 L 8 0 M 7 9 L 9 7' },
  Active: { color: '#0072B2', ink: '#fff', tint: '#dbeaf4', strokeWidth: 3.5, pattern: '' },
  Suspended: { color: '#F0E442', ink: '#000', tint: '#fff', strokeWidth: 2.5, pattern: 'M 0 2 L 8 2 M 0 6 L 8 6' },
  Completed: { color: '#009E73', ink: '#fff', tint: '#d4efe6', strokeWidth: 2, pattern: '' },
  Terminated: { color: '#D55E00', ink: '#fff', tint: '#fff', strokeWidth: 2, pattern: 'M 0 0 L 8 8 M 8 0 L 0 8' },
  Failed: { color: '#CC79A7', ink: '#000', tint: '#fff', strokeWidth: 3.5, pattern: 'M -1 7 L 1 9 M 0 0 L 8 8 M 7 -1 L 9 1' },
  Disabled: { color: '#8c8c8c', ink: '#fff', tint: '#f2f2f2', strokeWidth: 1.5, pattern: 'M 0 4 L 8 4 M 4 0 L 4 8' },
};

/**
 * Every state, in the legend's order.
 *
 * @example
 * for (const state of STATE_ORDER) console.log(state, STATE_STYLES[state].color);
 */
export const STATE_ORDER: readonly PlanItemState[] = ['Available', 'Enabled', 'Active', 'Suspended', 'Completed', 'Terminated', 'Failed', 'Disabled'];

/** Which state styles an item with several instances: the first of these its instances are in. */
const PRIORITY: readonly PlanItemState[] = ['Failed', 'Active', 'Suspended', 'Enabled', 'Available', 'Completed', 'Terminated', 'Disabled'];

/** The state an item's shape is styled with, given its instances' states. */
export function dominantState(states: readonly PlanItemState[]): PlanItemState | undefined {
  return PRIORITY.find((s) => states.includes(s));
}

/** Colours of what is not a state. */
export const MARK = {
  /** A criterion whose sentry fired. */
  fired: '#009E73',
  /** A discretionary item that may be planned now. */
  plannable: '#E69F00',
  /** Items without an instance. */
  absent: '#a6a6a6',
} as const;

/** The id of a state's pattern in the SVG's `<defs>`. */
export function patternId(prefix: string, state: PlanItemState): string {
  return `${prefix}-state-${state}`;
}

/** `<pattern>` definitions of every state. */
export function statePatterns(prefix: string): string {
  let out = '';
  for (const state of STATE_ORDER) {
    const style = STATE_STYLES[state];
    out += el(
      'pattern',
      { id: patternId(prefix, state), width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
      el('rect', { width: 8, height: 8, fill: style.tint }) +
        (style.pattern === '' ? '' : el('path', { d: style.pattern, stroke: style.color, 'stroke-width': state === 'Available' ? 2.2 : 1, 'stroke-linecap': 'round', fill: 'none' })),
    );
  }
  return out;
}
