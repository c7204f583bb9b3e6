/**
 * Screenshots of the Categories and Rules screens and a split transaction, light and dark, at 1024×700 and
 * 1920×1080, against the fixture API (run `npx vite build --config vite.renderer.config.ts` first).
 * Usage: npx tsx test/renderer/visual/catrules-shots.ts [output folder, default test-results/renderer]
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shoot } from './shoot';

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

await shoot(({ base, outDir, eachPage }) =>
  eachPage({ locale: 'en-GB' }, async (page, { width, height, scheme }) => {
    const name = (what: string) => join(outDir, `catrules-${what}-${scheme}-${width}x${height}.png`);

    await page.goto(`${base}#/categories`);
    await settle(page);
    await page.screenshot({ path: name('categories') });
    await page.getByRole('button', { name: 'Edit Groceries' }).click();
    await page.screenshot({ path: name('category-edit') });
    await page.keyboard.press('Escape');

    await page.goto(`${base}#/rules`);
    await settle(page);
    await page.screenshot({ path: name('rules') });
    await page.getByRole('button', { name: 'Edit rule 1' }).click();
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByRole('region', { name: 'Preview' }).waitFor();
    await page.screenshot({ path: name('rule-preview') });
    await page.keyboard.press('Escape');

    await page.goto(`${base}#/transactions`);
    await page.locator('.tx-body [role="row"]:not([aria-busy])').first().waitFor();
    await settle(page);
    await page.getByRole('checkbox', { name: /^Select / }).nth(1).click();
    await page.getByRole('checkbox', { name: /^Select / }).nth(3).click({ modifiers: ['Shift'] });
    await page.screenshot({ path: name('transactions-split') });
    await page.locator('.split-summary').first().click();
    await page.getByRole('button', { name: 'Change the split…' }).click();
    await page.screenshot({ path: name('split-dialog') });
  }),
);
