/**
 * DMN 1.3/1.4 XML (and the 1.1, 1.2 and 1.5 namespaces, which share the decision table shape) →
 * decision definitions: `definitions` → `decision` → `decisionTable` (inputs with
 * `inputExpression` and `inputValues`, outputs with `typeRef`, `outputValues` and
 * `defaultOutputEntry`, rules with FEEL unary tests and output entries, hit policy and aggregation)
 * or `literalExpression`, with `informationRequirement/requiredDecision`. Diagram interchange
 * (DMNDI), modeler extensions (`camunda:`, `biodi:`) and other DRG elements are skipped.
 */
import { DecisionTableError } from './errors.js';
import { DECISION_LIMITS } from './limits.js';
import { parseDmnXml, type XmlElement } from './dmn-xml.js';
import {
  BUILTIN_AGGREGATORS,
  HIT_POLICIES,
  type BuiltinAggregator,
  type DecisionDefinition,
  type DecisionRuleDefinition,
  type DecisionTableDefinition,
  type HitPolicy,
  type InputClause,
  type OutputClause,
} from './model.js';
import type { ReadOptions } from './read-json.js';
import { typeRefOf, TYPE_NAMES_ACCEPTED } from './values.js';

/**
 * The DMN MODEL namespaces casekit reads: 1.1, 1.2, 1.3, 1.4 and 1.5.
 *
 * @example
 * DMN_NAMESPACES.includes('https://www.omg.org/spec/DMN/20191111/MODEL/'); // true (DMN 1.3)
 */
export const DMN_NAMESPACES: readonly string[] = [
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  'http://www.omg.org/spec/DMN/20180521/MODEL/',
  'https://www.omg.org/spec/DMN/20191111/MODEL/',
  'https://www.omg.org/spec/DMN/20211108/MODEL/',
  'https://www.omg.org/spec/DMN/20230324/MODEL/',
];
const DMN = new Set(DMN_NAMESPACES);

function isDmn(element: XmlElement, local: string): boolean {
  return element.local === local && element.namespace !== undefined && DMN.has(element.namespace);
}

function child(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((candidate) => isDmn(candidate, local));
}

function childrenNamed(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((candidate) => isDmn(candidate, local));
}

/** The `<text>` of an element (`inputExpression`, `inputEntry`, …), or undefined when it has none. */
function textOf(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  const text = child(element, 'text');
  return text === undefined ? undefined : text.text;
}

/** Whether an `expressionLanguage` names FEEL (or is absent). */
function isFeelLanguage(language: string | undefined): boolean {
  return language === undefined || language.trim() === '' || language.toLowerCase().includes('feel');
}

/**
 * Reads the decisions of a DMN file. Throws {@link DecisionTableError} naming the file, line,
 * decision, rule and entry for malformed XML, a DOCTYPE, a namespace that is not DMN, an unknown
 * hit policy, aggregation or type, or an entry in a language other than FEEL.
 *
 * @example
 * const definitions = readDmn(readFileSync('care-risk.dmn', 'utf8'), { source: 'care-risk.dmn' });
 * const [careRisk] = compileDecisions(definitions);
 */
export function readDmn(xml: string, options: ReadOptions = {}): DecisionDefinition[] {
  const source = options.source;
  const root = parseDmnXml(xml, source);
  if (root.local !== 'definitions' || root.namespace === undefined || !DMN.has(root.namespace)) {
    throw new DecisionTableError(
      `the root element must be a DMN <definitions> (namespace ${DMN_NAMESPACES[2]} or ${DMN_NAMESPACES[3]}), found <${root.local}>${root.namespace === undefined ? ' without a namespace' : ` in ${root.namespace}`}`,
      { source, line: root.line },
    );
  }
  const definitionsLanguage = root.attributes.get('expressionLanguage');
  const decisions = childrenNamed(root, 'decision');
  if (decisions.length === 0) throw new DecisionTableError('the file defines no decision', { source, line: root.line });
  if (decisions.length > DECISION_LIMITS.maxDecisions) throw new DecisionTableError(`more than ${DECISION_LIMITS.maxDecisions} decisions`, { source });
  return decisions.map((decision) => readDecision(decision, source, definitionsLanguage));
}

