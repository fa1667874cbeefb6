/**
 * The plain values of CMMNDI (CMMN 1.1 §7): bounds, points, sizes, labels and shared styles. The
 * diagram, shape and edge elements refer to any element and are in `definitions.ts`.
 */
import type { CmmnElementBase } from './element.js';

/** `dc:Bounds`. */
export interface Bounds {
  readonly kind: 'Bounds';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** `dc:Point` (a waypoint). */
export interface Point {
  readonly kind: 'Point';
  readonly x: number;
  readonly y: number;
}

/** `dc:Dimension`. */
export interface Dimension {
  readonly kind: 'Dimension';
  readonly width: number;
  readonly height: number;
}

/** `<cmmndi:CMMNLabel>`. */
export interface CMMNLabel extends CmmnElementBase {
  readonly kind: 'CMMNLabel';
  readonly sharedStyle: string | undefined;
  readonly bounds: Bounds | undefined;
}

/** `<cmmndi:CMMNStyle>`: kept verbatim apart from its id. */
export interface CMMNStyle extends CmmnElementBase {
  readonly kind: 'CMMNStyle';
}
