/**
 * Case file items (CMMN 1.1 §5.3) and case file item definitions: their handles and options.
 */
import type { Multiplicity } from '../../model/types.js';
import type { ElementOptions } from './element-options.js';

/**
 * A case file item (`<caseFileItem>`); add children with {@link CaseFileItemHandle.addChild}.
 *
 * @example
 * const claim = c.caseFileItem('claim', { multiplicity: 'ExactlyOne' });
 * const photos = claim.addChild('photos', { multiplicity: 'ZeroOrMore' });
 */
export interface CaseFileItemHandle<C extends string = string> {
  readonly kind: 'CaseFileItem';
  readonly id: string;
  readonly name: string | undefined;
  readonly caseId: C;
  /** The children added so far. */
  readonly children: readonly CaseFileItemHandle<C>[];
  /** Adds a child case file item (`<children><caseFileItem/></children>`). */
  addChild(name: string, options?: CaseFileItemOptions<C>): CaseFileItemHandle<C>;
}

/**
 * A `<caseFileItemDefinition>` of the definitions.
 *
 * @example
 * const document = m.caseFileItemDefinition('Document', { definitionType: 'http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument' });
 */
export interface CaseFileItemDefinitionHandle {
  readonly kind: 'CaseFileItemDefinition';
  readonly id: string;
  readonly name: string | undefined;
}

/**
 * Options of a case file item.
 *
 * @example
 * c.caseFileItem('claim', { multiplicity: 'ExactlyOne', definition: claimDefinition });
 */
export interface CaseFileItemOptions<C extends string = string> extends ElementOptions {
  readonly multiplicity?: Multiplicity;
  /** A case file item definition of the model, or a QName written as is. */
  readonly definition?: CaseFileItemDefinitionHandle | string;
  readonly source?: CaseFileItemHandle<C>;
  readonly targets?: readonly CaseFileItemHandle<C>[];
}

/**
 * Options of a case file item definition.
 *
 * @example
 * m.caseFileItemDefinition('Claim', { definitionType: 'http://www.omg.org/spec/CMMN/DefinitionType/Unspecified', properties: [{ name: 'amount', type: 'http://www.omg.org/spec/CMMN/PropertyType/double' }] });
 */
export interface CaseFileItemDefinitionOptions extends ElementOptions {
  readonly definitionType?: string;
  readonly structureRef?: string;
  readonly importRef?: string;
  readonly properties?: readonly (ElementOptions & { readonly name: string; readonly type?: string })[];
}
