/**
 * Sarah imports a statement for an account no bank API reaches: the real renderer in headless Chromium, browser
 * mode (the core behind the HTTP bridge) and the real mock bank, set up by test/support/e2e-app.ts. She links
 * Memorial Bank, drops nothing but picks a CSV file, confirms its columns into a new manual account, and sees it
 * in the dashboard's totals. Screenshots go to test-results/e2e/import/.
 */
import { expect, test } from 'vitest';
import { formatMoney, useE2eApp } from '../support/e2e-app';

const e2e = useE2eApp({ shots: 'test-results/e2e/import' });
const { bankTotals, shot, nav, linkFirstBank } = e2e;

test('Sarah imports a CSV statement into a new manual account and sees it in the dashboard totals', async () => {
  const { ui } = e2e;
  await linkFirstBank();
  const memorial = (await bankTotals('memorial')).get('GBP')!;
  const net = ui.getByTestId('net-GBP-own');
  await expect.poll(() => net.textContent()).toBe(formatMoney(memorial, 'GBP'));
  const spending = ui.getByTestId('spending-GBP');
  await spending.waitFor();
  const spentBefore = await spending.textContent();

  // An old building-society account: its statement as the society's website exports it.
  const today = new Date().toISOString().slice(0, 10);
  const ddmmyyyy = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
  const csv = ['Date,Description,Amount', `${ddmmyyyy},CORNER SHOP,-12.50`, `${ddmmyyyy},PETROL STATION 2231,-40.00`, `${ddmmyyyy},SOLD BIKE,250.00`].join('\r\n');
  await nav('Accounts');
  await ui.getByRole('link', { name: 'Import a statement file' }).click();
  await ui.getByLabel('Statement file').setInputFiles({ name: 'society.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await ui.getByRole('combobox', { name: /^Into/ }).selectOption({ label: 'A new manual account…' });
  await ui.getByLabel('Name', { exact: true }).fill('Building society');
  await ui.getByRole('combobox', { name: /^Currency/ }).selectOption('GBP');
  await ui.getByRole('button', { name: 'Read the file' }).click();

  await ui.getByRole('heading', { name: 'Which column is what in society.csv?' }).waitFor();
  // each step starts at its heading for keyboard and screen-reader users
  const focused = () => ui.evaluate(() => document.activeElement?.textContent);
  await expect.poll(focused).toBe('Which column is what in society.csv?');
  await expect.poll(() => ui.getByLabel('Date format').inputValue()).toBe('DD/MM/YYYY');
  await shot('01-import-mapping');
  await ui.getByRole('button', { name: 'Preview the import' }).click();
  await ui.getByText('3 rows in the file: 3 new transactions, 0 already in MyBucks.').waitFor();
  await expect.poll(focused).toBe('society.csv → Building society (a new manual account in GBP)');
  await shot('02-import-preview');
  await ui.getByRole('button', { name: 'Import 3 transactions' }).click();
  await ui.getByText('Added 3 transactions from society.csv (CSV) to “Building society”.').waitFor();
  await shot('03-import-done');

  // The dashboard counts the new account's balance (the rows' sum) and its spending.
  await nav('Dashboard');
  await expect.poll(() => net.textContent()).toBe(formatMoney(memorial + 19_750, 'GBP'));
  await expect.poll(() => spending.textContent()).not.toBe(spentBefore);
  const spent = (text: string | null) => Math.round(Number((text ?? '').replace(/[^0-9.-]/g, '')) * 100);
  expect(spent(await spending.textContent()) - spent(spentBefore)).toBe(5_250);
  await shot('04-dashboard-with-import');

  // The same file again adds nothing, and says so.
  await nav('Accounts');
  await ui.getByRole('link', { name: 'Import a statement file' }).click();
  await ui.getByLabel('Statement file').setInputFiles({ name: 'society.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await ui.getByRole('combobox', { name: /^Into/ }).selectOption({ label: 'Building society · manual · GBP' });
  await ui.getByRole('button', { name: 'Read the file' }).click();
  await ui.getByText('3 rows in the file: 0 new transactions, 3 already in MyBucks.').waitFor();
  await expect.poll(() => ui.getByRole('button', { name: 'Nothing to import' }).isDisabled()).toBe(true);
});
