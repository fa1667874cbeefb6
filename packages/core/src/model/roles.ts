/**
 * The roles of a case (CMMN 1.1 §5.2.3).
 */
import type { CmmnElementBase } from './element.js';

/** `<caseRoles>`: the roles of a case. CMMN 1.0 files list `<caseRoles>` elements as roles themselves. */
export interface CaseRoles extends CmmnElementBase {
  readonly kind: 'CaseRoles';
  readonly roles: readonly Role[];
}

/** `<role>` (CMMN 1.1 §5.2.3). */
export interface Role extends CmmnElementBase {
  readonly kind: 'Role';
  readonly name: string | undefined;
}
