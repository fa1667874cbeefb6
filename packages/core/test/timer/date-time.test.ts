import { describe, expect, it } from 'vitest';
import { TimerExpressionError, parseDateTime } from '../../src/timer/index.js';

describe('parseDateTime', () => {
  it.each([
    ['2026-03-02T08:00:00Z', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T08:00:00z', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02t08:00:00Z', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T10:00:00+02:00', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T10:00:00+0200', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T10:00:00+02', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T03:30:00-04:30', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T00:30:00+01:00', '2026-03-01T23:30:00.000Z'],
    ['2026-03-02T08:00:00.123Z', '2026-03-02T08:00:00.123Z'],
    ['2026-03-02T08:00:00.5Z', '2026-03-02T08:00:00.500Z'],
    ['2026-03-02T08:00:00.123456789Z', '2026-03-02T08:00:00.123Z'],
    ['2026-03-02T08:00:00,25Z', '2026-03-02T08:00:00.250Z'],
    ['2026-03-02T08:00Z', '2026-03-02T08:00:00.000Z'],
    // casekit rule: no zone = UTC
    ['2026-03-02T08:00:00', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T08:00', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(new Date(parseDateTime(text)).toISOString()).toBe(expected);
  });

  it('agrees with Date.parse on zoned date-times', () => {
    for (const t of ['2026-03-02T08:00:00Z', '1999-12-31T23:59:59.999+05:45', '2026-07-01T12:00:00-07:00']) {
      expect(parseDateTime(t)).toBe(Date.parse(t));
    }
  });

  it.each([
    ['2026-02-30T00:00:00Z', 'does not exist'],
    ['2026-02-29T00:00:00Z', 'does not exist'],
    ['2026-13-01T00:00:00Z', 'month'],
    ['2026-00-01T00:00:00Z', 'month'],
    ['2026-01-00T00:00:00Z', 'does not exist'],
    ['2026-01-01T24:00:00Z', 'hour'],
    ['2026-01-01T23:60:00Z', 'minute'],
    ['2026-01-01T23:59:60Z', 'leap'],
    ['2026-01-01T00:00:00+19:00', 'offset'],
    ['2026-01-01T00:00:00+05:60', 'offset'],
    ['2026-1-1T00:00:00Z', 'not an ISO-8601 date-time'],
    ['20260101T000000Z', 'not an ISO-8601 date-time'],
    ['2026-01-01 00:00:00Z', 'not an ISO-8601 date-time'],
    ['2026-01-01T00:00:00ZZ', 'not an ISO-8601 date-time'],
    ['tomorrow', 'not an ISO-8601 date-time'],
    ['2026-01-01Z', 'not an ISO-8601 date-time'],
  ])('rejects %s', (text, reason) => {
    expect(() => parseDateTime(text)).toThrow(TimerExpressionError);
    expect(() => parseDateTime(text)).toThrow(reason);
  });
});
