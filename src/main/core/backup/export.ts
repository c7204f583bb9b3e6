/**
 * Exports everything the user has in MyBucks — connections (never a token: those are not in the database),
 * accounts, balance history, transactions, categories and rules, budgets (category groups, amounts, carry-over) — as one JSON file or a folder of CSV files
 * (RFC 4180). Rows are read from their own read-only connection inside one read transaction (a consistent
 * snapshot while syncs go on) and streamed to disk, so a million transactions never become one string.
 * Files appear under their final names only when complete (temporary name, then rename).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { ExportResultDTO } from '../../../shared/dto';
import { minorToDecimal } from '../../../shared/money';
import { schemaVersion, type Db } from '../db/database';
import { DataError, fileProblem, freeName, statOrNull, tempSibling } from './files';

type Value = string | number | boolean | null | string[];
type Row = Record<string, unknown>;

interface Column {
  name: string;
  value: (r: Row) => Value;
  /** Free text a spreadsheet could take for a formula: prefixed with an apostrophe in CSV when it starts like one. */
  text?: boolean;
}

interface Table {
  /** Key in the JSON file. */
  key: string;
  /** File name in the CSV folder. */
  file: string;
  sql: string;
  columns: Column[];
}

/** A decimal amount for minor units of `currency` ("-12.34" for -1234 GBP), or the minor units when the code is not ISO 4217. */
function decimal(minor: unknown, currency: unknown): string | null {
  if (typeof minor !== 'number') return null;
  try {
    return minorToDecimal(minor, String(currency));
  } catch {
    return String(minor);
  }
}

const col = (name: string, field = name, text = false): Column => ({ name, value: (r) => (r[field] ?? null) as Value, text });
const bool = (name: string, field: string): Column => ({ name, value: (r) => r[field] === 1 });
const json = (name: string, field: string): Column => ({
  name,
  value: (r) => {
    try {
      return JSON.parse(String(r[field] ?? '[]')) as string[];
    } catch {
      return [];
    }
  },
});

