import { describe, expect, it } from 'vitest';
import { apiSchemas } from '../../../src/shared/contract';
import { ConnectionsRepo } from '../../../src/main/core/db/connections-repo';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { createManualAccount, listAccounts } from '../../../src/main/core/reports';
import { FakeBank } from './fake-bank';
import { dbWithConnection } from './setup';

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3, timeoutMs: 2000 };

describe('sync and manual accounts', () => {
  it('syncs every bank connection but never the manual one, and leaves manual accounts as they were', async () => {
    const bank = new FakeBank([{ id: 'acc-1', currency: 'GBP', nickname: 'Everyday', type: 'CACC', opening: 10000, txs: [] }]);
    const db = dbWithConnection(bank.apiBase);
    const wallet = createManualAccount(
      db,
      apiSchemas.createManualAccount.parse({ name: 'Wallet', group: 'cash', currency: 'GBP', balanceMinor: 4200, day: '2026-03-01' }),
      new Date('2026-03-01T12:00:00Z'),
    );
    const engine = new SyncEngine({ db, fetchResource: bank.fetchResource, emit: () => {}, retry: fastRetry, now: () => new Date('2026-03-31T13:00:00Z') });
    const connections = new ConnectionsRepo(db);
    const scheduler = new SyncScheduler({ engine, connectionIds: () => connections.list().map((c) => c.id) });

    const outcomes = await scheduler.syncAll();
    expect(outcomes.map((o) => o.outcome)).toEqual(['ok']);
    // asked directly, the engine refuses the manual connection without starting a run
    const direct = await engine.sync('manual', undefined, { full: true });
    expect(direct).toMatchObject({ runId: null, outcome: 'error' });

    expect(db.prepare('SELECT DISTINCT connection_id FROM sync_runs').pluck().all()).toEqual(['c1']);
    expect(db.prepare("SELECT status, status_reason, last_sync_at FROM connections WHERE id = 'manual'").get()).toEqual({
      status: 'ok',
      status_reason: null,
      last_sync_at: null,
    });
    const after = listAccounts(db).find((a) => a.id === wallet.id);
    expect(after).toEqual(wallet);
    expect(db.prepare('SELECT date, balance_minor, source FROM balance_snapshots WHERE account_id = ?').all(wallet.id)).toEqual([
      { date: '2026-03-01', balance_minor: 4200, source: 'manual' },
    ]);
    expect(listAccounts(db).filter((a) => !a.manual).map((a) => a.name)).toEqual(['Everyday']);
  });
});
