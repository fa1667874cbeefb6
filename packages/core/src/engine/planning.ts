/**
 * Planning (CMMN 1.1 §5.4.11 and §7.7, cmmn-semantics §9): a user plans a discretionary item of
 * an Active stage's or human task's planning table; the item is created in the stage and entered
 * like any other. Applicability and authorization come from the legality module.
 */
import { NotApplicableError, UnknownRefError } from '../errors.js';
import type { CompiledNode } from './compile/compiled-case.js';
import { notAuthorized, planningRefusal } from './legality.js';
import type { StepRun } from './kernel/step-run.js';
import type { PlanItemInstanceId } from './state.js';

/** The `plan` command. */
export function plan(run: StepRun, itemId: string, ownerId: PlanItemInstanceId | undefined): void {
  const nodes = (run.c.nodesByItemId.get(itemId) ?? []).filter((i) => run.c.nodes[i]!.discretionary);
  if (nodes.length === 0) throw new UnknownRefError(itemId, ': no discretionary item has this id');
  const owners: { node: CompiledNode; owner: number }[] = [];
  for (const index of nodes) {
    const node = run.c.nodes[index]!;
    for (const owner of run.instancesOf(node.planningOwner!)) {
      if (run.inst(owner).state === 'Active') owners.push({ node, owner });
    }
  }
  const wanted = ownerId === undefined ? undefined : run.byId(ownerId);
  const chosen = wanted === undefined ? owners[0] : owners.find((o) => o.owner === wanted);
  if (chosen === undefined) {
    const name = run.c.nodes[nodes[0]!]!.name;
    const reason = ownerId === undefined ? 'the stage or human task owning its planning table is not Active' : `${ownerId} is not an Active owner of its planning table`;
    throw new NotApplicableError(itemId, reason, name);
  }
  const { node, owner } = chosen;
  const refusal = planningRefusal(run, node, owner, run.user);
  if (refusal?.kind === 'unauthorized') throw notAuthorized(run, refusal, run.user, 'plan', node.id, node.name);
  if (refusal !== undefined) throw new NotApplicableError(node.id, refusal.kind === 'notApplicable' ? refusal.reason : 'refused', node.name);
  const ownerInstance = run.inst(owner);
  const stage = run.node(owner).behaviour.isStage ? owner : ownerInstance.parent;
  run.afterCreate(run.create(node.index, stage));
}
