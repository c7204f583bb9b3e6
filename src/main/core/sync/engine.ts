/**
 * Syncs one connection: accounts → balances → transactions, through the Open Banking client.
 *
 * Crash safety: every page lies whole in one SQLite transaction (pages waiting together share one, see
 * page-writer.ts), so a crash never leaves half a page. The window being re-fetched is written to
 * `accounts.reconcile_from` before the first page; rows the bank no longer returns are deleted only
 * after the last page, in the transaction that clears it. If the process dies between pages, the rows
 * already written are real bank rows (upserts are idempotent), stale rows are merely not yet deleted,
 * and the next run starts its window no later than the recorded one, so it re-reads every page of the
 * interrupted window and then reconciles it.
 *
 * The accounts of one connection are read concurrently (each its own chain of pages, so pages of
 * different accounts interleave; each page still lies whole in one SQLite transaction and each account
 * has its own window), with at most a per-bank limit of requests in flight that halves on a 429. A
 * chain reads up to WRITES_AHEAD pages ahead of their writes, so the bank's latency and MyBucks'
 * writing overlap.
 */
import type { AppEvent } from '../../../shared/contract';
import type { SyncRunDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { BankApiError, ObClient, type BankTransaction, type FetchResource, type RetryPolicy } from '../banks/ob-client';
import { Categoriser } from './categoriser';
import { describeSyncFailure } from './sync-failure';
import { RequestLimiter } from '../banks/request-limiter';
import { SyncStore, type PageWritten, type RunCounts, type StoredAccount, type TransactionWindow } from './sync-store';
import { PageWriter } from './page-writer';
import { pairPendingTransfers, recordTransfersPaired } from './transfers';

export interface SyncEngineOptions {
  db: Db;
  fetchResource: FetchResource;
  emit?: (event: AppEvent) => void;
  now?: () => Date;
  /** Days re-read before the last booked date on an incremental sync. */
  overlapDays?: number;
  /** An account whose whole history was not re-read for this long is re-read in full (default 7 days). */
  verifyEveryMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once per bank (API base), and accounts of a connection read at once (default 4). */
  perBankConcurrency?: number;
  /** Pairing transfers after a sync failed (a bug, not the bank's trouble): the sync itself still counts. */
  onPairingError?: (err: unknown) => void;
  /** After a run's rows and pairs are committed (recurring bills attach to new rows); must not throw. */
  afterRun?: (runId: number) => void;
}

export type SyncOutcome = Pick<SyncRunDTO, 'outcome' | 'error'> & { runId: number | null; counts: RunCounts };

export interface SyncOptions {
  /** Re-read every account's whole history and compare it with MyBucks' (deep reconciliation). */
  full?: boolean;
}

const WHOLE_HISTORY: TransactionWindow = { fetchFrom: null, reconcileFrom: '' };
const WEEK_MS = 7 * 86_400_000;
/** Pages of one account read ahead of their writes. */
const WRITES_AHEAD = 3;

const isAbort = (err: unknown, signal?: AbortSignal) => signal?.aborted === true || (err as Error | undefined)?.name === 'AbortError';

/** 403: the grant does not cover this data (e.g. balances not consented); that part is skipped. */
const isNotPermitted = (err: unknown) => err instanceof BankApiError && err.status === 403;
async function notPermittedAsNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (isNotPermitted(err)) return null;
    throw err;
  }
}

export class SyncEngine {
  private readonly store: SyncStore;
  /** Shared by every connection's run, so pages of different banks are written together too. */
  private readonly writer: PageWriter;
  private readonly overlapDays: number;
  private readonly emit: (event: AppEvent) => void;
  /** One per bank, kept across runs so a limit lowered by 429s stays lowered while it recovers. */
  private readonly limiters = new Map<string, RequestLimiter>();

