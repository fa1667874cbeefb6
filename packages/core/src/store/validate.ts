/**
 * The checks every store runs before touching storage, in one place so that the memory, SQLite
 * and PostgreSQL stores refuse exactly the same inputs with exactly the same errors.
 */
import type { CaseInstanceId } from '../engine/state.js';
import type { EffectError, OutboxEffect, OutboxWrite } from './case-store.js';
import { InvalidCaseIdError, InvalidEffectError, UnstorableTextError } from './errors.js';

/** The longest case id a store accepts (UTF-16 code units). */
export const MAX_CASE_ID_LENGTH = 255;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableReason(text: string): 'NUL' | 'lone surrogate' | undefined {
  if (text.includes('\u0000')) return 'NUL';
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return 'lone surrogate';
  return undefined;
}

/**
 * Why a `JSON.stringify` output cannot be stored. JSON.stringify writes U+0000 as `\u0000` and
 * every lone surrogate as a `\udXXX` escape (paired surrogates stay raw characters), so one scan
 * of the text finds both; an escape is real only after an even number of backslashes.
 */
const UNSTORABLE_JSON = /(?<!\\)(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2})/;
export function unstorableJsonReason(json: string): 'NUL' | 'lone surrogate' | undefined {
  if (!json.includes('\\u')) return undefined;
  const match = UNSTORABLE_JSON.exec(json);
  if (match === null) return undefined;
  return match[1] === '0000' ? 'NUL' : 'lone surrogate';
}

/** Throws `UnstorableTextError` when a JSON text holds U+0000 or a lone surrogate. */
export function assertStorableJson(json: string, where: string, caseId?: string): void {
  const reason = unstorableJsonReason(json);
  if (reason !== undefined) throw new UnstorableTextError(where, reason, caseId);
}

/** Throws `UnstorableTextError` when a string holds U+0000 or a lone surrogate. */
export function assertStorableText(text: string, where: string, caseId?: string): void {
  const reason = unstorableReason(text);
  if (reason !== undefined) throw new UnstorableTextError(where, reason, caseId);
}

/**
 * The case id, checked: a non-empty string of at most {@link MAX_CASE_ID_LENGTH} code units,
 * without U+0000 or lone surrogates. Throws `InvalidCaseIdError` otherwise.
 *
 * @example
 * const id = checkCaseId(input); // InvalidCaseIdError for '', 42, {}
 */
export function checkCaseId(value: unknown): CaseInstanceId {
  if (typeof value !== 'string') return invalid(value, `a case id is a string, not ${value === null ? 'null' : typeof value}`);
  if (value.length === 0) return invalid(value, 'a case id is not empty');
  if (value.length > MAX_CASE_ID_LENGTH) return invalid(value, `a case id has at most ${MAX_CASE_ID_LENGTH} characters (${value.length})`);
  const reason = unstorableReason(value);
  if (reason !== undefined) return invalid(value, reason === 'NUL' ? 'a case id holds no U+0000' : 'a case id holds no lone surrogate');
  return value as CaseInstanceId;
}

function invalid(value: unknown, reason: string): never {
  throw new InvalidCaseIdError(value, reason);
}

/** A non-empty, storable string argument (owner, model key, effect kind…), else a TypeError-like store error. */
export function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidEffectError(undefined, `${what} must be a non-empty string`);
  assertStorableText(value, what);
  return value;
}

