/**
 * Sarah's story end to end: the real renderer in headless Chromium, browser mode (the same core as the
 * desktop app behind the HTTP bridge) and the real mock bank over HTTP. A second Chromium page stands in
 * for Sarah's own browser: it receives the authorization URL, signs in at the bank and consents, and the
 * bank redirects it to the app's loopback listener. A second mock bank, whose issuers are in no catalog of the
 * app, stands in for a bank nobody told MyBucks about: Sarah adds it by its address. Screenshots of each screen
 * go to test-results/e2e/.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { formatMoney, useE2eApp } from '../support/e2e-app';

/** `unlisted`: another bank server, which the app's catalog knows nothing about; its harbor issuer plays the relaxed profile. */
const e2e = useE2eApp({ unlisted: { harbor: ['relaxed'] } });
const { sandbox, bankTotals, shot, nav, settle } = e2e;

/** A description list (term → value) as the page shows it. */
async function details(list: ReturnType<Page['locator']>): Promise<Record<string, string>> {
  const terms = await list.locator('dt').allTextContents();
  const values = await list.locator('dd').allTextContents();
  return Object.fromEntries(terms.map((t, i) => [t.trim(), values[i]?.trim()]));
}

test('Sarah links two banks, sees her money, tidies a transaction, re-authorizes, adds a bank by its address and disconnects', async () => {
  const { ui, app, bank, unlisted } = e2e;
  // First run: a welcome that leads to linking.
  await ui.goto(app.url);
  await expect.poll(() => ui.getByRole('heading', { name: 'Welcome to MyBucks' }).isVisible()).toBe(true);
  expect(new URL(ui.url()).hash).not.toContain('secret=');
  await shot('01-welcome');

  await ui.getByRole('button', { name: 'Link your first bank' }).click();
  await ui.getByRole('button', { name: 'Link Memorial Bank' }).waitFor();
  await shot('02-bank-picker');

  // Slow the bank down a little so the first sync's progress is on screen long enough to see.
  await sandbox('POST', '/faults', { target: 'resource', bankId: 'memorial', kind: 'latency', latencyMs: 400, count: 4 });
  await ui.getByRole('button', { name: 'Link Memorial Bank' }).click();
  await ui.getByRole('heading', { name: 'Continue in your browser…' }).waitFor();
  await shot('03-continue-in-browser');
  await settle();

  await ui.getByRole('progressbar', { name: 'Sync progress' }).waitFor();
  await shot('04-first-sync');
  await ui.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });

  // The dashboard shows exactly the bank's balances.
  const memorial = await bankTotals('memorial');
  expect([...memorial.keys()]).toEqual(['GBP']);
  const gbp = ui.getByTestId('net-GBP-own');
  await expect.poll(() => gbp.textContent()).toBe(formatMoney(memorial.get('GBP')!, 'GBP'));
  await shot('05-dashboard-one-bank');

  // A second bank, in another currency: totals add up per currency.
  await nav('Connections');
  await ui.getByRole('button', { name: 'Link a bank' }).click();
  await ui.getByRole('button', { name: 'Link Harbor Credit Union' }).click();
  await settle();
  await ui.getByRole('button', { name: 'Go to dashboard' }).click({ timeout: 60_000 });
  const harbor = await bankTotals('harbor');
  await expect.poll(() => ui.getByTestId('net-USD-own').textContent()).toBe(formatMoney(harbor.get('USD')!, 'USD'));
  await expect.poll(() => gbp.textContent()).toBe(formatMoney(memorial.get('GBP')!, 'GBP'));
  // Net worth in the home currency (GBP, the default chosen at first run) is the sum of the converted balances at the rate shown.
  await ui.getByText('Per currency', { exact: true }).click();
  const usdRow = ui.locator('tr', { has: ui.getByRole('rowheader', { name: 'USD', exact: true }) });
  const rateText = (await usdRow.locator('td').last().textContent()) ?? '';
  const rate = Number(/^1 USD = ([\d.]+) GBP/.exec(rateText)?.[1]);
  expect(rate, rateText).toBeGreaterThan(0);
  const harborUsd = harbor.get('USD')!;
  const converted = memorial.get('GBP')! + Math.round(harborUsd * rate);
  // The rate is shown rounded to 6 decimals, so the sum may differ from it by the balance times half a
  // millionth (3p on $60,000), plus a penny of rounding.
  const shown = (await ui.getByTestId('net-worth-home').textContent()) ?? '';
  expect(shown).toMatch(/^-?£[\d,]+\.\d\d$/);
  const shownMinor = Math.round(Number(shown.replace(/[£,]/g, '')) * 100);
  expect(Math.abs(shownMinor - converted), `${shown} vs ${formatMoney(converted, 'GBP')}`).toBeLessThanOrEqual(Math.ceil(Math.abs(harborUsd) * 5e-7) + 1);
  await shot('06-dashboard-two-banks');

  // A click on the donut's first slice opens exactly its transactions: the list's total is the slice's figure.
  const donutList = ui.getByRole('list', { name: 'Spending by category' });
  const sliceLabel = (await donutList.getByRole('button').first().getAttribute('aria-label')) ?? '';
  const [, sliceName, sliceFigure] = /^Show the transactions behind (.+): (.+)$/.exec(sliceLabel) ?? [];
  expect(sliceFigure, sliceLabel).toMatch(/^£/);
  const firstSector = ui.locator('.recharts-pie-sector path').first();
  await firstSector.scrollIntoViewIfNeeded();
  const onRing = await firstSector.evaluate((path: SVGPathElement) => {
    const box = path.getBBox();
    for (let fy = 0.1; fy < 1; fy += 0.05) {
      for (let fx = 0.1; fx < 1; fx += 0.05) {
        const point = new DOMPoint(box.x + box.width * fx, box.y + box.height * fy);
        if (!path.isPointInFill(point)) continue;
        const screen = point.matrixTransform(path.getScreenCTM()!);
        return { x: screen.x, y: screen.y };
      }
    }
    return null;
  });
  expect(onRing).not.toBeNull();
  await ui.mouse.click(onRing!.x, onRing!.y);
  const drillBar = ui.getByRole('region', { name: 'Showing the transactions behind a figure' });
  await drillBar.getByText(sliceName, { exact: false }).first().waitFor();
  await expect.poll(() => ui.getByTestId('filtered-total-GBP').textContent()).toBe(`-${sliceFigure}`);
  await shot('06b-donut-slice-transactions');
  await drillBar.getByRole('button', { name: '← Back to the dashboard' }).click();
  await ui.getByRole('list', { name: 'Spending by category' }).waitFor();

  // Search and re-categorise a transaction.
  await nav('Transactions');
  const search = ui.getByRole('searchbox', { name: 'Search transactions' }).or(ui.getByLabel('Search transactions'));
  await search.first().fill('Tesco');
  const firstCategory = ui.getByRole('combobox', { name: /^Category for .*Tesco/i }).first();
  await firstCategory.waitFor();
  await firstCategory.selectOption({ label: 'Entertainment' });
  await shot('07-transactions-search');
  await ui.reload();
  await nav('Transactions');
  await search.first().fill('Tesco');
  await expect
    .poll(async () => (await ui.getByRole('combobox', { name: /^Category for .*Tesco/i }).first().locator('option:checked').textContent())?.trim())
    .toBe('Entertainment');

  // The bank revokes the grant: the next sync finds out and asks Sarah to re-authorize.
  await sandbox('POST', '/banks/memorial/users/sarah/revoke-grants', {});
  await nav('Connections');
  const memorialCard = ui.getByRole('region', { name: 'Memorial Bank' });
  await memorialCard.getByRole('button', { name: 'Sync now' }).click();
  await memorialCard.getByText(/Re-authorize to sign in at the bank again/).waitFor({ timeout: 60_000 });
  await shot('08-needs-reauthorization');

  await memorialCard.getByRole('button', { name: 'Re-authorize' }).click();
  await settle();
  await ui.getByRole('button', { name: 'Done' }).click({ timeout: 60_000 });
  await expect.poll(() => memorialCard.getByText(/Re-authorize to sign in at the bank again/).count()).toBe(0);
  await expect.poll(() => memorialCard.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
  await shot('09-reauthorized');

  // A bank that is in no list: Sarah adds it by its issuer address. It plays the "relaxed" profile (registration
  // answered 200 with a confidential client, exact redirect URIs, no iss, no PAR, no DPoP).
  const harborByAddress = unlisted.banks.find((b) => b.id === 'harbor')!;
  expect(harborByAddress.issuer.startsWith(bank.origin)).toBe(false);
  await ui.getByRole('button', { name: 'Link a bank' }).click();
  await ui.getByRole('heading', { name: 'Link a bank' }).waitFor();
  await ui.getByText('Add a bank by its address', { exact: true }).click();
  const addForm = ui.getByRole('form', { name: 'Add a bank by its address' });
  await addForm.getByLabel('Issuer URL').fill(harborByAddress.issuer);
  await addForm.getByLabel('Display name (optional)').fill('Harbor (by address)');
  await addForm.getByRole('button', { name: 'Check' }).click();
  const checkResult = addForm.getByRole('region', { name: 'Check result' });
  await checkResult.getByRole('heading', { name: `What MyBucks found at ${harborByAddress.issuer}` }).waitFor();
  expect(await details(checkResult)).toEqual({
    'Sign-in protection (PKCE S256)': 'Yes',
    'Pushed authorization requests': 'No',
    'DPoP-bound tokens': 'No',
    'Issuer identification in responses': 'No',
    'MyBucks can register itself': 'Yes',
    'Revocation when you disconnect': 'Yes',
    'API address MyBucks will use': harborByAddress.apiBase,
  });
  expect(await checkResult.getByRole('list', { name: 'Warnings' }).count()).toBe(0);
  await shot('10-add-bank-check');

  await addForm.getByRole('button', { name: 'Add bank' }).click();
  await ui.getByRole('heading', { name: 'Link Harbor (by address)' }).waitFor();
  await settle();
  const linkedOrFailed = ui.getByRole('heading', { name: 'Harbor (by address) is linked', exact: true }).or(ui.getByRole('alert'));
  await linkedOrFailed.first().waitFor({ timeout: 60_000 });
  expect(await ui.getByRole('alert').allTextContents()).toEqual([]);
  await ui.getByRole('button', { name: 'Go to dashboard' }).click();
  const harborAgain = await bankTotals('harbor', unlisted);
  expect([...harborAgain.keys()]).toEqual(['USD']);
  const usd = harbor.get('USD')! + harborAgain.get('USD')!;
  await expect.poll(() => ui.getByTestId('net-USD-own').textContent()).toBe(formatMoney(usd, 'USD'));
  await expect.poll(() => gbp.textContent()).toBe(formatMoney(memorial.get('GBP')!, 'GBP'));

  await nav('Connections');
  const byAddressCard = ui.getByRole('region', { name: 'Harbor (by address)', exact: true });
  await expect.poll(() => byAddressCard.locator('.status').textContent()).toBe('Connected');
  const { accounts: unlistedAccounts } = (await sandbox('GET', '/banks/harbor/users/sarah/accounts', undefined, unlisted)) as { accounts: unknown[] };
  await byAddressCard.getByText(`Signed in as Sarah Thompson · ${unlistedAccounts.length} accounts`).waitFor();
  await expect.poll(() => byAddressCard.getByText(/^Last synced: never$/).count()).toBe(0);
  await shot('11-linked-by-address');

  // Disconnect Memorial Bank and delete its data: only the two Harbors' money remains.
  await memorialCard.getByRole('button', { name: 'Disconnect' }).click();
  const dialog = ui.getByRole('dialog', { name: 'Disconnect Memorial Bank?' });
  await dialog.getByLabel("Delete this bank's accounts and transactions").check();
  await shot('12-disconnect-dialog');
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(() => ui.getByRole('region', { name: 'Memorial Bank' }).count()).toBe(0);
  await nav('Dashboard');
  await expect.poll(() => ui.getByTestId('net-USD-own').textContent()).toBe(formatMoney(usd, 'USD'));
  await expect.poll(() => ui.getByTestId('net-GBP-own').count()).toBe(0);
  await shot('13-dashboard-after-disconnect');

  // The bank agrees: MyBucks' grant at Memorial is gone.
  const consents = (await sandbox('GET', '/banks/memorial/consents')) as { consents?: { status: string }[] } | { status: string }[];
  const list = Array.isArray(consents) ? consents : (consents.consents ?? []);
  expect(list.length).toBeGreaterThan(0);
  expect(list.every((c) => c.status !== 'AUTH')).toBe(true);
});
