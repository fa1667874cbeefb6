/**
 * Why an item is not Active: for each instance in another state, one sentence, and for those
 * waiting on entry criteria, each criterion's on-parts (occurred or not since the instance was
 * created) and its if-part (the condition and its value on the current case file). Computed
 * from the model, the snapshot and the history — the engine's public views.
 */
import { compileExpression, evaluateCondition } from '@casekit/rules';
import type {
  CaseFileItem,
  CaseSnapshot,
  CmmnModel,
  Criterion,
  DiscretionaryItem,
  PlanItem,
  PlanItemInstanceId,
  PlanItemSnapshot,
  TransitionRecord,
} from '@casekit/core';

/**
 * One on-part of a sentry and whether its event occurred.
 *
 * @example
 * const pending = status.onParts.filter((o: OnPartStatus) => !o.occurred).map((o) => `${o.sourceName} ${o.event}`);
 */
export interface OnPartStatus {
  /** The watched plan item's or case file item's id. */
  readonly sourceId: string;
  readonly sourceName: string;
  readonly event: string;
  readonly occurred: boolean;
}

/**
 * The if-part of a sentry and its value now.
 *
 * @example
 * if (status.ifPart?.value === false) console.log(`waits for ${status.ifPart.condition}`);
 */
export interface IfPartStatus {
  readonly condition: string;
  /** Undefined when the condition could not be evaluated (`error` says why). */
  readonly value: boolean | undefined;
  readonly error?: string;
}

/**
 * One criterion of an item and what it waits for.
 *
 * @example
 * const open = why.criteria.filter((c: CriterionStatus) => !c.satisfied);
 */
export interface CriterionStatus {
  readonly criterionId: string | undefined;
  readonly kind: 'entry' | 'exit';
  readonly name: string | undefined;
  readonly onParts: readonly OnPartStatus[];
  readonly ifPart: IfPartStatus | undefined;
  /** Every on-part occurred and the if-part (if any) holds. */
  readonly satisfied: boolean;
}

/**
 * Why one instance is not Active.
 *
 * @example
 * const w: WhyNot | undefined = whyNotActive(model, snapshot, history).get(instanceId);
 */
export interface WhyNot {
  readonly instanceId: PlanItemInstanceId;
  readonly state: PlanItemSnapshot['state'];
  /** One sentence. */
  readonly reason: string;
  /** The entry criteria it waits for (Available instances of items with entry criteria). */
  readonly criteria: readonly CriterionStatus[];
}

type Item = PlanItem | DiscretionaryItem;

/**
 * The explanation of every instance that is not Active, by instance id.
 *
 * @example
 * const why = whyNotActive(model, await engine.getCase(id), await engine.history(id));
 * why.get(instanceId)?.reason; // 'waits for an entry criterion: none is satisfied yet'
 */
