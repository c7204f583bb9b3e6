/**
 * A typed client for the UK Open Banking AISP endpoints MyBucks reads (accounts, balances,
 * transactions). The caller supplies `fetchResource`, which adds the access token (and DPoP) and
 * refreshes it; this client adds per-request timeouts, bounded retries with backoff for network
 * errors, 429 and 5xx (honouring Retry-After), and validates every body before anyone uses it.
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { describeError } from '../auth/describe';
import type { RequestLimiter } from './request-limiter';
import { isFinalAuthError } from '../auth/errors';
import { decimalToMinor } from '../../../shared/money';
import {
  accountKind,
  accountsResponseSchema,
  balancesResponseSchema,
  preferredBalance,
  transactionStatus,
  transactionsResponseSchema,
  type AccountKind,
  type ObTransaction,
} from './ob-schemas';

export type FetchResource = (connectionId: string, url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this fails the request instead of waiting. */
  maxRetryAfterMs: number;
  /** Per attempt, headers and body. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, timeoutMs: 30_000 };

/**
 * The bank's API failed a request: an HTTP error status, no answer after the retries ('network'), or a
 * body MyBucks cannot use ('malformed').
 */
export class BankApiError extends Error {
  override name = 'BankApiError';
  constructor(
    readonly endpoint: string,
    readonly problem: string,
    readonly status: number | null = null,
    readonly kind: 'http' | 'network' | 'malformed' = status === null ? 'malformed' : 'http',
  ) {
    super(`${endpoint}: ${problem}`);
  }
}

export interface BankAccount {
  bankAccountId: string;
  name: string;
  type: AccountKind;
  currency: string | null;
  mask: string | null;
  status: string | null;
}

export interface BankBalance {
  amountMinor: number;
  currency: string;
  /** The balance's date-time as the bank stated it, and its calendar date. */
  at: string;
  date: string;
}

export interface BankTransaction {
  bankTxId: string;
  status: 'booked' | 'pending';
  bookingDate: string;
  bookingAt: string;
  valueDate: string | null;
  amountMinor: number;
  currency: string;
  description: string;
  merchant: string | null;
  mcc: string | null;
  bankTxCode: string | null;
}

export interface TransactionPage {
  transactions: BankTransaction[];
  /** Rows the bank sent (including statuses MyBucks ignores, e.g. rejected). */
  received: number;
}

export interface ObClientOptions {
  connectionId: string;
  apiBase: string;
  fetchResource: FetchResource;
  retry?: Partial<RetryPolicy>;
  /** Shared by every client of one bank: at most its limit of requests in flight, fewer after a 429. */
  limiter?: RequestLimiter;
}

const retryableStatus = (s: number) => s === 429 || s === 408 || s >= 500;

export class ObClient {
  private readonly retry: RetryPolicy;
  private readonly base: string;

  constructor(private readonly opts: ObClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.base = opts.apiBase.replace(/\/+$/, '');
  }

  async accounts(signal?: AbortSignal): Promise<BankAccount[]> {
    const body = await this.getJson(`${this.base}/accounts`, accountsResponseSchema, signal);
    return body.Data.Account.map((a) => {
      const ident = a.Account?.[0];
      const mask = ident?.Identification ? ident.Identification.slice(-4) : null;
      const type = accountKind(a);
      return {
        bankAccountId: a.AccountId,
        name: a.Nickname ?? ident?.Name ?? `${type.replace('_', ' ')}${mask ? ` ••${mask}` : ''}`,
        type,
        currency: a.Currency ?? null,
        mask,
        status: a.Status ?? null,
      };
    });
  }

  /** The balance that best says what is in the account now, signed (debit balances negative). */
  async balance(bankAccountId: string, signal?: AbortSignal): Promise<BankBalance | null> {
    const url = `${this.base}/accounts/${encodeURIComponent(bankAccountId)}/balances`;
    const body = await this.getJson(url, balancesResponseSchema, signal);
    const b = preferredBalance(body.Data.Balance.filter((x) => x.AccountId === bankAccountId));
    if (!b) return null;
    const magnitude = this.amount(url, b.Amount.Amount, b.Amount.Currency);
    return {
      amountMinor: b.CreditDebitIndicator === 'Debit' ? -magnitude : magnitude,
      currency: b.Amount.Currency,
      at: b.DateTime,
      date: b.DateTime.slice(0, 10),
    };
  }

  /**
   * Transactions page by page, following Links.Next. Only one page is held at a time (plus the next
   * one in flight: it is requested while the caller stores the current one).
   * @param from first booking date (YYYY-MM-DD) to fetch; the whole history when omitted.
   */
  async *transactionPages(bankAccountId: string, from: string | null, signal?: AbortSignal): AsyncGenerator<TransactionPage> {
    const first = new URL(`${this.base}/accounts/${encodeURIComponent(bankAccountId)}/transactions`);
    // The profile says query date-times carry no timezone.
    if (from) first.searchParams.set('fromBookingDateTime', `${from}T00:00:00`);
    const seen = new Set<string>();
    let url: string | null = first.toString();
    let inFlight: Promise<z.infer<typeof transactionsResponseSchema>> | null = this.getJson(url, transactionsResponseSchema, signal);
    while (inFlight) {
      const body: z.infer<typeof transactionsResponseSchema> = await inFlight;
      seen.add(url!);
      const next: string | null = body.Links?.Next ? new URL(body.Links.Next, url!).toString() : null;
      if (next && seen.has(next)) throw new BankApiError(this.endpoint(next), 'Links.Next points back to a page already read');
      inFlight = next ? this.getJson(next, transactionsResponseSchema, signal) : null;
      inFlight?.catch(() => {}); // surfaced when awaited; avoids an unhandled rejection meanwhile
      const pageUrl = url!;
      url = next;
      const transactions: BankTransaction[] = [];
      for (const t of body.Data.Transaction) {
        const tx = this.toTransaction(pageUrl, t);
        if (tx) transactions.push(tx);
      }
      yield { transactions, received: body.Data.Transaction.length };
    }
  }

