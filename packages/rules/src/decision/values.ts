/**
 * Types and values of decision tables: the type names modelers write, how an input value is checked
 * and prepared for the entries, how FEEL results become JSON, and FEEL comparison of plain values.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime, duration as feelDuration, parseDate, parseDateTime, parseTime } from 'feelin';
import { isPlainObject } from '../context.js';
import { formatEpochDay, readEpochDay, readInstant } from '../dates.js';
import type { DecisionValue, TypeRef } from './model.js';

const TYPE_NAMES: Readonly<Record<string, TypeRef>> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  int: 'number',
  long: 'number',
  short: 'number',
  double: 'number',
  float: 'number',
  decimal: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'dateTime',
  'date and time': 'dateTime',
  time: 'time',
  duration: 'duration',
  'days and time duration': 'duration',
  'years and months duration': 'duration',
  daytimeduration: 'duration',
  yearmonthduration: 'duration',
  any: 'any',
};

/**
 * The {@link TypeRef} of a type name as written in a DMN file or a JSON table (`integer`,
 * `feel:string`, `date and time`, …); `any` when absent or empty; undefined when unknown.
 */
export function typeRefOf(text: string | undefined): TypeRef | undefined {
  if (text === undefined) return 'any';
  let name = text.trim().toLowerCase();
  if (name === '') return 'any';
  const colon = name.indexOf(':');
  if (colon >= 0 && !name.includes(' ')) name = name.slice(colon + 1);
  return Object.hasOwn(TYPE_NAMES, name) ? TYPE_NAMES[name] : undefined;
}

/** The names accepted by {@link typeRefOf}, for error messages and the JSON Schema. */
export const TYPE_NAMES_ACCEPTED: readonly string[] = ['string', 'number', 'integer', 'long', 'double', 'boolean', 'date', 'dateTime', 'date and time', 'time', 'duration', 'any'];

/**
 * A calendar date in the fast comparison path: the UTC epoch day. (FEEL dates compare by day.)
 */
export class DayValue {
  constructor(readonly day: number) {}
}

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof DayValue) return `date ${formatEpochDay(value.day)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

/**
 * The value entries compare against, for an input of type `typeRef`: numbers, strings and booleans
 * as they are, dates as {@link DayValue}; `any` leaves the value as it is. Returns
 * `{ error }` when the value does not fit the type (null always fits).
 */
export function prepareInput(value: unknown, typeRef: TypeRef): { readonly value: unknown } | { readonly error: string } {
  if (value === null || value === undefined) return { value: null };
  switch (typeRef) {
    case 'any':
      return { value };
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      return { error: `expects a number, got ${describeValue(value)}` };
    case 'string':
      return typeof value === 'string' ? { value } : { error: `expects a string, got ${describeValue(value)}` };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: `expects a boolean, got ${describeValue(value)}` };
    case 'date': {
      const day = readEpochDay(value);
      return day === undefined ? { error: `expects an ISO date such as "2026-01-31", got ${describeValue(value)}` } : { value: new DayValue(day) };
    }
    case 'dateTime':
      return readInstant(value) === undefined ? { error: `expects an ISO date-time, got ${describeValue(value)}` } : { value };
    case 'time':
      return typeof value === 'string' && parseTime(value) !== null ? { value } : { error: `expects a time such as "10:30:00", got ${describeValue(value)}` };
    case 'duration':
      return typeof value === 'string' && feelDuration(value) !== null ? { value } : { error: `expects an ISO duration such as "P14D", got ${describeValue(value)}` };
  }
}

/** Whether a JSON (or prepared) value fits a type; null always fits. */
export function fitsType(value: unknown, typeRef: TypeRef): boolean {
  return !('error' in prepareInput(value, typeRef));
}

/**
 * The FEEL value of a prepared input value, for feelin: dates and date-times as FEEL temporals
 * (when the input is typed so, or when a string input is compared with one), times and durations
 * parsed, plain data copied by `copy`.
 */
export function toFeelValue(value: unknown, typeRef: TypeRef, copy: (value: unknown) => unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof DayValue) return parseDate(formatEpochDay(value.day));
  switch (typeRef) {
    case 'dateTime': {
      const instant = readInstant(value);
      return instant === undefined ? null : parseDateTime(new Date(instant.ms).toISOString());
    }
    case 'time':
      return typeof value === 'string' ? parseTime(value) : null;
    case 'duration':
      return typeof value === 'string' ? feelDuration(value) : null;
    default:
      return copy(value);
  }
}

/**
 * A FEEL or JSON Logic result as JSON: FEEL dates, times and durations as ISO text, lists and
 * contexts copied; undefined for what JSON cannot hold (functions, NaN, cycles past `depth` 64).
 */
export function toDecisionValue(value: unknown, depth = 0): DecisionValue | undefined {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (depth > 64) return undefined;
  if (value instanceof DayValue) return formatEpochDay(value.day);
  if (value instanceof FeelDate || value instanceof FeelDateTime || value instanceof FeelTime || value instanceof FeelDuration) return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value)) {
    const list: DecisionValue[] = [];
    for (const element of value) {
      const converted = toDecisionValue(element, depth + 1);
      if (converted === undefined) return undefined;
      list.push(converted);
    }
    return list;
  }
  if (!isPlainObject(value)) return undefined;
  const record: Record<string, DecisionValue> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const converted = toDecisionValue(value[key], depth + 1);
    if (converted === undefined) return undefined;
    record[key] = converted;
  }
  return record;
}

/**
 * FEEL comparison of an input value with a literal of a unary test: negative, zero or positive, or
 * null when the two cannot be compared (different types — FEEL's null, so the test does not match).
 * A string input is read as a date when compared with a date literal.
 */
export function compareValues(input: unknown, literal: unknown): number | null {
  if (typeof literal === 'number') return typeof input === 'number' ? input - literal : null;
  if (typeof literal === 'string') {
    if (typeof input !== 'string') return null;
    return input < literal ? -1 : input > literal ? 1 : 0;
  }
  if (literal instanceof DayValue) {
    if (input instanceof DayValue) return input.day - literal.day;
    if (typeof input === 'string' || input instanceof Date) {
      const day = readEpochDay(input);
      return day === undefined ? null : day - literal.day;
    }
    return null;
  }
  return null;
}

/** FEEL `=` of an input value and a literal: null equals only null; values of different types are not equal. */
export function equalsValue(input: unknown, literal: unknown): boolean {
  if (literal === null) return input === null || input === undefined;
  if (typeof literal === 'boolean') return input === literal;
  const order = compareValues(input, literal);
  return order === 0;
}