/** A time or duration argument of the outbox: an integer number of ms. */
export function checkTime(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvalidEffectError(undefined, `${what} must be an integer (ms)`);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Checks an effect's shape; returns its payload's JSON text (checked storable). */
export function checkEffect(effect: OutboxEffect): string {
  const e = effect as unknown as Record<string, unknown>;
  if (!isPlainObject(e)) throw new InvalidEffectError(undefined, 'an effect is an object');
  if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > MAX_CASE_ID_LENGTH) {
    throw new InvalidEffectError(e.id, `an effect id is a non-empty string of at most ${MAX_CASE_ID_LENGTH} characters`);
  }
  const idReason = unstorableReason(e.id);
  if (idReason !== undefined) throw new InvalidEffectError(e.id, `an effect id holds no ${idReason === 'NUL' ? 'U+0000' : 'lone surrogate'}`);
  try {
    checkCaseId(e.caseId);
  } catch (error) {
    throw new InvalidEffectError(e.id, (error as Error).message);
  }
  if (typeof e.kind !== 'string' || e.kind.length === 0) throw new InvalidEffectError(e.id, 'kind is a non-empty string');
  assertStorableText(e.kind, 'effect kind', e.caseId as string);
  if (typeof e.createdAt !== 'number' || !Number.isSafeInteger(e.createdAt)) throw new InvalidEffectError(e.id, 'createdAt is an integer (ms)');
  if (!isPlainObject(e.payload)) throw new InvalidEffectError(e.id, 'payload is a JSON object');
  let json: string;
  try {
    json = JSON.stringify(e.payload);
  } catch (error) {
    throw new InvalidEffectError(e.id, `payload is not JSON: ${(error as Error).message}`);
  }
  assertStorableJson(json, 'effect payload', e.caseId as string);
  return json;
}

/** Checks an outbox write; returns the payload JSON texts of `add`, in order. */
export function checkOutboxWrite(outbox: OutboxWrite | undefined): {
  readonly payloads: readonly string[];
  readonly done: readonly string[];
  readonly claim: { readonly owner: string; readonly leaseUntil: number } | undefined;
} {
  if (outbox === undefined) return { payloads: [], done: [], claim: undefined };
  const claim = outbox.claim === undefined ? undefined : { owner: checkName(outbox.claim.owner, 'outbox.claim.owner'), leaseUntil: checkTime(outbox.claim.leaseUntil, 'outbox.claim.leaseUntil') };
  const add = outbox.add ?? [];
  const done = outbox.done ?? [];
  if (!Array.isArray(add)) throw new InvalidEffectError(undefined, 'outbox.add is an array');
  if (!Array.isArray(done)) throw new InvalidEffectError(undefined, 'outbox.done is an array');
  const payloads = add.map(checkEffect);
  const ids = new Set<string>();
  for (const effect of add) {
    if (ids.has(effect.id)) throw new InvalidEffectError(effect.id, 'the same id twice in outbox.add');
    ids.add(effect.id);
  }
  for (const id of done) {
    if (typeof id !== 'string' || id.length === 0) throw new InvalidEffectError(id, 'outbox.done holds effect ids');
    if (ids.has(id)) throw new InvalidEffectError(id, 'an effect cannot be added and done in one save');
  }
  return { payloads, done, claim };
}

/** Checks an attempt's error; returns its JSON text. */
export function checkEffectError(error: EffectError): string {
  const e = error as unknown as Record<string, unknown>;
  if (!isPlainObject(e) || typeof e.message !== 'string') throw new InvalidEffectError(undefined, 'an effect error is { message: string, code?: string }');
  if (e.code !== undefined && typeof e.code !== 'string') throw new InvalidEffectError(undefined, 'an effect error code is a string');
  assertStorableText(e.message, 'effect error');
  if (e.code !== undefined) assertStorableText(e.code as string, 'effect error');
  return JSON.stringify(e.code === undefined ? { message: e.message } : { message: e.message, code: e.code });
}

/**
 * Orders two strings by code point, as SQLite (BINARY) and PostgreSQL (`COLLATE "C"`) order their
 * UTF-8 bytes. JavaScript's `<` orders UTF-16 code units, which differs above U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (U+D800–DFFF) stands for a code point above U+FFFF: after every BMP unit ≥ U+E000.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    return xs ? (y >= 0xe000 ? 1 : x - y) : x >= 0xe000 ? -1 : x - y;
  }
  return a.length - b.length;
}
