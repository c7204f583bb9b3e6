/**
 * Recurring series in the database: detection after each sync over the payees the run touched (their whole
 * history), the user's verdicts (confirm, edit, dismiss), and the links from transactions to their series.
 *
 * Suggestions follow the data: each refresh replaces the suggestions of the payees it looked at, and drops those no
 * longer found. Confirmed series stay; new rows that land on one of their expected days attach to them. Dismissed
 * series stay too, so the same account, payee, currency and direction is never suggested again.
 */
import type { Db } from '../db/database';
import { CADENCES, dayNumber, deviation, type Cadence } from './cadence';
import { AMOUNT_TOLERANCE, detectSeries, factsOf, type DetectedSeries, type DetectRow } from './detect';
import { displayNameOf, merchantKeyOf } from './normalise';

/** A refusal the user can act on; `code` is one of the contract's error codes. */
export class RecurringError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input',
    message: string,
  ) {
    super(message);
  }
}

export interface SeriesRecord {
  id: number;
  accountId: string;
  merchantKey: string;
  currency: string;
  direction: 'out' | 'in';
  status: 'suggested' | 'confirmed' | 'dismissed';
  name: string;
  cadence: Cadence;
  expectedMinor: number;
  variable: number;
  edited: number;
  firstDay: string;
  lastDay: string;
  nextDay: string;
  priceFromMinor: number | null;
  priceToMinor: number | null;
}

export const SERIES_SELECT = `SELECT id, account_id AS accountId, merchant_key AS merchantKey, currency, direction, status, name, cadence,
  expected_minor AS expectedMinor, variable, edited, first_day AS firstDay, last_day AS lastDay, next_day AS nextDay,
  price_from_minor AS priceFromMinor, price_to_minor AS priceToMinor FROM recurring_series`;

/** Days back from today in which rows a sync changed (not only added) send their payee to detection again. */
const RECENT_CHANGE_DAYS = 45;
/** A payee with more booked rows than this per week of history and account is everyday spending: not read at all. */
const MAX_ROWS_PER_WEEK = 4;

const groupOf = (accountId: string, key: string, currency: string, direction: string) => `${accountId}\u0000${key}\u0000${currency}\u0000${direction}`;

export interface RefreshResult {
  /** Payees whose history was read. */
  payees: number;
  rows: number;
  suggested: number;
  attached: number;
}

/**
 * Detects series over the whole history of the payees that the sync run `runId` added or changed rows for (every
 * payee when `runId` is null) and stores what it found; one SQLite transaction.
 */
