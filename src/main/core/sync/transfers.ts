/**
 * Transfers between the user's own accounts: a debit in one account and the credit it became in another (same or
 * another bank, same or another currency). Pairing runs after each sync over the days on which syncs stored new or
 * changed rows since the last pass (the whole history after a first sync), and by hand (pairTransfer / unpairTransfer).
 *
 * A debit and a credit pair automatically when they are booked, in different accounts, at most WINDOW_DAYS apart,
 * neither paired nor refused (unpaired by the user), neither a card purchase at a merchant (an MCC), and
 *  - same currency: the amounts are equal;
 *  - different currencies: the credit is within FX_TOLERANCE of the debit converted at the ECB rate of the debit's
 *    day (the latest rate on or before it), read from fx_rates.
 * Each side's best candidate is ranked by (same currency first, fewer days apart, closer converted amount); a pair is
 * made only when each side is the other's single best candidate: two equally good matches are left to the user.
 *
 * A paired row is neither income nor spending: its category becomes the built-in transfer category, unless the
 * user chose its category (category_manual = 1), and its days' totals are refreshed. Unpairing gives the rows back to
 * the categoriser and records them in transfer_refusals, so they are never paired automatically again.
 */
import type { TransactionDTO } from '../../../shared/dto';
import { currencyExponent } from '../../../shared/money';
import type { Db } from '../db/database';
import { refreshDailyTotals, refreshDaysOf } from '../db/derived';
import { Categoriser, loadRules } from './categoriser';

export const TRANSFER_CATEGORY = 'transfers';
/** Days between the two sides of an automatic pair. */
export const WINDOW_DAYS = 4;
/** Days either side that pairing by hand offers candidates from. */
export const MANUAL_WINDOW_DAYS = 7;
/** Relative difference allowed between a credit and the converted debit across currencies. */
export const FX_TOLERANCE = 0.03;
/** Days read at once by the automatic pass (plus twice the window either side). */
const CHUNK_DAYS = 92;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const PAIRED_IDS = '(SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)';

/** A user-facing refusal; the service turns it into an 'invalid_input' or 'not_found' error. */
export class TransferError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input',
    message: string,
  ) {
    super(message);
  }
}

export interface TransferRow {
  id: number;
  accountId: string;
  day: string;
  amountMinor: number;
  currency: string;
}

/**
 * Units of `currency` per 1 EUR on `day`: the latest ECB rate on or before it, else the user's manual rate quoted in
 * EUR. Each lookup walks the (source, currency, day) key.
 */
export function rateReader(db: Db): (currency: string, day: string) => number | null {
  const ecb = db.prepare(`SELECT per_eur FROM fx_rates WHERE source = 'ecb' AND currency = ? AND day <= ? ORDER BY day DESC LIMIT 1`).pluck();
  const manual = db
    .prepare(`SELECT per_eur FROM fx_rates WHERE source = 'manual' AND currency = ? AND day <= ? AND quote = 'EUR' ORDER BY day DESC LIMIT 1`)
    .pluck();
  return (currency, day) => {
    if (currency === 'EUR') return 1;
    return ((ecb.get(currency, day) ?? manual.get(currency, day)) as number | undefined) ?? null;
  };
}

export function perEurOn(db: Db, currency: string, day: string): number | null {
  return rateReader(db)(currency, day);
}

/** A cache of the rates for one pass. */
function rateLookup(db: Db): (currency: string, day: string) => number | null {
  const read = rateReader(db);
  const cache = new Map<string, number | null>();
  return (currency, day) => {
    const key = `${currency} ${day}`;
    if (!cache.has(key)) cache.set(key, read(currency, day));
    return cache.get(key)!;
  };
}

