/**
 * The authorization policy an engine is configured with: its options, their defaults and their
 * resolved form. The decisions the policy makes (who may give which command) are all in
 * legality.ts; this module only holds the configuration, so that the kernel can carry it without
 * importing the rules. docs/authorization.md states the policy as a table.
 */
import type { User } from './state.js';

/** What the case-file rule is asked about: one case file item a user's command writes or removes. */
export interface CaseFileRequest {
  readonly caseId: string;
  readonly user: User;
  /** The case file item written or removed. */
  readonly item: string;
  /** `set` and `remove` (case file commands), or `complete` (a task's output). */
  readonly command: 'set' | 'remove' | 'complete';
  /** The roles the user holds in the case (as assigned or given: ids or names). */
  readonly roles: readonly string[];
}

/**
 * The authorization options of {@link createEngine} (`authorization`). Every user command is
 * authorized unless `mode` is `'off'`; docs/authorization.md has the whole policy.
 *
 * @example
 * const engine = createEngine({ authorization: { trustUserRoles: true, caseCommandRoles: ['supervisor'] } });
 */
export interface AuthorizationOptions {
  /**
   * `'on'` (default): every user command is checked, and a user command without a user is
   * refused. `'off'`: nothing is checked, the user is only recorded (tests, single-user hosts).
   */
  readonly mode?: 'on' | 'off';
  /**
   * The one rule for roles on the `user` object: when true, the roles the host passes count in
   * every case, and a user the host gives a role counts as a member of the case (the host vouches
   * for them). When false (default), a user holds in a case only the roles its case team assigns.
   */
  readonly trustUserRoles?: boolean;
  /** Roles (ids or names) that may give case-level commands (suspend, reactivate, terminate, complete, close) besides the case owner. */
  readonly caseCommandRoles?: readonly string[];
  /** Roles (ids or names) that may change the case team besides the case owner. */
  readonly teamAdminRoles?: readonly string[];
  /** Roles (ids or names) that may assign any human task of a case besides the case owner and the task's owner (docs/work.md). */
  readonly taskManagerRoles?: readonly string[];
  /**
   * Roles granted plan item commands on an item (by plan item id or name), besides those the model
   * names: the only way a user commands a timer event listener or a milestone.
   */
  readonly itemRoles?: Readonly<Record<string, readonly string[]>>;
  /**
   * Narrows who may write or remove case file items: asked for each item a member's command
   * writes (`set`, a task's `output`) or removes; false refuses the command. Non-members are
   * refused before it is asked. Must be a pure function of its argument.
   */
  readonly caseFileRule?: (request: CaseFileRequest) => boolean;
  /**
   * A command or query without a user: `'refuse'` (default) refuses every such command;
   * `'unchecked'` lets it through unchecked, as anyone's (the scenario format's default user),
   * while commands that name a user are authorized as usual.
   */
  readonly anonymous?: 'refuse' | 'unchecked';
}

/** The resolved policy a step and the queries read. */
export interface AuthorizationPolicy {
  readonly on: boolean;
  readonly trustUserRoles: boolean;
  readonly caseCommandRoles: readonly string[];
  readonly teamAdminRoles: readonly string[];
  readonly taskManagerRoles: readonly string[];
  readonly itemRoles: Readonly<Record<string, readonly string[]>>;
  readonly caseFileRule: ((request: CaseFileRequest) => boolean) | undefined;
  /** A command without a user goes unchecked (`anonymous: 'unchecked'`). */
  readonly anonymousUnchecked: boolean;
}

/** The default policy: on, only case-team roles count. */
export const AUTHORIZATION_ON: AuthorizationPolicy = Object.freeze({
  on: true,
  trustUserRoles: false,
  caseCommandRoles: [],
  teamAdminRoles: [],
  taskManagerRoles: [],
  itemRoles: Object.freeze({}),
  caseFileRule: undefined,
  anonymousUnchecked: false,
});

/** No command is checked. */
export const AUTHORIZATION_OFF: AuthorizationPolicy = Object.freeze({ ...AUTHORIZATION_ON, on: false });

/**
 * Resolves the `authorization` engine option: `'none'` or `{ mode: 'off' }` turn checks off;
 * absent, the default policy (on).
 *
 * @example
 * authorizationPolicy('none').on; // false
 */
export function authorizationPolicy(options: AuthorizationOptions | 'none' | undefined): AuthorizationPolicy {
  if (options === undefined) return AUTHORIZATION_ON;
  if (options === 'none' || options.mode === 'off') return AUTHORIZATION_OFF;
  const itemRoles: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>;
  for (const [item, roles] of Object.entries(options.itemRoles ?? {})) itemRoles[item] = Object.freeze([...roles]);
  return Object.freeze({
    on: true,
    trustUserRoles: options.trustUserRoles === true,
    caseCommandRoles: Object.freeze([...(options.caseCommandRoles ?? [])]),
    teamAdminRoles: Object.freeze([...(options.teamAdminRoles ?? [])]),
    taskManagerRoles: Object.freeze([...(options.taskManagerRoles ?? [])]),
    itemRoles: Object.freeze(itemRoles),
    caseFileRule: options.caseFileRule,
    anonymousUnchecked: options.anonymous === 'unchecked',
  });
}

/**
 * The policy a command or query of `user` is checked under: the engine's, or none at all for a
 * command without a user when the policy lets such commands through (`anonymous: 'unchecked'`).
 *
 * @example
 * policyFor(authorizationPolicy({ anonymous: 'unchecked' }), undefined).on; // false
 */
export function policyFor(policy: AuthorizationPolicy, user: User | undefined): AuthorizationPolicy {
  return user === undefined && policy.anonymousUnchecked ? AUTHORIZATION_OFF : policy;
}
