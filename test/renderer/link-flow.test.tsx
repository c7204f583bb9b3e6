import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { App } from '../../src/renderer/src/App';
import { LinkPage } from '../../src/renderer/src/pages/LinkPage';
import { createFakeApi } from './fake-api';

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
    act(() => api.emit({ type: 'link-finished', linkId: 'other', outcome: 'linked', connectionId: 'x', error: null }));
    expect(screen.getByRole('heading', { name: 'Continue in your browser…' })).toBeTruthy();

    act(() => api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'linked', connectionId: 'conn-9', error: null }));
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
      api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'linked', connectionId: 'conn-9', error: null });
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
    act(() => api.emit({ type: 'link-finished', linkId: 'link-1', outcome: 'denied', connectionId: null, error: null }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You declined the request at your bank');
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
});
