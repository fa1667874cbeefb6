/**
 * Which language an expression body is written in (§11).
 */

/**
 * The expression languages casekit evaluates.
 *
 * @example
 * const language: ExpressionLanguage = 'el';
 */
export type ExpressionLanguage = 'el' | 'jsonlogic' | 'feel';

/**
 * The language URI JSON Logic expressions declare.
 *
 * @example
 * compileExpression('{"var":"approved"}', { language: JSON_LOGIC_LANGUAGE });
 */
export const JSON_LOGIC_LANGUAGE = 'https://jsonlogic.com';

/** The CMMN schema's default `expressionLanguage`: written by modelers by default, implemented by none. */
const XPATH_LANGUAGE = 'http://www.w3.org/1999/xpath';

/** Declared names of the EL (JUEL, Unified EL) that casekit evaluates. */
const EL_LANGUAGES: ReadonlySet<string> = new Set([
  'el',
  'juel',
  'uel',
  'jakarta.el',
  'javax.el',
  'jakarta-el',
  'expression-language',
  'http://java.sun.com/products/jsp/',
  'http://jakarta.ee/el',
]);

/**
 * The language of an expression: `language` is the element's `language` attribute or, when absent,
 * the definitions' `expressionLanguage`. Returns `'unsupported'` for any host language
 * (`javascript`, `groovy`, `python`, …), which casekit never runs.
 *
 * casekit rules: a `language` containing `jsonlogic` → JSON Logic; containing `feel` → FEEL; an EL
 * name (`el`, `juel`, …) → EL. With no language, or the schema default XPath (which no engine
 * implements), the body decides: a body starting with `{` is JSON Logic, anything else is EL —
 * `${…}`/`#{…}` templates or, without them, bare EL text such as `amount > 1000`.
 *
 * @example
 * languageOf('${amount > 1000}');                      // 'el'
 * languageOf('{"var":"approved"}');                      // 'jsonlogic'
 * languageOf('amount > 1000', 'https://www.omg.org/spec/DMN/20191111/FEEL/'); // 'feel'
 * languageOf('x > 1', 'javascript');                    // 'unsupported'
 */
export function languageOf(body: string, language?: string): ExpressionLanguage | 'unsupported' {
  const declared = language?.trim().toLowerCase() ?? '';
  if (declared !== '' && declared !== XPATH_LANGUAGE && declared !== `${XPATH_LANGUAGE}/`) {
    if (declared.includes('jsonlogic')) return 'jsonlogic';
    if (declared.includes('feel')) return 'feel';
    if (EL_LANGUAGES.has(declared) || declared.includes('juel')) return 'el';
    return 'unsupported';
  }
  return body.trimStart().startsWith('{') ? 'jsonlogic' : 'el';
}