export const EXPORT_TABLES: Table[] = [
  {
    key: 'connections',
    file: 'connections.csv',
    sql: `SELECT c.*, coalesce(p.name, c.provider_id) AS provider_name FROM connections c LEFT JOIN providers p ON p.id = c.provider_id ORDER BY c.created_at, c.id`,
    columns: [
      col('id'),
      col('providerId', 'provider_id'),
      col('providerName', 'provider_name', true),
      col('status'),
      col('statusReason', 'status_reason', true),
      col('identitySub', 'sub', true),
      col('identityName', 'name', true),
      json('scopes', 'scopes'),
      col('consentExpiresAt', 'consent_expires_at'),
      col('lastSyncAt', 'last_sync_at'),
      col('disconnectedAt', 'disconnected_at'),
      col('createdAt', 'created_at'),
    ],
  },
  {
    key: 'accounts',
    file: 'accounts.csv',
    sql: `SELECT a.*, coalesce(p.name, c.provider_id) AS provider_name FROM accounts a
          JOIN connections c ON c.id = a.connection_id LEFT JOIN providers p ON p.id = c.provider_id ORDER BY a.created_at, a.id`,
    columns: [
      col('id'),
      col('connectionId', 'connection_id'),
      col('providerName', 'provider_name', true),
      col('bankAccountId', 'bank_account_id', true),
      col('name', 'name', true),
      col('type'),
      col('mask', 'mask', true),
      col('status', 'status', true),
      { name: 'balance', value: (r) => decimal(r.balance_minor, r.currency) },
      col('balanceMinor', 'balance_minor'),
      col('currency'),
      col('balanceAt', 'balance_at'),
      col('createdAt', 'created_at'),
    ],
  },
  {
    key: 'balanceSnapshots',
    file: 'balance_snapshots.csv',
    sql: 'SELECT * FROM balance_snapshots ORDER BY account_id, date',
    columns: [
      col('accountId', 'account_id'),
      col('date'),
      { name: 'balance', value: (r) => decimal(r.balance_minor, r.currency) },
      col('balanceMinor', 'balance_minor'),
      col('currency'),
      col('source'),
    ],
  },
  {
    key: 'transactions',
    file: 'transactions.csv',
    sql: `SELECT t.*, k.name AS category_name FROM transactions t LEFT JOIN categories k ON k.id = t.category_id ORDER BY t.id`,
    columns: [
      { name: 'id', value: (r) => String(r.id) },
      col('accountId', 'account_id'),
      col('bankTransactionId', 'bank_tx_id', true),
      col('bookingDate', 'booking_date'),
      col('bookingAt', 'booking_at'),
      col('valueDate', 'value_date'),
      { name: 'amount', value: (r) => decimal(r.amount_minor, r.currency) },
      col('amountMinor', 'amount_minor'),
      col('currency'),
      col('description', 'description', true),
      col('merchant', 'merchant', true),
      col('status'),
      col('categoryId', 'category_id'),
      col('categoryName', 'category_name', true),
      bool('categoryManual', 'category_manual'),
      col('mcc', 'mcc', true),
      col('bankTransactionCode', 'bank_tx_code', true),
    ],
  },
  {
    key: 'categories',
    file: 'categories.csv',
    sql: 'SELECT * FROM categories ORDER BY builtin DESC, name, id',
    columns: [col('id'), col('name', 'name', true), col('kind'), col('color'), bool('builtin', 'builtin'), bool('hidden', 'hidden')],
  },
  {
    key: 'rules',
    file: 'rules.csv',
    sql: 'SELECT * FROM rules ORDER BY position, created_at DESC, id',
    columns: [
      col('id'),
      col('field'),
      col('op'),
      col('value', 'value', true),
      col('categoryId', 'category_id'),
      col('createdAt', 'created_at'),
      // Categories and rules (issue 11)
      { name: 'minAmount', value: (r) => decimal(r.min_amount_minor, r.amount_currency) },
      { name: 'maxAmount', value: (r) => decimal(r.max_amount_minor, r.amount_currency) },
      col('amountCurrency', 'amount_currency'),
      col('accountId', 'account_id'),
      col('bankTransactionCode', 'bank_tx_code', true),
      col('payeeName', 'payee_name', true),
      bool('markTransfer', 'mark_transfer'),
      bool('enabled', 'enabled'),
      col('position'),
    ],
  },
  // Categories and rules (issue 11)
  {
    key: 'transactionSplits',
    file: 'transaction_splits.csv',
    sql: 'SELECT s.*, t.currency, k.name AS category_name FROM transaction_splits s JOIN transactions t ON t.id = s.tx_id LEFT JOIN categories k ON k.id = s.category_id ORDER BY s.tx_id, s.seq',
    columns: [
      { name: 'transactionId', value: (r) => String(r.tx_id) },
      col('part', 'seq'),
      { name: 'amount', value: (r) => decimal(r.amount_minor, r.currency) },
      col('amountMinor', 'amount_minor'),
      col('currency'),
      col('categoryId', 'category_id'),
      col('categoryName', 'category_name', true),
      { name: 'splitOfAmount', value: (r) => decimal(r.tx_amount_minor, r.currency) },
    ],
  },
  // Budgets (issue 11)
  {
    key: 'categoryGroups',
    file: 'category_groups.csv',
    sql: `SELECT g.*, (SELECT json_group_array(c.id) FROM categories c WHERE c.group_id = g.id) AS category_ids FROM category_groups g ORDER BY g.sort_order, g.id`,
    columns: [col('id'), col('name', 'name', true), col('sortOrder', 'sort_order'), json('categoryIds', 'category_ids')],
  },
  {
    key: 'budgets',
    file: 'budgets.csv',
    sql: 'SELECT * FROM budgets ORDER BY currency, all_currencies DESC, month, category_id, group_id',
    columns: [
      col('month'),
      col('categoryId', 'category_id'),
      col('groupId', 'group_id'),
      { name: 'amount', value: (r) => decimal(r.amount_minor, r.currency) },
      col('amountMinor', 'amount_minor'),
      col('currency'),
      bool('allCurrencies', 'all_currencies'),
    ],
  },
  {
    key: 'budgetCarryover',
    file: 'budget_carryover.csv',
    sql: 'SELECT * FROM budget_carryover ORDER BY category_id, from_month',
    columns: [col('categoryId', 'category_id'), col('fromMonth', 'from_month'), bool('enabled', 'enabled')],
  },
];

