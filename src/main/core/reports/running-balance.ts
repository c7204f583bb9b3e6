/**
 * The running balance of one account's transaction list: the account's balance after each booked row,
 * anchored on its current balance (after the newest booked row) and walked back over the booked rows in
 * date order (ties by id, as the list sorts). Pending rows have none: they are not in the balance yet.
 */
import type { TransactionDTO } from '../../../shared/dto';
import type { Db } from '../db/database';

interface Query {
  accountIds?: string[];
  sort: string;
}
type Row = Pick<TransactionDTO, 'id' | 'bookingDate' | 'status' | 'runningBalanceMinor'>;

/** Whether a list gets a running balance: exactly one account, sorted by date. */
export function hasRunningBalance(q: Query): boolean {
  return q.accountIds?.length === 1 && q.sort.startsWith('date');
}

/**
 * Fills `runningBalanceMinor` of the page's booked rows (others get null). One window over the booked rows
 * between the page's oldest and newest, plus the sum of the booked rows after the page: a page near the
 * top costs a page, one deep in the history a scan of the covering index from there to the newest row.
 */
export function withRunningBalance<T extends Row>(db: Db, q: Query, rows: T[]): T[] {
  const none = () => rows.map((r) => ({ ...r, runningBalanceMinor: null }));
  if (!hasRunningBalance(q)) return none();
  const booked = rows.filter((r) => r.status === 'booked');
  if (!booked.length) return none();
  const accountId = q.accountIds![0];
  const balance = db.prepare('SELECT balance_minor FROM accounts WHERE id = ?').pluck().get(accountId) as number | null | undefined;
  if (balance === null || balance === undefined) return none();
  const key = (r: Row) => [r.bookingDate, Number(r.id)] as const;
  const keys = booked.map(key).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const [loDate, loId] = keys[0];
  const [hiDate, hiId] = keys[keys.length - 1];
  const after = db
    .prepare(
      `SELECT coalesce(sum(amount_minor), 0) FROM transactions INDEXED BY tx_account_date
       WHERE account_id = @accountId AND status = 'booked' AND booking_date >= @hiDate AND (booking_date > @hiDate OR id > @hiId)`,
    )
    .pluck()
    .get({ accountId, hiDate, hiId }) as number;
  const running = db
    .prepare(
      `SELECT id, @anchor - coalesce(sum(amount_minor) OVER (ORDER BY booking_date DESC, id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS minor
       FROM transactions INDEXED BY tx_account_date
       WHERE account_id = @accountId AND status = 'booked' AND booking_date >= @loDate AND booking_date <= @hiDate
         AND (booking_date > @loDate OR id >= @loId) AND (booking_date < @hiDate OR id <= @hiId)`,
    )
    .all({ accountId, loDate, loId, hiDate, hiId, anchor: balance - after }) as { id: number; minor: number }[];
  const byId = new Map(running.map((r) => [String(r.id), r.minor]));
  return rows.map((r) => ({ ...r, runningBalanceMinor: r.status === 'booked' ? (byId.get(r.id) ?? null) : null }));
}
