/**
 * The model (`<definitions>`) and what it declares for tasks to call besides cases: processes and
 * decisions (CMMN 1.1 §5.4.10.5–6).
 */
import type { ElementOptions } from './element-options.js';
import type { ParameterHandle } from './parameters.js';

/**
 * A `<process>` that process tasks call.
 *
 * @example
 * const payout = m.process('Pay out', { externalRef: 'payout.bpmn', inputs: ['amount'] });
 */
export interface ProcessHandle {
  readonly kind: 'Process';
  readonly id: string;
  readonly name: string | undefined;
  readonly inputs: readonly ParameterHandle<'ProcessParameter'>[];
  readonly outputs: readonly ParameterHandle<'ProcessParameter'>[];
}

/**
 * A `<decision>` that decision tasks evaluate.
 *
 * @example
 * const triage = m.decision('Triage', { externalRef: 'triage.dmn' });
 */
export interface DecisionHandle {
  readonly kind: 'Decision';
  readonly id: string;
  readonly name: string | undefined;
  readonly inputs: readonly ParameterHandle<'DecisionParameter'>[];
  readonly outputs: readonly ParameterHandle<'DecisionParameter'>[];
}

/**
 * Options of a process or decision.
 *
 * @example
 * m.process('Pay out', { externalRef: 'payout', implementationType: 'http://www.omg.org/spec/CMMN/ProcessType/Unspecified', inputs: ['amount'] });
 */
export interface CalledElementOptions extends ElementOptions {
  readonly externalRef?: string;
  readonly implementationType?: string;
  readonly inputs?: readonly (string | (ElementOptions & { readonly name: string }))[];
  readonly outputs?: readonly (string | (ElementOptions & { readonly name: string }))[];
}

/**
 * Options of the model (`<definitions>`).
 *
 * @example
 * createModel({ targetNamespace: 'https://example.com/claims', expressionLanguage: 'juel' });
 */
export interface ModelOptions extends ElementOptions {
  readonly name?: string;
  /** Required by the CMMN XSD; default `urn:casekit:model`. */
  readonly targetNamespace?: string;
  /** The default language of every expression; absent: casekit infers it from each body. */
  readonly expressionLanguage?: string;
  /** Default `casekit`. */
  readonly exporter?: string;
  readonly exporterVersion?: string;
  readonly author?: string;
  readonly creationDate?: string;
}
