/**
 * Sync and dashboard benchmark (`npm run bench`): prints a table and writes bench-results/sync.json.
 *
 * 1. 100,000 transactions across four banks over real HTTP (the mock bank runs in its own process):
 *    initial sync vs. the floor (the same pages fetched and parsed without storing + a bare bulk insert
 *    of the same rows into the same schema, in one transaction, without categories or daily totals),
 *    then a re-sync with nothing new. `--small` stops there.
 * 2. 1,000,000 transactions: a full sync with peak RSS sampled, then the median of each dashboard query.
 * 3. The real renderer in headless Chromium over that 1,000,000-transaction database (browser mode): time
 *    from navigation until the dashboard's figures and charts are drawn, and row elements in the DOM while
 *    scrolling the transaction list (`--no-ui` skips it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { transactionQuerySchema } from '../../src/shared/contract';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../src/main/core/db/connections-repo';
import { decimalToMinor } from '../../src/shared/money';
import { SearchTexts } from '../../src/main/core/db/derived';
import * as reports from '../../src/main/core/reports';
import { bearer, connectionIdOf, syncAll, type BankInfo, type ChildSyncFigures } from './common';
import { benchUi, type UiFigures } from './ui';
import { catchUpReferences, categoryCases, referenceCases } from './references';
import { benchIngest, ingestRows, type IngestFigures } from './ingest';
import { benchLatency, latencyRows, type LatencyFigures } from './latency';
import { benchImportParse, importParseRows, type ImportParseFigures } from './import-parse';
// Import (issue 12)
import { benchImport, importRows, type ImportFigures } from './import';
import { defaultProfile } from '../../src/main/core/banks/profile';
// Recurring bills (issue 11)
import { benchRecurringAccuracy, benchRecurringAfterSync, recurringRows, type RecurringSpeedFigures } from './recurring';

const ACCOUNTS = 12; // Sarah: three accounts at each of four banks

const banksRunning = new Set<ChildProcess>();
process.on('exit', () => banksRunning.forEach((p) => p.kill('SIGKILL')));

async function startBank(perAccount: number): Promise<{ info: BankInfo; proc: ChildProcess }> {
  const script = fileURLToPath(new URL('./bank-process.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', script, String(perAccount)], { stdio: ['ignore', 'pipe', 'inherit'] });
  banksRunning.add(proc);
  proc.once('exit', () => banksRunning.delete(proc));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`mock bank exited (${code})`)));
  });
  return { info: JSON.parse(line) as BankInfo, proc };
}

function stopBank(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

function linkedDb(file: string, info: BankInfo): Db {
  const db = openDatabase(file);
  for (const bank of info.banks) {
    new ProvidersRepo(db).upsert({ id: bank.id, name: bank.name, issuer: bank.issuer, clientId: 'mybucks-desktop', scopes: [], apiBase: bank.apiBase, color: '#000000', logoText: 'XX', tagline: null, custom: false, profile: defaultProfile() });
    new ConnectionsRepo(db).insert({ id: connectionIdOf(bank.id), providerId: bank.id, status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null });
  }
  return db;
}

type RawTx = { account: string; id: string; at: string; amount: number; currency: string; info: string; merchant: string | null; status: string };

/** The floor's first half: the same pages over HTTP, parsed, nothing stored or validated. */
async function fetchOnly(info: BankInfo, keep: RawTx[] | null): Promise<{ ms: number; rows: number }> {
  const get = bearer(info);
  const t0 = performance.now();
  let rows = 0;
  await Promise.all(
    info.banks.map(async (bank) => {
      const id = connectionIdOf(bank.id);
      const accounts = (await (await get(id, `${bank.apiBase}/accounts`)).json()) as { Data: { Account: { AccountId: string }[] } };
      for (const a of accounts.Data.Account) {
        await (await get(id, `${bank.apiBase}/accounts/${a.AccountId}/balances`)).json();
        let url: string | undefined = `${bank.apiBase}/accounts/${a.AccountId}/transactions`;
        while (url) {
          const body = (await (await get(id, url)).json()) as {
            Data: { Transaction: { TransactionId: string; BookingDateTime: string; CreditDebitIndicator: string; Status: string; Amount: { Amount: string; Currency: string }; TransactionInformation?: string; MerchantDetails?: { MerchantName?: string } }[] };
            Links?: { Next?: string };
          };
          rows += body.Data.Transaction.length;
          if (keep) {
            for (const t of body.Data.Transaction) {
              keep.push({
                account: `${id}/${a.AccountId}`, id: t.TransactionId, at: t.BookingDateTime, currency: t.Amount.Currency, status: t.Status,
                amount: (t.CreditDebitIndicator === 'Debit' ? -1 : 1) * decimalToMinor(t.Amount.Amount, t.Amount.Currency),
                info: t.TransactionInformation ?? '', merchant: t.MerchantDetails?.MerchantName ?? null,
              });
            }
          }
          url = body.Links?.Next;
        }
      }
    }),
  );
  return { ms: performance.now() - t0, rows };
}