function readDecision(element: XmlElement, source: string | undefined, definitionsLanguage: string | undefined): DecisionDefinition {
  const id = element.attributes.get('id');
  if (id === undefined || id.trim() === '') throw new DecisionTableError('a <decision> needs an id', { source, line: element.line });
  const name = element.attributes.get('name');
  const fail = (reason: string, at: { rule?: string; entry?: string; line?: number } = {}): never => {
    throw new DecisionTableError(reason, { decision: id, source, line: at.line ?? element.line, rule: at.rule, entry: at.entry });
  };
  const variableElement = child(element, 'variable');
  const variable = variableElement?.attributes.get('name');
  const requires: string[] = [];
  for (const requirement of childrenNamed(element, 'informationRequirement')) {
    const required = child(requirement, 'requiredDecision');
    const href = required?.attributes.get('href');
    if (href === undefined) continue;
    const hash = href.lastIndexOf('#');
    requires.push(hash >= 0 ? href.slice(hash + 1) : href);
  }

  const table = child(element, 'decisionTable');
  if (table !== undefined) {
    return { id, name, variable, requires, source, logic: { kind: 'decisionTable', table: readTable(table, fail, definitionsLanguage) } };
  }
  const literal = child(element, 'literalExpression');
  if (literal !== undefined) {
    const language = literal.attributes.get('expressionLanguage') ?? definitionsLanguage;
    if (!isFeelLanguage(language)) fail(`the literal expression is in ${JSON.stringify(language)}; casekit reads FEEL`, { entry: 'literalExpression', line: literal.line });
    const typeText = literal.attributes.get('typeRef') ?? variableElement?.attributes.get('typeRef');
    const typeRef = typeRefOf(typeText);
    if (typeRef === undefined) fail(`unknown type ${JSON.stringify(typeText)} (one of ${TYPE_NAMES_ACCEPTED.join(', ')})`, { entry: 'literalExpression', line: literal.line });
    return { id, name, variable, requires, source, logic: { kind: 'literalExpression', text: textOf(literal) ?? '', typeRef } };
  }
  const logic = element.children.find((candidate) => candidate.namespace !== undefined && DMN.has(candidate.namespace) && !['variable', 'informationRequirement', 'knowledgeRequirement', 'authorityRequirement', 'description', 'extensionElements', 'question', 'allowedAnswers'].includes(candidate.local));
  return fail(
    logic === undefined
      ? 'the decision has no decision logic (a <decisionTable> or <literalExpression>)'
      : `<${logic.local}> decision logic is not supported; casekit evaluates <decisionTable> and <literalExpression>`,
  );
}

