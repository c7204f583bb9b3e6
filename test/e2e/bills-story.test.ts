/**
 * Sarah's bills end to end (issue 11): the real renderer in headless Chromium, browser mode, the real mock bank. She
 * links Memorial Bank; after the first sync the Bills page suggests what repeats in her history; she confirms her
 * streaming subscription (whose price just rose), sees its yearly cost, and opens its payments. Screenshots go to
 * test-results/e2e/.
 */
import { expect, test } from 'vitest';
import { STREAMING } from '../../mock-bank/src/data/catalog';
import { useE2eApp } from '../support/e2e-app';

const e2e = useE2eApp({ prefix: 'bills-', dataDirPrefix: 'mybucks-e2e-bills-' });
const { shot, nav, linkFirstBank } = e2e;

/** Money as the page shows it in Chromium's en-GB locale. */
const formatMoney = (minor: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(minor / 100);

test('Sarah confirms her streaming subscription and sees what it costs her a year', async () => {
  const { ui } = e2e;
  await linkFirstBank();

  await nav('Bills');
  const suggestions = ui.getByRole('region', { name: 'Suggestions' });
  const streaming = STREAMING.uk;
  await suggestions.getByText(`Price rise from ${formatMoney(streaming.typicalMinor)} to ${formatMoney(streaming.raisedMinor)}`).waitFor();
  await shot('01-suggestions');

  await suggestions.getByRole('button', { name: `Confirm ${streaming.name}` }).click();
  const subscriptions = ui.getByRole('region', { name: 'Subscriptions' });
  const row = subscriptions.getByRole('row').filter({ has: ui.getByRole('button', { name: new RegExp(`^${streaming.name.replace('+', '\\+')}: show its`) }) });
  await expect.poll(() => row.getByTestId(/^yearly-/).textContent()).toBe(formatMoney(-streaming.raisedMinor * 12));
  await expect(suggestions.getByRole('button', { name: `Confirm ${streaming.name}` }).count()).resolves.toBe(0);
  await shot('02-confirmed');

  // its payments, exactly: the drill-down's total is their sum
  await row.getByRole('button', { name: new RegExp(`^${streaming.name.replace('+', '\\+')}: show its`) }).click();
  await ui.getByRole('region', { name: 'Showing the transactions behind a figure' }).getByText(`${streaming.name}: every payment`).waitFor();
  const total = (await ui.getByTestId('filtered-total-GBP').textContent()) ?? '';
  expect(total.startsWith('-£')).toBe(true);
  await ui.getByRole('button', { name: '← Back to the bills' }).click();
  await subscriptions.waitFor();
});
