/**
 * Screenshots of the import screen against the real core (browser mode): the CSV mapping step and a preview with
 * new rows, rows already in MyBucks and a row to decide on, light and dark, at 1024×700 and 1920×1080. A visual
 * check, not a test. Usage (after `npx vite build --config vite.renderer.config.ts`):
 *   npx tsx test/renderer/visual/import-shots.ts [output folder, default test-results/renderer]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_API_PREFIX, BRIDGE_SECRET_HEADER } from '../../../src/shared/bridge';
import { silentLogger } from '../../../src/main/core/log';
import { startWebApp } from '../../../src/main/web-main';
import { shoot } from './shoot';

const dataDir = await mkdtemp(join(tmpdir(), 'mybucks-import-shots-'));
const app = await startWebApp({ dataDir, logger: silentLogger, opener: { open: async () => {} } });

async function call<T>(method: string, input?: unknown): Promise<T> {
  const res = await fetch(`${app.origin}${BRIDGE_API_PREFIX}${method}`, {
    method: 'POST',
    headers: { [BRIDGE_SECRET_HEADER]: app.secret, 'content-type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (!res.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result as T;
}

const csv = (rows: string[]) => Buffer.from(['Date,Description,Amount,Balance', ...rows].join('\r\n'));
const march = csv(['01/03/2026,TESCO STORES 2041,-42.10,957.90', '02/03/2026,ACME LTD SALARY MAR,2450.00,3407.90', '03/03/2026,UBER TRIP HELP.UBER.COM,-12.00,3395.90']);
const marchAndApril = csv([
  '01/03/2026,Tesco Stores 2041,-42.10,957.90',
  '02/03/2026,ACME LTD SALARY MAR,2450.00,3407.90',
  '03/03/2026,BOLT RIDE,-12.00,3395.90',
  '01/04/2026,TESCO STORES 2041,-38.75,3357.15',
  '02/04/2026,ACME LTD SALARY APR,2450.00,5807.15',
  '03/04/2026,BRITISH GAS DIRECT DEBIT,-85.00,5722.15',
  '05/04/2026,PRET A MANGER SOHO,-6.45,5715.70',
]);

// a building society account with March imported already, so April's file overlaps it
const account = await call<{ id: string }>('createManualAccount', { name: 'Building society', group: 'savings', currency: 'GBP', balanceMinor: 0, day: '2026-02-28' });
const upload = await call<{ uploadId: string }>('importUpload', { fileName: 'march.csv', totalBytes: march.length, offset: 0, chunkBase64: march.toString('base64') });
const ask = await call<{ csv: { mapping: unknown } }>('importPreview', { source: { uploadId: upload.uploadId }, target: { accountId: account.id } });
const first = await call<{ previewId: string }>('importPreview', { source: { uploadId: upload.uploadId }, target: { accountId: account.id }, csvMapping: ask.csv.mapping });
await call('importCommit', { previewId: first.previewId });

try {
  await shoot(
    ({ outDir, eachPage }) =>
      eachPage({ locale: 'en-GB', fake: false }, async (page, { width: w, scheme }) => {
        await page.goto(app.url);
        await page.evaluate(() => (window.location.hash = '#/import'));
        await page.getByLabel('Statement file').setInputFiles({ name: 'april.csv', mimeType: 'text/csv', buffer: marchAndApril });
        await page.getByRole('combobox', { name: /^Into/ }).selectOption({ label: 'A new manual account…' });
        await page.getByRole('button', { name: 'Read the file' }).click();
        await page.getByRole('heading', { name: 'Which column is what in april.csv?' }).waitFor();
        await page.screenshot({ path: join(outDir, `import-mapping-${w}-${scheme}.png`), fullPage: true });

        await page.evaluate(() => (window.location.hash = '#/accounts'));
        await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();
        await page.evaluate((id) => (window.location.hash = `#/import?account=${id}`), account.id);
        await page.getByLabel('Statement file').setInputFiles({ name: 'april.csv', mimeType: 'text/csv', buffer: marchAndApril });
        await page.getByRole('button', { name: 'Read the file' }).click();
        await page.getByRole('tab', { name: /To decide/ }).waitFor();
        await page.screenshot({ path: join(outDir, `import-preview-${w}-${scheme}.png`), fullPage: true });
        await page.getByRole('tab', { name: /Already in MyBucks/ }).click();
        await page.screenshot({ path: join(outDir, `import-preview-duplicates-${w}-${scheme}.png`), fullPage: true });
      }),
    { serve: false },
  );
} finally {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
}
