/**
 * Parameters of cases and tasks (CMMN 1.1 §5.2, §5.4.10) and the mappings between them.
 */
import type { CaseFileItemHandle } from './case-file-items.js';
import type { ElementOptions, ExpressionInput } from './element-options.js';

/**
 * A parameter: of a case, of a task, of a process or of a decision.
 *
 * @example
 * const amount = payout.inputs[0]!; // ParameterHandle<'ProcessParameter'>
 */
export interface ParameterHandle<
  K extends 'CaseParameter' | 'ProcessParameter' | 'DecisionParameter' =
    'CaseParameter' | 'ProcessParameter' | 'DecisionParameter',
> {
  readonly kind: K;
  readonly id: string;
  readonly name: string | undefined;
}

/**
 * A parameter of a task or case: its name, or options.
 *
 * @example
 * const p: ParameterInput = { name: 'claim', binding: claimFile };
 */
export type ParameterInput<C extends string = string> = string | (ParameterOptions<C> & { readonly name: string });

/**
 * Options of a case or task parameter: the case file item it binds to.
 *
 * @example
 * c.input('claim', { binding: claimFile });
 */
export interface ParameterOptions<C extends string = string> extends ElementOptions {
  readonly binding?: CaseFileItemHandle<C>;
  readonly bindingRefinement?: ExpressionInput;
}

/**
 * Options of a `<parameterMapping>`.
 *
 * @example
 * pay.addParameterMapping(pay.inputs[0]!, payout.inputs[0]!, { transformation: '${amount * 100}' });
 */
export interface ParameterMappingOptions extends ElementOptions {
  readonly transformation?: ExpressionInput;
}
