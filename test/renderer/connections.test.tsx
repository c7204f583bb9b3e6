import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { Connections } from '../../src/renderer/src/pages/Connections';
import { connection, createFakeApi } from './fake-api';

afterEach(cleanup);

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000 + 3_600_000).toISOString();

function renderPage(api: ReturnType<typeof createFakeApi>) {
  return render(
    <ApiProvider api={api}>
      <Connections />
    </ApiProvider>,
  );
}

describe('Connections', () => {
  it('shows identity, permissions in plain words, status and an expiry warning a week ahead', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([
      connection({ consentExpiresAt: inDays(5) }),
      connection({ id: 'conn-2', providerId: 'harbor', providerName: 'Harbor Credit Union', status: 'needs_reauth', statusReason: 'The bank revoked access.', consentExpiresAt: inDays(60) }),
    ]);
    renderPage(api);
    const memorial = await screen.findByRole('region', { name: 'Memorial Bank' });
    expect(within(memorial).getByText('Sarah Lee')).toBeTruthy();
    expect(within(memorial).getByText('Connected')).toBeTruthy();
    expect(within(memorial).getByText('See your transaction history')).toBeTruthy();
    expect(within(memorial).getByText('See your account balances')).toBeTruthy();
    expect(within(memorial).getByRole('alert').textContent).toContain('Access expires in 5 days');

    const harbor = screen.getByRole('region', { name: 'Harbor Credit Union' });
    expect(within(harbor).getByText('Needs re-authorization')).toBeTruthy();
    expect(within(harbor).getByText(/The bank revoked access\./)).toBeTruthy();
    expect(within(harbor).queryByRole('alert')).toBeNull();
    expect(within(harbor).getByText(/Access granted until/)).toBeTruthy();
  });

  it('syncs now and shows progress from sync events', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });
    fireEvent.click(within(card).getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(api.syncNow).toHaveBeenCalledWith({ connectionId: 'conn-1' }));
    act(() =>
      api.emit({ type: 'sync-progress', connectionId: 'conn-1', phase: 'balances', accountsDone: 1, accountsTotal: 2, accountName: null, pages: 0, transactions: 10 }),
    );
    expect(within(card).getByRole('progressbar', { name: 'Sync progress for Memorial Bank' })).toBeTruthy();
    expect((within(card).getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true);
    act(() => api.emit({ type: 'sync-finished', connectionId: 'conn-1', outcome: 'ok', error: null }));
    await waitFor(() => expect(api.listConnections).toHaveBeenCalledTimes(2));
    expect(within(card).queryByRole('progressbar')).toBeNull();
  });

  it('re-authorizes through the link flow with the connection id', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({ status: 'needs_reauth' })]);
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });
    await waitFor(() => expect(api.listProviders).toHaveBeenCalled());
    fireEvent.click(within(card).getByRole('button', { name: 'Re-authorize' }));
    await waitFor(() => expect(api.startLink).toHaveBeenCalledWith({ providerId: 'memorial', reauthorizeConnectionId: 'conn-1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Re-authorize Memorial Bank' });
    expect(within(dialog).getByText('Continue in your browser…')).toBeTruthy();
  });

  it('disconnects after confirming whether to keep the data; Escape cancels', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });

    fireEvent.click(within(card).getByRole('button', { name: 'Disconnect' }));
    fireEvent.keyDown(await screen.findByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.disconnect).not.toHaveBeenCalled();

    fireEvent.click(within(card).getByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disconnect Memorial Bank?' });
    fireEvent.click(within(dialog).getByLabelText("Delete this bank's accounts and transactions"));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(api.disconnect).toHaveBeenCalledWith({ connectionId: 'conn-1', keepData: false }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('keeps the dialog open and says why when the disconnect fails', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    api.disconnect.mockRejectedValue(new Error('Memorial Bank is not answering.'));
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });
    fireEvent.click(within(card).getByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disconnect Memorial Bank?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Memorial Bank was not disconnected: Memorial Bank is not answering.');
    expect((within(dialog).getByRole('button', { name: 'Disconnect' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says why Sync now did not start', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    api.syncNow.mockRejectedValue(new Error('That bank connection no longer exists.'));
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });
    fireEvent.click(within(card).getByRole('button', { name: 'Sync now' }));
    expect((await within(card).findByRole('alert')).textContent).toBe('Sync did not start: That bank connection no longer exists.');
  });
});
