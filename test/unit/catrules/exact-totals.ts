/**
 * The daily totals recomputed from scratch, independently of derived.ts: each booked transaction counts
 * whole in its category, or, while its split parts add up to its amount, as its parts in theirs; it is
 * counted once in each category it has a part in.
 */
import { expect } from 'vitest';
import type { Db } from '../../../src/main/core/db/database';

interface Key {
  account: string;
  day: string;
  currency: string;
  category: string;
}

export function totalsFromScratch(db: Db): Record<string, { income: number; expense: number; count: number }> {
  const txs = db
    .prepare(`SELECT id, account_id AS account, booking_date AS day, currency, category_id AS category, amount_minor AS amount FROM transactions WHERE status = 'booked'`)
    .all() as (Omit<Key, 'category'> & { id: number; category: string | null; amount: number })[];
  const parts = db.prepare('SELECT tx_id AS txId, amount_minor AS amount, category_id AS category, tx_amount_minor AS madeFor FROM transaction_splits ORDER BY seq').all() as {
    txId: number;
    amount: number;
    category: string | null;
    madeFor: number;
  }[];
  const out: Record<string, { income: number; expense: number; count: number }> = {};
  const add = (k: Key, amount: number, counted: boolean) => {
    const key = `${k.account}|${k.day}|${k.currency}|${k.category}`;
    const t = (out[key] ??= { income: 0, expense: 0, count: 0 });
    if (amount > 0) t.income += amount;
    else t.expense -= amount;
    if (counted) t.count++;
  };
  for (const t of txs) {
    const own = parts.filter((p) => p.txId === t.id);
    if (own.length && own.every((p) => p.madeFor === t.amount)) {
      expect(own.reduce((s, p) => s + p.amount, 0)).toBe(t.amount);
      for (const p of own) add({ ...t, category: p.category ?? '' }, p.amount, own.find((o) => o.category === p.category) === p);
    } else add({ ...t, category: t.category ?? '' }, t.amount, true);
  }
  return out;
}

export function storedTotals(db: Db): Record<string, { income: number; expense: number; count: number }> {
  const rows = db
    .prepare('SELECT account_id AS account, day, currency, category_id AS category, income_minor AS income, expense_minor AS expense, tx_count AS count FROM daily_category_totals')
    .all() as (Key & { income: number; expense: number; count: number })[];
  return Object.fromEntries(rows.map((r) => [`${r.account}|${r.day}|${r.currency}|${r.category}`, { income: r.income, expense: r.expense, count: r.count }]));
}

/** Fails the test when the stored daily totals differ from the totals recomputed from the transactions. */
export function expectExactTotals(db: Db): void {
  expect(storedTotals(db)).toEqual(totalsFromScratch(db));
}