/** The floor's second half: one prepared INSERT of the same rows into the same schema, one transaction. */
function bareInsert(file: string, info: BankInfo, rows: RawTx[]): number {
  const db = linkedDb(file, info);
  const accounts = [...new Set(rows.map((r) => r.account))];
  const insAccount = db.prepare(`INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, created_at, updated_at) VALUES (?, ?, ?, 'x', 'other', 'GBP', 'x', 'x')`);
  for (const a of accounts) insAccount.run(a, a.split('/')[0], a.split('/')[1]);
  const ins = db.prepare(
    `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status, search_text_id, first_seen_run, last_seen_run, changed_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1)`,
  );
  const texts = new SearchTexts(db);
  const t0 = performance.now();
  db.transaction(() => {
    for (const r of rows) {
      const status = r.status === 'PDNG' ? 'pending' : 'booked';
      ins.run(r.account, r.id, r.at.slice(0, 10), r.at, r.amount, r.currency, r.info, r.merchant, status, texts.idOf(r.info, r.merchant));
    }
  })();
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/** Runs the 1M sync in a fresh process (test/bench/sync-process.ts) and reads its figures. */
async function syncInChild(file: string, info: BankInfo): Promise<ChildSyncFigures> {
  const script = fileURLToPath(new URL('./sync-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(JSON.stringify(info));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sync process exited (${code})`)));
  });
  return JSON.parse(line) as ChildSyncFigures;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeQuery(fn: () => unknown, runs = 15): number {
  fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mybucks-bench-'));
  const small = Math.ceil(100_000 / ACCOUNTS);
  const large = Math.ceil(1_000_000 / ACCOUNTS);
  const results: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };
  try {
    results.ingest = await benchIngest(); // 10k rows through the sync store vs a bare insert (test/bench/ingest.ts)
    results.latency = await benchLatency(); // 150 ms per request, accounts read concurrently (test/bench/latency.ts)
    results.importParse = await benchImportParse(); // 100k-row CSV and OFX statement files parsed (test/bench/import-parse.ts)
    // Import (issue 12): 100k-row CSV and OFX statements end to end vs a bare insert (test/bench/import.ts)
    results.import = await benchImport();
    // Recurring bills (issue 11): the detector's precision and recall on generated histories (test/bench/recurring.ts)
    results.recurringAccuracy = benchRecurringAccuracy();
    if (process.argv.includes('--only-new')) return printAndSave(results);
    // --- 100k: floor, initial sync, re-sync ---
    let { info, proc } = await startBank(small);
    await fetchOnly(info, null); // warm the bank's generator and the HTTP path
    const raw: RawTx[] = [];
    const floorFetch = await fetchOnly(info, raw);
    const floorInsertMs = bareInsert(join(dir, 'floor.sqlite'), info, raw);
    raw.length = 0;
    const db = linkedDb(join(dir, 'small.sqlite'), info);
    const initial = await syncAll(db, info);
    const resync = await syncAll(db, info);
    db.close();
    await stopBank(proc);
    const floorMs = floorFetch.ms + floorInsertMs;
    results.initialSync = {
      transactions: initial.seen,
      ms: initial.ms,
      txPerSecond: (initial.seen / initial.ms) * 1000,
      floor: { fetchMs: floorFetch.ms, bareInsertMs: floorInsertMs, totalMs: floorMs, rows: floorFetch.rows },
      ratioToFloor: initial.ms / floorMs,
      targets: { txPerSecond: 50_000, ratioToFloor: 1.5 },
    };
    results.resync = { ms: resync.ms, added: resync.added, fractionOfInitial: resync.ms / initial.ms, target: 0.05 };

    if (process.argv.includes('--small')) return printAndSave(results);

    // --- 1M: sync in a fresh process (as the app's main process would run it), peak RSS sampled there ---
    ({ info, proc } = await startBank(large));
    linkedDb(join(dir, 'large.sqlite'), info).close();
    const big = await syncInChild(join(dir, 'large.sqlite'), info);
    // Recurring bills (issue 11): detection after that sync and after a small re-sync, next to the sync's time
    results.recurring = await benchRecurringAfterSync(join(dir, 'large.sqlite'), info);
    await stopBank(proc);
    results.largeSync = { transactions: big.seen, ms: big.ms, txPerSecond: (big.seen / big.ms) * 1000, rssBeforeMB: big.rssBeforeMB, peakRssMB: big.peakRssMB, targetRssMB: 300 };
    const bigDb = openDatabase(join(dir, 'large.sqlite'));

    const today = (bigDb.prepare('SELECT max(booking_date) AS d FROM transactions').get() as { d: string }).d;
    const monthStart = `${today.slice(0, 7)}-01`;
    const yearAgo = addDays(today, -365);
    const merchant = (bigDb.prepare('SELECT merchant FROM transactions WHERE merchant IS NOT NULL LIMIT 1 OFFSET 5000').get() as { merchant: string }).merchant;
    const accountId = (bigDb.prepare('SELECT id FROM accounts LIMIT 1').get() as { id: string }).id;
    const list = (q: object) => reports.listTransactions(bigDb, transactionQuerySchema.parse(q));
    const secondPageCursor = list({ limit: 100 }).nextCursor;
    results.referenceIndex = catchUpReferences(bigDb, () => list({ limit: 100, search: 'ref 12345' }));
    const reference = (bigDb.prepare(`SELECT description FROM transactions WHERE description GLOB '*ref [0-9]*' LIMIT 1 OFFSET 7000`).pluck().get() as string).split(' ').at(-1)!;
    const queries: Record<string, () => unknown> = {
      'netWorth (365 days, daily)': () => reports.netWorth(bigDb, { from: yearAgo, to: today, granularity: 'day' }),
      'netWorth (2 years, monthly)': () => reports.netWorth(bigDb, { from: addDays(today, -730), to: today, granularity: 'month' }),
      balancesByBank: () => reports.balancesByBank(bigDb),
      listAccounts: () => reports.listAccounts(bigDb),
      'spendingByCategory (this month)': () => reports.spendingByCategory(bigDb, { from: monthStart, to: today }),
      'spendingByCategory (12 months)': () => reports.spendingByCategory(bigDb, { from: yearAgo, to: today }),
      'spendingTrend (12 months)': () => reports.spendingTrend(bigDb, { from: yearAgo, to: today }),
      'incomeVsExpenses (12 months)': () => reports.incomeVsExpenses(bigDb, { from: yearAgo, to: today }),
      'topMerchants (this month)': () => reports.topMerchants(bigDb, { from: monthStart, to: today, limit: 10 }),
      'topMerchants (12 months)': () => reports.topMerchants(bigDb, { from: yearAgo, to: today, limit: 10 }),
      'listTransactions (first page)': () => list({ limit: 100 }),
      'listTransactions (next page by cursor)': () => list({ limit: 100, cursor: secondPageCursor }),
      'listTransactions (one account, by date)': () => list({ limit: 100, accountIds: [accountId] }),
      'listTransactions (one account, by amount)': () => list({ limit: 100, accountIds: [accountId], sort: 'amount_desc' }),
      'listTransactions (amount range, by amount)': () => list({ limit: 100, minAmountMinor: -5000, maxAmountMinor: -1000, sort: 'amount_asc' }),
      'listTransactions (category + month)': () => list({ limit: 100, categoryIds: ['groceries'], from: monthStart, to: today }),
      'listTransactions (jump to offset 250,000)': () => list({ limit: 200, offset: 250_000 }),
      'listTransactions (jump to offset 500,000)': () => list({ limit: 200, offset: 500_000 }),
      'listTransactions (jump to offset 999,900)': () => list({ limit: 200, offset: 999_900 }),
      'listTransactions (groceries, jump to the middle)': () => list({ limit: 200, categoryIds: ['groceries'], offset: 60_000 }),
      ...categoryCases(list),
    };
    const searches: Record<string, () => unknown> = {
      [`search "${merchant}"`]: () => list({ limit: 100, search: merchant }),
      'search "rent"': () => list({ limit: 100, search: 'rent' }),
      [`search "${merchant}" in one account`]: () => list({ limit: 100, search: merchant, accountIds: [accountId] }),
      'search "ref 12345" (reference substring)': () => list({ limit: 100, search: 'ref 12345' }),
      'search "zzzz" (no hits)': () => list({ limit: 100, search: 'zzzz' }),
      ...referenceCases(list, reference),
    };
    const dashboard: Record<string, number> = {};
    for (const [name, fn] of Object.entries(queries)) dashboard[name] = timeQuery(fn);
    const search: Record<string, number> = {};
    for (const [name, fn] of Object.entries(searches)) search[name] = timeQuery(fn);
    results.queries = { storedTransactions: big.seen, medianMs: dashboard, targetMs: 50 };
    results.search = { medianMs: search, targetMs: 100 };
    bigDb.close();
    if (!process.argv.includes('--no-ui')) results.ui = await benchUi(join(dir, 'large.sqlite'), big.seen);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printAndSave(results);
}

function printAndSave(results: Record<string, unknown>): void {
  const r = results as {
    initialSync: { transactions: number; ms: number; txPerSecond: number; floor: { fetchMs: number; bareInsertMs: number; totalMs: number }; ratioToFloor: number };
    resync: { ms: number; fractionOfInitial: number };
    largeSync: { transactions: number; ms: number; txPerSecond: number; rssBeforeMB: number; peakRssMB: number };
    referenceIndex: { rows: number; catchUpMs: number; beforeCatchUpSearchMs: number };
    queries: { medianMs: Record<string, number> };
    search: { medianMs: Record<string, number> };
    ui?: UiFigures;
    ingest: IngestFigures;
    latency: LatencyFigures;
    importParse: ImportParseFigures;
    // Import (issue 12)
    import: ImportFigures;
    // Recurring bills (issue 11)
    recurringAccuracy?: ReturnType<typeof benchRecurringAccuracy>;
    recurring?: RecurringSpeedFigures;
  };
  const rows: [string, string, string][] = r.initialSync ? [
    ['initial sync (4 banks)', `${fmt(r.initialSync.transactions)} tx in ${fmt(r.initialSync.ms)} ms = ${fmt(r.initialSync.txPerSecond)} tx/s`, '>= 50,000 tx/s'],
    ['  floor: fetch + parse only', `${fmt(r.initialSync.floor.fetchMs)} ms`, ''],
    ['  floor: bare bulk insert', `${fmt(r.initialSync.floor.bareInsertMs)} ms`, ''],
    ['  sync / floor', `${fmt(r.initialSync.ratioToFloor, 2)}x`, '<= 1.5x'],
    ['re-sync, nothing new', `${fmt(r.resync.ms)} ms = ${fmt(r.resync.fractionOfInitial * 100, 1)}% of initial`, '< 5%'],
  ] : [];
  rows.push(...ingestRows(r.ingest), ...latencyRows(r.latency), ...importParseRows(r.importParse));
  // Import (issue 12)
  rows.push(...importRows(r.import));
  // Recurring bills (issue 11)
  rows.push(...recurringRows(r.recurringAccuracy, r.recurring, r.largeSync?.ms));
  if (r.largeSync) rows.push(
    ['1M sync', `${fmt(r.largeSync.transactions)} tx in ${fmt(r.largeSync.ms)} ms = ${fmt(r.largeSync.txPerSecond)} tx/s`, ''],
    ['  peak RSS during 1M sync', `${fmt(r.largeSync.peakRssMB)} MB (${fmt(r.largeSync.rssBeforeMB)} MB before it)`, '< 300 MB'],
    ['  after it: reference index catch-up (background)', `${fmt(r.referenceIndex.rows)} rows in ${fmt(r.referenceIndex.catchUpMs)} ms; "ref 12345" before it ${fmt(r.referenceIndex.beforeCatchUpSearchMs)} ms`, ''],
    ...Object.entries(r.queries.medianMs).map(([k, v]): [string, string, string] => [`query: ${k}`, `${fmt(v, 1)} ms`, '< 50 ms']),
    ...Object.entries(r.search.medianMs).map(([k, v]): [string, string, string] => [`text ${k}`, `${fmt(v, 1)} ms`, '< 100 ms']),
  );
  if (r.ui) rows.push(
    ...Object.entries(r.ui.dashboardMs).map(([k, v]): [string, string, string] => [`UI: dashboard drawn after navigation (${k})`, `${fmt(v.median)} ms median of ${v.runs.length}`, '< 1,000 ms']),
    ['UI: transaction list, first rows', `${fmt(r.ui.transactionList.firstRowsMs)} ms (${fmt(r.ui.transactionList.total)} rows)`, ''],
    ['UI: row elements in the DOM while scrolling', `max ${r.ui.transactionList.maxRowElements} (${Object.values(r.ui.transactionList.rowElements).join(', ')})`, '< 100'],
  );
  const w = Math.max(...rows.map((x) => x[0].length));
  const w2 = Math.max(...rows.map((x) => x[1].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padEnd(w2)}  ${c}`).join('\n'));
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/sync.json', `${JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)}\n`);
  console.log('\nwritten bench-results/sync.json');
}

await main();
