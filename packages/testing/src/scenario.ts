/**
 * The scenario file format (docs/scenarios.md): a public contract. This module types it and
 * checks a parsed file against it as a whole before anything runs: every problem is collected,
 * each naming its step and field.
 */
import { CasekitError } from '@casekit/rules';
import { CASE_COMMANDS, PLAN_ITEM_COMMANDS, parseDuration, type JsonValue } from '@casekit/core';

/** The acting user of a scenario or of one step. */
export interface ScenarioUser {
  readonly id: string;
  readonly roles?: readonly string[];
}

/** Plan item commands of the format (each takes a ref): the engine's command vocabulary. */
export const ITEM_VERBS = PLAN_ITEM_COMMANDS;
/** Item verbs. */
export type ItemVerb = (typeof ITEM_VERBS)[number];
/**
 * Work-management commands on human tasks and the case team.
 *
 * @example
 * const isWork = (WORK_VERBS as readonly string[]).includes(verbOf(step));
 */
export const WORK_VERBS = ['claim', 'unclaim', 'assign', 'delegate', 'resolve', 'addMember', 'removeMember'] as const;
/** Work-management verbs. */
export type WorkVerb = (typeof WORK_VERBS)[number];
/** Every verb of the format. */
export const VERBS = [...ITEM_VERBS, 'plan', 'set', 'remove', 'advanceTime', 'case', ...WORK_VERBS, 'expect'] as const;
/** A verb. */
export type Verb = (typeof VERBS)[number];
/** Case-level commands: the engine's. */
export const CASE_VERBS = CASE_COMMANDS;
/**
 * The semantic profiles a scenario may name (`cmmn` is the default).
 *
 * @example
 * const profile: Profile = PROFILES.includes('flowable') ? 'flowable' : 'cmmn';
 */
export const PROFILES = ['cmmn', 'flowable', 'camunda'] as const;
/** A semantic profile. */
export type Profile = (typeof PROFILES)[number];
/**
 * The plan item states an expectation may name: the spec's names in lower case.
 *
 * @example
 * ITEM_STATES.includes('active'); // true; 'Active' is not a state name of the format
 */
export const ITEM_STATES = ['available', 'enabled', 'disabled', 'active', 'suspended', 'failed', 'completed', 'terminated'] as const;
/**
 * The case states an expectation may name.
 *
 * @example
 * CASE_STATES.includes('closed'); // true
 */
export const CASE_STATES = ['active', 'suspended', 'failed', 'completed', 'terminated', 'closed'] as const;

/**
 * The limits of a scenario's values: how deep a case file value may nest and how many values one
 * scenario may hold in all (an alias-expanded YAML file counts every copy).
 *
 * @example
 * if (depth > SCENARIO_LIMITS.maxDepth) console.log('too deep for a scenario');
 */
export const SCENARIO_LIMITS = {
  maxDepth: 64,
  maxValues: 100_000,
} as const;

/** What a step may expect of one ref. */
export type StateExpectation = string | readonly string[];

/** An `expect` step's body. */
export interface Expectations {
  readonly case?: string;
  readonly caseFile?: Readonly<Record<string, JsonValue>>;
  readonly discretionary?: readonly string[];
  /** The assignee of each listed human task's current instance (`null`: none). */
  readonly assignee?: Readonly<Record<string, string | null>>;
  readonly [ref: string]: StateExpectation | Readonly<Record<string, JsonValue>> | readonly string[] | undefined;
}

/** One step: one verb, plus optional `as`, `expectError` (`in` for `plan`, `to` for `assign`/`delegate`, `roles` for `addMember`). */
export type ScenarioStep = {
  readonly as?: ScenarioUser;
  readonly expectError?: string;
  readonly in?: string;
  readonly to?: string | null;
  readonly roles?: readonly string[];
} & (
  | { readonly [K in ItemVerb]?: string }
  | { readonly plan: string }
  | { readonly set: Readonly<Record<string, JsonValue>> }
  | { readonly remove: string }
  | { readonly advanceTime: string }
  | { readonly case: (typeof CASE_VERBS)[number] }
  | { readonly claim: string }
  | { readonly unclaim: string }
  | { readonly assign: string; readonly to: string | null }
  | { readonly delegate: string; readonly to: string }
  | { readonly resolve: string }
  | { readonly addMember: string; readonly roles?: readonly string[] }
  | { readonly removeMember: string }
  | { readonly expect: Expectations }
);

