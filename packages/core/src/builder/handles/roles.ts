/**
 * Roles of a case (CMMN 1.1 §5.2.3): what performers and authorized roles refer to.
 */

/**
 * A role of a case (`<role>`): what performers and authorized roles refer to.
 *
 * @example
 * const adjuster: RoleHandle<'claim'> = c.role('Adjuster');
 */
export interface RoleHandle<C extends string = string> {
  readonly kind: 'Role';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
}
