/**
 * Replaces the live data with a backup's, in process and in one SQLite transaction: the backup (a private
 * copy, already brought up to the app's schema by `prepareForRestore`) is attached, every app table is
 * emptied and refilled from it with foreign keys checked at commit, so either all of the backup is in
 * MyBucks or (on any failure) nothing changed.
 *
 * The search dictionary (`search_texts`, indexed by FTS5 through a trigger) is the one table not emptied:
 * the sync engine caches its ids, so existing rows keep their ids, the backup's texts are added, and each
 * restored transaction points at its text's id here.
 */
import { openDatabase, type Db } from '../db/database';
import { SearchTexts } from '../db/derived';

const SOURCE = 'restore_src';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The app's own tables in `schema`: not SQLite's, not virtual (FTS) tables nor their shadow tables. */
export function appTables(db: Db, schema = 'main'): string[] {
  const rows = db.prepare(`SELECT name, sql FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
    name: string;
    sql: string | null;
  }[];
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter((name) => !virtual.includes(name) && !virtual.some((v) => name.startsWith(`${v}_`)))
    .sort();
}

function columnsOf(db: Db, schema: string, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[]);
}

/**
 * Brings the private copy of a backup up to this app's schema (the app's migrations) and repairs what the
 * restore relies on: every transaction has its search text.
 */
export function prepareForRestore(copy: string): void {
  const db = openDatabase(copy);
  try {
    const orphans = db
      .prepare(
        `SELECT t.id, t.description, t.merchant FROM transactions t
         LEFT JOIN search_texts s ON s.id = t.search_text_id WHERE s.id IS NULL`,
      )
      .all() as { id: number; description: string; merchant: string | null }[];
    if (orphans.length > 0) {
      const texts = new SearchTexts(db);
      const update = db.prepare('UPDATE transactions SET search_text_id = ? WHERE id = ?');
      db.transaction(() => {
        for (const t of orphans) update.run(texts.idOf(t.description, t.merchant), t.id);
      })();
    }
  } finally {
    db.close();
  }
}

/**
 * Empties every app table of `live` and fills it from the database file `source` (same schema), in one
 * transaction. `inTransaction` runs inside it, after the copy (e.g. to mark connections).
 */
export function replaceContents<T>(live: Db, source: string, inTransaction: () => T): T {
  live.prepare(`ATTACH DATABASE ? AS ${SOURCE}`).run(source);
  try {
    return live
      .transaction(() => {
        live.pragma('defer_foreign_keys = ON');
        // Transactions go first and come back last: their triggers (e.g. the reference index's) then see
        // the other tables (e.g. its watermark) as they were when deleting and as restored when inserting.
        const tables = appTables(live).sort((a, b) => Number(a === 'transactions') - Number(b === 'transactions'));
        const sourceTables = new Set(appTables(live, SOURCE));
        if (tables.includes('transactions')) live.exec('DELETE FROM main.transactions');
        for (const t of tables) if (t !== 'search_texts' && t !== 'transactions') live.exec(`DELETE FROM main.${quote(t)}`);
        if (sourceTables.has('search_texts')) {
          live.exec(`INSERT INTO main.search_texts (text) SELECT text FROM ${SOURCE}.search_texts WHERE true ON CONFLICT (text) DO NOTHING`);
        }
        for (const t of tables) {
          if (t === 'search_texts' || !sourceTables.has(t)) continue;
          const sourceColumns = new Set(columnsOf(live, SOURCE, t));
          const columns = columnsOf(live, 'main', t).filter((c) => sourceColumns.has(c));
          if (t === 'transactions') {
            const others = columns.filter((c) => c !== 'search_text_id');
            live.exec(
              `INSERT INTO main.transactions (${[...others, 'search_text_id'].map(quote).join(', ')})
               SELECT ${others.map((c) => `t.${quote(c)}`).join(', ')}, m.id
               FROM ${SOURCE}.transactions t
               JOIN ${SOURCE}.search_texts s ON s.id = t.search_text_id
               JOIN main.search_texts m ON m.text = s.text`,
            );
            const copied = live.prepare('SELECT count(*) FROM main.transactions').pluck().get();
            const expected = live.prepare(`SELECT count(*) FROM ${SOURCE}.transactions`).pluck().get();
            if (copied !== expected) throw new Error(`Restored ${copied} of the backup's ${expected} transactions`);
          } else {
            const list = columns.map(quote).join(', ');
            live.exec(`INSERT INTO main.${quote(t)} (${list}) SELECT ${list} FROM ${SOURCE}.${quote(t)}`);
          }
        }
        return inTransaction();
      })
      .immediate();
  } finally {
    live.exec(`DETACH DATABASE ${SOURCE}`);
  }
}
