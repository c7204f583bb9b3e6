/**
 * The banks' books: generated accounts and histories (lazy, deterministic from the seed) plus a sandbox
 * overlay of added, booked and removed transactions that the balances and every page reflect.
 */
import type { Ledger } from '../context';
import { buildAccounts, type LedgerAccount } from './accounts';
import { pick, unit } from './random';
import { AccountStream, DAY_MS, DEFAULT_TRANSACTIONS_PER_ACCOUNT, type LedgerTransaction } from './stream';
import { CODES } from './catalog';

export type { LedgerAccount } from './accounts';
export type { LedgerTransaction } from './stream';

export interface LedgerOptions {
  seed: number;
  /** Booked transactions generated per account (default a realistic ~2 years, 400). */
  transactionsPerAccount?: number;
  /** "Today": generated histories end at the first call's value. */
  now: () => Date;
}

/** What a pending transaction becomes when it books (the sandbox may override either part). */
export interface BookedTwin {
  transactionId: string;
  amountMinor: number;
}

export interface PendingTransaction extends LedgerTransaction {
  status: 'PDNG';
  twin: BookedTwin;
}

export interface DateRange {
  /** Inclusive epoch milliseconds. */
  from?: number;
  to?: number;
}

export interface TransactionPage {
  items: LedgerTransaction[];
  /** Entries matching the range, across all pages. */
  total: number;
  /** Earliest and latest booking times the account has at all (null when it has none). */
  firstAvailable: number | null;
  lastAvailable: number | null;
}

export interface AccountBalances {
  /** Booked balance: opening + booked entries. */
  bookedMinor: number;
  /** Booked plus pending entries. */
  availableMinor: number;
  at: Date;
}

export interface NewTransaction {
  transactionId?: string;
  status: 'BOOK' | 'PDNG';
  /** Signed: negative is a debit. */
  amountMinor: number;
  information: string;
  merchant?: { name: string; mcc: string };
  bookingTime?: number;
}

export class LedgerError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

interface Overlay {
  /** Added booked entries and every live pending entry (generated or added). */
  extras: LedgerTransaction[];
  sorted: boolean;
  /** Removed generated entries: index → amount. */
  removedGenerated: Map<number, number>;
  /** Twins of pending entries, by pending id. */
  twins: Map<string, BookedTwin>;
  nextAdded: number;
}

const compareKey = (at: number, aid: string, bt: number, bid: string): number => at - bt || (aid < bid ? -1 : aid > bid ? 1 : 0);
const compareTx = (a: LedgerTransaction, b: LedgerTransaction): number => compareKey(a.bookingTime, a.transactionId, b.bookingTime, b.transactionId);

export class BankLedger implements Ledger {
  private readonly accounts: LedgerAccount[];
  private readonly byId = new Map<string, LedgerAccount>();
  private readonly streams = new Map<string, AccountStream>();
  private readonly overlays = new Map<string, Overlay>();
  private end: number | null = null;
  private rendered = 0;

  constructor(private readonly opts: LedgerOptions) {
    this.accounts = buildAccounts(opts.seed);
    for (const a of this.accounts) this.byId.set(a.accountId, a);
  }

  accountsOf(bankId: string, username: string): LedgerAccount[] {
    return this.accounts.filter((a) => a.bankId === bankId && a.username === username);
  }

  account(bankId: string, accountId: string): LedgerAccount | undefined {
    const a = this.byId.get(accountId);
    return a && a.bankId === bankId ? a : undefined;
  }

  /** How many transactions have been generated in full so far (streams render only what is asked for). */
  stats(): { transactionsRendered: number; streamsOpen: number } {
    return { transactionsRendered: this.rendered, streamsOpen: this.streams.size };
  }

  balances(bankId: string, accountId: string): AccountBalances {
    const a = this.require(bankId, accountId);
    const s = this.stream(a);
    const o = this.overlay(a);
    let booked = a.openingBalanceMinor + s.totalSum();
    for (const amount of o.removedGenerated.values()) booked -= amount;
    let pending = 0;
    for (const t of o.extras) {
      if (t.status === 'BOOK') booked += t.amountMinor;
      else pending += t.amountMinor;
    }
    return { bookedMinor: booked, availableMinor: booked + pending, at: this.opts.now() };
  }

  pending(bankId: string, accountId: string): PendingTransaction[] {
    const a = this.require(bankId, accountId);
    const o = this.overlay(a);
    return this.sortedExtras(o)
      .filter((t) => t.status === 'PDNG')
      .map((t) => ({ ...t, status: 'PDNG', twin: o.twins.get(t.transactionId) ?? { transactionId: t.transactionId, amountMinor: t.amountMinor } }));
  }

