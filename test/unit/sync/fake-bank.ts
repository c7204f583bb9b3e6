/** An in-memory Open Banking AISP v4 resource server behind a `fetchResource` function, for unit tests. */
import { minorToDecimal } from '../../../src/shared/money';

export interface FakeTx {
  id: string;
  date: string;
  /** Signed minor units. */
  amount: number;
  status: 'BOOK' | 'PDNG' | 'RJCT';
  info?: string;
  merchant?: string;
  mcc?: string;
  code?: string;
}

export interface FakeAccount {
  id: string;
  currency: string;
  nickname: string;
  type: 'CACC' | 'SVGS' | 'CARD';
  opening: number;
  txs: FakeTx[];
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  | { kind: 'invalid' }
  | { kind: 'network' }
  | { kind: 'reauth' }
  | { kind: 'throw'; error: Error };

export class FakeBank {
  readonly apiBase = 'https://bank.test/open-banking/v4.0/aisp';
  readonly requests: string[] = [];
  /** Faults served, in order, to requests whose URL matches. */
  readonly faults: { match: RegExp; fault: Fault }[] = [];
  pageSize = 3;
  balanceDate = '2026-03-31T12:00:00+00:00';

  constructor(public accounts: FakeAccount[]) {}

  account(id: string): FakeAccount {
    const a = this.accounts.find((x) => x.id === id);
    if (!a) throw new Error(`no account ${id}`);
    return a;
  }

  bookedBalance(id: string): number {
    const a = this.account(id);
    return a.opening + a.txs.filter((t) => t.status === 'BOOK').reduce((s, t) => s + t.amount, 0);
  }

  fetchResource = async (_connectionId: string, url: string, init?: { signal?: AbortSignal }): Promise<Response> => {
    init?.signal?.throwIfAborted();
    this.requests.push(url);
    const i = this.faults.findIndex((f) => f.match.test(url));
    if (i >= 0) {
      const [{ fault }] = this.faults.splice(i, 1);
      if (fault.kind === 'network') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      if (fault.kind === 'throw') throw fault.error;
      if (fault.kind === 'reauth') throw Object.assign(new Error('refresh token revoked'), { name: 'ReauthRequiredError' });
      if (fault.kind === 'status') {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
        return new Response(JSON.stringify({ Errors: [{ ErrorCode: 'UK.OBIE.UnexpectedError', Message: 'boom' }] }), { status: fault.status, headers });
      }
      const body = JSON.stringify(this.route(url));
      if (fault.kind === 'malformed') return json(`{"Data": {"Transaction": [}`);
      if (fault.kind === 'truncated') return json(body.slice(0, Math.floor(body.length / 2)));
      return json(JSON.stringify({ Data: { Transaction: [{ AccountId: 'x', Amount: { Amount: -5, Currency: 'GBP' } }], Account: 'nope', Balance: 7 } }));
    }
    return json(JSON.stringify(this.route(url)));
  };

  private route(url: string): unknown {
    const u = new URL(url);
    const path = u.pathname.slice(new URL(this.apiBase).pathname.length);
    const self = { Self: url };
    if (path === '/accounts') {
      return {
        Data: { Account: this.accounts.map((a) => ({ AccountId: a.id, Currency: a.currency, Nickname: a.nickname, AccountTypeCode: a.type, AccountCategory: 'Personal', Status: 'Enabled' })) },
        Links: self,
      };
    }
    const m = /^\/accounts\/([^/]+)\/(balances|transactions)$/.exec(path);
    if (!m) throw new Error(`unexpected ${url}`);
    const a = this.account(decodeURIComponent(m[1]));
    if (m[2] === 'balances') {
      const bal = this.bookedBalance(a.id);
      return {
        Data: {
          Balance: [
            { AccountId: a.id, CreditDebitIndicator: bal < 0 ? 'Debit' : 'Credit', Type: 'ITAV', DateTime: this.balanceDate, Amount: { Amount: minorToDecimal(Math.abs(bal) + 999, a.currency), Currency: a.currency } },
            { AccountId: a.id, CreditDebitIndicator: bal < 0 ? 'Debit' : 'Credit', Type: 'ITBD', DateTime: this.balanceDate, Amount: { Amount: minorToDecimal(Math.abs(bal), a.currency), Currency: a.currency } },
          ],
        },
        Links: self,
      };
    }
    const from = u.searchParams.get('fromBookingDateTime')?.slice(0, 10) ?? '';
    const page = Number(u.searchParams.get('page') ?? '0');
    const rows = a.txs.filter((t) => t.date >= from).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id.localeCompare(y.id)));
    const slice = rows.slice(page * this.pageSize, (page + 1) * this.pageSize);
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    return {
      Data: {
        Transaction: slice.map((t) => ({
          AccountId: a.id,
          TransactionId: t.id,
          CreditDebitIndicator: t.amount < 0 ? 'Debit' : 'Credit',
          Status: t.status,
          BookingDateTime: `${t.date}T10:00:00+00:00`,
          ValueDateTime: `${t.date}T10:00:00+00:00`,
          Amount: { Amount: minorToDecimal(Math.abs(t.amount), a.currency), Currency: a.currency },
          TransactionInformation: t.info ?? t.merchant ?? 'Payment',
          ...(t.merchant ? { MerchantDetails: { MerchantName: t.merchant, ...(t.mcc ? { MerchantCategoryCode: t.mcc } : {}) } } : {}),
          ...(t.code ? { ProprietaryBankTransactionCode: { Code: t.code } } : {}),
        })),
      },
      Links: (page + 1) * this.pageSize < rows.length ? { ...self, Next: next.toString() } : self,
      Meta: { TotalPages: Math.max(1, Math.ceil(rows.length / this.pageSize)) },
    };
  }
}

const json = (body: string) => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
