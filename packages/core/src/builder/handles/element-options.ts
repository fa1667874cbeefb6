/**
 * What every element the builder writes may carry: an id, documentation, extension attributes and
 * elements; and how expressions are written.
 */
import type { XmlElement } from '../../model/types.js';

/**
 * A `<documentation>` entry: its text, or the text with a format and an id.
 *
 * @example
 * const doc: DocumentationInput = { text: '# Review', textFormat: 'text/markdown' };
 */
export type DocumentationInput = string | { readonly text: string; readonly textFormat?: string; readonly id?: string };

/**
 * An attribute from another namespace, e.g. `flowable:formKey`. `prefix` is a preference: the
 * builder declares one prefix per namespace URI on `<definitions>`.
 *
 * @example
 * const attr: XmlAttributeInput = { namespace: NS.flowable, prefix: 'flowable', local: 'formKey', value: 'claimForm' };
 */
export interface XmlAttributeInput {
  readonly namespace: string;
  readonly prefix?: string;
  readonly local: string;
  readonly value: string;
}

/**
 * What every element accepts: an explicit id, documentation and extensions.
 *
 * @example
 * const options: ElementOptions = { id: 'review', documentation: 'Check the claim' };
 */
export interface ElementOptions {
  /** An explicit id (an XML NCName). Default: generated from the kind and the name. */
  readonly id?: string;
  readonly documentation?: DocumentationInput | readonly DocumentationInput[];
  readonly extensionAttributes?: readonly XmlAttributeInput[];
  /** Kept verbatim in `<extensionElements>`; every element needs a namespace. */
  readonly extensionElements?: readonly XmlElement[];
}

/**
 * An expression: its body (in the definitions' `expressionLanguage` unless `language` says
 * otherwise), or the body with a language and element options.
 *
 * @example
 * const a: ExpressionInput = '${claim.amount > 1000}';
 * const b: ExpressionInput = { body: '{">": [{"var": "claim.amount"}, 1000]}', language: 'https://jsonlogic.com' };
 */
export type ExpressionInput = string | ExpressionSpec;

/**
 * An expression with its language.
 *
 * @example
 * const condition: ExpressionSpec = { body: 'claim.amount > 1000', language: 'juel' };
 */
export interface ExpressionSpec extends ElementOptions {
  readonly body: string;
  readonly language?: string;
}