  private toTransaction(url: string, t: ObTransaction): BankTransaction | null {
    const status = transactionStatus(t.Status);
    if (!status) return null;
    const magnitude = this.amount(url, t.Amount.Amount, t.Amount.Currency);
    const merchant = t.MerchantDetails?.MerchantName ?? null;
    const btc = t.BankTransactionCode;
    return {
      bankTxId: t.TransactionId ?? syntheticId(t),
      status,
      bookingDate: t.BookingDateTime.slice(0, 10),
      bookingAt: t.BookingDateTime,
      valueDate: t.ValueDateTime?.slice(0, 10) ?? null,
      amountMinor: t.CreditDebitIndicator === 'Debit' ? -magnitude : magnitude,
      currency: t.Amount.Currency,
      description: t.TransactionInformation ?? merchant ?? t.TransactionReference ?? '',
      merchant,
      mcc: t.MerchantDetails?.MerchantCategoryCode ?? null,
      bankTxCode: btc ? (btc.SubCode ? `${btc.Code}-${btc.SubCode}` : btc.Code) : (t.ProprietaryBankTransactionCode?.Code ?? null),
    };
  }

  private amount(url: string, amount: string, currency: string): number {
    try {
      return Math.abs(decimalToMinor(amount, currency));
    } catch (err) {
      throw new BankApiError(this.endpoint(url), `invalid amount: ${(err as Error).message}`);
    }
  }

  private endpoint(url: string): string {
    const path = url.startsWith(this.base) ? url.slice(this.base.length).split('?')[0] : new URL(url).pathname;
    return `GET ${path || '/'}`;
  }

  /** One GET with timeout, retries and validation. Throws BankApiError, the caller's abort reason, or a ReauthRequiredError from fetchResource. */
  private async getJson<S extends z.ZodType>(url: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    const endpoint = this.endpoint(url);
    const { maxAttempts, timeoutMs } = this.retry;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      // The slot is held from sending until the body is read; never while waiting to retry.
      const slot = await this.opts.limiter?.acquire(signal);
      let outcome: 'ok' | 'throttled' | 'failed' = 'failed';
      const timeout = AbortSignal.timeout(timeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let waitMs: number | null;
      let lastProblem: string;
      let lastStatus: number | null = null;
      try {
        const res = await this.opts.fetchResource(this.opts.connectionId, url, { signal: attemptSignal });
        if (res.ok) {
          const text = await res.text();
          slot?.release('ok');
          return this.parse(endpoint, text, schema);
        }
        if (res.status === 429) outcome = 'throttled';
        const detail = await errorDetail(res);
        lastProblem = `HTTP ${res.status}${detail ? ` (${detail})` : ''}`;
        lastStatus = res.status;
        if (!retryableStatus(res.status)) throw new BankApiError(endpoint, lastProblem, res.status);
        waitMs = retryAfterMs(res.headers.get('retry-after'));
        if (waitMs !== null && waitMs > this.retry.maxRetryAfterMs) {
          throw new BankApiError(endpoint, `${lastProblem}; the bank asks to wait ${Math.round(waitMs / 1000)} s`, res.status);
        }
      } catch (err) {
        if (err instanceof BankApiError || isFinalAuthError(err)) throw err;
        if (signal?.aborted) throw signal.reason;
        // A sign-in renewal that failed for a reason worth retrying (the bank's token endpoint was down).
        if ((err as Error).name === 'BankUnavailableError' && attempt >= maxAttempts) throw err;
        lastProblem = timeout.aborted ? `no complete answer within ${Math.round(timeoutMs / 1000)} s` : describeError(err);
        waitMs = null;
      } finally {
        slot?.release(outcome);
      }
      if (attempt >= maxAttempts) {
        throw new BankApiError(endpoint, `${lastProblem}, ${attempt} attempts`, lastStatus, lastStatus === null ? 'network' : 'http');
      }
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      await delay(waitMs ?? backoff * (0.5 + Math.random() / 2), undefined, signal ? { signal } : undefined);
    }
  }

  private parse<S extends z.ZodType>(endpoint: string, text: string, schema: S): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new BankApiError(endpoint, `malformed JSON in a ${text.length}-character body (${(err as Error).message})`);
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue.path.length ? issue.path.join('.') : 'body';
      throw new BankApiError(endpoint, `response does not match the Open Banking schema at ${where}: ${issue.message}`);
    }
    return result.data;
  }
}

function syntheticId(t: ObTransaction): string {
  const key = [t.BookingDateTime, t.CreditDebitIndicator, t.Amount.Amount, t.Amount.Currency, t.TransactionInformation, t.TransactionReference];
  return `mybucks:${createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 32)}`;
}

async function errorDetail(res: Response): Promise<string> {
  try {
    const text = (await res.text()).slice(0, 2000);
    const body = JSON.parse(text) as { Errors?: { ErrorCode?: string; Message?: string }[]; Message?: string; error?: string };
    const e = body.Errors?.[0];
    return (e ? [e.ErrorCode, e.Message].filter(Boolean).join(' ') : (body.Message ?? body.error ?? '')).slice(0, 200);
  } catch {
    return '';
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
