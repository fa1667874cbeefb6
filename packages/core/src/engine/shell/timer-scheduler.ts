/**
 * Timer scheduling across processes: due timers are claimed through the store with a lease, so
 * that engines sharing one store split the work; each claimed timer fires as its own command at
 * its due time. A timer fires exactly once whoever claims it: the firing is an optimistic write
 * that re-checks the timer is still pending, also when a process died holding a claim.
 */
import { RunawayLoopError } from '../../errors.js';
import type { CaseStore, StoredCase } from '../../store/case-store.js';
import type { Clock } from '../clock.js';
import type { CaseInstanceState } from '../state.js';
import type { BuildCommand, Trace } from './executor.js';

/** What the scheduler needs from the engine. */
export interface TimerHost {
  /** Runs a command and its effects; undefined when `skip` said it no longer applies. */
  fire(caseId: string, build: BuildCommand, skip: (state: CaseInstanceState) => boolean, trace: Trace): Promise<StoredCase | undefined>;
}

/** Options of the scheduler. */
export interface TimerSchedulerOptions {
  readonly owner: string;
  readonly leaseMs: number;
  /** Firings per call before RunawayLoop (a timer series that never ends within `until`). */
  readonly maxFirings: number;
}

/** Fires due timers. */
export class TimerScheduler {
  constructor(
    private readonly store: CaseStore,
    private readonly clock: Clock,
    private readonly host: TimerHost,
    private readonly options: TimerSchedulerOptions,
  ) {}

  /** Fires every timer due at or before `until`, in due order; resolves to how many this engine fired. */
  async fireDue(until: number, trace: Trace): Promise<number> {
    const { owner, leaseMs, maxFirings } = this.options;
    let fired = 0;
    const last: string[] = [];
    for (;;) {
      const [next] = await this.store.claimDueTimers({ until, now: this.clock.now(), owner, leaseMs, limit: 1 });
      if (next === undefined) return fired;
      if (fired >= maxFirings) {
        await this.store.releaseTimer(next.caseId, next.instance, owner);
        throw new RunawayLoopError(next.caseId, maxFirings, last.slice(-5), 'timer firings');
      }
      const clock = this.clock;
      if ('set' in clock && typeof clock.set === 'function' && clock.now() < next.dueAt) clock.set(next.dueAt);
      let state: StoredCase | undefined;
      try {
        state = await this.host.fire(
          next.caseId,
          () => ({ type: 'fireTimer', instance: next.instance }),
          (current) => current.state !== 'Active' || !current.timers.some((t) => t.instance === next.instance),
          trace,
        );
      } catch (error) {
        await this.store.releaseTimer(next.caseId, next.instance, owner);
        throw error;
      }
      if (state !== undefined) {
        fired++;
        last.push(`${next.caseId}#${next.instance}`);
        if (last.length > 5) last.shift();
      }
    }
  }
}
