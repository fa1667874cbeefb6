/**
 * The authoring side of the builder: each method records what it was asked for and returns a
 * handle. Ids are fixed when an element is authored (so handles can show them); everything else is
 * checked and turned into model nodes by `build()`. This file: the problems found while authoring,
 * and taking ids.
 *
 * @internal
 */
import type { ProblemCode } from '../model/problems.js';
import { isNcName } from './ids.js';
import type { ModelRec } from './state.js';

/** A problem found while authoring, reported by `build()`. */
export interface AuthoringProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly elementId: string | undefined;
}

/** Authoring problems per model. */
export const AUTHORING_PROBLEMS = new WeakMap<ModelRec, AuthoringProblem[]>();

/** Records an authoring problem of `model`. */
export function problem(model: ModelRec, code: ProblemCode, message: string, elementId: string | undefined): void {
  let list = AUTHORING_PROBLEMS.get(model);
  if (list === undefined) AUTHORING_PROBLEMS.set(model, (list = []));
  list.push({ code, message, elementId });
}

/** Takes an id, checking an explicit one is an NCName. */
export function takeId(model: ModelRec, explicit: string | undefined, prefix: string, ...hints: (string | undefined)[]): string {
  if (explicit !== undefined && !isNcName(explicit)) {
    problem(model, 'InvalidAttributeValue', `id "${explicit}" is not an XML name (NCName)`, explicit);
  }
  return model.ids.take(explicit, prefix, ...hints);
}
