import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncRunDTO } from '../../src/shared/dto';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { SyncIndicator } from '../../src/renderer/src/components/SyncIndicator';
import { Connections } from '../../src/renderer/src/pages/Connections';
import { connection, createFakeApi } from './fake-api';

afterEach(cleanup);

function run(over: Partial<SyncRunDTO>): SyncRunDTO {
  return {
    id: 7,
    connectionId: 'conn-1',
    startedAt: '2026-11-28T10:00:00Z',
    finishedAt: '2026-11-28T10:00:09Z',
    outcome: 'ok',
    accounts: 2,
    transactionsSeen: 40,
    transactionsAdded: 12,
    transactionsUpdated: 0,
    transactionsRemoved: 0,
    transfersPaired: 0,
    error: null,
    ...over,
  };
}

describe('transfers a sync paired', () => {
  it('the sync indicator says how many transfers the finished sync paired', async () => {
    const api = createFakeApi();
    api.listSyncRuns.mockResolvedValue([run({ transfersPaired: 2 })]);
    render(
      <ApiProvider api={api}>
        <SyncIndicator />
      </ApiProvider>,
    );
    act(() => api.emit({ type: 'sync-progress', connectionId: 'conn-1', phase: 'transactions', accountsDone: 1, accountsTotal: 2, accountName: 'Everyday', pages: 1, transactions: 40 }));
    expect(screen.getByRole('status').textContent).toContain('Syncing Everyday');
    act(() => api.emit({ type: 'sync-finished', connectionId: 'conn-1', outcome: 'ok', error: null }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Synced. Paired 2 transfers between your accounts.'));
    expect(api.listSyncRuns).toHaveBeenCalledWith({ connectionId: 'conn-1', limit: 1 });
    // the next sync replaces the note
    act(() => api.emit({ type: 'sync-progress', connectionId: 'conn-1', phase: 'accounts', accountsDone: 0, accountsTotal: 0, accountName: null, pages: 0, transactions: 0 }));
    expect(screen.getByRole('status').textContent).not.toContain('Paired');
  });

  it('says nothing about transfers when the sync paired none', async () => {
    const api = createFakeApi();
    api.listSyncRuns.mockResolvedValue([run({ transfersPaired: 0 })]);
    render(
      <ApiProvider api={api}>
        <SyncIndicator />
      </ApiProvider>,
    );
    act(() => api.emit({ type: 'sync-finished', connectionId: 'conn-1', outcome: 'ok', error: null }));
    await waitFor(() => expect(api.listSyncRuns).toHaveBeenCalled());
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('a connection card says what its last sync paired', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({ id: 'conn-1', lastSyncAt: '2026-11-28T10:00:09Z' })]);
    api.listSyncRuns.mockResolvedValue([run({ transfersPaired: 1 })]);
    render(
      <ApiProvider api={api}>
        <Connections />
      </ApiProvider>,
    );
    expect(await screen.findByText('Last sync: Paired 1 transfer between your accounts.')).toBeTruthy();
    expect(api.listSyncRuns).toHaveBeenCalledWith({ connectionId: 'conn-1', limit: 1 });
  });
});
