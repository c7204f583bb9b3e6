/** Manual re-categorisation; categories and rules live in ../categories and ../rules. */
import type { Db } from '../db/database';
import { refreshDaysOf } from '../db/derived';
import { Categoriser, loadRules } from '../sync/categoriser';
import { TRANSFER_CATEGORY } from '../sync/transfers';
import { NotFoundError } from './errors';

export { listCategories } from '../categories';
export { createRule, deleteRule, listRules } from '../rules';

function requireCategory(db: Db, categoryId: string): void {
  if (!db.prepare('SELECT 1 FROM categories WHERE id = ?').get(categoryId)) throw new NotFoundError(`Unknown category ${categoryId}`);
}

/** Rows paired as a transfer between own accounts: rules leave their (transfer) category alone. */
const PAIRED_TRANSFERS = '(SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)';

/**
 * A category chosen by the user sticks (sync and rules leave it alone); null hands the transaction back to rules and
 * defaults. Either way a split transaction is no longer split.
 */
export function setTransactionCategory(db: Db, transactionId: string, categoryId: string | null): void {
  if (!/^\d+$/.test(transactionId) || !db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(Number(transactionId))) {
    throw new NotFoundError(`Unknown transaction ${transactionId}`);
  }
  if (categoryId !== null) requireCategory(db, categoryId);
  db.transaction(() => {
    db.prepare('DELETE FROM transaction_splits WHERE tx_id = ?').run(Number(transactionId));
    if (categoryId === null) {
      db.prepare('UPDATE transactions SET category_manual = 0 WHERE id = ?').run(Number(transactionId));
      recategorise(db, Number(transactionId));
      return;
    }
    const changed = db
      .prepare('UPDATE transactions SET category_id = ?, category_manual = 1 WHERE id = ? RETURNING account_id AS accountId, booking_date AS day')
      .all(categoryId, Number(transactionId)) as { accountId: string; day: string }[];
    refreshDaysOf(db, changed);
  })();
}

function recategorise(db: Db, id: number): void {
  const categoriser = new Categoriser(loadRules(db));
  const r = db
    .prepare(
      `SELECT id, merchant, description, mcc, bank_tx_code AS bankTxCode, amount_minor AS amountMinor, currency,
              account_id AS accountId, booking_date AS day, id IN ${PAIRED_TRANSFERS} AS paired
       FROM transactions WHERE id = ?`,
    )
    .get(id) as { id: number; merchant: string | null; description: string; mcc: string | null; bankTxCode: string | null; amountMinor: number; currency: string; accountId: string; day: string; paired: number };
  // a paired transfer stays in the transfer category (rules decide for the others)
  db.prepare('UPDATE transactions SET category_id = ? WHERE id = ?').run(r.paired ? TRANSFER_CATEGORY : categoriser.categorise(r, r.accountId), r.id);
  refreshDaysOf(db, [r]);
}