function readTable(
  table: XmlElement,
  fail: (reason: string, at?: { rule?: string; entry?: string; line?: number }) => never,
  definitionsLanguage: string | undefined,
): DecisionTableDefinition {
  const hitPolicyText = table.attributes.get('hitPolicy') ?? 'UNIQUE';
  const hitPolicy = HIT_POLICIES.find((policy) => policy === hitPolicyText.trim()) as HitPolicy | undefined;
  if (hitPolicy === undefined) return fail(`unknown hit policy ${JSON.stringify(hitPolicyText)} (one of ${HIT_POLICIES.join(', ')})`, { entry: 'hitPolicy', line: table.line });
  const aggregationText = table.attributes.get('aggregation');
  let aggregation: BuiltinAggregator | undefined;
  if (aggregationText !== undefined) {
    aggregation = BUILTIN_AGGREGATORS.find((a) => a === aggregationText.trim());
    if (aggregation === undefined) fail(`unknown aggregation ${JSON.stringify(aggregationText)} (one of ${BUILTIN_AGGREGATORS.join(', ')})`, { entry: 'aggregation', line: table.line });
  }
  const inputElements = childrenNamed(table, 'input');
  const outputElements = childrenNamed(table, 'output');
  const ruleElements = childrenNamed(table, 'rule');
  if (ruleElements.length > DECISION_LIMITS.maxRules) fail(`a table may have at most ${DECISION_LIMITS.maxRules} rules`);

  const inputs: InputClause[] = inputElements.map((input, index) => {
    const id = input.attributes.get('id') ?? `input-${index + 1}`;
    const label = input.attributes.get('label');
    const expression = child(input, 'inputExpression');
    const entry = `input ${JSON.stringify(label ?? id)}`;
    if (expression === undefined) return fail('an <input> needs an <inputExpression>', { entry, line: input.line });
    const typeText = expression.attributes.get('typeRef');
    const typeRef = typeRefOf(typeText);
    if (typeRef === undefined) return fail(`unknown type ${JSON.stringify(typeText)} (one of ${TYPE_NAMES_ACCEPTED.join(', ')})`, { entry, line: expression.line });
    const values = child(input, 'inputValues');
    const valuesLanguage = values?.attributes.get('expressionLanguage');
    if (values !== undefined && !isFeelLanguage(valuesLanguage)) fail(`input values in ${JSON.stringify(valuesLanguage)} are not supported; casekit reads FEEL unary tests`, { entry, line: values.line });
    const allowedText = textOf(values);
    return {
      id,
      label,
      expression: { kind: 'expression', text: textOf(expression) ?? '', language: expression.attributes.get('expressionLanguage') ?? definitionsLanguage },
      typeRef,
      typeRefText: typeText,
      allowedValues: allowedText === undefined || allowedText.trim() === '' ? undefined : { kind: 'feel', text: allowedText },
    };
  });

  const outputs: OutputClause[] = outputElements.map((output, index) => {
    const id = output.attributes.get('id') ?? `output-${index + 1}`;
    const label = output.attributes.get('label');
    const name = output.attributes.get('name');
    const entry = `output ${JSON.stringify(name ?? label ?? id)}`;
    const typeText = output.attributes.get('typeRef');
    const typeRef = typeRefOf(typeText);
    if (typeRef === undefined) return fail(`unknown type ${JSON.stringify(typeText)} (one of ${TYPE_NAMES_ACCEPTED.join(', ')})`, { entry, line: output.line });
    const allowedText = textOf(child(output, 'outputValues'));
    const defaultElement = child(output, 'defaultOutputEntry');
    const defaultText = textOf(defaultElement);
    return {
      id,
      label,
      name: name === undefined || name.trim() === '' ? undefined : name,
      typeRef,
      typeRefText: typeText,
      allowedValues: allowedText === undefined || allowedText.trim() === '' ? undefined : { kind: 'feel', text: allowedText },
      defaultOutputEntry: defaultText === undefined ? undefined : { kind: 'feel', text: defaultText },
    };
  });

  const rules: DecisionRuleDefinition[] = ruleElements.map((rule, index) => {
    const id = rule.attributes.get('id') ?? `rule-${index + 1}`;
    const inputEntries = childrenNamed(rule, 'inputEntry').map((entry, column) => {
      const language = entry.attributes.get('expressionLanguage');
      if (!isFeelLanguage(language)) {
        fail(`input entries in ${JSON.stringify(language)} are not supported; casekit reads FEEL unary tests`, { rule: id, entry: `input ${column + 1}`, line: entry.line });
      }
      return { kind: 'feel' as const, text: textOf(entry) ?? '' };
    });
    const outputEntries = childrenNamed(rule, 'outputEntry').map((entry, column) => {
      const language = entry.attributes.get('expressionLanguage');
      if (!isFeelLanguage(language)) {
        fail(`output entries in ${JSON.stringify(language)} are not supported; casekit reads FEEL`, { rule: id, entry: `output ${column + 1}`, line: entry.line });
      }
      return { kind: 'feel' as const, text: textOf(entry) ?? '' };
    });
    const description = child(rule, 'description')?.text;
    return { id, description, inputEntries, outputEntries };
  });

  return { hitPolicy, aggregation, inputs, outputs, rules };
}