export function refreshRecurring(db: Db, runId: number | null, today: string): RefreshResult {
  const result: RefreshResult = { payees: 0, rows: 0, suggested: 0, attached: 0 };
  return db.transaction(() => {
    const { textIds, isNew } = touchedBy(db, runId, today);
    if (textIds.length === 0) return result;
    const keys = keysOf(db, textIds);
    const texts = db
      .prepare('SELECT search_text_id AS id, merchant_key AS key, name FROM recurring_text_keys WHERE merchant_key IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...keys])) as { id: number; key: string; name: string }[];

    // payees too busy to hold a bill are left out before any row is read (counted from the index alone)
    // (two subqueries: SQLite answers a lone min() or max() from the index's ends, both together by a scan)
    const span = db.prepare('SELECT (SELECT min(booking_date) FROM transactions) AS first, (SELECT max(booking_date) FROM transactions) AS last').get() as {
      first: string | null;
      last: string | null;
    };
    const accounts = db.prepare('SELECT count(*) FROM accounts').pluck().get() as number;
    const weeks = span.first && span.last ? (dayNumber(span.last) - dayNumber(span.first)) / 7 + 1 : 1;
    const limit = Math.ceil(MAX_ROWS_PER_WEEK * weeks * Math.max(1, accounts));
    // counting stops past the limit: a supermarket's hundred thousand rows are not all counted
    const count = db.prepare('SELECT count(*) FROM (SELECT 1 FROM transactions WHERE search_text_id = ? LIMIT ?)').pluck();
    const perKey = new Map<string, number>();
    for (const t of texts) perKey.set(t.key, (perKey.get(t.key) ?? 0) + (count.get(t.id, limit + 1) as number));
    const keyOfText = new Map(texts.map((t) => [t.id, t]));
    const readable = texts.filter((t) => perKey.get(t.key)! <= limit);
    const examined = new Set(readable.map((t) => t.key));
    result.payees = examined.size;

    const rows = (
      db
        .prepare(
          `SELECT t.id, t.account_id AS accountId, t.booking_date AS day, t.amount_minor AS amountMinor, t.currency, t.search_text_id AS textId
           FROM transactions t
           WHERE t.search_text_id IN (SELECT value FROM json_each(?)) AND t.status = 'booked'
             AND t.id NOT IN (SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)`,
        )
        .all(JSON.stringify(readable.map((t) => t.id))) as (Omit<DetectRow, 'key' | 'name'> & { textId: number })[]
    ).map((r) => {
      const text = keyOfText.get(r.textId)!;
      return { id: r.id, accountId: r.accountId, day: r.day, amountMinor: r.amountMinor, currency: r.currency, key: text.key, name: text.name };
    });
    result.rows = rows.length;

    const detected = new Map(detectSeries(rows, today).map((s) => [groupOf(s.accountId, s.key, s.currency, s.direction), s]));
    const existing = db.prepare(`${SERIES_SELECT} WHERE merchant_key IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...examined])) as SeriesRecord[];
    const known = new Map(existing.map((s) => [groupOf(s.accountId, s.merchantKey, s.currency, s.direction), s]));
    const newRows = rows.filter((r) => isNew(r.id));

    for (const s of existing) {
      const group = groupOf(s.accountId, s.merchantKey, s.currency, s.direction);
      if (s.status === 'suggested' && !detected.has(group)) db.prepare('DELETE FROM recurring_series WHERE id = ?').run(s.id);
      if (s.status === 'confirmed') {
        result.attached += attach(db, s, detected.get(group)?.txIds ?? [], newRows.filter((r) => groupOf(r.accountId, r.key, r.currency, r.amountMinor < 0 ? 'out' : 'in') === group));
        refreshFacts(db, s.id, today);
      }
    }
    for (const [group, d] of detected) {
      const s = known.get(group);
      if (!s) {
        saveSuggestion(db, d, null);
        result.suggested++;
      } else if (s.status === 'suggested') {
        saveSuggestion(db, d, s.id);
        result.suggested++;
      }
    }
    return result;
  })();
}

/**
 * The search texts to look at, and which rows are new to detection: rows above the watermark (new since it last ran,
 * found through the primary key, so a run over a million rows costs no scan by run) and the rows `runId` changed in
 * the last RECENT_CHANGE_DAYS (through the date index). A bank's correction to an older row waits for the payee's
 * next new row. Moves the watermark.
 */
function touchedBy(db: Db, runId: number | null, today: string): { textIds: number[]; isNew: (txId: number) => boolean } {
  const watermark = db.prepare('SELECT tx_id FROM recurring_watermark').pluck().get() as number;
  const top = (db.prepare('SELECT max(id) FROM transactions').pluck().get() as number | null) ?? 0;
  db.prepare('UPDATE recurring_watermark SET tx_id = ?').run(top);
  if (runId === null) return { textIds: db.prepare('SELECT id FROM search_texts').pluck().all() as number[], isNew: () => false };
  // (no DISTINCT: with it SQLite walks a whole index instead of the primary key's range)
  const fresh = db.prepare('SELECT search_text_id FROM transactions WHERE id > ?').pluck().all(watermark) as number[];
  // the run's count of rows the bank changed is recorded before this hook runs: most runs change none
  const updated = db.prepare('SELECT transactions_updated FROM sync_runs WHERE id = ?').pluck().get(runId) as number | undefined;
  const changed = (
    updated === 0
      ? []
      : db
          .prepare(`SELECT id, search_text_id AS textId FROM transactions WHERE booking_date >= date(?, '-${RECENT_CHANGE_DAYS} days') AND changed_run = ?`)
          .all(today, runId)
  ) as { id: number; textId: number }[];
  const changedIds = new Set(changed.map((c) => c.id));
  return { textIds: [...new Set([...fresh, ...changed.map((c) => c.textId)])], isNew: (txId) => txId > watermark || changedIds.has(txId) };
}

/** The payee key of each search text, computed once per text from one of its rows. */
function keysOf(db: Db, textIds: number[]): Set<string> {
  const known = db.prepare('SELECT merchant_key FROM recurring_text_keys WHERE search_text_id = ?').pluck();
  const sample = db.prepare('SELECT merchant, description FROM transactions WHERE search_text_id = ? LIMIT 1');
  const insert = db.prepare('INSERT INTO recurring_text_keys (search_text_id, merchant_key, name) VALUES (?, ?, ?)');
  const keys = new Set<string>();
  for (const id of textIds) {
    let key = known.get(id) as string | undefined;
    if (key === undefined) {
      const row = sample.get(id) as { merchant: string | null; description: string } | undefined;
      if (!row) continue;
      key = merchantKeyOf(row.merchant, row.description);
      insert.run(id, key, displayNameOf(row.merchant, row.description));
    }
    keys.add(key);
  }
  return keys;
}

function saveSuggestion(db: Db, d: DetectedSeries, id: number | null): void {
  const values = {
    accountId: d.accountId,
    key: d.key,
    currency: d.currency,
    direction: d.direction,
    name: d.name,
    cadence: d.cadence,
    expected: d.expectedMinor,
    variable: d.variable ? 1 : 0,
    first: d.firstDay,
    last: d.lastDay,
    next: d.nextDay,
    from: d.priceRise?.fromMinor ?? null,
    to: d.priceRise?.toMinor ?? null,
    at: new Date().toISOString(),
  };
  let seriesId = id;
  if (seriesId === null) {
    seriesId = Number(
      db
        .prepare(
          `INSERT INTO recurring_series (account_id, merchant_key, currency, direction, status, name, cadence, expected_minor, variable,
             first_day, last_day, next_day, price_from_minor, price_to_minor, updated_at)
           VALUES (@accountId, @key, @currency, @direction, 'suggested', @name, @cadence, @expected, @variable, @first, @last, @next, @from, @to, @at)`,
        )
        .run(values).lastInsertRowid,
    );
  } else {
    db.prepare(
      `UPDATE recurring_series SET name = @name, cadence = @cadence, expected_minor = @expected, variable = @variable, first_day = @first,
         last_day = @last, next_day = @next, price_from_minor = @from, price_to_minor = @to, updated_at = @at WHERE id = @id`,
    ).run({ ...values, id: seriesId });
    db.prepare('DELETE FROM recurring_links WHERE series_id = ?').run(seriesId);
  }
  const link = db.prepare('INSERT OR REPLACE INTO recurring_links (tx_id, series_id) VALUES (?, ?)');
  for (const tx of d.txIds) link.run(tx, seriesId);
}

/**
 * Attaches rows to a confirmed series: the rows detection found for it, and the run's new rows of its payee that
 * land on one of its expected days with an amount near the expected one. Returns how many were new to it.
 */
function attach(db: Db, s: SeriesRecord, found: number[], candidates: DetectRow[]): number {
  const link = db.prepare('INSERT OR IGNORE INTO recurring_links (tx_id, series_id) VALUES (?, ?)');
  let added = 0;
  for (const id of found) added += link.run(id, s.id).changes;
  const spec = CADENCES[s.cadence];
  const slack = Math.max(AMOUNT_TOLERANCE, s.variable ? 0.35 : 0.25);
  let last = dayNumber(s.lastDay);
  for (const r of [...candidates].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    const day = dayNumber(r.day);
    const size = Math.abs(r.amountMinor);
    if (Math.abs(size - s.expectedMinor) > s.expectedMinor * slack || day - last < spec.days - spec.tolerance) continue;
    if (deviation(s.cadence, last, day).days > spec.tolerance) continue;
    const changes = link.run(r.id, s.id).changes;
    added += changes;
    if (changes) last = day;
  }
  return added;
}

/** Recomputes a confirmed series' dates and flags from its linked rows; the user's own amount stays when edited. */
export function refreshFacts(db: Db, seriesId: number, today: string): void {
  const s = db.prepare(`${SERIES_SELECT} WHERE id = ?`).get(seriesId) as SeriesRecord;
  const rows = db
    .prepare(
      `SELECT t.booking_date AS day, abs(t.amount_minor) AS size FROM recurring_links l JOIN transactions t ON t.id = l.tx_id
       WHERE l.series_id = ? ORDER BY t.booking_date, t.id`,
    )
    .all(seriesId) as { day: string; size: number }[];
  if (rows.length === 0) return;
  const f = factsOf(
    s.cadence,
    rows.map((r) => dayNumber(r.day)),
    rows.map((r) => r.size),
    dayNumber(today),
    s.variable === 1,
  );
  db.prepare(
    `UPDATE recurring_series SET first_day = ?, last_day = ?, next_day = ?, price_from_minor = ?, price_to_minor = ?,
       expected_minor = CASE WHEN edited = 1 THEN expected_minor ELSE ? END, updated_at = ? WHERE id = ?`,
  ).run(f.firstDay, f.lastDay, f.nextDay, f.priceRise?.fromMinor ?? null, f.priceRise?.toMinor ?? null, f.expectedMinor, new Date().toISOString(), seriesId);
}

function requireSeries(db: Db, seriesId: string): SeriesRecord {
  const s = Number.isSafeInteger(Number(seriesId)) ? (db.prepare(`${SERIES_SELECT} WHERE id = ?`).get(Number(seriesId)) as SeriesRecord | undefined) : undefined;
  if (!s) throw new RecurringError('not_found', 'That bill or subscription is no longer in MyBucks (the transactions behind it changed). Reload the Bills page.');
  return s;
}

export function confirmSeries(db: Db, seriesId: string): void {
  const s = requireSeries(db, seriesId);
  if (s.status === 'dismissed') throw new RecurringError('invalid_input', 'You dismissed this suggestion, so it cannot be confirmed. Reload the Bills page.');
  db.prepare(`UPDATE recurring_series SET status = 'confirmed', updated_at = ? WHERE id = ?`).run(new Date().toISOString(), s.id);
}

/** Sets the name, amount or cadence the user gave; the series becomes confirmed (editing is agreeing it is one). */
export function editSeries(db: Db, seriesId: string, change: { name?: string; expectedMinor?: number; cadence?: Cadence }, today: string): void {
  const s = requireSeries(db, seriesId);
  if (s.status === 'dismissed') throw new RecurringError('invalid_input', 'You dismissed this suggestion, so it cannot be edited. Reload the Bills page.');
  db.transaction(() => {
    db.prepare(
      `UPDATE recurring_series SET status = 'confirmed', edited = 1, name = coalesce(?, name), expected_minor = coalesce(?, expected_minor),
         cadence = coalesce(?, cadence), updated_at = ? WHERE id = ?`,
    ).run(change.name ?? null, change.expectedMinor ?? null, change.cadence ?? null, new Date().toISOString(), s.id);
    if (change.cadence && change.cadence !== s.cadence) refreshFacts(db, s.id, today);
  })();
}

/** The series is kept as dismissed (never suggested again); its transactions are no longer linked to it. */
export function dismissSeries(db: Db, seriesId: string): void {
  const s = requireSeries(db, seriesId);
  db.transaction(() => {
    db.prepare(`UPDATE recurring_series SET status = 'dismissed', updated_at = ? WHERE id = ?`).run(new Date().toISOString(), s.id);
    db.prepare('DELETE FROM recurring_links WHERE series_id = ?').run(s.id);
  })();
}

/** Whether detection never ran on this database (one from before recurring bills, with transactions). */
export function neverDetected(db: Db): boolean {
  return db.prepare('SELECT NOT EXISTS (SELECT 1 FROM recurring_text_keys) AND EXISTS (SELECT 1 FROM transactions)').pluck().get() === 1;
}
