/**
 * Branded ids: the same characters as a plain string, a different meaning, so a plan item id
 * cannot be passed where a sentry id is expected.
 */

/** A branded string: the same characters, a different meaning. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** The id of a plan item as written in the model (one plan item may have many instances). */
export type PlanItemId = Brand<string, 'PlanItemId'>;

/** The id of a sentry as written in the model. */
export type SentryId = Brand<string, 'SentryId'>;

/** The id of a `<case>` element. */
export type CaseDefinitionId = Brand<string, 'CaseDefinitionId'>;