/** RFC 4180: quoted when it holds a quote, comma or line break; quotes doubled. */
export function csvCell(value: Value, text = false): string {
  let v = value === null ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (text && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const FLUSH_AT = 256 * 1024;

/** A file written through a stream in chunks, waiting when the disk is slower than the database. */
class Sink {
  private readonly stream: fs.WriteStream;
  private buffer = '';
  private failure: Error | null = null;
  bytes = 0;

  constructor(readonly file: string) {
    this.stream = fs.createWriteStream(file, { mode: 0o600, flags: 'wx' });
    this.stream.on('error', (err) => (this.failure = err));
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  destroy(): void {
    this.stream.destroy();
  }
}

export interface ExportOptions {
  format: 'csv' | 'json';
  /** The database file (opened read-only here). */
  databaseFile: string;
  /** Where to put it: an existing folder (the export is created inside), or a new file (JSON) / folder (CSV) to create; never overwrites. */
  target: string | null;
  /** Used when `target` is null. */
  defaultFolder: string;
  now: Date;
}

/** Where the export goes: the JSON file or the CSV folder to create. */
function destination(opts: ExportOptions): string {
  const date = opts.now.toISOString().slice(0, 10);
  const ext = opts.format === 'json' ? '.json' : '';
  const named = (folder: string) => freeName(folder, (n) => `mybucks-export-${date}${n ? `-${n}` : ''}${ext}`);
  if (opts.target === null) return named(opts.defaultFolder);
  const stat = statOrNull(opts.target);
  if (stat?.isDirectory()) return named(opts.target);
  if (stat) throw new DataError('invalid_input', `There is already a file at ${opts.target}; choose a folder (or a new name) for the export.`);
  const parent = statOrNull(path.dirname(opts.target));
  if (!parent?.isDirectory()) throw new DataError('invalid_input', `The folder ${path.dirname(opts.target)} does not exist.`);
  return opts.target;
}

async function writeRows(db: Db, table: Table, each: (row: Row) => Promise<void>): Promise<number> {
  let rows = 0;
  for (const row of db.prepare(table.sql).iterate() as IterableIterator<Row>) {
    await each(row);
    rows++;
  }
  return rows;
}

async function writeCsv(db: Db, table: Table, file: string): Promise<{ rows: number; bytes: number }> {
  const sink = new Sink(file);
  try {
    await sink.write(`${table.columns.map((c) => c.name).join(',')}\r\n`);
    const rows = await writeRows(db, table, (r) => sink.write(`${table.columns.map((c) => csvCell(c.value(r), c.text)).join(',')}\r\n`));
    await sink.close();
    return { rows, bytes: sink.bytes };
  } catch (err) {
    sink.destroy();
    throw err;
  }
}

async function writeJson(db: Db, file: string, now: Date): Promise<{ rows: number; bytes: number }> {
  const sink = new Sink(file);
  try {
    const head = {
      format: 'mybucks-export',
      formatVersion: 1,
      exportedAt: now.toISOString(),
      schemaVersion: schemaVersion(db),
      note: 'Everything you have in MyBucks. Bank sign-ins (tokens) are never exported. Amounts are decimals of their currency; amountMinor holds the same in minor units.',
    };
    await sink.write(JSON.stringify(head, null, 2).replace(/\n}$/, ''));
    let total = 0;
    for (const table of EXPORT_TABLES) {
      await sink.write(`,\n  ${JSON.stringify(table.key)}: [`);
      let first = true;
      total += await writeRows(db, table, (r) => {
        const obj: Record<string, Value> = {};
        for (const c of table.columns) obj[c.name] = c.value(r);
        const line = `${first ? '' : ','}\n    ${JSON.stringify(obj)}`;
        first = false;
        return sink.write(line);
      });
      await sink.write(first ? ']' : '\n  ]');
    }
    await sink.write('\n}\n');
    await sink.close();
    return { rows: total, bytes: sink.bytes };
  } catch (err) {
    sink.destroy();
    throw err;
  }
}

export async function exportData(opts: ExportOptions): Promise<ExportResultDTO> {
  const target = destination(opts);
  const db = new Database(opts.databaseFile, { readonly: true, fileMustExist: true });
  const tmp = tempSibling(target);
  try {
    db.exec('BEGIN');
    if (opts.format === 'json') {
      const { rows, bytes } = await writeJson(db, tmp, opts.now);
      fs.renameSync(tmp, target);
      return { path: target, files: [{ name: path.basename(target), rows, bytes }] };
    }
    fs.mkdirSync(tmp, { mode: 0o700 });
    const files: ExportResultDTO['files'] = [];
    for (const table of EXPORT_TABLES) {
      files.push({ name: table.file, ...(await writeCsv(db, table, path.join(tmp, table.file))) });
    }
    fs.renameSync(tmp, target);
    return { path: target, files };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (err instanceof DataError) throw err;
    throw new DataError('internal', `The export was not written to ${path.dirname(target)}: ${fileProblem(err)}.`, { cause: err });
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
}
