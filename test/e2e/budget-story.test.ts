/**
 * Sarah's budget, end to end (issue 11): the real renderer in headless Chromium against browser mode and the
 * real mock bank. She links Memorial Bank, sets a grocery budget on the Budget page from the keyboard, the
 * bank books a grocery payment and another one is pending, a sync brings them, and the budget fills: spent
 * grows by both, says which part is pending, and opens exactly those transactions. Set-up in test/support/e2e-app.ts.
 */
import { expect, test } from 'vitest';
import { formatMoney, useE2eApp } from '../support/e2e-app';

const e2e = useE2eApp({ shots: 'test-results/e2e/budget', dataDirPrefix: 'mybucks-e2e-budget-' });
const { sandbox, shot, nav, linkFirstBank } = e2e;

test('Sarah sets a grocery budget and sees it fill after a sync, pending payment included', async () => {
  const { ui } = e2e;
  await linkFirstBank();
  await ui.getByRole('heading', { name: /^Budget, / }).waitFor();

  await nav('Budget');
  const row = ui.locator('tr', { has: ui.getByRole('rowheader', { name: 'Groceries', exact: true }) });
  const spentButton = row.getByRole('button', { name: /^Groceries: .* spent in/ });
  /** The spent figure and its pending part as the row states them, in pence. */
  const figures = async () => {
    const label = (await spentButton.getAttribute('aria-label')) ?? '';
    const text = (await row.locator('td').nth(1).textContent()) ?? '';
    const pence = (s: string | undefined) => (s ? Math.round(Number(s.replace(/[£,]/g, '')) * 100) : 0);
    return { spent: pence(/: (£[\d,.]+) spent/.exec(label)?.[1]), pending: pence(/of which (£[\d,.]+) pending/.exec(text)?.[1]) };
  };
  await spentButton.waitFor();
  const before = await figures();

  // Sarah types her budget and presses Enter.
  const amount = row.getByRole('textbox', { name: /^Groceries budget for/ });
  await amount.click();
  await amount.fill('400');
  await amount.press('Enter');
  const left = (spent: number) => (40_000 - spent >= 0 ? `${formatMoney(40_000 - spent, 'GBP')} left` : `${formatMoney(spent - 40_000, 'GBP')} over`);
  await expect.poll(() => row.textContent()).toContain(left(before.spent));
  await shot('01-budget-set');

  // The bank books a grocery payment and holds a pending one; a sync brings both.
  const { accounts } = (await sandbox('GET', '/banks/memorial/users/sarah/accounts')) as { accounts: { accountId: string; kind: string; currency: string }[] };
  const checking = accounts.find((a) => a.kind === 'checking' && a.currency === 'GBP')!;
  const pay = (id: string, amountText: string, status: 'BOOK' | 'PDNG') =>
    sandbox('POST', `/banks/memorial/users/sarah/accounts/${checking.accountId}/transactions`, {
      transactionId: id, status, amount: amountText, description: `TESCO STORES ${id}`, merchantName: 'Tesco', merchantCategoryCode: '5411',
    });
  await pay('budget-e2e-booked', '-42.50', 'BOOK');
  await pay('budget-e2e-pending', '-7.25', 'PDNG');
  await nav('Connections');
  await ui.getByRole('region', { name: 'Memorial Bank' }).getByRole('button', { name: 'Sync now' }).click();
  await nav('Budget');
  await expect.poll(async () => (await figures()).spent, { timeout: 30_000 }).toBe(before.spent + 4250 + 725);
  expect((await figures()).pending).toBe(before.pending + 725);
  await expect.poll(() => row.textContent()).toContain(left(before.spent + 4975));
  await shot('02-budget-filled');

  // Its spent opens exactly those transactions: the list's total is the figure.
  await spentButton.click();
  await expect.poll(() => ui.getByTestId('filtered-total-GBP').textContent()).toBe(formatMoney(-(before.spent + 4975), 'GBP'));
  await ui.getByText('-£7.25', { exact: true }).waitFor();
  await ui.getByText('-£42.50', { exact: true }).waitFor();
  await shot('03-budget-transactions');
});
