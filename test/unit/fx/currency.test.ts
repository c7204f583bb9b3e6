/** Home currency, ECB rates from a local server (never the network), manual rates, offline fallback and net worth. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { defaultProfile } from '../../../src/main/core/banks/profile';
import { createCurrencyCore } from '../../../src/main/core/fx';
import type { SettingsStore } from '../../../src/main/core/ports';

const NOW = Date.parse('2026-12-29T17:00:00Z');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function memorySettings(): SettingsStore {
  const map = new Map<string, unknown>();
  return {
    get: <T>(key: string) => map.get(key) as T | undefined,
    set: (key, value) => void map.set(key, structuredClone(value)),
    delete: (key) => void map.delete(key),
  };
}

interface Rates {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function ecbServer(): Promise<Rates> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const name = /^\/ecb\/(eurofxref-(?:daily|hist-90d|hist)\.xml)$/.exec(req.url ?? '')?.[1];
    if (!name) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/xml' }).end(readFileSync(new URL(`../../fixtures/ecb/${name}`, import.meta.url)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ecb/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface AccountSpec {
  id: string;
  currency: string;
  type?: 'checking' | 'savings' | 'credit_card' | 'loan' | 'other';
  balance?: number | null;
  group?: string;
  hidden?: boolean;
  closed?: boolean;
  manual?: boolean;
  snapshots?: [string, number][];
}

function makeDb(accounts: AccountSpec[]): Db {
  const db = openDatabase(':memory:');
  new ProvidersRepo(db).upsert({
    id: 'memorial', name: 'Memorial Bank', color: '#1f4e8c', issuer: 'https://memorial.test', clientId: 'x', scopes: [],
    apiBase: 'https://memorial.test/api', logoText: 'MB', tagline: null, custom: false, profile: defaultProfile(),
  });
  new ConnectionsRepo(db).insert({ id: 'conn', providerId: 'memorial', status: 'ok', statusReason: null, sub: 's', name: null, scopes: [], consentId: null, consentExpiresAt: null });
  const insert = db.prepare(
    `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, balance_minor, account_group, hidden, closed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')`,
  );
  const snap = db.prepare(`INSERT INTO balance_snapshots (account_id, date, balance_minor, currency, source) VALUES (?, ?, ?, ?, 'bank')`);
  for (const a of accounts) {
    insert.run(a.id, a.manual ? 'manual' : 'conn', a.id, a.id, a.type ?? 'checking', a.currency, a.balance ?? null, a.group ?? null, a.hidden ? 1 : 0, a.closed ? '2026-12-01T00:00:00Z' : null);
    for (const [day, minor] of a.snapshots ?? []) snap.run(a.id, day, minor, a.currency);
  }
  return db;
}

/** GBP home: £1000 + $500 (hidden) + €200 (closed) assets; £300 card, $1000 loan, a £50 "savings" grouped as a loan. */
const MIXED: AccountSpec[] = [
  { id: 'G1', currency: 'GBP', balance: 100000 },
  { id: 'U1', currency: 'USD', balance: 50000, hidden: true, snapshots: [['2026-12-01', 50000]] },
  { id: 'E1', currency: 'EUR', type: 'savings', balance: null, closed: true, snapshots: [['2026-11-30', 20000]] },
  { id: 'C1', currency: 'GBP', type: 'credit_card', balance: -30000 },
  { id: 'L1', currency: 'USD', type: 'loan', balance: -100000 },
  { id: 'S1', currency: 'GBP', type: 'savings', group: 'loans', balance: -5000 },
];

let server: Rates;
let now: number;
beforeEach(async () => {
  server = await ecbServer();
  now = NOW;
});
afterEach(() => server.close());

function core(db: Db, settings = memorySettings(), baseUrl = server.url) {
  const c = createCurrencyCore({ db, settings, logger: silent, baseUrl, now: () => now, timeoutMs: 2000 });
  return c;
}

