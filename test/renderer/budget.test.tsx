/**
 * The budget page and the dashboard's budget card: figures in words (spent with its pending part, left or
 * over, pace), keyboard editing of amounts, the month picker, drill-down into exactly the rows behind a
 * "spent", the group tools, the year grid.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { ApiError } from '../../src/renderer/src/api/errors';
import { Budget } from '../../src/renderer/src/pages/Budget';
import { Dashboard } from '../../src/renderer/src/pages/Dashboard';
import { currentMonth, paceSentence } from '../../src/renderer/src/pages/budget/budget-text';
import { decodeDrillDown } from '../../src/renderer/src/lib/drill-route';
import { parseRoute, routeQuery } from '../../src/renderer/src/lib/router';
import { budgetSpentFilter } from '../../src/shared/budget-drill';
import { budgetLine, budgetMonth, spent } from './budget-fixture';
import { createFakeApi, twoBanks } from './fake-api';
import { giveElementsASize } from './setup';

let restoreSize: () => void;
beforeEach(() => {
  restoreSize = giveElementsASize();
  window.location.hash = '#/budget?month=2026-11';
});
afterEach(() => {
  cleanup();
  restoreSize();
});

function renderBudget(api = createFakeApi()) {
  render(
    <ApiProvider api={api}>
      <Budget />
    </ApiProvider>,
  );
  return api;
}

const amountOf = (name: string) => screen.getByRole('textbox', { name: `${name} budget for ${new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date('2026-11-01T00:00:00Z'))}` }) as HTMLInputElement;
const rowOf = (name: string) => screen.getByRole('rowheader', { name }).closest('tr')!;

describe('the budget page', () => {
  it('shows each group and category with budgeted, spent (and its pending part), left or over in words, and the pace', async () => {
    const api = renderBudget();
    await screen.findByRole('rowheader', { name: 'Groceries' });
    expect(api.getBudgetMonth).toHaveBeenCalledWith({ month: '2026-11' });
    expect(screen.getAllByRole('rowheader').map((h) => h.textContent)).toEqual(expect.arrayContaining(['Housing', 'Groceries', 'Transport', 'Eating out', 'Uncategorised']));
    const groceries = within(rowOf('Groceries'));
    expect(amountOf('Groceries').value).toBe('400.00');
    expect(groceries.getByText('of which £24.00 pending')).toBeTruthy();
    expect(groceries.getByText('£88.00 left')).toBeTruthy();
    expect(groceries.getByText('78% used')).toBeTruthy();
    expect(groceries.getByText('At this rate: £430.00 of £400.00')).toBeTruthy();
    expect(screen.getByText(/^At this rate you will spend £1,500\.00 of £1,470\.00 this month\.$/)).toBeTruthy();
    const eatingOut = within(rowOf('Eating out'));
    expect(eatingOut.getByText('£30.00 over')).toBeTruthy();
    expect(eatingOut.getByText('130%, over')).toBeTruthy();
    expect(within(rowOf('Transport')).getByText(/\+£20\.00 carried from/)).toBeTruthy();
    expect((within(rowOf('Transport')).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('budget-total-spent').textContent).toBe('£1,400.00');
    expect(screen.getByTestId('budget-total-left').textContent).toBe('£78.00 left');
    expect(screen.getByText('£8.00 of it in categories without a budget.')).toBeTruthy();
    expect(within(rowOf('Uncategorised')).getByText('Not budgeted')).toBeTruthy();
  });

  it('saves an amount with Enter, puts it back with Escape, saves on Tab (leaving the box) and moves with the arrow keys', async () => {
    const api = renderBudget();
    await screen.findByRole('rowheader', { name: 'Groceries' });
    const input = amountOf('Groceries');
    fireEvent.change(input, { target: { value: '999' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('400.00');
    fireEvent.blur(input);
    expect(api.setBudget).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: '£1,250.5' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(api.setBudget).toHaveBeenCalledWith({ month: '2026-11', categoryId: 'groceries', amountMinor: 125050, book: { currency: 'GBP', allCurrencies: true } }));

    const eatingOut = amountOf('Eating out');
    fireEvent.change(eatingOut, { target: { value: '' } });
    fireEvent.blur(eatingOut);
    await waitFor(() => expect(api.setBudget).toHaveBeenLastCalledWith({ month: '2026-11', categoryId: 'eating-out', amountMinor: null, book: { currency: 'GBP', allCurrencies: true } }));

    const transport = amountOf('Transport');
    transport.focus();
    fireEvent.keyDown(transport, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(amountOf('Groceries'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(transport);
  });

  it('refuses a negative or malformed amount beside the box, and shows what the main process refused', async () => {
    const api = renderBudget();
    await screen.findByRole('rowheader', { name: 'Groceries' });
    const input = amountOf('Groceries');
    fireEvent.change(input, { target: { value: '-5' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe('A budget cannot be negative. Enter 0 or more, or clear the box to remove it.');
    fireEvent.change(input, { target: { value: '12.345' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/at most 2 decimal places/);
    fireEvent.change(input, { target: { value: 'lots' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Enter an amount like 400\.00/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(api.setBudget).not.toHaveBeenCalled();

    api.setBudget.mockRejectedValueOnce(new ApiError({ code: 'not_found', message: 'There is no category "groceries". Reload the Budget page to see the current categories.' }));
    fireEvent.change(input, { target: { value: '10' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Reload the Budget page/);
  });

  it('moves between months and opens exactly the transactions behind a spent figure, with the way back', async () => {
    const api = renderBudget();
    await screen.findByRole('rowheader', { name: 'Groceries' });
    fireEvent.click(screen.getByRole('button', { name: /^Previous month/ }));
    await waitFor(() => expect(api.getBudgetMonth).toHaveBeenLastCalledWith({ month: '2026-10' }));
    fireEvent.click(screen.getByRole('button', { name: /^Next month/ }));
    fireEvent.click(screen.getByRole('button', { name: /^Next month/ }));
    await waitFor(() => expect(api.getBudgetMonth).toHaveBeenLastCalledWith({ month: '2026-12' }));
    await waitFor(() => expect(routeQuery(window.location.hash).get('month')).toBe('2026-12'));

    const groceries = await screen.findByRole('button', { name: /^Groceries: £312\.00 spent/ });
    fireEvent.click(groceries);
    expect(parseRoute(window.location.hash)).toBe('transactions');
    const drill = decodeDrillDown(routeQuery(window.location.hash))!;
    expect(drill.filter).toEqual(budgetSpentFilter(['groceries'], '2026-12', { currency: 'GBP', allCurrencies: true }));
    expect(drill.filter).toMatchObject({ from: '2026-12-01', to: '2026-12-31', direction: 'out', excludeTransfers: true });
    expect(drill.filter.status).toBeUndefined();
    expect(drill.back).toBe('budget');
  });

  it('chooses a one-currency book, copies last month, sets from the average and says what it did', async () => {
    const api = renderBudget();
    await screen.findByRole('rowheader', { name: 'Groceries' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Currency' }), { target: { value: 'USD.only' } });
    await waitFor(() => expect(api.getBudgetMonth).toHaveBeenLastCalledWith({ month: '2026-11', book: { currency: 'USD', allCurrencies: false } }));
    await screen.findByRole('rowheader', { name: 'Groceries' });
    fireEvent.click(screen.getByRole('button', { name: 'Copy last month' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^Copied 4 amounts from/);
    expect(api.copyLastMonthBudget).toHaveBeenCalledWith({ month: '2026-11', book: { currency: 'USD', allCurrencies: false } });
    expect(routeQuery(window.location.hash).get('book')).toBe('USD.only');
    fireEvent.click(screen.getByRole('button', { name: 'Set from 3-month average' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Set 3 categories from the average of the 3 months before.'));

    api.copyLastMonthBudget.mockRejectedValueOnce(new ApiError({ code: 'invalid_input', message: 'There is no budget in October 2026 to copy.' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy last month' }));
    expect((await screen.findByRole('alert')).textContent).toBe('There is no budget in October 2026 to copy.');
  });

  it('turns carry-over on, moves a category to another group, and creates, renames and deletes groups', async () => {
    const api = renderBudget();
    await screen.findByRole('rowheader', { name: 'Groceries' });
    fireEvent.click(within(rowOf('Groceries')).getByRole('checkbox', { name: /Carry over what is left of Groceries/ }));
    await waitFor(() => expect(api.setBudgetCarryover).toHaveBeenCalledWith({ categoryId: 'groceries', month: '2026-11', enabled: true, book: { currency: 'GBP', allCurrencies: true } }));

    fireEvent.change(screen.getByRole('combobox', { name: 'Group of Groceries' }), { target: { value: 'fun' } });
    await waitFor(() => expect(api.moveCategoryToGroup).toHaveBeenCalledWith({ categoryId: 'groceries', groupId: 'fun' }));

    fireEvent.change(screen.getByRole('textbox', { name: 'New group' }), { target: { value: 'Kids' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add group' }));
    await waitFor(() => expect(api.createCategoryGroup).toHaveBeenCalledWith({ name: 'Kids' }));

    fireEvent.click(screen.getByRole('button', { name: 'Rename Fun' }));
    const name = screen.getByRole('textbox', { name: 'New name for Fun' });
    fireEvent.change(name, { target: { value: 'Treats' } });
    fireEvent.keyDown(name, { key: 'Enter' });
    await waitFor(() => expect(api.renameCategoryGroup).toHaveBeenCalledWith({ groupId: 'fun', name: 'Treats' }));

    fireEvent.click(screen.getByRole('button', { name: 'Delete Bills' }));
    expect(screen.getByRole('group', { name: 'Delete Bills?' }).textContent).toMatch(/Its categories stay, in no group/);
    fireEvent.click(screen.getByRole('button', { name: 'Delete group' }));
    await waitFor(() => expect(api.deleteCategoryGroup).toHaveBeenCalledWith({ groupId: 'bills' }));
  });

  it('shows the year at a glance with overspent months marked in words', async () => {
    const api = createFakeApi();
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    api.getBudgetYear.mockResolvedValue({
      year: 2026,
      book: { currency: 'GBP', allCurrencies: true },
      months,
      rows: [{ categoryId: 'groceries', name: 'Groceries', groupName: 'Everyday', cells: months.map((m, i) => ({ month: m, budgetedMinor: i < 10 ? 40000 : null, spentMinor: i === 2 ? 45000 : 30000 })) }],
      totals: months.map((m) => ({ month: m, budgetedMinor: 40000, spentMinor: 30000 })),
      unconverted: [],
      ratesNote: '',
    });
    renderBudget(api);
    await screen.findByRole('rowheader', { name: 'Groceries' });
    fireEvent.click(screen.getByRole('button', { name: 'Year' }));
    await waitFor(() => expect(api.getBudgetYear).toHaveBeenCalledWith({ year: 2026 }));
    const march = await screen.findByRole('button', { name: /^Groceries, Mar 2026: £450\.00 spent, over budget/ });
    expect(march.closest('td')!.textContent).toBe('£450of £400 over');
    expect(screen.getAllByText('no budget')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Open Nov 2026' }));
    await screen.findByRole('textbox', { name: /Groceries budget for/ });
  });
});

describe('the dashboard budget card', () => {
  it("shows this month's budgeted, spent (with pending) and left, and the categories most over, each opening its transactions", async () => {
    window.location.hash = '#/dashboard';
    const api = createFakeApi();
    api.balancesByBank.mockResolvedValue(twoBanks);
    const month = currentMonth();
    api.getBudgetMonth.mockImplementation(async () => {
      const m = budgetMonth({ month });
      m.groups[0].lines.push(budgetLine({ categoryId: 'bills', name: 'Bills & utilities', budgetedMinor: 5000, spent: spent(25000) }));
      return m;
    });
    render(
      <ApiProvider api={api}>
        <Dashboard />
      </ApiProvider>,
    );
    const card = within((await screen.findByRole('heading', { name: /^Budget, / })).closest('section')!);
    expect(api.getBudgetMonth).toHaveBeenCalledWith({ month });
    // the card's heading is drawn while its month still loads
    expect((await card.findByTestId('budget-card-spent')).textContent).toBe('£1,400.00');
    expect(card.getByText('of which £24.00 pending')).toBeTruthy();
    expect(card.getByTestId('budget-card-left').textContent).toBe('£78.00 left');
    const most = card.getByRole('list', { name: 'Categories most over budget' });
    expect(within(most).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Bills & utilities£200.00 over', 'Eating out£30.00 over']);
    fireEvent.click(within(most).getByRole('button', { name: /^Eating out: £30\.00 over/ }));
    const drill = decodeDrillDown(routeQuery(window.location.hash))!;
    expect(drill.filter).toEqual(budgetSpentFilter(['eating-out'], month, { currency: 'GBP', allCurrencies: true }));
    expect(drill.back).toBe('dashboard');
  });

  it('says how to start when the month has no budget', async () => {
    window.location.hash = '#/dashboard';
    const api = createFakeApi();
    api.getBudgetMonth.mockImplementation(async ({ month }: { month: string }) =>
      budgetMonth({ month, groups: [], totals: { availableMinor: 0, spent: spent(0), budgetedSpentMinor: 0, leftMinor: 0, pace: null } }),
    );
    render(
      <ApiProvider api={api}>
        <Dashboard />
      </ApiProvider>,
    );
    expect(await screen.findByText('No budget for this month yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Budget page' }).getAttribute('href')).toBe(`#/budget?month=${currentMonth()}`);
  });
});

it('paces a month against what was budgeted, and says nothing when nothing was', () => {
  const pace = { projectedMinor: 43000, elapsedDays: 15, daysInMonth: 30 };
  expect(paceSentence(pace, 40000, 'GBP')).toBe('At this rate you will spend £430.00 of £400.00 this month.');
  expect(paceSentence({ ...pace, projectedMinor: 0 }, 0, 'GBP')).toBeNull();
  expect(paceSentence(null, 40000, 'GBP')).toBeNull();
});
