import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { App } from '../../src/renderer/src/App';
import { Accounts } from '../../src/renderer/src/pages/Accounts';
import { AccountPage } from '../../src/renderer/src/pages/AccountPage';
import { isoDate } from '../../src/renderer/src/lib/dates';
import { account, connection, createFakeApi, transaction } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const wallet = account({ id: 'w1', connectionId: 'manual', providerId: 'manual', providerName: 'Manual accounts', name: 'Wallet', mask: null, manual: true, balanceMinor: 4200 });

function renderAccounts(api = createFakeApi()) {
  render(
    <ApiProvider api={api}>
      <Accounts />
    </ApiProvider>,
  );
  return api;
}

const dialog = () => screen.getByRole('dialog');

describe('Accounts page: managing accounts', () => {
  it('renames an account and can restore the bank’s name', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday' })]);
    renderAccounts(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Everyday' }));
    fireEvent.change(within(dialog()).getByLabelText('Name'), { target: { value: 'Bills' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.updateAccount).toHaveBeenCalledWith({ accountId: 'a1', displayName: 'Bills' });
    await waitFor(() => expect(api.listAccounts).toHaveBeenCalledTimes(2));

    cleanup();
    const renamed = createFakeApi();
    renamed.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday', displayName: 'Bills' })]);
    renderAccounts(renamed);
    expect((await screen.findByRole('link', { name: 'Bills' })).getAttribute('href')).toBe('#/account/a1');
    fireEvent.click(screen.getByRole('button', { name: 'Edit Bills' }));
    expect(within(dialog()).getByText(/Memorial Bank calls it “Everyday”/)).toBeTruthy();
    fireEvent.click(within(dialog()).getByRole('button', { name: "Use Memorial Bank's name" }));
    await waitFor(() => expect(renamed.updateAccount).toHaveBeenCalledWith({ accountId: 'a1', displayName: null }));
  });

  it('hides and closes an account, and marks hidden and closed accounts', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday' }), account({ id: 'a2', name: 'Old', hidden: true, closedAt: '2026-10-01T00:00:00Z' })]);
    renderAccounts(api);
    const old = (await screen.findByRole('link', { name: 'Old' })).closest('tr')!;
    expect(within(old).getByText('Hidden')).toBeTruthy();
    expect(within(old).getByText('Closed')).toBeTruthy();
    expect(screen.getByText(/Hidden accounts are left out of the dashboard's list of balances but still count in its totals/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit Everyday' }));
    fireEvent.click(within(dialog()).getByLabelText(/Hide from the dashboard's list of balances/));
    fireEvent.click(within(dialog()).getByLabelText('The account is closed'));
    fireEvent.change(within(dialog()).getByLabelText('Group'), { target: { value: 'savings' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateAccount).toHaveBeenCalledWith({ accountId: 'a1', group: 'savings', hidden: true, closed: true }));

    // show and reopen: unticking sends false
    fireEvent.click(screen.getByRole('button', { name: 'Edit Old' }));
    fireEvent.click(within(dialog()).getByLabelText(/Hide from the dashboard's list of balances/));
    fireEvent.click(within(dialog()).getByLabelText('The account is closed'));
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateAccount).toHaveBeenLastCalledWith({ accountId: 'a2', hidden: false, closed: false }));
  });

  it('says what went wrong when a change is refused, and keeps the dialog open', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday' })]);
    api.updateAccount.mockRejectedValue(Object.assign(new Error('That account no longer exists. Reload the Accounts page.'), { code: 'not_found' }));
    renderAccounts(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Everyday' }));
    fireEvent.click(within(dialog()).getByLabelText('The account is closed'));
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect((await within(dialog()).findByRole('alert')).textContent).toBe('Everyday was not changed: That account no longer exists. Reload the Accounts page.');
  });

  it('moves an account up within its group with the keyboard-reachable buttons, keeping focus on it', async () => {
    const api = createFakeApi();
    const first = account({ id: 'a1', name: 'First' });
    const card = account({ id: 'c1', name: 'Card', type: 'credit_card' });
    const second = account({ id: 'a2', name: 'Second' });
    api.listAccounts.mockResolvedValueOnce([first, card, second]).mockResolvedValue([second, card, first]);
    renderAccounts(api);
    const up = await screen.findByRole('button', { name: 'Move Second up' });
    expect((screen.getByRole('button', { name: 'Move First up' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Move Second down' }) as HTMLButtonElement).disabled).toBe(true);
    up.focus();
    fireEvent.click(up);
    await waitFor(() => expect(api.reorderAccounts).toHaveBeenCalledWith({ accountIds: ['a2', 'c1', 'a1'] }));
    const cash = screen.getByRole('region', { name: 'Cash' });
    await waitFor(() => expect(within(cash).getAllByRole('link').map((l) => l.textContent)).toEqual(['Second', 'First']));
    // at the top its "up" button is disabled, so focus stays on the account's other move button
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Move Second down'));
  });

  it('adds a manual account, checking the amount and currency first', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([account({ id: 'a1', currency: 'EUR' })]);
    renderAccounts(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a manual account' }));
    const form = within(dialog());
    expect((form.getByLabelText('Currency') as HTMLInputElement).value).toBe('EUR');
    fireEvent.change(form.getByLabelText('Name'), { target: { value: 'House' } });
    fireEvent.change(form.getByLabelText('Group'), { target: { value: 'property' } });
    fireEvent.change(form.getByLabelText('Currency'), { target: { value: 'gbp' } });
    fireEvent.change(form.getByLabelText('Balance'), { target: { value: 'lots' } });
    fireEvent.click(form.getByRole('button', { name: 'Add account' }));
    expect((await form.findByRole('alert')).textContent).toMatch(/“lots” is not an amount\. Type the balance as a number, like 1250\.00/);
    expect(api.createManualAccount).not.toHaveBeenCalled();
    fireEvent.change(form.getByLabelText('Balance'), { target: { value: '250,000.50' } });
    fireEvent.click(form.getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.createManualAccount).toHaveBeenCalledWith({ name: 'House', group: 'property', currency: 'GBP', balanceMinor: 25_000_050, day: isoDate(new Date()) });
  });

  it('updates a manual account’s balance on a day; bank accounts offer no such button', async () => {
    const api = createFakeApi();
    api.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday' }), wallet]);
    renderAccounts(api);
    const row = (await screen.findByRole('link', { name: 'Wallet' })).closest('tr')!;
    expect(within(row).getByText('Valued by hand')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Update the balance of Everyday' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Check against Manual accounts now' })).toBeNull();
    fireEvent.click(within(row).getByRole('button', { name: 'Update the balance of Wallet' }));
    const form = within(dialog());
    expect((form.getByLabelText('Balance (GBP)') as HTMLInputElement).value).toBe('42.00');
    fireEvent.change(form.getByLabelText('Balance (GBP)'), { target: { value: '-12.5' } });
    fireEvent.change(form.getByLabelText('On'), { target: { value: '2026-11-01' } });
    fireEvent.click(form.getByRole('button', { name: 'Save balance' }));
    await waitFor(() => expect(api.setManualBalance).toHaveBeenCalledWith({ accountId: 'w1', balanceMinor: -1250, day: '2026-11-01' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('Account page', () => {
  it('shows the balance history and the transactions with the balance after each, and pages on', async () => {
    const api = createFakeApi();
    window.location.hash = '#/account/a1';
    api.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday', balanceMinor: 100000 })]);
    api.accountHistory.mockResolvedValue({
      accountId: 'a1',
      currency: 'GBP',
      points: [
        { date: '2026-10-01', minor: 90000 },
        { date: '2026-11-01', minor: 100000 },
      ],
    });
    api.listTransactions
      .mockResolvedValueOnce({
        rows: [transaction(1, { id: 't1', amountMinor: -500, runningBalanceMinor: 100000 }), transaction(2, { id: 't2', status: 'pending', runningBalanceMinor: null })],
        nextCursor: 'next',
        total: 3,
        totals: [],
      })
      .mockResolvedValueOnce({ rows: [transaction(3, { id: 't3', runningBalanceMinor: 100500 })], nextCursor: null, total: 3, totals: [] });
    render(
      <ApiProvider api={api}>
        <AccountPage />
      </ApiProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Everyday' })).toBeTruthy();
    expect(await screen.findByRole('img', { name: /Balance of Everyday over time, from .* now £1,000\.00/ })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Transactions of Everyday' });
    const balances = () => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[4].textContent);
    expect(balances()).toEqual(['£1,000.00', '—']);
    expect(api.listTransactions).toHaveBeenCalledWith(expect.objectContaining({ accountIds: ['a1'], limit: 100 }));
    fireEvent.click(screen.getByRole('button', { name: 'Show more transactions' }));
    await waitFor(() => expect(balances()).toEqual(['£1,000.00', '—', '£1,005.00']));
    expect(api.listTransactions).toHaveBeenLastCalledWith(expect.objectContaining({ accountIds: ['a1'], cursor: 'next' }));
    expect(screen.queryByRole('button', { name: 'Show more transactions' })).toBeNull();
  });

  it('draws a single balance as one point and says so; a manual account has no transactions', async () => {
    const api = createFakeApi();
    window.location.hash = '#/account/w1';
    api.listAccounts.mockResolvedValue([wallet]);
    api.accountHistory.mockResolvedValue({ accountId: 'w1', currency: 'GBP', points: [{ date: '2026-11-01', minor: 4200 }] });
    render(
      <ApiProvider api={api}>
        <AccountPage />
      </ApiProvider>,
    );
    expect(await screen.findByText(/One balance so far: £42\.00 on .*2026\. The chart draws a line once there is a second\./)).toBeTruthy();
    expect(await screen.findByText(/A manual account’s balance is what you enter with “Update balance”; to add its transactions, import the statement file/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Update balance' }));
    expect(within(dialog()).getByRole('heading', { name: 'Update the balance of Wallet' })).toBeTruthy();
  });

  it('says when the account is gone', async () => {
    const api = createFakeApi();
    window.location.hash = '#/account/nope';
    api.listAccounts.mockResolvedValue([wallet]);
    render(
      <ApiProvider api={api}>
        <AccountPage />
      </ApiProvider>,
    );
    expect(await screen.findByText('This account is not in MyBucks any more')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to accounts' }).getAttribute('href')).toBe('#/accounts');
  });

  it('opens from the account’s name on the Accounts page', async () => {
    const api = createFakeApi();
    api.listConnections.mockResolvedValue([connection({})]);
    api.listAccounts.mockResolvedValue([account({ id: 'a1', name: 'Everyday' })]);
    window.location.hash = '#/accounts';
    render(
      <ApiProvider api={api}>
        <App />
      </ApiProvider>,
    );
    const link = await screen.findByRole('link', { name: 'Everyday' });
    window.location.hash = link.getAttribute('href')!;
    expect(await screen.findByRole('heading', { level: 1, name: 'Everyday' })).toBeTruthy();
    expect(api.accountHistory).toHaveBeenCalledWith(expect.objectContaining({ accountId: 'a1' }));
  });
});
