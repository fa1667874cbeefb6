/**
 * Derives a plain lookup table from a flat lifecycle machine, once, by stepping it with xstate's
 * pure `transition()` for every (state, event) pair. The machine stays the single source of truth;
 * the engine's hot path then reads plain objects and never calls xstate.
 *
 * @module
 */
import { initialTransition, transition, type AnyStateMachine } from 'xstate';

/**
 * The table key for "absent": no instance yet (`from` is `null`) or no remembered state (`before`
 * is `undefined`).
 *
 * @example
 * ```ts
 * table.next[from ?? ABSENT];
 * ```
 */
export const ABSENT = '';

/**
 * Where a transition leads: one state, or — where the machine guards on the event's `before` —
 * one state per remembered `before` (keyed by state name, {@link ABSENT} for none).
 *
 * @example
 * ```ts
 * const t: TransitionTarget<'Available' | 'Active'> = { '': 'Active' };
 * ```
 */
export type TransitionTarget<S extends string> = S | Readonly<Record<string, S>>;

/**
 * A lifecycle machine flattened into plain, frozen, prototype-free objects.
 *
 * @example
 * ```ts
 * const table: LifecycleTable<'Active', 'close'> = deriveLifecycleTable(caseMachine, CASE_STATES, CASE_TRANSITIONS, []);
 * ```
 */
export interface LifecycleTable<S extends string, T extends string> {
  /** `next[fromKey][transition]`, `fromKey` being a state or {@link ABSENT} (only `create` leaves it). */
  readonly next: Readonly<Record<string, Readonly<Partial<Record<T, TransitionTarget<S>>>>>>;
  /** `legal[fromKey][beforeKey]`: the transitions legal there, in the order of the transitions list. */
  readonly legal: Readonly<Record<string, Readonly<Record<string, readonly T[]>>>>;
  /** Every transition the machine ever takes (including `create`), in the order of the transitions list. */
  readonly taken: readonly T[];
}

const EMPTY: readonly never[] = Object.freeze([]);

function record<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

function stateOf(snapshot: { value: unknown }, machineId: string): string {
  if (typeof snapshot.value !== 'string') {
    throw new Error(`lifecycle machine ${machineId} must be flat, got state value ${JSON.stringify(snapshot.value)}`);
  }
  return snapshot.value;
}

/**
 * Resolves a target for a remembered `before` (or none).
 *
 * @example
 * ```ts
 * resolveTarget({ Enabled: 'Enabled' }, 'Enabled'); // 'Enabled'
 * resolveTarget('Active', undefined); // 'Active'
 * ```
 */
export function resolveTarget<S extends string>(target: TransitionTarget<S> | undefined, before: string | undefined): S | undefined {
  return typeof target === 'string' ? target : target?.[before ?? ABSENT];
}

/**
 * Steps a flat machine for every (state, transition) pair — and, where the machine guards a
 * transition, for every possible `before` — and freezes the results into a {@link LifecycleTable}.
 * `create` is read from the machine's initial transition.
 *
 * @example
 * ```ts
 * const table = deriveLifecycleTable(caseMachine, CASE_STATES, CASE_TRANSITIONS, []);
 * table.next['Active']?.suspend; // 'Suspended'
 * ```
 */
export function deriveLifecycleTable<S extends string, T extends string>(
  machine: AnyStateMachine,
  states: readonly S[],
  transitions: readonly T[],
  befores: readonly string[],
): LifecycleTable<S, T> {
  const known = new Set<string>(states);
  const machineStates = Object.keys(machine.root.states);
  for (const s of machineStates) {
    if (!known.has(s)) throw new Error(`lifecycle machine ${machine.id} has state ${s}, which is not a spec state`);
  }
  if (Object.keys(machine.root.on).length > 0) {
    throw new Error(`lifecycle machine ${machine.id} must not handle events at its root`);
  }

  const next = record<Readonly<Partial<Record<T, TransitionTarget<S>>>>>();
  const create = transitions.find((t) => t === 'create');
  const createRow = record<TransitionTarget<S>>() as Partial<Record<T, TransitionTarget<S>>>;
  if (create !== undefined) createRow[create] = stateOf(initialTransition(machine)[0], machine.id) as S;
  next[ABSENT] = Object.freeze(createRow);

  for (const s of states) {
    const row = record<TransitionTarget<S>>() as Partial<Record<T, TransitionTarget<S>>>;
    const node = machine.root.states[s];
    if (node !== undefined) {
      const snapshot = machine.resolveState({ value: s, context: {} });
      for (const t of transitions) {
        const candidates = (node.on as Record<string, ReadonlyArray<{ guard?: unknown }> | undefined>)[t] ?? [];
        if (candidates.some((c) => c.guard !== undefined)) {
          const byBefore = record<S>();
          for (const before of [undefined, ...befores]) {
            const event = { type: t, before };
            if (snapshot.can(event)) byBefore[before ?? ABSENT] = stateOf(transition(machine, snapshot, event)[0], machine.id) as S;
          }
          if (Object.keys(byBefore).length > 0) row[t] = Object.freeze(byBefore);
        } else {
          const event = { type: t };
          if (snapshot.can(event)) row[t] = stateOf(transition(machine, snapshot, event)[0], machine.id) as S;
        }
      }
    }
    next[s] = Object.freeze(row);
  }

  const legal = record<Readonly<Record<string, readonly T[]>>>();
  const takenSet = new Set<T>();
  for (const from of [ABSENT, ...states]) {
    const row = next[from];
    const byBefore = record<readonly T[]>();
    for (const before of [ABSENT, ...befores]) {
      const list = transitions.filter((t) => resolveTarget(row?.[t], before === ABSENT ? undefined : before) !== undefined);
      for (const t of list) takenSet.add(t);
      byBefore[before] = list.length === 0 ? EMPTY : Object.freeze(list);
    }
    legal[from] = Object.freeze(byBefore);
  }

  return Object.freeze({
    next: Object.freeze(next),
    legal: Object.freeze(legal),
    taken: Object.freeze(transitions.filter((t) => takenSet.has(t))),
  });
}
