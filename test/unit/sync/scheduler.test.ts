import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncScheduler, type SyncRunner } from '../../../src/main/core/sync/scheduler';
import type { SyncOutcome } from '../../../src/main/core/sync/engine';

const ok = (): SyncOutcome => ({ runId: 1, outcome: 'ok', error: null, counts: { accounts: 0, seen: 0, added: 0, updated: 0, removed: 0 } });

/** A runner whose syncs finish only when the test says so. */
function controllableRunner() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  let active = 0;
  let maxActive = 0;
  const runner: SyncRunner = {
    sync: (id, signal) =>
      new Promise<SyncOutcome>((resolve, reject) => {
        started.push(id);
        active++;
        maxActive = Math.max(maxActive, active);
        const done = (out: () => void) => {
          active--;
          finishers.delete(id);
          out();
        };
        finishers.set(id, () => done(() => resolve(ok())));
        signal?.addEventListener('abort', () => done(() => reject(signal.reason)));
      }),
  };
  return { runner, started, finish: (id: string) => finishers.get(id)?.(), maxActive: () => maxActive };
}

const flush = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe('SyncScheduler', () => {
  it('runs at most `concurrency` syncs at a time and queues the rest', async () => {
    const r = controllableRunner();
    const scheduler = new SyncScheduler({ engine: r.runner, connectionIds: () => ['a', 'b', 'c'], concurrency: 2 });
    const all = scheduler.syncAll();
    await flush();
    expect(r.started).toEqual(['a', 'b']);
    r.finish('a');
    await flush();
    expect(r.started).toEqual(['a', 'b', 'c']);
    r.finish('b');
    r.finish('c');
    expect((await all).map((o) => o.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(r.maxActive()).toBe(2);
  });

  it('"sync now" for a connection already syncing joins the running sync', async () => {
    const r = controllableRunner();
    const scheduler = new SyncScheduler({ engine: r.runner, connectionIds: () => [] });
    const first = scheduler.syncNow('a');
    const second = scheduler.syncNow('a');
    expect(second).toBe(first);
    expect(scheduler.isSyncing('a')).toBe(true);
    await flush();
    r.finish('a');
    await first;
    expect(r.started).toEqual(['a']);
    expect(scheduler.isSyncing('a')).toBe(false);
  });

  it('cancel aborts the running sync; stop cancels everything', async () => {
    const r = controllableRunner();
    const scheduler = new SyncScheduler({ engine: r.runner, connectionIds: () => ['a', 'b'], concurrency: 1 });
    const a = scheduler.syncNow('a');
    const b = scheduler.syncNow('b');
    await flush();
    scheduler.cancel('a');
    expect((await a).outcome).toBe('cancelled');
    await flush();
    expect(r.started).toEqual(['a', 'b']);
    await scheduler.stop();
    expect((await b).outcome).toBe('cancelled');
  });

  it('syncs everything at start and again every interval', async () => {
    vi.useFakeTimers();
    const runner = { sync: vi.fn(async () => ok()) };
    const scheduler = new SyncScheduler({ engine: runner, connectionIds: () => ['a', 'b'], intervalMs: 60_000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runner.sync).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runner.sync).toHaveBeenCalledTimes(4);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runner.sync).toHaveBeenCalledTimes(4);
  });
});
