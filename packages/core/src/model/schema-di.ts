/**
 * The schema of CMMNDI (CMMN 1.1 §7): diagrams, shapes, edges, labels, styles and the DC values.
 */
import { bool, many, num, one, ref, str, type KindSpec } from './schema-spec.js';

/** Diagram interchange. */
export const DI_SPECS: readonly KindSpec[] = [
  {
    kind: 'CMMNDI',
    element: true,
    attrs: [],
    children: [many('diagrams', { CMMNDiagram: 'CMMNDiagram' }, 'cmmndi'), many('styles', { CMMNStyle: 'CMMNStyle' }, 'cmmndi')],
  },
  {
    kind: 'CMMNDiagram',
    element: true,
    attrs: [str('name'), num('resolution'), str('sharedStyle'), ref('cmmnElementRef', 'cmmnElement', undefined, 'error', true)],
    children: [
      one('size', { Size: 'Dimension' }, 'cmmndi'),
      many('diagramElements', { CMMNShape: 'CMMNShape', CMMNEdge: 'CMMNEdge' }, 'cmmndi'),
    ],
  },
  {
    kind: 'CMMNShape',
    element: true,
    attrs: [
      ref('cmmnElementRef', 'cmmnElement', undefined, 'error', true),
      bool('isCollapsed'),
      bool('isPlanningTableCollapsed'),
      str('sharedStyle'),
    ],
    children: [one('bounds', { Bounds: 'Bounds' }, 'dc'), one('label', { CMMNLabel: 'CMMNLabel' }, 'cmmndi')],
  },
  {
    kind: 'CMMNEdge',
    element: true,
    attrs: [
      ref('cmmnElementRef', 'cmmnElement', undefined, 'error', true),
      ref('sourceCMMNElementRef', 'sourceCMMNElement', undefined, 'error', true),
      ref('targetCMMNElementRef', 'targetCMMNElement', undefined, 'error', true),
      bool('isStandardEventVisible'),
      str('sharedStyle'),
    ],
    children: [many('waypoints', { waypoint: 'Point' }, 'di'), one('label', { CMMNLabel: 'CMMNLabel' }, 'cmmndi')],
  },
  {
    kind: 'CMMNLabel',
    element: true,
    attrs: [str('sharedStyle')],
    children: [one('bounds', { Bounds: 'Bounds' }, 'dc')],
  },
  { kind: 'CMMNStyle', element: true, attrs: [], children: [] },
  { kind: 'Bounds', element: false, attrs: [num('x'), num('y'), num('width'), num('height')], children: [] },
  { kind: 'Point', element: false, attrs: [num('x'), num('y')], children: [] },
  { kind: 'Dimension', element: false, attrs: [num('width'), num('height')], children: [] },
];