  constructor(private readonly opts: SyncEngineOptions) {
    this.store = new SyncStore(opts.db, opts.now ?? (() => new Date()));
    this.writer = new PageWriter(this.store);
    this.overlapDays = opts.overlapDays ?? 10;
    this.emit = opts.emit ?? (() => {});
  }

  /** Never throws for bank or network trouble: the outcome is returned and recorded in sync_runs. */
  async sync(connectionId: string, signal?: AbortSignal, options: SyncOptions = {}): Promise<SyncOutcome> {
    const counts: RunCounts = { accounts: 0, seen: 0, added: 0, updated: 0, removed: 0 };
    const target = this.store.apiBaseOf(connectionId);
    if (!target) return { runId: null, outcome: 'error', error: `Unknown connection ${connectionId}`, counts };
    this.store.closeAbandonedRuns(connectionId);
    const runId = this.store.startRun(connectionId);
    let outcome: SyncOutcome['outcome'] = 'ok';
    let error: string | null = null;
    try {
      await this.run(connectionId, target.apiBase, runId, counts, signal, options);
      this.store.setConnectionOutcome(connectionId, 'ok', null, true, null);
    } catch (err) {
      if (isAbort(err, signal)) {
        outcome = 'cancelled';
      } else {
        const failure = describeSyncFailure(err, target);
        outcome = 'error';
        error = failure.message;
        this.store.setConnectionOutcome(connectionId, failure.status, failure.message, false, failure.code);
      }
    }
    // also after a failed or cancelled run: the rows it wrote are real, and a later run may not re-read their days
    // (the days wait in transfer_pending_days, so those of a run that died are paired after the next one)
    let transfersPaired = 0;
    try {
      transfersPaired = pairPendingTransfers(this.opts.db, (this.opts.now ?? (() => new Date()))());
    } catch (err) {
      this.opts.onPairingError?.(err);
    }
    this.store.finishRun(runId, outcome, counts, error);
    recordTransfersPaired(this.opts.db, runId, transfersPaired);
    this.opts.afterRun?.(runId);
    this.emit({ type: 'sync-finished', connectionId, outcome, error });
    if (counts.added + counts.updated + counts.removed + transfersPaired > 0) this.emit({ type: 'data-changed' });
    return { runId, outcome, error, counts };
  }

  /** The request limiter of a bank (by API base), shared by every connection and run of this engine. */
  limiterOf(apiBase: string): RequestLimiter {
    let limiter = this.limiters.get(apiBase);
    if (!limiter) this.limiters.set(apiBase, (limiter = new RequestLimiter({ max: this.opts.perBankConcurrency ?? 4 })));
    return limiter;
  }

  private async run(connectionId: string, apiBase: string, runId: number, counts: RunCounts, signal: AbortSignal | undefined, options: SyncOptions): Promise<void> {
    const limiter = this.limiterOf(apiBase);
    const client = new ObClient({ connectionId, apiBase, fetchResource: this.opts.fetchResource, retry: this.opts.retry, limiter });
    let accountsDone = 0;
    const progress = (phase: 'accounts' | 'balances' | 'transactions', accountName: string | null, pages = 0) =>
      this.emit({
        type: 'sync-progress',
        connectionId,
        phase,
        accountsDone,
        accountsTotal: counts.accounts,
        accountName,
        pages,
        transactions: counts.seen,
      });

    progress('accounts', null);
    const bankAccounts = await client.accounts(signal);
    counts.accounts = bankAccounts.length;
    // Balances come first so an account without a stated currency can take its balance's.
    progress('balances', null);
    const fetched = await Promise.all(bankAccounts.map((a) => notPermittedAsNull(client.balance(a.bankAccountId, signal))));
    const balances = new Map(bankAccounts.map((a, i) => [a.bankAccountId, fetched[i]]));
    const accounts = bankAccounts.map((a) => ({ ...a, currency: a.currency ?? balances.get(a.bankAccountId)?.currency ?? null }));
    const stored = this.store.upsertAccounts(connectionId, accounts, 'GBP');
    counts.accounts = stored.length;
    for (const account of stored) {
      const balance = balances.get(account.bankAccountId);
      if (balance) this.store.recordBalance(account.id, balance);
    }

    // Workers take accounts in order; the limiter, not the number of workers, bounds the requests. The
    // first failure stops the others (between pages) and is what the run reports, once all have stopped.
    const categoriser = new Categoriser(this.store.rules());
    const stop = new AbortController();
    const workerSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    let failure: { err: unknown } | null = null;
    let next = 0;
    const worker = async () => {
      while (next < stored.length && !workerSignal.aborted) {
        const account = stored[next++];
        try {
          await this.syncAccount(client, account, runId, counts, categoriser, workerSignal, options, (pages) => progress('transactions', account.name, pages));
          accountsDone++;
        } catch (err) {
          if (!failure && !stop.signal.aborted) failure = { err };
          stop.abort();
        }
      }
    };
    progress('transactions', null);
    await Promise.all(Array.from({ length: Math.min(stored.length, limiter.max) }, worker));
    if (failure) throw (failure as { err: unknown }).err;
    signal?.throwIfAborted();
    progress('transactions', null);
  }