/** A scenario file. */
export interface Scenario {
  readonly title?: string;
  /** The `<case>` to start (required when the model defines several). */
  readonly case?: string;
  /** Further model files deployed before the case starts, relative to the scenario file. */
  readonly models?: readonly string[];
  /** The semantic profile the engine runs the model under (default `cmmn`). */
  readonly profile?: Profile;
  /** Decision id, name or externalRef → decision table file, relative to the scenario file. */
  readonly decisions?: Readonly<Record<string, string>>;
  readonly start?: { readonly caseFile?: Readonly<Record<string, JsonValue>>; readonly at?: string };
  readonly user?: ScenarioUser;
  readonly steps: readonly ScenarioStep[];
}

/**
 * One problem of a scenario: the 1-based step it is in (undefined for the file's own fields) and
 * what is wrong.
 *
 * @example
 * const problem: ScenarioProblem = { step: 3, message: '"Active" is not a state; states are lower case: "active"' };
 */
export interface ScenarioProblem {
  readonly step?: number;
  readonly message: string;
}

/**
 * Codes of {@link ScenarioError}: `ScenarioInvalid` (the file does not follow the format, or a
 * file it names cannot be used) and `ScenarioUnsupported` (a step this engine version cannot run).
 *
 * @example
 * const code: ScenarioErrorCode = 'ScenarioInvalid';
 */
export type ScenarioErrorCode = 'ScenarioInvalid' | 'ScenarioUnsupported';

/**
 * A scenario that cannot be run: it does not follow the format (every problem is listed, each
 * naming its step), a file it names cannot be used, or a step needs what this engine lacks.
 *
 * @example
 * try { checkScenario(JSON.parse(text)); }
 * catch (e) { if (e instanceof ScenarioError) for (const p of e.problems) console.log(p.step, p.message); }
 */
export class ScenarioError<Code extends ScenarioErrorCode = ScenarioErrorCode> extends CasekitError<Code> {
  override readonly name = 'ScenarioError';
  /** 1-based step number of the first problem, when it is in a step. */
  readonly step: number | undefined;
  /** Every problem found (at least one). */
  readonly problems: readonly ScenarioProblem[];
  constructor(message: string | readonly ScenarioProblem[], step?: number, code: Code = 'ScenarioInvalid' as Code) {
    const problems: readonly ScenarioProblem[] = typeof message === 'string' ? [step === undefined ? { message } : { step, message }] : message;
    super(code, describe(problems));
    this.problems = problems;
    this.step = problems[0]?.step;
  }
}

function problemText(problem: ScenarioProblem): string {
  return problem.step === undefined ? problem.message : `step ${problem.step}: ${problem.message}`;
}

function describe(problems: readonly ScenarioProblem[]): string {
  if (problems.length === 1) return problemText(problems[0]!);
  return `${problems.length} problems: ${problems.map(problemText).join('; ')}`;
}

