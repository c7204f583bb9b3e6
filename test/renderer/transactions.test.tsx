import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransactionQuery } from '../../src/shared/contract';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { ROW_HEIGHT, Transactions } from '../../src/renderer/src/pages/Transactions';
import { account, createFakeApi, transaction } from './fake-api';
import { giveElementsASize } from './setup';

let restoreSize: () => void;
beforeEach(() => {
  restoreSize = giveElementsASize(640);
});
afterEach(() => {
  cleanup();
  restoreSize();
});

const MILLION = 1_000_000;

/** A fake paged store of `total` rows: cursor "n" means "rows from index n"; an offset starts there too. */
function pagedApi(total: number) {
  const api = createFakeApi();
  api.listTransactions.mockImplementation(async (q: TransactionQuery) => {
    if (q.cursor && q.offset !== undefined) throw new Error('Give a cursor or an offset, not both');
    const start = q.cursor ? Number(q.cursor) : (q.offset ?? 0);
    const limit = q.limit ?? 100;
    const end = Math.min(start + limit, total);
    const rows = Array.from({ length: end - start }, (_, i) => transaction(start + i));
    return { rows, nextCursor: end < total ? String(end) : null, total };
  });
  return api;
}

function renderPage(api: ReturnType<typeof createFakeApi>) {
  return render(
    <ApiProvider api={api}>
      <Transactions />
    </ApiProvider>,
  );
}

function scrollTo(el: HTMLElement, top: number) {
  Object.defineProperty(el, 'scrollTop', { configurable: true, writable: true, value: top });
  fireEvent.scroll(el);
}

