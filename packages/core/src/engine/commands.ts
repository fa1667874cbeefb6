/**
 * The command vocabulary: every command the engine accepts, as one typed list that the step, the
 * queries, ref resolution, the scenario runner and the CLI share; and the effects a step hands to
 * the host shell.
 */
import type { UploadedContent } from '../documents/document-values.js';
import type { CaseInstanceId, JsonValue, PlanItemInstanceId, TeamChange, User, WorkChange } from './state.js';

/**
 * The plan item commands a user (or the host) can give, each a transition of the CMMN 1.1 plan
 * item lifecycle (§8.4).
 *
 * @example
 * PLAN_ITEM_COMMANDS.includes('manualStart'); // true
 */
export const PLAN_ITEM_COMMANDS = ['complete', 'manualStart', 'disable', 'reenable', 'terminate', 'fault', 'reactivate', 'suspend', 'resume', 'occur'] as const;

/** A plan item command. */
export type PlanItemCommandName = (typeof PLAN_ITEM_COMMANDS)[number];

/**
 * The case-level commands (§8.2): the case instance's own transitions a user may give.
 *
 * @example
 * CASE_COMMANDS.includes('close'); // true
 */
export const CASE_COMMANDS = ['suspend', 'reactivate', 'terminate', 'complete', 'close'] as const;

/** A case-level command. */
export type CaseCommandName = (typeof CASE_COMMANDS)[number];

/** Is `name` a plan item command? */
export function isPlanItemCommand(name: unknown): name is PlanItemCommandName {
  return typeof name === 'string' && (PLAN_ITEM_COMMANDS as readonly string[]).includes(name);
}

/** Is `name` a case-level command? */
export function isCaseCommand(name: unknown): name is CaseCommandName {
  return typeof name === 'string' && (CASE_COMMANDS as readonly string[]).includes(name);
}

/**
 * The case-team commands: adding a member (user or group) with roles, removing one, changing a
 * member's roles. Only the case owner or a holder of a configured admin role may give them.
 *
 * @example
 * TEAM_COMMANDS.includes('addMember'); // true
 */
export const TEAM_COMMANDS = ['addMember', 'removeMember', 'setMemberRoles'] as const satisfies readonly TeamChange[];

/** A case team member as commands name it: a user id, or a group. */
export type MemberRef = string | { readonly group: string };

/**
 * The work commands on a human task (docs/work.md): claim it, give it back, assign it, delegate
 * it, resolve a delegation. Who may give each is the legality module's decision.
 *
 * @example
 * WORK_COMMANDS.includes('claim'); // true
 */
export const WORK_COMMANDS = ['claim', 'unclaim', 'assign', 'delegate', 'resolve'] as const satisfies readonly WorkChange[];

/** The document commands, by the name history records them under. */
export const DOCUMENT_COMMANDS = ['attachDocument', 'replaceDocument', 'removeDocument'] as const;

/** A document command. */
export type DocumentChange = (typeof DOCUMENT_COMMANDS)[number];

/** Task output or case file values: JSON objects. */
export type Values = Readonly<Record<string, JsonValue>>;

/** A command the step function applies. */
export type Command =
  | {
      readonly type: 'planItem';
      readonly transition: PlanItemCommandName;
      readonly instance: PlanItemInstanceId;
      /** Task output merged into the case file before `complete`. */
      readonly output?: Values;
      readonly user?: User;
      /**
       * Given by the engine for the host (a task handler's or decision's result), not by a user:
       * not authorized. The engine's API never sets it on a user's command.
       */
      readonly internal?: true;
    }
  | {
      readonly type: 'plan';
      /** The discretionary item's id. */
      readonly item: string;
      /** The stage or human task instance whose planning table is used (default: the oldest Active one). */
      readonly owner?: PlanItemInstanceId;
      readonly user?: User;
    }
  | { readonly type: 'setCaseFile'; readonly values: Values; readonly user?: User }
  | { readonly type: 'removeCaseFileItem'; readonly name: string; readonly user?: User }
  | {
      readonly type: 'case';
      readonly transition: CaseCommandName;
      readonly user?: User;
      /** Given by the engine (a parent case terminating its child), not by a user: not authorized. */
      readonly internal?: true;
    }
  /** A change of the case team. */
  | {
      readonly type: 'team';
      readonly change: TeamChange;
      readonly member: MemberRef;
      /** `addMember`: the roles added; `setMemberRoles`: the member's roles from now on. */
      readonly roles?: readonly string[];
      readonly user?: User;
    }
  /**
   * A document attached to, replaced in or removed from a `CMISDocument` or `CMISFolder` case file
   * item (docs/documents.md). The content is already in the blob store: the command carries its key.
   */
  | {
      readonly type: 'document';
      readonly change: DocumentChange;
      /** The case file item. */
      readonly item: string;
      /** attachDocument, replaceDocument: the content as the blob store kept it. */
      readonly upload?: UploadedContent;
      /** In a folder item: the document replaced or removed (default for replace: the upload's name; remove without it removes the folder). */
      readonly name?: string;
      readonly user?: User;
    }
  /** A change of a human task's work: `to` is the new assignee of `assign` (null clears it) and the delegate of `delegate`. */
  | {
      readonly type: 'work';
      readonly change: WorkChange;
      readonly instance: PlanItemInstanceId;
      readonly to?: string | null;
      readonly user?: User;
    }
  /** A timer came due (the host's scheduler). */
  | { readonly type: 'fireTimer'; readonly instance: number }
  /** A case task's child case started: recorded in the case task's history. */
  | { readonly type: 'linkChildCase'; readonly instance: PlanItemInstanceId; readonly childCase: CaseInstanceId }
  /** A case task's child case ended. */
  | {
      readonly type: 'childCaseEnded';
      readonly instance: PlanItemInstanceId;
      readonly outcome: 'Completed' | 'Terminated' | 'Failed';
      readonly output?: Values;
    };

/** The name a command is recorded under in history. */
export function commandName(command: Command): string {
  switch (command.type) {
    case 'planItem':
      return command.transition;
    case 'plan':
      return 'plan';
    case 'setCaseFile':
      return 'set';
    case 'removeCaseFileItem':
      return 'remove';
    case 'case':
      return `case:${command.transition}`;
    case 'team':
      return command.change;
    case 'document':
      return command.change;
    case 'work':
      return command.change;
    case 'fireTimer':
      return 'timer';
    case 'linkChildCase':
      return 'linkChildCase';
    case 'childCaseEnded':
      return 'childCase';
  }
}

/** Work the host shell must do after the step is stored. */
export type Effect =
  | { readonly kind: 'invokeTask'; readonly instanceId: PlanItemInstanceId; readonly node: number; readonly blocking: boolean }
  | { readonly kind: 'startChildCase'; readonly instanceId: PlanItemInstanceId; readonly node: number; readonly blocking: boolean }
  | { readonly kind: 'evaluateDecision'; readonly instanceId: PlanItemInstanceId; readonly node: number; readonly blocking: boolean }
  | { readonly kind: 'terminateChildCase'; readonly instanceId: PlanItemInstanceId; readonly childCase: CaseInstanceId }
  | { readonly kind: 'caseEnded'; readonly state: 'Completed' | 'Terminated' | 'Failed' };
