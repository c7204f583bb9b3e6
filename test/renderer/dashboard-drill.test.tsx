/**
 * The dashboard's true picture: drill-down from every figure into the transaction list (with its
 * filtered total and the way back), the home-currency net worth, "vs last month", cash flow, and the
 * chart defects (grouping, currency switching, pending, reversed ranges, a lone balance, the month axis).
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { Dashboard, netWorthRows } from '../../src/renderer/src/pages/Dashboard';
import { Transactions } from '../../src/renderer/src/pages/Transactions';
import { decodeDrillDown, encodeDrillDown } from '../../src/renderer/src/lib/drill-route';
import { routeQuery, parseRoute } from '../../src/renderer/src/lib/router';
import { formatDay, presetRange } from '../../src/renderer/src/lib/dates';
import { monthAxis } from '../../src/renderer/src/charts/MonthlyBars';
import { topCategories, trendGroups } from '../../src/renderer/src/pages/dashboard-data';
import { flowNodes } from '../../src/renderer/src/charts/CashFlowSankey';
import { incomeExpenseFilter, merchantFilter, netWorthDayFilter, spendingFilter, trendBarFilter } from '../../src/shared/drill-down';
import type { CashFlowDTO, SpendingTrendPointDTO } from '../../src/shared/dto';
import { account, createFakeApi, currencySettings, netWorthSummary, twoBanks } from './fake-api';
import { giveElementsASize } from './setup';

let restoreSize: () => void;
beforeEach(() => {
  restoreSize = giveElementsASize();
  window.location.hash = '#/dashboard';
  window.sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  restoreSize();
});

function renderWith(api: ReturnType<typeof createFakeApi>, page: 'dashboard' | 'transactions' = 'dashboard') {
  return render(<ApiProvider api={api}>{page === 'dashboard' ? <Dashboard /> : <Transactions />}</ApiProvider>);
}

/** The drill-down the dashboard navigated to. */
function drilled() {
  expect(parseRoute(window.location.hash)).toBe('transactions');
  return decodeDrillDown(routeQuery(window.location.hash))!;
}

const month = presetRange('month');
const range = { from: month.from, to: month.to };
const thisMonth = month.from.slice(0, 7);

const seven = Array.from({ length: 7 }, (_, i) => ({
  categoryId: `c${i}`,
  name: `Category ${i}`,
  color: '#3b82f6',
  minor: (7 - i) * 1000,
  previousMinor: i === 0 ? 3500 : (7 - i) * 1000,
}));

function dashboardApi() {
  const api = createFakeApi();
  api.balancesByBank.mockResolvedValue(twoBanks);
  return api;
}

