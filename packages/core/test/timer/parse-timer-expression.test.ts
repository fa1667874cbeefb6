import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  TimerExpressionError,
  parseDuration,
  parseTimerExpression,
  safeParseTimerExpression,
  type TimerSpec,
} from '../../src/timer/index.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = parseDuration('PT1H');

describe('parseTimerExpression: accepted forms', () => {
  it.each<[string, TimerSpec]>([
    ['PT2H', { kind: 'duration', duration: parseDuration('PT2H') }],
    ['P7D', { kind: 'duration', duration: parseDuration('P7D') }],
    ['P2W', { kind: 'duration', duration: parseDuration('P2W') }],
    ['P1Y2M3DT4H5M6.5S', { kind: 'duration', duration: parseDuration('P1Y2M3DT4H5M6.5S') }],
    ['2026-03-02T08:00:00Z', { kind: 'dateTime', at: at('2026-03-02T08:00:00Z') }],
    ['2026-03-02T10:00:00+02:00', { kind: 'dateTime', at: at('2026-03-02T08:00:00Z') }],
    ['2026-03-02T08:00:00', { kind: 'dateTime', at: at('2026-03-02T08:00:00Z') }],
    ['R3/PT1H', { kind: 'cycle', repetitions: 3, duration: HOUR }],
    ['R/P1D', { kind: 'cycle', repetitions: null, duration: parseDuration('P1D') }],
    ['R1/PT1H', { kind: 'cycle', repetitions: 1, duration: HOUR }],
    ['R3/2026-01-01T00:00:00Z/PT1H', { kind: 'cycle', repetitions: 3, start: at('2026-01-01T00:00:00Z'), duration: HOUR }],
    ['R/PT1H/2026-01-02T00:00:00Z', { kind: 'cycle', repetitions: null, duration: HOUR, end: at('2026-01-02T00:00:00Z') }],
    [
      'R2/2026-01-01T00:00:00Z/2026-01-01T01:30:00Z',
      { kind: 'cycle', repetitions: 2, start: at('2026-01-01T00:00:00Z'), duration: parseDuration('PT5400S') },
    ],
    // a non-repeating interval occurs once, when it ends
    ['2026-01-01T00:00:00Z/2026-01-03T00:00:00Z', { kind: 'dateTime', at: at('2026-01-03T00:00:00Z') }],
    ['2026-01-01T00:00:00Z/P1D', { kind: 'dateTime', at: at('2026-01-02T00:00:00Z') }],
    ['PT1H/2026-01-03T00:00:00Z', { kind: 'dateTime', at: at('2026-01-03T00:00:00Z') }],
    // wrappers seen in Flowable and Camunda files
    ["${'PT1H'}", { kind: 'duration', duration: HOUR }],
    ['${"PT1H"}', { kind: 'duration', duration: HOUR }],
    ["#{'R3/PT1H'}", { kind: 'cycle', repetitions: 3, duration: HOUR }],
    ["${ 'PT1H' }", { kind: 'duration', duration: HOUR }],
    ["'PT1H'", { kind: 'duration', duration: HOUR }],
    ['"2026-03-02T08:00:00Z"', { kind: 'dateTime', at: at('2026-03-02T08:00:00Z') }],
    ['\n        PT1H\n      ', { kind: 'duration', duration: HOUR }],
  ])('%j', (text, expected) => {
    expect(parseTimerExpression(text)).toEqual(expected);
  });
});

describe('parseTimerExpression: rejected', () => {
  it.each([
    ['PT', "'T' must be followed"],
    ['P1H', "must follow 'T'"],
    ['R-1/PT1H', 'not a repetition count'],
    ['R0/PT1H', 'R0 never fires'],
    ['R1.5/PT1H', 'not a repetition count'],
    ['R9999999999/PT1H', 'at most'],
    ['R3', 'needs a duration'],
    ['R3/', 'needs a duration'],
    ['R/2026-01-01T00:00:00Z', 'needs a duration'],
    ['R/PT0S', 'longer than zero'],
    ['R/P1D/P1D', 'two durations'],
    ['R/2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', 'end must be after its start'],
    ['R3/2026-01-01T00:00:00Z/PT1H/2026-02-01T00:00:00Z', 'too many parts'],
    ['2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', 'end must be after its start'],
    ['P1D/PT1H', 'two durations'],
    ['2026-01-01T00:00:00Z/', 'an interval is'],
    ['a/b/c', 'an interval is'],
    ['garbage', 'not an ISO-8601 duration, date-time or repeating interval'],
    ['', 'empty'],
    ['   ', 'empty'],
    ["${''}", 'empty'],
    ['${dueDate}', 'must be evaluated first'],
    ['${PT1H}', 'must be evaluated first'],
    ['PT1H PT2H', 'whitespace'],
    ['P99999Y', 'longer than 10,000 years'],
    ['2026-02-30T00:00:00Z', 'does not exist'],
    ['-PT1H', 'negative'],
    ['0 0 12 * * ?', 'whitespace'],
    ['9999-12-31T00:00:00Z/P10000Y', 'out of range'],
  ])('%j (%s)', (text, reason) => {
    let error: unknown;
    try {
      parseTimerExpression(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TimerExpressionError);
    const e = error as TimerExpressionError;
    expect(e.code).toBe('InvalidTimerExpression');
    expect(e.text).toBe(text);
    expect(e.reason).toContain(reason);
  });

  it('reports the inner part of a wrapped expression', () => {
    const result = safeParseTimerExpression("${'PT'}");
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.text).toBe("${'PT'}");
      expect(result.error.reason).toContain("'T' must be followed");
    }
  });

  it('rejects non-strings with a typed error', () => {
    expect(() => parseTimerExpression(42 as unknown as string)).toThrow(TimerExpressionError);
  });
});

describe('safeParseTimerExpression', () => {
  it('returns the spec or the error, never throws a TimerExpressionError', () => {
    expect(safeParseTimerExpression('PT1H')).toEqual({ success: true, spec: { kind: 'duration', duration: HOUR } });
    const bad = safeParseTimerExpression('P1H');
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error).toBeInstanceOf(TimerExpressionError);
  });
});

/** Every timerExpression body in the shared corpus of real-world CMMN files must parse. */
describe('corpus timer expressions', () => {
  const corpus = fileURLToPath(new URL('../../../../../shared/corpus', import.meta.url));

  function* files(dir: string): Generator<string> {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) yield* files(path);
      else if (/\.(cmmn|xml|cmmn11)$/i.test(name)) yield path;
    }
  }

  it('parses every <timerExpression> body found in shared/corpus', () => {
    expect(existsSync(corpus), `${corpus} must exist`).toBe(true);
    const bodies: Array<{ file: string; body: string }> = [];
    for (const file of files(corpus)) {
      const xml = readFileSync(file, 'utf8');
      for (const m of xml.matchAll(/<(?:[\w-]+:)?timerExpression\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?timerExpression>/g)) {
        const body = (m[1] ?? '').replace(/^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/, '$1');
        bodies.push({ file, body });
      }
    }
    expect(bodies.length).toBeGreaterThan(0);
    for (const { file, body } of bodies) {
      const result = safeParseTimerExpression(body);
      expect(result.success, `${file}: ${JSON.stringify(body)} ${result.success ? '' : result.error.reason}`).toBe(true);
    }
  });
});