describe('exchange rates', () => {
  it('fetches the ECB history once, then at most daily, then only the daily file', async () => {
    const fx = core(makeDb(MIXED));
    await fx.setHomeCurrency('GBP');
    const s = await fx.getCurrencySettings();
    expect(server.requests).toEqual(['/ecb/eurofxref-hist-90d.xml']);
    expect(s.rates).toMatchObject({ asOf: '2026-12-29', source: 'ecb', problem: null, fetchedAt: '2026-12-29T17:00:00.000Z' });
    expect(s.homeCurrency).toBe('GBP');
    expect(s.currenciesInUse).toEqual(['GBP', 'USD', 'EUR']);
    await fx.netWorthSummary();
    now += 23 * 3_600_000;
    await fx.netWorthSummary();
    expect(server.requests).toHaveLength(1);
    now += 2 * 3_600_000;
    await fx.netWorthSummary();
    expect(server.requests).toEqual(['/ecb/eurofxref-hist-90d.xml', '/ecb/eurofxref-daily.xml']);
    await fx.refreshRates();
    expect(server.requests).toHaveLength(3);
  });

  it('fetches the whole history when balances go back further than 90 days', async () => {
    const fx = core(makeDb([...MIXED, { id: 'U9', currency: 'USD', snapshots: [['2026-06-01', 100]] }]));
    await fx.refreshRates();
    expect(server.requests).toEqual(['/ecb/eurofxref-hist.xml']);
  });

  it('fetches nothing by itself when every account is in the home currency', async () => {
    const fx = core(makeDb([{ id: 'G1', currency: 'GBP', balance: 100 }]));
    const summary = await fx.netWorthSummary();
    expect(server.requests).toEqual([]);
    expect(summary).toMatchObject({ currency: 'GBP', netMinor: 100, unconverted: [], ratesNote: 'All balances are in GBP; no exchange rates needed.' });
  });

  it('home currency defaults to the one most accounts use until the user chooses', async () => {
    const fx = core(makeDb([{ id: 'U1', currency: 'USD', balance: 1 }, { id: 'U2', currency: 'USD', balance: 1 }, { id: 'G1', currency: 'GBP', balance: 1 }]));
    expect((await fx.getCurrencySettings()).homeCurrency).toBeNull();
    expect((await fx.netWorthSummary()).currency).toBe('USD');
    expect(core(makeDb([])).home()).toBe('GBP');
  });
});

