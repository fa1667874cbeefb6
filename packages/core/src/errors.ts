/**
 * The typed errors of @casekit/core. Every casekit error extends {@link CasekitError} (in
 * @casekit/rules, the leaf package, so that rules, core, the scenario runner and the CLI share one
 * root); each class carries a literal `code` (the codes of the scenario format) and the ids
 * involved as readonly fields. Messages name an item by its name and id, and the case, the user
 * and the state where they matter.
 */
import { CasekitError } from '@casekit/rules';
import type { Problem } from './model/problems.js';
import type { TimerExpressionError } from './timer/timer-expression-error.js';

export { CasekitError };

/** How an error names a plan item: its name, its plan item id, and the instance when there are several. */
export interface ItemDescription {
  readonly name: string;
  readonly itemId: string;
  readonly instanceId?: string;
}

/** `"Assess claim" (PlanItem_3)`: an item as messages name it. */
export function describeItem(item: ItemDescription): string {
  return `"${item.name}" (${item.itemId})`;
}

/**
 * The model is invalid: it could not be parsed, has errors, or (when starting a case) is an
 * unfinished draft. `problems` lists every problem found, not only the first.
 *
 * @example
 * try { parseCmmn('<definitions/>'); } catch (e) { if (e instanceof ModelError) console.log(e.problems); }
 */
export class ModelError extends CasekitError<'ModelError'> {
  override readonly name = 'ModelError';
  constructor(
    readonly problems: readonly Problem[],
    readonly source: string | undefined = undefined,
    summary?: string,
  ) {
    super('ModelError', summary ?? ModelError.describe(problems, source));
  }

