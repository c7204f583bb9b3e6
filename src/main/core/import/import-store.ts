/**
 * The import's reads and writes. A batch is written in one SQLite transaction with the same helpers the sync
 * uses (categoriser and rules, the search-text dictionary, the daily totals, transfer pairing), so imported
 * rows feed the same reports and searches; removing a batch deletes exactly its rows and recomputes the
 * totals of their days.
 */
import type { ImportBatchDTO, ImportCsvMappingDTO, ImportFormat } from '../../../shared/dto';
import type { Db } from '../db/database';
import { DayTotals, refreshDaysOf, SearchTexts } from '../db/derived';
import { listRules } from '../reports/categories';
import { Categoriser } from '../sync/categoriser';
import { pairPendingTransfers, settleTransferOrphans, WINDOW_DAYS } from '../sync/transfers';
import type { StoredRow } from './dedupe';
import type { StagedRows } from './staging';

/** Imported rows' keys in `transactions.bank_tx_id` start with this, apart from the bank's own ids. */
export const KEY_PREFIX = 'imp:';
/** The first string after every key that starts with KEY_PREFIX (':' + 1 = ';'). */
export const KEY_PREFIX_END = 'imp;';

export interface RowToWrite {
  key: string;
  bookingDate: string;
  valueDate: string | null;
  amountMinor: number;
  currency: string;
  description: string;
  payee: string | null;
  bankTxCode: string | null;
  status: 'booked' | 'pending';
}

export interface BatchToWrite {
  fileName: string;
  format: ImportFormat;
  sha256: string;
  rowsInFile: number;
  duplicates: number;
  skipped: number;
  /** How many rows `rows` gives. */
  rowCount: number;
  /** Read once, row by row, inside the transaction. */
  rows: Iterable<RowToWrite>;
  csvMapping: ImportCsvMappingDTO | null;
}

export interface StoredMatch extends StoredRow {
  description: string;
  merchant: string | null;
  currency: string;
}

const BATCH_SELECT = `SELECT i.id, i.account_id AS accountId, coalesce(a.display_name, a.name) AS accountName, i.file_name AS fileName,
    i.format, i.created_at AS createdAt, i.rows_in_file AS rowsInFile, i.added, i.duplicates, i.skipped, i.undone_at AS undoneAt
  FROM imports i JOIN accounts a ON a.id = i.account_id`;

const atMidnight = (cache: Map<string, string>, day: string) => {
  const at = `${day}T00:00:00.000Z`;
  cache.set(day, at);
  return at;
};

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

type BatchRow = Omit<ImportBatchDTO, 'id'> & { id: number };

export const MATCH_COLUMNS = 'id, booking_date AS bookingDate, amount_minor AS amountMinor, currency, description, merchant, import_id IS NOT NULL AS fromImport';
export type StoredMatchRow = Omit<StoredMatch, 'text' | 'fromImport'> & { fromImport: number };
const toStoredMatch = (r: StoredMatchRow): StoredMatch => ({ ...r, fromImport: r.fromImport === 1, text: r.merchant ? `${r.merchant} ${r.description}` : r.description });
const toBatchDTO = (r: BatchRow): ImportBatchDTO => ({ ...r, id: String(r.id) });

