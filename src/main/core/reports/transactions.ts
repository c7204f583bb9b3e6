/**
 * The transaction list: filters, FTS5 search, sorting and keyset paging with an opaque cursor (or a jump
 * to an offset, which then continues by cursor); CSV export.
 */
import type { ApiParsed } from '../../../shared/contract';
import type { TransactionDTO, TransactionPageDTO } from '../../../shared/dto';
import { minorToDecimal } from '../../../shared/money';
import type { Db } from '../db/database';
import { referenceWatermark } from '../db/derived';
import { InvalidInputError } from './errors';
import { withRunningBalance } from './running-balance';
import { splitPartsIn } from '../categories/split-filter';
import { EXCLUDE_TRANSFERS, transactionTotals } from './transaction-totals';

export type TransactionListQuery = ApiParsed<'listTransactions'>;
export type TransactionFilter = ApiParsed<'exportTransactionsCsv'>;
type Sort = TransactionListQuery['sort'];

const SORTS: Record<Sort, { column: string; index: string; dir: 'ASC' | 'DESC'; cmp: '<' | '>' }> = {
  date_desc: { column: 't.booking_date', index: 'tx_date', dir: 'DESC', cmp: '<' },
  date_asc: { column: 't.booking_date', index: 'tx_date', dir: 'ASC', cmp: '>' },
  amount_desc: { column: 't.amount_minor', index: 'tx_amount', dir: 'DESC', cmp: '<' },
  amount_asc: { column: 't.amount_minor', index: 'tx_amount', dir: 'ASC', cmp: '>' },
};

/** Above this share of all rows, walking the sort index finds a page sooner than sorting the matches. */
const ORDERED_SCAN_SHARE = 0.02;

const SELECT = `
  SELECT CAST(t.id AS TEXT) AS id, t.account_id AS accountId, coalesce(a.display_name, a.name) AS accountName, p.name AS providerName,
         t.booking_date AS bookingDate, t.value_date AS valueDate, t.amount_minor AS amountMinor, t.currency,
         t.description, t.merchant, t.status, t.category_id AS categoryId, cat.name AS categoryName,
         t.category_manual AS categoryManual, t.id AS rowId,
         coalesce(tpo.in_tx_id, tpi.out_tx_id) AS transferWith, coalesce(tpo.method, tpi.method) AS transferMethod,
         coalesce(ta.display_name, ta.name) AS transferAccountName, tp.name AS transferProviderName
  FROM transactions t
  JOIN accounts a ON a.id = t.account_id
  JOIN connections c ON c.id = a.connection_id
  JOIN providers p ON p.id = c.provider_id
  LEFT JOIN categories cat ON cat.id = t.category_id
  LEFT JOIN transfer_pairs tpo ON tpo.out_tx_id = t.id
  LEFT JOIN transfer_pairs tpi ON tpi.in_tx_id = t.id
  LEFT JOIN transactions tt ON tt.id = coalesce(tpo.in_tx_id, tpi.out_tx_id)
  LEFT JOIN accounts ta ON ta.id = tt.account_id
  LEFT JOIN connections tc ON tc.id = ta.connection_id
  LEFT JOIN providers tp ON tp.id = tc.provider_id`;

/** The other side of a paired transfer (transfer_pairs), flat from the query; `toDto` folds it into `transfer`. */
interface TransferColumns {
  transferWith: number | null;
  transferMethod: 'auto' | 'manual' | null;
  transferAccountName: string | null;
  transferProviderName: string | null;
}

type Row = Omit<TransactionDTO, 'categoryManual' | 'transfer'> & TransferColumns & { categoryManual: number; rowId: number };

/**
 * Search words, all required. Words go to FTS5 as prefix terms (`tesco metro` → `"tesco"* "metro"*`)
 * over the search dictionary; words with digits (references, which the dictionary leaves out) are
 * matched as substrings of the description. Those of 3+ characters first narrow the rows through the
 * reference trigram index: every trigram of each such word (`12345` → `"123" "234" "345"`), a superset
 * of the rows that the substring test then decides.
 */
export function searchTerms(search: string): { fts: string | null; literals: string[]; references: string | null } {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const literals = words.filter((w) => /\d/.test(w));
  const terms = words.filter((w) => !/\d/.test(w));
  const trigrams = new Set<string>();
  for (const w of literals) {
    const chars = [...w];
    for (let i = 0; i + 3 <= chars.length; i++) trigrams.add(chars.slice(i, i + 3).join(''));
  }
  return {
    fts: terms.length ? terms.map((w) => `"${w}"*`).join(' ') : null,
    literals,
    references: trigrams.size ? [...trigrams].map((g) => `"${g}"`).join(' ') : null,
  };
}

