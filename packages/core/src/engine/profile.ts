/**
 * Semantic profiles (docs/profiles.md): `cmmn` runs a model as CMMN 1.1 (the semantics digest);
 * `flowable` and `camunda` run it the way that engine does where it departs from CMMN 1.1 or adds
 * to it. A profile is a set of facts the compiler reads once per model version: the step never
 * asks which profile it runs under, it reads what the compiled case says.
 */
import type { PlanItemTransition } from '../lifecycle/index.js';

/** The semantic profiles. */
export const PROFILES = ['cmmn', 'flowable', 'camunda'] as const;

/** A semantic profile: `cmmn` (CMMN 1.1, the default), `flowable` or `camunda`. */
export type Profile = (typeof PROFILES)[number];

/** What a profile changes, fact by fact; each departure is listed in docs/profiles.md. */
export interface ProfileFacts {
  readonly name: Profile;
  /** Flowable: `flowable:completionNeutralRule` — an Available item it holds for does not keep its stage open. */
  readonly completionNeutralRule: boolean;
  /**
   * Flowable: an entry on-part whose source lives outside the stages around its owner (a
   * cross-border sentry) starts those stages when they are Available, so that its owner exists
   * to enter.
   */
  readonly crossBorderActivation: boolean;
  /** Flowable: a user or timer event listener with a repetition rule repeats after it occurs. */
  readonly eventListenerRepetition: boolean;
  /** Flowable: an Available event listener that no sentry can any longer hear does not keep its stage open. */
  readonly idleListenersNeutral: boolean;
  /** Flowable: an instance created to wait for its item's next repetition does not keep its stage open. */
  readonly repetitionWaitNeutral: boolean;
  /** Camunda 7: case file item on-parts are ignored (a warning), not drafts. */
  readonly ignoreCaseFileOnParts: boolean;
  /** Camunda 7: `camunda:repeatOnStandardEvent` names the transition after which an item without entry criteria repeats. */
  readonly repeatOnStandardEvent: boolean;
  /** Camunda 7: a sentry's `camunda:variableOnPart` (create, update, delete of a variable) is an on-part. */
  readonly variableOnParts: boolean;
}

const NONE: Omit<ProfileFacts, 'name'> = {
  completionNeutralRule: false,
  crossBorderActivation: false,
  eventListenerRepetition: false,
  idleListenersNeutral: false,
  repetitionWaitNeutral: false,
  ignoreCaseFileOnParts: false,
  repeatOnStandardEvent: false,
  variableOnParts: false,
};

/** The facts of each profile. */
export const PROFILE_FACTS: Readonly<Record<Profile, ProfileFacts>> = Object.freeze({
  cmmn: Object.freeze({ ...NONE, name: 'cmmn' }),
  flowable: Object.freeze({
    ...NONE,
    name: 'flowable',
    completionNeutralRule: true,
    crossBorderActivation: true,
    eventListenerRepetition: true,
    idleListenersNeutral: true,
    repetitionWaitNeutral: true,
  }),
  camunda: Object.freeze({ ...NONE, name: 'camunda', ignoreCaseFileOnParts: true, repeatOnStandardEvent: true, variableOnParts: true }),
} satisfies Record<Profile, ProfileFacts>);

/**
 * A note the compiler makes when a profile reads a model differently from CMMN 1.1 in a way the
 * modeler should know of (e.g. Camunda's ignored case file item on-parts).
 */
export interface ProfileWarning {
  readonly code: 'IgnoredByProfile';
  readonly severity: 'warning';
  readonly profile: Profile;
  readonly message: string;
  readonly elementId: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** Transitions after which a repeating event listener repeats under Flowable's reading. */
export const REPEATS_AFTER_OCCUR: ReadonlySet<PlanItemTransition> = Object.freeze(new Set<PlanItemTransition>(['occur']));
