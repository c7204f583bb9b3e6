/** The sync engine's writes: prepared statements, one SQLite transaction per unit of work. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { StatusCode } from '../db/connections-repo';
import { refreshDailyTotals, SearchTexts } from '../db/derived';
import type { BankAccount, BankBalance, BankTransaction } from '../banks/ob-client';
import { loadRules, type Categoriser, type RuleRecord } from './categoriser';
import { TRANSFER_CATEGORY } from './transfers';

/** An account's books as MyBucks held them before a full re-read. */
export interface LocalBooks {
  count: number;
  bookedMinor: number;
  /** Opening balance + booked rows: what MyBucks' history says the balance is (null before any history). */
  impliedBalanceMinor: number | null;
}

/** What a full re-read of an account found at the bank and changed. */
export interface ReconciliationFound {
  bankCount: number;
  bankBookedMinor: number;
  added: number;
  updated: number;
  removed: number;
}

export interface StoredAccount {
  id: string;
  bankAccountId: string;
  name: string;
}

export interface RunCounts {
  accounts: number;
  seen: number;
  added: number;
  updated: number;
  removed: number;
}

export interface PageToWrite {
  read: WindowRead;
  rows: BankTransaction[];
  categoriser: Categoriser;
}

export interface PageWritten {
  added: number;
  updated: number;
}

export interface TransactionWindow {
  /** First booking date to ask the bank for; null = the whole history. */
  fetchFrom: string | null;
  /** Rows of this account dated on or after this (all rows when '') are replaced by the bank's answer. */
  reconcileFrom: string;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * One account's window being re-read in this run. The rows the bank returned that were already stored
 * and unchanged are remembered here, in memory, instead of being written to (`last_seen_run` is set
 * only on rows this run inserted or changed). That is as crash-safe as marking them: a mark of an
 * interrupted run is never used by the next one (it has another run id, and it re-reads the whole
 * window, which starts no later than the recorded `reconcile_from`), so losing this set with the
 * process loses nothing.
 */
export class WindowRead {
  /** Ids of stored rows the bank returned this run, unchanged (so not marked with this run). */
  readonly unchanged = new Set<number>();
  /** Whether the last row was new: new rows are inserted first, known ones looked up first. */
  expectNew = true;

  constructor(
    readonly accountId: string,
    readonly runId: number,
    readonly window: TransactionWindow,
    /** The account had no rows when the window began: every row it has at the end was written by this run. */
    readonly startedEmpty = false,
  ) {}
}

/** Columns of a stored row, in the order `storedTx` returns them (raw). */
const ID = 0, BOOKING_DATE = 1, BOOKING_AT = 2, VALUE_DATE = 3, AMOUNT = 4, CURRENCY = 5, DESCRIPTION = 6, MERCHANT = 7, MCC = 8,
  BANK_TX_CODE = 9, STATUS = 10, CATEGORY_ID = 11, CATEGORY_MANUAL = 12, SEARCH_TEXT_ID = 13;
type StoredRow = [number, string, string, string | null, number, string, string, string | null, string | null, string | null, string, string | null, number, number];

/** Whether the bank's fields of a stored row equal the bank's new answer. */
const sameAtBank = (r: StoredRow, t: BankTransaction) =>
  r[BOOKING_AT] === t.bookingAt &&
  r[AMOUNT] === t.amountMinor &&
  r[STATUS] === t.status &&
  r[DESCRIPTION] === t.description &&
  r[MERCHANT] === t.merchant &&
  r[BOOKING_DATE] === t.bookingDate &&
  r[VALUE_DATE] === t.valueDate &&
  r[CURRENCY] === t.currency &&
  r[MCC] === t.mcc &&
  r[BANK_TX_CODE] === t.bankTxCode;

export class SyncStore {
  private readonly insertTx;
  private readonly storedTx;
  private readonly updateTx;
  private readonly upsertAccount;
  private readonly searchTexts;
  private readonly isPaired;
  private readonly markPairingDay;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.searchTexts = new SearchTexts(db);
    this.upsertAccount = db.prepare(
      `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, mask, status, created_at, updated_at)
       VALUES (@id, @connectionId, @bankAccountId, @name, @type, @currency, @mask, @status, @ts, @ts)
       ON CONFLICT (connection_id, bank_account_id) DO UPDATE SET name = excluded.name, type = excluded.type,
         currency = excluded.currency, mask = excluded.mask, status = excluded.status, updated_at = excluded.updated_at
       RETURNING id`,
    );
    // New rows take the fast path (positional binding, no conflict work); rows the bank sent before
    // (only within the re-read window) are read and compared, and written only when something differs.
    this.insertTx = db.prepare(
      `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, value_date, amount_minor, currency,
         description, merchant, mcc, bank_tx_code, status, category_id, category_manual, search_text_id, first_seen_run, last_seen_run, changed_run)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
       ON CONFLICT (account_id, bank_tx_id) DO NOTHING`,
    );
    this.storedTx = db
      .prepare(
        `SELECT id, booking_date, booking_at, value_date, amount_minor, currency, description, merchant, mcc, bank_tx_code, status,
           category_id, category_manual, search_text_id
         FROM transactions WHERE account_id = ? AND bank_tx_id = ?`,
      )
      .raw();
    this.isPaired = db.prepare('SELECT 1 FROM transfer_pairs WHERE out_tx_id = @id OR in_tx_id = @id').pluck();
    this.markPairingDay = db.prepare('INSERT OR IGNORE INTO transfer_pending_days (day) VALUES (?)');
    // changed_run moves only when the bank's data changed (not for a new category or search text).
    this.updateTx = db.prepare(
      `UPDATE transactions SET
         changed_run = CASE WHEN @bankChanged THEN @run ELSE changed_run END,
         booking_date = @bookingDate, booking_at = @bookingAt, value_date = @valueDate, amount_minor = @amountMinor,
         currency = @currency, description = @description, merchant = @merchant, mcc = @mcc, bank_tx_code = @bankTxCode,
         status = @status, category_id = CASE WHEN category_manual = 1 THEN category_id ELSE @categoryId END,
         search_text_id = @searchTextId, last_seen_run = @run
       WHERE id = @id`,
    );
  }

