import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { App } from '../../src/renderer/src/App';
import { Accounts } from '../../src/renderer/src/pages/Accounts';
import { Settings } from '../../src/renderer/src/pages/Settings';
import { account, connection, createFakeApi } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('Accounts', () => {
  it('groups accounts by type with their bank, balance and subtotals per currency', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([
      account({ id: 'a1', name: 'Everyday', balanceMinor: 123456 }),
      account({ id: 'a2', name: 'Card', type: 'credit_card', balanceMinor: -5000 }),
      account({ id: 'h1', providerId: 'harbor', providerName: 'Harbor Credit Union', name: 'Yen', currency: 'JPY', balanceMinor: 5000 }),
    ]);
    render(
      <ApiProvider api={api}>
        <Accounts />
      </ApiProvider>,
    );
    const cash = await screen.findByRole('region', { name: 'Cash' });
    const rows = within(cash).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['Everyday ··1234', 'Memorial Bank', '£1,234.56'],
      ['Yen ··1234', 'Harbor Credit Union', '¥5,000'],
    ]);
    expect(within(cash).getByText(/^Subtotal/).textContent).toBe('Subtotal £1,234.56 · ¥5,000');
    const credit = screen.getByRole('region', { name: 'Credit cards' });
    expect(within(credit).getByRole('link', { name: 'Card' }).getAttribute('href')).toBe('#/account/a2');
    expect(within(credit).getByText(/^Subtotal/).textContent).toBe('Subtotal -£50.00');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['Cash', 'Credit cards', 'Checks against your banks']);
  });

  it('shows when each account was last verified against the bank and what that found, and checks again on request', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([
      account({ id: 'a1', name: 'Everyday', lastVerifiedAt: '2026-11-20T08:00:00Z', verification: { matched: true, summary: 'Matched Memorial Bank: 120 transactions, the same as MyBucks held.' } }),
      account({
        id: 'a2',
        name: 'Card',
        lastVerifiedAt: '2026-11-21T08:00:00Z',
        verification: { matched: false, summary: "Repaired from Memorial Bank's full history: 1 transaction the bank no longer lists." },
      }),
      account({ id: 'a3', name: 'New', lastVerifiedAt: null, verification: null }),
    ]);
    render(
      <ApiProvider api={api}>
        <Accounts />
      </ApiProvider>,
    );
    const cash = await screen.findByRole('region', { name: 'Cash' });
    const verified = within(cash).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[4].textContent);
    expect(verified[0]).toMatch(/^Matched .*\. Matched Memorial Bank: 120 transactions, the same as MyBucks held\.$/);
    expect(verified[1]).toMatch(/^Repaired .*1 transaction the bank no longer lists\.$/);
    expect(verified[2]).toBe('Not yet');
    const checks = screen.getByRole('region', { name: 'Checks against your banks' });
    fireEvent.click(within(checks).getByRole('button', { name: 'Check against Memorial Bank now' }));
    await screen.findByRole('button', { name: 'Check against Memorial Bank now' });
    expect(api.verifyNow).toHaveBeenCalledWith({ connectionId: 'conn-1' });
  });

  it('says so when a check could not start', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([account({ id: 'a1' })]);
    api.verifyNow.mockRejectedValue(Object.assign(new Error('That bank connection no longer exists. Reload the Connections page.'), { code: 'not_found' }));
    render(
      <ApiProvider api={api}>
        <Accounts />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Check against Memorial Bank now' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The check against Memorial Bank did not start: That bank connection no longer exists. Reload the Connections page.',
    );
  });

  it('offers to link a bank when there are no accounts', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <Accounts />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Link a bank' }));
    expect(window.location.hash).toBe('#/link');
  });
});

describe('Settings', () => {
  it('shows the mode, data folder and how the vault protects tokens', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <Settings theme="system" onTheme={() => {}} />
      </ApiProvider>,
    );
    expect((await screen.findByTestId('vault-kind')).textContent).toBe('file-key');
    expect(screen.getByText(/Protects against copies of the database alone\./)).toBeTruthy();
    expect(screen.getByText('/home/sarah/.mybucks')).toBeTruthy();
    expect(screen.getByText('Browser mode (local server on this computer)')).toBeTruthy();
    expect((screen.getByLabelText('Match the system') as HTMLInputElement).checked).toBe(true);
  });
});

describe('app shell', () => {
  it('has a skip link, a main landmark and nav links that mark the current page', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    window.location.hash = '#/accounts';
    render(
      <ApiProvider api={api}>
        <App />
      </ApiProvider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Dashboard', 'Transactions', 'Budget', 'Bills', 'Accounts', 'Connections', 'Categories', 'Rules', 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByRole('link', { name: 'Skip to main content' }));
    expect(document.activeElement).toBe(screen.getByRole('main'));
    expect(window.location.hash).toBe('#/accounts');
  });

  it('shows the dashboard, not the welcome, once a bank is linked', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    render(
      <ApiProvider api={api}>
        <App />
      </ApiProvider>,
    );
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Link your first bank' })).toBeNull();
  });
});