  /** One page of the account's entries in the range, ordered by booking time then id; only the page is generated. */
  transactions(bankId: string, accountId: string, range: DateRange, offset: number, limit: number): TransactionPage {
    const a = this.require(bankId, accountId);
    const s = this.stream(a);
    const o = this.overlay(a);
    const from = range.from ?? -Infinity;
    const to = range.to ?? Infinity;
    const lo = Number.isFinite(from) ? s.firstAtOrAfter(from) : 0;
    const hi = Number.isFinite(to) ? s.firstAtOrAfter(to + 1) : s.count;
    const extras = this.sortedExtras(o).filter((t) => t.bookingTime >= from && t.bookingTime <= to);
    const removed = [...o.removedGenerated.keys()].filter((i) => i >= lo && i < hi).sort((x, y) => x - y);
    const total = Math.max(0, hi - lo) - removed.length + extras.length;

    const extrasBefore = (g: number): number => {
      if (g >= hi) return extras.length;
      const t = s.timeOf(g);
      const id = s.idOf(g);
      let n = 0;
      while (n < extras.length && compareKey(extras[n].bookingTime, extras[n].transactionId, t, id) < 0) n++;
      return n;
    };
    const removedBefore = (g: number): number => removed.filter((i) => i < g).length;
    const before = (g: number): number => g - lo - removedBefore(g) + extrasBefore(g);

    // Largest generated position g whose preceding merged entries number at most `offset`.
    let l = lo;
    let h = Math.max(lo, hi);
    while (l < h) {
      const mid = (l + h + 1) >>> 1;
      if (before(mid) <= offset) l = mid;
      else h = mid - 1;
    }
    let g = l;
    let e = extrasBefore(g);
    let position = before(g);
    const removedSet = new Set(removed);
    const items: LedgerTransaction[] = [];
    while (items.length < limit) {
      while (g < hi && removedSet.has(g)) g++;
      const genAvailable = g < hi;
      const extra = e < extras.length ? extras[e] : null;
      if (!genAvailable && !extra) break;
      const takeExtra = extra !== null && (!genAvailable || compareKey(extra.bookingTime, extra.transactionId, s.timeOf(g), s.idOf(g)) < 0);
      if (position >= offset) items.push(takeExtra ? { ...extra } : s.render(g));
      if (takeExtra) e++;
      else g++;
      position++;
    }
    this.attachRunningBalances(a, s, o, items);
    const first = Math.min(s.count > 0 ? s.timeOf(0) : Infinity, ...o.extras.map((t) => t.bookingTime));
    const last = Math.max(s.count > 0 ? s.timeOf(s.count - 1) : -Infinity, ...o.extras.map((t) => t.bookingTime));
    return {
      items,
      total,
      firstAvailable: Number.isFinite(first) ? first : null,
      lastAvailable: Number.isFinite(last) ? last : null,
    };
  }

  addTransaction(bankId: string, accountId: string, input: NewTransaction): LedgerTransaction {
    const a = this.require(bankId, accountId);
    const o = this.overlay(a);
    const transactionId = input.transactionId ?? `${a.accountId}-S${String(o.nextAdded++).padStart(4, '0')}`;
    this.assertFreeId(a, transactionId);
    const time = input.bookingTime ?? Math.floor(this.opts.now().getTime() / 1000) * 1000;
    const tx: LedgerTransaction = {
      transactionId,
      accountId: a.accountId,
      status: input.status,
      bookingTime: time,
      valueTime: time,
      amountMinor: input.amountMinor,
      currency: a.currency,
      information: input.information,
      merchant: input.merchant ?? null,
      coding: input.merchant ? CODES.card : input.amountMinor >= 0 ? CODES.transferIn : CODES.transferOut,
    };
    o.extras.push(tx);
    o.sorted = false;
    return { ...tx };
  }

  /** Books a pending entry: it disappears and its booked twin (optionally with a new id or amount) appears. */
  bookPending(bankId: string, accountId: string, transactionId: string, change: { newTransactionId?: string; amountMinor?: number } = {}): LedgerTransaction {
    const a = this.require(bankId, accountId);
    const o = this.overlay(a);
    const idx = o.extras.findIndex((t) => t.transactionId === transactionId && t.status === 'PDNG');
    if (idx < 0) throw new LedgerError('not_found', `no pending transaction ${transactionId}`);
    const pendingTx = o.extras[idx];
    const twin = o.twins.get(transactionId) ?? { transactionId, amountMinor: pendingTx.amountMinor };
    const newId = change.newTransactionId ?? twin.transactionId;
    o.extras.splice(idx, 1);
    o.twins.delete(transactionId);
    try {
      if (newId !== transactionId) this.assertFreeId(a, newId);
    } catch (err) {
      o.extras.push(pendingTx);
      o.twins.set(transactionId, twin);
      throw err;
    }
    const time = Math.max(pendingTx.bookingTime, Math.floor(this.opts.now().getTime() / 1000) * 1000);
    const booked: LedgerTransaction = {
      ...pendingTx,
      transactionId: newId,
      status: 'BOOK',
      bookingTime: time,
      valueTime: time,
      amountMinor: change.amountMinor ?? twin.amountMinor,
    };
    o.extras.push(booked);
    o.sorted = false;
    return { ...booked };
  }

