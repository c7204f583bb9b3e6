/**
 * How many requests MyBucks has in flight at one bank. A request takes a slot before it is sent and gives
 * it back when its body has been read (or it failed), so there are never more requests in flight than the
 * limit. The limit adapts: a 429 halves it (once per burst: 429s of requests sent before the last cut do
 * not cut again), and each run of `growAfter` answered requests without a 429 raises it by one, up to
 * `max` (additive increase, multiplicative decrease). Waiters are served in order.
 */
export interface RequestLimiterOptions {
  /** The most requests in flight at once (default 4). */
  max?: number;
  /** Answered requests needed to raise the limit by one after a 429 (default 20). */
  growAfter?: number;
}

export interface RequestSlot {
  /** Gives the slot back; `throttled` when the bank answered 429. Idempotent. */
  release(outcome: 'ok' | 'throttled' | 'failed'): void;
}

export class RequestLimiter {
  readonly max: number;
  private readonly growAfter: number;
  private current: number;
  private active = 0;
  private generation = 0;
  private answered = 0;
  private readonly waiting: { resolve: () => void; reject: (err: unknown) => void; signal?: AbortSignal; onAbort: () => void }[] = [];

  constructor(opts: RequestLimiterOptions = {}) {
    this.max = Math.max(1, Math.floor(opts.max ?? 4));
    this.growAfter = Math.max(1, Math.floor(opts.growAfter ?? 20));
    this.current = this.max;
  }

  /** The limit now. */
  get limit(): number {
    return this.current;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Waits for a slot (rejects with the signal's reason if it is aborted first). */
  async acquire(signal?: AbortSignal): Promise<RequestSlot> {
    signal?.throwIfAborted();
    if (this.active >= this.current || this.waiting.length > 0) {
      await new Promise<void>((resolve, reject) => {
        const waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const i = this.waiting.indexOf(waiter);
            if (i >= 0) this.waiting.splice(i, 1);
            reject(signal!.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        this.waiting.push(waiter);
      });
    } else {
      this.active++;
    }
    const generation = this.generation;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.active--;
        if (outcome === 'throttled') {
          if (generation === this.generation) {
            this.current = Math.max(1, Math.floor(this.current / 2));
            this.generation++;
            this.answered = 0;
          }
        } else if (outcome === 'ok' && this.current < this.max && ++this.answered >= this.growAfter) {
          this.current++;
          this.answered = 0;
        }
        this.wake();
      },
    };
  }

  private wake(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      const w = this.waiting.shift()!;
      w.signal?.removeEventListener('abort', w.onAbort);
      this.active++;
      w.resolve();
    }
  }
}
