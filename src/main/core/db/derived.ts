/** Tables derived from the transactions: the search-text dictionary and the daily totals. */
import type { Db } from './database';

/**
 * The alphanumeric runs of a description that hold an ASCII digit (references, card numbers, dates),
 * space-separated: what the `reference_fts` trigram index holds for each transaction, so a search for
 * digits finds them inside a longer token ('12345' in 'REF 0012345'). A search word (letters and digits
 * only) found in a description always lies inside one such run; the index is case-folded, and the
 * search rechecks each candidate against the description itself.
 */
export function referenceTextOf(description: string): string {
  return (description.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /\d/.test(w)).join(' ');
}

/**
 * SQL functions the schema's triggers call; registered on every connection `openDatabase` opens, before
 * the migrations run.
 */
export function registerFunctions(db: Db): void {
  db.function('mybucks_reference_text', { deterministic: true }, (description: unknown) =>
    typeof description === 'string' ? referenceTextOf(description) : '',
  );
}

/**
 * Adds the transactions above the reference index's watermark to it (at most `maxRows` of them, oldest
 * first) in one bulk insert, and moves the watermark; returns how many rows it covered. Run after a sync,
 * off its path: until then a search scans the rows above the watermark, so results never depend on it.
 */
export function indexReferences(db: Db, maxRows = Number.MAX_SAFE_INTEGER): number {
  return db
    .transaction(() => {
      const from = db.prepare('SELECT watermark FROM reference_fts_watermark').pluck().get() as number;
      const { upTo, n } = db
        .prepare('SELECT max(id) AS upTo, count(*) AS n FROM (SELECT id FROM transactions WHERE id > ? ORDER BY id LIMIT ?)')
        .get(from, maxRows) as { upTo: number | null; n: number };
      if (upTo === null) return 0;
      db.prepare(
        `INSERT INTO reference_fts (rowid, refs)
         SELECT id, mybucks_reference_text(description) FROM transactions
         WHERE id > ? AND id <= ? AND description GLOB '*[0-9]*'`,
      ).run(from, upTo);
      db.prepare('UPDATE reference_fts_watermark SET watermark = ?').run(upTo);
      return n;
    })
    .immediate();
}

/**
 * Runs indexReferences in the background, `chunkRows` at a time with the event loop free in between
 * (a chunk of 25,000 rows takes tens of milliseconds), until the index has caught up. `schedule()` after
 * a sync changed data and once at start (a database migrated to version 5 starts with an empty index).
 */
export function backgroundReferenceIndexer(db: Db, onError: (err: unknown) => void, chunkRows = 25_000) {
  let pending: NodeJS.Immediate | null = null;
  const step = () => {
    pending = null;
    try {
      if (db.open && indexReferences(db, chunkRows) === chunkRows) pending = setImmediate(step);
    } catch (err) {
      onError(err);
    }
  };
  return {
    schedule(): void {
      pending ??= setImmediate(step);
    },
    stop(): void {
      if (pending) clearImmediate(pending);
      pending = null;
    },
  };
}

/** The reference index covers the transactions with ids up to this. */
export function referenceWatermark(db: Db): number {
  return db.prepare('SELECT watermark FROM reference_fts_watermark').pluck().get() as number;
}

/** Words with 3+ digits (references, card numbers) are left out of the search dictionary. */
const NUMBERISH = /\S*\d{3,}\S*\s*/g;

const HAS_NUMBERISH = /\d{3}/;

export function searchTextOf(description: string, merchant: string | null): string {
  const text = (merchant ? `${merchant} ${description}` : description).toLowerCase();
  // the replace scans from every position; most texts have nothing for it to remove
  return (HAS_NUMBERISH.test(text) ? text.replace(NUMBERISH, '') : text).trim();
}

/**
 * Maps texts to search_texts ids, inserting new ones. Ids are cached; call `forget()` when the
 * surrounding SQLite transaction rolls back (its new ids are gone).
 */
