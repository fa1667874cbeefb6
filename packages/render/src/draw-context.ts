/** What every drawing function shares: the scene being written, the render's context, the common sizes and paints. */
import type { Bounds } from '@casekit/core';
import type { LiveView } from './live.js';
import type { ModelIndex } from './model-index.js';
import type { Paint, Rect } from './shapes.js';

/** Font size, line height and small font size of the diagram text; the ink and plain paint of the notation. */
export const FONT_SIZE = 12;
export const LINE_HEIGHT = 14;
export const SMALL = 10;
export const INK = '#222';
export const PLAIN: Paint = { fill: '#fff', stroke: INK, strokeWidth: 1.5 };

/** The bounds of a diagram element as a rectangle, non-finite numbers read as 0. */
export const toRect = (b: Bounds): Rect => ({
  x: finite(b.x),
  y: finite(b.y),
  width: Math.max(0, finite(b.width)),
  height: Math.max(0, finite(b.height)),
});
/** The number, or 0 when it is not finite. */
export const finite = (n: number): number => (Number.isFinite(n) ? n : 0);

/** The SVG being written: layers in painting order and the extent of what was drawn. */
export class Scene {
  /** Expanded stages and the case plan model: drawn largest first, so that nested ones lie on top. */
  readonly containers: { readonly area: number; readonly svg: string }[] = [];
  readonly items: string[] = [];
  readonly edges: string[] = [];
  readonly criteria: string[] = [];
  readonly labels: string[] = [];
  minX = Number.POSITIVE_INFINITY;
  minY = Number.POSITIVE_INFINITY;
  maxX = Number.NEGATIVE_INFINITY;
  maxY = Number.NEGATIVE_INFINITY;

  extend(r: Rect): void {
    this.minX = Math.min(this.minX, r.x);
    this.minY = Math.min(this.minY, r.y);
    this.maxX = Math.max(this.maxX, r.x + r.width);
    this.maxY = Math.max(this.maxY, r.y + r.height);
  }
}

/** Everything one render needs. */
export interface Context {
  readonly index: ModelIndex;
  readonly live: LiveView | undefined;
  readonly prefix: string;
  readonly scene: Scene;
}