/** The size of `out` in the credit's currency and minor units at the rate of its day; null without a rate. */
function converted(out: TransferRow, toCurrency: string, rate: (currency: string, day: string) => number | null): number | null {
  if (out.currency === toCurrency) return -out.amountMinor;
  const from = rate(out.currency, out.day);
  const to = rate(toCurrency, out.day);
  if (from === null || to === null) return null;
  return (-out.amountMinor / 10 ** currencyExponent(out.currency)) * (to / from) * 10 ** currencyExponent(toCurrency);
}

/** Ranking of a candidate pair, smaller is better; equal scores are ties. */
type Score = [number, number, number];
const compare = (a: Score, b: Score) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The score of a debit/credit pair, or null when they cannot be a transfer within `windowDays` and `tolerance`. */
function score(out: TransferRow, inn: TransferRow, rate: (currency: string, day: string) => number | null, windowDays: number, tolerance: number): Score | null {
  if (out.accountId === inn.accountId || out.amountMinor >= 0 || inn.amountMinor <= 0) return null;
  const gap = Math.abs(dayNumber(out.day) - dayNumber(inn.day));
  if (gap > windowDays) return null;
  if (out.currency === inn.currency) {
    if (tolerance === 0) return -out.amountMinor === inn.amountMinor ? [0, gap, 0] : null;
    const dev = Math.abs(inn.amountMinor + out.amountMinor) / -out.amountMinor;
    return dev <= tolerance ? [dev === 0 ? 0 : 1, gap, Math.round(dev * 200)] : null;
  }
  const expected = converted(out, inn.currency, rate);
  if (expected === null || expected <= 0) return null;
  const dev = Math.abs(inn.amountMinor - expected) / expected;
  // deviations within half a percent count as equally good: rates and bank spreads are not more precise than that
  return dev <= Math.max(tolerance, FX_TOLERANCE) ? [1, gap, Math.round(dev * 200)] : null;
}

/**
 * Pairs debits and credits where each is the other's single best candidate. `rows` may hold both; `accept` says
 * which pairs this call may make (the other rows only compete).
 */
export function matchTransfers(
  rows: TransferRow[],
  rate: (currency: string, day: string) => number | null,
  accept: (out: TransferRow, inn: TransferRow) => boolean = () => true,
): { out: TransferRow; in: TransferRow }[] {
  const outs = rows.filter((r) => r.amountMinor < 0);
  const ins = rows.filter((r) => r.amountMinor > 0);
  // credits by currency, sorted by amount, so each debit looks at the credits of a plausible size only
  const byCurrency = new Map<string, TransferRow[]>();
  for (const r of ins) {
    let list = byCurrency.get(r.currency);
    if (!list) byCurrency.set(r.currency, (list = []));
    list.push(r);
  }
  for (const list of byCurrency.values()) list.sort((a, b) => a.amountMinor - b.amountMinor);
  const firstAtLeast = (list: TransferRow[], minor: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].amountMinor < minor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  interface Edge {
    out: TransferRow;
    in: TransferRow;
    score: Score;
  }
  const bestOfOut = new Map<number, { edge: Edge; tied: boolean }>();
  const bestOfIn = new Map<number, { edge: Edge; tied: boolean }>();
  const offer = (best: Map<number, { edge: Edge; tied: boolean }>, key: number, edge: Edge) => {
    const current = best.get(key);
    if (!current) best.set(key, { edge, tied: false });
    else {
      const c = compare(edge.score, current.edge.score);
      if (c < 0) best.set(key, { edge, tied: false });
      else if (c === 0) current.tied = true;
    }
  };
  for (const out of outs) {
    for (const [currency, list] of byCurrency) {
      const expected = converted(out, currency, rate);
      if (expected === null || expected <= 0) continue;
      const slack = currency === out.currency ? 0 : expected * FX_TOLERANCE;
      for (let i = firstAtLeast(list, Math.floor(expected - slack)); i < list.length && list[i].amountMinor <= expected + slack; i++) {
        const s = score(out, list[i], rate, WINDOW_DAYS, 0);
        if (!s) continue;
        const edge = { out, in: list[i], score: s };
        offer(bestOfOut, out.id, edge);
        offer(bestOfIn, list[i].id, edge);
      }
    }
  }
  const pairs: { out: TransferRow; in: TransferRow }[] = [];
  for (const [, { edge, tied }] of bestOfOut) {
    if (tied || !accept(edge.out, edge.in)) continue;
    const other = bestOfIn.get(edge.in.id);
    if (!other || other.tied || other.edge !== edge) continue;
    pairs.push({ out: edge.out, in: edge.in });
  }
  return pairs;
}

