/**
 * Sarah makes a rule from a transaction, finds it on the Rules page with the number of transactions it matches,
 * and deletes it: the real renderer in headless Chromium, browser mode and the real mock bank (set-up in
 * test/support/e2e-app.ts). Screenshots go to test-results/e2e/.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { useE2eApp } from '../support/e2e-app';

const e2e = useE2eApp({ prefix: 'rules-', dataDirPrefix: 'mybucks-e2e-rules-' });
const { shot, nav, linkFirstBank } = e2e;

/** What the app's own database holds (read-only, beside the running app). */
function query<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(path.join(e2e.dataDir, 'mybucks.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as T;
  } finally {
    db.close();
  }
}

test('Sarah creates a rule from a transaction, sees it listed with its match count, then deletes it', async () => {
  const { ui } = e2e;
  await linkFirstBank();

  // A rule from one of her Tesco transactions: every Tesco transaction goes to Entertainment.
  await nav('Transactions');
  await ui.getByRole('searchbox', { name: 'Search transactions' }).fill('Tesco');
  const category = ui.getByRole('combobox', { name: /^Category for .*Tesco/i }).first();
  await category.waitFor();
  const merchant = ((await category.getAttribute('aria-label')) ?? '').replace(/^Category for /, '');
  await ui.locator('.tx-body .tx-desc', { hasText: merchant }).first().click();
  await ui.getByRole('button', { name: 'Create rule from this transaction' }).click();
  const form = ui.getByRole('form', { name: 'New rule' });
  await form.getByLabel('Set category').selectOption({ label: 'Entertainment' });
  await form.getByRole('button', { name: 'Save rule' }).click();
  const expected = query<number>(`SELECT count(*) FROM transactions WHERE instr(lower(merchant), lower(?)) > 0`, merchant);
  expect(expected).toBeGreaterThan(0);
  await expect.poll(() => ui.locator('p[role="status"].notice').textContent()).toMatch(/^Rule saved\. \d+ transactions? re-categorised\.$/);
  await expect
    .poll(async () => (await ui.getByRole('combobox', { name: /^Category for .*Tesco/i }).first().locator('option:checked').textContent())?.trim())
    .toBe('Entertainment');

  // The Rules page lists it, with how many transactions it matches.
  await nav('Rules');
  const rules = ui.getByRole('list', { name: 'Rules, in the order they are tried' });
  const item = rules.getByRole('listitem', { name: 'Rule 1' });
  await expect.poll(() => item.textContent()).toContain(`merchant contains “${merchant}”`);
  await expect.poll(() => item.getByTestId('rule-matches').textContent()).toBe(`Matches ${expected.toLocaleString('en-GB')} transaction${expected === 1 ? '' : 's'}`);
  expect(await item.textContent()).toContain('category Entertainment');
  await shot('01-listed');

  // Deleted: the list is empty and the transactions follow the defaults again.
  await item.getByRole('button', { name: 'Delete rule 1' }).click();
  await ui.getByRole('dialog', { name: 'Delete this rule?' }).getByRole('button', { name: 'Delete rule' }).click();
  await ui.getByText('No rules yet').waitFor();
  expect(query<number>('SELECT count(*) FROM rules')).toBe(0);
  expect(query<number>(`SELECT count(*) FROM transactions WHERE category_id = 'entertainment' AND category_manual = 0 AND instr(lower(merchant), lower(?)) > 0`, merchant)).toBe(0);
  await shot('02-deleted');
});
