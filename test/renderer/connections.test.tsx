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
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what to do, with a link to the bank, when the bank did not confirm the disconnect', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    api.disconnect.mockResolvedValue({
      revokedAtBank: false,
      message: 'Memorial Bank did not answer the request to end MyBucks’ access. MyBucks forgot its tokens; to end the access at the bank too, revoke MyBucks on its website.',
      revokeUrl: 'https://memorial.example/connected-apps',
    });
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });
    fireEvent.click(within(card).getByRole('button', { name: 'Disconnect' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Disconnect' }));

    const notice = await screen.findByRole('alert');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(notice.textContent).toContain('Memorial Bank did not answer the request to end MyBucks’ access.');
    const link = within(notice).getByRole('link', { name: "Revoke MyBucks' access at Memorial Bank" });
    expect(link.getAttribute('href')).toBe('https://memorial.example/connected-apps');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noreferrer');
    expect(document.activeElement).toBe(notice);

    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss the notice about Memorial Bank' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('corrects the API address when the bank suggests it, then syncs again', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([
      connection({ status: 'error', statusReason: 'Memorial Bank has no accounts API at the address MyBucks uses (404).', suggestedAction: 'change_api_base' }),
    ]);
    renderPage(api);
    const card = await screen.findByRole('region', { name: 'Memorial Bank' });
    await waitFor(() => expect(api.listProviders).toHaveBeenCalled());
    expect(within(card).getByText(/Use “Change API address” to correct where MyBucks reads your accounts/)).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Change API address' }));

    const dialog = await screen.findByRole('dialog', { name: "Change Memorial Bank's API address" });
    const input = within(dialog).getByLabelText('API address') as HTMLInputElement;
    expect(input.value).toBe('http://127.0.0.1:1/memorial/open-banking/v4.0/aisp');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: ' https://api.memorial.example/aisp ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save and sync' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.updateProvider).toHaveBeenCalledWith({ providerId: 'memorial', apiBase: 'https://api.memorial.example/aisp' });
    expect(api.syncNow).toHaveBeenCalledWith({ connectionId: 'conn-1' });
    expect(api.updateProvider.mock.invocationCallOrder[0]).toBeLessThan(api.syncNow.mock.invocationCallOrder[0]);
  });

  it('keeps the API address dialog open and says why when the address is refused', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({ status: 'error', suggestedAction: 'change_api_base' })]);
    api.updateProvider.mockRejectedValue(new Error('Nothing at https://api.memorial.example/aisp answers as an Open Banking API.'));
    renderPage(api);
    fireEvent.click(within(await screen.findByRole('region', { name: 'Memorial Bank' })).getByRole('button', { name: 'Change API address' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('API address'), { target: { value: 'https://api.memorial.example/aisp' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save and sync' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'The API address for Memorial Bank was not changed: Nothing at https://api.memorial.example/aisp answers as an Open Banking API.',
    );
    expect(api.syncNow).not.toHaveBeenCalled();
  });

  it('makes the suggested action the primary button', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([
      connection({ status: 'error', statusReason: 'Memorial Bank answered 503.', suggestedAction: 'sync_again' }),
      connection({ id: 'conn-2', providerName: 'Harbor Credit Union', status: 'error', statusReason: 'The grant is no longer valid.', suggestedAction: 'reauthorize' }),
    ]);
    renderPage(api);
    const memorial = await screen.findByRole('region', { name: 'Memorial Bank' });
    expect(within(memorial).getByRole('button', { name: 'Sync now' }).className).toContain('primary');
    expect(within(memorial).getByRole('button', { name: 'Re-authorize' }).className).not.toContain('primary');
    expect(within(memorial).queryByRole('button', { name: 'Change API address' })).toBeNull();

    const harbor = screen.getByRole('region', { name: 'Harbor Credit Union' });
    expect(within(harbor).getByRole('button', { name: 'Re-authorize' }).className).toContain('primary');
    expect(within(harbor).getByRole('button', { name: 'Sync now' }).className).not.toContain('primary');
    expect(within(harbor).getByText(/Re-authorize to sign in at the bank again; your data is kept\./)).toBeTruthy();
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