export function whyNotActive(model: CmmnModel, snapshot: CaseSnapshot, history: readonly TransitionRecord[], now = Date.now()): Map<string, WhyNot> {
  const out = new Map<string, WhyNot>();
  const byInstance = new Map(snapshot.items.map((i) => [i.instanceId as string, i]));
  const createdAt = new Map<string, number>();
  for (const r of history) if (r.transition === 'create' && r.instanceId !== undefined && !createdAt.has(r.instanceId)) createdAt.set(r.instanceId, r.seq);
  const caseFileNames = new Map<string, string>();
  for (const c of model.definitions.cases) {
    const visit = (items: readonly CaseFileItem[]): void => {
      for (const item of items) {
        if (item.id !== undefined && item.name !== undefined) caseFileNames.set(item.id, item.name);
        visit(item.children?.caseFileItems ?? []);
      }
    };
    visit(c.caseFileModel?.caseFileItems ?? []);
  }
  const nameOf = (id: string): string => {
    const element = model.elementById(id);
    return (element !== undefined && 'name' in element && typeof element.name === 'string' ? element.name : undefined) ?? id;
  };

  const status = (criterion: Criterion, kind: 'entry' | 'exit', since: number): CriterionStatus => {
    const sentry = criterion.sentry;
    const onParts: OnPartStatus[] = (sentry?.onParts ?? []).map((onPart) => {
      const sourceId = onPart.sourceRef ?? '';
      const event = onPart.standardEvent ?? '';
      const key = onPart.kind === 'CaseFileItemOnPart' ? (caseFileNames.get(sourceId) ?? sourceId) : sourceId;
      const scope = onPart.kind === 'CaseFileItemOnPart' ? 'caseFile' : 'planItem';
      const occurred = history.some((r) => r.seq > since && r.scope === scope && r.itemId === key && r.transition === event);
      return { sourceId, sourceName: nameOf(sourceId), event, occurred };
    });
    let ifPart: IfPartStatus | undefined;
    const condition = sentry?.ifPart?.condition;
    if (condition !== undefined) {
      const language = condition.language ?? model.definitions.expressionLanguage;
      try {
        const compiled = compileExpression(condition.body, { language, id: sentry?.id });
        ifPart = { condition: condition.body.trim(), value: evaluateCondition(compiled, { variables: snapshot.caseFile, now: new Date(now) }) };
      } catch (error) {
        ifPart = { condition: condition.body.trim(), value: undefined, error: error instanceof Error ? error.message : String(error) };
      }
    }
    const satisfied = onParts.every((o) => o.occurred) && (ifPart === undefined || ifPart.value === true);
    return { criterionId: criterion.id, kind, name: criterion.name ?? sentry?.name, onParts, ifPart, satisfied };
  };

  for (const instance of snapshot.items) {
    if (instance.state === 'Active') continue;
    const element = model.elementById(instance.itemId);
    const item = element?.kind === 'PlanItem' || element?.kind === 'DiscretionaryItem' ? (element as Item) : undefined;
    const parent = instance.stageInstanceId === undefined ? undefined : byInstance.get(instance.stageInstanceId);
    let reason: string;
    let criteria: CriterionStatus[] = [];
    switch (instance.state) {
      case 'Available': {
        const since = createdAt.get(instance.instanceId) ?? -1;
        const entry = item?.entryCriteria ?? [];
        const timer = snapshot.timers.find((t) => t.instanceId === instance.instanceId);
        if (snapshot.state !== 'Active') reason = `the case is ${snapshot.state}`;
        else if (parent !== undefined && parent.state !== 'Active') reason = `its stage ${parent.name} is ${parent.state}`;
        else if (entry.length > 0) {
          criteria = entry.map((c) => status(c, 'entry', since));
          reason = criteria.some((c) => c.satisfied)
            ? 'an entry criterion is satisfied: it is entered with the next command'
            : `waits for ${entry.length === 1 ? 'its entry criterion' : 'one of its entry criteria'}: none is satisfied yet`;
        } else if (instance.type === 'UserEventListener') reason = 'waits for a user to raise it (occur)';
        else if (timer !== undefined) reason = `waits for its timer, due ${new Date(timer.dueAt).toISOString()}`;
        else if (instance.type === 'TimerEventListener') reason = 'waits for its timer to start';
        else reason = 'waits to be entered';
        break;
      }
      case 'Enabled':
        reason = 'waits for a user to start it (manual activation)';
        break;
      case 'Disabled':
        reason = 'a user disabled it; it may be re-enabled';
        break;
      case 'Suspended':
        reason = parent !== undefined && parent.state === 'Suspended' ? `suspended with its stage ${parent.name}` : 'suspended; it may be resumed';
        break;
      case 'Failed':
        reason = 'failed; it may be reactivated';
        break;
      case 'Completed':
        reason = 'completed';
        break;
      case 'Terminated':
        reason = instance.exitCriterion !== undefined ? `exited through the exit criterion ${instance.exitCriterion}` : 'terminated';
        break;
    }
    out.set(instance.instanceId, { instanceId: instance.instanceId, state: instance.state, reason, criteria });
  }
  return out;
}
