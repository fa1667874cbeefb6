/**
 * Rules and the plan item control that holds them (CMMN 1.1 §5.4.11), and the applicability rules
 * of planning tables (§5.4.9.2).
 */
import type { CaseFileItem } from './case-file.js';
import type { CmmnElementBase, Expression } from './element.js';

/** Rules of a plan item control (CMMN 1.1 §5.4.11). */
export interface Rule<K extends string> extends CmmnElementBase {
  readonly kind: K;
  readonly name: string | undefined;
  readonly condition: Expression | undefined;
  readonly contextRef: string | undefined;
  readonly context: CaseFileItem | undefined;
}

/** `<repetitionRule>`. */
export type RepetitionRule = Rule<'RepetitionRule'>;

/** `<requiredRule>`. */
export type RequiredRule = Rule<'RequiredRule'>;

/** `<manualActivationRule>`. */
export type ManualActivationRule = Rule<'ManualActivationRule'>;

/** `<itemControl>` / `<defaultControl>` (CMMN 1.1 §5.4.11 `PlanItemControl`). */
export interface PlanItemControl extends CmmnElementBase {
  readonly kind: 'PlanItemControl';
  readonly repetitionRule: RepetitionRule | undefined;
  readonly requiredRule: RequiredRule | undefined;
  readonly manualActivationRule: ManualActivationRule | undefined;
}

/** `<applicabilityRule>`. */
export type ApplicabilityRule = Rule<'ApplicabilityRule'>;
