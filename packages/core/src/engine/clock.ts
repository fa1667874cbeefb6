/** A source of time, in milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/**
 * A clock that moves only when told: tests and scenario runs advance it, and due timers fire.
 *
 * @example
 * const clock = new VirtualClock('2026-01-05T09:00:00Z');
 * clock.advance(2 * 3600_000);
 */
export class VirtualClock implements Clock {
  #now: number;

  constructor(start: string | number | Date = '2026-01-01T00:00:00Z') {
    const ms = typeof start === 'number' ? start : new Date(start).getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`invalid start time: ${String(start)}`);
    this.#now = ms;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock to `ms` (never backwards). */
  set(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock cannot move backwards');
    this.#now += ms;
  }
}