export class ImportStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The account's rows from `from` to `to` that a staged file's rows may match by content (StagedRows.candidates). */
  candidates(rows: StagedRows, accountId: string, from: string, to: string, windowDays: number): StoredMatch[] {
    return rows.candidates(accountId, from, to, windowDays).map(toStoredMatch);
  }

  /** A stored row a file's row duplicates by its key, to show beside it. */
  storedMatch(id: number): StoredMatch | undefined {
    const row = this.db.prepare(`SELECT ${MATCH_COLUMNS} FROM transactions WHERE id = ?`).get(id) as StoredMatchRow | undefined;
    return row && toStoredMatch(row);
  }

  /** The same bytes imported into the account before and not removed. */
  importedBefore(accountId: string, sha256: string): { importId: string; at: string } | null {
    const row = this.db
      .prepare('SELECT id, created_at AS at FROM imports WHERE account_id = ? AND sha256 = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(accountId, sha256) as { id: number; at: string } | undefined;
    return row ? { importId: String(row.id), at: row.at } : null;
  }

  savedMapping(accountId: string): ImportCsvMappingDTO | null {
    const json = this.db.prepare('SELECT mapping FROM import_mappings WHERE account_id = ?').pluck().get(accountId) as string | undefined;
    return json ? (JSON.parse(json) as ImportCsvMappingDTO) : null;
  }

  /**
   * One transaction: the batch, its rows (categorised by the rules), the touched days' totals, the saved CSV
   * mapping, transfer pairing over the batch's days. Returns the batch id (null when nothing was added) and the account.
   * `account` runs first inside the transaction and names the target (it may create it), so that rolls back too.
   */
  writeBatch(batch: BatchToWrite, account: () => string): { batchId: number | null; accountId: string } {
    const searchTexts = new SearchTexts(this.db);
    const categoriser = new Categoriser(listRules(this.db));
    const at = this.now().toISOString();
    try {
      return this.db.transaction(() => {
        const accountId = account();
        if (batch.csvMapping) {
          this.db
            .prepare(
              `INSERT INTO import_mappings (account_id, mapping, updated_at) VALUES (?, ?, ?)
               ON CONFLICT (account_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
            )
            .run(accountId, JSON.stringify(batch.csvMapping), at);
        }
        if (batch.rowCount === 0) return { batchId: null, accountId };
        const batchId = Number(
          this.db
            .prepare(
              `INSERT INTO imports (account_id, file_name, format, sha256, rows_in_file, added, duplicates, skipped, created_at)
               VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
            )
            .run(accountId, batch.fileName, batch.format, batch.sha256, batch.rowsInFile, batch.duplicates, batch.skipped, at).lastInsertRowid,
        );
        // a run id of its own (negative, never a sync run's) marks the batch's rows as first seen together
        const run = -batchId;
        const insert = this.db.prepare(
          `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, value_date, amount_minor, currency, description,
             merchant, mcc, bank_tx_code, status, category_id, category_manual, search_text_id, first_seen_run, last_seen_run, changed_run, import_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0, ?, ?, ?, ?, ?)
           ON CONFLICT (account_id, bank_tx_id) DO NOTHING`,
        );
        const totals = new DayTotals();
        const pairable = new Set<string>();
        const bookingAt = new Map<string, string>();
        let added = 0;
        for (const r of batch.rows) {
          const categoryId = categoriser.categorise({ merchant: r.payee, description: r.description, mcc: null, bankTxCode: r.bankTxCode, amountMinor: r.amountMinor });
          const { changes } = insert.run(
            accountId,
            r.key,
            r.bookingDate,
            bookingAt.get(r.bookingDate) ?? atMidnight(bookingAt, r.bookingDate),
            r.valueDate,
            r.amountMinor,
            r.currency,
            r.description,
            r.payee,
            r.bankTxCode,
            r.status,
            categoryId,
            searchTexts.idOf(r.description, r.payee),
            run,
            run,
            run,
            batchId,
          );
          if (changes === 0) continue;
          added++;
          if (r.status === 'booked') totals.add(r.bookingDate, r.currency, categoryId, r.payee, r.amountMinor);
          if (r.status === 'booked' && r.amountMinor !== 0) pairable.add(r.bookingDate);
        }
        this.db.prepare('UPDATE imports SET added = ? WHERE id = ?').run(added, batchId);
        if (added === 0) return { batchId, accountId };
        totals.write(this.db, accountId);
        this.markPairingDays(accountId, pairable);
        pairPendingTransfers(this.db, this.now());
        return { batchId, accountId };
      })();
    } catch (err) {
      searchTexts.forget();
      throw err;
    }
  }

  /**
   * Hands the pairing pass (transfer_pending_days, as a sync's pages mark them) the days of the batch's pairable
   * rows that have a booked row of another account within WINDOW_DAYS: only those can be one side of a pair
   * (pairs are across accounts), so a file imported into an account with nothing else around its dates does not
   * make the pass re-read the account's whole history.
   */
  private markPairingDays(accountId: string, days: Set<string>): void {
    if (days.size === 0) return;
    let from = '9999-12-31';
    let to = '';
    for (const d of days) {
      if (d < from) from = d;
      if (d > to) to = d;
    }
    const others = this.db.prepare('SELECT id FROM accounts WHERE id <> ?').pluck().all(accountId) as string[];
    const daysOf = this.db
      .prepare(`SELECT DISTINCT booking_date FROM transactions WHERE account_id = ? AND booking_date BETWEEN ? AND ? AND status = 'booked' AND amount_minor <> 0`)
      .pluck();
    const near = new Set<number>();
    for (const other of others) {
      for (const day of daysOf.iterate(other, addDays(from, -WINDOW_DAYS), addDays(to, WINDOW_DAYS)) as IterableIterator<string>) {
        const n = dayNumber(day);
        for (let k = -WINDOW_DAYS; k <= WINDOW_DAYS; k++) near.add(n + k);
      }
    }
    if (near.size === 0) return;
    const mark = this.db.prepare('INSERT OR IGNORE INTO transfer_pending_days (day) VALUES (?)');
    for (const d of days) if (near.has(dayNumber(d))) mark.run(d);
  }

  list(accountId?: string): ImportBatchDTO[] {
    const rows = (
      accountId
        ? this.db.prepare(`${BATCH_SELECT} WHERE i.account_id = ? ORDER BY i.id DESC`).all(accountId)
        : this.db.prepare(`${BATCH_SELECT} ORDER BY i.id DESC`).all()
    ) as BatchRow[];
    return rows.map(toBatchDTO);
  }

  get(importId: number): ImportBatchDTO | undefined {
    const row = this.db.prepare(`${BATCH_SELECT} WHERE i.id = ?`).get(importId) as BatchRow | undefined;
    return row && toBatchDTO(row);
  }

  /**
   * Deletes the batch's rows, recomputes their days' totals, and gives the rows they were paired with as
   * transfers back to the categoriser (settleTransferOrphans), so every total is what it was before the import.
   */
  undo(importId: number): void {
    this.db.transaction(() => {
      const removed = this.db
        .prepare('DELETE FROM transactions WHERE import_id = ? RETURNING account_id AS accountId, booking_date AS day')
        .all(importId) as { accountId: string; day: string }[];
      refreshDaysOf(this.db, removed);
      settleTransferOrphans(this.db);
      this.db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(this.now().toISOString(), importId);
    })();
  }
}
