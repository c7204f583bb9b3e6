/**
 * Budget queries at scale: a month, a month whose carry-over chain runs back 24 months, the year grid, and
 * the 3-month average, over N synthetic transactions (default 1,000,000) in 9 accounts (GBP, USD, EUR) across
 * 3 years, with ECB rates for every day. Prints medians of 5 runs.
 * Usage: npx tsx test/bench/budgets.ts [transactions]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBudgetsCore } from '../../src/main/core/budgets';
import { openDatabase } from '../../src/main/core/db/database';
import { rebuildDailyTotals } from '../../src/main/core/db/derived';
import { seedLedger } from '../unit/budgets/fixture';

const n = Number(process.argv[2] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mybucks-bench-budgets-'));
const db = openDatabase(path.join(dir, 'bench.sqlite'));
try {
  seedLedger(db);
  const account = db.prepare(`INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, created_at, updated_at) VALUES (?, 'conn-memorial', ?, ?, 'checking', ?, 'x', 'x')`);
  for (let i = 0; i < 6; i++) account.run(`X${i}`, `x${i}`, `Extra ${i}`, ['GBP', 'EUR', 'USD'][i % 3]);
  const accounts = ['GBP1', 'GBP2', 'USD1', 'X0', 'X1', 'X2', 'X3', 'X4', 'X5'];
  const categories = db.prepare(`SELECT id FROM categories WHERE kind = 'expense'`).pluck().all() as string[];
  let t0 = performance.now();
  db.exec(`INSERT INTO search_texts (text) VALUES ('bench')`);
  db.exec(`INSERT INTO fx_rates (source, currency, day, per_eur, fetched_at)
    WITH RECURSIVE d(day) AS (SELECT '2024-01-01' UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < '2026-12-31')
    SELECT 'ecb', c.value, d.day, CASE c.value WHEN 'GBP' THEN 0.85 ELSE 1.1 END, 'x' FROM d, json_each('["GBP","USD"]') c WHERE true
    ON CONFLICT DO NOTHING`);
  db.exec(`INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, merchant, status,
      category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
    WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < ${n})
    SELECT a.value, 'b' || k, date('2024-01-01', '+' || (k * 1096 / ${n}) || ' days'), '2024-01-01T10:00:00Z', -((k * 7919) % 9000) - 100,
           (SELECT currency FROM accounts WHERE id = a.value), 'bench', NULL, CASE WHEN k % 997 = 0 THEN 'pending' ELSE 'booked' END,
           c.value, 1, 1, 1, 1
    FROM i, json_each('${JSON.stringify(accounts)}') a, json_each('${JSON.stringify(categories)}') c
    WHERE a.key = k % ${accounts.length} AND c.key = (k / 7) % ${categories.length}`);
  rebuildDailyTotals(db);
  const rows = db.prepare('SELECT count(*) FROM transactions').pluck().get() as number;
  const totals = db.prepare('SELECT count(*) FROM daily_category_totals').pluck().get() as number;
  console.log(`set-up: ${rows.toLocaleString('en')} transactions, ${totals.toLocaleString('en')} daily total rows, ${Math.round(performance.now() - t0)} ms`);

  const core = createBudgetsCore({ db, home: () => 'GBP', today: () => '2026-11-15' });
  for (const c of categories) core.setBudget({ month: '2026-11', categoryId: c, amountMinor: 50_000 });
  const median = (label: string, run: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${label}: ${times[2].toFixed(1)} ms`);
  };
  median('month (all currencies converted)', () => core.month('2026-11'));
  median('month (GBP only)', () => core.month('2026-11', { currency: 'GBP', allCurrencies: false }));
  core.setCarryover({ categoryId: 'groceries', month: '2024-11', enabled: true });
  median('month with a 24-month carry-over chain', () => core.month('2026-11'));
  median('year grid', () => core.year(2026));
  median('3-month average (writes every category)', () => core.setFromAverage({ month: '2026-11' }));
} finally {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
