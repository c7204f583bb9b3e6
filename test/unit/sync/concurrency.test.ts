import { describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { RequestLimiter } from '../../../src/main/core/banks/request-limiter';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { FakeBank, type FakeAccount, type FakeTx } from './fake-bank';
import { dbWithConnection } from './setup';

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4, timeoutMs: 2000 };

function accounts(n: number, txs: number): FakeAccount[] {
  return Array.from({ length: n }, (_, a) => ({
    id: `acc-${a}`,
    currency: 'GBP',
    nickname: `Account ${a}`,
    type: 'CACC' as const,
    opening: 1000,
    txs: Array.from({ length: txs }, (_, i): FakeTx => ({
      id: `a${a}-t${i}`,
      date: `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      amount: -(100 + i),
      status: 'BOOK',
      merchant: 'Tesco',
      mcc: '5411',
    })),
  }));
}

/** A fake bank whose every answer takes `ms`, counting requests in flight (at the time each one starts, against the limit then). */
function slowBank(bank: FakeBank, ms: number, limitNow: () => number) {
  const stats = { inFlight: 0, maxInFlight: 0, requests: 0, overLimit: [] as { inFlight: number; limit: number }[] };
  const fetchResource: FakeBank['fetchResource'] = async (connectionId, url, init) => {
    stats.inFlight++;
    stats.requests++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    if (stats.inFlight > limitNow()) stats.overLimit.push({ inFlight: stats.inFlight, limit: limitNow() });
    try {
      await delay(ms);
      return await bank.fetchResource(connectionId, url, init);
    } finally {
      stats.inFlight--;
    }
  };
  return { stats, fetchResource };
}

describe('reading the accounts of one bank concurrently', () => {
  it('never has more requests in flight than the per-bank limit, and stores the same rows as one at a time', async () => {
    const results: Record<number, unknown> = {};
    for (const limit of [3, 1]) {
      const bank = new FakeBank(accounts(7, 20));
      bank.pageSize = 4;
      const db = dbWithConnection(bank.apiBase);
      const { stats, fetchResource } = slowBank(bank, 3, () => engine.limiterOf(bank.apiBase).limit);
      const events: { accountsDone: number; accountsTotal: number; pages: number }[] = [];
      const engine = new SyncEngine({
        db, fetchResource, retry: fastRetry, perBankConcurrency: limit, now: () => new Date('2026-03-31T13:00:00Z'),
        emit: (e) => e.type === 'sync-progress' && e.phase === 'transactions' && events.push(e),
      });
      const out = await engine.sync('c1');
      expect(out.outcome).toBe('ok');
      expect(out.counts).toMatchObject({ accounts: 7, seen: 140, added: 140 });
      expect(stats.overLimit).toEqual([]);
      expect(stats.maxInFlight).toBe(limit); // concurrent when allowed, and exactly up to the limit
      // accountsDone only counts finished accounts: it never goes back, and ends at all of them
      const done = events.map((e) => e.accountsDone);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(events.at(-1)).toMatchObject({ accountsDone: 7, accountsTotal: 7 });
      results[limit] = db.prepare('SELECT a.bank_account_id, t.bank_tx_id, t.amount_minor, t.booking_date, t.category_id FROM transactions t JOIN accounts a ON a.id = t.account_id ORDER BY 1, 2').all();
      expect(db.prepare('SELECT count(*) AS n FROM accounts WHERE reconcile_from IS NOT NULL').get()).toEqual({ n: 0 });
    }
    expect(results[3]).toEqual(results[1]);
  });

  it('halves the limit on a 429 and keeps to the lower limit afterwards', async () => {
    const bank = new FakeBank(accounts(4, 24));
    bank.pageSize = 4;
    const db = dbWithConnection(bank.apiBase);
    const { stats, fetchResource } = slowBank(bank, 3, () => engine.limiterOf(bank.apiBase).limit);
    const engine = new SyncEngine({ db, fetchResource, retry: fastRetry, perBankConcurrency: 4, now: () => new Date('2026-03-31T13:00:00Z') });
    bank.faults.push({ match: /acc-1\/transactions/, fault: { kind: 'status', status: 429, retryAfter: '0' } });
    const out = await engine.sync('c1');
    expect(out.outcome).toBe('ok');
    expect(out.counts).toMatchObject({ seen: 96, added: 96 });
    expect(bank.faults).toHaveLength(0);
    expect(stats.overLimit).toEqual([]);
    // 4 → 2 on the 429, then +1 per 20 answered requests: the sync's remaining ~26 requests raise it once
    expect(engine.limiterOf(bank.apiBase).limit).toBeLessThan(4);
    expect(engine.limiterOf(bank.apiBase).limit).toBeGreaterThanOrEqual(2);
  });
});

describe('RequestLimiter', () => {
  it('queues beyond the limit, in order', async () => {
    const limiter = new RequestLimiter({ max: 2 });
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((s) => (order.push('c'), s));
    const d = limiter.acquire().then((s) => (order.push('d'), s));
    await delay(1);
    expect(limiter.inFlight).toBe(2);
    expect(order).toEqual([]);
    a.release('ok');
    a.release('ok'); // idempotent
    await delay(1);
    expect(order).toEqual(['c']);
    b.release('ok');
    (await c).release('ok');
    (await d).release('ok');
    expect(order).toEqual(['c', 'd']);
    expect(limiter.inFlight).toBe(0);
  });

  it('halves on a 429 once per burst, never below 1, and recovers by one per `growAfter` answers', async () => {
    const limiter = new RequestLimiter({ max: 8, growAfter: 3 });
    const burst = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    burst[0].release('throttled');
    expect(limiter.limit).toBe(4);
    burst[1].release('throttled'); // sent before the cut: the same burst
    burst[2].release('throttled');
    expect(limiter.limit).toBe(4);
    for (const s of burst.slice(3)) s.release('failed');
    expect(limiter.inFlight).toBe(0);
    for (const expected of [2, 1, 1]) {
      (await limiter.acquire()).release('throttled');
      expect(limiter.limit).toBe(expected);
    }
    for (let i = 0; i < 3; i++) (await limiter.acquire()).release('ok');
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 3 * 10; i++) (await limiter.acquire()).release('ok');
    expect(limiter.limit).toBe(8);
  });

  it('admits no more than the lowered limit while earlier requests are still out', async () => {
    const limiter = new RequestLimiter({ max: 4 });
    const out = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
    out[0].release('throttled'); // limit 2, three still in flight
    let admitted = 0;
    const waiting = Array.from({ length: 3 }, () => limiter.acquire().then((s) => (admitted++, s)));
    await delay(1);
    expect(admitted).toBe(0);
    out[1].release('ok');
    await delay(1);
    expect(admitted).toBe(0); // two in flight = the limit
    out[2].release('ok');
    await delay(1);
    expect(admitted).toBe(1);
    expect(limiter.inFlight).toBe(2);
    out[3].release('ok');
    for (const w of waiting) (await w).release('ok');
  });

  it('a waiter whose signal aborts leaves the queue', async () => {
    const limiter = new RequestLimiter({ max: 1 });
    const held = await limiter.acquire();
    const ac = new AbortController();
    const waiting = limiter.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held.release('ok');
    expect(limiter.inFlight).toBe(0);
    (await limiter.acquire()).release('ok');
  });
});