describe('Transactions', () => {
  it('renders only a window of rows out of a million and pages by cursor on scroll', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    const table = await screen.findByRole('table', { name: 'Transactions' });
    await within(table).findByText('Shop 0');
    expect(screen.getByText('1,000,000 transactions')).toBeTruthy();
    expect(api.listTransactions).toHaveBeenCalledTimes(1);
    expect(api.listTransactions.mock.calls[0][0]).toMatchObject({ cursor: null, limit: 200, sort: 'date_desc' });

    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    // the scroll height stands for all rows, though only a few exist
    const body = screen.getByTestId('transactions-scroll').firstElementChild as HTMLElement;
    expect(body.style.height).toBe(`${MILLION * ROW_HEIGHT}px`);

    // scroll near the end of the first page: the next page is asked for with the cursor
    scrollTo(screen.getByTestId('transactions-scroll'), 170 * ROW_HEIGHT);
    await waitFor(() => expect(api.listTransactions).toHaveBeenCalledTimes(2));
    expect(api.listTransactions.mock.calls[1][0]).toMatchObject({ cursor: '200', limit: 200 });
    await within(table).findByText('Shop 190');
    expect(within(table).getAllByRole('row').length).toBeLessThan(100);
  });

  it('does not fetch more while the visible rows are far from the end of what is loaded', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    await screen.findByText('Shop 0');
    scrollTo(screen.getByTestId('transactions-scroll'), 20 * ROW_HEIGHT);
    await screen.findByText('Shop 30');
    expect(api.listTransactions).toHaveBeenCalledTimes(1);
  });

  /** The calls after the first page, as { cursor, offset, limit }. */
  const callsAfterFirst = (api: ReturnType<typeof createFakeApi>) =>
    api.listTransactions.mock.calls.slice(1).map(([q]) => ({ cursor: q.cursor, offset: q.offset, limit: q.limit }));
  const rowElements = () => within(screen.getByRole('table', { name: 'Transactions' })).getAllByRole('row');

  it('jumps to the middle of a million rows with one offset request, then scrolls on by cursor', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    await screen.findByText('Shop 0');
    const scroller = screen.getByTestId('transactions-scroll');
    scrollTo(scroller, 500_100 * ROW_HEIGHT);
    // placeholders hold the place of rows not fetched yet
    expect(rowElements().some((r) => r.getAttribute('aria-busy') === 'true')).toBe(true);
    await screen.findByText('Shop 500100');
    expect(screen.getByText('Shop 500100').closest('[role="row"]')?.getAttribute('aria-rowindex')).toBe(String(500_100 + 2));
    expect(callsAfterFirst(api)).toEqual([{ cursor: undefined, offset: 500_000, limit: 200 }]);
    expect(rowElements().length).toBeLessThan(100);
    expect(rowElements().every((r) => r.getAttribute('aria-busy') !== 'true')).toBe(true);

    // on towards the end of that page: the next one comes by the cursor the jump brought back
    scrollTo(scroller, 500_150 * ROW_HEIGHT);
    await waitFor(() => expect(api.listTransactions).toHaveBeenCalledTimes(3));
    expect(callsAfterFirst(api)[1]).toEqual({ cursor: '500200', offset: undefined, limit: 200 });
    scrollTo(scroller, 500_200 * ROW_HEIGHT);
    await screen.findByText('Shop 500210');
    expect(api.listTransactions).toHaveBeenCalledTimes(3);
    expect(rowElements().length).toBeLessThan(100);
  });

  it('fetches the pages on both sides of a page boundary in one request', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    await screen.findByText('Shop 0');
    scrollTo(screen.getByTestId('transactions-scroll'), 400_000 * ROW_HEIGHT);
    await screen.findByText('Shop 400000');
    expect(screen.getByText('Shop 399995')).toBeTruthy(); // overscan above the boundary
    expect(callsAfterFirst(api)).toEqual([{ cursor: undefined, offset: 399_800, limit: 400 }]);
  });

  it('while the scrollbar is dragged, fetches only where it stops', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    await screen.findByText('Shop 0');
    const scroller = screen.getByTestId('transactions-scroll');
    for (const row of [50_000, 120_000, 260_000, 410_000, 730_100]) scrollTo(scroller, row * ROW_HEIGHT);
    await screen.findByText('Shop 730100');
    expect(callsAfterFirst(api)).toEqual([{ cursor: undefined, offset: 730_000, limit: 200 }]);
  });

  it('drops pages far from the visible rows and fetches them again when they come back', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    await screen.findByText('Shop 0');
    const scroller = screen.getByTestId('transactions-scroll');
    scrollTo(scroller, 600_100 * ROW_HEIGHT);
    await screen.findByText('Shop 600100');
    scrollTo(scroller, 0);
    await screen.findByText('Shop 0');
    expect(callsAfterFirst(api)).toEqual([
      { cursor: undefined, offset: 600_000, limit: 200 },
      { cursor: null, offset: undefined, limit: 200 },
    ]);
  });

  it('starts again from the first page when the sort changes after a jump', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    await screen.findByText('Shop 0');
    scrollTo(screen.getByTestId('transactions-scroll'), 300_100 * ROW_HEIGHT);
    await screen.findByText('Shop 300100');
    const before = api.listTransactions.mock.calls.length;
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'amount_asc' } });
    await waitFor(() => expect(api.listTransactions.mock.calls.length).toBeGreaterThan(before));
    expect(api.listTransactions.mock.calls[before][0]).toMatchObject({ sort: 'amount_asc', cursor: null, limit: 200 });
    expect(api.listTransactions.mock.calls[before][0].offset).toBeUndefined();
  });

  it('says when a jump fails and fetches the same page again on Try again', async () => {
    const api = pagedApi(MILLION);
    const answer = api.listTransactions.getMockImplementation()!;
    api.listTransactions.mockImplementation(async (q: TransactionQuery) => {
      if (q.offset !== undefined && api.listTransactions.mock.calls.length === 2) throw new Error('The app stopped responding.');
      return answer(q);
    });
    renderPage(api);
    await screen.findByText('Shop 0');
    scrollTo(screen.getByTestId('transactions-scroll'), 200_100 * ROW_HEIGHT);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The app stopped responding.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByText('Shop 200100');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(callsAfterFirst(api)).toEqual([
      { cursor: undefined, offset: 200_000, limit: 200 },
      { cursor: undefined, offset: 200_000, limit: 200 },
    ]);
  });

  it('moves to the last of a million rows with End and back with Home', async () => {
    const api = pagedApi(MILLION);
    renderPage(api);
    const first = (await screen.findByText('Shop 0')).closest('[role="row"]') as HTMLElement;
    // happy-dom lays nothing out: the scroller's content height is what the browser would compute
    Object.defineProperty(screen.getByTestId('transactions-scroll'), 'scrollHeight', { configurable: true, value: MILLION * ROW_HEIGHT });
    first.focus();
    fireEvent.keyDown(first, { key: 'End' });
    // happy-dom moves scrollTop but, unlike a browser, sends no scroll event
    fireEvent.scroll(screen.getByTestId('transactions-scroll'));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-index')).toBe(String(MILLION - 1)));
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Shop 999999'));
    expect(callsAfterFirst(api).some((c) => c.offset !== undefined && c.offset <= 999_999 && c.offset + c.limit! > 999_999)).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    fireEvent.scroll(screen.getByTestId('transactions-scroll'));
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Shop 0'));
  });

  it('moves between rows with the arrow keys', async () => {
    const api = pagedApi(50);
    renderPage(api);
    const first = (await screen.findByText('Shop 0')).closest('[role="row"]') as HTMLElement;
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Shop 1'));
    // one row at a time is in the tab order, so Tab leaves the list instead of walking every row
    const tabbable = () => screen.getAllByRole('row').filter((r) => r.getAttribute('tabindex') === '0');
    await waitFor(() => expect(tabbable()).toEqual([document.activeElement]));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Shop 0').closest('[role="row"]')));
  });

  it('searches after the user pauses typing, from the first page again', async () => {
    const api = pagedApi(500);
    renderPage(api);
    await screen.findByText('Shop 0');
    fireEvent.change(screen.getByLabelText('Search transactions'), { target: { value: 'tesco' } });
    await waitFor(() => expect(api.listTransactions.mock.calls.at(-1)![0]).toMatchObject({ search: 'tesco', cursor: null }));
  });

  it('sends filters as query fields', async () => {
    const api = pagedApi(10);
    renderPage(api);
    await screen.findByText('Shop 0');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'pending' } });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: '__none__' } });
    await waitFor(() => expect(api.listTransactions.mock.calls.at(-1)![0]).toMatchObject({ status: 'pending', uncategorised: true, cursor: null }));
  });

  it('filters amounts as sizes of money out or in, in one currency', async () => {
    const api = pagedApi(10);
    api.listAccounts.mockResolvedValue([account({ id: 'a-gbp', currency: 'GBP' }), account({ id: 'a-gbp2', currency: 'GBP', name: 'Savings' }), account({ id: 'a-eur', currency: 'EUR', name: 'Euro' })]);
    renderPage(api);
    await screen.findByText('Shop 0');
    expect(screen.queryByLabelText('Min amount')).toBeNull();
    expect(screen.queryByLabelText('Currency')).toBeNull();
    // "spending over £100": typing a size picks money out and a currency, both shown
    fireEvent.change(screen.getByLabelText('Amount at least'), { target: { value: '100' } });
    await waitFor(() => expect((screen.getByLabelText('Direction') as HTMLSelectElement).value).toBe('out'));
    expect((screen.getByLabelText('Currency') as HTMLSelectElement).value).toBe('GBP');
    await waitFor(() =>
      expect(api.listTransactions.mock.calls.at(-1)![0]).toMatchObject({ direction: 'out', minAmountMinor: 10000, currency: 'GBP', cursor: null }),
    );
    expect(api.listTransactions.mock.calls.at(-1)![0]).not.toHaveProperty('maxAmountMinor');
    fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'in' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'EUR' } });
    fireEvent.change(screen.getByLabelText('Amount at most'), { target: { value: '-250.5' } });
    await waitFor(() =>
      expect(api.listTransactions.mock.calls.at(-1)![0]).toMatchObject({ direction: 'in', minAmountMinor: 10000, maxAmountMinor: 25050, currency: 'EUR' }),
    );
  });

  it('changes a category inline and calls setTransactionCategory', async () => {
    const api = pagedApi(3);
    renderPage(api);
    const select = await screen.findByLabelText('Category for Shop 1');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(4));
    fireEvent.change(select, { target: { value: 'groceries' } });
    await waitFor(() => expect(api.setTransactionCategory).toHaveBeenCalledWith({ transactionId: 'tx-1', categoryId: 'groceries' }));
    expect((screen.getByLabelText('Category for Shop 1') as HTMLSelectElement).value).toBe('groceries');
    expect((await screen.findByRole('status')).textContent).toContain('set to Groceries');
  });

  it('puts the category back and says so when saving it fails', async () => {
    const api = pagedApi(3);
    api.setTransactionCategory.mockRejectedValue(new Error('Transaction not found.'));
    renderPage(api);
    const select = await screen.findByLabelText('Category for Shop 2');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(4));
    fireEvent.change(select, { target: { value: 'groceries' } });
    expect((await screen.findByRole('status')).textContent).toContain('The category was not changed: Transaction not found.');
    expect((screen.getByLabelText('Category for Shop 2') as HTMLSelectElement).value).toBe('__none__');
  });

  it('creates a rule from a transaction opened with the keyboard', async () => {
    const api = pagedApi(3);
    renderPage(api);
    const row = (await screen.findByText('Shop 0')).closest('[role="row"]') as HTMLElement;
    await waitFor(() => expect(api.listCategories).toHaveBeenCalled());
    fireEvent.keyDown(row, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: 'Shop 0' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create rule from this transaction' }));
    const form = await screen.findByRole('form', { name: 'New rule' });
    fireEvent.change(within(form).getByLabelText('Set category'), { target: { value: 'eating-out' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
    await waitFor(() =>
      expect(api.createRule).toHaveBeenCalledWith({ field: 'merchant', op: 'contains', value: 'Shop 0', categoryId: 'eating-out', applyToExisting: true }),
    );
    expect((await screen.findByRole('status')).textContent).toContain('Rule saved. 42 transactions re-categorised.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says why a rule was not saved and lets the user try again', async () => {
    const api = pagedApi(3);
    api.createRule.mockRejectedValue(new Error('Unknown category.'));
    renderPage(api);
    const row = (await screen.findByText('Shop 0')).closest('[role="row"]') as HTMLElement;
    await waitFor(() => expect(api.listCategories).toHaveBeenCalled());
    fireEvent.keyDown(row, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: 'Shop 0' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create rule from this transaction' }));
    const form = await screen.findByRole('form', { name: 'New rule' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('The rule was not saved: Unknown category.');
    expect((within(form).getByRole('button', { name: 'Save rule' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('closes the transaction dialog with Escape', async () => {
    const api = pagedApi(3);
    renderPage(api);
    const row = (await screen.findByText('Shop 0')).closest('[role="row"]') as HTMLElement;
    fireEvent.keyDown(row, { key: ' ' });
    const dialog = await screen.findByRole('dialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('exports the filtered transactions as a CSV download', async () => {
    const api = pagedApi(3);
    const created: Blob[] = [];
    const originalCreate = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:fake';
    };
    try {
      renderPage(api);
      await screen.findByText('Shop 0');
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      });
      await waitFor(() => expect(created).toHaveLength(1));
      expect(api.exportTransactionsCsv).toHaveBeenCalledWith({ sort: 'date_desc' });
      expect(await created[0].text()).toBe('date,amount\n');
    } finally {
      URL.createObjectURL = originalCreate;
    }
  });

  it('offers new data instead of resetting the list under the reader', async () => {
    const api = pagedApi(3);
    renderPage(api);
    await screen.findByText('Shop 0');
    act(() => api.emit({ type: 'data-changed' }));
    expect(api.listTransactions).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh the list' }));
    await waitFor(() => expect(api.listTransactions).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('button', { name: 'Refresh the list' })).toBeNull();
  });

  it('shows an empty state when nothing matches', async () => {
    const api = pagedApi(0);
    renderPage(api);
    expect(await screen.findByText('No transactions yet')).toBeTruthy();
  });
});
