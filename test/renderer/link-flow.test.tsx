import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { App } from '../../src/renderer/src/App';
import { LinkPage } from '../../src/renderer/src/pages/LinkPage';
import { NoTransactions } from '../../src/renderer/src/pages/NoTransactions';
import { connection, createFakeApi } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function renderLink(api: ReturnType<typeof createFakeApi>) {
  return render(
    <ApiProvider api={api}>
      <LinkPage onLinked={() => {}} />
    </ApiProvider>,
  );
}

describe('linking a bank', () => {
  it('welcomes a first-run user and leads to the bank picker', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <App />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Link your first bank' }));
    expect(await screen.findByRole('button', { name: 'Link Memorial Bank' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Dashboard' })).toBeTruthy();
  });

  it('switches theme from the header and remembers it', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <App />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Switch to dark theme' }));
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(localStorage.getItem('mybucks.theme')).toBe('dark');
    fireEvent.click(screen.getByRole('button', { name: 'Switch to light theme' }));
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
  });

  it('waits in the browser, follows link-finished into the first sync, then finishes', async () => {
    const api = createFakeApi();
    renderLink(api);
    const tile = await screen.findByRole('button', { name: 'Link Memorial Bank' });
    expect(tile.textContent).toContain('Banking since 1907');
    fireEvent.click(tile);
    expect(await screen.findByRole('heading', { name: 'Continue in your browser…' })).toBeTruthy();
    expect(api.startLink).toHaveBeenCalledWith({ providerId: 'memorial', reauthorizeConnectionId: undefined });
    expect((screen.getByLabelText(/copy this address/) as HTMLInputElement).value).toBe('http://127.0.0.1:1/auth?client_id=mybucks');

    // an event for another link changes nothing
    act(() => api.emit({ type: 'link-finished', linkId: 'other', outcome: 'linked', connectionId: 'x', error: null, restored: false }));
    expect(screen.getByRole('heading', { name: 'Continue in your browser…' })).toBeTruthy();

    act(() => api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'linked', connectionId: 'conn-9', error: null, restored: false }));
    const bar = await screen.findByRole('progressbar', { name: 'Sync progress' });
    act(() =>
      api.emit({ type: 'sync-progress', connectionId: 'conn-9', phase: 'transactions', accountsDone: 1, accountsTotal: 4, accountName: 'Everyday', pages: 3, transactions: 1234 }),
    );
    expect((bar as HTMLProgressElement).value).toBe(0.25);
    expect(screen.getByText(/Downloading transactions — Everyday \(1 of 4 accounts, 1,234 transactions\)/)).toBeTruthy();

    act(() => api.emit({ type: 'sync-finished', connectionId: 'conn-9', outcome: 'ok', error: null }));
    expect(await screen.findByRole('button', { name: 'Go to dashboard' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('ready');
  });

  it('keeps up when link-finished and sync-finished arrive back to back', async () => {
    const api = createFakeApi();
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    await screen.findByRole('heading', { name: 'Continue in your browser…' });
    act(() => {
      api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'linked', connectionId: 'conn-9', error: null, restored: false });
      api.emit({ type: 'sync-finished', connectionId: 'conn-9', outcome: 'error', error: 'Memorial Bank answered 503.' });
    });
    expect(await screen.findByRole('button', { name: 'Go to dashboard' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('The first sync did not finish: Memorial Bank answered 503.');
  });

  it('shows a sync in progress in the top bar', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <App />
      </ApiProvider>,
    );
    await screen.findByRole('button', { name: 'Link your first bank' });
    act(() =>
      api.emit({ type: 'sync-progress', connectionId: 'c1', phase: 'transactions', accountsDone: 0, accountsTotal: 2, accountName: 'Everyday', pages: 1, transactions: 2500 }),
    );
    expect(screen.getByText(/Syncing Everyday… 2,500 transactions/)).toBeTruthy();
    act(() => api.emit({ type: 'sync-finished', connectionId: 'c1', outcome: 'ok', error: null }));
    expect(screen.queryByText(/Syncing/)).toBeNull();
  });

  it('explains a denied consent and offers to try again', async () => {
    const api = createFakeApi();
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Harbor Credit Union' }));
    await screen.findByRole('heading', { name: 'Continue in your browser…' });
    const denied = "You did not allow MyBucks to access Harbor Credit Union. Link it again whenever you like and press Allow on Harbor Credit Union's consent page.";
    act(() => api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'denied', connectionId: null, error: denied, restored: false }));
    const alert = await screen.findByRole('alert');
    // the core's message is the one message: said once, not wrapped in another that says it again
    expect(alert.textContent).toBe(`Harbor Credit Union was not linked${denied}`);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(api.startLink).toHaveBeenCalledTimes(2));
  });

  it('cancels a link in progress', async () => {
    const api = createFakeApi();
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(api.cancelLink).toHaveBeenCalledWith({ linkId: 'link-1' }));
    expect(await screen.findByRole('button', { name: 'Link Memorial Bank' })).toBeTruthy();
  });

  it('says why startLink failed', async () => {
    const api = createFakeApi();
    api.startLink.mockRejectedValue(new Error("Error invoking remote method 'mybucks:startLink': Error: Memorial Bank is not answering."));
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not start linking Memorial Bank: Memorial Bank is not answering.');
  });

  it("says a timed-out sign-in once, in the core's words", async () => {
    const api = createFakeApi();
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    await screen.findByRole('heading', { name: 'Continue in your browser…' });
    const timedOut = 'The sign-in at Memorial Bank was not finished within 5 minutes (its page may have been closed). Link again and finish signing in on the page that opens.';
    act(() => api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'timed_out', connectionId: null, error: timedOut, restored: false }));
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('p')?.textContent).toBe(timedOut);
    expect(alert.textContent).not.toMatch(/did not answer in time/);
  });

  it('counts down the time left for the sign-in', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const api = createFakeApi();
      renderLink(api);
      fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
      await screen.findByRole('heading', { name: 'Continue in your browser…' });
      expect(screen.getByRole('timer').textContent).toBe('Time left to finish signing in at Memorial Bank: 5:00');
      act(() => vi.advanceTimersByTime(65_000));
      expect(screen.getByRole('timer').textContent).toBe('Time left to finish signing in at Memorial Bank: 3:55');
      act(() => vi.advanceTimersByTime(4 * 60_000));
      expect(screen.getByRole('timer').textContent).toBe('The time to sign in at Memorial Bank is up; MyBucks is closing this sign-in.');
    } finally {
      vi.useRealTimers();
    }
  });

  it("offers to open the bank's page again", async () => {
    const api = createFakeApi();
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    expect(await screen.findByText(/We opened Memorial Bank's sign-in page in your browser/)).toBeTruthy();
    const again = screen.getByRole('link', { name: "Open Memorial Bank's page again" });
    expect(again.getAttribute('href')).toBe('http://127.0.0.1:1/auth?client_id=mybucks');
    expect(again.getAttribute('target')).toBe('_blank');
    expect(again.getAttribute('rel')).toContain('noopener');
  });

  it('says when the browser could not be opened and shows the address first', async () => {
    const api = createFakeApi();
    api.startLink.mockResolvedValue({
      linkId: 'link-1',
      providerId: 'memorial',
      authorizationUrl: 'http://127.0.0.1:1/auth?client_id=mybucks',
      expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
      browserOpened: false,
    });
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    const heading = await screen.findByRole('heading', { name: "Open Memorial Bank's sign-in page" });
    expect(screen.queryByText(/We opened/)).toBeNull();
    const input = screen.getByLabelText('MyBucks could not open your browser. Copy this address into it:') as HTMLInputElement;
    expect(input.value).toBe('http://127.0.0.1:1/auth?client_id=mybucks');
    // the address comes right after the heading, before the instructions
    expect(heading.nextElementSibling?.contains(input)).toBe(true);
    expect(screen.getByRole('link', { name: "Open Memorial Bank's sign-in page" }).getAttribute('href')).toBe(input.value);
  });

  it('says a bank that was already linked was refreshed, not newly linked', async () => {
    const api = createFakeApi();
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    await screen.findByRole('heading', { name: 'Continue in your browser…' });
    act(() => api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'linked', connectionId: 'conn-9', error: null, restored: true }));
    expect(await screen.findByRole('heading', { name: 'Memorial Bank was already linked — syncing your data' })).toBeTruthy();
    act(() => api.emit({ type: 'sync-finished', connectionId: 'conn-9', outcome: 'ok', error: null }));
    expect(await screen.findByRole('heading', { name: 'Memorial Bank was already linked; MyBucks refreshed its access' })).toBeTruthy();
    expect(screen.queryByText(/is linked/)).toBeNull();
  });

  it('says what the bank did not share and offers to re-authorize to share it', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({ id: 'conn-9', scopes: ['openid', 'accounts', 'balances', 'offline_access'] })]);
    renderLink(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link Memorial Bank' }));
    await screen.findByRole('heading', { name: 'Continue in your browser…' });
    act(() => {
      api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'linked', connectionId: 'conn-9', error: null, restored: false });
      api.emit({ type: 'sync-finished', connectionId: 'conn-9', outcome: 'ok', error: null });
    });
    expect(
      await screen.findByText(
        'Memorial Bank did not share your transactions with MyBucks, so MyBucks cannot show them. To share them, sign in at Memorial Bank again and allow them on its consent page.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/accounts and transactions are ready/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Share transactions from Memorial Bank' }));
    await waitFor(() => expect(api.startLink).toHaveBeenLastCalledWith({ providerId: 'memorial', reauthorizeConnectionId: 'conn-9' }));
  });

  it('an empty transaction list names the bank that did not share transactions and re-authorizes it', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([
      connection({ id: 'conn-9', scopes: ['openid', 'accounts', 'balances'] }),
      connection({ id: 'conn-2', providerId: 'harbor', providerName: 'Harbor Credit Union' }),
    ]);
    render(
      <ApiProvider api={api}>
        <NoTransactions>Link a bank and sync it to see transactions here.</NoTransactions>
      </ApiProvider>,
    );
    expect(await screen.findByText('Transactions not shared')).toBeTruthy();
    expect(screen.getByText(/^Memorial Bank did not share your transactions with MyBucks/)).toBeTruthy();
    expect(screen.queryByText(/Harbor Credit Union did not share/)).toBeNull();
    expect(screen.queryByText(/Link a bank and sync it/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Share transactions from Memorial Bank' }));
    await waitFor(() => expect(api.startLink).toHaveBeenCalledWith({ providerId: 'memorial', reauthorizeConnectionId: 'conn-9' }));
    expect(await screen.findByRole('dialog', { name: 'Re-authorize Memorial Bank' })).toBeTruthy();
  });

  it('an empty transaction list with every grant complete says there are none yet', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    render(
      <ApiProvider api={api}>
        <NoTransactions>Link a bank and sync it to see transactions here.</NoTransactions>
      </ApiProvider>,
    );
    expect(await screen.findByText('No transactions yet')).toBeTruthy();
    expect(screen.getByText('Link a bank and sync it to see transactions here.')).toBeTruthy();
  });
});
