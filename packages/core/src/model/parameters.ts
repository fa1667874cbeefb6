/**
 * Parameters of cases and tasks (CMMN 1.1 §5.2, §5.4.10) and the mappings between a task's
 * parameters and those of what it calls.
 */
import type { CaseFileItem } from './case-file.js';
import type { CmmnElementBase, Expression } from './element.js';
import type { DecisionParameter, ProcessParameter } from './processes-decisions.js';

/** Parameters: `<input>`/`<output>` of cases and tasks (CaseParameter), processes and decisions. */
export interface CaseParameter extends CmmnElementBase {
  readonly kind: 'CaseParameter';
  readonly name: string | undefined;
  readonly bindingRef: string | undefined;
  readonly binding: CaseFileItem | undefined;
  readonly bindingRefinement: Expression | undefined;
}

/** Any parameter. */
export type Parameter = CaseParameter | ProcessParameter | DecisionParameter;

/** `<parameterMapping>` of case, process and decision tasks. */
export interface ParameterMapping extends CmmnElementBase {
  readonly kind: 'ParameterMapping';
  readonly sourceRef: string | undefined;
  readonly source: Parameter | undefined;
  readonly targetRef: string | undefined;
  readonly target: Parameter | undefined;
  readonly transformation: Expression | undefined;
}
