import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { App } from '../../src/renderer/src/App';
import { Bills } from '../../src/renderer/src/pages/Bills';
import { decodeDrillDown } from '../../src/renderer/src/lib/drill-route';
import { routeQuery } from '../../src/renderer/src/lib/router';
import { formatMoney } from '../../src/renderer/src/lib/money';
import { createFakeApi } from './fake-api';
import { recurringOverview } from './recurring-fixture';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function renderBills(api = createFakeApi()) {
  render(
    <ApiProvider api={api}>
      <Bills />
    </ApiProvider>,
  );
  return api;
}

const card = (title: string) => screen.getByRole('region', { name: title });

describe('Bills page: suggestions', () => {
  it('shows each suggestion with its flags in words and confirms or dismisses it', async () => {
    const api = renderBills();
    const suggestions = await screen.findByRole('region', { name: 'Suggestions' });
    expect(within(suggestions).getByText(`Price rise from ${formatMoney(799, 'GBP')} to ${formatMoney(1099, 'GBP')}`)).toBeTruthy();
    fireEvent.click(within(suggestions).getByRole('button', { name: 'Confirm Disney+' }));
    await waitFor(() => expect(api.confirmRecurring).toHaveBeenCalledWith({ seriesId: '4' }));
    fireEvent.click(within(suggestions).getByRole('button', { name: 'Dismiss Acme Analytics Ltd Salary' }));
    await waitFor(() => expect(api.dismissRecurring).toHaveBeenCalledWith({ seriesId: '5' }));
  });

  it('says what went wrong when confirming fails', async () => {
    const api = createFakeApi();
    api.confirmRecurring.mockRejectedValue(Object.assign(new Error('That bill or subscription is no longer in MyBucks. Reload the Bills page.'), { code: 'not_found' }));
    renderBills(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm Disney+' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Disney+ was not confirmed: That bill or subscription is no longer in MyBucks. Reload the Bills page.');
  });

  it('edits the name, amount and cadence (saving confirms), and refuses an amount that is not one without calling MyBucks', async () => {
    const api = renderBills();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Disney+' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Amount each time (GBP)'), { target: { value: 'ten' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save and confirm' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/“ten” is not an amount MyBucks can expect/);
    expect(api.editRecurring).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Amount each time (GBP)'), { target: { value: '12.49' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Disney Plus' } });
    fireEvent.change(within(dialog).getByLabelText('How often'), { target: { value: 'yearly' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save and confirm' }));
    await waitFor(() => expect(api.editRecurring).toHaveBeenCalledWith({ seriesId: '4', name: 'Disney Plus', expectedMinor: 1249, cadence: 'yearly' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('Bills page: what is due', () => {
  it('lists the payments expected in the next 30 days, not those paid or later', async () => {
    renderBills();
    const due = await screen.findByRole('region', { name: 'Due in the next 30 days' });
    const data = recurringOverview();
    const expected = data.occurrences.filter((o) => !o.paid && o.day >= data.today && o.day <= '2026-12-20');
    const items = within(within(due).getAllByRole('list')[0]).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.upcoming-name')?.firstChild?.textContent)).toEqual(expected.map((o) => o.name));
    expect(items.map((li) => li.querySelector('.money')?.textContent)).toEqual(expected.map((o) => formatMoney(o.direction === 'in' ? o.amountMinor : -o.amountMinor, 'GBP')));
    expect(within(due).queryByText('Acme Analytics Ltd Salary', { exact: false })).toBeTruthy();
  });

  it('shows the totals of each month', async () => {
    renderBills();
    const due = await screen.findByRole('region', { name: 'Due in the next 30 days' });
    for (const t of recurringOverview().monthTotals) {
      const row = within(due)
        .getAllByRole('row')
        .find((r) => r.textContent?.includes(t.month === '2026-11' ? 'Nov' : 'Dec'))!;
      expect(row.textContent).toContain(formatMoney(-t.billsMinor, 'GBP'));
      expect(row.textContent).toContain(formatMoney(t.incomeMinor, 'GBP'));
    }
  });

  it('gives each subscription its yearly cost and totals what is still running', async () => {
    renderBills();
    await screen.findByRole('region', { name: 'Subscriptions' });
    const confirmedOut = recurringOverview().series.filter((s) => s.status === 'confirmed' && s.direction === 'out');
    for (const s of confirmedOut.filter((x) => x.state !== 'ended')) expect(screen.getByTestId(`yearly-${s.id}`).textContent).toBe(formatMoney(-s.yearlyMinor, 'GBP'));
    const running = confirmedOut.filter((s) => s.state !== 'ended').reduce((a, s) => a + s.yearlyMinor, 0);
    expect(screen.getByTestId('yearly-total-GBP').textContent).toBe(formatMoney(-running, 'GBP'));
    const subs = card('Subscriptions');
    expect(within(subs).getByText(/^Missed: was due/)).toBeTruthy();
    expect(within(subs).getByText(/^Cancelled: last paid/)).toBeTruthy();
    expect(within(subs).getByText('New')).toBeTruthy();
    expect(within(card('Income')).queryByText('Foxtons Lettings Rent')).toBeNull();
  });

  it('opens a series’ transactions as a drill-down that comes back to the bills', async () => {
    renderBills();
    fireEvent.click(await screen.findByRole('button', { name: 'Foxtons Lettings Rent: show its 24 transactions' }));
    const drill = decodeDrillDown(routeQuery(window.location.hash));
    expect(window.location.hash.startsWith('#/transactions?')).toBe(true);
    expect(drill).toEqual({ filter: { recurringSeriesId: '1' }, label: 'Foxtons Lettings Rent: every payment', back: 'bills' });
  });
});

describe('Bills page: calendar', () => {
  it('moves between days and months with the keyboard and says what falls on each day', async () => {
    renderBills();
    const cal = await screen.findByRole('grid', { name: /Nov 2026/ });
    const today = within(cal).getByRole('button', { current: 'date' });
    expect(today.getAttribute('tabindex')).toBe('0');
    expect(today.getAttribute('aria-label')).toMatch(/^Friday .*, today: no bills$/);
    today.focus();
    fireEvent.keyDown(today, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-day')).toBe('2026-11-28'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-day')).toBe('2026-11-29'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-day')).toBe('2026-11-30'));
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(new RegExp(`Direct Line Insurance ${formatMoney(38_940, 'GBP').replace(/[.$]/g, '\\$&')} expected`));
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    await screen.findByRole('grid', { name: /Dec 2026/ });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-day')).toBe('2026-12-30'));
    // December is the last month MyBucks projects: no further
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement?.getAttribute('data-day')).toBe('2026-12-30');
    expect(screen.getByRole('button', { name: 'Next month' })).toHaveProperty('disabled', true);

    const third = screen.getByRole('button', { name: /Disney\+ .* expected/ });
    fireEvent.click(third);
    expect(third.closest('td')?.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('heading', { name: /Thursday .*Dec/ })).toBeTruthy();
  });
});

describe('Bills in the app', () => {
  it('is in the navigation and opens from it', async () => {
    window.location.hash = '#/bills';
    render(
      <ApiProvider api={createFakeApi()}>
        <App />
      </ApiProvider>,
    );
    expect((await screen.findByRole('link', { name: 'Bills' })).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { name: 'Bills and subscriptions', level: 1 })).toBeTruthy();
  });

  it('says so when there is nothing yet', async () => {
    const api = createFakeApi();
    api.recurringOverview.mockResolvedValue({ today: '2026-11-20', series: [], occurrences: [], monthTotals: [] });
    renderBills(api);
    expect(await screen.findByText('No recurring bills found yet')).toBeTruthy();
  });
});
