/**
 * Parses a timerEventListener's `timerExpression` body into a {@link TimerSpec}.
 *
 * @module
 */
import { addDuration } from './add-duration.js';
import { parseDateTime } from './date-time.js';
import { isCalendarDuration, parseDuration, type Duration } from './duration.js';
import { TimerExpressionError } from './timer-expression-error.js';
import type { TimerSpec } from './timer-spec.js';

const MAX_REPETITIONS = 999_999_999;
/** First instant after the years a 4-digit ISO-8601 date can name. */
const END_OF_YEAR_9999 = Date.UTC(10_000, 0, 1);

/** `${'PT1H'}`, `#{"PT1H"}`, `'PT1H'` → `PT1H`; an EL expression that is not a quoted literal is rejected. */
function unwrap(original: string): string {
  let text = original.trim();
  const el = /^[$#]\{([\s\S]*)\}$/.exec(text);
  if (el !== null) {
    text = (el[1] ?? '').trim();
    if (!/^(['"])[\s\S]*\1$/.test(text)) {
      throw new TimerExpressionError(
        original,
        'an expression that is not a quoted literal must be evaluated first; pass its result to parseTimerExpression',
      );
    }
  }
  const quoted = /^(['"])([\s\S]*)\1$/.exec(text);
  if (quoted !== null) text = (quoted[2] ?? '').trim();
  if (text === '') throw new TimerExpressionError(original, 'empty');
  return text;
}

const isDuration = (part: string): boolean => part.startsWith('P') || part.startsWith('-P');

function exact(ms: number): Duration {
  return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: ms / 1000 };
}

function wrap<T>(original: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TimerExpressionError && error.text !== original) throw new TimerExpressionError(original, `${error.text}: ${error.reason}`);
    if (error instanceof RangeError) throw new TimerExpressionError(original, error.message);
    throw error;
  }
}

function isZero(d: Duration): boolean {
  return !isCalendarDuration(d) && d.weeks === 0 && d.days === 0 && d.hours === 0 && d.minutes === 0 && d.seconds === 0;
}

function parseRepeating(original: string, parts: readonly string[]): TimerSpec {
  const [head = '', a, b] = parts;
  const count = /^R(\d*)$/.exec(head);
  if (count === null) throw new TimerExpressionError(original, `'${head}' is not a repetition count (R, R3…)`);
  const digits = count[1] ?? '';
  const repetitions = digits === '' ? null : Number(digits);
  if (repetitions !== null && (digits.length > 9 || repetitions > MAX_REPETITIONS)) {
    throw new TimerExpressionError(original, `at most ${MAX_REPETITIONS} repetitions`);
  }
  if (repetitions === 0) throw new TimerExpressionError(original, 'R0 never fires');
  if (a === undefined) throw new TimerExpressionError(original, 'a repeating interval needs a duration (R3/PT1H)');
  if (parts.length > 3) throw new TimerExpressionError(original, 'too many parts: use R[n]/duration, R[n]/start/duration, R[n]/duration/end or R[n]/start/end');

  let spec: TimerSpec;
  if (b === undefined) {
    if (!isDuration(a)) throw new TimerExpressionError(original, 'R[n]/… with one part needs a duration (R3/PT1H)');
    spec = { kind: 'cycle', repetitions, duration: parseDuration(a) };
  } else if (isDuration(a) && isDuration(b)) {
    throw new TimerExpressionError(original, 'two durations: one of the parts must be a date-time');
  } else if (isDuration(a)) {
    spec = { kind: 'cycle', repetitions, duration: parseDuration(a), end: parseDateTime(b) };
  } else if (isDuration(b)) {
    spec = { kind: 'cycle', repetitions, start: parseDateTime(a), duration: parseDuration(b) };
  } else {
    const start = parseDateTime(a);
    const end = parseDateTime(b);
    if (end <= start) throw new TimerExpressionError(original, 'the interval end must be after its start');
    spec = { kind: 'cycle', repetitions, start, duration: exact(end - start) };
  }
  if (isZero(spec.duration)) throw new TimerExpressionError(original, 'a repeating timer needs a period longer than zero');
  return spec;
}

function parseInterval(original: string, parts: readonly string[]): TimerSpec {
  const [a = '', b = ''] = parts;
  if (parts.length !== 2 || a === '' || b === '') throw new TimerExpressionError(original, 'an interval is start/end, start/duration or duration/end');
  if (isDuration(a) && isDuration(b)) throw new TimerExpressionError(original, 'two durations: one of the parts must be a date-time');
  if (isDuration(a)) {
    parseDuration(a); // validated; the interval ends at b
    return { kind: 'dateTime', at: parseDateTime(b) };
  }
  const start = parseDateTime(a);
  if (isDuration(b)) {
    const at = addDuration(start, parseDuration(b));
    if (at >= END_OF_YEAR_9999) throw new TimerExpressionError(original, 'the interval ends after year 9999: out of range');
    return { kind: 'dateTime', at };
  }
  const end = parseDateTime(b);
  if (end <= start) throw new TimerExpressionError(original, 'the interval end must be after its start');
  return { kind: 'dateTime', at: end };
}

/**
 * Parses a `timerExpression` body: an ISO-8601 duration (`PT2H`, `P2W`), date-time
 * (`2026-03-02T08:00:00Z`, `+02:00` offsets; no zone = UTC), repeating interval (`R3/PT1H`,
 * `R/P1D`, `R3/2026-01-01T00:00:00Z/PT1H`, `R/PT1H/2026-12-31T00:00:00Z`, `R2/start/end`) or
 * non-repeating interval (`start/end`, `start/PT1H`, `PT1H/end`: occurs once, when the interval
 * ends). Surrounding whitespace, quotes and a `${'…'}` / `#{'…'}` wrapper around a quoted literal
 * (as Flowable and Camunda files have) are removed first. Throws a {@link TimerExpressionError}
 * (`code: 'InvalidTimerExpression'`) on anything else.
 *
 * @example
 * ```ts
 * parseTimerExpression('PT1H'); // { kind: 'duration', duration: { …, hours: 1, … } }
 * parseTimerExpression("${'R3/PT1H'}"); // { kind: 'cycle', repetitions: 3, duration: { …, hours: 1, … } }
 * parseTimerExpression('2026-03-02T08:00:00Z'); // { kind: 'dateTime', at: 1772438400000 }
 * ```
 */
export function parseTimerExpression(text: string): TimerSpec {
  if (typeof text !== 'string') throw new TimerExpressionError(String(text), 'not a string');
  const body = unwrap(text);
  return wrap(text, () => {
    if (/\s/.test(body)) throw new TimerExpressionError(body, 'contains whitespace');
    const parts = body.split('/');
    if (body.startsWith('R')) return parseRepeating(body, parts);
    if (parts.length > 1) return parseInterval(body, parts);
    if (isDuration(body)) return { kind: 'duration', duration: parseDuration(body) };
    if (/^\d{4}-/.test(body)) return { kind: 'dateTime', at: parseDateTime(body) };
    throw new TimerExpressionError(body, 'not an ISO-8601 duration, date-time or repeating interval');
  });
}

/**
 * A non-throwing {@link parseTimerExpression}, for validators that collect problems.
 *
 * @example
 * ```ts
 * const result = safeParseTimerExpression('PT');
 * if (!result.success) result.error.reason; // "'T' must be followed by hours, minutes or seconds"
 * ```
 */
export function safeParseTimerExpression(
  text: string,
): { readonly success: true; readonly spec: TimerSpec } | { readonly success: false; readonly error: TimerExpressionError } {
  try {
    return { success: true, spec: parseTimerExpression(text) };
  } catch (error) {
    if (error instanceof TimerExpressionError) return { success: false, error };
    throw error;
  }
}