function filters(db: Db, q: TransactionFilter): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const { fts, literals, references } = searchTerms(q.search ?? '');
  if (references) {
    // the index covers ids up to its watermark; the rows added since (until indexReferences runs) are scanned
    where.push('(t.id IN (SELECT rowid FROM reference_fts WHERE reference_fts MATCH @references) OR t.id > @referenceWatermark)');
    params.references = references;
    params.referenceWatermark = referenceWatermark(db);
  }
  if (fts) {
    where.push('t.search_text_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH @fts)');
    params.fts = fts;
  }
  literals.forEach((lit, i) => {
    where.push(`instr(lower(t.description), @literal${i}) > 0`);
    params[`literal${i}`] = lit;
  });
  if (q.accountIds?.length === 1) {
    // an equality (not IN) lets a date sort walk the (account, date) index in order
    where.push('t.account_id = @accountId');
    params.accountId = q.accountIds[0];
  } else if (q.accountIds) {
    where.push('t.account_id IN (SELECT value FROM json_each(@accountIds))');
    params.accountIds = JSON.stringify(q.accountIds);
  }
  const byCategory: string[] = [];
  if (q.categoryIds?.length === 1 && !q.uncategorised) {
    // an equality (not IN) lets a date sort walk the (category, date) index in order
    byCategory.push('t.category_id = @categoryId');
    params.categoryId = q.categoryIds[0];
  } else if (q.categoryIds) {
    byCategory.push('t.category_id IN (SELECT value FROM json_each(@categoryIds))');
    params.categoryIds = JSON.stringify(q.categoryIds);
  }
  if (q.uncategorised) byCategory.push('t.category_id IS NULL');
  // a split transaction is in each category it has a part in
  const parts = q.categoryIds || q.uncategorised ? splitPartsIn(db, q.categoryIds ?? [], q.uncategorised ?? false) : null;
  if (parts) {
    byCategory.push(parts.sql);
    Object.assign(params, parts.params);
  }
  if (byCategory.length) where.push(`(${byCategory.join(' OR ')})`);
  if (q.from) {
    where.push('t.booking_date >= @from');
    params.from = q.from;
  }
  if (q.to) {
    where.push('t.booking_date <= @to');
    params.to = q.to;
  }
  // with a direction, min/max bound the size of the amount (money out: -amount)
  if (q.direction) where.push(q.direction === 'in' ? 't.amount_minor > 0' : 't.amount_minor < 0');
  const out = q.direction === 'out';
  if (q.minAmountMinor !== undefined) {
    where.push(out ? 't.amount_minor <= @minAmount' : 't.amount_minor >= @minAmount');
    params.minAmount = out ? -q.minAmountMinor : q.minAmountMinor;
  }
  if (q.maxAmountMinor !== undefined) {
    where.push(out ? 't.amount_minor >= @maxAmount' : 't.amount_minor <= @maxAmount');
    params.maxAmount = out ? -q.maxAmountMinor : q.maxAmountMinor;
  }
  if (q.status) {
    where.push('t.status = @status');
    params.status = q.status;
  }
  if (q.merchant) {
    where.push('t.merchant = @merchant');
    params.merchant = q.merchant;
  }
  if (q.currency) {
    where.push('t.currency = @currency');
    params.currency = q.currency;
  }
  if (q.excludeTransfers) where.push(EXCLUDE_TRANSFERS);
  // Recurring bills (issue 11)
  if (q.recurringSeriesId !== undefined) {
    where.push('t.id IN (SELECT tx_id FROM recurring_links WHERE series_id = @recurringSeriesId)');
    params.recurringSeriesId = Number.isSafeInteger(Number(q.recurringSeriesId)) ? Number(q.recurringSeriesId) : -1;
  }
  return { where, params };
}