  /** One account's transactions: its window, page by page (each whole in one SQLite transaction), then the reconciliation. */
  private async syncAccount(
    client: ObClient,
    account: StoredAccount,
    runId: number,
    counts: RunCounts,
    categoriser: Categoriser,
    signal: AbortSignal,
    options: SyncOptions,
    onPage: (pages: number) => void,
  ): Promise<void> {
    const full = options.full || this.store.verificationDue(account.id, this.opts.verifyEveryMs ?? WEEK_MS);
    const window = full ? WHOLE_HISTORY : this.store.transactionWindow(account.id, this.overlapDays);
    const before = window.fetchFrom === null ? this.store.localBooks(account.id) : null;
    const found = { bankCount: 0, bankBookedMinor: 0, added: 0, updated: 0, removed: 0 };
    const read = this.store.beginWindow(account.id, runId, window);
    let pagesRead = 0;
    let pagesWritten = 0;
    onPage(0);
    // The next page is fetched while this one waits to be written; a chain waits for its writes only
    // when WRITES_AHEAD of them are pending, and always before the window is finished.
    const writes: Promise<void>[] = [];
    const written = ({ added, updated }: PageWritten, transactions: BankTransaction[]) => {
      pagesWritten++;
      for (const t of transactions) {
        if (t.status !== 'booked') continue;
        found.bankCount++;
        found.bankBookedMinor += t.amountMinor;
      }
      found.added += added;
      found.updated += updated;
      counts.seen += transactions.length;
      counts.added += added;
      counts.updated += updated;
      onPage(pagesWritten);
    };
    const settle = async () => {
      this.writer.flushSoon();
      const outcomes = await Promise.allSettled(writes.splice(0));
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    };
    try {
      for await (const page of client.transactionPages(account.bankAccountId, window.fetchFrom, signal)) {
        signal.throwIfAborted();
        pagesRead++;
        const write = this.writer.write({ read, rows: page.transactions, categoriser }).then((w) => written(w, page.transactions));
        write.catch(() => {}); // surfaced when awaited; avoids an unhandled rejection meanwhile
        writes.push(write);
        if (writes.length >= WRITES_AHEAD) {
          this.writer.flushSoon();
          await writes.shift();
        }
      }
      await settle();
    } catch (err) {
      await settle().catch(() => {}); // nothing of this window is written after it stopped
      if (pagesRead === 0 && isNotPermitted(err)) {
        this.store.abandonWindow(read); // nothing was read; the stored rows stay as they are
        return;
      }
      throw err;
    }
    found.removed = this.store.finishWindow(read);
    counts.removed += found.removed;
    if (before) this.store.recordReconciliation(account.id, runId, before, found);
  }
}