  removeTransaction(bankId: string, accountId: string, transactionId: string): void {
    const a = this.require(bankId, accountId);
    const o = this.overlay(a);
    const idx = o.extras.findIndex((t) => t.transactionId === transactionId);
    if (idx >= 0) {
      o.extras.splice(idx, 1);
      o.twins.delete(transactionId);
      return;
    }
    const s = this.stream(a);
    const i = s.indexOf(transactionId);
    if (i < 0 || o.removedGenerated.has(i)) throw new LedgerError('not_found', `no transaction ${transactionId}`);
    o.removedGenerated.set(i, s.amountOf(i));
  }

  private attachRunningBalances(a: LedgerAccount, s: AccountStream, o: Overlay, items: LedgerTransaction[]): void {
    const firstBooked = items.find((t) => t.status === 'BOOK');
    if (!firstBooked) return;
    // Booked balance just before the first booked entry of the page.
    let g = s.firstAtOrAfter(firstBooked.bookingTime);
    while (g < s.count && compareKey(s.timeOf(g), s.idOf(g), firstBooked.bookingTime, firstBooked.transactionId) < 0) g++;
    let balance = a.openingBalanceMinor + s.prefixSum(g);
    for (const [i, amount] of o.removedGenerated) if (i < g) balance -= amount;
    for (const t of o.extras) if (t.status === 'BOOK' && compareTx(t, firstBooked) < 0) balance += t.amountMinor;
    for (const t of items) {
      if (t.status !== 'BOOK') continue;
      balance += t.amountMinor;
      t.balanceAfterMinor = balance;
    }
  }

  private sortedExtras(o: Overlay): LedgerTransaction[] {
    if (!o.sorted) {
      o.extras.sort(compareTx);
      o.sorted = true;
    }
    return o.extras;
  }

  private assertFreeId(a: LedgerAccount, transactionId: string): void {
    const o = this.overlay(a);
    const s = this.stream(a);
    const i = s.indexOf(transactionId);
    if ((i >= 0 && !o.removedGenerated.has(i)) || o.extras.some((t) => t.transactionId === transactionId)) {
      throw new LedgerError('conflict', `transaction ${transactionId} already exists`);
    }
  }

  private require(bankId: string, accountId: string): LedgerAccount {
    const a = this.account(bankId, accountId);
    if (!a) throw new LedgerError('not_found', `no account ${accountId} at ${bankId}`);
    return a;
  }

  private endTime(): number {
    this.end ??= Math.floor(this.opts.now().getTime() / 60_000) * 60_000;
    return this.end;
  }

  private stream(a: LedgerAccount): AccountStream {
    let s = this.streams.get(a.accountId);
    if (!s) {
      const same = this.accountsOf(a.bankId, a.username);
      const triple = Math.floor(a.index / 3) * 3;
      const siblings = { checking: same[triple] ?? null, savings: same[triple + 1] ?? null, card: same[triple + 2] ?? null };
      const count = this.opts.transactionsPerAccount ?? DEFAULT_TRANSACTIONS_PER_ACCOUNT;
      s = new AccountStream(a, siblings, this.opts.seed, count, this.endTime(), () => this.rendered++);
      this.streams.set(a.accountId, s);
    }
    return s;
  }

  /** The overlay starts with the account's generated pending entries (the last few days) and their twins. */
  private overlay(a: LedgerAccount): Overlay {
    let o = this.overlays.get(a.accountId);
    if (o) return o;
    o = { extras: [], sorted: false, removedGenerated: new Map(), twins: new Map(), nextAdded: 1 };
    this.overlays.set(a.accountId, o);
    if (a.kind === 'savings') return o;
    const s = this.stream(a);
    const seed = this.opts.seed;
    const n = 1 + pick(3, seed, a.key, 20);
    for (let j = 0; j < n; j++) {
      const merchantIdx = s.spendingMerchant(seed, a.key, j, 21);
      const mer = s.merchantAt(merchantIdx);
      const time = s.end - Math.floor((unit(seed, a.key, j, 22) * 3 * DAY_MS) / 1000) * 1000;
      const amountMinor = s.spendAt(merchantIdx, unit(seed, a.key, j, 23));
      const transactionId = `${a.accountId}-P${j}`;
      o.extras.push({
        transactionId,
        accountId: a.accountId,
        status: 'PDNG',
        bookingTime: time,
        valueTime: time,
        amountMinor,
        currency: a.currency,
        information: `${mer.name.toUpperCase()} CARD AUTHORISATION`,
        merchant: { name: mer.name, mcc: mer.mcc },
        coding: CODES.card,
      });
      // Restaurants book later with the tip added and a new id; some other merchants re-key on booking.
      const twin =
        mer.category === 'restaurants'
          ? { transactionId: `${transactionId}-B`, amountMinor: Math.round(amountMinor * (1.1 + 0.1 * unit(seed, a.key, j, 24))) }
          : unit(seed, a.key, j, 25) < 0.3
            ? { transactionId: `${transactionId}-B`, amountMinor }
            : { transactionId, amountMinor };
      o.twins.set(transactionId, twin);
    }
    return o;
  }
}

export function createLedger(opts: LedgerOptions): BankLedger {
  return new BankLedger(opts);
}
