/**
 * Refs: how commands and scenario steps name plan items. A ref is an instance id, or a plan item's
 * (or discretionary item's) id, or else its name (falling back to its definition's name), with an
 * optional `#k` suffix naming the k-th instance (1-based, creation order).
 */
import { AmbiguousRefError, IllegalTransitionError, UnknownRefError } from '../errors.js';
import { AUTHORIZATION_ON, policyFor, type AuthorizationPolicy } from './authorization-policy.js';
import type { PlanItemCommandName } from './commands.js';
import type { CompiledCase } from './compile/compiled-case.js';
import { StateView } from './kernel/view.js';
import { planItemCommandRefusal, workRefusal } from './legality.js';
import { instanceAt, instanceById, type CaseInstanceState, type PlanItemInstanceId, type PlanItemInstanceState, type User, type WorkChange } from './state.js';

/**
 * How a command names a plan item: an instance id or a ref string — or a handle of the builder
 * (anything with the item's `id`), so that a model authored in TypeScript has its item names
 * checked by the compiler.
 *
 * @example
 * const review = c.plan.humanTask('Review');        // in buildCase(…)
 * await engine.complete(caseId, review, { user });   // same as 'Review', checked by tsc
 */
export type ItemRef = string | { readonly id: string; readonly kind: 'PlanItem' | 'DiscretionaryItem' };

/** The plan item ids a ref names (without `#k`). Throws UnknownRef / AmbiguousRef. */
export function resolveItemIds(compiled: CompiledCase, ref: string): readonly string[] {
  if (typeof ref !== 'string' || ref === '') throw new UnknownRefError(String(ref), ': a ref is a non-empty string');
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
 * The instance a command acts on: an instance id as is; for a ref, the instance on which `user`
 * may give `command` now under `policy` (the oldest if several), else the newest (the step then
 * reports why the command is refused). Legality comes from the legality module, as for the command itself.
 */
export function resolveInstance(
  compiled: CompiledCase,
  state: CaseInstanceState,
  ref: string,
  command: PlanItemCommandName | WorkChange | undefined,
  user?: User,
  now = 0,
  policy: AuthorizationPolicy = AUTHORIZATION_ON,
): PlanItemInstanceId {
  const byId = instanceById(state, ref);
  if (byId !== undefined) return byId.id;
  const instances = instancesOf(compiled, state, ref);
  if (instances.length === 0) {
    const node = compiled.nodes[compiled.nodesByItemId.get(resolveItemIds(compiled, splitRef(ref).name)[0]!)![0]!]!;
    throw new IllegalTransitionError(ref, 'none', command ?? 'act on', 'no instance of it exists (is its stage active?)', {
      item: { name: node.name, itemId: node.id },
      caseId: state.id,
    });
  }
  if (command !== undefined) {
    const view = new StateView(compiled, state, now, policyFor(policy, user));
    const work = (WORK_CHANGES as readonly string[]).includes(command);
    const legal = instances.find((instance) =>
      work ? workRefusal(view, instance.n, command as WorkChange, user) === undefined : planItemCommandRefusal(view, instance.n, command as PlanItemCommandName, user) === undefined,
    );
    if (legal !== undefined) return legal.id;
  }
  return instances[instances.length - 1]!.id;
}

const WORK_CHANGES: readonly WorkChange[] = ['claim', 'unclaim', 'assign', 'delegate', 'resolve'];

/** Resolves a discretionary item ref (id or name) to its id. */
export function resolveDiscretionary(compiled: CompiledCase, ref: string): string {
  if (typeof ref !== 'string' || ref === '') throw new UnknownRefError(String(ref), ': a ref is a non-empty string');
  const byId = compiled.nodesByItemId.get(ref);
  if (byId !== undefined && byId.some((n) => compiled.nodes[n]!.discretionary)) return ref;
  const ids = (compiled.itemIdsByName.get(ref) ?? []).filter((id) => (compiled.nodesByItemId.get(id) ?? []).some((n) => compiled.nodes[n]!.discretionary));
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new UnknownRefError(ref, ': no discretionary item has this id or name');
  throw new AmbiguousRefError(ref, ids);
}
