/**
 * Split transactions and re-categorising many at once. A split's parts must add up exactly to the
 * transaction's amount; each part then counts in its category in the daily totals (derived.ts). The parts
 * remember the amount they were made for: when the bank changes the amount, they stop counting (the whole
 * transaction counts in its own category again) and the split needs the user's attention until split anew.
 */
import type { ApiParsed } from '../../../shared/contract';
import type { BulkCategoriseResultDTO, SplitDTO, TransactionDTO, TransactionPageDTO } from '../../../shared/dto';
import { formatMinor } from '../../../shared/money';
import type { Db } from '../db/database';
import { refreshDaysOf } from '../db/derived';
import { InvalidInputError, NotFoundError } from '../reports/errors';
import { setTransactionCategory } from '../reports/categories';
import { transactionsByIds } from '../reports/transactions';
import { payeeNames } from '../rules';

interface TxFacts {
  id: number;
  accountId: string;
  day: string;
  amountMinor: number;
  currency: string;
}

function requireTransaction(db: Db, transactionId: string): TxFacts {
  const row = /^\d+$/.test(transactionId)
    ? (db
        .prepare('SELECT id, account_id AS accountId, booking_date AS day, amount_minor AS amountMinor, currency FROM transactions WHERE id = ?')
        .get(Number(transactionId)) as TxFacts | undefined)
    : undefined;
  if (!row) throw new NotFoundError('That transaction is no longer there (the bank may have removed it). Reload the list.');
  return row;
}

function requireCategories(db: Db, ids: (string | null)[]): void {
  const has = db.prepare('SELECT 1 FROM categories WHERE id = ?');
  for (const id of ids) if (id !== null && !has.get(id)) throw new NotFoundError(`There is no category "${id}". Pick a category from the list.`);
}

/**
 * Splits a transaction into parts (replacing an earlier split). The transaction keeps, as a choice made by
 * hand, the category of its largest part, so rules and the sync leave it alone and one-category views show it.
 */
export function splitTransaction(db: Db, input: ApiParsed<'splitTransaction'>): void {
  const tx = requireTransaction(db, input.transactionId);
  requireCategories(db, input.parts.map((p) => p.categoryId));
  const sum = input.parts.reduce((s, p) => s + p.amountMinor, 0);
  if (sum !== tx.amountMinor) {
    const money = (minor: number) => formatMinor(minor, tx.currency, 'en-GB');
    throw new InvalidInputError(
      `The parts add up to ${money(sum)} but the transaction is ${money(tx.amountMinor)}: ` +
        `change the parts by ${money(tx.amountMinor - sum)} so they add up exactly. Nothing was changed.`,
    );
  }
  const largest = input.parts.reduce((a, b) => (Math.abs(b.amountMinor) > Math.abs(a.amountMinor) ? b : a));
  db.transaction(() => {
    db.prepare('DELETE FROM transaction_splits WHERE tx_id = ?').run(tx.id);
    const insert = db.prepare('INSERT INTO transaction_splits (tx_id, seq, amount_minor, category_id, tx_amount_minor) VALUES (?, ?, ?, ?, ?)');
    input.parts.forEach((p, i) => insert.run(tx.id, i + 1, p.amountMinor, p.categoryId, tx.amountMinor));
    db.prepare('UPDATE transactions SET category_id = ?, category_manual = 1 WHERE id = ?').run(largest.categoryId, tx.id);
    refreshDaysOf(db, [tx]);
  })();
}

/** Removes a split: the whole transaction counts in its category (that of its largest part) again. */
export function unsplitTransaction(db: Db, transactionId: string): void {
  const tx = requireTransaction(db, transactionId);
  db.transaction(() => {
    db.prepare('DELETE FROM transaction_splits WHERE tx_id = ?').run(tx.id);
    refreshDaysOf(db, [tx]);
  })();
}