/** Links two rows as a transfer and moves them out of income and spending; inside the caller's transaction. */
function linker(db: Db): (out: TransferRow, inn: TransferRow, method: 'auto' | 'manual', at: string) => void {
  const insert = db.prepare('INSERT INTO transfer_pairs (out_tx_id, in_tx_id, method, rate, created_at) VALUES (?, ?, ?, ?, ?)');
  const categorise = db.prepare(`UPDATE transactions SET category_id = ? WHERE id IN (?, ?) AND category_manual = 0`);
  return (out, inn, method, at) => {
    const rate =
      out.currency === inn.currency
        ? null
        : inn.amountMinor / 10 ** currencyExponent(inn.currency) / (-out.amountMinor / 10 ** currencyExponent(out.currency));
    insert.run(out.id, inn.id, method, rate, at);
    categorise.run(TRANSFER_CATEGORY, out.id, inn.id);
  };
}

const ROW_SELECT = `SELECT id, account_id AS accountId, booking_date AS day, amount_minor AS amountMinor, currency FROM transactions`;

/** Touched (account, day) pairs, each day's totals recomputed on its own: pairs are scattered over the history. */
function refreshTouchedDays(db: Db, touched: { accountId: string; day: string }[]): void {
  const seen = new Set<string>();
  for (const { accountId, day } of touched) {
    const key = `${accountId} ${day}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refreshDailyTotals(db, accountId, day, day);
  }
}

/**
 * The automatic pass over the days a sync put new or changed pairable rows on (transfer_pending_days, written
 * with each page), which it empties. A pair is made when at least one side is on such a day, so the other side
 * may have been stored long before; every row within twice the window of those days competes, so each side
 * of an accepted pair is judged against all its candidates. Returns the number of pairs made.
 */
export function pairPendingTransfers(db: Db, now = new Date()): number {
  settleTransferOrphans(db);
  const days = db.prepare('SELECT day FROM transfer_pending_days ORDER BY day').pluck().all() as string[];
  if (days.length === 0) return 0;
  const rate = rateLookup(db);
  const load = db.prepare(
    `${ROW_SELECT} WHERE booking_date BETWEEN ? AND ? AND status = 'booked' AND amount_minor <> 0 AND mcc IS NULL
       AND id NOT IN ${PAIRED_IDS} AND id NOT IN (SELECT tx_id FROM transfer_refusals)`,
  );
  let made = 0;
  db.transaction(() => {
    const at = now.toISOString();
    const link = linker(db);
    const touched: { accountId: string; day: string }[] = [];
    // chunks of days at most CHUNK_DAYS apart (a long first sync is never held in memory at once), split where
    // the days are so far apart that no row competes with both sides
    for (let i = 0; i < days.length; ) {
      const chunk = new Set<string>();
      const start = days[i];
      const end = addDays(start, CHUNK_DAYS - 1);
      do chunk.add(days[i++]);
      while (i < days.length && days[i] <= end && days[i] <= addDays(days[i - 1], 4 * WINDOW_DAYS));
      const last = days[i - 1];
      const rows = load.all(addDays(start, -2 * WINDOW_DAYS), addDays(last, 2 * WINDOW_DAYS)) as TransferRow[];
      for (const pair of matchTransfers(rows, rate, (out, inn) => chunk.has(out.day) || chunk.has(inn.day))) {
        link(pair.out, pair.in, 'auto', at);
        touched.push({ accountId: pair.out.accountId, day: pair.out.day }, { accountId: pair.in.accountId, day: pair.in.day });
        made++;
      }
    }
    refreshTouchedDays(db, touched);
    db.prepare('DELETE FROM transfer_pending_days').run();
  })();
  return made;
}

/** What the categoriser reads of a row, and where its totals are, for giving a row back to it. */
const CATEGORISABLE = `t.id, t.account_id AS accountId, t.booking_date AS day, t.merchant, t.description, t.mcc,
  t.bank_tx_code AS bankTxCode, t.amount_minor AS amountMinor, t.currency`;
type Categorisable = Parameters<Categoriser['categorise']>[0] & { id: number; accountId: string; day: string };

/** Rows out of the transfer category, into the categoriser's (rules, then defaults) unless the user chose one. */
function recategorise(db: Db, rows: Categorisable[]): void {
  if (rows.length === 0) return;
  const categoriser = new Categoriser(loadRules(db));
  const setCategory = db.prepare('UPDATE transactions SET category_id = ? WHERE id = ? AND category_manual = 0');
  for (const row of rows) setCategory.run(categoriser.categorise(row, row.accountId), row.id);
  refreshDaysOf(db, rows);
}

/**
 * Rows whose pair went away while they stayed (transfer_orphans, filled by a trigger): the other side was deleted
 * at its bank, its import removed, or its bank disconnected with its data. Each leaves the transfer category the
 * pairing put it in for the categoriser's, unless the user chose its category or it was paired again, and its day
 * is handed to the next pairing pass, where it may find another side. Unpairing restores its rows itself.
 */
export function settleTransferOrphans(db: Db): number {
  return db.transaction(() => {
    // from the orphans (CROSS JOIN keeps that order): led by the category index instead, the query walked every row
    // in the transfer category on every pass, orphans or not
    const rows = db
      .prepare(
        `SELECT ${CATEGORISABLE} FROM transfer_orphans o CROSS JOIN transactions t ON t.id = o.tx_id
         WHERE t.category_manual = 0 AND t.category_id = ? AND t.id NOT IN ${PAIRED_IDS}`,
      )
      .all(TRANSFER_CATEGORY) as Categorisable[];
    recategorise(db, rows);
    const markDay = db.prepare('INSERT OR IGNORE INTO transfer_pending_days (day) VALUES (?)');
    for (const row of rows) markDay.run(row.day);
    db.prepare('DELETE FROM transfer_orphans').run();
    return rows.length;
  })();
}

function requireRow(db: Db, transactionId: string): TransferRow & { status: string } {
  const row = Number.isSafeInteger(Number(transactionId))
    ? (db.prepare(`${ROW_SELECT.replace('SELECT', 'SELECT status,')} WHERE id = ?`).get(Number(transactionId)) as (TransferRow & { status: string }) | undefined)
    : undefined;
  if (!row) throw new TransferError('not_found', 'That transaction is no longer in MyBucks (the bank may have removed it). Refresh the list.');
  return row;
}

function pairOf(db: Db, id: number): { outId: number; inId: number } | undefined {
  return db.prepare('SELECT out_tx_id AS outId, in_tx_id AS inId FROM transfer_pairs WHERE out_tx_id = ? OR in_tx_id = ?').get(id, id) as
    | { outId: number; inId: number }
    | undefined;
}

/** Pairs two rows by hand: money out of one own account and into another, in any currencies. Clears their refusals. */
export function pairManually(db: Db, outTransactionId: string, inTransactionId: string, now = new Date()): void {
  const out = requireRow(db, outTransactionId);
  const inn = requireRow(db, inTransactionId);
  if (out.amountMinor >= 0) throw new TransferError('invalid_input', 'The first transaction of a transfer must be money out (a negative amount). Choose the payment that left the account.');
  if (inn.amountMinor <= 0) throw new TransferError('invalid_input', 'The other side of a transfer must be money in (a positive amount). Choose the payment that arrived.');
  if (out.accountId === inn.accountId) throw new TransferError('invalid_input', 'Both transactions are in the same account. A transfer moves money between two of your accounts: choose one from another account.');
  db.transaction(() => {
    for (const row of [out, inn]) {
      if (pairOf(db, row.id)) throw new TransferError('invalid_input', 'One of these transactions is already paired as a transfer. Unpair it first, then pair it again.');
    }
    db.prepare('DELETE FROM transfer_refusals WHERE tx_id IN (?, ?)').run(out.id, inn.id);
    linker(db)(out, inn, 'manual', now.toISOString());
    refreshDaysOf(db, [
      { accountId: out.accountId, day: out.day },
      { accountId: inn.accountId, day: inn.day },
    ]);
  })();
}

/** Unpairs the transfer a row belongs to: both rows go back to the categoriser and are never paired automatically again. */
export function unpair(db: Db, transactionId: string): void {
  const row = requireRow(db, transactionId);
  const pair = pairOf(db, row.id);
  if (!pair) throw new TransferError('invalid_input', 'This transaction is not paired as a transfer, so there is nothing to unpair. Refresh the list.');
  db.transaction(() => {
    db.prepare('DELETE FROM transfer_pairs WHERE out_tx_id = ?').run(pair.outId);
    db.prepare('INSERT OR IGNORE INTO transfer_refusals (tx_id) VALUES (?), (?)').run(pair.outId, pair.inId);
    recategorise(db, db.prepare(`SELECT ${CATEGORISABLE} FROM transactions t WHERE t.id IN (?, ?)`).all(pair.outId, pair.inId) as Categorisable[]);
    db.prepare('DELETE FROM transfer_orphans WHERE tx_id IN (?, ?)').run(pair.outId, pair.inId);
  })();
}

/**
 * Rows that could be the other side of this one: other accounts, opposite sign, at most MANUAL_WINDOW_DAYS apart,
 * not paired, amount within 10 % (converted across currencies; any amount when there is no rate), best first.
 */
export function candidateIds(db: Db, transactionId: string, limit = 30): number[] {
  const row = requireRow(db, transactionId);
  if (row.amountMinor === 0) return [];
  const rate = rateLookup(db);
  const others = db
    .prepare(
      `${ROW_SELECT} WHERE booking_date BETWEEN ? AND ? AND account_id <> ? AND ${row.amountMinor < 0 ? 'amount_minor > 0' : 'amount_minor < 0'}
         AND id NOT IN ${PAIRED_IDS}`,
    )
    .all(addDays(row.day, -MANUAL_WINDOW_DAYS), addDays(row.day, MANUAL_WINDOW_DAYS), row.accountId) as TransferRow[];
  const scored: { id: number; score: Score }[] = [];
  for (const other of others) {
    const [out, inn] = row.amountMinor < 0 ? [row, other] : [other, row];
    const s =
      score(out, inn, rate, MANUAL_WINDOW_DAYS, 0.1) ??
      // no rate for a currency: still offer it, after the ones that match
      (out.currency !== inn.currency && converted(out, inn.currency, rate) === null
        ? ([2, Math.abs(dayNumber(out.day) - dayNumber(inn.day)), 0] as Score)
        : null);
    if (s) scored.push({ id: other.id, score: s });
  }
  scored.sort((a, b) => compare(a.score, b.score) || a.id - b.id);
  return scored.slice(0, limit).map((s) => s.id);
}

/** Sorts DTOs into the order of `ids` (a query by ids returns them in any order). */
export function inOrder(ids: number[], rows: TransactionDTO[]): TransactionDTO[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(String(id))).filter((r): r is TransactionDTO => r !== undefined);
}

/** The number of transfers a sync run paired, for sync_runs. */
export function recordTransfersPaired(db: Db, runId: number, paired: number): void {
  db.prepare('UPDATE sync_runs SET transfers_paired = ? WHERE id = ?').run(paired, runId);
}
