/** The mock bank plays the ECB (offline development): the app's rates client reads its files and converts with them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { ecbRate } from '../../../mock-bank/src/ecb';
import { openDatabase } from '../../../src/main/core/db/database';
import { createCurrencyCore } from '../../../src/main/core/fx';

let bank: MockBankHandle;
const NOW = new Date('2026-11-29T12:00:00Z'); // a Sunday: the last rates are Friday's

beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, now: () => NOW });
});
afterAll(() => bank.close());

describe('mock bank /ecb/', () => {
  it('serves the three ECB files, and net worth converts at the last business day\'s rate', async () => {
    for (const file of ['eurofxref-daily.xml', 'eurofxref-hist-90d.xml', 'eurofxref-hist.xml']) {
      const res = await fetch(`${bank.origin}/ecb/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/xml/);
    }
    const db = openDatabase(':memory:');
    const acct = db.prepare(
      `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, balance_minor, created_at, updated_at) VALUES (?, 'manual', ?, ?, 'other', ?, ?, 'x', 'x')`,
    );
    acct.run('g', 'g', 'Cash', 'GBP', 10000);
    acct.run('u', 'u', 'Dollars', 'USD', 10000);
    const map = new Map<string, unknown>();
    const fx = createCurrencyCore({
      db,
      settings: { get: <T,>(k: string) => map.get(k) as T, set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      baseUrl: `${bank.origin}/ecb/`,
      now: () => NOW.getTime(),
    });
    await fx.setHomeCurrency('GBP');
    const s = await fx.netWorthSummary();
    const usd = Number(ecbRate('GBP', '2026-11-27')) / Number(ecbRate('USD', '2026-11-27'));
    expect(s.unconverted).toEqual([]);
    expect(s.byCurrency.find((c) => c.currency === 'USD')).toMatchObject({ rateDay: '2026-11-27', rateSource: 'ecb' });
    expect(s.assetsMinor).toBe(10000 + Math.round(10000 * usd));
    expect(s.ratesNote).toBe('Rates from 27 Nov 2026 (ECB euro reference rates).');
  });
});
