/**
 * `<definitions>`, the root of every CMMN file, with its imports, relationships and artifacts; the
 * union of every element; and the CMMNDI diagrams, shapes and edges (CMMN 1.1 §7), which sit here
 * rather than in `diagram-interchange.ts` because they refer to any element, the root included.
 */
import type { CaseFile, CaseFileItem, CaseFileItemChildren, CaseFileItemDefinition, Property } from './case-file.js';
import type {
  Case,
  CaseFileItemStartTrigger,
  Criterion,
  DiscretionaryItem,
  IfPart,
  OnPart,
  PlanItem,
  PlanItemDefinition,
  PlanItemStartTrigger,
  PlanningTable,
  Sentry,
} from './case-plan.js';
import type { Bounds, CMMNLabel, CMMNStyle, Dimension, Point } from './diagram-interchange.js';
import type { CmmnElementBase, Expression } from './element.js';
import type { Parameter, ParameterMapping } from './parameters.js';
import type {
  ApplicabilityRule,
  ManualActivationRule,
  PlanItemControl,
  RepetitionRule,
  RequiredRule,
} from './plan-item-control.js';
import type { Decision, Process } from './processes-decisions.js';
import type { CaseRoles, Role } from './roles.js';

/** `<definitions>`: the root of every CMMN file. */
export interface Definitions extends CmmnElementBase {
  readonly kind: 'Definitions';
  readonly name: string | undefined;
  readonly targetNamespace: string | undefined;
  readonly expressionLanguage: string | undefined;
  readonly exporter: string | undefined;
  readonly exporterVersion: string | undefined;
  readonly author: string | undefined;
  readonly creationDate: string | undefined;
  readonly imports: readonly Import[];
  readonly caseFileItemDefinitions: readonly CaseFileItemDefinition[];
  readonly cases: readonly Case[];
  readonly processes: readonly Process[];
  readonly decisions: readonly Decision[];
  readonly relationships: readonly Relationship[];
  readonly artifacts: readonly Artifact[];
  readonly cmmnDi: CMMNDI | undefined;
}

/** `<import>`. */
export interface Import extends CmmnElementBase {
  readonly kind: 'Import';
  readonly importType: string | undefined;
  readonly location: string | undefined;
  readonly namespace: string | undefined;
}

/** `<relationship>` (CMMN 1.1 §5.1.3). */
export interface Relationship extends CmmnElementBase {
  readonly kind: 'Relationship';
  readonly type: string | undefined;
  readonly direction: string | undefined;
  readonly sources: readonly string[];
  readonly targets: readonly string[];
}

/** `<textAnnotation>`. */
export interface TextAnnotation extends CmmnElementBase {
  readonly kind: 'TextAnnotation';
  readonly textFormat: string | undefined;
  readonly text: string | undefined;
}

/** `<association>` between an artifact and another element. */
export interface Association extends CmmnElementBase {
  readonly kind: 'Association';
  readonly associationDirection: string | undefined;
  readonly sourceRef: string | undefined;
  readonly source: CmmnElement | undefined;
  readonly targetRef: string | undefined;
  readonly target: CmmnElement | undefined;
}

/** Artifacts: text annotations and associations. */
export type Artifact = TextAnnotation | Association;

/** `<cmmndi:CMMNDI>`. */
export interface CMMNDI extends CmmnElementBase {
  readonly kind: 'CMMNDI';
  readonly diagrams: readonly CMMNDiagram[];
  readonly styles: readonly CMMNStyle[];
}

/** `<cmmndi:CMMNDiagram>`. */
export interface CMMNDiagram extends CmmnElementBase {
  readonly kind: 'CMMNDiagram';
  readonly name: string | undefined;
  readonly resolution: number | undefined;
  readonly sharedStyle: string | undefined;
  readonly cmmnElementRef: string | undefined;
  readonly cmmnElement: CmmnElement | undefined;
  readonly size: Dimension | undefined;
  /** Shapes and edges in document order. */
  readonly diagramElements: readonly (CMMNShape | CMMNEdge)[];
}

/** `<cmmndi:CMMNShape>`. */
export interface CMMNShape extends CmmnElementBase {
  readonly kind: 'CMMNShape';
  readonly cmmnElementRef: string | undefined;
  readonly cmmnElement: CmmnElement | undefined;
  readonly isCollapsed: boolean | undefined;
  readonly isPlanningTableCollapsed: boolean | undefined;
  readonly sharedStyle: string | undefined;
  readonly bounds: Bounds | undefined;
  readonly label: CMMNLabel | undefined;
}

/** `<cmmndi:CMMNEdge>`. */
export interface CMMNEdge extends CmmnElementBase {
  readonly kind: 'CMMNEdge';
  readonly cmmnElementRef: string | undefined;
  readonly cmmnElement: CmmnElement | undefined;
  readonly sourceCMMNElementRef: string | undefined;
  readonly sourceCMMNElement: CmmnElement | undefined;
  readonly targetCMMNElementRef: string | undefined;
  readonly targetCMMNElement: CmmnElement | undefined;
  readonly isStandardEventVisible: boolean | undefined;
  readonly sharedStyle: string | undefined;
  readonly waypoints: readonly Point[];
  readonly label: CMMNLabel | undefined;
}

/** Every element of the model that can carry an id. */
export type CmmnElement =
  | Definitions
  | Import
  | Relationship
  | Artifact
  | CaseFileItemDefinition
  | Property
  | Case
  | CaseRoles
  | Role
  | CaseFile
  | CaseFileItem
  | CaseFileItemChildren
  | Parameter
  | Process
  | Decision
  | ParameterMapping
  | RepetitionRule
  | RequiredRule
  | ManualActivationRule
  | ApplicabilityRule
  | PlanItemControl
  | PlanItemDefinition
  | PlanItemStartTrigger
  | CaseFileItemStartTrigger
  | Criterion
  | PlanItem
  | Sentry
  | OnPart
  | IfPart
  | PlanningTable
  | DiscretionaryItem
  | Expression
  | CMMNDI
  | CMMNDiagram
  | CMMNShape
  | CMMNEdge
  | CMMNLabel
  | CMMNStyle;

/** The `kind` of every element. */
export type CmmnElementKind = CmmnElement['kind'];

/**
 * The language an expression is written in: its own `language`, else the definitions'
 * `expressionLanguage`, else undefined (casekit then infers it from the body, see docs/expressions.md).
 */
export function effectiveLanguage(expression: Expression, definitions: Definitions): string | undefined {
  return expression.language ?? definitions.expressionLanguage;
}
