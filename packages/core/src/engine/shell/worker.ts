/**
 * The worker: performs the outbox effects that are due and that nobody holds — retries, and the
 * effects of processes that died (taken over when their lease ends) — and polls for due work
 * until stopped. `CaseEngine.runDueWork`, `start` and `stop` are its face.
 */
import type { CaseStore } from '../../store/case-store.js';
import type { CaseInstanceId } from '../state.js';
import { effectFromPayload, type EffectRunner, type ErrorContext } from './effects.js';

/** Options of the worker. */
export interface WorkerOptions {
  readonly owner: string;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly now: () => number;
  readonly onError: (error: unknown, context: ErrorContext) => void;
}

interface Polling {
  timer: ReturnType<typeof setTimeout> | undefined;
  running: Promise<unknown> | undefined;
  stopped: boolean;
}

/** Performs owed effects and polls. */
export class OutboxWorker {
  #polling: Polling | undefined;

  constructor(
    private readonly store: CaseStore,
    private readonly effects: EffectRunner,
    private readonly options: WorkerOptions,
  ) {}

  /** Claims up to `limit` due effects and performs each; resolves to how many were performed. */
  async performOwed(limit: number): Promise<number> {
    const { owner, leaseMs } = this.options;
    const claimed = await this.store.claimEffects({ now: this.options.now(), owner, leaseMs, limit });
    let performed = 0;
    for (const owed of claimed) {
      const effect = effectFromPayload(owed.payload);
      const stored = effect === undefined ? undefined : await this.store.load(owed.caseId);
      if (effect === undefined || stored === undefined) {
        const message = effect === undefined ? `unknown effect kind "${owed.kind}"` : `case ${owed.caseId} no longer exists`;
        await this.store.failEffect(owed.id, owner, { message });
        continue;
      }
      try {
        await this.effects.perform(stored, [{ id: owed.id, effect }], { transitions: [] }, owed.attempts);
        performed++;
      } catch {
        // Reported to onError by the runner; released, so it is attempted again.
        await this.store.releaseEffect(owed.id, owner).catch(() => undefined);
      }
    }
    return performed;
  }

  /** Polls `round` every `pollMs` until {@link OutboxWorker.stop}; a round never overlaps the next. */
  start(round: () => Promise<unknown>): void {
    if (this.#polling !== undefined && !this.#polling.stopped) return;
    const polling: Polling = { timer: undefined, running: undefined, stopped: false };
    this.#polling = polling;
    const tick = (): void => {
      if (polling.stopped) return;
      polling.running = round()
        .catch((error: unknown) => this.options.onError(error, { source: 'effect', caseId: '' as CaseInstanceId }))
        .finally(() => {
          polling.running = undefined;
          if (!polling.stopped) polling.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    polling.timer = setTimeout(tick, 0);
  }

  /** Stops polling; resolves when the round in progress (if any) is over. */
  async stop(): Promise<void> {
    const polling = this.#polling;
    if (polling === undefined) return;
    polling.stopped = true;
    if (polling.timer !== undefined) clearTimeout(polling.timer);
    await polling.running;
  }
}
