import { beforeEach, describe, expect, it } from 'vitest';
import { apiSchemas, transactionQuerySchema, type TransactionQuery } from '../../../src/shared/contract';
import type { Db } from '../../../src/main/core/db/database';
import { exportTransactionsCsv, InvalidInputError, listTransactions, listSyncRuns } from '../../../src/main/core/reports';
import { indexReferences, SearchTexts } from '../../../src/main/core/db/derived';
import { fixtureDb, TXS } from './fixture';

let db: Db;
beforeEach(() => {
  db = fixtureDb();
});
const list = (q: TransactionQuery) => listTransactions(db, transactionQuerySchema.parse(q));

function allPages(q: TransactionQuery) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = list({ ...q, cursor });
    expect(page.total).toBe(TXS.length);
    seen.push(...page.rows.map((r) => r.description + '|' + r.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { seen, pages };
}

describe('listTransactions', () => {
  it('pages by date (newest first) without gaps or duplicates', () => {
    const { seen, pages } = allPages({ limit: 4 });
    expect(pages).toBe(4);
    const expected = TXS.map((t, i) => ({ ...t, id: i + 1 }))
      .sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1))
      .map((t) => `${t.description}|${t.id}`);
    expect(seen).toEqual(expected);
  });

  it('pages by amount ascending with ties broken by id', () => {
    const { seen } = allPages({ limit: 5, sort: 'amount_asc' });
    const expected = TXS.map((t, i) => ({ ...t, id: i + 1 }))
      .sort((a, b) => a.amount - b.amount || a.id - b.id)
      .map((t) => `${t.description}|${t.id}`);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(TXS.length);
  });

  it('returns the DTO shape with account, bank and category names', () => {
    const page = list({ search: 'netflix' });
    expect(page).toEqual({
      total: 1,
      nextCursor: null,
      rows: [
        {
          id: '7', accountId: 'A1', accountName: 'Everyday', providerName: 'Memorial Bank', bookingDate: '2026-02-11', valueDate: null,
          amountMinor: -999, currency: 'GBP', description: 'Netflix.com', merchant: 'Netflix', status: 'booked',
          categoryId: 'entertainment', categoryName: 'Entertainment', categoryManual: false, runningBalanceMinor: null, transfer: null,
        },
      ],
      totals: [{ currency: 'GBP', minor: -999 }],
    });
  });

  it('searches description and merchant with FTS5, by word prefix, all words required', () => {
    expect(list({ search: 'tesco' }).total).toBe(3);
    expect(list({ search: 'TES' }).total).toBe(3);
    expect(list({ search: 'tesco metro' }).rows.map((r) => r.bookingDate)).toEqual(['2026-01-20']);
    expect(list({ search: 'whole foods' }).total).toBe(2);
    expect(list({ search: 'tesco 123' }).rows.map((r) => r.id)).toEqual(['6', '2']); // reference numbers match as substrings
    expect(list({ search: 'stores 12' }).total).toBe(2);
    expect(list({ search: '"; DROP TABLE transactions; --' }).total).toBe(0);
    expect(list({ search: '  ' }).total).toBe(TXS.length);
  });

  it('filters by account, category, uncategorised, dates, amount and status', () => {
    expect(list({ accountIds: ['B1'] }).total).toBe(3);
    expect(list({ categoryIds: ['groceries'] }).total).toBe(5);
    expect(list({ categoryIds: ['groceries'], uncategorised: true }).total).toBe(6);
    expect(list({ uncategorised: true }).rows.map((r) => r.id)).toEqual(['9']);
    expect(list({ from: '2026-02-01', to: '2026-02-12' }).total).toBe(5);
    expect(list({ minAmountMinor: -5000, maxAmountMinor: -1000 }).rows.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([-5000, -4500, -3000, -2500, -1500, -1200]);
    expect(list({ status: 'pending' }).rows.map((r) => r.merchant)).toEqual(['Costa']);
    expect(list({ accountIds: ['A1'], search: 'tesco', from: '2026-02-01' }).total).toBe(1);
  });

  it('rejects a forged cursor or one from another sort order', () => {
    expect(() => list({ cursor: 'not-a-cursor' })).toThrow(InvalidInputError);
    expect(() => list({ cursor: 'not-a-cursor' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    const cursor = list({ limit: 2 }).nextCursor;
    expect(cursor).toBeTruthy();
    expect(() => list({ cursor, sort: 'amount_desc' })).toThrow(/Invalid or stale cursor/);
  });
});

describe('listTransactions: digits inside a reference', () => {
  function add(description: string, id?: number): string {
    const row = db
      .prepare(
        `INSERT INTO transactions (id, account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, status,
           search_text_id, first_seen_run, last_seen_run, changed_run)
         VALUES (?, 'A2', ?, '2026-02-01', 'x', -100, 'GBP', ?, 'booked', ?, 1, 1, 1) RETURNING id`,
      )
      .get(id ?? null, `ref-${description}-${id ?? ''}`, description, new SearchTexts(db).idOf(description, null)) as { id: number };
    return String(row.id);
  }
  const ids = (search: string) => list({ search, limit: 100 }).rows.map((r) => r.id).sort();

  it('finds a digit run inside a longer token, case-insensitively, whether or not the index has caught up', () => {
    const hit = add('Card payment REF 0012345');
    const lower = add('card payment ref 0012345x');
    const other = add('Card payment REF 0012346');
    add('1234 2345 12 345'); // every trigram of 12345, but not the run
    for (const indexed of [false, true]) {
      if (indexed) expect(indexReferences(db)).toBeGreaterThan(0);
      expect(ids('12345'), `indexed ${indexed}`).toEqual([hit, lower].sort());
      expect(ids('ref 12345')).toEqual([hit, lower].sort());
      expect(ids('REF 0012345')).toEqual([hit, lower].sort());
      expect(ids('REF 0012345X')).toEqual([lower]);
      expect(ids('payment 1234')).toEqual([hit, lower, other].sort());
      expect(ids('tesco 123')).toEqual(['2', '6']);
      expect(ids('99999')).toEqual([]);
      expect(list({ search: 'ref 12345', limit: 1, offset: 1 }).total).toBe(2);
    }
  });

  it('stays exact below the watermark: a changed description, a deleted row, a reused id', () => {
    const a = add('REF 0055555');
    const b = add('REF 0066666');
    indexReferences(db);
    db.prepare('UPDATE transactions SET description = ? WHERE id = ?').run('REF 0077777', a);
    expect(ids('55555')).toEqual([]);
    expect(ids('77777')).toEqual([a]);
    db.prepare('DELETE FROM transactions WHERE id = ?').run(b);
    expect(ids('66666')).toEqual([]);
    const reused = add('REF 0088888', Number(b)); // the largest id again, as SQLite would give it: the watermark moved under it
    expect(reused).toBe(b);
    expect(ids('88888')).toEqual([b]);
    expect(ids('66666')).toEqual([]);
    // rows above the watermark are found by a scan until the next catch-up indexes them
    const c = add('REF 0099999');
    expect(ids('99999')).toEqual([c]);
    expect(indexReferences(db)).toBe(2); // the reused id and the new row
    expect(indexReferences(db)).toBe(0);
    expect(ids('99999')).toEqual([c]);
    expect(ids('88888')).toEqual([b]);
  });

  it('keeps the watermark under the largest id left when the rows above it are deleted', () => {
    const low = add('REF 0011111');
    indexReferences(db);
    const high = add('REF 0022222'); // above the watermark
    db.prepare('DELETE FROM transactions WHERE id IN (?, ?)').run(low, high);
    const again = add('REF 0033333'); // takes the id after the largest left: low's
    expect(again).toBe(low);
    expect(ids('33333')).toEqual([again]);
    expect(ids('11111')).toEqual([]);
    expect(ids('22222')).toEqual([]);
  });

  it('catches up in chunks of at most the given number of rows', () => {
    for (let i = 0; i < 5; i++) add(`REF 00${i}4242`);
    expect(indexReferences(db, 10)).toBe(10);
    expect(indexReferences(db, 10)).toBe(8); // 13 fixture rows + 5
    expect(indexReferences(db, 10)).toBe(0);
    expect(list({ search: '4242' }).total).toBe(5);
  });
});

describe('listTransactions at an offset', () => {
  /** Every row in order, found by following cursors from the first page. */
  function byCursors(q: TransactionQuery): string[] {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = list({ ...q, limit: 3, cursor });
      ids.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  const SORTS = ['date_desc', 'date_asc', 'amount_desc', 'amount_asc'] as const;
  const FILTERS: TransactionQuery[] = [
    {},
    { accountIds: ['A1'] },
    { accountIds: ['A1'], from: '2026-02-01' },
    { accountIds: ['A1', 'B1'] },
    { categoryIds: ['groceries'] },
    { categoryIds: ['groceries'], from: '2026-01-10' },
    { categoryIds: ['groceries'], accountIds: ['A1'] },
    { categoryIds: ['groceries', 'eating-out'] },
    { uncategorised: true },
    { search: 'stores 123' },
    { minAmountMinor: -5000, maxAmountMinor: -1000 },
    { search: 'tesco' },
    { status: 'booked', uncategorised: false },
  ];

  function expectOffsetsMatchCursors() {
    for (const sort of SORTS) {
      for (const filter of FILTERS) {
        const all = byCursors({ ...filter, sort });
        expect(all.length, JSON.stringify(filter)).toBe(list({ ...filter, sort }).total);
        for (let offset = 0; offset < all.length; offset++) {
          const page = list({ ...filter, sort, offset, limit: 2 });
          expect(page.rows.map((r) => r.id), `${sort} ${JSON.stringify(filter)} @${offset}`).toEqual(all.slice(offset, offset + 2));
          expect(page.total).toBe(all.length);
          // and scrolling on from there by cursor reaches exactly the rest
          const rest: string[] = [];
          for (let cursor = page.nextCursor; cursor; ) {
            const next = list({ ...filter, sort, cursor, limit: 4 });
            rest.push(...next.rows.map((r) => r.id));
            cursor = next.nextCursor;
          }
          expect(rest).toEqual(all.slice(offset + 2));
        }
      }
    }
  }

  it('starts the page at the offset, the same rows the cursors reach, for every sort and filter', () => {
    expectOffsetsMatchCursors();
  });

  it('does the same when the matches are few and are sorted rather than walked in index order', () => {
    // a far-away id makes the table look large, so small result sets take the sort-the-matches plan
    db.prepare(
      `INSERT INTO transactions (id, account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, status,
         search_text_id, first_seen_run, last_seen_run, changed_run)
       VALUES (100000, 'A2', 'far', '2026-02-01', 'x', -2500, 'GBP', 'Far away', 'booked', 1, 1, 1, 1)`,
    ).run();
    expectOffsetsMatchCursors();
  });

  it('returns an empty last page for an offset at or beyond the end', () => {
    // the filtered total still counts every matching row
    const totals = [{ currency: 'GBP', minor: 279901 }, { currency: 'USD', minor: 194000 }];
    expect(list({ offset: TXS.length })).toEqual({ rows: [], nextCursor: null, total: TXS.length, totals });
    expect(list({ offset: 1_000_000, accountIds: ['A1'] })).toEqual({ rows: [], nextCursor: null, total: 9, totals: [{ currency: 'GBP', minor: 269901 }] });
    expect(list({ offset: TXS.length - 1, sort: 'amount_asc' }).rows.map((r) => r.amountMinor)).toEqual([300000]);
  });

  it('rejects an offset together with a cursor, and a negative or fractional offset', () => {
    const cursor = list({ limit: 2 }).nextCursor;
    expect(() => list({ cursor, offset: 4 })).toThrow(InvalidInputError);
    expect(() => list({ cursor, offset: 4 })).toThrow(/cursor or an offset, not both/);
    const bothAtTheBoundary = apiSchemas.listTransactions.safeParse({ cursor, offset: 4 });
    expect(bothAtTheBoundary.success).toBe(false);
    expect(bothAtTheBoundary.error?.issues[0]).toMatchObject({ path: ['offset'], message: 'Give a cursor or an offset, not both' });
    expect(apiSchemas.listTransactions.safeParse({ cursor: null, offset: 4 }).success).toBe(true);
    expect(apiSchemas.listTransactions.safeParse({ offset: -1 }).success).toBe(false);
    expect(apiSchemas.listTransactions.safeParse({ offset: 1.5 }).success).toBe(false);
    expect(apiSchemas.exportTransactionsCsv.safeParse({ offset: 4 }).data).toEqual({ sort: 'date_desc' });
  });
});

describe('exportTransactionsCsv', () => {
  it('exports the filtered rows as RFC 4180 CSV with decimal amounts and formula-safe text', () => {
    const { filename, csv } = exportTransactionsCsv(db, { sort: 'date_asc', accountIds: ['A1'], from: '2026-02-03', to: '2026-02-14' }, new Date('2026-03-01T00:00:00Z'));
    expect(filename).toBe('mybucks-transactions-2026-03-01.csv');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Date,Value date,Bank,Account,Description,Merchant,Category,Amount,Currency,Status');
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toBe('2026-02-03,,Memorial Bank,Everyday,"Pret A Manger, ""Soho""",Pret,Eating out,-12.00,GBP,booked');
    expect(lines[5]).toBe(`2026-02-14,,Memorial Bank,Everyday,"'=HYPERLINK(""x"") Mystery",,,-30.00,GBP,booked`);
  });
});

describe('listSyncRuns', () => {
  it('lists runs newest first, optionally for one connection', () => {
    const run = db.prepare(`INSERT INTO sync_runs (connection_id, started_at, finished_at, outcome, accounts, transactions_seen, transactions_added)
                            VALUES (?, ?, ?, 'ok', 2, 10, 10)`);
    run.run('conn-memorial', '2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z');
    run.run('conn-harbor', '2026-01-02T00:00:00Z', '2026-01-02T00:00:05Z');
    expect(listSyncRuns(db, { limit: 20 }).map((r) => r.connectionId)).toEqual(['conn-harbor', 'conn-memorial']);
    expect(listSyncRuns(db, { connectionId: 'conn-memorial', limit: 20 })).toEqual([
      { id: 1, connectionId: 'conn-memorial', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:05Z', outcome: 'ok', accounts: 2,
        transactionsSeen: 10, transactionsAdded: 10, transactionsUpdated: 0, transactionsRemoved: 0, transfersPaired: 0, error: null },
    ]);
  });
});