export class SearchTexts {
  private readonly cache = new Map<string, number>();
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO search_texts (text) VALUES (?) ON CONFLICT (text) DO NOTHING');
    this.select = db.prepare('SELECT id FROM search_texts WHERE text = ?').pluck();
  }

  idOf(description: string, merchant: string | null): number {
    const text = searchTextOf(description, merchant);
    let id = this.cache.get(text);
    if (id === undefined) {
      this.insert.run(text);
      id = this.select.get(text) as number;
      if (this.cache.size >= 100_000) this.cache.clear();
      this.cache.set(text, id);
    }
    return id;
  }

  forget(): void {
    this.cache.clear();
  }
}

/**
 * A split transaction counts as its parts (each in its category) while they still add up to its amount;
 * `t` then stands for one part: `t.category_id` and `t.amount_minor` are the part's. It is counted
 * (`t.counted`) once in each category it has a part in, as the list filtered by that category shows it.
 */
const TX_OR_PARTS = `(SELECT tx.account_id, tx.booking_date, tx.currency, tx.merchant, tx.status,
    CASE WHEN s.tx_id IS NULL THEN tx.category_id ELSE s.category_id END AS category_id,
    coalesce(s.amount_minor, tx.amount_minor) AS amount_minor,
    s.tx_id IS NULL OR s.seq = (SELECT min(o.seq) FROM transaction_splits o WHERE o.tx_id = tx.id AND o.category_id IS s.category_id) AS counted
  FROM transactions tx LEFT JOIN transaction_splits s ON s.tx_id = tx.id AND s.tx_amount_minor = tx.amount_minor
  WHERE tx.account_id = @accountId AND tx.booking_date BETWEEN @from AND @to AND tx.status = 'booked')`;
/** The same without splits: the account has none (as most have), so no row pays for looking them up. */
const TX_ONLY = `(SELECT account_id, booking_date, currency, merchant, status, category_id, amount_minor, 1 AS counted
  FROM transactions WHERE account_id = @accountId AND booking_date BETWEEN @from AND @to AND status = 'booked')`;

/**
 * Recomputes one account's daily totals for days in [from, to] ('' and '9999-12-31' for all days).
 * Call inside the transaction that changed the transactions, so totals never disagree with them.
 */
export function refreshDailyTotals(db: Db, accountId: string, from = '', to = '9999-12-31'): void {
  const p = { accountId, from, to };
  const s = totalsStatements(db);
  const forRows = s.hasSplit.get(p) ? s.withSplits : s.withoutSplits;
  s.deleteCategory.run(p);
  s.deleteMerchant.run(p);
  forRows.insertCategory.run(p);
  forRows.insertMerchant.run(p);
}

/**
 * The statements of refreshDailyTotals and DayTotals, prepared once per connection: a pass over the days a
 * sync paired transfers on calls refreshDailyTotals for each day, where preparing five statements a call cost
 * more than running them.
 */
const totalsStatementsOf = new WeakMap<Db, ReturnType<typeof prepareTotals>>();
function totalsStatements(db: Db) {
  let s = totalsStatementsOf.get(db);
  if (!s) totalsStatementsOf.set(db, (s = prepareTotals(db)));
  return s;
}
function prepareTotals(db: Db) {
  const inserts = (rows: string) => ({
    insertCategory: db.prepare(
      `INSERT INTO daily_category_totals (account_id, day, currency, category_id, income_minor, expense_minor, tx_count)
       SELECT account_id, booking_date, currency, coalesce(category_id, ''),
              sum(max(amount_minor, 0)), -sum(min(amount_minor, 0)), sum(counted)
       FROM ${rows} t
       GROUP BY booking_date, currency, coalesce(category_id, '')`,
    ),
    insertMerchant: db.prepare(
      `INSERT INTO daily_merchant_totals (account_id, day, currency, merchant, category_id, spent_minor, tx_count)
       SELECT account_id, booking_date, currency, merchant, coalesce(category_id, ''), -sum(amount_minor), sum(counted)
       FROM ${rows} t
       WHERE merchant IS NOT NULL AND amount_minor < 0
       GROUP BY booking_date, currency, merchant, coalesce(category_id, '')`,
    ),
  });
  return {
    // Only the splits of rows in the range matter: without any, both forms give the same totals. (Looking at the
    // whole account cost a scan of its rows for every day the transfer pairing refreshes.)
    hasSplit: db.prepare(
      `SELECT 1 FROM transactions t JOIN transaction_splits s ON s.tx_id = t.id
       WHERE t.account_id = @accountId AND t.booking_date BETWEEN @from AND @to LIMIT 1`,
    ),
    deleteCategory: db.prepare('DELETE FROM daily_category_totals WHERE account_id = @accountId AND day BETWEEN @from AND @to'),
    deleteMerchant: db.prepare('DELETE FROM daily_merchant_totals WHERE account_id = @accountId AND day BETWEEN @from AND @to'),
    withSplits: inserts(TX_OR_PARTS),
    withoutSplits: inserts(TX_ONLY),
    addCategory: db.prepare(
      `INSERT INTO daily_category_totals (account_id, day, currency, category_id, income_minor, expense_minor, tx_count) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day, account_id, currency, category_id) DO UPDATE SET income_minor = income_minor + excluded.income_minor,
         expense_minor = expense_minor + excluded.expense_minor, tx_count = tx_count + excluded.tx_count`,
    ),
    addMerchant: db.prepare(
      `INSERT INTO daily_merchant_totals (account_id, day, currency, merchant, category_id, spent_minor, tx_count) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day, account_id, currency, merchant, category_id) DO UPDATE SET spent_minor = spent_minor + excluded.spent_minor,
         tx_count = tx_count + excluded.tx_count`,
    ),
  };
}

