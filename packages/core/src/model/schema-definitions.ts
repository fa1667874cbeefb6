/**
 * The schema of `<definitions>` and what it holds besides cases, processes and decisions: imports,
 * relationships and artifacts (CMMN 1.1 §5.1).
 */
import { many, one, ref, str, textChild, type KindSpec } from './schema-spec.js';

/** The root and its artifacts. */
export const DEFINITIONS_SPECS: readonly KindSpec[] = [
  {
    kind: 'Definitions',
    element: true,
    attrs: [
      str('name'),
      str('targetNamespace'),
      str('expressionLanguage'),
      str('exporter'),
      str('exporterVersion'),
      str('author'),
      str('creationDate'),
    ],
    children: [
      many('imports', { import: 'Import' }),
      many('caseFileItemDefinitions', { caseFileItemDefinition: 'CaseFileItemDefinition' }),
      many('cases', { case: 'Case' }),
      many('processes', { process: 'Process' }),
      many('decisions', { decision: 'Decision' }),
      many('relationships', { relationship: 'Relationship' }),
      many('artifacts', { textAnnotation: 'TextAnnotation', association: 'Association' }),
      one('cmmnDi', { CMMNDI: 'CMMNDI' }, 'cmmndi'),
    ],
  },
  { kind: 'Import', element: true, attrs: [str('importType'), str('location'), str('namespace')], children: [] },
  {
    kind: 'Relationship',
    element: true,
    attrs: [str('type'), str('direction')],
    children: [textChild('sources', 'source', true), textChild('targets', 'target', true)],
  },
  {
    kind: 'TextAnnotation',
    element: true,
    attrs: [str('textFormat')],
    children: [textChild('text', 'text')],
  },
  {
    kind: 'Association',
    element: true,
    attrs: [str('associationDirection'), ref('sourceRef', 'source', undefined), ref('targetRef', 'target', undefined)],
    children: [],
  },
];
