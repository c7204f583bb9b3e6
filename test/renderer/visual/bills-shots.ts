/**
 * Screenshots of the Bills page (issue 11) from the built renderer (run `npx vite build --config vite.renderer.config.ts`
 * first) with the fixture `window.mybucks`: light and dark, 1024×700 and 1920×1080, into the folder given (default
 * test-results/renderer). Usage: npx tsx test/renderer/visual/bills-shots.ts [folder]
 */
import { join } from 'node:path';
import { shoot } from './shoot';

await shoot(({ base, outDir, eachPage }) =>
  eachPage({}, async (page, { width, height, scheme }) => {
    await page.goto(`${base}#/bills`);
    await page.getByRole('heading', { name: 'Bills and subscriptions' }).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, `bills-${scheme}-${width}x${height}.png`), fullPage: false });
    await page.screenshot({ path: join(outDir, `bills-${scheme}-${width}x${height}-full.png`), fullPage: true });
    if (width === 1920 && scheme === 'dark') {
      // the keyboard on the calendar: focus today, move a week on, open the day
      await page.locator('.calendar-day[aria-current="date"]').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.screenshot({ path: join(outDir, `bills-${scheme}-calendar-keyboard.png`), fullPage: false });
      await page.getByRole('button', { name: 'Edit Disney+' }).click();
      await page.screenshot({ path: join(outDir, `bills-${scheme}-edit-dialog.png`), fullPage: false });
    }
  }),
);