describe('drill-down from the dashboard', () => {
  it('a category opens its spending: category, range, currency, booked, money out, transfers left out', async () => {
    const api = dashboardApi();
    api.spendingByCategory.mockResolvedValue([{ currency: 'GBP', items: seven, pendingMinor: 0 }]);
    renderWith(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Show the transactions behind Category 0: £70.00' }));
    const d = drilled();
    expect(d.filter).toEqual(spendingFilter(['c0'], range, 'GBP'));
    expect(d.filter).toMatchObject({ categoryIds: ['c0'], currency: 'GBP', status: 'booked', direction: 'out', excludeTransfers: true });
    expect(d.label).toMatch(/^Category 0: spending in GBP, /);
    expect(d.back).toBe('dashboard');
  });

  it('"Other" opens every category folded into it', async () => {
    const api = dashboardApi();
    const eight = [...seven, { categoryId: null, name: 'Uncategorised', color: '#8a8a8a', minor: 100, previousMinor: 0 }];
    api.spendingByCategory.mockResolvedValue([{ currency: 'GBP', items: eight, pendingMinor: 0 }]);
    renderWith(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Show the transactions behind Other:/ }));
    expect(drilled().filter).toMatchObject({ categoryIds: ['c6'], uncategorised: true });
  });

  it('a top merchant opens that merchant in its currency', async () => {
    const api = dashboardApi();
    api.topMerchants.mockResolvedValue([
      { merchant: 'Tesco', currency: 'GBP', minor: 14500, count: 3 },
      { merchant: 'Whole Foods', currency: 'USD', minor: 6000, count: 2 },
    ]);
    renderWith(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Show the 3 transactions at Tesco' }));
    expect(drilled().filter).toEqual(merchantFilter('Tesco', range, 'GBP'));
  });

  it('an income or expenses month opens that month’s money in or out', async () => {
    const api = dashboardApi();
    api.incomeVsExpenses.mockResolvedValue([{ month: thisMonth, currency: 'GBP', incomeMinor: 250000, expensesMinor: 180025 }]);
    renderWith(api);
    const card = await screen.findByRole('region', { name: 'Income vs expenses' });
    fireEvent.click(await within(card).findByRole('button', { name: /^Show expenses in / }));
    expect(drilled().filter).toEqual(incomeExpenseFilter('out', thisMonth, range, 'GBP'));
  });

  it('a spending-trend cell opens that category in that month, grouped as the donut', async () => {
    const api = dashboardApi();
    const points: SpendingTrendPointDTO[] = seven.map((c) => ({ month: thisMonth, currency: 'GBP', categoryId: c.categoryId, name: c.name, minor: c.minor }));
    api.spendingTrend.mockResolvedValue(points);
    api.spendingByCategory.mockResolvedValue([{ currency: 'GBP', items: seven, pendingMinor: 0 }]);
    renderWith(api);
    const trend = await screen.findByRole('region', { name: 'Spending trend by month' });
    // seven categories: the donut shows the seventh by name, so the trend does too (not "Other")
    const headers = (await within(trend).findAllByRole('columnheader')).map((h) => h.textContent);
    expect(headers).toEqual(['Month', ...seven.map((c) => c.name)]);
    const donut = await screen.findByRole('list', { name: 'Spending by category' });
    expect(within(donut).getByText('Category 6')).toBeTruthy();
    fireEvent.click(within(trend).getByRole('button', { name: /^Show Category 6 in / }));
    expect(drilled().filter).toEqual(trendBarFilter(['c6'], thisMonth, range, 'GBP'));
  });

  it('a cash-flow node opens its category; the card says what was saved and the savings rate', async () => {
    const api = dashboardApi();
    const flow: CashFlowDTO = {
      currency: 'GBP',
      incomeMinor: 300000,
      expensesMinor: 225000,
      savedMinor: 75000,
      savingsRate: 0.25,
      previous: { incomeMinor: 300000, expensesMinor: 270000 },
      income: [{ categoryId: 'income', name: 'Income', minor: 300000 }],
      spending: [
        { categoryId: 'housing', name: 'Housing', color: '#9c6644', minor: 150000 },
        { categoryId: 'groceries', name: 'Groceries', color: '#2e7d32', minor: 75000 },
      ],
    };
    api.cashFlow.mockResolvedValue([flow]);
    renderWith(api);
    const card = await screen.findByRole('region', { name: 'Cash flow' });
    await waitFor(() => expect(within(card).getByTestId('savings-rate-GBP').textContent).toBe('Saved £750.00 — a savings rate of 25% of income (10% last month)'));
    fireEvent.click(within(card).getByRole('button', { name: 'Show Housing spending' }));
    expect(drilled().filter).toMatchObject({ categoryIds: ['housing'], direction: 'out', currency: 'GBP', status: 'booked', excludeTransfers: true });
  });
});

