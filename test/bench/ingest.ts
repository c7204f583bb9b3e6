/**
 * Ingest benchmark: 10,000 real-looking rows (one account of the mock bank, read once over HTTP before any
 * timing) written through the sync store page by page (1,000 rows, one SQLite transaction each), first
 * into an empty account and then the same rows again (a deep re-read where nothing changed), against the
 * floor measured in the same run: one prepared INSERT of the same rows and columns into the same schema, in
 * one transaction, without categories, deduplication or daily totals. Every figure is the median of
 * `REPEATS` runs, each on fresh database files. finishWindow (deletions, daily totals, balance history) is
 * timed apart: the floor has nothing like it.
 *
 * Run alone with `tsx test/bench/ingest.ts`; `npm run bench` runs it too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMockBank } from '../../mock-bank/src/server';
import { ObClient, type BankTransaction } from '../../src/main/core/banks/ob-client';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../src/main/core/db/connections-repo';
import { SearchTexts } from '../../src/main/core/db/derived';
import { defaultProfile } from '../../src/main/core/banks/profile';
import { Categoriser } from '../../src/main/core/sync/categoriser';
import { SyncStore, type TransactionWindow } from '../../src/main/core/sync/sync-store';
import { bearerFetch, connectionIdOf, mintTokens } from '../integration/sync/harness';

const ROWS = 10_000;
const PAGE = 1_000;
const REPEATS = 9;

export interface IngestFigures {
  rows: number;
  pageSize: number;
  repeats: number;
  medianMs: { bareInsert: number; firstIngest: number; reread: number; firstFinishWindow: number; rereadFinishWindow: number };
  ratio: { firstToBare: number; rereadToFirst: number; rereadToBare: number };
  targets: { firstToBare: number; rereadToFirst: number };
  runsMs: Record<string, number[]>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 10,000 rows of one mock-bank account, parsed by the real client (so the same shapes the sync stores). */
async function bankRows(): Promise<BankTransaction[]> {
  const handle = await startMockBank({ port: 0, quiet: true, seed: 2026, transactionsPerAccount: ROWS, pageSize: PAGE, accessTokenTtl: 3600 });
  try {
    const tokens = await mintTokens(handle);
    const bank = handle.banks[0];
    const client = new ObClient({ connectionId: connectionIdOf(bank.id), apiBase: bank.apiBase, fetchResource: bearerFetch(tokens) });
    const [account] = await client.accounts();
    const rows: BankTransaction[] = [];
    for await (const page of client.transactionPages(account.bankAccountId, null)) rows.push(...page.transactions);
    return rows.slice(0, ROWS);
  } finally {
    await handle.close();
  }
}

function newDb(file: string): { db: Db; accountId: string; store: SyncStore } {
  const db = openDatabase(file);
  new ProvidersRepo(db).upsert({ id: 'bank', name: 'Bank', issuer: 'https://bank.test', clientId: 'mybucks-desktop', scopes: [], apiBase: 'https://bank.test/aisp', color: '#000000', logoText: 'XX', tagline: null, custom: false, profile: defaultProfile() });
  new ConnectionsRepo(db).insert({ id: 'c1', providerId: 'bank', status: 'ok', statusReason: null, sub: 'sarah', name: null, scopes: [], consentId: null, consentExpiresAt: null });
  const store = new SyncStore(db, () => new Date());
  const [{ id: accountId }] = store.upsertAccounts('c1', [{ bankAccountId: 'a1', name: 'Current', type: 'checking', currency: 'GBP', mask: null, status: null }], 'GBP');
  return { db, accountId, store };
}