  private static describe(problems: readonly Problem[], source: string | undefined): string {
    const where = source ?? 'model';
    const lines = problems.slice(0, 20).map((p) => {
      const at = p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`;
      const id = p.elementId === undefined ? '' : ` [${p.elementId}]`;
      return `  ${where}${at}  ${p.code}  ${p.message}${id}`;
    });
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    return `${where} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}${more}`;
  }
}

/**
 * No deployed model answers to the key, version or case definition asked for. `deployed` lists
 * what is deployed, so the caller sees what they could have named.
 *
 * @example
 * try { await engine.startCase({ modelKey: 'nope' }); }
 * catch (e) { if (e instanceof ModelNotDeployedError) console.log(e.deployed); } // ['claim@2']
 */
export class ModelNotDeployedError extends CasekitError<'ModelNotDeployed'> {
  override readonly name = 'ModelNotDeployedError';
  constructor(
    /** What was asked for: a key, `key@version`, or a case definition. */
    readonly requested: string,
    /** The deployments known, as `key@version` (latest of each key) or `key/caseId`. */
    readonly deployed: readonly string[],
    reason: string,
  ) {
    super('ModelNotDeployed', `${reason}; deployed: ${deployed.length === 0 ? 'none' : deployed.join(', ')}`);
  }
}

/**
 * The command is not legal in the current state of the plan item (or of the case).
 *
 * @example
 * await engine.complete(caseId, 'Assessment'); // IllegalTransitionError when Assessment is Available
 */
export class IllegalTransitionError extends CasekitError<'IllegalTransition'> {
  override readonly name = 'IllegalTransitionError';
  /** The item's name and plan item id (undefined for a case-level command). */
  readonly item: ItemDescription | undefined;
  constructor(
    /** The plan item instance id, or the case id for a case-level command. */
    readonly target: string,
    /** The current state. */
    readonly state: string,
    /** The refused transition. */
    readonly transition: string,
    /** Why, when more than the state explains it. */
    readonly reason?: string,
    /** The item, named in the message; the case, for case-level commands and context. */
    context: { readonly item?: ItemDescription; readonly caseId?: string } = {},
  ) {
    const what = context.item !== undefined ? `${describeItem(context.item)}` : context.caseId === target ? `case ${target}` : target;
    const inCase = context.caseId !== undefined && context.caseId !== target ? ` in case ${context.caseId}` : '';
    super('IllegalTransition', `cannot ${transition} ${what}${inCase} in state ${state}${reason === undefined ? '' : `: ${reason}`}`);
    this.item = context.item;
  }
}

/** A ref names no plan item, discretionary item or instance. */
export class UnknownRefError extends CasekitError<'UnknownRef'> {
  override readonly name = 'UnknownRefError';
  constructor(
    readonly ref: string,
    detail = '',
  ) {
    super('UnknownRef', `"${ref}" names no plan item, discretionary item or instance${detail}`);
  }
}

/** A ref (a name) names several different items. */
export class AmbiguousRefError extends CasekitError<'AmbiguousRef'> {
  override readonly name = 'AmbiguousRefError';
  constructor(
    readonly ref: string,
    readonly candidates: readonly string[],
  ) {
    super('AmbiguousRef', `"${ref}" names several items: ${candidates.join(', ')}; use an id`);
  }
}

/** The acting user may not give this command: the message names the user, the item, the command and the roles that would allow it. */
export class NotAuthorizedError extends CasekitError<'NotAuthorized'> {
  override readonly name = 'NotAuthorizedError';
  constructor(
    /** The plan item (or discretionary item) id, or the case id for a case-level command. */
    readonly itemId: string,
    readonly userId: string | undefined,
    /** Roles any one of which would allow the command (empty: none would). */
    readonly requiredRoles: readonly string[],
    context: { readonly itemName?: string; readonly command?: string; readonly caseId?: string; readonly reason?: string } = {},
  ) {
    const who = userId === undefined ? 'a command without a user' : `user ${userId}`;
    const what = context.itemName === undefined ? `"${itemId}"` : `"${context.itemName}" (${itemId})`;
    const command = context.command === undefined ? 'act on' : context.command;
    const inCase = context.caseId === undefined || context.caseId === itemId ? '' : ` in case ${context.caseId}`;
    const why =
      context.reason ?? (requiredRoles.length === 0 ? 'no role allows it' : `one of the roles ${requiredRoles.join(', ')} is required`);
    super('NotAuthorized', `${who} may not ${command} ${what}${inCase}: ${why}`);
  }
}

/**
 * A claim on a human task that another user holds (docs/work.md): `holder` is who holds it.
 *
 * @example
 * try { await engine.claim(caseId, 'Assess claim', { user: { id: 'bob' } }); }
 * catch (e) { if (e instanceof TaskClaimedError) console.log(e.holder); } // 'alice'
 */
export class TaskClaimedError extends CasekitError<'TaskClaimed'> {
  override readonly name = 'TaskClaimedError';
  constructor(
    readonly itemId: string,
    readonly holder: string,
    readonly userId: string | undefined,
    context: { readonly itemName?: string; readonly caseId?: string } = {},
  ) {
    const what = context.itemName === undefined ? `"${itemId}"` : `"${context.itemName}" (${itemId})`;
    super('TaskClaimed', `${what}${context.caseId === undefined ? '' : ` in case ${context.caseId}`} is claimed by ${holder}${userId === undefined ? '' : `; ${userId} may not claim it`}`);
  }
}

/** The discretionary item is not offered for planning now. */
export class NotApplicableError extends CasekitError<'NotApplicable'> {
  override readonly name = 'NotApplicableError';
  constructor(
    readonly itemId: string,
    readonly reason: string,
    readonly itemName?: string,
  ) {
    super('NotApplicable', `discretionary item ${itemName === undefined ? `"${itemId}"` : `"${itemName}" (${itemId})`} cannot be planned now: ${reason}`);
  }
}

/** The case is closed and accepts no command. */
export class CaseClosedError extends CasekitError<'CaseClosed'> {
  override readonly name = 'CaseClosedError';
  constructor(readonly caseId: string) {
    super('CaseClosed', `case ${caseId} is closed and accepts no command`);
  }
}

/** One command caused more transitions (or timer firings) than the configured bound (a sentry, repetition or timer loop). */
export class RunawayLoopError extends CasekitError<'RunawayLoop'> {
  override readonly name = 'RunawayLoopError';
  constructor(
    readonly caseId: string,
    readonly limit: number,
    readonly lastItems: readonly string[],
    what = 'transitions',
  ) {
    super(
      'RunawayLoop',
      `case ${caseId}: one command caused more than ${limit} ${what} (last items: ${lastItems.join(', ')}); a repetition, sentry or timer loop never settles`,
    );
  }
}

/** The stored case changed since it was loaded. */
export class ConcurrencyConflictError extends CasekitError<'ConcurrencyConflict'> {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly caseId: string,
    readonly expectedRevision: number | null,
    readonly actualRevision: number | null,
  ) {
    super('ConcurrencyConflict', `case ${caseId} was changed concurrently (expected revision ${expectedRevision}, found ${actualRevision})`);
  }
}

/** No case with this id is stored. */
export class CaseNotFoundError extends CasekitError<'CaseNotFound'> {
  override readonly name = 'CaseNotFoundError';
  constructor(readonly caseId: string) {
    super('CaseNotFound', `no case ${caseId}`);
  }
}

/**
 * A value given to the engine is refused before anything changes: not JSON (a function, a cycle,
 * NaN, a Date, a class instance, an accessor), too deep or too large, a reserved name, a user
 * that is not `{ id, roles? }`. `path` names the bad value (`output.claim.items[3]`).
 *
 * @example
 * try { await engine.setCaseFile(id, JSON.parse(requestBody)); }
 * catch (e) { if (e instanceof InvalidInputError) console.log(e.path, e.reason); } // 'values.claim.items', 'nested deeper than 64 …'
 */
export class InvalidInputError extends CasekitError<'InvalidInput'> {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super('InvalidInput', `${path}: ${reason}`);
  }
}

/** The error classes of @casekit/core whose codes make up {@link CasekitErrorCode} (with those of @casekit/rules). */
export type CoreError =
  | ModelError
  | ModelNotDeployedError
  | InvalidInputError
  | IllegalTransitionError
  | UnknownRefError
  | AmbiguousRefError
  | NotAuthorizedError
  | NotApplicableError
  | TaskClaimedError
  | CaseClosedError
  | RunawayLoopError
  | ConcurrencyConflictError
  | CaseNotFoundError
  | TimerExpressionError;

/** Stable error codes of @casekit/core, derived from its error classes. */
export type CasekitErrorCode = CoreError['code'];
