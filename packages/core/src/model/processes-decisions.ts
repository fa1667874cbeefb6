/**
 * Processes and decisions that process and decision tasks call (CMMN 1.1 §5.4.10.5–6), with their
 * parameters.
 */
import type { CmmnElementBase } from './element.js';

/** `<input>`/`<output>` of a `<process>`. */
export interface ProcessParameter extends CmmnElementBase {
  readonly kind: 'ProcessParameter';
  readonly name: string | undefined;
}

/** `<input>`/`<output>` of a `<decision>`. */
export interface DecisionParameter extends CmmnElementBase {
  readonly kind: 'DecisionParameter';
  readonly name: string | undefined;
}

/** `<process>`: a process a process task calls (CMMN 1.1 §5.4.10.5). */
export interface Process extends CmmnElementBase {
  readonly kind: 'Process';
  readonly name: string | undefined;
  readonly externalRef: string | undefined;
  readonly implementationType: string | undefined;
  readonly inputs: readonly ProcessParameter[];
  readonly outputs: readonly ProcessParameter[];
}

/** `<decision>`: a decision a decision task evaluates (CMMN 1.1 §5.4.10.6). */
export interface Decision extends CmmnElementBase {
  readonly kind: 'Decision';
  readonly name: string | undefined;
  readonly externalRef: string | undefined;
  readonly implementationType: string | undefined;
  readonly inputs: readonly DecisionParameter[];
  readonly outputs: readonly DecisionParameter[];
}