function encodeCursor(sort: Sort, key: string | number, id: number): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: Sort): [string | number, number] {
  try {
    const [s, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [Sort, string | number, number];
    const keyOk = sort.startsWith('date') ? typeof key === 'string' : Number.isSafeInteger(key);
    if (s === sort && keyOk && Number.isSafeInteger(id)) return [key, id];
  } catch {
    // fall through
  }
  throw new InvalidInputError('Invalid or stale cursor for this sort order');
}

const toDto = ({ rowId: _rowId, categoryManual, transferWith, transferMethod, transferAccountName, transferProviderName, ...r }: Row): TransactionDTO => ({
  ...r,
  transfer:
    transferWith === null
      ? null
      : { pairedWithId: String(transferWith), accountName: transferAccountName ?? '', providerName: transferProviderName ?? '', method: transferMethod ?? 'auto' },
  categoryManual: categoryManual === 1,
  runningBalanceMinor: null,
});

/** These transactions as the list shows them, in any order (transfer candidates). */
export function transactionsByIds(db: Db, ids: number[]): TransactionDTO[] {
  if (ids.length === 0) return [];
  return (db.prepare(`${SELECT} WHERE t.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[]).map(toDto);
}

export function listTransactions(db: Db, q: TransactionListQuery): TransactionPageDTO {
  const { where, params } = filters(db, q);
  // the filtered total per currency; where it needs a pass over the rows, that pass counts them too
  const summary = transactionTotals(db, q, where, params);
  const total =
    summary.count ??
    (db.prepare(`SELECT count(*) AS n FROM transactions t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).get(params) as { n: number }).n;
  const sort = SORTS[q.sort];
  if (q.cursor && q.offset !== undefined) throw new InvalidInputError('Give a cursor or an offset, not both');
  const pageWhere = [...where];
  if (q.cursor) {
    const [key, id] = decodeCursor(q.cursor, q.sort);
    pageWhere.push(`(${sort.column}, t.id) ${sort.cmp} (@cursorKey, @cursorId)`);
    Object.assign(params, { cursorKey: key, cursorId: id });
  }
  // The page is chosen from `transactions` alone, and labelled afterwards. The plan is picked here
  // (there are no planner statistics): many matches → walk the sort index and stop after one page;
  // few → find the matches through the filters' indexes and sort just those (a top-N sort).
  // Amounts are not spread evenly across accounts or categories, so an amount sort walks the amount
  // index only when amount is the sole filter. A date sort within one account walks that account's
  // slice of the (account, date) index; one within a single category (or uncategorised), that category's
  // slice of the (category, date) index. An offset skips ids only (from the covering sort index when
  // unfiltered), so the rows passed over are never joined or labelled.
  const approxRows = db.prepare('SELECT coalesce(max(id), 0) FROM transactions').pluck().get() as number;
  const orderedScan = q.sort.startsWith('amount')
    ? where.every((w) => w.startsWith('t.amount_minor'))
    : where.length === 0 || total >= approxRows * ORDERED_SCAN_SHARE;
  const oneCategory =
    ((q.categoryIds?.length === 1 && !q.uncategorised) || (!q.categoryIds && q.uncategorised)) && params.splitCategoryIds === undefined;
  const index = !q.sort.startsWith('date')
    ? sort.index
    : q.accountIds?.length === 1
      ? 'tx_account_date'
      : oneCategory
        ? 'tx_category_date'
        : sort.index;
  // a page past the middle is found walking from the far end, so at most half the matches are skipped
  const offset = q.offset ?? 0;
  const fromEnd = offset > total / 2;
  const dir = fromEnd ? (sort.dir === 'ASC' ? 'DESC' : 'ASC') : sort.dir;
  const slice = fromEnd
    ? { limit: Math.max(0, Math.min(q.limit, total - offset)), offset: Math.max(0, total - offset - q.limit) }
    : { limit: q.limit + 1, offset };
  const page = `SELECT t.id FROM transactions t ${orderedScan ? `INDEXED BY ${index}` : ''}
    ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
    ORDER BY ${orderedScan ? '' : '+'}${sort.column} ${dir}, t.id ${dir} LIMIT @limit OFFSET @offset`;
  const rows = db
    .prepare(`${SELECT} WHERE t.id IN (${page}) ORDER BY ${sort.column} ${sort.dir}, t.id ${sort.dir}`)
    .all({ ...params, ...slice }) as Row[];
  const more = fromEnd ? offset + rows.length < total : rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown.at(-1);
  const nextCursor =
    more && last ? encodeCursor(q.sort, q.sort.startsWith('date') ? last.bookingDate : last.amountMinor, last.rowId) : null;
  return { rows: withRunningBalance(db, q, shown.map(toDto)), nextCursor, total, totals: summary.totals };
}

const CSV_HEADER = ['Date', 'Value date', 'Bank', 'Account', 'Description', 'Merchant', 'Category', 'Amount', 'Currency', 'Status'];

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvCell(value: string | null, text = true): string {
  let v = value ?? '';
  if (text && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function exportTransactionsCsv(db: Db, q: TransactionFilter, today = new Date()): { filename: string; csv: string } {
  const { where, params } = filters(db, q);
  const sort = SORTS[q.sort];
  const stmt = db.prepare(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${sort.column} ${sort.dir}, t.id ${sort.dir}`,
  );
  const lines = [CSV_HEADER.join(',')];
  for (const r of stmt.iterate(params) as IterableIterator<Row>) {
    lines.push(
      [
        csvCell(r.bookingDate, false),
        csvCell(r.valueDate, false),
        csvCell(r.providerName),
        csvCell(r.accountName),
        csvCell(r.description),
        csvCell(r.merchant),
        csvCell(r.categoryName),
        csvCell(minorToDecimal(r.amountMinor, r.currency), false),
        csvCell(r.currency, false),
        csvCell(r.status, false),
      ].join(','),
    );
  }
  return { filename: `mybucks-transactions-${today.toISOString().slice(0, 10)}.csv`, csv: `${lines.join('\r\n')}\r\n` };
}