const TOP_LEVEL = new Set(['title', 'case', 'models', 'profile', 'decisions', 'start', 'user', 'steps', '$schema', 'description']);
/** Keys of a step that are not its verb, and the verbs each belongs to (undefined: every verb). */
const MODIFIERS = new Map<string, readonly string[] | undefined>([
  ['as', undefined],
  ['expectError', undefined],
  ['in', ['plan']],
  ['to', ['assign', 'delegate']],
  ['roles', ['addMember']],
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The verb of a step (its one key that is not a modifier). */
export function verbOf(step: ScenarioStep): Verb {
  for (const key of Object.keys(step)) if (!MODIFIERS.has(key)) return key as Verb;
  throw new ScenarioError('a step needs a verb');
}

/** Collects the problems of one scenario. */
class Checker {
  readonly problems: ScenarioProblem[] = [];
  private values = 0;

  add(message: string, step?: number): void {
    this.problems.push(step === undefined ? { message } : { step, message });
  }

  /**
   * Checks that a value is plain JSON (null, booleans, finite numbers, strings, lists, objects),
   * nested at most {@link SCENARIO_LIMITS}.maxDepth deep, iteratively (a cyclic value nests
   * without end and is refused like a deep one). Returns false when it is not.
   */
  json(value: unknown, where: string, step?: number): boolean {
    const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
    while (stack.length > 0) {
      const { value: v, depth } = stack.pop()!;
      if (++this.values > SCENARIO_LIMITS.maxValues) {
        this.add(`${where}: the scenario holds more than ${SCENARIO_LIMITS.maxValues} values`, step);
        return false;
      }
      if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) {
          this.add(`${where}: numbers must be finite`, step);
          return false;
        }
        continue;
      }
      if (typeof v !== 'object') {
        this.add(`${where}: ${typeof v} is not a JSON value`, step);
        return false;
      }
      if (depth > SCENARIO_LIMITS.maxDepth) {
        this.add(`${where} nests deeper than ${SCENARIO_LIMITS.maxDepth} levels (or refers to itself)`, step);
        return false;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
        this.add(`${where}: only JSON objects and lists are allowed`, step);
        return false;
      }
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ value: child, depth: depth + 1 });
    }
    return true;
  }

  user(value: unknown, where: string, step?: number): void {
    if (!isObject(value) || typeof value['id'] !== 'string') {
      this.add(`${where} must be {"id": string, "roles"?: string[]}`, step);
      return;
    }
    for (const key of Object.keys(value)) if (key !== 'id' && key !== 'roles') this.add(`${where} has an unknown field "${key}"`, step);
    this.roles(value['roles'], `${where}.roles`, step);
  }

  roles(value: unknown, where: string, step?: number): void {
    if (value !== undefined && (!Array.isArray(value) || value.some((r) => typeof r !== 'string'))) this.add(`${where} must be a list of strings`, step);
  }

  state(expected: unknown, where: string, allowed: readonly string[], step: number): void {
    if (typeof expected !== 'string') return;
    if (allowed.includes(expected)) return;
    const lower = expected.toLowerCase();
    if (allowed.includes(lower)) this.add(`${where}: "${expected}" is not a state; states are lower case: "${lower}"`, step);
    else this.add(`${where}: "${expected}" is not a state (expected one of ${allowed.join(', ')})`, step);
  }
}

/**
 * Checks a parsed scenario against the format, whole: throws one {@link ScenarioError} listing
 * every problem (each naming its step), or returns the scenario typed.
 *
 * @example
 * const scenario = checkScenario({ steps: [{ complete: 'Screening' }, { expect: { Assessment: 'active' } }] });
 */
export function checkScenario(value: unknown): Scenario {
  const check = new Checker();
  if (!isObject(value)) throw new ScenarioError('a scenario is a JSON (or YAML) object');
  if (!check.json(value, 'the scenario')) throw new ScenarioError(check.problems);
  for (const key of Object.keys(value)) if (!TOP_LEVEL.has(key)) check.add(`unknown field "${key}"`);
  if (value['title'] !== undefined && typeof value['title'] !== 'string') check.add('"title" must be a string');
  if (value['case'] !== undefined && typeof value['case'] !== 'string') check.add('"case" must be a string');
  const models = value['models'];
  if (models !== undefined && (!Array.isArray(models) || models.some((m) => typeof m !== 'string' || m === ''))) {
    check.add('"models" must be a list of file paths');
  }
  const profile = value['profile'];
  if (profile !== undefined && !(PROFILES as readonly unknown[]).includes(profile)) check.add(`"profile" must be one of ${PROFILES.join(', ')}`);
  const decisions = value['decisions'];
  if (decisions !== undefined && (!isObject(decisions) || Object.values(decisions).some((v) => typeof v !== 'string' || v === ''))) {
    check.add('"decisions" must map decision ids to file paths');
  }
  const start = value['start'];
  if (start !== undefined) {
    if (!isObject(start)) check.add('"start" must be an object');
    else {
      for (const key of Object.keys(start)) if (key !== 'caseFile' && key !== 'at') check.add(`"start" has an unknown field "${key}"`);
      if (start['caseFile'] !== undefined && !isObject(start['caseFile'])) check.add('"start.caseFile" must be an object');
      if (start['at'] !== undefined && (typeof start['at'] !== 'string' || Number.isNaN(Date.parse(start['at'])))) {
        check.add('"start.at" must be an ISO-8601 date-time');
      }
    }
  }
  if (value['user'] !== undefined) check.user(value['user'], '"user"');
  const steps = value['steps'];
  if (!Array.isArray(steps)) check.add('"steps" must be a list');
  else steps.forEach((step: unknown, i) => checkStep(check, step, i + 1));
  if (check.problems.length > 0) throw new ScenarioError(check.problems);
  return value as unknown as Scenario;
}

