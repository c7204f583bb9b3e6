import { describe, expect, it } from 'vitest';
import { BankApiError, ObClient, retryAfterMs } from '../../../src/main/core/banks/ob-client';

const base = 'https://bank.test/aisp';
const json = (body: unknown, status = 200) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const client = (responder: (url: string) => Response | Promise<Response>) =>
  new ObClient({ connectionId: 'c', apiBase: base, fetchResource: async (_c, url) => responder(url), retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } });

describe('ObClient', () => {
  it('accepts v3.1 spellings of account types, balance types and transaction statuses', async () => {
    const c = client((url) => {
      if (url.endsWith('/accounts')) return json({ Data: { Account: [{ AccountId: 'a1', Currency: 'GBP', AccountType: 'Personal', AccountSubType: 'CreditCard', Account: [{ SchemeName: 'UK.OBIE.PAN', Identification: '4000123412341234', Name: 'Ms S Thompson' }] }] } });
      if (url.endsWith('/balances')) return json({ Data: { Balance: [{ AccountId: 'a1', CreditDebitIndicator: 'Debit', Type: 'InterimBooked', DateTime: '2026-01-01T00:00:00+00:00', Amount: { Amount: '12.50', Currency: 'GBP' } }] } });
      return json({
        Data: {
          Transaction: [
            { AccountId: 'a1', TransactionId: 'x1', CreditDebitIndicator: 'Debit', Status: 'Booked', BookingDateTime: '2026-01-02T09:00:00+01:00', Amount: { Amount: '3.2', Currency: 'GBP' }, TransactionInformation: 'Coffee' },
            { AccountId: 'a1', TransactionId: 'x2', CreditDebitIndicator: 'Credit', Status: 'Pending', BookingDateTime: '2026-01-03', Amount: { Amount: '1', Currency: 'GBP' }, MerchantDetails: { MerchantName: 'Refunds Ltd' } },
            { AccountId: 'a1', CreditDebitIndicator: 'Debit', Status: 'Rejected', BookingDateTime: '2026-01-03', Amount: { Amount: '9', Currency: 'GBP' } },
          ],
        },
      });
    });
    expect(await c.accounts()).toEqual([{ bankAccountId: 'a1', name: 'Ms S Thompson', type: 'credit_card', currency: 'GBP', mask: '1234', status: null }]);
    expect(await c.balance('a1')).toEqual({ amountMinor: -1250, currency: 'GBP', at: '2026-01-01T00:00:00+00:00', date: '2026-01-01' });
    const pages = [];
    for await (const p of c.transactionPages('a1', null)) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(pages[0].received).toBe(3);
    expect(pages[0].transactions.map((t) => [t.bankTxId, t.status, t.amountMinor, t.bookingDate, t.description])).toEqual([
      ['x1', 'booked', -320, '2026-01-02', 'Coffee'],
      ['x2', 'pending', 100, '2026-01-03', 'Refunds Ltd'],
    ]);
  });

  it('follows Links.Next with the booking-date filter and refuses a loop', async () => {
    const seen: string[] = [];
    const c = client((url) => {
      seen.push(url);
      const page = Number(new URL(url).searchParams.get('p') ?? '1');
      const next = page < 3 ? `${base}/accounts/a1/transactions?fromBookingDateTime=2026-01-01T00:00:00&p=${page + 1}` : `${base}/accounts/a1/transactions?fromBookingDateTime=2026-01-01T00:00:00&p=2`;
      return json({ Data: { Transaction: [] }, Links: { Self: url, Next: next } });
    });
    const run = async () => {
      for await (const _ of c.transactionPages('a1', '2026-01-01')) {
        // consume
      }
    };
    await expect(run()).rejects.toThrow(/Links.Next points back to a page already read/);
    expect(new URL(seen[0]).searchParams.get('fromBookingDateTime')).toBe('2026-01-01T00:00:00');
  });

  it('names the endpoint and the problem for invalid amounts, schema errors and HTTP errors', async () => {
    const bad = client(() => json({ Data: { Transaction: [{ AccountId: 'a1', CreditDebitIndicator: 'Debit', Status: 'BOOK', BookingDateTime: '2026-01-01', Amount: { Amount: '-5.00', Currency: 'GBP' } }] } }));
    await expect(bad.transactionPages('a1', null).next()).rejects.toThrow(/GET \/accounts\/a1\/transactions: response does not match the Open Banking schema at Data.Transaction.0.Amount.Amount/);
    const forbidden = client(() => json({ Errors: [{ ErrorCode: 'UK.OBIE.Resource.Forbidden', Message: 'no ReadBalances' }] }, 403));
    const err = await forbidden.balance('a1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BankApiError);
    expect(err).toMatchObject({ status: 403, message: 'GET /accounts/a1/balances: HTTP 403 (UK.OBIE.Resource.Forbidden no ReadBalances)' });
  });

  it('fails instead of waiting when Retry-After is beyond the limit', async () => {
    const c = new ObClient({ connectionId: 'c', apiBase: base, retry: { maxRetryAfterMs: 1000 }, fetchResource: async () => new Response('{}', { status: 429, headers: { 'retry-after': '120' } }) });
    await expect(c.accounts()).rejects.toThrow(/HTTP 429; the bank asks to wait 120 s/);
  });

  it('times out a request that never answers and retries it', async () => {
    let calls = 0;
    const c = new ObClient({
      connectionId: 'c',
      apiBase: base,
      retry: { timeoutMs: 50, maxAttempts: 2, baseDelayMs: 1 },
      fetchResource: (_c, _u, init) => {
        calls++;
        if (calls === 2) return Promise.resolve(json({ Data: { Account: [] } }));
        return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
      },
    });
    expect(await c.accounts()).toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:05 GMT', Date.parse('2026-11-27T10:00:00Z'))).toBe(5000);
  });
});
