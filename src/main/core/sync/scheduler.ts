/**
 * Runs syncs: all connections at start-up and every `intervalMs` while the app runs, at most
 * `concurrency` banks at a time, one run per connection at a time ("sync now" for a connection that
 * is already syncing joins the running sync).
 */
import type { SyncOptions, SyncOutcome } from './engine';

export interface SyncRunner {
  sync(connectionId: string, signal?: AbortSignal, options?: SyncOptions): Promise<SyncOutcome>;
}

export interface SchedulerOptions {
  engine: SyncRunner;
  /** Connections to sync on the schedule (e.g. those with status 'ok'). */
  connectionIds: () => string[];
  intervalMs?: number;
  concurrency?: number;
  onError?: (connectionId: string, err: unknown) => void;
}

interface Job {
  controller: AbortController;
  promise: Promise<SyncOutcome>;
}

export class SyncScheduler {
  private readonly running = new Map<string, Job>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly concurrency: number;

  constructor(private readonly opts: SchedulerOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
  }

  /** Syncs everything now, then on the interval. */
  start(): void {
    if (this.timer) return;
    void this.syncAll();
    this.timer = setInterval(() => void this.syncAll(), this.opts.intervalMs ?? 30 * 60_000);
    this.timer.unref();
  }

  /** Stops the schedule and cancels running syncs; resolves when they have ended. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const jobs = [...this.running.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.allSettled(jobs.map((j) => j.promise));
  }

  syncAll(): Promise<SyncOutcome[]> {
    return Promise.all(this.opts.connectionIds().map((id) => this.syncNow(id)));
  }

  isSyncing(connectionId: string): boolean {
    return this.running.has(connectionId);
  }

  /** A sync asked for while one runs joins it; a full re-read asked for then runs right after it. */
  syncNow(connectionId: string, options: SyncOptions = {}): Promise<SyncOutcome> {
    const existing = this.running.get(connectionId);
    if (existing && !options.full) return existing.promise;
    if (existing) return existing.promise.then(() => this.syncNow(connectionId, options));
    const controller = new AbortController();
    const promise = this.withSlot(controller.signal, () => this.opts.engine.sync(connectionId, controller.signal, options))
      .catch((err: unknown): SyncOutcome => {
        this.opts.onError?.(connectionId, err);
        const cancelled = controller.signal.aborted;
        return {
          runId: null,
          outcome: cancelled ? 'cancelled' : 'error',
          error: cancelled ? null : String((err as Error)?.message ?? err),
          counts: { accounts: 0, seen: 0, added: 0, updated: 0, removed: 0 },
        };
      })
      .finally(() => this.running.delete(connectionId));
    this.running.set(connectionId, { controller, promise });
    return promise;
  }

  cancel(connectionId: string): void {
    this.running.get(connectionId)?.controller.abort();
  }

  private async withSlot<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      signal.throwIfAborted();
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