/** The floor: the same rows and columns, one prepared INSERT, one transaction. */
function bareInsert(file: string, rows: BankTransaction[]): number {
  const { db, accountId } = newDb(file);
  const ins = db.prepare(
    `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, value_date, amount_minor, currency, description, merchant, mcc,
       bank_tx_code, status, category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, 1, 1)`,
  );
  const texts = new SearchTexts(db);
  const t0 = performance.now();
  db.transaction(() => {
    for (const t of rows) {
      ins.run(accountId, t.bankTxId, t.bookingDate, t.bookingAt, t.valueDate, t.amountMinor, t.currency, t.description, t.merchant, t.mcc,
        t.bankTxCode, t.status, texts.idOf(t.description, t.merchant));
    }
  })();
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/** The sync store's path: a whole-history window, pages of 1,000 rows, then finishWindow; twice. */
function storeIngest(file: string, rows: BankTransaction[]) {
  const { db, accountId, store } = newDb(file);
  const categoriser = new Categoriser(store.rules());
  const window: TransactionWindow = { fetchFrom: null, reconcileFrom: '' };
  const pass = () => {
    const runId = store.startRun('c1');
    const t0 = performance.now();
    const read = store.beginWindow(accountId, runId, window);
    let written = 0;
    for (let i = 0; i < rows.length; i += PAGE) {
      const r = store.writePage(read, rows.slice(i, i + PAGE), categoriser);
      written += r.added + r.updated;
    }
    const t1 = performance.now();
    const removed = store.finishWindow(read);
    const t2 = performance.now();
    return { ingestMs: t1 - t0, finishMs: t2 - t1, written, removed };
  };
  const first = pass();
  const again = pass();
  const stored = db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;
  db.close();
  if (first.written !== rows.length || again.written !== 0 || again.removed !== 0 || stored !== new Set(rows.map((r) => r.bankTxId)).size) {
    throw new Error(`ingest bench: unexpected result ${JSON.stringify({ first, again, stored })}`);
  }
  return { first, again };
}

export async function benchIngest(): Promise<IngestFigures> {
  const rows = await bankRows();
  const dir = mkdtempSync(join(tmpdir(), 'mybucks-ingest-'));
  const runs: Record<string, number[]> = { bareInsert: [], firstIngest: [], reread: [], firstFinishWindow: [], rereadFinishWindow: [] };
  try {
    bareInsert(join(dir, 'warm-bare.sqlite'), rows); // warm the statements' code paths and the page cache
    storeIngest(join(dir, 'warm-store.sqlite'), rows);
    for (let i = 0; i < REPEATS; i++) {
      // Alternate the order so neither side always runs on a warmer machine.
      const bare = () => runs.bareInsert.push(bareInsert(join(dir, `bare-${i}.sqlite`), rows));
      const store = () => {
        const { first, again } = storeIngest(join(dir, `store-${i}.sqlite`), rows);
        runs.firstIngest.push(first.ingestMs);
        runs.reread.push(again.ingestMs);
        runs.firstFinishWindow.push(first.finishMs);
        runs.rereadFinishWindow.push(again.finishMs);
      };
      if (i % 2) { bare(); store(); } else { store(); bare(); }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as IngestFigures['medianMs'];
  return {
    rows: rows.length,
    pageSize: PAGE,
    repeats: REPEATS,
    medianMs: m,
    ratio: { firstToBare: m.firstIngest / m.bareInsert, rereadToFirst: m.reread / m.firstIngest, rereadToBare: m.reread / m.bareInsert },
    targets: { firstToBare: 1.2, rereadToFirst: 1 },
    runsMs: runs,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function ingestRows(f: IngestFigures): [string, string, string][] {
  return [
    [`ingest ${fmt(f.rows)} rows: bare insert (floor)`, `${fmt(f.medianMs.bareInsert, 1)} ms`, ''],
    ['  through the sync store, first time', `${fmt(f.medianMs.firstIngest, 1)} ms = ${fmt(f.ratio.firstToBare, 2)}x bare`, '<= 1.2x bare'],
    ['  the same rows again (unchanged)', `${fmt(f.medianMs.reread, 1)} ms = ${fmt(f.ratio.rereadToFirst, 2)}x first (${fmt(f.ratio.rereadToBare, 2)}x bare)`, '<= 1.0x first'],
    ['  finishWindow after each (totals, history)', `${fmt(f.medianMs.firstFinishWindow, 1)} / ${fmt(f.medianMs.rereadFinishWindow, 1)} ms`, ''],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await benchIngest();
  const rows = ingestRows(f);
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padEnd(40)}  ${c}`).join('\n'));
  console.log(JSON.stringify(f.runsMs));
}
