/**
 * What an import holds between its steps: the bytes of an upload, and the rows of a preview with their duplicate
 * decisions (in memory up to a budget, see RowBudget). On disk they are one table each, in a database file of their own attached beside
 * the user's (the main connection keeps its temporary tables in memory, and these rows are no part of the
 * user's data or backups). The file is deleted when MyBucks closes, and emptied when it starts (after a crash).
 */
import { rmSync } from 'node:fs';
import type { Db } from '../db/database';
import { ensurePrivateDatabaseFile } from '../private-files';
import { MATCH_COLUMNS, type RowToWrite, type StoredMatchRow } from './import-store';
import type { StatementTransaction } from './statement';

const SCHEMA = 'import_staging';
/** Rows inserted per transaction while a file is read, and read back per query. */
const STAGING_PAGE = 2_000;

const tableName = (kind: 'upload' | 'rows' | 'again_keys' | 'again_rows', id: string) => `${SCHEMA}.${kind}_${id.replace(/[^0-9a-f]/gi, '')}`;

/** A 53-bit hash of a row's key (cyrb53). */
function keyHash(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const FILTER_BITS = 2 ** 25; // 4 MB

/**
 * The keys a file's rows had so far, as a Bloom filter of fixed size: "not seen" is certain, "maybe seen" is checked
 * against the staged keys. (An index of the staged keys, kept up while a big file is read, costs more time than
 * the reading itself once it outgrows the cache; the keys of a file rarely repeat.)
 */
class SeenKeys {
  private readonly bits = new Int32Array(FILTER_BITS / 32);

  /** Whether `key` may have been added before; adds it. */
  add(key: string): boolean {
    const hash = keyHash(key);
    const low = hash >>> 0;
    const step = (Math.floor(hash / 4294967296) * 2 + 1) >>> 0;
    let seen = true;
    for (let i = 0; i < 3; i++) {
      const bit = (low + i * step) % FILTER_BITS;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((this.bits[word] & mask) === 0) {
        seen = false;
        this.bits[word] |= mask;
      }
    }
    return seen;
  }
}

/** Attaches the staging file to the connection (once: a second pipeline on the same connection shares it). */
export function attachStaging(db: Db): void {
  if ((db.pragma('database_list') as { name: string }[]).some((d) => d.name === SCHEMA)) return;
  const file = db.memory ? '' : `${db.name}-import`;
  if (file) {
    rmSync(file, { force: true });
    ensurePrivateDatabaseFile(file);
  }
  db.prepare(`ATTACH DATABASE ? AS ${SCHEMA}`).run(file);
  // its rows are made again from the file after a crash, so no journal on disk
  db.pragma(`${SCHEMA}.journal_mode = MEMORY`);
  db.pragma(`${SCHEMA}.synchronous = OFF`);
  db.pragma(`${SCHEMA}.cache_size = -4000`);
}

/** Detaches the staging file and deletes it (at shutdown: nothing staged outlives the app). */
export function detachStaging(db: Db): void {
  if (!(db.pragma('database_list') as { name: string }[]).some((d) => d.name === SCHEMA)) return;
  const file = db.memory ? '' : `${db.name}-import`;
  db.exec(`DETACH DATABASE ${SCHEMA}`);
  if (file) rmSync(file, { force: true });
}

/** An upload's bytes, in the order they arrived. */
export class StagedUpload {
  private readonly table: string;

  constructor(
    private readonly db: Db,
    id: string,
  ) {
    this.table = tableName('upload', id);
    db.exec(`CREATE TABLE ${this.table} (offset INTEGER PRIMARY KEY, bytes BLOB NOT NULL)`);
  }

  append(offset: number, bytes: Buffer): void {
    this.db.prepare(`INSERT INTO ${this.table} (offset, bytes) VALUES (?, ?)`).run(offset, bytes);
  }

  *parts(): Generator<Buffer> {
    const next = this.db.prepare(`SELECT offset, bytes FROM ${this.table} WHERE offset > ? ORDER BY offset LIMIT 1`).raw();
    for (let part = next.get(-1) as [number, Buffer] | undefined; part; part = next.get(part[0]) as [number, Buffer] | undefined) yield part[1];
  }

  drop(): void {
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}

/** A staged row as the preview and the commit read it back. */
export interface StagedRow extends RowToWrite {
  idx: number;
  keyed: number | null;
  where: string;
  kind: 'duplicate' | 'ambiguous' | null;
}

/**
 * How many rows the open previews keep in memory altogether (by default 150,000, about 60 MB) before a preview's rows
 * go to the staging file: a file of up to `limit` rows is read, checked and written without a round trip through
 * SQLite, and a bigger one costs the same memory however big it is.
 */
export class RowBudget {
  used = 0;
  constructor(readonly limit = 150_000) {}
}

const COLUMNS = 'idx, key, again, batch_key, where_, booking_date, value_date, amount_minor, currency, description, payee, bank_tx_code, status, keyed, kind';
/** A row in COLUMNS order, as memory holds it, the staging table takes it and a query gives it back (raw). */
type RawRow = [
  idx: number,
  key: string,
  again: 1 | null,
  batchKey: string | null,
  where: string,
  bookingDate: string,
  valueDate: string | null,
  amountMinor: number,
  currency: string,
  description: string,
  payee: string | null,
  bankTxCode: string | null,
  status: RowToWrite['status'],
  keyed: number | null,
  kind: StagedRow['kind'],
];
const KEY = 1, AGAIN = 2, WHERE = 4, BOOKING_DATE = 5, AMOUNT = 7, CURRENCY = 8, STATUS = 12;
const fromRaw = (r: RawRow): StagedRow => ({
  idx: r[0],
  key: r[1],
  keyed: r[13],
  where: r[4],
  bookingDate: r[5],
  valueDate: r[6],
  amountMinor: r[7],
  currency: r[8],
  description: r[9],
  payee: r[10],
  bankTxCode: r[11],
  status: r[12],
  kind: r[14],
});

/**
 * A preview's rows in file order (idx from 0), each with its key in the account and, once checked, its kind (null:
 * new). They stay in memory while the open previews' rows fit their budget, and otherwise go to a table in the
 * staging file; so do they when they are to be matched against the account's stored rows (in SQL).
 */
export class StagedRows {
  private readonly table: string;
  /** The rows, in idx order, while they are not on disk (none has a kind yet: see setKinds). */
  private memory: RawRow[] | null = [];
  private pending: RawRow[] = [];
  private seen: SeenKeys | null = new SeenKeys();
  /** Whether some row's key may be an earlier row's. */
  private maybeAgain = false;
  count = 0;

  constructor(
    private readonly db: Db,
    private readonly id: string,
    private readonly budget = new RowBudget(),
  ) {
    this.table = tableName('rows', id);
  }

  /**
   * Adds a row under `key` (made unique among the file's rows by suffixKeys), and for a payment of a batch entry the
   * key the whole entry had.
   */
  add(t: StatementTransaction, key: string, batchKey: string | null): void {
    const again = this.seen?.add(key) ? 1 : null;
    if (again) this.maybeAgain = true;
    this.pending.push([
      this.count++, key, again, batchKey, t.where, t.bookingDate, t.valueDate ?? null, t.amountMinor, t.currency, t.description, t.payee ?? null,
      t.bankTxCode ?? null, t.status, null, null,
    ]);
    if (this.pending.length >= STAGING_PAGE) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    if (this.memory && this.budget.used + rows.length <= this.budget.limit) {
      for (const r of rows) this.memory.push(r);
      this.budget.used += rows.length;
      return;
    }
    this.toDisk();
    this.insert(rows);
  }

  /** Moves the rows held in memory to the staging table (created then). */
  private toDisk(): void {
    if (!this.memory) return;
    this.db.exec(`CREATE TABLE ${this.table} (
      idx INTEGER PRIMARY KEY, key TEXT NOT NULL, again INTEGER, batch_key TEXT, keyed INTEGER, where_ TEXT NOT NULL, booking_date TEXT NOT NULL, value_date TEXT,
      amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, description TEXT NOT NULL, payee TEXT, bank_tx_code TEXT, status TEXT NOT NULL, kind TEXT)`);
    const rows = this.memory;
    this.memory = null;
    this.budget.used -= rows.length;
    for (let i = 0; i < rows.length; i += STAGING_PAGE) this.insert(rows.slice(i, i + STAGING_PAGE));
  }

  private insert(rows: RawRow[]): void {
    const insert = this.db.prepare(`INSERT INTO ${this.table} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      for (const r of rows) insert.run(r);
    })();
  }

  /**
   * Rows with the same key as an earlier row of the file get `#2`, `#3`…: two identical rows are two transactions.
   * Returns how many rows got one of the keys that start with `prefix`.
   */
  suffixKeys(prefix: string): number {
    this.seen = null;
    if (!this.maybeAgain) return 0;
    if (this.memory) return this.suffixKeysInMemory(prefix);
    // the keys the filter took for repeated (a few of them wrongly), then every row with one of them in key order:
    // both on disk, so only one key's rows are counted in memory at a time however many rows repeat
    const keys = tableName('again_keys', this.id);
    const rows = tableName('again_rows', this.id);
    this.db.exec(`CREATE TABLE ${keys} (key TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE ${rows} (key TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (key, idx)) WITHOUT ROWID;
      INSERT OR IGNORE INTO ${keys} SELECT key FROM ${this.table} WHERE again = 1;
      INSERT INTO ${rows} SELECT t.key, t.idx FROM ${this.table} t CROSS JOIN ${keys} k ON k.key = t.key;`);
    const next = this.db.prepare(`SELECT key, idx FROM ${rows} WHERE (key, idx) > (?, ?) ORDER BY key, idx LIMIT ${STAGING_PAGE}`).raw();
    const set = this.db.prepare(`UPDATE ${this.table} SET key = ? WHERE idx = ?`);
    let suffixed = 0;
    let current = '';
    let n = 0;
    for (let page = next.all('', -1) as [string, number][]; page.length > 0; page = next.all(...page[page.length - 1]) as [string, number][]) {
      const again: [string, number][] = [];
      for (const [key, idx] of page) {
        n = key === current ? n + 1 : 1;
        current = key;
        if (n === 1) continue;
        again.push([`${key}#${n}`, idx]);
        if (key.startsWith(prefix)) suffixed++;
      }
      this.db.transaction(() => {
        for (const row of again) set.run(row);
      })();
    }
    this.db.exec(`DROP TABLE ${keys}; DROP TABLE ${rows};`);
    return suffixed;
  }

  private suffixKeysInMemory(prefix: string): number {
    const maybe = new Set<string>();
    for (const r of this.memory!) if (r[AGAIN] === 1) maybe.add(r[KEY]);
    const seen = new Map<string, number>();
    let suffixed = 0;
    for (const r of this.memory!) {
      const key = r[KEY];
      if (!maybe.has(key)) continue;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n === 1) continue;
      r[KEY] = `${key}#${n}`;
      if (key.startsWith(prefix)) suffixed++;
    }
    return suffixed;
  }

  /**
   * Marks the rows whose key a stored row of the account has (keys start with `prefix`), and the payments of a batch
   * entry that was imported whole (before batches were split); returns how many.
   */
  markKeyed(accountId: string, prefix: string, prefixEnd: string): number {
    const any = this.db.prepare('SELECT 1 FROM main.transactions WHERE account_id = ? AND bank_tx_id >= ? AND bank_tx_id < ? LIMIT 1').get(accountId, prefix, prefixEnd);
    if (!any) return 0;
    this.toDisk();
    const mark = (column: string) =>
      this.db.prepare(`UPDATE ${this.table} SET keyed = s.id FROM main.transactions s WHERE keyed IS NULL AND s.account_id = ? AND s.bank_tx_id = ${column}`).run(accountId).changes;
    return mark('key') + mark('batch_key');
  }

  /** The first and last booking dates. */
  dateRange(): { from: string; to: string } {
    if (this.memory) {
      let from = this.memory[0]?.[BOOKING_DATE];
      let to = from;
      for (const r of this.memory) {
        if (r[BOOKING_DATE] < from) from = r[BOOKING_DATE];
        if (r[BOOKING_DATE] > to) to = r[BOOKING_DATE];
      }
      return { from, to };
    }
    return this.db.prepare(`SELECT min(booking_date) AS "from", max(booking_date) AS "to" FROM ${this.table}`).get() as { from: string; to: string };
  }

  /** The first row (in file order) not in `currency`, if any. */
  firstInOtherCurrency(currency: string): { where: string; currency: string } | undefined {
    if (this.memory) {
      const r = this.memory.find((r) => r[CURRENCY] !== currency);
      return r && { where: r[WHERE], currency: r[CURRENCY] };
    }
    return this.db.prepare(`SELECT where_ AS "where", currency FROM ${this.table} WHERE currency <> ? ORDER BY idx LIMIT 1`).get(currency) as
      | { where: string; currency: string }
      | undefined;
  }

  /**
   * The account's rows from `from` to `to` that some row of the file may match by content: the same amount within
   * `windowDays`, and not a row the file has the key of unless an earlier row of the file may match it first.
   */
  candidates(accountId: string, from: string, to: string, windowDays: number): StoredMatchRow[] {
    const any = this.db.prepare('SELECT 1 FROM main.transactions WHERE account_id = ? AND booking_date BETWEEN ? AND ? LIMIT 1').get(accountId, from, to);
    if (!any) return [];
    this.toDisk();
    const name = this.table.slice(SCHEMA.length + 1);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${this.table}_amount ON ${name} (amount_minor, booking_date)`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${this.table}_keyed ON ${name} (keyed) WHERE keyed IS NOT NULL`);
    return this.db
      .prepare(
        `SELECT ${MATCH_COLUMNS} FROM main.transactions s
         WHERE s.account_id = ? AND s.booking_date BETWEEN ? AND ?
           AND EXISTS (SELECT 1 FROM ${this.table} r WHERE r.amount_minor = s.amount_minor
             AND r.booking_date BETWEEN date(s.booking_date, '-${windowDays} days') AND date(s.booking_date, '+${windowDays} days')
             AND r.idx < coalesce((SELECT min(k.idx) FROM ${this.table} k WHERE k.keyed = s.id), 9e15))`,
      )
      .all(accountId, from, to) as StoredMatchRow[];
  }

  /** Rows after `idx` in file order, `limit` of them. */
  page(afterIdx: number, limit = STAGING_PAGE): StagedRow[] {
    if (this.memory) return this.memory.slice(afterIdx + 1, afterIdx + 1 + limit).map(fromRaw);
    return (this.db.prepare(`SELECT ${COLUMNS} FROM ${this.table} WHERE idx > ? ORDER BY idx LIMIT ?`).raw().all(afterIdx, limit) as RawRow[]).map(fromRaw);
  }

  /** Rows after `idx` that are new or ambiguous (the ones a commit may write). */
  writablePage(afterIdx: number): StagedRow[] {
    if (this.memory) return this.page(afterIdx);
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM ${this.table} WHERE idx > ? AND (kind IS NULL OR kind = 'ambiguous') ORDER BY idx LIMIT ?`)
      .raw()
      .all(afterIdx, STAGING_PAGE) as RawRow[];
    return rows.map(fromRaw);
  }

  setKinds(kinds: [number, 'duplicate' | 'ambiguous'][]): void {
    if (kinds.length === 0) return;
    this.toDisk(); // rows get kinds only after they were matched against stored rows, on disk
    const set = this.db.prepare(`UPDATE ${this.table} SET kind = ? WHERE idx = ?`);
    this.db.transaction(() => {
      for (const [idx, kind] of kinds) set.run(kind, idx);
    })();
  }

  kindOf(idx: number): 'new' | 'duplicate' | 'ambiguous' | undefined {
    if (this.memory) return this.memory[idx] ? 'new' : undefined;
    const kind = this.db.prepare(`SELECT kind FROM ${this.table} WHERE idx = ?`).pluck().get(idx) as StagedRow['kind'] | undefined;
    return kind === undefined ? undefined : (kind ?? 'new');
  }

  /** The booked rows' sum and the last booking date. */
  sumAndLastDay(): { sum: number; lastDay: string | null } {
    if (this.memory) {
      let sum = 0;
      let lastDay: string | null = null;
      for (const r of this.memory) {
        if (r[STATUS] === 'booked') sum += r[AMOUNT];
        if (lastDay === null || r[BOOKING_DATE] > lastDay) lastDay = r[BOOKING_DATE];
      }
      return { sum, lastDay };
    }
    return this.db.prepare(`SELECT coalesce(sum(iif(status = 'booked', amount_minor, 0)), 0) AS sum, max(booking_date) AS lastDay FROM ${this.table}`).get() as {
      sum: number;
      lastDay: string | null;
    };
  }

  drop(): void {
    this.pending = [];
    if (this.memory) this.budget.used -= this.memory.length;
    this.memory = null;
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
