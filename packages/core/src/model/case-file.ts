/**
 * The case file (CMMN 1.1 §5.3): case file items, their children and their definitions.
 */
import type { CmmnElementBase } from './element.js';

/** `<caseFileItemDefinition>` (CMMN 1.1 §5.3.2). */
export interface CaseFileItemDefinition extends CmmnElementBase {
  readonly kind: 'CaseFileItemDefinition';
  readonly name: string | undefined;
  readonly definitionType: string | undefined;
  readonly structureRef: string | undefined;
  readonly importRef: string | undefined;
  readonly properties: readonly Property[];
}

/** `<property>` of a case file item definition. */
export interface Property extends CmmnElementBase {
  readonly kind: 'Property';
  readonly name: string | undefined;
  readonly type: string | undefined;
}

/** `<caseFileModel>`. */
export interface CaseFile extends CmmnElementBase {
  readonly kind: 'CaseFile';
  readonly caseFileItems: readonly CaseFileItem[];
}

/** Multiplicity of a case file item. */
export type Multiplicity = 'ZeroOrOne' | 'ZeroOrMore' | 'ExactlyOne' | 'OneOrMore' | 'Unspecified' | 'Unknown';

/** `<caseFileItem>` (CMMN 1.1 §5.3.1). */
export interface CaseFileItem extends CmmnElementBase {
  readonly kind: 'CaseFileItem';
  readonly name: string | undefined;
  /** As written; absent means `Unspecified`. */
  readonly multiplicity: Multiplicity | undefined;
  readonly definitionRef: string | undefined;
  readonly definition: CaseFileItemDefinition | undefined;
  readonly children: CaseFileItemChildren | undefined;
  readonly sourceRef: string | undefined;
  readonly source: CaseFileItem | undefined;
  readonly targetRefs: readonly string[] | undefined;
  readonly targets: readonly CaseFileItem[];
}

/** `<children>` of a case file item. */
export interface CaseFileItemChildren extends CmmnElementBase {
  readonly kind: 'Children';
  readonly caseFileItems: readonly CaseFileItem[];
}