describe('the transaction list of a drill-down', () => {
  it('lists exactly the filter, says what it is, shows the filtered total and goes back', async () => {
    const api = createFakeApi();
    api.listTransactions.mockResolvedValue({ rows: [], nextCursor: null, total: 3, totals: [{ currency: 'GBP', minor: -14500 }] });
    const filter = merchantFilter('Tesco', range, 'GBP');
    window.location.hash = `#/transactions?${encodeDrillDown({ filter, label: 'Tesco: spending in GBP, this month', back: 'dashboard' }).toString()}`;
    renderWith(api, 'transactions');
    await waitFor(() => expect(api.listTransactions).toHaveBeenCalled());
    expect(api.listTransactions.mock.calls[0][0]).toMatchObject({ ...filter, sort: 'date_desc' });
    const bar = screen.getByRole('region', { name: 'Showing the transactions behind a figure' });
    expect(within(bar).getByText('Tesco: spending in GBP, this month')).toBeTruthy();
    expect((await screen.findByTestId('filtered-total-GBP')).textContent).toBe('-£145.00');
    fireEvent.click(within(bar).getByRole('button', { name: '← Back to the dashboard' }));
    expect(window.location.hash).toBe('#/dashboard');
  });

  it('keeps the dashboard’s range when coming back from a drill-down', async () => {
    const api = dashboardApi();
    api.topMerchants.mockResolvedValue([{ merchant: 'Tesco', currency: 'GBP', minor: 14500, count: 3 }]);
    renderWith(api);
    fireEvent.click(await screen.findByRole('button', { name: '12 months' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Show the 3 transactions at Tesco' }));
    cleanup();
    renderWith(api);
    expect((await screen.findByRole('button', { name: '12 months' })).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('the dashboard’s picture', () => {
  it('with a home currency: net worth, assets, liabilities, the rates, what is left out, and each currency one click away', async () => {
    const api = dashboardApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'GBP', currenciesInUse: ['GBP', 'EUR', 'CHF'] }));
    api.netWorthSummary.mockResolvedValue(
      netWorthSummary({
        assetsMinor: 1_040_000,
        liabilitiesMinor: 23_456,
        netMinor: 1_016_544,
        ratesNote: 'Rates from 27 Nov 2026 (ECB)',
        unconverted: ['CHF'],
        byCurrency: [
          { currency: 'GBP', assetsMinor: 173_456, liabilitiesMinor: 23_456, netMinor: 150_000, homePerUnit: null, rateDay: null, rateSource: null },
          { currency: 'EUR', assetsMinor: 1_000_050, liabilitiesMinor: 0, netMinor: 1_000_050, homePerUnit: 0.8666, rateDay: '2026-11-27', rateSource: 'ecb' },
        ],
      }),
    );
    api.netWorthHome.mockResolvedValue({
      currency: 'GBP',
      points: [{ date: range.from, assetsMinor: 100, liabilitiesMinor: 50, netMinor: 50 }, { date: range.to, assetsMinor: 200, liabilitiesMinor: 50, netMinor: 150 }],
      ratesNote: 'Rates from 27 Nov 2026 (ECB)',
      unconverted: [],
    });
    renderWith(api);
    expect((await screen.findByTestId('net-worth-home')).textContent).toBe('£10,165.44');
    expect(screen.getByTestId('assets-home').textContent).toBe('£10,400.00');
    expect(screen.getByTestId('liabilities-home').textContent).toBe('£234.56');
    expect(screen.getByText('Rates from 27 Nov 2026 (ECB)')).toBeTruthy();
    expect(screen.getByText(/Not included: accounts in CHF, because MyBucks has no exchange rate to GBP for it\. Add a rate in Settings → Currency/)).toBeTruthy();
    expect(screen.getByText('Per currency')).toBeTruthy();
    expect(screen.getByTestId('net-EUR-own').textContent).toBe('€10,000.50');
    await screen.findByRole('region', { name: 'Net worth over time in GBP' });
    expect(api.netWorthHome).toHaveBeenCalled();
    expect(api.netWorth).not.toHaveBeenCalled();
  });

  it('a net-worth point opens that day’s transactions from the keyboard, through the chart’s table', async () => {
    const api = dashboardApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'GBP' }));
    api.netWorthHome.mockResolvedValue({
      currency: 'GBP',
      points: [{ date: range.from, assetsMinor: 100, liabilitiesMinor: -50, netMinor: 50 }, { date: range.to, assetsMinor: 200, liabilitiesMinor: -50, netMinor: 150 }],
      ratesNote: '',
      unconverted: [],
    });
    renderWith(api);
    const card = await screen.findByRole('region', { name: 'Net worth over time in GBP' });
    const table = await within(card).findByRole('table');
    const cells = within(table).getAllByRole('row').map((r) => r.textContent);
    expect(cells[1]).toBe(`${formatDay(range.to)}£1.50£2.00£0.50`);
    fireEvent.click(within(table).getByRole('button', { name: `Show the transactions booked on ${formatDay(range.from)}` }));
    expect(drilled().filter).toEqual(netWorthDayFilter(range.from, null));
  });

  it('the net-worth table keeps each month’s last day when the series is long', () => {
    const points = Array.from({ length: 90 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), minor: i }));
    expect(netWorthRows(points).map((p) => p.date)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(netWorthRows(points.slice(0, 40))).toHaveLength(40);
  });

  it('the chart currency stays the user’s (or the home currency) when a bank in another currency is linked', async () => {
    const api = dashboardApi();
    renderWith(api);
    const select = (await screen.findByLabelText('Chart currency')) as HTMLSelectElement;
    expect(select.value).toBe('GBP');
    const usd = Array.from({ length: 4 }, (_, i) => account({ id: `u${i}`, providerId: 'summit', providerName: 'Summit', currency: 'USD', balanceMinor: 100 }));
    api.balancesByBank.mockResolvedValue([...twoBanks, { providerId: 'summit', providerName: 'Summit', color: '#000', accounts: usd, totals: [{ currency: 'USD', minor: 400 }] }]);
    act(() => api.emit({ type: 'connections-changed' }));
    await waitFor(() => expect([...select.options].map((o) => o.value)).toContain('USD'));
    expect(select.value).toBe('GBP');
    fireEvent.change(select, { target: { value: 'EUR' } });
    expect(select.value).toBe('EUR');
  });

  it('the home currency is the chart currency when it is one of the accounts’', async () => {
    const api = dashboardApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'EUR' }));
    renderWith(api);
    const select = (await screen.findByLabelText('Chart currency')) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('EUR'));
  });

  it('spending says what is pending, and compares with last month', async () => {
    const api = dashboardApi();
    api.spendingByCategory.mockResolvedValue([{ currency: 'GBP', items: seven, pendingMinor: 1050 }]);
    renderWith(api);
    expect((await screen.findByTestId('pending-GBP')).textContent).toBe('plus £10.50 pending (not counted until the bank books it)');
    const list = screen.getByRole('list', { name: 'Spending by category' });
    expect(within(list).getAllByRole('listitem')[0].textContent).toBe('Category 0£70.00up 100% vs last month');
    fireEvent.click(screen.getByRole('button', { name: 'Show the pending transactions: £10.50' }));
    expect(drilled().filter).toMatchObject({ status: 'pending', direction: 'out', currency: 'GBP' });
  });

  it('income and expenses compare with the period before', async () => {
    const api = dashboardApi();
    api.incomeVsExpenses.mockResolvedValue([{ month: thisMonth, currency: 'GBP', incomeMinor: 300000, expensesMinor: 135000 }]);
    api.cashFlow.mockResolvedValue([
      { currency: 'GBP', incomeMinor: 300000, expensesMinor: 135000, savedMinor: 165000, savingsRate: 0.55, previous: { incomeMinor: 300000, expensesMinor: 270000 }, income: [], spending: [] },
    ]);
    renderWith(api);
    const card = await screen.findByRole('region', { name: 'Income vs expenses' });
    await waitFor(() => expect(within(card).getByText('down 50% vs last month')).toBeTruthy());
    expect(within(card).getByText('same as last month')).toBeTruthy();
  });

  it('refuses a reversed custom range with a message, and keeps charting the last good one', async () => {
    const api = dashboardApi();
    renderWith(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Custom' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-31' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The start date (2026-12-31) is after the end date');
    expect(alert.textContent).toContain('Choose a "From" date on or before the "To" date.');
    expect(api.spendingByCategory.mock.calls.every(([r]) => r.from <= r.to)).toBe(true);
    expect(api.netWorth.mock.calls.every(([r]) => r.from <= r.to)).toBe(true);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('draws a single balance as one marked point, and says so', async () => {
    const api = dashboardApi();
    api.netWorth.mockResolvedValue([{ currency: 'GBP', points: [{ date: range.to, minor: 150000 }] }]);
    renderWith(api);
    expect(await screen.findByText(/^One balance so far: £1,500\.00 on /)).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Net worth in GBP: one balance so far, £1,500\.00 on / })).toBeTruthy();
  });
});

