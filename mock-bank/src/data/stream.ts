/**
 * The generated booked history of one account. Transaction i is a pure function of (seed, account, i)
 * and booking times never decrease with i, so any page or date lookup is computed on demand.
 */
import type { LedgerAccount } from './accounts';
import { CODES, EMPLOYERS, GYMS, INSURERS, LANDLORDS, MERCHANTS, PHONES, STREAMING, UTILITIES, regionOf, type Coding, type Merchant, type SpendCategory } from './catalog';
import { hashString, mix, pick, unit } from './random';

export const DAY_MS = 86_400_000;
/** Every generated history covers the two years up to "today". */
export const HISTORY_DAYS = 730;
/** A realistic two years of activity per account. */
export const DEFAULT_TRANSACTIONS_PER_ACCOUNT = 400;
const CHECKPOINT = 1024;

export interface LedgerTransaction {
  transactionId: string;
  accountId: string;
  status: 'BOOK' | 'PDNG';
  /** Epoch milliseconds. */
  bookingTime: number;
  valueTime: number;
  /** Signed: positive is a credit to the account. */
  amountMinor: number;
  currency: string;
  information: string;
  merchant: { name: string; mcc: string } | null;
  coding: Coding;
  /** Running booked balance after this entry (booked entries only). */
  balanceAfterMinor?: number;
}

/** The accounts an account moves money to and from (same user, same bank). */
export interface Siblings {
  checking: LedgerAccount | null;
  savings: LedgerAccount | null;
  card: LedgerAccount | null;
}

type MonthlyEvent = 'rent' | 'utility0' | 'utility1' | 'utility2' | 'cardRepayment' | 'salary' | 'toSavings' | 'interest' | 'phone' | 'insurance' | 'streaming' | 'gym';

/** When the streaming price rose and the gym was cancelled, before the end of the history. */
const STREAMING_RISE_DAYS = 70;
const GYM_CANCELLED_DAYS = 120;

const SCHEDULE: Record<LedgerAccount['kind'], { day: number; event: MonthlyEvent }[]> = {
  checking: [
    { day: 1, event: 'rent' },
    { day: 5, event: 'utility0' },
    { day: 9, event: 'utility1' },
    { day: 12, event: 'utility2' },
    { day: 15, event: 'cardRepayment' },
    { day: 18, event: 'phone' },
    { day: 21, event: 'insurance' },
    { day: 25, event: 'salary' },
    { day: 27, event: 'toSavings' },
  ],
  savings: [
    { day: 1, event: 'interest' },
    { day: 27, event: 'toSavings' },
  ],
  credit_card: [
    { day: 3, event: 'streaming' },
    { day: 9, event: 'gym' },
    { day: 15, event: 'cardRepayment' },
  ],
};

const SPEND_WEIGHTS: Record<LedgerAccount['kind'], Partial<Record<SpendCategory, number>>> = {
  checking: { groceries: 30, coffee: 20, restaurants: 15, transport: 20, subscriptions: 5, shopping: 10 },
  credit_card: { shopping: 25, restaurants: 25, travel: 4, subscriptions: 10, groceries: 16, coffee: 10, transport: 10 },
  savings: {},
};

interface Core {
  time: number;
  amountMinor: number;
  event: MonthlyEvent | null;
  /** Merchant index for spending, or round-up for savings. */
  merchant: number;
}

export class AccountStream {
  readonly count: number;
  readonly start: number;
  private readonly step: number;
  private readonly merchants: Merchant[];
  private readonly spend: number[];
  private readonly region;
  private readonly pairKey: number;
  /** Scales discretionary spending down when the history is denser than real life. */
  private readonly spendScale: number;
  private checkpoints: Float64Array | null = null;
  private total: number | null = null;

  constructor(
    readonly account: LedgerAccount,
    private readonly siblings: Siblings,
    private readonly seed: number,
    count: number,
    readonly end: number,
    private readonly onRender: () => void,
  ) {
    this.count = Math.max(0, Math.floor(count));
    this.step = this.count > 0 ? (HISTORY_DAYS * DAY_MS) / this.count : 0;
    this.start = end - HISTORY_DAYS * DAY_MS;
    this.region = regionOf(account.currency);
    this.merchants = MERCHANTS[this.region];
    const weights = SPEND_WEIGHTS[account.kind];
    this.spend = this.merchants.flatMap((mer, idx) => Array<number>(weights[mer.category] ?? 0).fill(idx));
    this.pairKey = hashString(`${account.bankId}/${account.username}/${Math.floor(account.index / 3)}/${seed}`);
    this.spendScale = Math.min(1, DEFAULT_TRANSACTIONS_PER_ACCOUNT / Math.max(1, this.count));
  }

  timeOf(i: number): number {
    if (i < 0) return this.start;
    const t = this.start + (i + 0.1 + 0.8 * unit(this.seed, this.account.key, i, 1)) * this.step;
    return Math.floor(t / 1000) * 1000;
  }

