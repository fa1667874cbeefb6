/**
 * The scenario file format (docs/scenarios.md): a public contract. This module types it and
 * checks a parsed file against it, naming the step and the field of every problem.
 */
import type { JsonValue } from '@casekit/core';

/** The acting user of a scenario or of one step. */
export interface ScenarioUser {
  readonly id: string;
  readonly roles?: readonly string[];
}

/** Plan item commands of the format. */
export const ITEM_VERBS = [
  'complete',
  'manualStart',
  'disable',
  'reenable',
  'terminate',
  'fault',
  'reactivate',
  'suspend',
  'resume',
  'occur',
] as const;
/** Item verbs. */
export type ItemVerb = (typeof ITEM_VERBS)[number];
/** Every verb of the format. */
export const VERBS = [...ITEM_VERBS, 'plan', 'set', 'remove', 'advanceTime', 'case', 'expect'] as const;
/** A verb. */
export type Verb = (typeof VERBS)[number];
/** Case-level commands. */
export const CASE_VERBS = ['suspend', 'reactivate', 'terminate', 'complete', 'close'] as const;

/** What a step may expect of one ref. */
export type StateExpectation = string | readonly string[];

/** An `expect` step's body. */
export interface Expectations {
  readonly case?: string;
  readonly caseFile?: Readonly<Record<string, JsonValue>>;
  readonly discretionary?: readonly string[];
  readonly [ref: string]: StateExpectation | Readonly<Record<string, JsonValue>> | readonly string[] | undefined;
}

/** One step: one verb, plus optional `as`, `expectError` (and `in` for `plan`). */
export type ScenarioStep = {
  readonly as?: ScenarioUser;
  readonly expectError?: string;
  readonly in?: string;
} & (
  | { readonly [K in ItemVerb]?: string }
  | { readonly plan: string }
  | { readonly set: Readonly<Record<string, JsonValue>> }
  | { readonly remove: string }
  | { readonly advanceTime: string }
  | { readonly case: (typeof CASE_VERBS)[number] }
  | { readonly expect: Expectations }
);

/** A scenario file. */
export interface Scenario {
  readonly title?: string;
  /** The `<case>` to start (required when the model defines several). */
  readonly case?: string;
  /** Decision id, name or externalRef → decision table file, relative to the scenario file. */
  readonly decisions?: Readonly<Record<string, string>>;
  readonly start?: { readonly caseFile?: Readonly<Record<string, JsonValue>>; readonly at?: string };
  readonly user?: ScenarioUser;
  readonly steps: readonly ScenarioStep[];
}

/** A scenario that does not follow the format. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly code = 'ScenarioInvalid';
  constructor(
    message: string,
    /** 1-based step number, when the problem is in a step. */
    readonly step?: number,
  ) {
    super(step === undefined ? message : `step ${step}: ${message}`);
  }
}

const TOP_LEVEL = new Set(['title', 'case', 'decisions', 'start', 'user', 'steps', '$schema', 'description']);
const MODIFIERS = new Set(['as', 'expectError', 'in']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkUser(value: unknown, where: string, step?: number): void {
  if (!isObject(value) || typeof value['id'] !== 'string') throw new ScenarioError(`${where} must be {"id": string, "roles"?: string[]}`, step);
  const roles = value['roles'];
  if (roles !== undefined && (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))) {
    throw new ScenarioError(`${where}.roles must be a list of strings`, step);
  }
}

/** The verb of a step (its one key that is not a modifier). */
export function verbOf(step: ScenarioStep): Verb {
  for (const key of Object.keys(step)) if (!MODIFIERS.has(key)) return key as Verb;
  throw new ScenarioError('a step needs a verb');
}

/** Checks a parsed scenario against the format; throws {@link ScenarioError} naming the problem. */
export function checkScenario(value: unknown): Scenario {
  if (!isObject(value)) throw new ScenarioError('a scenario is a JSON (or YAML) object');
  for (const key of Object.keys(value)) if (!TOP_LEVEL.has(key)) throw new ScenarioError(`unknown field "${key}"`);
  if (value['title'] !== undefined && typeof value['title'] !== 'string') throw new ScenarioError('"title" must be a string');
  if (value['case'] !== undefined && typeof value['case'] !== 'string') throw new ScenarioError('"case" must be a string');
  const decisions = value['decisions'];
  if (decisions !== undefined && (!isObject(decisions) || Object.values(decisions).some((v) => typeof v !== 'string'))) {
    throw new ScenarioError('"decisions" must map decision ids to file paths');
  }
  const start = value['start'];
  if (start !== undefined) {
    if (!isObject(start)) throw new ScenarioError('"start" must be an object');
    if (start['caseFile'] !== undefined && !isObject(start['caseFile'])) throw new ScenarioError('"start.caseFile" must be an object');
    if (start['at'] !== undefined && (typeof start['at'] !== 'string' || Number.isNaN(Date.parse(start['at'])))) {
      throw new ScenarioError('"start.at" must be an ISO-8601 date-time');
    }
  }
  if (value['user'] !== undefined) checkUser(value['user'], '"user"');
  const steps = value['steps'];
  if (!Array.isArray(steps)) throw new ScenarioError('"steps" must be a list');
  steps.forEach((step: unknown, i) => checkStep(step, i + 1));
  return value as unknown as Scenario;
}

function checkStep(step: unknown, n: number): void {
  if (!isObject(step)) throw new ScenarioError('a step is an object with one verb', n);
  const verbs = Object.keys(step).filter((k) => !MODIFIERS.has(k));
  if (verbs.length !== 1) throw new ScenarioError(`a step has exactly one verb, found ${verbs.length === 0 ? 'none' : verbs.join(', ')}`, n);
  const verb = verbs[0]!;
  if (!(VERBS as readonly string[]).includes(verb)) throw new ScenarioError(`unknown verb "${verb}" (expected one of ${VERBS.join(', ')})`, n);
  if (step['as'] !== undefined) checkUser(step['as'], '"as"', n);
  if (step['expectError'] !== undefined && typeof step['expectError'] !== 'string') throw new ScenarioError('"expectError" must be a string', n);
  if (step['in'] !== undefined && (verb !== 'plan' || typeof step['in'] !== 'string')) throw new ScenarioError('"in" is only for "plan", and is a ref', n);
  const body = step[verb];
  switch (verb) {
    case 'set':
      if (!isObject(body)) throw new ScenarioError('"set" takes an object of case file items', n);
      break;
    case 'case':
      if (!(CASE_VERBS as readonly string[]).includes(body as string)) throw new ScenarioError(`"case" takes one of ${CASE_VERBS.join(', ')}`, n);
      break;
    case 'expect':
      if (!isObject(body)) throw new ScenarioError('"expect" takes an object', n);
      for (const [ref, expected] of Object.entries(body)) {
        if (ref === 'caseFile') {
          if (!isObject(expected)) throw new ScenarioError('"expect.caseFile" must be an object', n);
        } else if (ref === 'discretionary') {
          if (!Array.isArray(expected) || expected.some((e) => typeof e !== 'string')) throw new ScenarioError('"expect.discretionary" must be a list of refs', n);
        } else if (typeof expected !== 'string' && !(Array.isArray(expected) && expected.every((e) => typeof e === 'string'))) {
          throw new ScenarioError(`expectation of "${ref}" must be a state, a list of states or "none"`, n);
        }
      }
      break;
    default:
      if (typeof body !== 'string' || body === '') throw new ScenarioError(`"${verb}" takes a ref (string)`, n);
  }
}
