/**
 * Generated histories with known recurring series, for the detector's tests and the bench: every cadence,
 * jitter in dates (business-day shifts, bank delays) and amounts, skipped occurrences, price changes, cancelled
 * series, and decoys (one-off purchases at the same merchants; merchants with no series at all).
 */
import type { Cadence } from '../../src/main/core/recurring/cadence';
import { CADENCES as CADENCE_SPECS, addMonths, dayNumber, dayString } from '../../src/main/core/recurring/cadence';
import type { DetectedSeries, DetectRow } from '../../src/main/core/recurring/detect';

export interface TrueSeries {
  label: string;
  accountId: string;
  key: string;
  cadence: Cadence;
  txIds: number[];
  /** Money in (salary) rather than a bill. */
  income: boolean;
  ended: boolean;
  priceRise: { fromMinor: number; toMinor: number } | null;
}

export interface GeneratedHistory {
  rows: DetectRow[];
  truth: TrueSeries[];
  today: string;
}

/** mulberry32: a small seeded PRNG, so a seed always gives the same history. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface NoiseOptions {
  /** Days a payment may land after its due day (bank processing). */
  dateJitter: number;
  /** Relative spread of variable amounts. */
  amountJitter: number;
  /** Chance an occurrence is skipped (at most one in a row). */
  skipChance: number;
  /** One-off purchases at each series' merchant, per year. */
  decoysPerYear: number;
  /** Merchants with only random purchases. */
  noiseMerchants: number;
}

export const DEFAULT_NOISE: NoiseOptions = { dateJitter: 2, amountJitter: 0.12, skipChance: 0.05, decoysPerYear: 3, noiseMerchants: 6 };

const CADENCES: Cadence[] = ['weekly', 'fortnightly', 'monthly', 'quarterly', 'yearly'];

/** Saturday and Sunday move to the next Monday (1970-01-01 was a Thursday). */
const businessDay = (day: number) => {
  const dow = (day + 4) % 7; // 0 = Sunday
  return dow === 6 ? day + 2 : dow === 0 ? day + 1 : day;
};

export function generateHistory(seed: number, seriesCount = 40, noise: NoiseOptions = DEFAULT_NOISE, today = '2026-11-20'): GeneratedHistory {
  const r = rng(seed);
  const end = dayNumber(today);
  const start = end - 2 * 365;
  const rows: DetectRow[] = [];
  const truth: TrueSeries[] = [];
  let nextId = 1;
  const add = (accountId: string, key: string, day: number, amountMinor: number) => {
    const id = nextId++;
    rows.push({ id, accountId, day: dayString(day), amountMinor, currency: 'GBP', key, name: key });
    return id;
  };

  for (let s = 0; s < seriesCount; s++) {
    const cadence = CADENCES[Math.floor(r() * CADENCES.length)];
    const accountId = `acct-${s % 3}`;
    const key = `merchant ${s}`;
    const income = r() < 0.1;
    const variable = !income && r() < 0.3;
    const base = Math.round((income ? 150_000 + r() * 300_000 : 500 + r() * 20_000) / 1) ;
    const rises = !variable && !income && r() < 0.25;
    const ends = r() < 0.12;
    // long series start near the beginning; some start recently (new subscriptions)
    const first = r() < 0.15 && cadence !== 'yearly' && cadence !== 'quarterly' ? end - Math.round(2.5 * stepLength(cadence)) : start + Math.floor(r() * 40);
    const stopAt = ends ? end - Math.round((2.5 + r() * 3) * stepLength(cadence)) : end;
    const riseAt = rises ? end - Math.round((0.5 + r() * 1.5) * stepLength(cadence)) : Infinity;
    const dom = 1 + Math.floor(r() * 31);
    const ids: number[] = [];
    let skippedLast = false;
    let priceRise: TrueSeries['priceRise'] = null;
    const risen = Math.round(base * (1.1 + r() * 0.3));
    for (let k = 0; ; k++) {
      const due = cadence === 'weekly' || cadence === 'fortnightly' ? first + k * stepLength(cadence) : addMonths(first, k * (cadence === 'monthly' ? 1 : cadence === 'quarterly' ? 3 : 12), dom);
      if (due > stopAt || due > end) break;
      if (!skippedLast && k > 0 && r() < noise.skipChance) {
        skippedLast = true;
        continue;
      }
      skippedLast = false;
      const day = businessDay(due) + Math.floor(r() * (noise.dateJitter + 1));
      if (day > end) break;
      let size = due >= riseAt ? risen : base;
      if (variable) size = Math.round(base * (1 - noise.amountJitter + 2 * noise.amountJitter * r()));
      if (due >= riseAt && !priceRise) priceRise = { fromMinor: base, toMinor: risen };
      ids.push(add(accountId, key, day, income ? size : -size));
    }
    const years = (end - start) / 365;
    // an employer sells its staff nothing: decoys only at the payees of bills
    for (let d = 0; d < (income ? 0 : Math.round(noise.decoysPerYear * years)); d++) {
      add(accountId, key, start + Math.floor(r() * (end - start)), -Math.round(base * (0.3 + r() * 2)));
    }
    truth.push({ label: key, accountId, key, cadence, txIds: ids, income, ended: ends, priceRise: priceRise && ids.length ? priceRise : null });
  }
  for (let m = 0; m < noise.noiseMerchants; m++) {
    const key = `shop ${m}`;
    const typical = 800 + r() * 6000;
    const count = 20 + Math.floor(r() * 200);
    for (let i = 0; i < count; i++) add(`acct-${m % 3}`, key, start + Math.floor(r() * (end - start)), -Math.round(typical * (0.5 + r())));
  }
  rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id - b.id));
    // a payee paid fewer times than a cadence needs (a yearly bill paid once) is not a series yet: its rows are noise
  return { rows, truth: truth.filter((t) => t.txIds.length >= CADENCE_SPECS[t.cadence].minHits), today };
}

function stepLength(cadence: Cadence): number {
  return { weekly: 7, fortnightly: 14, monthly: 30, quarterly: 91, yearly: 365 }[cadence];
}

export interface Scores {
  truePositives: number;
  detected: number;
  actual: number;
  precision: number;
  recall: number;
}

/**
 * A detected series is right when it is a true series' payee and account, has its cadence, and shares at least
 * 80 % of its rows (true rows found and found rows true). A true series too short to be detectable (fewer than
 * the cadence's minimum of occurrences) still counts in recall: the detector should find what a person would.
 */
export function score(truth: TrueSeries[], found: DetectedSeries[]): Scores {
  const byGroup = new Map(truth.map((t) => [`${t.accountId}/${t.key}/${t.income ? 'in' : 'out'}`, t]));
  let tp = 0;
  for (const f of found) {
    const t = byGroup.get(`${f.accountId}/${f.key}/${f.direction}`);
    if (!t || t.cadence !== f.cadence) continue;
    const trueIds = new Set(t.txIds);
    const shared = f.txIds.filter((id) => trueIds.has(id)).length;
    if (shared >= 0.8 * t.txIds.length && shared >= 0.8 * f.txIds.length) tp++;
  }
  return { truePositives: tp, detected: found.length, actual: truth.length, precision: found.length ? tp / found.length : 1, recall: truth.length ? tp / truth.length : 1 };
}
