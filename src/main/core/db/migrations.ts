/**
 * Versioned schema migrations, applied in order; `PRAGMA user_version` records the last one applied.
 * Append new migrations to the end of the list; never edit one that has shipped.
 */
import { DEFAULT_CATEGORIES } from './default-categories';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const categorySeed = DEFAULT_CATEGORIES.map(
  (c) => `INSERT INTO categories (id, name, kind, color, builtin) VALUES ('${c.id}', '${c.name.replace(/'/g, "''")}', '${c.kind}', '${c.color}', 1);`,
).join('\n');

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'initial schema',
    sql: `
CREATE TABLE providers (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  issuer     TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  scopes     TEXT NOT NULL,            -- JSON array
  api_base   TEXT NOT NULL,
  color      TEXT NOT NULL,
  logo_text  TEXT NOT NULL,
  tagline    TEXT,
  custom     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE connections (
  id                 TEXT PRIMARY KEY,
  provider_id        TEXT NOT NULL REFERENCES providers(id),
  status             TEXT NOT NULL CHECK (status IN ('ok', 'needs_reauth', 'error')),
  status_reason      TEXT,
  sub                TEXT,
  name               TEXT,
  scopes             TEXT NOT NULL,    -- JSON array
  consent_id         TEXT,
  consent_expires_at TEXT,
  last_sync_at       TEXT,
  -- Set when the user disconnected but chose to keep the data: the connection is hidden from the
  -- connection list and never synced, while its accounts and transactions stay in the reports.
  disconnected_at    TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX connections_provider_sub ON connections (provider_id, sub);

CREATE TABLE accounts (
  id              TEXT PRIMARY KEY,
  connection_id   TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  bank_account_id TEXT NOT NULL,
  name            TEXT NOT NULL,
  type            TEXT NOT NULL CHECK (type IN ('checking', 'savings', 'credit_card', 'loan', 'other')),
  currency        TEXT NOT NULL,
  mask            TEXT,
  status          TEXT,
  balance_minor   INTEGER,
  balance_at      TEXT,
  -- Start of the transaction window being reconciled; set before the first page is written and
  -- cleared in the same SQLite transaction that removes the rows the bank no longer returns.
  reconcile_from  TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (connection_id, bank_account_id)
);

-- One balance per account per day; 'bank' rows come from the balances endpoint, 'derived' rows are
-- closing balances walked back from the newest 'bank' row over the booked transactions (the whole
-- history on the first sync, the re-read days on later ones) so net worth has a history from day one.
CREATE TABLE balance_snapshots (
  account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  date          TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  currency      TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('bank', 'derived')),
  PRIMARY KEY (account_id, date)
) WITHOUT ROWID;

CREATE TABLE categories (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('expense', 'income', 'transfer')),
  color   TEXT NOT NULL,
  builtin INTEGER NOT NULL DEFAULT 0
);

-- Search works on a dictionary of distinct texts (merchant + description without reference
-- numbers), so the FTS5 index grows with the number of different texts, not of transactions.
CREATE TABLE search_texts (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE search_fts USING fts5 (
  text, content = 'search_texts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_texts_fts AFTER INSERT ON search_texts BEGIN
  INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE transactions (
  id               INTEGER PRIMARY KEY,
  account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  bank_tx_id       TEXT NOT NULL,
  booking_date     TEXT NOT NULL,      -- YYYY-MM-DD
  booking_at       TEXT NOT NULL,      -- ISO 8601 date-time as the bank sent it
  value_date       TEXT,
  amount_minor     INTEGER NOT NULL,   -- signed: credits positive, debits negative
  currency         TEXT NOT NULL,
  description      TEXT NOT NULL,
  merchant         TEXT,
  mcc              TEXT,
  bank_tx_code     TEXT,
  status           TEXT NOT NULL CHECK (status IN ('booked', 'pending')),
  category_id      TEXT REFERENCES categories(id) ON DELETE SET NULL,
  category_manual  INTEGER NOT NULL DEFAULT 0,
  search_text_id   INTEGER NOT NULL,   -- search_texts.id
  first_seen_run   INTEGER NOT NULL,
  last_seen_run    INTEGER NOT NULL,
  changed_run      INTEGER NOT NULL,
  UNIQUE (account_id, bank_tx_id)
);
CREATE INDEX tx_date ON transactions (booking_date);
CREATE INDEX tx_account_date ON transactions (account_id, booking_date);
CREATE INDEX tx_amount ON transactions (amount_minor);
CREATE INDEX tx_search_text ON transactions (search_text_id);
CREATE INDEX tx_pending ON transactions (account_id, booking_date) WHERE status = 'pending';

-- Per account and day totals of booked transactions, kept in step with the transactions by the sync
-- (and by re-categorisation), so dashboard aggregates over months read thousands of rows, not millions.
-- category_id '' stands for uncategorised.
CREATE TABLE daily_category_totals (
  account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day           TEXT NOT NULL,
  currency      TEXT NOT NULL,
  category_id   TEXT NOT NULL,
  income_minor  INTEGER NOT NULL,
  expense_minor INTEGER NOT NULL,      -- magnitude of debits
  tx_count      INTEGER NOT NULL,
  PRIMARY KEY (day, account_id, currency, category_id)
) WITHOUT ROWID;
CREATE INDEX daily_category_totals_account ON daily_category_totals (account_id, day);

CREATE TABLE daily_merchant_totals (
  account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day           TEXT NOT NULL,
  currency      TEXT NOT NULL,
  merchant      TEXT NOT NULL,
  category_id   TEXT NOT NULL,
  spent_minor   INTEGER NOT NULL,      -- magnitude of debits
  tx_count      INTEGER NOT NULL,
  PRIMARY KEY (day, account_id, currency, merchant, category_id)
) WITHOUT ROWID;
CREATE INDEX daily_merchant_totals_account ON daily_merchant_totals (account_id, day);

CREATE TABLE rules (
  id          TEXT PRIMARY KEY,
  field       TEXT NOT NULL CHECK (field IN ('merchant', 'description')),
  op          TEXT NOT NULL CHECK (op IN ('contains', 'equals')),
  value       TEXT NOT NULL,
  category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL
);

CREATE TABLE sync_runs (
  id                   INTEGER PRIMARY KEY,
  connection_id        TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  started_at           TEXT NOT NULL,
  finished_at          TEXT,
  outcome              TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'error', 'cancelled')),
  accounts             INTEGER NOT NULL DEFAULT 0,
  transactions_seen    INTEGER NOT NULL DEFAULT 0,
  transactions_added   INTEGER NOT NULL DEFAULT 0,
  transactions_updated INTEGER NOT NULL DEFAULT 0,
  transactions_removed INTEGER NOT NULL DEFAULT 0,
  error                TEXT
);
CREATE INDEX sync_runs_connection ON sync_runs (connection_id, id);

${categorySeed}
`,
  },
  {
    version: 2,
    description: 'how to talk to each bank (learned or from the catalog); why a connection is in its status',
    sql: `
ALTER TABLE providers ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';  -- JSON ProviderProfile
ALTER TABLE connections ADD COLUMN status_code TEXT;                 -- machine-readable cause of status_reason
`,
  },
  {
    version: 3,
    description: 'days a booked transaction left (the bank moved its date), so their totals are recomputed',
    sql: `
CREATE TABLE stale_days (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  PRIMARY KEY (account_id, day)
) WITHOUT ROWID;
-- In the same transaction as the move, so a crash cannot lose a day that needs its totals recomputed.
CREATE TRIGGER transactions_left_day AFTER UPDATE OF booking_date ON transactions
WHEN OLD.booking_date IS NOT NEW.booking_date
BEGIN
  INSERT OR IGNORE INTO stale_days (account_id, day) VALUES (OLD.account_id, OLD.booking_date);
END;
`,
  },
  {
    version: 4,
    description: 'deep reconciliation: what each full re-read of an account found and repaired',
    sql: `
CREATE TABLE reconciliations (
  id                    INTEGER PRIMARY KEY,
  account_id            TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  run_id                INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
  at                    TEXT NOT NULL,
  bank_count            INTEGER NOT NULL,  -- booked transactions the bank returned
  local_count           INTEGER NOT NULL,  -- booked transactions MyBucks held before the re-read
  bank_booked_minor     INTEGER NOT NULL,
  local_booked_minor    INTEGER NOT NULL,
  bank_balance_minor    INTEGER,           -- the balance the bank stated in this sync
  implied_balance_minor INTEGER,           -- opening balance + MyBucks' booked rows, before the re-read
  added                 INTEGER NOT NULL,
  updated               INTEGER NOT NULL,
  removed               INTEGER NOT NULL
);
CREATE INDEX reconciliations_account ON reconciliations (account_id, id);
`,
  },
  {
    version: 5,
    description: 'search for digits inside references (trigram index); list pages within one category by date',
    sql: `
-- The alphanumeric runs with digits of each transaction's description (mybucks_reference_text, registered
-- by openDatabase), as trigrams, keyed by transaction id: a search for '12345' finds 'REF 0012345' without
-- reading every description. Contentless (the text is derived from transactions.description) and
-- detail=none (the search asks for each trigram of a word and rechecks the description), so it stays small.
-- It covers the transactions with id <= reference_fts_watermark.watermark; indexReferences (derived.ts) adds newer
-- rows in bulk after a sync, off the sync's path (no trigger on insert: one costs the sync ~50 % per row),
-- and a search scans the rows above the watermark. Below it, triggers keep it in step with a changed
-- description and a deleted row; a deletion also keeps the watermark at or under the largest id left, as
-- SQLite gives a new row the id after the largest, so a reused id is always above the watermark.
-- (A row inserted with an explicit id below the watermark would not be indexed: nothing does that; a
-- restore deletes every row first.)
CREATE VIRTUAL TABLE reference_fts USING fts5 (
  refs, content = '', contentless_delete = 1, detail = none, tokenize = 'trigram'
);
-- Named as a part of reference_fts (like its shadow tables), so a restore (backup/restore.ts, which skips
-- virtual tables and theirs) neither copies it nor empties it: the delete triggers lower it as the restore
-- empties transactions, and the restored rows are then above it until the catch-up.
CREATE TABLE reference_fts_watermark (watermark INTEGER NOT NULL);
INSERT INTO reference_fts_watermark (watermark) VALUES (0);
CREATE TRIGGER transactions_reference_update AFTER UPDATE OF description ON transactions
WHEN old.description IS NOT new.description AND new.id <= (SELECT watermark FROM reference_fts_watermark)
BEGIN
  DELETE FROM reference_fts WHERE rowid = old.id AND old.description GLOB '*[0-9]*';
  INSERT INTO reference_fts (rowid, refs)
    SELECT new.id, mybucks_reference_text(new.description) WHERE new.description GLOB '*[0-9]*';
END;
CREATE TRIGGER transactions_reference_delete AFTER DELETE ON transactions
BEGIN
  DELETE FROM reference_fts
  WHERE rowid = old.id AND old.id <= (SELECT watermark FROM reference_fts_watermark) AND old.description GLOB '*[0-9]*';
  UPDATE reference_fts_watermark SET watermark = (SELECT coalesce(max(id), 0) FROM transactions)
    WHERE watermark > (SELECT coalesce(max(id), 0) FROM transactions);
END;

-- A list filtered by one category (or uncategorised) and sorted by date walks this index in order.
CREATE INDEX tx_category_date ON transactions (category_id, booking_date);
`,
  },
  {
    version: 6,
    description: 'home currency and exchange rates, transfers between own accounts, accounts the user manages, manual accounts',
    sql: `
-- Exchange rates as the ECB publishes them: units of a currency per 1 EUR on a day; 'manual' rows are the user's.
CREATE TABLE fx_rates (
  source     TEXT NOT NULL CHECK (source IN ('ecb', 'manual')),
  currency   TEXT NOT NULL,
  day        TEXT NOT NULL,
  per_eur    REAL NOT NULL CHECK (per_eur > 0),
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (source, currency, day)
) WITHOUT ROWID;

-- The two sides of a transfer between the user's own accounts: neither income nor spending.
CREATE TABLE transfer_pairs (
  out_tx_id  INTEGER NOT NULL UNIQUE REFERENCES transactions(id) ON DELETE CASCADE,
  in_tx_id   INTEGER NOT NULL UNIQUE REFERENCES transactions(id) ON DELETE CASCADE,
  method     TEXT NOT NULL CHECK (method IN ('auto', 'manual')),
  rate       REAL,               -- in per out, when the currencies differ
  created_at TEXT NOT NULL,
  PRIMARY KEY (out_tx_id, in_tx_id)
) WITHOUT ROWID;
ALTER TABLE sync_runs ADD COLUMN transfers_paired INTEGER NOT NULL DEFAULT 0;
-- Transactions the user unpaired: never paired automatically again.
CREATE TABLE transfer_refusals (
  tx_id INTEGER PRIMARY KEY REFERENCES transactions(id) ON DELETE CASCADE
);

-- Accounts as the user arranges them. account_group NULL = from the type.
ALTER TABLE accounts ADD COLUMN display_name TEXT;
ALTER TABLE accounts ADD COLUMN account_group TEXT CHECK (account_group IN ('cash', 'savings', 'credit', 'loans', 'investments', 'property', 'other'));
ALTER TABLE accounts ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN closed_at TEXT;
ALTER TABLE accounts ADD COLUMN sort_order INTEGER;
-- Manual accounts (cash, property, a loan, an investment valued by hand) belong to the one 'manual' provider and
-- connection, which no bank list, connection list or sync ever shows.
ALTER TABLE providers ADD COLUMN kind TEXT NOT NULL DEFAULT 'bank' CHECK (kind IN ('bank', 'manual'));
INSERT INTO providers (id, name, issuer, client_id, scopes, api_base, color, logo_text, tagline, custom, profile, kind)
  VALUES ('manual', 'Manual accounts', '', '', '[]', '', '#64748b', 'MA', NULL, 0, '{}', 'manual');
INSERT INTO connections (id, provider_id, status, status_reason, sub, name, scopes, consent_id, consent_expires_at,
  last_sync_at, created_at, updated_at)
  VALUES ('manual', 'manual', 'ok', NULL, NULL, NULL, '[]', NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'));
`,
  },
  {
    version: 7,
    description: 'the currency a manual exchange rate is quoted in (the home currency the user entered it against)',
    sql: `
-- 'ecb' rows: per_eur units of the currency per 1 EUR (quote 'EUR'); 'manual' rows: per_eur units of the
-- currency per 1 unit of quote. A manual rate applies while quote is the home currency.
ALTER TABLE fx_rates ADD COLUMN quote TEXT NOT NULL DEFAULT 'EUR';
`,
  },
  {
    version: 9,
    description: 'category colours readable on both themes (contrast of at least 3:1 against light and dark cards)',
    sql: `
-- Only the built-in categories whose colour the user has not changed.
UPDATE categories SET color = '#e65100' WHERE id = 'eating-out' AND builtin = 1 AND color = '#ef6c00';
UPDATE categories SET color = '#1976d2' WHERE id = 'transport' AND builtin = 1 AND color = '#1565c0';
UPDATE categories SET color = '#c62665' WHERE id = 'shopping' AND builtin = 1 AND color = '#ad1457';
UPDATE categories SET color = '#9e43b6' WHERE id = 'bills' AND builtin = 1 AND color = '#6a1b9a';
UPDATE categories SET color = '#9c6644' WHERE id = 'housing' AND builtin = 1 AND color = '#4e342e';
UPDATE categories SET color = '#d32f2f' WHERE id = 'entertainment' AND builtin = 1 AND color = '#c62828';
UPDATE categories SET color = '#78909c' WHERE id = 'transfers' AND builtin = 1 AND color = '#90a4ae';

-- A top merchant opens its transactions: one merchant's rows by date, without reading every row.
CREATE INDEX tx_merchant_date ON transactions (merchant, booking_date) WHERE merchant IS NOT NULL;
-- The filtered total of a search sums the amounts of the matching rows from the index alone.
DROP INDEX tx_search_text;
CREATE INDEX tx_search_amount ON transactions (search_text_id, currency, amount_minor);
`,
  },
  {
    version: 10,
    description: "balances the user enters for manual accounts ('manual' balance snapshots)",
    sql: `
CREATE TABLE balance_snapshots_v10 (
  account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  date          TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  currency      TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('bank', 'derived', 'manual')),
  PRIMARY KEY (account_id, date)
) WITHOUT ROWID;
INSERT INTO balance_snapshots_v10 SELECT account_id, date, balance_minor, currency, source FROM balance_snapshots;
DROP TABLE balance_snapshots;
ALTER TABLE balance_snapshots_v10 RENAME TO balance_snapshots;

-- One account's running balance sums its booked amounts by date from this index alone.
CREATE INDEX tx_account_booked ON transactions (account_id, booking_date, amount_minor) WHERE status = 'booked';
`,
  },
  {
    version: 11,
    description: 'days whose new or changed rows transfer pairing has not looked at yet; spending by category without a sort; one (account, date) index',
    sql: `
-- Written in the same transaction as the page that put a pairable row (booked, an amount, no MCC) on the day,
-- and emptied by the pairing pass that looked at it, so a crash between the two only delays the pairing.
CREATE TABLE transfer_pending_days (day TEXT PRIMARY KEY) WITHOUT ROWID;

-- Spending by category over months sums each (currency, category)'s days from this index in order, without
-- sorting a year of daily rows into groups. It holds every figure column, because SQLite also walks it for
-- totals grouped by currency alone (a list's filtered total), which must not look up each row.
CREATE INDEX daily_category_totals_by_category ON daily_category_totals (currency, category_id, day, expense_minor, income_minor, tx_count);

-- One index of an account's rows by date instead of two: running balances and booked sums read status and amount
-- from it as they did from the partial index of booked rows (version 10), and every new row updates one index fewer.
DROP INDEX tx_account_booked;
DROP INDEX tx_account_date;
CREATE INDEX tx_account_date ON transactions (account_id, booking_date, status, amount_minor);
`,
  },
  // Budgets (issue 11)
  {
    version: 12,
    description: 'category groups; monthly budgets per category and per group; carry-over per category',
    sql: `
CREATE TABLE category_groups (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  sort_order INTEGER NOT NULL
);
INSERT INTO category_groups (id, name, sort_order) VALUES ('bills', 'Bills', 1), ('everyday', 'Everyday', 2), ('fun', 'Fun', 3);
ALTER TABLE categories ADD COLUMN group_id TEXT REFERENCES category_groups(id) ON DELETE SET NULL;
UPDATE categories SET group_id = 'bills' WHERE builtin = 1 AND id IN ('housing', 'bills', 'fees');
UPDATE categories SET group_id = 'everyday' WHERE builtin = 1 AND id IN ('groceries', 'transport', 'health', 'cash');
UPDATE categories SET group_id = 'fun' WHERE builtin = 1 AND id IN ('eating-out', 'shopping', 'entertainment', 'travel');

-- One amount per month for a category or a group, in a budget "book": all_currencies = 1 counts every
-- currency's spending converted into currency at each day's rate; 0 counts spending in currency only.
CREATE TABLE budgets (
  month          TEXT NOT NULL,                 -- YYYY-MM
  category_id    TEXT REFERENCES categories(id) ON DELETE CASCADE,
  group_id       TEXT REFERENCES category_groups(id) ON DELETE CASCADE,
  currency       TEXT NOT NULL,
  all_currencies INTEGER NOT NULL CHECK (all_currencies IN (0, 1)),
  amount_minor   INTEGER NOT NULL CHECK (amount_minor >= 0),
  CHECK ((category_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX budgets_key ON budgets (currency, all_currencies, month, coalesce(category_id, ''), coalesce(group_id, ''));

-- Carry-over of a category's leftover (surplus or deficit) into the next month, from from_month until a later row.
CREATE TABLE budget_carryover (
  category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  from_month  TEXT NOT NULL,
  enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  PRIMARY KEY (category_id, from_month)
) WITHOUT ROWID;
`,
  },
  // Recurring bills (issue 11)
  {
    version: 13,
    description: 'recurring bills, subscriptions and income: series found in the history, the user\'s verdicts, their transactions',
    sql: `
-- The payee key of each distinct search text, so detection groups rows by payee without reading their texts.
CREATE TABLE recurring_text_keys (
  search_text_id INTEGER PRIMARY KEY,  -- search_texts.id
  merchant_key   TEXT NOT NULL,
  name           TEXT NOT NULL
);
CREATE INDEX recurring_text_keys_key ON recurring_text_keys (merchant_key);

-- One series per account, payee, currency and direction. 'dismissed' rows stay so the series is never suggested again.
CREATE TABLE recurring_series (
  id               INTEGER PRIMARY KEY,
  account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  merchant_key     TEXT NOT NULL,
  currency         TEXT NOT NULL,
  direction        TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  status           TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'dismissed')),
  name             TEXT NOT NULL,
  cadence          TEXT NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly', 'quarterly', 'yearly')),
  expected_minor   INTEGER NOT NULL CHECK (expected_minor > 0),  -- magnitude
  variable         INTEGER NOT NULL DEFAULT 0,
  edited           INTEGER NOT NULL DEFAULT 0,                   -- the user set name, amount or cadence: detection keeps them
  first_day        TEXT NOT NULL,
  last_day         TEXT NOT NULL,
  next_day         TEXT NOT NULL,
  price_from_minor INTEGER,
  price_to_minor   INTEGER,
  updated_at       TEXT NOT NULL,
  UNIQUE (account_id, merchant_key, currency, direction)
);
CREATE INDEX recurring_series_key ON recurring_series (merchant_key);

CREATE TABLE recurring_links (
  tx_id     INTEGER PRIMARY KEY REFERENCES transactions(id) ON DELETE CASCADE,
  series_id INTEGER NOT NULL REFERENCES recurring_series(id) ON DELETE CASCADE
);
CREATE INDEX recurring_links_series ON recurring_links (series_id);

-- Transactions with a larger id are new since detection last ran (it reads them by the primary key, not by run).
CREATE TABLE recurring_watermark (tx_id INTEGER NOT NULL);
INSERT INTO recurring_watermark (tx_id) VALUES (0);
`,
  },
  // Categories and rules (issue 11)
  {
    version: 14,
    description: 'categories the user manages (hidden); rules with several conditions, actions, order and an on/off switch; split transactions',
    sql: `
-- A hidden category leaves the pickers; its transactions still count and show.
ALTER TABLE categories ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

-- Rules: every condition given must hold; enabled rules are tried by position (ascending) and the first whose
-- action sets a category decides the category (and the first that renames, the payee shown). The one text
-- condition keeps the columns it had, so rules made before this version keep working.
CREATE TABLE rules_v14 (
  id               TEXT PRIMARY KEY,
  field            TEXT CHECK (field IN ('merchant', 'description')),
  op               TEXT CHECK (op IN ('contains', 'equals')),
  value            TEXT,
  category_id      TEXT REFERENCES categories(id) ON DELETE CASCADE,
  created_at       TEXT NOT NULL,
  min_amount_minor INTEGER,          -- sizes of the amount (either direction), in amount_currency
  max_amount_minor INTEGER,
  amount_currency  TEXT,
  account_id       TEXT REFERENCES accounts(id) ON DELETE CASCADE,
  bank_tx_code     TEXT,
  payee_name       TEXT,             -- shown instead of the merchant; the bank's own text is never changed
  mark_transfer    INTEGER NOT NULL DEFAULT 0,
  enabled          INTEGER NOT NULL DEFAULT 1,
  position         INTEGER NOT NULL DEFAULT 0,
  CHECK ((field IS NULL) = (value IS NULL) AND (field IS NULL) = (op IS NULL)),
  CHECK (field IS NOT NULL OR min_amount_minor IS NOT NULL OR max_amount_minor IS NOT NULL OR account_id IS NOT NULL OR bank_tx_code IS NOT NULL),
  CHECK (category_id IS NOT NULL OR payee_name IS NOT NULL OR mark_transfer = 1)
);
-- Before this version the newest matching rule won: the newest comes first.
INSERT INTO rules_v14 (id, field, op, value, category_id, created_at, position)
  SELECT id, field, op, value, category_id, created_at, row_number() OVER (ORDER BY created_at DESC, id DESC) FROM rules;
DROP TABLE rules;
ALTER TABLE rules_v14 RENAME TO rules;

-- The parts of a split transaction. tx_amount_minor is the transaction's amount when it was split: the parts
-- count (in the daily totals) only while it still equals the amount, so a bank's change of the amount puts the
-- whole transaction back in its own category and the split needs the user's attention.
CREATE TABLE transaction_splits (
  tx_id           INTEGER NOT NULL REFERENCES transactions(id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  amount_minor    INTEGER NOT NULL,
  category_id     TEXT REFERENCES categories(id) ON DELETE SET NULL,
  tx_amount_minor INTEGER NOT NULL,
  PRIMARY KEY (tx_id, seq)
) WITHOUT ROWID;
CREATE INDEX transaction_splits_category ON transaction_splits (category_id);
`,
  },
  // Import (issue 12)
  {
    version: 15,
    description: 'statement files imported into accounts (one batch each, undoable), saved CSV column mappings per account',
    sql: `
-- One row per imported file. Its transactions carry import_id; removing the import deletes them and, once
-- undone_at is set, the same file may be imported again.
CREATE TABLE imports (
  id           INTEGER PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  file_name    TEXT NOT NULL,
  format       TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  rows_in_file INTEGER NOT NULL,
  added        INTEGER NOT NULL,
  duplicates   INTEGER NOT NULL,   -- rows left out as already in MyBucks
  skipped      INTEGER NOT NULL,   -- ambiguous rows the user chose to skip
  created_at   TEXT NOT NULL,
  undone_at    TEXT
);
CREATE INDEX imports_account ON imports (account_id, id);
CREATE INDEX imports_sha256 ON imports (sha256);
-- NULL for rows from a bank. A sync never removes an imported row as "no longer at the bank".
ALTER TABLE transactions ADD COLUMN import_id INTEGER REFERENCES imports(id);
CREATE INDEX tx_import ON transactions (import_id) WHERE import_id IS NOT NULL;

-- The CSV columns the user confirmed for an account, offered again for its next file.
CREATE TABLE import_mappings (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  mapping    TEXT NOT NULL,      -- JSON CsvMapping
  updated_at TEXT NOT NULL
);
`,
  },
  // Transfers whose other side went away (issue 10)
  {
    version: 16,
    description: 'rows whose transfer pair went away, for the pairing pass to give back to the categoriser',
    sql: `
-- A pair goes when either side is deleted (by its bank, by removing its import, by disconnecting its bank with its
-- data) or when the user unpairs it; the row that stays is listed here, and the next pairing pass takes it out of
-- the transfer category the pairing had put it in.
CREATE TABLE transfer_orphans (
  tx_id INTEGER PRIMARY KEY REFERENCES transactions(id) ON DELETE CASCADE
);
CREATE TRIGGER transfer_pair_gone AFTER DELETE ON transfer_pairs BEGIN
  INSERT OR IGNORE INTO transfer_orphans (tx_id) SELECT id FROM transactions WHERE id IN (OLD.out_tx_id, OLD.in_tx_id);
END;
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