describe('net worth summary', () => {
  it('assets, liabilities and net are the sums of the balances converted at the latest ECB rates', async () => {
    const fx = core(makeDb(MIXED));
    await fx.setHomeCurrency('GBP');
    const s = await fx.netWorthSummary();
    // 29 Dec: 1 EUR = 1.05 USD = 0.84 GBP, so 1 USD = 0.8 GBP
    const usd = 0.84 / 1.05;
    const assets = 100000 + Math.round(50000 * usd) + Math.round(20000 * 0.84);
    const liabilities = 30000 + 5000 + Math.round(100000 * usd);
    expect(assets).toBe(156800);
    expect(s).toMatchObject({ currency: 'GBP', assetsMinor: assets, liabilitiesMinor: liabilities, netMinor: assets - liabilities, unconverted: [] });
    expect(s.byCurrency).toEqual([
      { currency: 'EUR', assetsMinor: 20000, liabilitiesMinor: 0, netMinor: 20000, homePerUnit: 0.84, rateDay: '2026-12-29', rateSource: 'ecb' },
      { currency: 'GBP', assetsMinor: 100000, liabilitiesMinor: 35000, netMinor: 65000, homePerUnit: null, rateDay: null, rateSource: null },
      { currency: 'USD', assetsMinor: 50000, liabilitiesMinor: 100000, netMinor: -50000, homePerUnit: expect.closeTo(0.8, 10), rateDay: '2026-12-29', rateSource: 'ecb' },
    ]);
    expect(s.ratesNote).toBe('Rates from 29 Dec 2026 (ECB euro reference rates).');
  });

  it('a manual rate overrides the ECB from its day on', async () => {
    const fx = core(makeDb(MIXED));
    await fx.setHomeCurrency('GBP');
    const settings = await fx.setManualRate({ currency: 'USD', homePerUnit: 0.75, day: '2026-12-22' });
    expect(settings.manualRates).toEqual([{ currency: 'USD', homePerUnit: 0.75, day: '2026-12-22' }]);
    const s = await fx.netWorthSummary();
    expect(s.byCurrency.find((c) => c.currency === 'USD')).toMatchObject({ homePerUnit: 0.75, rateDay: '2026-12-22', rateSource: 'manual' });
    expect(s.assetsMinor).toBe(100000 + 37500 + 16800);
    expect(s.ratesNote).toBe('Rates from 29 Dec 2026 (ECB euro reference rates); manual rate for USD since 22 Dec 2026.');
    // a manual rate from a later day leaves the earlier days to the ECB
    const history = await fx.netWorthHome({ from: '2026-12-21', to: '2026-12-22', granularity: 'day' });
    // (only U1 and E1 have balance history)
    expect(history.points.map((p) => p.assetsMinor)).toEqual([Math.round(50000 * (0.845 / 1.065)) + Math.round(20000 * 0.845), 37500 + Math.round(20000 * 0.85)]);
    const after = await fx.deleteManualRate({ currency: 'USD', day: '2026-12-22' });
    expect(after.manualRates).toEqual([]);
    expect((await fx.netWorthSummary()).byCurrency.find((c) => c.currency === 'USD')?.rateSource).toBe('ecb');
    await expect(fx.deleteManualRate({ currency: 'USD', day: '2026-12-22' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(fx.setManualRate({ currency: 'GBP', homePerUnit: 2 })).rejects.toThrow(/GBP is your home currency/);
    await expect(fx.setManualRate({ currency: 'USD', homePerUnit: 2, day: '2027-01-05' })).rejects.toThrow(/in the future/);
  });

  it('manual rates belong to the home currency they were entered against', async () => {
    const fx = core(makeDb(MIXED), memorySettings(), 'http://127.0.0.1:9/ecb/');
    await fx.setHomeCurrency('GBP');
    await fx.setManualRate({ currency: 'USD', homePerUnit: 0.8, day: '2026-12-01' });
    await fx.setHomeCurrency('EUR');
    const eur = await fx.netWorthSummary();
    expect((await fx.getCurrencySettings()).manualRates).toEqual([]);
    expect(eur.unconverted).toEqual(['GBP', 'USD']);
    await fx.setHomeCurrency('GBP');
    expect((await fx.getCurrencySettings()).manualRates).toHaveLength(1);
  });
});

describe('offline', () => {
  it('server down: the last cached rates, and the note and status say offline', async () => {
    const settings = memorySettings();
    const db = makeDb(MIXED);
    const fx = core(db, settings);
    await fx.setHomeCurrency('GBP');
    const online = await fx.netWorthSummary();
    await server.close();
    now += 2 * 86_400_000;
    const offline = await fx.netWorthSummary();
    expect(offline.netMinor).toBe(online.netMinor);
    expect(offline.ratesNote).toBe('Offline: last rates from 29 Dec 2026 (ECB euro reference rates).');
    const status = (await fx.getCurrencySettings()).rates;
    expect(status).toMatchObject({ asOf: '2026-12-29', source: 'ecb', fetchedAt: '2026-12-29T17:00:00.000Z' });
    expect(status.problem).toMatch(/^Could not update exchange rates from 127\.0\.0\.1:\d+ \(.+\)\. Using the last rates, from 29 Dec 2026\. MyBucks tries again tomorrow, or choose Update rates\.$/);
    // back online: the problem goes away
    server = await ecbServer();
    const again = core(db, settings, server.url);
    expect((await again.refreshRates()).rates.problem).toBeNull();
  });

  it('no cache: manual rates convert, currencies without any rate are listed and left out', async () => {
    const fx = core(makeDb(MIXED), memorySettings(), 'http://127.0.0.1:9/ecb/');
    await fx.setHomeCurrency('GBP');
    await fx.setManualRate({ currency: 'USD', homePerUnit: 0.8, day: '2026-12-01' });
    const s = await fx.netWorthSummary();
    expect(s.unconverted).toEqual(['EUR']);
    expect(s.assetsMinor).toBe(100000 + 40000);
    expect(s.liabilitiesMinor).toBe(35000 + 80000);
    expect(s.byCurrency.find((c) => c.currency === 'EUR')).toMatchObject({ homePerUnit: null, rateSource: null, netMinor: 20000 });
    expect(s.ratesNote).toBe(
      'Manual rate for USD since 1 Dec 2026. No exchange rate for EUR, so that currency is left out of the totals. ' +
        'Add a manual rate in Settings → Currency, or choose Update rates there when online.',
    );
    expect((await fx.getCurrencySettings()).rates).toMatchObject({ asOf: '2026-12-01', source: 'manual' });
  });

  it('no cache and no manual rate: every foreign currency is left out, never an invented rate', async () => {
    const fx = core(makeDb(MIXED), memorySettings(), 'http://127.0.0.1:9/ecb/');
    await fx.setHomeCurrency('GBP');
    const s = await fx.netWorthSummary();
    expect(s).toMatchObject({ assetsMinor: 100000, liabilitiesMinor: 35000, netMinor: 65000, unconverted: ['EUR', 'USD'] });
    expect(s.ratesNote).toMatch(/^No exchange rate for EUR, USD, so those currencies are left out of the totals\./);
    const status = (await fx.getCurrencySettings()).rates;
    expect(status).toMatchObject({ asOf: null, source: 'none' });
    expect(status.problem).toMatch(/No rates are stored yet: add manual rates for your currencies below\./);
  });
});

describe('net worth over time', () => {
  const USD_ONLY: AccountSpec[] = [
    { id: 'G1', currency: 'GBP', snapshots: [['2026-12-20', 1000]] },
    { id: 'U1', currency: 'USD', snapshots: [['2026-12-18', 10000], ['2026-12-28', 20000]] },
    { id: 'C1', currency: 'USD', type: 'credit_card', snapshots: [['2026-12-24', -1000]] },
  ];

  it('converts each day at the latest ECB rate on or before it (weekends and holidays use the previous business day)', async () => {
    const fx = core(makeDb(USD_ONLY));
    await fx.setHomeCurrency('GBP');
    const h = await fx.netWorthHome({ from: '2026-12-01', to: '2027-01-31', granularity: 'day' });
    // clamped: from the first snapshot to today
    expect(h.points[0].date).toBe('2026-12-18');
    expect(h.points[h.points.length - 1].date).toBe('2026-12-29');
    expect(h.points).toHaveLength(12);
    const usd = (gbp: number, usdRate: number) => gbp / usdRate;
    const at = (date: string) => h.points.find((p) => p.date === date)!;
    expect(at('2026-12-18').assetsMinor).toBe(Math.round(10000 * usd(0.842, 1.06)));
    expect(at('2026-12-19').assetsMinor).toBe(Math.round(10000 * usd(0.842, 1.06))); // Saturday: Friday's rate
    expect(at('2026-12-20').assetsMinor).toBe(1000 + Math.round(10000 * usd(0.842, 1.06))); // Sunday
    expect(at('2026-12-21').assetsMinor).toBe(1000 + Math.round(10000 * usd(0.845, 1.065)));
    for (const day of ['2026-12-25', '2026-12-26', '2026-12-27']) {
      // Christmas (no ECB fixing) and the weekend: Christmas Eve's rate
      expect(at(day)).toEqual({ date: day, assetsMinor: 1000 + Math.round(10000 * usd(0.86, 1.08)), liabilitiesMinor: Math.round(1000 * usd(0.86, 1.08)), netMinor: 1000 + Math.round(10000 * usd(0.86, 1.08)) - Math.round(1000 * usd(0.86, 1.08)) });
    }
    expect(at('2026-12-28').assetsMinor).toBe(1000 + Math.round(20000 * usd(0.83, 1.04)));
    expect(h.unconverted).toEqual([]);
    expect(h.ratesNote).toBe("Each day at that day's rates, latest from 29 Dec 2026 (ECB euro reference rates).");
  });

  it('monthly points are month ends and the last day', async () => {
    const fx = core(makeDb([{ id: 'G1', currency: 'GBP', snapshots: [['2026-10-15', 500]] }]));
    const h = await fx.netWorthHome({ from: '2026-01-01', to: '2026-12-31', granularity: 'month' });
    expect(h.points.map((p) => p.date)).toEqual(['2026-10-31', '2026-11-30', '2026-12-29']);
  });

  it('days without any rate leave that currency out and name it', async () => {
    const fx = core(makeDb(USD_ONLY), memorySettings(), 'http://127.0.0.1:9/ecb/');
    await fx.setHomeCurrency('GBP');
    await fx.setManualRate({ currency: 'USD', homePerUnit: 0.5, day: '2026-12-24' });
    const h = await fx.netWorthHome({ from: '2026-12-18', to: '2026-12-29', granularity: 'day' });
    expect(h.points.find((p) => p.date === '2026-12-23')).toEqual({ date: '2026-12-23', assetsMinor: 1000, liabilitiesMinor: 0, netMinor: 1000 });
    expect(h.points.find((p) => p.date === '2026-12-24')).toEqual({ date: '2026-12-24', assetsMinor: 1000 + 5000, liabilitiesMinor: 500, netMinor: 5500 });
    expect(h.unconverted).toEqual(['USD']);
    expect(h.ratesNote).toContain('Manual rate for USD since 24 Dec 2026.');
    expect(h.ratesNote).toContain('No exchange rate for USD, so that currency is left out of the days it has no rate for.');
  });
});
