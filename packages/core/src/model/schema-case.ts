/**
 * The schema of a case and what it declares or calls (CMMN 1.1 §5.2–5.3, §5.4.10): case file
 * items and their definitions, roles, parameters, processes, decisions and parameter mappings.
 */
import { many, one, ref, refs, str, type KindSpec } from './schema-spec.js';

/** Cases, case files, roles, parameters, processes and decisions. */
export const CASE_SPECS: readonly KindSpec[] = [
  {
    kind: 'CaseFileItemDefinition',
    element: true,
    attrs: [str('name'), str('definitionType'), str('structureRef'), str('importRef')],
    children: [many('properties', { property: 'Property' })],
  },
  { kind: 'Property', element: true, attrs: [str('name'), str('type')], children: [] },
  {
    kind: 'Case',
    element: true,
    attrs: [str('name')],
    children: [
      one('caseFileModel', { caseFileModel: 'CaseFile' }),
      one('casePlanModel', { casePlanModel: 'Stage' }),
      one('caseRoles', { caseRoles: 'CaseRoles' }),
      many('inputs', { input: 'CaseParameter' }),
      many('outputs', { output: 'CaseParameter' }),
    ],
  },
  { kind: 'CaseRoles', element: true, attrs: [], children: [many('roles', { role: 'Role' })] },
  { kind: 'Role', element: true, attrs: [str('name')], children: [] },
  { kind: 'CaseFile', element: true, attrs: [], children: [many('caseFileItems', { caseFileItem: 'CaseFileItem' })] },
  {
    kind: 'CaseFileItem',
    element: true,
    attrs: [
      str('name'),
      {
        xml: 'multiplicity',
        prop: 'multiplicity',
        type: 'string',
        values: ['ZeroOrOne', 'ZeroOrMore', 'ExactlyOne', 'OneOrMore', 'Unspecified', 'Unknown'],
      },
      ref('definitionRef', 'definition', ['CaseFileItemDefinition'], 'ignore', true),
      ref('sourceRef', 'source', ['CaseFileItem']),
      refs('targetRefs', 'targets', ['CaseFileItem']),
    ],
    children: [one('children', { children: 'Children' })],
  },
  {
    kind: 'Children',
    element: true,
    attrs: [],
    children: [many('caseFileItems', { caseFileItem: 'CaseFileItem' })],
  },
  {
    kind: 'CaseParameter',
    element: true,
    attrs: [str('name'), ref('bindingRef', 'binding', ['CaseFileItem'])],
    children: [one('bindingRefinement', { bindingRefinement: 'Expression' })],
  },
  { kind: 'ProcessParameter', element: true, attrs: [str('name')], children: [] },
  { kind: 'DecisionParameter', element: true, attrs: [str('name')], children: [] },
  {
    kind: 'Process',
    element: true,
    attrs: [str('name'), str('externalRef'), str('implementationType')],
    children: [many('inputs', { input: 'ProcessParameter' }), many('outputs', { output: 'ProcessParameter' })],
  },
  {
    kind: 'Decision',
    element: true,
    attrs: [str('name'), str('externalRef'), str('implementationType')],
    children: [many('inputs', { input: 'DecisionParameter' }), many('outputs', { output: 'DecisionParameter' })],
  },
  {
    kind: 'ParameterMapping',
    element: true,
    attrs: [
      ref('sourceRef', 'source', ['CaseParameter', 'ProcessParameter', 'DecisionParameter']),
      ref('targetRef', 'target', ['CaseParameter', 'ProcessParameter', 'DecisionParameter']),
    ],
    children: [one('transformation', { transformation: 'Expression' })],
  },
];
