/**
 * Bench cases for the reference trigram index and the (category, date) index (called from run.ts):
 * the background catch-up of the reference index after the 1M sync (off the sync's path, timed on its
 * own), and the list/search cases they serve beyond run.ts's own.
 */
import type { Db } from '../../src/main/core/db/database';
import { indexReferences } from '../../src/main/core/db/derived';

/** Times a reference search before the catch-up (rows above the watermark are scanned), then the catch-up. */
export function catchUpReferences(db: Db, search: () => unknown): { beforeCatchUpSearchMs: number; catchUpMs: number; rows: number } {
  const t0 = performance.now();
  search();
  const beforeCatchUpSearchMs = performance.now() - t0;
  const t1 = performance.now();
  let rows = 0;
  for (let n; (n = indexReferences(db, 25_000)) > 0; ) rows += n; // as the app's background indexer runs it
  return { beforeCatchUpSearchMs, catchUpMs: performance.now() - t1, rows };
}

export function referenceCases(list: (q: object) => unknown, reference: string): Record<string, () => unknown> {
  return {
    [`search "${reference}" (a whole reference)`]: () => list({ limit: 100, search: reference }),
    [`search "${reference.slice(1, 5)}" (digits inside a reference)`]: () => list({ limit: 100, search: reference.slice(1, 5) }),
    'search "REF 0012" (upper case, digits inside a reference)': () => list({ limit: 100, search: 'REF 0012' }),
  };
}

export function categoryCases(list: (q: object) => unknown): Record<string, () => unknown> {
  return {
    'listTransactions (groceries, first page)': () => list({ limit: 200, categoryIds: ['groceries'] }),
    'listTransactions (groceries, jump to offset 100,000)': () => list({ limit: 200, categoryIds: ['groceries'], offset: 100_000 }),
    'listTransactions (uncategorised, jump to the middle)': () => list({ limit: 200, uncategorised: true, offset: 10_000 }),
  };
}