describe('chart data', () => {
  it('the donut and the trend group categories the same way', () => {
    const points: SpendingTrendPointDTO[] = seven.flatMap((c) => [
      { month: '2026-10', currency: 'GBP', categoryId: c.categoryId, name: c.name, minor: c.minor / 2 },
      { month: '2026-11', currency: 'GBP', categoryId: c.categoryId, name: c.name, minor: c.minor / 2 },
    ]);
    const donut = topCategories([{ currency: 'GBP', items: seven, pendingMinor: 0 }], 'GBP').map((s) => s.name);
    const trend = trendGroups(points, 'GBP', new Map()).map((s) => s.name);
    expect(trend).toEqual(donut);
    expect(trend).toContain('Category 6');
    const eight = [...points, { month: '2026-11', currency: 'GBP', categoryId: 'c7', name: 'Category 7', minor: 1 }];
    const items8 = [...seven, { categoryId: 'c7', name: 'Category 7', color: '#000', minor: 1, previousMinor: 0 }];
    expect(trendGroups(eight, 'GBP', new Map()).map((s) => s.name)).toEqual(topCategories([{ currency: 'GBP', items: items8, pendingMinor: 0 }], 'GBP').map((s) => s.name));
  });

  it('the month axis has every month, and years when the months span more than one year', () => {
    const axis = monthAxis([
      { month: '2025-11', x: 1 },
      { month: '2026-02', x: 2 },
    ]);
    expect(axis.rows.map((r) => r.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(axis.withYears).toBe(true);
    expect(axis.interval).toBe(0);
    const all = monthAxis([
      { month: '2023-01', x: 1 },
      { month: '2026-11', x: 1 },
    ]);
    expect(all.rows).toHaveLength(47);
    expect(all.interval).toBe(3); // every 4th month labelled, evenly
    expect(monthAxis([{ month: '2026-03' }, { month: '2026-05' }]).withYears).toBe(false);
  });

  it('the cash flow names each node once, also when the income category is called Income', () => {
    const flow: CashFlowDTO = {
      currency: 'GBP',
      incomeMinor: 300000,
      expensesMinor: 320000,
      savedMinor: -20000,
      savingsRate: -0.0667,
      previous: { incomeMinor: 0, expensesMinor: 0 },
      income: [{ categoryId: 'income', name: 'Income', minor: 300000 }],
      spending: [{ categoryId: 'housing', name: 'Housing', color: '#9c6644', minor: 320000 }],
    };
    const names = flowNodes(flow).nodes.map((n) => n.name);
    expect(names).toEqual(['Income', 'Money in', 'From savings', 'Housing']);
    expect(new Set(names).size).toBe(names.length);
  });
});
