import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransactionDTO } from '../../src/shared/dto';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { Transactions } from '../../src/renderer/src/pages/Transactions';
import { createFakeApi, transaction } from './fake-api';
import { giveElementsASize } from './setup';

let restoreSize: () => void;
beforeEach(() => {
  restoreSize = giveElementsASize(640);
});
afterEach(() => {
  cleanup();
  restoreSize();
});

const everyday = transaction(0, { id: 'out-1', merchant: null, description: 'TO HOLIDAY FUND', amountMinor: -25000, accountName: 'Everyday', providerName: 'Memorial Bank' });
const holiday = transaction(1, { id: 'in-1', accountId: 'acc-2', merchant: null, description: 'FROM EVERYDAY', amountMinor: 25000, accountName: 'Holiday Fund', providerName: 'Harbor Credit Union' });
const otherHoliday = transaction(2, { id: 'in-2', accountId: 'acc-3', merchant: null, description: 'FROM S LEE', amountMinor: 25000, accountName: 'Holiday Fund', providerName: 'Memorial Bank' });

function apiWith(rows: TransactionDTO[]) {
  const api = createFakeApi();
  api.listTransactions.mockImplementation(async () => ({ rows, nextCursor: null, total: rows.length, totals: [] }));
  return api;
}

function renderPage(api: ReturnType<typeof createFakeApi>) {
  return render(
    <ApiProvider api={api}>
      <Transactions />
    </ApiProvider>,
  );
}

const rowOf = async (text: string) => (await screen.findByText(text)).closest('[role="row"]') as HTMLElement;

async function openWithKeyboard(text: string) {
  const row = await rowOf(text);
  row.focus();
  fireEvent.keyDown(row, { key: 'Enter' });
  return { row, dialog: await screen.findByRole('dialog') };
}

