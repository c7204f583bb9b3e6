/**
 * Screenshots of the budget page (month and year) and the dashboard's budget card, light and dark, at
 * 1024×700 and 1920×1080, from the built renderer with the fixture API (build it first:
 * `npx vite build --config vite.renderer.config.ts`). Usage: npx tsx test/renderer/visual/budget-screenshots.ts [out dir]
 */
import { join } from 'node:path';
import { shoot } from './shoot';

await shoot(({ base, outDir, eachPage }) =>
  eachPage({}, async (page, { width, height, scheme }) => {
    const shot = async (name: string) => {
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(outDir, `budgets-${name}-${scheme}-${width}x${height}.png`) });
    };
    await page.goto(`${base}#/budget`);
    await page.getByRole('rowheader', { name: 'Groceries' }).waitFor();
    await shot('month');
    await page.getByRole('button', { name: 'Year' }).click();
    await page.getByRole('region', { name: /Budget year/ }).waitFor();
    await shot('year');
    await page.goto(`${base}#/dashboard`);
    const card = page.getByRole('heading', { name: /^Budget, / });
    await card.waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot('card');
  }),
);
