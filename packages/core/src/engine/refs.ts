/**
 * Refs: how commands and scenario steps name plan items. A ref is an instance id, or a plan item's
 * (or discretionary item's) id, or else its name (falling back to its definition's name), with an
 * optional `#k` suffix naming the k-th instance (1-based, creation order).
 */
import { AmbiguousRefError, IllegalTransitionError, UnknownRefError } from '../errors.js';
import { nextPlanItemState, type PlanItemTransition } from '../lifecycle/index.js';
import type { CompiledCase } from './compile.js';
import { instanceAt, type CaseInstanceState, type PlanItemInstanceId, type PlanItemInstanceState } from './state.js';

/** An instance id or a ref string. */
export type ItemRef = string;

/** The plan item ids a ref names (without `#k`). Throws UnknownRef / AmbiguousRef. */
export function resolveItemIds(compiled: CompiledCase, ref: string): readonly string[] {
  if (compiled.nodesByItemId.has(ref)) return [ref];
  const ids = compiled.itemIdsByName.get(ref) ?? [];
  if (ids.length === 0) throw new UnknownRefError(ref);
  if (ids.length > 1) throw new AmbiguousRefError(ref, ids);
  return ids;
}

/** Splits `Name#2` into the name and the 1-based index. */
export function splitRef(ref: string): { readonly name: string; readonly index: number | undefined } {
  const match = /^(.*)#([1-9][0-9]*)$/.exec(ref);
  if (match === null || match[1] === '') return { name: ref, index: undefined };
  return { name: match[1]!, index: Number(match[2]) };
}

/** All instances of the items a ref names, in creation order (respecting `#k`). */
export function instancesOf(compiled: CompiledCase, state: CaseInstanceState, ref: string): PlanItemInstanceState[] {
  const { name, index } = splitRef(ref);
  const ids = resolveItemIds(compiled, name);
  const numbers: number[] = [];
  for (const id of ids) for (const node of compiled.nodesByItemId.get(id) ?? []) numbers.push(...(state.byNode[node] ?? []));
  numbers.sort((a, b) => a - b);
  const instances = numbers.map((n) => instanceAt(state, n));
  if (index === undefined) return instances;
  const chosen = instances[index - 1];
  if (chosen === undefined) throw new UnknownRefError(ref, `: it has ${instances.length} instance(s)`);
  return [chosen];
}

/**
 * The instance a command acts on: an instance id as is; for a ref, the instance in which
 * `transition` is legal (the oldest if several are), else the newest (the step then reports why
 * the command is illegal).
 */
export function resolveInstance(
  compiled: CompiledCase,
  state: CaseInstanceState,
  ref: string,
  transition: PlanItemTransition | undefined,
): PlanItemInstanceId {
  const n = state.numbers[ref];
  if (n !== undefined) return instanceAt(state, n).id;
  const instances = instancesOf(compiled, state, ref);
  if (instances.length === 0) {
    throw new IllegalTransitionError(ref, 'none', transition ?? 'act on', 'no instance of it exists (is its stage active?)');
  }
  if (transition !== undefined) {
    const legal = instances.find((instance) => {
      const node = compiled.nodes[instance.node]!;
      if (transition === 'occur' && node.type !== 'UserEventListener') return false;
      return nextPlanItemState(node.kind, instance.state, transition, instance.before) !== undefined;
    });
    if (legal !== undefined) return legal.id;
  }
  return instances[instances.length - 1]!.id;
}