  apiBaseOf(connectionId: string): { apiBase: string; providerName: string } | undefined {
    return this.db
      .prepare(
        `SELECT p.api_base AS apiBase, p.name AS providerName FROM connections c JOIN providers p ON p.id = c.provider_id
         WHERE c.id = ? AND c.disconnected_at IS NULL AND p.kind = 'bank'`,
      )
      .get(connectionId) as { apiBase: string; providerName: string } | undefined;
  }

  rules(): RuleRecord[] {
    return loadRules(this.db);
  }

  startRun(connectionId: string): number {
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO sync_runs (connection_id, started_at, outcome) VALUES (?, ?, 'running')`)
      .run(connectionId, this.now().toISOString());
    return Number(lastInsertRowid);
  }

  finishRun(runId: number, outcome: 'ok' | 'error' | 'cancelled', counts: RunCounts, error: string | null): void {
    this.db
      .prepare(
        `UPDATE sync_runs SET finished_at = @finishedAt, outcome = @outcome, accounts = @accounts, transactions_seen = @seen,
           transactions_added = @added, transactions_updated = @updated, transactions_removed = @removed, error = @error
         WHERE id = @runId`,
      )
      .run({ runId, outcome, ...counts, error, finishedAt: this.now().toISOString() });
  }

  /** A run left 'running' by a process that died is closed as an error when the next one starts. */
  closeAbandonedRuns(connectionId: string): void {
    this.db
      .prepare(
        `UPDATE sync_runs SET outcome = 'error', finished_at = ?, error = 'interrupted (MyBucks stopped during the sync)'
         WHERE connection_id = ? AND outcome = 'running'`,
      )
      .run(this.now().toISOString(), connectionId);
  }

  setConnectionOutcome(
    connectionId: string,
    status: 'ok' | 'needs_reauth' | 'error',
    reason: string | null,
    synced: boolean,
    code: StatusCode | null,
  ): void {
    const ts = this.now().toISOString();
    this.db
      .prepare(
        `UPDATE connections SET status = @status, status_reason = @reason, status_code = @code, updated_at = @ts,
           last_sync_at = CASE WHEN @synced THEN @ts ELSE last_sync_at END WHERE id = @connectionId`,
      )
      .run({ connectionId, status, reason, code, ts, synced: synced ? 1 : 0 });
  }

  upsertAccounts(connectionId: string, accounts: BankAccount[], currencyFallback: string): StoredAccount[] {
    const ts = this.now().toISOString();
    return this.db.transaction(() =>
      accounts.map((a) => {
        const { id } = this.upsertAccount.get({
          id: randomUUID(),
          connectionId,
          bankAccountId: a.bankAccountId,
          name: a.name,
          type: a.type,
          currency: a.currency ?? currencyFallback,
          mask: a.mask,
          status: a.status,
          ts,
        }) as { id: string };
        return { id, bankAccountId: a.bankAccountId, name: a.name };
      }),
    )();
  }

  recordBalance(accountId: string, b: BankBalance): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE accounts SET balance_minor = ?, balance_at = ?, currency = ? WHERE id = ?')
        .run(b.amountMinor, b.at, b.currency, accountId);
      this.db
        .prepare(
          `INSERT INTO balance_snapshots (account_id, date, balance_minor, currency, source) VALUES (?, ?, ?, ?, 'bank')
           ON CONFLICT (account_id, date) DO UPDATE SET balance_minor = excluded.balance_minor,
             currency = excluded.currency, source = 'bank'`,
        )
        .run(accountId, b.date, b.amountMinor, b.currency);
    })();
  }

  /**
   * Incremental sync re-reads from the last booked date minus the overlap, and never later than the
   * oldest pending row (so every pending row is confirmed or dropped) nor than a window an interrupted
   * run left unreconciled. The bank is asked from one day earlier than the reconciled range, so a
   * booking date near midnight in another timezone is never deleted for not being returned.
   */
  transactionWindow(accountId: string, overlapDays: number): TransactionWindow {
    const row = this.db
      .prepare(
        `SELECT reconcile_from AS interrupted,
           (SELECT booking_date FROM transactions WHERE account_id = a.id AND status = 'booked' ORDER BY booking_date DESC LIMIT 1) AS lastBooked,
           (SELECT min(booking_date) FROM transactions WHERE account_id = a.id AND status = 'pending') AS firstPending
         FROM accounts a WHERE a.id = ?`,
      )
      .get(accountId) as { interrupted: string | null; lastBooked: string | null; firstPending: string | null };
    if (row.lastBooked === null || row.interrupted === '') return { fetchFrom: null, reconcileFrom: '' };
    const candidates = [addDays(row.lastBooked, -overlapDays), row.firstPending, row.interrupted].filter((d): d is string => !!d);
    const reconcileFrom = candidates.sort()[0];
    return { fetchFrom: addDays(reconcileFrom, -1), reconcileFrom };
  }

  /**
   * Whether the account's whole history was last re-read (reconciled) longer than `everyMs` ago. An
   * account never reconciled counts from when it was first seen, so a first sync that was interrupted
   * resumes where it stopped instead of starting over.
   */
  verificationDue(accountId: string, everyMs: number): boolean {
    const since = this.db
      .prepare('SELECT coalesce((SELECT max(at) FROM reconciliations WHERE account_id = a.id), a.created_at) FROM accounts a WHERE a.id = ?')
      .pluck()
      .get(accountId) as string;
    return Date.parse(since) <= this.now().getTime() - everyMs;
  }

  /** What MyBucks holds for an account before a full re-read: booked rows, their sum, and the balance they imply. */
  localBooks(accountId: string): LocalBooks {
    const row = this.db
      .prepare(
        `SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS sum,
           (SELECT balance_minor FROM balance_snapshots WHERE account_id = @accountId ORDER BY date LIMIT 1) AS opening
         FROM transactions WHERE account_id = @accountId AND status = 'booked' AND import_id IS NULL`,
      )
      .get({ accountId }) as { count: number; sum: number; opening: number | null };
    return { count: row.count, bookedMinor: row.sum, impliedBalanceMinor: row.count && row.opening !== null ? row.opening + row.sum : null };
  }

  recordReconciliation(accountId: string, runId: number, before: LocalBooks, found: ReconciliationFound): void {
    const balance = this.db.prepare('SELECT balance_minor FROM accounts WHERE id = ?').pluck().get(accountId) as number | null;
    this.db
      .prepare(
        `INSERT INTO reconciliations (account_id, run_id, at, bank_count, local_count, bank_booked_minor, local_booked_minor,
           bank_balance_minor, implied_balance_minor, added, updated, removed)
         VALUES (@accountId, @runId, @at, @bankCount, @localCount, @bankBooked, @localBooked, @balance, @implied, @added, @updated, @removed)`,
      )
      .run({
        accountId,
        runId,
        at: this.now().toISOString(),
        bankCount: found.bankCount,
        localCount: before.count,
        bankBooked: found.bankBookedMinor,
        localBooked: before.bookedMinor,
        balance,
        implied: before.impliedBalanceMinor,
        added: found.added,
        updated: found.updated,
        removed: found.removed,
      });
  }

  /**
   * Starts re-reading an account's window: `reconcile_from` is recorded before the first page is written,
   * so a crash mid-window is reconciled by the next run.
   */
  beginWindow(accountId: string, runId: number, window: TransactionWindow): WindowRead {
    this.db.prepare('UPDATE accounts SET reconcile_from = ? WHERE id = ?').run(window.reconcileFrom, accountId);
    const empty = this.db.prepare('SELECT NOT EXISTS (SELECT 1 FROM transactions WHERE account_id = ?)').pluck().get(accountId) === 1;
    return new WindowRead(accountId, runId, window, empty);
  }

  /** Nothing of the window was read (e.g. transactions not consented): the stored rows stay as they are. */
  abandonWindow(read: WindowRead): void {
    this.db.prepare('UPDATE accounts SET reconcile_from = NULL WHERE id = ?').run(read.accountId);
  }

  /** One page, one SQLite transaction: all of it lands or none of it does. */
  writePage(read: WindowRead, rows: BankTransaction[], categoriser: Categoriser): PageWritten {
    return this.writePages([{ read, rows, categoriser }])[0];
  }

  /** Whole pages (of any accounts, each account's in order), one SQLite transaction: all of them land or none does. */
  writePages(pages: PageToWrite[]): PageWritten[] {
    const unchanged = pages.map(() => [] as number[]);
    let results;
    try {
      results = this.db.transaction(() => pages.map((p, i) => this.writeRows(p.read, p.rows, p.categoriser, unchanged[i])))();
    } catch (err) {
      this.searchTexts.forget(); // ids inserted by the rolled-back transaction are gone
      throw err;
    }
    // Only after the commit: a page that rolled back has not been read.
    pages.forEach((p, i) => unchanged[i].forEach((id) => p.read.unchanged.add(id)));
    return results;
  }

  private writeRows(read: WindowRead, rows: BankTransaction[], categoriser: Categoriser, unchanged: number[]): PageWritten {
    const { accountId, runId } = read;
    let added = 0;
    let updated = 0;
    // days with a new or changed row that could be one side of a transfer, for the pairing pass after the sync
    const pairingDays = new Set<string>();
    const pairable = (t: BankTransaction) => t.status === 'booked' && t.amountMinor !== 0 && t.mcc === null;
    for (const t of rows) {
      const categoryId = categoriser.categorise(t, accountId);
      const searchTextId = this.searchTexts.idOf(t.description, t.merchant);
      // A run of new rows (a first sync) costs one INSERT each; a run of known rows (a re-read) one
      // indexed read each, plus a write only for the rows that differ.
      let stored: StoredRow | undefined;
      if (!read.expectNew) {
        stored = this.storedTx.get(accountId, t.bankTxId) as StoredRow | undefined;
        read.expectNew = stored === undefined;
      }
      if (stored === undefined) {
        const { changes } = this.insertTx.run(
          accountId,
          t.bankTxId,
          t.bookingDate,
          t.bookingAt,
          t.valueDate,
          t.amountMinor,
          t.currency,
          t.description,
          t.merchant,
          t.mcc,
          t.bankTxCode,
          t.status,
          categoryId,
          searchTextId,
          runId,
          runId,
          runId,
        );
        if (changes > 0) {
          added++;
          if (pairable(t)) pairingDays.add(t.bookingDate);
          continue;
        }
        read.expectNew = false;
        stored = this.storedTx.get(accountId, t.bankTxId) as StoredRow;
      }
      const bankChanged = !sameAtBank(stored, t);
      // a category the user chose stays, and so does a paired row's transfer category
      const keepCategory =
        stored[CATEGORY_MANUAL] === 1 || stored[CATEGORY_ID] === categoryId || (stored[CATEGORY_ID] === TRANSFER_CATEGORY && this.isPaired.get({ id: stored[ID] }) !== undefined);
      if (!bankChanged && stored[SEARCH_TEXT_ID] === searchTextId && keepCategory) {
        unchanged.push(stored[ID]);
        continue;
      }
      this.updateTx.run({ ...t, id: stored[ID], categoryId: keepCategory ? stored[CATEGORY_ID] : categoryId, searchTextId, run: runId, bankChanged: bankChanged ? 1 : 0 });
      if (bankChanged) {
        updated++;
        if (pairable(t)) pairingDays.add(t.bookingDate);
      }
    }
    for (const day of pairingDays) this.markPairingDay.run(day);
    return { added, updated };
  }

  /**
   * After the last page: rows in the window that the bank did not return this run are gone at the
   * bank (a dropped pending hold, a pending row that booked under a new id, a reversal), so they go.
   * Clearing reconcile_from in the same transaction marks the window complete; the daily totals and
   * the balance history of the re-read days, and of older days a moved transaction left, are
   * recomputed in it too.
   */
  finishWindow(read: WindowRead): number {
    const { accountId, runId, window } = read;
    return this.db.transaction(() => {
      // Rows this run inserted or changed carry its id; the unchanged ones it read are in `read.unchanged`.
      const candidates = read.startedEmpty
        ? []
        : (this.db
            .prepare('SELECT id FROM transactions WHERE account_id = ? AND booking_date >= ? AND last_seen_run <> ? AND import_id IS NULL')
            .pluck()
            .all(accountId, window.reconcileFrom, runId) as number[]);
      const remove = this.db.prepare('DELETE FROM transactions WHERE id = ?');
      let changes = 0;
      for (const id of candidates) if (!read.unchanged.has(id)) changes += remove.run(id).changes;
      this.db.prepare('UPDATE accounts SET reconcile_from = NULL WHERE id = ?').run(accountId);
      refreshDailyTotals(this.db, accountId, window.fetchFrom ?? '');
      // Days before the window that a moved transaction left: their totals and balances still count it.
      const left = this.db.prepare('DELETE FROM stale_days WHERE account_id = ? RETURNING day').pluck().all(accountId) as string[];
      for (const day of left) if (day < (window.fetchFrom ?? '')) refreshDailyTotals(this.db, accountId, day, day);
      const earliest = [window.reconcileFrom, ...left].sort()[0];
      this.deriveBalanceHistory(accountId, earliest);
      return changes;
    })();
  }

  /**
   * Closing balances of the days from `from` ('' = all) up to the day before the account's newest
   * bank balance, walked back from that balance over the booked transactions: one 'derived' row per
   * day with transactions (days without carry the previous row) and, over the whole history, the
   * opening balance on the day before the first transaction.
   * - Earlier rows in that range are replaced: an older sync's 'bank' row is the balance at that
   *   sync's time, not at the end of its day.
   * - Rows booked after the balance's time (while this sync ran; balances are read first) are not in
   *   the balance, so they are not walked back over. The next sync's balance includes them.
   * - Days before `from` keep their rows: their transactions were not re-read, and a bank whose books
   *   agree with its balances moves the balance by exactly the re-read transactions.
   */
  private deriveBalanceHistory(accountId: string, from: string): void {
    const anchor = this.db
      .prepare(
        `SELECT s.date, s.balance_minor AS minor, s.currency, CASE WHEN substr(a.balance_at, 1, 10) = s.date THEN a.balance_at END AS at
         FROM balance_snapshots s JOIN accounts a ON a.id = s.account_id
         WHERE s.account_id = ? AND s.source = 'bank' ORDER BY s.date DESC LIMIT 1`,
      )
      .get(accountId) as { date: string; minor: number; currency: string; at: string | null } | undefined;
    if (!anchor) return;
    this.db.prepare('DELETE FROM balance_snapshots WHERE account_id = ? AND date >= ? AND date < ?').run(accountId, from, anchor.date);
    this.db
      .prepare(
        `WITH booked AS (SELECT booking_date AS d, sum(amount_minor) AS total FROM transactions
                         WHERE account_id = @accountId AND status = 'booked' AND booking_date >= @from AND booking_date <= @anchorDate
                           AND (booking_date < @anchorDate OR coalesce(unixepoch(booking_at) <= unixepoch(@anchorAt), 1))
                         GROUP BY booking_date),
              days AS (SELECT d, total FROM booked
                       UNION ALL SELECT date(min(d), '-1 day'), 0 FROM booked WHERE @from = '' HAVING count(*) > 0)
         INSERT OR IGNORE INTO balance_snapshots (account_id, date, balance_minor, currency, source)
         SELECT @accountId, d, @anchorMinor - coalesce(sum(total) OVER (ORDER BY d DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
                @currency, 'derived'
         FROM days`,
      )
      .run({ accountId, from, anchorDate: anchor.date, anchorAt: anchor.at, anchorMinor: anchor.minor, currency: anchor.currency });
  }
}
