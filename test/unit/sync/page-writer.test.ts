import { describe, expect, it } from 'vitest';
import type { BankTransaction } from '../../../src/main/core/banks/ob-client';
import type { Categoriser } from '../../../src/main/core/sync/categoriser';
import { PageWriter } from '../../../src/main/core/sync/page-writer';
import { WindowRead, type PageToWrite, type PageWritten, type SyncStore } from '../../../src/main/core/sync/sync-store';

const categoriser = {} as Categoriser;
const page = (read: WindowRead, n: number, tag: string): PageToWrite => ({ read, rows: Array.from({ length: n }, (_, i) => ({ bankTxId: `${tag}-${i}` }) as BankTransaction), categoriser });
const tagOf = (p: PageToWrite) => p.rows[0].bankTxId.split('-')[0];

/** A store that records what it was asked to write, in which transaction, and fails the pages it is told to. */
function fakeStore(failing = new Set<string>()) {
  const transactions: string[][] = [];
  const write = (pages: PageToWrite[]): PageWritten[] => {
    if (pages.some((p) => failing.has(tagOf(p)))) throw new Error(`disk I/O error writing ${pages.map(tagOf).join(',')}`);
    transactions.push(pages.map(tagOf));
    return pages.map((p) => ({ added: p.rows.length, updated: 0 }));
  };
  const store = { writePages: write, writePage: (read: WindowRead, rows: BankTransaction[], c: Categoriser) => write([{ read, rows, categoriser: c }])[0] };
  return { store: store as unknown as SyncStore, transactions };
}

const window = { fetchFrom: null, reconcileFrom: '' };

describe('PageWriter', () => {
  it('writes the pages waiting together in one transaction, each account in the order read', async () => {
    const { store, transactions } = fakeStore();
    const writer = new PageWriter(store, 10_000);
    const a = new WindowRead('a', 1, window);
    const b = new WindowRead('b', 1, window);
    const written = [writer.write(page(a, 10, 'a1')), writer.write(page(b, 5, 'b1')), writer.write(page(a, 10, 'a2'))];
    expect(transactions).toEqual([]); // nothing is written until someone waits or the batch is full
    writer.flushSoon();
    expect(await Promise.all(written)).toEqual([
      { added: 10, updated: 0 },
      { added: 5, updated: 0 },
      { added: 10, updated: 0 },
    ]);
    expect(transactions).toEqual([['a1', 'b1', 'a2']]);
  });

  it('writes a batch as soon as it holds maxRows rows', () => {
    const { store, transactions } = fakeStore();
    const writer = new PageWriter(store, 100);
    const a = new WindowRead('a', 1, window);
    void writer.write(page(a, 60, 'a1'));
    expect(transactions).toEqual([]);
    void writer.write(page(a, 60, 'a2'));
    expect(transactions).toEqual([['a1', 'a2']]);
  });

  it('when a batch fails, fails only the page that cannot be written and the same window’s pages after it', async () => {
    const { store, transactions } = fakeStore(new Set(['b2']));
    const writer = new PageWriter(store, 10_000);
    const a = new WindowRead('a', 1, window);
    const b = new WindowRead('b', 1, window);
    const outcomes = Promise.allSettled([
      writer.write(page(b, 5, 'b1')),
      writer.write(page(a, 5, 'a1')),
      writer.write(page(b, 5, 'b2')),
      writer.write(page(a, 5, 'a2')),
      writer.write(page(b, 5, 'b3')),
    ]);
    writer.flushSoon();
    const settled = await outcomes;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason.message).toMatch(/disk I\/O error writing b2/);
    expect((settled[4] as PromiseRejectedResult).reason).toBe((settled[2] as PromiseRejectedResult).reason);
    expect(transactions).toEqual([['b1'], ['a1'], ['a2']]); // b3 was never written after b2 failed
  });
});