/**
 * The daily totals of rows being added, added onto the stored ones by `write`: the same figures as
 * refreshDailyTotals recomputes for those days (booked rows only are `add`ed), without re-reading
 * every row of the account's days (a third of a 100,000-row import's time).
 */
export class DayTotals {
  /** day → currency → category ('' for none) → the day's figures (nested maps: no key string made per row). */
  private readonly days = new Map<string, Map<string, Map<string, DayCell>>>();

  add(day: string, currency: string, categoryId: string | null, merchant: string | null, amountMinor: number): void {
    const cat = categoryId ?? '';
    let currencies = this.days.get(day);
    if (!currencies) this.days.set(day, (currencies = new Map()));
    let categories = currencies.get(currency);
    if (!categories) currencies.set(currency, (categories = new Map()));
    let c = categories.get(cat);
    if (!c) categories.set(cat, (c = { income: 0, expense: 0, count: 0, merchants: new Map() }));
    if (amountMinor > 0) c.income += amountMinor;
    else c.expense -= amountMinor;
    c.count++;
    if (merchant !== null && amountMinor < 0) {
      const m = c.merchants.get(merchant);
      if (m) {
        m[0] -= amountMinor;
        m[1]++;
      } else c.merchants.set(merchant, [-amountMinor, 1]);
    }
  }

  /** Adds the sums onto the stored totals. */
  write(db: Db, accountId: string): void {
    const s = totalsStatements(db);
    for (const [day, currencies] of this.days) {
      for (const [currency, categories] of currencies) {
        for (const [cat, c] of categories) {
          s.addCategory.run(accountId, day, currency, cat, c.income, c.expense, c.count);
          for (const [merchant, [spent, count]] of c.merchants) s.addMerchant.run(accountId, day, currency, merchant, cat, spent, count);
        }
      }
    }
  }
}

interface DayCell {
  income: number;
  expense: number;
  count: number;
  /** merchant → [spent, count] of the day's debits with that merchant */
  merchants: Map<string, [number, number]>;
}

/** Recomputes every account's totals (after bulk changes such as a rule applied to all history). */
export function rebuildDailyTotals(db: Db): void {
  db.transaction(() => {
    for (const id of db.prepare('SELECT id FROM accounts').pluck().all() as string[]) refreshDailyTotals(db, id);
  })();
}

/** Refreshes the days touched by a set of changed transactions, one range per account. */
export function refreshDaysOf(db: Db, changed: { accountId: string; day: string }[]): void {
  const ranges = new Map<string, { from: string; to: string }>();
  for (const { accountId, day } of changed) {
    const r = ranges.get(accountId);
    if (!r) ranges.set(accountId, { from: day, to: day });
    else {
      if (day < r.from) r.from = day;
      if (day > r.to) r.to = day;
    }
  }
  for (const [accountId, { from, to }] of ranges) refreshDailyTotals(db, accountId, from, to);
}