describe('Transactions: transfers between own accounts', () => {
  it('names the bank with the account, since several banks have a "Holiday Fund"', async () => {
    renderPage(apiWith([holiday, otherHoliday]));
    const table = await screen.findByRole('table', { name: 'Transactions' });
    expect(await within(table).findByText('Harbor Credit Union · Holiday Fund')).toBeTruthy();
    expect(within(table).getByText('Memorial Bank · Holiday Fund')).toBeTruthy();
  });

  it('marks a paired row as a transfer to the other account', async () => {
    const paired = { ...everyday, transfer: { pairedWithId: 'in-1', accountName: 'Holiday Fund', providerName: 'Harbor Credit Union', method: 'auto' as const } };
    renderPage(apiWith([paired, otherHoliday]));
    const row = await rowOf('TO HOLIDAY FUND');
    expect(within(row).getByText('Transfer ↔ Harbor Credit Union · Holiday Fund')).toBeTruthy();
    expect(within(await rowOf('FROM S LEE')).queryByText(/Transfer ↔/)).toBeNull();
  });

  it('pairs a row with a candidate chosen in the dialog, then reloads the list', async () => {
    const api = apiWith([everyday, holiday, otherHoliday]);
    api.transferCandidates.mockResolvedValue([otherHoliday, holiday]);
    // the real service announces data-changed for the pairing, before it answers
    api.pairTransfer.mockImplementation(async () => {
      api.emit({ type: 'data-changed' });
    });
    renderPage(api);
    const { dialog } = await openWithKeyboard('TO HOLIDAY FUND');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pair as transfer…' }));
    const form = await screen.findByRole('form', { name: 'Pair as transfer' });
    expect(api.transferCandidates).toHaveBeenCalledWith({ transactionId: 'out-1' });
    expect(form.contains(document.activeElement)).toBe(true);
    const options = await within(form).findAllByRole('radio');
    expect(options).toHaveLength(2);
    // the best candidate is chosen; the user picks the other one
    expect((options[0] as HTMLInputElement).checked).toBe(true);
    expect(within(form).getByText('Harbor Credit Union · Holiday Fund')).toBeTruthy();
    fireEvent.click(within(form).getByLabelText(/Harbor Credit Union · Holiday Fund/));
    const loads = api.listTransactions.mock.calls.length;
    fireEvent.click(within(form).getByRole('button', { name: 'Pair as transfer' }));
    await waitFor(() => expect(api.pairTransfer).toHaveBeenCalledWith({ outTransactionId: 'out-1', inTransactionId: 'in-1' }));
    expect((await screen.findByRole('status', {}, { timeout: 2000 })).textContent).toMatch(
      /Paired as a transfer between Memorial Bank · Everyday and Harbor Credit Union · Holiday Fund\. Neither counts as spending or income now\./,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(api.listTransactions.mock.calls.length).toBe(loads + 1));
    expect(screen.queryByRole('button', { name: 'Refresh the list' })).toBeNull();
  });

  it('pairs with the row as the money-in side when it is a credit, and says why pairing failed', async () => {
    const api = apiWith([everyday, holiday]);
    api.transferCandidates.mockResolvedValue([everyday]);
    api.pairTransfer.mockRejectedValue(new Error('One of these transactions is already paired as a transfer. Unpair it first, then pair it again.'));
    renderPage(api);
    const { dialog } = await openWithKeyboard('FROM EVERYDAY');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pair as transfer…' }));
    const form = await screen.findByRole('form', { name: 'Pair as transfer' });
    await within(form).findAllByRole('radio');
    fireEvent.click(within(form).getByRole('button', { name: 'Pair as transfer' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'The transfer was not paired: One of these transactions is already paired as a transfer. Unpair it first, then pair it again.',
    );
    expect(api.pairTransfer).toHaveBeenCalledWith({ outTransactionId: 'out-1', inTransactionId: 'in-1' });
  });

  it('says when no payment could be the other side, and Cancel returns to the details', async () => {
    const api = apiWith([everyday]);
    renderPage(api);
    const { dialog } = await openWithKeyboard('TO HOLIDAY FUND');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pair as transfer…' }));
    const form = await screen.findByRole('form', { name: 'Pair as transfer' });
    expect((await within(form).findByText(/No payment in your other accounts/)).textContent).toMatch(/sync that bank and try again/);
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Pair as transfer…'));
  });

  it('unpairs a paired row', async () => {
    const paired = { ...everyday, transfer: { pairedWithId: 'in-1', accountName: 'Holiday Fund', providerName: 'Harbor Credit Union', method: 'auto' as const } };
    const api = apiWith([paired]);
    renderPage(api);
    const { dialog } = await openWithKeyboard('TO HOLIDAY FUND');
    expect(within(dialog).getByText(/A transfer to Harbor Credit Union · Holiday Fund, paired automatically/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Pair as transfer…' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unpair' }));
    await waitFor(() => expect(api.unpairTransfer).toHaveBeenCalledWith({ transactionId: 'out-1' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Unpaired: .*count as spending or income again, and MyBucks will not pair them automatically\./);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('Transactions: defects', () => {
  it('does not offer "new data from your banks" after the user re-categorised a row themselves', async () => {
    const api = apiWith([everyday, holiday]);
    api.setTransactionCategory.mockImplementation(async () => {
      api.emit({ type: 'data-changed' });
    });
    renderPage(api);
    const select = await screen.findByLabelText('Category for TO HOLIDAY FUND');
    await waitFor(() => expect(within(select).getAllByRole('option').length).toBeGreaterThan(1));
    fireEvent.change(select, { target: { value: 'groceries' } });
    expect((await screen.findByRole('status')).textContent).toContain('set to Groceries');
    expect(screen.queryByText(/New data arrived from your banks/)).toBeNull();
    // news from a sync is still offered
    act(() => api.emit({ type: 'data-changed' }));
    expect(screen.getByRole('button', { name: 'Refresh the list' })).toBeTruthy();
  });

  it('moves focus into the rule form, closes it with Escape and returns focus to the row', async () => {
    renderPage(apiWith([everyday, holiday]));
    const { row, dialog } = await openWithKeyboard('TO HOLIDAY FUND');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create rule from this transaction' }));
    const form = await screen.findByRole('form', { name: 'New rule' });
    expect(form.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(row);
  });

  it('returns focus to "Create rule" when the rule form is cancelled', async () => {
    renderPage(apiWith([everyday]));
    const { dialog } = await openWithKeyboard('TO HOLIDAY FUND');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create rule from this transaction' }));
    const form = await screen.findByRole('form', { name: 'New rule' });
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Create rule from this transaction'));
  });
});
