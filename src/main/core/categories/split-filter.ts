/** Where split transactions meet the transaction list's category filter. */
import type { Db } from '../db/database';

/**
 * SQL over the list's `t`: the transactions with a part (one that still counts) in one of `categoryIds`, with
 * `@splitCategoryIds` their JSON; null when no part is in them (as in most databases), so the list's
 * queries stay as they were.
 */
export function splitPartsIn(db: Db, categoryIds: string[]): string | null {
  const any = db.prepare('SELECT 1 FROM transaction_splits WHERE category_id IN (SELECT value FROM json_each(?)) LIMIT 1').get(JSON.stringify(categoryIds));
  return any
    ? `t.id IN (SELECT s.tx_id FROM transaction_splits s JOIN transactions x ON x.id = s.tx_id AND x.amount_minor = s.tx_amount_minor
         WHERE s.category_id IN (SELECT value FROM json_each(@splitCategoryIds)))`
    : null;
}

/** Whether any transaction is split (then a split counts in each of its categories' daily counts). */
export function anySplit(db: Db): boolean {
  return db.prepare('SELECT 1 FROM transaction_splits LIMIT 1').get() !== undefined;
}