  /** Smallest i whose booking time is at or after `time` (count when none). */
  firstAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeOf(mid) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  idOf(i: number): string {
    return `${this.account.accountId}-${String(i).padStart(8, '0')}`;
  }

  /** Index of a generated transaction id, or -1. */
  indexOf(transactionId: string): number {
    const prefix = `${this.account.accountId}-`;
    if (!transactionId.startsWith(prefix)) return -1;
    const rest = transactionId.slice(prefix.length);
    if (!/^\d{8}$/.test(rest)) return -1;
    const i = Number(rest);
    return i < this.count ? i : -1;
  }

  amountOf(i: number): number {
    return this.core(i).amountMinor;
  }

  /** Sum of the amounts of transactions [0, i). Computed from cached checkpoints, never the whole list. */
  prefixSum(i: number): number {
    const cps = this.ensureCheckpoints();
    const k = Math.floor(i / CHECKPOINT);
    let sum = cps[k];
    for (let j = k * CHECKPOINT; j < i; j++) sum += this.amountOf(j);
    return sum;
  }

  totalSum(): number {
    this.ensureCheckpoints();
    return this.total ?? 0;
  }

  render(i: number): LedgerTransaction {
    this.onRender();
    const c = this.core(i);
    const { information, merchant, coding } = this.describe(i, c);
    return {
      transactionId: this.idOf(i),
      accountId: this.account.accountId,
      status: 'BOOK',
      bookingTime: c.time,
      valueTime: c.time,
      amountMinor: c.amountMinor,
      currency: this.account.currency,
      information,
      merchant,
      coding,
    };
  }

  /** A spending transaction at a merchant of this account's mix (used for pending entries too). */
  spendAt(merchantIdx: number, draw: number): number {
    const mer = this.merchants[merchantIdx];
    const minor = Math.round(mer.typicalMinor * (0.5 + draw) * this.spendScale);
    return -Math.max(50, minor);
  }

  merchantAt(idx: number): Merchant {
    return this.merchants[idx];
  }

  spendingMerchant(...parts: number[]): number {
    return this.spend.length > 0 ? this.spend[pick(this.spend.length, ...parts)] : 0;
  }

  private core(i: number): Core {
    const time = this.timeOf(i);
    const event = this.eventAt(this.timeOf(i - 1), time);
    const a = this.account;
    if (event) return { time, amountMinor: this.eventAmount(event, time), event, merchant: -1 };
    if (a.kind === 'savings') {
      const minor = 50 + pick(950, this.seed, a.key, i, 2);
      return { time, amountMinor: Math.max(1, Math.round(minor * this.spendScale)), event: null, merchant: -1 };
    }
    const merchant = this.spendingMerchant(this.seed, a.key, i, 3);
    return { time, amountMinor: this.spendAt(merchant, unit(this.seed, a.key, i, 4)), event: null, merchant };
  }

