import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransactionQuery } from '../../src/shared/contract';
import type { TransactionDTO } from '../../src/shared/dto';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { Categories } from '../../src/renderer/src/pages/Categories';
import { Rules } from '../../src/renderer/src/pages/Rules';
import { Transactions } from '../../src/renderer/src/pages/Transactions';
import { account, createFakeApi, rule, transaction } from './fake-api';
import { giveElementsASize } from './setup';

let restoreSize: () => void;
beforeEach(() => {
  restoreSize = giveElementsASize(640);
});
afterEach(() => {
  cleanup();
  restoreSize();
});

type Api = ReturnType<typeof createFakeApi>;
const renderWith = (api: Api, page: React.ReactNode) => render(<ApiProvider api={api}>{page}</ApiProvider>);

describe('Categories page', () => {
  it('lists categories by kind with their use, and creates one with a palette colour', async () => {
    const api = createFakeApi();
    renderWith(api, <Categories />);
    const spending = await screen.findByRole('region', { name: 'Spending' });
    expect(within(spending).getAllByRole('row').map((r) => r.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('Groceries'), expect.stringContaining('Eating out')]),
    );
    expect(screen.getByRole('region', { name: 'Income' }).textContent).toContain('Salary');

    fireEvent.click(screen.getByRole('button', { name: 'New category' }));
    const form = await screen.findByRole('form', { name: 'New category' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Coffee' } });
    fireEvent.click(within(form).getByRole('radio', { name: 'Violet' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save category' }));
    await waitFor(() => expect(api.createCategory).toHaveBeenCalledWith({ name: 'Coffee', kind: 'expense', color: '#7e57c2' }));
    expect((await screen.findByRole('status')).textContent).toContain('Created “Coffee”');
  });

  it('says why a category was not saved and keeps the form', async () => {
    const api = createFakeApi();
    api.createCategory.mockRejectedValue(new Error('There is already a category called "Groceries". Pick another name, or merge the two.'));
    renderWith(api, <Categories />);
    fireEvent.click(await screen.findByRole('button', { name: 'New category' }));
    const form = await screen.findByRole('form', { name: 'New category' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'groceries' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save category' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'The category was not saved: There is already a category called "Groceries". Pick another name, or merge the two.',
    );
  });

  it('merges a category into another and hides one', async () => {
    const api = createFakeApi();
    api.listCategories.mockResolvedValue([
      { id: 'groceries', name: 'Groceries', kind: 'expense', color: '#2e7d32', builtin: true, hidden: false },
      { id: 'coffee', name: 'Coffee', kind: 'expense', color: '#7e57c2', builtin: false, hidden: false },
    ]);
    renderWith(api, <Categories />);
    expect(await screen.findByRole('button', { name: 'Edit Groceries' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Merge Groceries into another category' })).toBeNull(); // built in
    fireEvent.click(screen.getByRole('button', { name: 'Merge Coffee into another category' }));
    const form = await screen.findByRole('form', { name: 'Merge category' });
    fireEvent.click(within(form).getByRole('button', { name: 'Merge into Groceries' }));
    await waitFor(() => expect(api.mergeCategory).toHaveBeenCalledWith({ fromId: 'coffee', intoId: 'groceries' }));
    expect((await screen.findByRole('status')).textContent).toBe('Merged “Coffee” into “Groceries”: 7 transactions and 1 rule moved.');
    fireEvent.click(screen.getByRole('button', { name: 'Hide Groceries' }));
    await waitFor(() => expect(api.updateCategory).toHaveBeenCalledWith({ categoryId: 'groceries', hidden: true }));
  });
});

describe('Rules page', () => {
  function rulesApi() {
    const api = createFakeApi();
    api.listRules.mockResolvedValue([
      rule({ id: 'a', position: 1, field: 'merchant', op: 'contains', value: 'Tesco', categoryId: 'groceries' }),
      rule({ id: 'b', position: 2, field: null, op: null, value: null, minAmountMinor: 500, maxAmountMinor: 2000, amountCurrency: 'GBP', categoryId: null, payeeName: 'Coffee' }),
    ]);
    api.ruleMatchCounts.mockResolvedValue([
      { ruleId: 'a', matches: 42 },
      { ruleId: 'b', matches: 1 },
    ]);
    return api;
  }

  it('lists rules in order with what they do and how many transactions each matches', async () => {
    renderWith(rulesApi(), <Rules />);
    const list = await screen.findByRole('list', { name: 'Rules, in the order they are tried' });
    await waitFor(() => expect(within(list).getAllByTestId('rule-matches').map((e) => e.textContent)).toEqual(['Matches 42 transactions', 'Matches 1 transaction']));
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first.textContent).toContain('merchant contains “Tesco”');
    expect(first.textContent).toContain('category Groceries');
    expect(second.textContent).toContain('amount £5.00 to £20.00');
    expect(second.textContent).toContain('show payee as “Coffee”');
  });

  it('moves a rule down with the keyboard-reachable button, switches one off and deletes one after asking', async () => {
    const api = rulesApi();
    renderWith(api, <Rules />);
    const down = await screen.findByRole('button', { name: 'Move rule 1 down' });
    expect((screen.getByRole('button', { name: 'Move rule 1 up' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(down);
    await waitFor(() => expect(api.reorderRules).toHaveBeenCalledWith({ ruleIds: ['b', 'a'] }));
    expect((await screen.findByRole('status')).textContent).toBe('Rule moved to position 2. 1 transaction re-categorised.');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Rule 1 is on' })); // the fake lists them as before
    await waitFor(() => expect(api.setRuleEnabled).toHaveBeenCalledWith({ ruleId: 'a', enabled: false }));

    fireEvent.click(screen.getByRole('button', { name: 'Delete rule 2' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this rule?' });
    expect(api.deleteRule).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete rule' }));
    await waitFor(() => expect(api.deleteRule).toHaveBeenCalledWith({ ruleId: 'b' }));
  });

  it('applies a rule to past transactions only after showing what would change', async () => {
    const api = rulesApi();
    api.previewRule.mockResolvedValue({ matches: 42, changes: 4, rows: [{ transaction: transaction(3), fromCategoryName: null, toCategoryName: 'Groceries', payeeName: null }] });
    renderWith(api, <Rules />);
    fireEvent.click(await screen.findByRole('button', { name: 'Apply rule 1 to past transactions' }));
    const dialog = await screen.findByRole('dialog', { name: 'Apply this rule to past transactions?' });
    expect((await within(dialog).findByRole('region', { name: 'Preview' })).textContent).toContain('Uncategorised → Groceries');
    expect(api.previewRule).toHaveBeenCalledWith({
      rule: { field: 'merchant', op: 'contains', value: 'Tesco', categoryId: 'groceries', markTransfer: false, enabled: true },
      ruleId: 'a',
      limit: 10,
    });
    expect(api.applyRule).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply to 4 transactions' }));
    await waitFor(() => expect(api.applyRule).toHaveBeenCalledWith({ ruleId: 'a' }));
    expect((await screen.findByRole('status')).textContent).toBe('Applied to past transactions: 4 transactions re-categorised.');
  });

  it('edits a rule with a preview before saving, and explains a refused amount', async () => {
    const api = rulesApi();
    api.listAccounts.mockResolvedValue([account({ id: 'acc-1', currency: 'GBP' })]);
    api.previewRule.mockResolvedValue({ matches: 9, changes: 3, rows: [{ transaction: transaction(1), fromCategoryName: 'Salary', toCategoryName: 'Groceries', payeeName: null }] });
    renderWith(api, <Rules />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule 1' }));
    const form = await screen.findByRole('form', { name: 'Edit rule' });
    fireEvent.change(within(form).getByLabelText('Amount at least'), { target: { value: 'ten' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Preview changes' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('The smallest amount “ten” is not a number. Type it like 12.50.');
    expect(api.previewRule).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText('Amount at least'), { target: { value: '10' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Preview changes' }));
    const preview = await within(form).findByRole('region', { name: 'Preview' });
    expect(preview.textContent).toContain('Matches 9 transactions; saving and applying it changes 3 (the newest 1 below)');
    expect(preview.textContent).toContain('Salary → Groceries');
    expect(api.previewRule).toHaveBeenCalledWith({
      rule: { field: 'merchant', op: 'contains', value: 'Tesco', minAmountMinor: 1000, amountCurrency: 'GBP', categoryId: 'groceries', markTransfer: false, enabled: true, applyToExisting: true },
      ruleId: 'a',
      limit: 10,
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(api.updateRule).toHaveBeenCalledWith(expect.objectContaining({ ruleId: 'a', minAmountMinor: 1000 })));
    expect((await screen.findByRole('status')).textContent).toBe('Rule saved. 2 transactions re-categorised.');
  });
});

describe('Transactions: splits and bulk re-categorising', () => {
  function listApi(rows: TransactionDTO[]) {
    const api = createFakeApi();
    api.listTransactions.mockImplementation(async (q: TransactionQuery) => ({ rows: q.cursor ? [] : rows, nextCursor: null, total: rows.length, totals: [] }));
    return api;
  }
  const split = { needsAttention: false, splitAmountMinor: -5000, parts: [
    { categoryId: 'groceries', categoryName: 'Groceries', color: '#2e7d32', amountMinor: -3500 },
    { categoryId: 'eating-out', categoryName: 'Eating out', color: '#e65100', amountMinor: -1500 },
  ] };

  it('shows a split row with its parts, and splits a transaction only when the parts add up', async () => {
    const api = listApi([transaction(1, { amountMinor: -5000, split }), transaction(2, { amountMinor: -2000, categoryId: 'groceries', categoryName: 'Groceries' })]);
    renderWith(api, <Transactions />);
    const table = await screen.findByRole('table', { name: 'Transactions' });
    expect((await within(table).findByText('Groceries £35.00, Eating out £15.00')).closest('[role="row"]')?.textContent).toContain('Split');

    fireEvent.click(within(table).getByText('Shop 2'));
    fireEvent.click(await screen.findByRole('button', { name: 'Split…' }));
    const form = await screen.findByRole('form', { name: 'Split transaction' });
    expect(within(form).getByTestId('split-remaining').textContent).toBe('The parts add up to the amount.'); // all in part 1 at first
    fireEvent.change(within(form).getByLabelText('Part 1 amount (GBP)'), { target: { value: '12.50' } });
    expect(within(form).getByTestId('split-remaining').textContent).toBe('£7.50 left to assign.');
    fireEvent.change(within(form).getByLabelText('Part 2 amount (GBP)'), { target: { value: '7.50' } });
    fireEvent.change(within(form).getByLabelText('Part 2 category'), { target: { value: 'eating-out' } });
    expect(within(form).getByTestId('split-remaining').textContent).toBe('The parts add up to the amount.');
    fireEvent.click(within(form).getByRole('button', { name: 'Save split' }));
    await waitFor(() =>
      expect(api.splitTransaction).toHaveBeenCalledWith({
        transactionId: 'tx-2',
        parts: [
          { categoryId: 'groceries', amountMinor: -1250 },
          { categoryId: 'eating-out', amountMinor: -750 },
        ],
      }),
    );
    expect((await screen.findByRole('status')).textContent).toContain('Split “Shop 2” into 2 parts.');
  });

  it('shows the server\'s refusal of a split that does not add up, and a banner for splits the bank changed', async () => {
    const api = listApi([transaction(2, { amountMinor: -2000 })]);
    api.splitTransaction.mockRejectedValue(new Error('The parts add up to -£19.00 but the transaction is -£20.00: change the parts by -£1.00 so they add up exactly. Nothing was changed.'));
    api.splitsNeedingAttention.mockResolvedValue([transaction(7, { amountMinor: -5400, split: { ...split, needsAttention: true } })]);
    renderWith(api, <Transactions />);
    const banner = await screen.findByRole('region', { name: 'Splits that need attention' });
    expect(banner.textContent).toContain('was -£50.00, now -£54.00');
    fireEvent.click(within(banner).getByRole('button', { name: 'Split again' }));
    const attention = await screen.findByRole('form', { name: 'Split transaction' });
    expect(within(attention).getByRole('note').textContent).toContain('The bank changed this amount from -£50.00 to -£54.00.');
    fireEvent.click(within(attention).getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });

    fireEvent.click(await screen.findByText('Shop 2'));
    fireEvent.click(await screen.findByRole('button', { name: 'Split…' }));
    const form = await screen.findByRole('form', { name: 'Split transaction' });
    fireEvent.change(within(form).getByLabelText('Part 2 amount (GBP)'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Part 1 amount (GBP)'), { target: { value: '18' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save split' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'The split was not saved: The parts add up to -£19.00 but the transaction is -£20.00: change the parts by -£1.00 so they add up exactly. Nothing was changed.',
    );
  });

  it('selects rows (a shift-click selects the range), sets one category for all of them and undoes it', async () => {
    const rows = [0, 1, 2, 3, 4].map((i) => transaction(i));
    const api = listApi(rows);
    renderWith(api, <Transactions />);
    const table = await screen.findByRole('table', { name: 'Transactions' });
    await within(table).findByText('Shop 0');
    fireEvent.click(within(table).getByRole('checkbox', { name: /^Select Shop 1 / }));
    fireEvent.click(within(table).getByRole('checkbox', { name: /^Select Shop 3 / }), { shiftKey: true });
    const bar = await screen.findByRole('region', { name: 'Change the selected transactions' });
    expect(bar.textContent).toContain('3 selected');
    fireEvent.change(within(bar).getByLabelText('Category'), { target: { value: 'groceries' } });
    fireEvent.click(within(bar).getByRole('button', { name: 'Apply to 3' }));
    await waitFor(() => expect(api.recategoriseTransactions).toHaveBeenCalledWith({ transactionIds: ['tx-1', 'tx-2', 'tx-3'], categoryId: 'groceries' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('3 transactions set to Groceries.');
    await act(async () => fireEvent.click(within(status).getByRole('button', { name: 'Undo' })));
    expect(api.undoRecategorise).toHaveBeenCalledWith({ changes: ['tx-1', 'tx-2', 'tx-3'].map((transactionId) => ({ transactionId, categoryId: null, manual: false })) });
  });

  it('previews a rule made from a transaction before saving it', async () => {
    const api = listApi([transaction(5, { categoryId: 'groceries', categoryName: 'Groceries' })]);
    api.previewRule.mockResolvedValue({ matches: 12, changes: 11, rows: [] });
    renderWith(api, <Transactions />);
    fireEvent.click(await screen.findByText('Shop 5'));
    fireEvent.click(await screen.findByRole('button', { name: 'Create rule from this transaction' }));
    const form = await screen.findByRole('form', { name: 'New rule' });
    fireEvent.click(within(form).getByRole('button', { name: 'Preview changes' }));
    expect((await within(form).findByRole('region', { name: 'Preview' })).textContent).toContain('Matches 12 transactions; saving and applying it changes 11.');
    expect(api.previewRule).toHaveBeenCalledWith({ rule: { field: 'merchant', op: 'contains', value: 'Shop 5', categoryId: 'groceries', applyToExisting: true }, limit: 10 });
    fireEvent.change(within(form).getByLabelText('Text to match'), { target: { value: 'Shop' } });
    expect(within(form).queryByRole('region', { name: 'Preview' })).toBeNull(); // a changed rule needs a new preview
  });

  it('selects all matching rows within the limit, and says so when there are too many', async () => {
    const rows = [0, 1, 2].map((i) => transaction(i));
    const api = listApi(rows);
    renderWith(api, <Transactions />);
    const table = await screen.findByRole('table', { name: 'Transactions' });
    fireEvent.click(await within(table).findByRole('checkbox', { name: /^Select Shop 0 / }));
    const bar = await screen.findByRole('region', { name: 'Change the selected transactions' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Select all 3 matching' }));
    await waitFor(() => expect(bar.textContent).toContain('3 selected'));

    api.listTransactions.mockImplementation(async () => ({ rows, nextCursor: null, total: 5000, totals: [] }));
    cleanup();
    renderWith(api, <Transactions />);
    const again = await screen.findByRole('table', { name: 'Transactions' });
    fireEvent.click(await within(again).findByRole('checkbox', { name: /^Select Shop 0 / }));
    const bar2 = await screen.findByRole('region', { name: 'Change the selected transactions' });
    expect(within(bar2).queryByRole('button', { name: /^Select all/ })).toBeNull();
    expect(bar2.textContent).toContain('5,000 match: narrow the filters to 1,000 or fewer to select them all.');
  });
});
