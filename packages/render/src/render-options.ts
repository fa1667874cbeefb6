/** The options of `renderSvg` and the error it throws when the case to draw is not in the model. */
import { CasekitError, type ApplicableItem, type TransitionRecord } from '@casekit/core';
import type { LiveCase } from './live.js';

/**
 * Options of {@link renderSvg}.
 *
 * @example
 * const options: RenderOptions = { snapshot: await engine.getCase(id), history: await engine.history(id) };
 */
export interface RenderOptions {
  /** The case to draw (id or name). Default: the snapshot's case, else the first case the diagram shows. */
  readonly case?: string;
  /**
   * A running case (`engine.getCase`, or {@link caseFromHistory}): each instance's state is drawn,
   * with a legend.
   */
  readonly snapshot?: LiveCase;
  /** The case's history (`engine.history`): marks the criteria that fired. */
  readonly history?: readonly TransitionRecord[];
  /** `engine.applicableDiscretionaryItems(...)`: marks the discretionary items that may be planned now. */
  readonly applicable?: readonly ApplicableItem[];
  /** Draw the legend of states. Default: true when a snapshot is given. */
  readonly legend?: boolean;
  /** Ignore the model's CMMNDI and lay the case out automatically. Default false. */
  readonly computedLayout?: boolean;
  /** Prefix of the ids inside the SVG (patterns), to embed several diagrams in one page. Default 'ck'. */
  readonly idPrefix?: string;
}

/**
 * Thrown when the case to draw is not in the model.
 *
 * @example
 * try { renderSvg(model, { case: 'claim' }); } catch (e) { if (e instanceof RenderError) console.log(e.caseRef); }
 */
export class RenderError extends CasekitError<'UnknownCase'> {
  override readonly name = 'RenderError';
  constructor(readonly caseRef: string) {
    super('UnknownCase', `the model defines no case "${caseRef}"`);
  }
}