function checkStep(check: Checker, step: unknown, n: number): void {
  if (!isObject(step)) {
    check.add('a step is an object with one verb', n);
    return;
  }
  const verbs = Object.keys(step).filter((k) => !MODIFIERS.has(k));
  if (verbs.length !== 1) {
    check.add(`a step has exactly one verb, found ${verbs.length === 0 ? 'none' : verbs.join(', ')}`, n);
    return;
  }
  const verb = verbs[0]!;
  if (!(VERBS as readonly string[]).includes(verb)) {
    check.add(`unknown verb "${verb}" (expected one of ${VERBS.join(', ')})`, n);
    return;
  }
  for (const [key, owners] of MODIFIERS) {
    if (step[key] !== undefined && owners !== undefined && !owners.includes(verb)) check.add(`"${key}" belongs to ${owners.map((o) => `"${o}"`).join(' or ')}, not "${verb}"`, n);
  }
  if (step['as'] !== undefined) check.user(step['as'], '"as"', n);
  if (step['expectError'] !== undefined && (typeof step['expectError'] !== 'string' || step['expectError'] === '')) check.add('"expectError" must be an error code or class name', n);
  const body = step[verb];
  const ref = (what = 'a ref'): void => {
    if (typeof body !== 'string' || body === '') check.add(`"${verb}" takes ${what} (string)`, n);
  };
  switch (verb) {
    case 'set':
      if (!isObject(body)) check.add('"set" takes an object of case file items', n);
      return;
    case 'remove':
      return ref('a case file item name');
    case 'case':
      if (!(CASE_VERBS as readonly string[]).includes(body as string)) check.add(`"case" takes one of ${CASE_VERBS.join(', ')}`, n);
      return;
    case 'advanceTime':
      return checkDuration(check, body, n);
    case 'plan':
      ref();
      if (step['in'] !== undefined && (typeof step['in'] !== 'string' || step['in'] === '')) check.add('"in" is a ref (string)', n);
      return;
    case 'assign':
      ref();
      if (!('to' in step) || (step['to'] !== null && (typeof step['to'] !== 'string' || step['to'] === ''))) check.add('"assign" needs "to": a user id, or null to clear', n);
      return;
    case 'delegate':
      ref();
      if (typeof step['to'] !== 'string' || step['to'] === '') check.add('"delegate" needs "to": a user id', n);
      return;
    case 'addMember':
      ref('a user id');
      check.roles(step['roles'], '"roles"', n);
      return;
    case 'removeMember':
      return ref('a user id');
    case 'expect':
      return checkExpectations(check, body, n);
    default:
      return ref();
  }
}

function checkDuration(check: Checker, body: unknown, n: number): void {
  if (typeof body !== 'string') {
    check.add('"advanceTime" takes an ISO-8601 duration such as "PT2H" (string)', n);
    return;
  }
  if (body.startsWith('-')) {
    check.add(`"advanceTime": "${body}" is negative; the clock only moves forward`, n);
    return;
  }
  try {
    parseDuration(body);
  } catch (error) {
    check.add(`"advanceTime": ${error instanceof Error ? error.message : String(error)}`, n);
  }
}

function checkExpectations(check: Checker, body: unknown, n: number): void {
  if (!isObject(body)) {
    check.add('"expect" takes an object', n);
    return;
  }
  for (const [ref, expected] of Object.entries(body)) {
    const where = `"expect.${ref}"`;
    if (ref === 'caseFile') {
      if (!isObject(expected)) check.add('"expect.caseFile" must be an object', n);
    } else if (ref === 'discretionary') {
      if (!Array.isArray(expected) || expected.some((e) => typeof e !== 'string')) check.add('"expect.discretionary" must be a list of refs', n);
    } else if (ref === 'assignee') {
      if (!isObject(expected) || Object.values(expected).some((v) => v !== null && typeof v !== 'string')) {
        check.add('"expect.assignee" must map refs to a user id or null', n);
      }
    } else if (ref === 'case') {
      if (typeof expected !== 'string') check.add('"expect.case" must be a case state', n);
      else check.state(expected, where, CASE_STATES, n);
    } else if (typeof expected === 'string') {
      if (expected !== 'none') check.state(expected, where, ITEM_STATES, n);
    } else if (Array.isArray(expected) && expected.every((e) => typeof e === 'string')) {
      for (const state of expected) check.state(state, where, ITEM_STATES, n);
    } else {
      check.add(`expectation of "${ref}" must be a state, a list of states or "none"`, n);
    }
  }
}
