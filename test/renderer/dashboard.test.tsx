import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { Dashboard } from '../../src/renderer/src/pages/Dashboard';
import { connection, createFakeApi, twoBanks } from './fake-api';
import { giveElementsASize } from './setup';

let restoreSize: () => void;
beforeEach(() => {
  restoreSize = giveElementsASize();
});
afterEach(() => {
  cleanup();
  restoreSize();
});

function renderDashboard(api: ReturnType<typeof createFakeApi>) {
  return render(
    <ApiProvider api={api}>
      <Dashboard />
    </ApiProvider>,
  );
}

describe('Dashboard', () => {
  it('shows one net total per currency, formatted for that currency', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    renderDashboard(api);
    expect((await screen.findByTestId('total-GBP')).textContent).toBe('£1,500.00');
    expect(screen.getByTestId('total-EUR').textContent).toBe('€10,000.50');
    expect(screen.queryByTestId('total-USD')).toBeNull();
    const balances = screen.getByRole('region', { name: 'Balances by bank' });
    expect(within(balances).getByText('Harbor Credit Union')).toBeTruthy();
    // the bank's total and its one GBP account
    expect(within(balances).getAllByText('-£234.56')).toHaveLength(2);
    expect(within(balances).getByTestId('balance-h2').textContent).toBe('€10,000.50');
  });

  it('charts the currency most accounts are in, even when another comes first', async () => {
    const api = createFakeApi();
    const [memorial, harbor] = twoBanks;
    // Harbor's EUR account is the first account seen; three of the four accounts are in GBP.
    api.balancesByBank.mockResolvedValue([{ ...harbor, accounts: [...harbor.accounts].reverse(), totals: [...harbor.totals].reverse() }, memorial]);
    renderDashboard(api);
    const select = (await screen.findByLabelText('Chart currency')) as HTMLSelectElement;
    expect(select.value).toBe('GBP');
    expect([...select.options].map((o) => o.value)).toEqual(['GBP', 'EUR']);
  });

  it('says there is no spending trend when only another currency has spending', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    api.spendingTrend.mockResolvedValue([{ month: '2026-11', currency: 'EUR', categoryId: 'groceries', name: 'Groceries', minor: 1234 }]);
    renderDashboard(api);
    const trend = await screen.findByRole('region', { name: 'Spending trend by month' });
    await waitFor(() => expect(within(trend).getByText('No spending in this period')).toBeTruthy());
  });

  it('lists the top categories and folds the rest into Other', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    const items = Array.from({ length: 8 }, (_, i) => ({ categoryId: `c${i}`, name: `Category ${i}`, color: '#123456', minor: (8 - i) * 1000, previousMinor: (8 - i) * 1000 }));
    api.spendingByCategory.mockResolvedValue([{ currency: 'GBP', items, pendingMinor: 0 }]);
    renderDashboard(api);
    const list = await screen.findByRole('list', { name: 'Spending by category' });
    const rows = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(rows).toEqual([
      'Category 0£80.00same as last month',
      'Category 1£70.00same as last month',
      'Category 2£60.00same as last month',
      'Category 3£50.00same as last month',
      'Category 4£40.00same as last month',
      'Category 5£30.00same as last month',
      'Other£30.00same as last month',
    ]);
  });

  it('totals income and expenses for the period in the chosen currency', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    api.incomeVsExpenses.mockResolvedValue([
      { month: '2026-10', currency: 'GBP', incomeMinor: 250000, expensesMinor: 180025 },
      { month: '2026-11', currency: 'GBP', incomeMinor: 250000, expensesMinor: 210000 },
      { month: '2026-11', currency: 'EUR', incomeMinor: 999, expensesMinor: 1 },
    ]);
    renderDashboard(api);
    expect((await screen.findByTestId('income-GBP')).textContent).toBe('£5,000.00');
    expect(screen.getByTestId('expenses-GBP').textContent).toBe('£3,900.25');
    expect(screen.getByTestId('net-GBP').textContent).toBe('£1,099.75');

    fireEvent.change(screen.getByLabelText('Chart currency'), { target: { value: 'EUR' } });
    expect((await screen.findByTestId('income-EUR')).textContent).toBe('€9.99');
  });

  it('asks again for every widget with the new dates when the range changes', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    renderDashboard(api);
    await screen.findByTestId('total-GBP');
    const firstFrom = api.spendingByCategory.mock.calls[0][0].from as string;
    expect(firstFrom).toMatch(/^\d{4}-\d{2}-01$/);
    fireEvent.click(screen.getByRole('button', { name: '12 months' }));
    const last = api.spendingByCategory.mock.calls.at(-1)![0];
    expect(last.from < firstFrom).toBe(true);
    expect(api.incomeVsExpenses.mock.calls.at(-1)![0]).toEqual(last);
    expect(screen.getByRole('button', { name: '12 months' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows empty states when nothing is linked yet', async () => {
    const api = createFakeApi();
    renderDashboard(api);
    expect(await screen.findByText('No balances yet')).toBeTruthy();
    expect(await screen.findByText('No transactions yet')).toBeTruthy();
  });

  it('explains a failure and retries on request', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockRejectedValueOnce(new Error('The database is locked by another MyBucks window.'));
    api.balancesByBank.mockResolvedValue(twoBanks);
    renderDashboard(api);
    const alert = (await screen.findByText('Could not load your balances')).closest('[role="alert"]') as HTMLElement;
    expect(alert.textContent).toContain('The database is locked by another MyBucks window.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('total-GBP')).textContent).toBe('£1,500.00');
  });

  it('warns about connections that need the user', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    api.listConnections.mockResolvedValue([
      connection({ status: 'needs_reauth' }),
      connection({ id: 'c2', providerName: 'Harbor Credit Union', consentExpiresAt: new Date(Date.now() + 3 * 86_400_000 + 60_000).toISOString() }),
      connection({ id: 'c3', providerName: 'Summit Savings', consentExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
    ]);
    renderDashboard(api);
    expect(await screen.findByText('Memorial Bank needs you to sign in again before MyBucks can sync it.')).toBeTruthy();
    expect(screen.getByText('Access to Harbor Credit Union expires in 3 days.')).toBeTruthy();
    expect(screen.queryByText(/Summit Savings/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Review now' }).getAttribute('href')).toBe('#/connections');
  });

  it('reloads once for a burst of data-changed events', async () => {
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    renderDashboard(api);
    await screen.findByTestId('total-GBP');
    const before = api.spendingByCategory.mock.calls.length;
    act(() => {
      for (let i = 0; i < 20; i++) api.emit({ type: 'data-changed' });
    });
    await waitFor(() => expect(api.spendingByCategory.mock.calls.length).toBe(before + 1));
    await new Promise((r) => setTimeout(r, 700));
    expect(api.spendingByCategory.mock.calls.length).toBe(before + 1);
  });
});
