/** Where split transactions meet the transaction list's category filter and its count. */
import type { ApiParsed } from '../../../shared/contract';
import type { Db } from '../db/database';

type Filter = ApiParsed<'exportTransactionsCsv'>;

/** A part that still counts (its transaction's amount is the one it was split for), in the categories asked for. */
const PART_IN = `s.category_id IN (SELECT value FROM json_each(@splitCategoryIds)) OR (@splitUncategorised = 1 AND s.category_id IS NULL)`;

/**
 * SQL over the list's `t`: the transactions with a part (one that still counts) in one of `categoryIds` (or,
 * with `uncategorised`, one without a category), with `splitParams` to bind; null when no part is there (as in
 * most databases), so the list's queries stay as they were.
 */
export function splitPartsIn(db: Db, categoryIds: string[], uncategorised: boolean): { sql: string; params: Record<string, unknown> } | null {
  const params = { splitCategoryIds: JSON.stringify(categoryIds), splitUncategorised: uncategorised ? 1 : 0 };
  const any = db.prepare(`SELECT 1 FROM transaction_splits s WHERE ${PART_IN} LIMIT 1`).get(params);
  if (!any) return null;
  return {
    sql: `t.id IN (SELECT s.tx_id FROM transaction_splits s JOIN transactions x ON x.id = s.tx_id AND x.amount_minor = s.tx_amount_minor WHERE ${PART_IN})`,
    params,
  };
}

/**
 * The daily totals count a split transaction once in each category it has a part in; a list shows it once.
 * This is by how much the daily counts of the booked rows matching `q` (no direction) exceed the list's count.
 */
export function splitOvercount(db: Db, q: Filter): number {
  const where = ["t.status = 'booked'"];
  const p: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    where.push(sql);
    p[name] = value;
  };
  if (q.from) add('t.booking_date >= @from', 'from', q.from);
  if (q.to) add('t.booking_date <= @to', 'to', q.to);
  if (q.accountIds) add('t.account_id IN (SELECT value FROM json_each(@accountIds))', 'accountIds', JSON.stringify(q.accountIds));
  if (q.currency) add('t.currency = @currency', 'currency', q.currency);
  if (q.categoryIds || q.uncategorised) {
    where.push(`(${PART_IN})`);
    p.splitCategoryIds = JSON.stringify(q.categoryIds ?? []);
    p.splitUncategorised = q.uncategorised ? 1 : 0;
  }
  if (q.excludeTransfers) where.push(`(s.category_id IS NULL OR s.category_id NOT IN (SELECT id FROM categories WHERE kind = 'transfer'))`);
  return db
    .prepare(
      `SELECT coalesce(sum(n - 1), 0) FROM (
         SELECT count(DISTINCT coalesce(s.category_id, '')) AS n FROM transaction_splits s
         JOIN transactions t ON t.id = s.tx_id AND t.amount_minor = s.tx_amount_minor
         WHERE ${where.join(' AND ')} GROUP BY s.tx_id)`,
    )
    .pluck()
    .get(p) as number;
}
