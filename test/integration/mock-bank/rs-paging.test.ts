/** Transactions paging through Links.Next and booking-date filters, over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { mintAccessToken } from '../../support/mint-access-token';

interface ObTx {
  AccountId: string;
  TransactionId: string;
  BookingDateTime: string;
  Status: string;
}
interface ObPage {
  Data: { Transaction: ObTx[] };
  Links: { Self: string; Next?: string; Prev?: string; First?: string; Last?: string };
  Meta: { TotalPages: number; FirstAvailableDateTime?: string; LastAvailableDateTime?: string };
}

let handle: MockBankHandle;
let api: string;
let token: string;
let accountIds: string[];

beforeAll(async () => {
  // "today" is pinned so the date windows below always fall inside the generated two years
  handle = await startMockBank({ port: 0, quiet: true, seed: 5, pageSize: 25, transactionsPerAccount: 150, now: () => new Date('2026-11-27T12:00:00Z') });
  api = handle.banks.find((b) => b.id === 'summit')!.apiBase;
  accountIds = handle.ctx.ledger.accountsOf('summit', 'sarah').map((a) => a.accountId);
  token = (await mintAccessToken(handle, { bankId: 'summit', username: 'sarah', scopes: ['accounts', 'balances', 'transactions'] })).accessToken;
});
afterAll(() => handle.close());

async function page(url: string): Promise<ObPage> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ObPage;
}

async function walk(firstUrl: string): Promise<{ txs: ObTx[]; pages: ObPage[] }> {
  const pages: ObPage[] = [];
  for (let url: string | undefined = firstUrl; url; url = pages.at(-1)!.Links.Next) pages.push(await page(url));
  return { txs: pages.flatMap((p) => p.Data.Transaction), pages };
}

const total = (accountId: string, from?: number, to?: number) => handle.ctx.ledger.transactions('summit', accountId, { from, to }, 0, 0).total;

describe('paging', () => {
  it('follows Links.Next to the end: every entry once, in booking order, TotalPages right', async () => {
    const id = accountIds[0];
    const { txs, pages } = await walk(`${api}/accounts/${id}/transactions`);
    expect(txs).toHaveLength(total(id));
    expect(new Set(txs.map((t) => t.TransactionId)).size).toBe(txs.length);
    for (let i = 1; i < txs.length; i++) expect(Date.parse(txs[i].BookingDateTime)).toBeGreaterThanOrEqual(Date.parse(txs[i - 1].BookingDateTime));
    expect(pages).toHaveLength(Math.ceil(txs.length / 25));
    expect(pages.every((p) => p.Meta.TotalPages === pages.length)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.Data.Transaction.length === 25)).toBe(true);
    expect(pages[0].Links.Prev).toBeUndefined();
    expect(pages[1].Links.Prev).toBe(pages[0].Links.Self);
    expect(pages.at(-1)!.Links.Self).toBe(pages[0].Links.Last);
    expect(txs.filter((t) => t.Status === 'PDNG').length).toBeGreaterThan(0);
    expect(Date.parse(pages[0].Meta.FirstAvailableDateTime!)).toBe(Date.parse(txs[0].BookingDateTime));
  });

  it('pages the bulk /transactions across every consented account', async () => {
    const { txs } = await walk(`${api}/transactions`);
    const expected = accountIds.reduce((s, id) => s + total(id), 0);
    expect(txs).toHaveLength(expected);
    expect(new Set(txs.map((t) => t.TransactionId)).size).toBe(expected);
    expect(new Set(txs.map((t) => t.AccountId))).toEqual(new Set(accountIds));
  });

  it('rejects a page cursor that is not a page', async () => {
    const res = await fetch(`${api}/transactions?page=zero`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
  });
});

describe('booking date filters', () => {
  it('keep to the window, with or without a time, ignoring a timezone, and carry into Links.Next', async () => {
    const id = accountIds[0];
    const from = '2026-03-01';
    const to = '2026-06-30T23:59:59';
    const { txs, pages } = await walk(`${api}/accounts/${id}/transactions?fromBookingDateTime=${from}&toBookingDateTime=${to}`);
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    const toMs = Date.parse(`${to}Z`);
    expect(txs.length).toBeGreaterThan(0);
    expect(txs).toHaveLength(total(id, fromMs, toMs));
    expect(txs.every((t) => Date.parse(t.BookingDateTime) >= fromMs && Date.parse(t.BookingDateTime) <= toMs)).toBe(true);
    if (pages.length > 1) expect(pages[0].Links.Next).toContain('fromBookingDateTime=2026-03-01');

    const withZone = await walk(`${api}/accounts/${id}/transactions?fromBookingDateTime=${encodeURIComponent('2026-03-01T00:00:00+05:00')}&toBookingDateTime=${encodeURIComponent('2026-06-30T23:59:59-08:00')}`);
    expect(withZone.txs.map((t) => t.TransactionId)).toEqual(txs.map((t) => t.TransactionId));
  });

  it('answers 400 to a window that ends before it starts', async () => {
    const res = await fetch(`${api}/accounts/${accountIds[0]}/transactions?fromBookingDateTime=2026-05-01&toBookingDateTime=2026-04-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).Errors[0].Path).toBe('fromBookingDateTime');
  });
});