  /** The first scheduled monthly event whose day boundary falls in (prev, time]. */
  private eventAt(prev: number, time: number): MonthlyEvent | null {
    // Boundaries are at midnight, so two times on the same day cross none (the common case in dense histories).
    if (Math.floor(prev / DAY_MS) === Math.floor(time / DAY_MS)) return null;
    for (const { day, event } of SCHEDULE[this.account.kind]) {
      if (!this.eventApplies(event)) continue;
      for (const t of [prev, time]) {
        const d = new Date(t);
        const boundary = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day);
        if (prev < boundary && boundary <= time && this.dueOn(event, boundary)) return event;
      }
    }
    return null;
  }

  private eventApplies(event: MonthlyEvent): boolean {
    if (event === 'cardRepayment') return this.account.kind === 'credit_card' ? this.siblings.checking !== null : this.siblings.card !== null;
    if (event === 'toSavings') return this.account.kind === 'savings' ? this.siblings.checking !== null : this.siblings.savings !== null;
    return true;
  }

  /** Yearly insurance falls in the account's renewal month only; the gym stops when it is cancelled. */
  private dueOn(event: MonthlyEvent, boundary: number): boolean {
    if (event === 'insurance') return new Date(boundary).getUTCMonth() === this.pairKey % 12;
    if (event === 'gym') return boundary < this.end - GYM_CANCELLED_DAYS * DAY_MS;
    return true;
  }

  private monthIndex(time: number): number {
    const d = new Date(time);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  }

  private eventAmount(event: MonthlyEvent, time: number): number {
    const key = this.pairKey;
    const month = this.monthIndex(time);
    switch (event) {
      case 'salary':
        // December pays a bonus.
        return 280_000 + pick(20, key, 10) * 10_000 + (month % 12 === 11 ? pick(5, key, month, 11) * 50_000 : 0);
      case 'rent':
        return -(115_000 + pick(14, key, 12) * 5_000);
      case 'utility0':
      case 'utility1':
      case 'utility2': {
        const u = UTILITIES[this.region][Number(event.slice(-1))];
        return -Math.round(u.typicalMinor * (0.85 + 0.3 * unit(key, month, 13, hashString(event))));
      }
      case 'cardRepayment': {
        // repayments stay below the card's spending (a card in debt), the subscriptions charged to it included
        const minor = (110 + pick(350, key, month, 14)) * 100;
        return this.account.kind === 'credit_card' ? minor : -minor;
      }
      case 'toSavings': {
        const minor = (4 + pick(7, key, month, 15)) * 5_000;
        return this.account.kind === 'savings' ? minor : -minor;
      }
      case 'interest':
        return 200 + pick(1_300, key, month, 16);
      case 'phone':
        return -PHONES[this.region].typicalMinor;
      case 'streaming': {
        const plan = STREAMING[this.region];
        return -(time >= this.end - STREAMING_RISE_DAYS * DAY_MS ? plan.raisedMinor : plan.typicalMinor);
      }
      case 'gym':
        return -GYMS[this.region].typicalMinor;
      case 'insurance': {
        // renewals so far, counted back from the last one in the history
        const renewalsBefore = Math.floor((this.end - time) / (365 * DAY_MS));
        return -Math.round(INSURERS[this.region].typicalMinor * 1.06 ** (1 - renewalsBefore));
      }
    }
  }

  private describe(i: number, c: Core): { information: string; merchant: { name: string; mcc: string } | null; coding: Coding } {
    const s = this.siblings;
    const r = this.region;
    switch (c.event) {
      case 'salary':
        return { information: `${EMPLOYERS[r]} SALARY`, merchant: null, coding: CODES.salary };
      case 'rent':
        return { information: `${LANDLORDS[r]} RENT`, merchant: null, coding: CODES.standingOrder };
      case 'utility0':
      case 'utility1':
      case 'utility2': {
        const u = UTILITIES[r][Number(c.event.slice(-1))];
        return { information: `${u.name.toUpperCase()} DIRECT DEBIT`, merchant: { name: u.name, mcc: u.mcc }, coding: CODES.directDebit };
      }
      case 'cardRepayment':
        return this.account.kind === 'credit_card'
          ? { information: `PAYMENT RECEIVED - THANK YOU (from ${s.checking?.nickname} ****${s.checking?.mask})`, merchant: null, coding: CODES.cardRepayment }
          : { information: `Card repayment to ${s.card?.nickname} ****${s.card?.mask}`, merchant: null, coding: CODES.transferOut };
      case 'toSavings':
        return this.account.kind === 'savings'
          ? { information: `Transfer from ${s.checking?.nickname} ****${s.checking?.mask}`, merchant: null, coding: CODES.transferIn }
          : { information: `Transfer to ${s.savings?.nickname} ****${s.savings?.mask}`, merchant: null, coding: CODES.transferOut };
      case 'interest':
        return { information: 'Interest paid', merchant: null, coding: CODES.interest };
      case 'phone':
      case 'insurance': {
        const payee = c.event === 'phone' ? PHONES[r] : INSURERS[r];
        return { information: `${payee.name.toUpperCase()} DIRECT DEBIT`, merchant: { name: payee.name, mcc: payee.mcc }, coding: CODES.directDebit };
      }
      case 'streaming':
      case 'gym': {
        const payee = c.event === 'streaming' ? STREAMING[r] : GYMS[r];
        return { information: `${payee.name.toUpperCase()} ${c.event === 'streaming' ? 'ONLINE' : 'MEMBERSHIP'} ref ${(mix(this.seed, this.account.key, i, 5) % 1_000_000).toString().padStart(6, '0')}`, merchant: { name: payee.name, mcc: payee.mcc }, coding: c.event === 'streaming' ? CODES.online : CODES.card };
      }
      case null:
        break;
    }
    if (this.account.kind === 'savings') {
      return { information: `Round-up savings ${new Date(c.time).toISOString().slice(0, 10)}`, merchant: null, coding: CODES.transferIn };
    }
    const mer = this.merchants[c.merchant];
    return {
      information: `${mer.name.toUpperCase()} ${mer.category === 'subscriptions' ? 'ONLINE' : 'CARD PAYMENT'} ref ${(mix(this.seed, this.account.key, i, 5) % 1_000_000).toString().padStart(6, '0')}`,
      merchant: { name: mer.name, mcc: mer.mcc },
      coding: mer.category === 'subscriptions' || mer.category === 'shopping' ? CODES.online : CODES.card,
    };
  }

  private ensureCheckpoints(): Float64Array {
    if (this.checkpoints) return this.checkpoints;
    const cps = new Float64Array(Math.floor(this.count / CHECKPOINT) + 1);
    let sum = 0;
    for (let i = 0; i < this.count; i++) {
      if (i % CHECKPOINT === 0) cps[i / CHECKPOINT] = sum;
      sum += this.amountOf(i);
    }
    if (this.count % CHECKPOINT === 0) cps[this.count / CHECKPOINT] = sum;
    this.checkpoints = cps;
    this.total = sum;
    return cps;
  }
}