/** The splits of these transactions, by transaction id. */
export function splitsOf(db: Db, ids: string[]): Map<string, SplitDTO> {
  const parts = db
    .prepare(
      `SELECT s.tx_id AS txId, s.amount_minor AS amountMinor, s.category_id AS categoryId, c.name AS categoryName, c.color,
              s.tx_amount_minor AS splitAmountMinor, t.amount_minor AS txAmountMinor
       FROM transaction_splits s JOIN transactions t ON t.id = s.tx_id LEFT JOIN categories c ON c.id = s.category_id
       WHERE s.tx_id IN (SELECT value FROM json_each(?)) ORDER BY s.tx_id, s.seq`,
    )
    .all(JSON.stringify(ids.map(Number))) as {
    txId: number;
    amountMinor: number;
    categoryId: string | null;
    categoryName: string | null;
    color: string | null;
    splitAmountMinor: number;
    txAmountMinor: number;
  }[];
  const splits = new Map<string, SplitDTO>();
  for (const p of parts) {
    const key = String(p.txId);
    let split = splits.get(key);
    if (!split) {
      split = { parts: [], needsAttention: p.splitAmountMinor !== p.txAmountMinor, splitAmountMinor: p.splitAmountMinor };
      splits.set(key, split);
    }
    split.parts.push({ categoryId: p.categoryId, categoryName: p.categoryName, color: p.color, amountMinor: p.amountMinor });
  }
  return splits;
}

/** The list's rows with their splits (and, from `payees`, the payee names rules give). */
export function withSplits(db: Db, rows: TransactionDTO[], payees: Map<string, string>): TransactionDTO[] {
  const splits = splitsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, split: splits.get(r.id) ?? null, payeeName: payees.get(r.id) ?? null }));
}

/** Split transactions whose amount the bank changed after they were split, newest first. */
export function splitsNeedingAttention(db: Db): TransactionDTO[] {
  const ids = db
    .prepare(
      `SELECT DISTINCT t.id FROM transaction_splits s JOIN transactions t ON t.id = s.tx_id
       WHERE s.tx_amount_minor <> t.amount_minor ORDER BY t.booking_date DESC, t.id DESC LIMIT 100`,
    )
    .pluck()
    .all() as number[];
  const rows = transactionsByIds(db, ids).sort((a, b) => (a.bookingDate < b.bookingDate ? 1 : a.bookingDate > b.bookingDate ? -1 : 0));
  return withSplits(db, rows, new Map());
}

/**
 * One category for many transactions, as a choice made by hand (null hands them back to the rules). A split
 * transaction given one category is no longer split. Returns what each changed row had, for undo.
 */
export function recategoriseTransactions(db: Db, transactionIds: string[], categoryId: string | null): BulkCategoriseResultDTO {
  requireCategories(db, [categoryId]);
  const ids = [...new Set(transactionIds)];
  const read = db.prepare('SELECT category_id AS categoryId, category_manual AS manual FROM transactions WHERE id = ?');
  const before = ids.map((id) => ({ id, row: /^\d+$/.test(id) ? (read.get(Number(id)) as { categoryId: string | null; manual: number } | undefined) : undefined }));
  const missing = before.filter((b) => !b.row).length;
  if (missing > 0) {
    throw new InvalidInputError(`${missing} of the selected transactions are no longer there (the bank may have removed them). Reload the list and select again.`);
  }
  return db.transaction(() => {
    const undo: BulkCategoriseResultDTO['undo'] = [];
    for (const { id, row } of before) {
      if (row!.categoryId === categoryId && row!.manual === (categoryId === null ? 0 : 1)) continue;
      db.prepare('DELETE FROM transaction_splits WHERE tx_id = ?').run(Number(id));
      setTransactionCategory(db, id, categoryId);
      undo.push({ transactionId: id, categoryId: row!.categoryId, manual: row!.manual === 1 });
    }
    return { updated: undo.length, undo };
  })();
}

/** Puts back the categories a bulk change replaced. */
export function undoRecategorise(db: Db, changes: ApiParsed<'undoRecategorise'>['changes']): { updated: number } {
  requireCategories(db, changes.map((c) => c.categoryId));
  const txs = changes.map((c) => requireTransaction(db, c.transactionId));
  return db.transaction(() => {
    const update = db.prepare('UPDATE transactions SET category_id = ?, category_manual = ? WHERE id = ?');
    changes.forEach((c, i) => update.run(c.categoryId, c.manual ? 1 : 0, txs[i].id));
    refreshDaysOf(db, txs);
    return { updated: changes.length };
  })();
}

/** A page of the transaction list with each row's split and the payee name rules give it. */
export function decoratePage(db: Db, page: TransactionPageDTO): TransactionPageDTO {
  return { ...page, rows: withSplits(db, page.rows, payeeNames(db, page.rows)) };
}
