/**
 * Finds recurring series (bills, subscriptions, salary) in a transaction history. Pure: rows in, series out.
 *
 * Rows are grouped by account, payee key, currency and direction. In each group and for each cadence, a dynamic
 * programme finds the chain of rows that best fits the cadence: consecutive rows one step apart (or two: one skipped
 * occurrence) within the cadence's tolerance in days, amounts within a factor of 1.6 of each other, favouring
 * closer days and amounts; rows that do not fit (one-off purchases at the same merchant) are left out. A chain
 * becomes a series when it has enough occurrences, few skips, amounts that are fixed (within ±10 %, or two such
 * levels: a price change) or vary moderately (utilities: coefficient of variation ≤ 0.2, at least 4 occurrences),
 * and when the group holds few other rows of the same size (more than a quarter as many make it everyday shopping,
 * not a bill). The cadence with the most occurrences wins.
 */
import { CADENCE_ORDER, CADENCES, addMonths, dayNumber, dayOfMonth, dayString, deviation, nearMonthEnd, type Cadence } from './cadence';

export interface DetectRow {
  id: number;
  accountId: string;
  /** YYYY-MM-DD */
  day: string;
  /** Signed: debits negative. */
  amountMinor: number;
  currency: string;
  /** The payee key (normalise.ts). */
  key: string;
  name: string;
}

export interface SeriesFacts {
  firstDay: string;
  lastDay: string;
  /** The next expected occurrence (the one missed, when `state` is 'missed'). */
  nextDay: string;
  /** Magnitude in minor units: the current price, or the recent average when the amount varies. */
  expectedMinor: number;
  variable: boolean;
  /** The latest occurrences cost more than the ones before them (within the last three). */
  priceRise: { fromMinor: number; toMinor: number } | null;
  /** 'missed': the next occurrence is overdue; 'ended': two occurrences did not come (cancelled). */
  state: 'active' | 'missed' | 'ended';
  /** The series started recently (isNewSeries). */
  isNew: boolean;
}

export interface DetectedSeries extends SeriesFacts {
  accountId: string;
  key: string;
  name: string;
  currency: string;
  direction: 'out' | 'in';
  cadence: Cadence;
  /** The rows of the series, oldest first. */
  txIds: number[];
}

/** Relative spread allowed around a fixed amount. */
export const AMOUNT_TOLERANCE = 0.1;
/** Coefficient of variation allowed for variable amounts (energy, water). */
const VARIABLE_CV = 0.2;
/** A group with more rows per interval than this on average is too busy to hold a series of that cadence. */
const MAX_ROWS_PER_INTERVAL = 4;
/** Other rows a year a payee may have beside a series of only the minimum occurrences. */
const MAX_OTHERS_PER_YEAR_BESIDE_SHORT = 6;
/** A rise smaller than this is noise, not a price rise. */
const PRICE_RISE = 0.02;

interface Row {
  id: number;
  day: number;
  size: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};
const within = (xs: number[], centre: number, tolerance: number) => xs.every((x) => Math.abs(x - centre) <= centre * tolerance);

/** The best-fitting chain of `rows` (sorted by day) for a cadence, as indexes, with the skipped steps it has. */
function bestChain(rows: Row[], cadence: Cadence): { chain: number[]; skips: number } | null {
  const spec = CADENCES[cadence];
  const n = rows.length;
  if (n < spec.minHits) return null;
  const span = rows[n - 1].day - rows[0].day;
  if (n / (span / spec.days + 1) > MAX_ROWS_PER_INTERVAL) return null;
  const minGap = spec.days - spec.tolerance - (spec.months ? 3 : 0);
  const maxGap = 2 * spec.days + spec.tolerance + (spec.months ? 3 : 0);
  const score = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  const skips = new Int32Array(n);
  let end = 0;
  for (let j = 0; j < n; j++) {
    score[j] = 1;
    for (let i = j - 1; i >= 0 && rows[j].day - rows[i].day <= maxGap; i--) {
      if (rows[j].day - rows[i].day < minGap) continue;
      const dev = deviation(cadence, rows[i].day, rows[j].day);
      if (dev.steps > 2 || dev.days > spec.tolerance) continue;
      const ratio = rows[j].size / rows[i].size;
      if (ratio > 1.6 || ratio < 1 / 1.6) continue;
      const s = score[i] + 1 - (dev.steps - 1) * 0.6 - (0.3 * dev.days) / (spec.tolerance + 1) - Math.min(1, 2 * Math.abs(Math.log(ratio)));
      if (s > score[j]) {
        score[j] = s;
        prev[j] = i;
        skips[j] = skips[i] + dev.steps - 1;
      }
    }
    if (score[j] > score[end]) end = j;
  }
  const chain: number[] = [];
  for (let k = end; k >= 0; k = prev[k]) chain.push(k);
  chain.reverse();
  return chain.length >= spec.minHits ? { chain, skips: skips[end] } : null;
}

/** Fixed (one level, or two: a price change) or variable amounts; null when the amounts are not those of a bill. */
function amountShape(sizes: number[], cadence: Cadence): 'fixed' | 'variable' | null {
  if (within(sizes, median(sizes), AMOUNT_TOLERANCE)) return 'fixed';
  for (let s = 1; s < sizes.length; s++) {
    const before = sizes.slice(0, s);
    const after = sizes.slice(s);
    if (within(before, median(before), AMOUNT_TOLERANCE) && within(after, median(after), AMOUNT_TOLERANCE)) return 'fixed';
  }
  if (sizes.length < 4 || cadence === 'yearly') return null;
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const sd = Math.sqrt(sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / sizes.length);
  return sd / mean <= VARIABLE_CV ? 'variable' : null;
}

/**
 * Started within about two and a half intervals of today. Never for a yearly series: its minimum of two payments
 * already spans a year, and the history rarely reaches far enough back to show it was not paid before.
 */
export function isNewSeries(cadence: Cadence, first: number, today: number, state: SeriesFacts['state']): boolean {
  const spec = CADENCES[cadence];
  return cadence !== 'yearly' && state !== 'ended' && today - first <= 2.5 * spec.days + spec.tolerance;
}

/**
 * What a series' occurrences say as of `today`: next expected day and amount, price rise, missed, ended, new.
 * `days` are day numbers, oldest first, with their amounts' magnitudes in `sizes`.
 */
export function factsOf(cadence: Cadence, days: number[], sizes: number[], today: number, variable: boolean): SeriesFacts {
  const spec = CADENCES[cadence];
  const first = days[0];
  const last = days[days.length - 1];
  // months: the usual day of the month (the month's end when most occurrences were at one), so a payment moved
  // to a Monday does not move the next one
  const dom = spec.months ? (days.filter(nearMonthEnd).length * 2 > days.length ? 31 : median(days.map(dayOfMonth))) : undefined;
  // the first due day after the last occurrence (a payment shifted past a month's end still belongs to that month)
  const nextAfter = (day: number) => {
    if (!spec.months) return day + spec.days;
    for (let j = -1; ; j++) {
      const due = addMonths(day, spec.months * j, dom);
      if (due > day + spec.tolerance) return due;
    }
  };
  const next = nextAfter(last);
  const state = today > next + spec.days + spec.tolerance ? 'ended' : today > next + spec.tolerance ? 'missed' : 'active';

  let expectedMinor: number;
  let priceRise: SeriesFacts['priceRise'] = null;
  const latest = sizes[sizes.length - 1];
  if (variable) {
    const recent = sizes.slice(-3);
    expectedMinor = Math.round(recent.reduce((a, b) => a + b, 0) / recent.length);
  } else {
    // the final run of the same price (±1 %), and the price before it
    let s = sizes.length - 1;
    while (s > 0 && Math.abs(sizes[s - 1] - latest) <= latest * 0.01) s--;
    expectedMinor = median(sizes.slice(s));
    if (s > 0 && sizes.length - s <= 3) {
      const before = sizes[s - 1];
      const steady = s < 2 || Math.abs(sizes[s - 2] - before) <= before * 0.01;
      if (steady && expectedMinor > before * (1 + PRICE_RISE)) priceRise = { fromMinor: before, toMinor: expectedMinor };
    }
  }
  return {
    firstDay: dayString(first),
    lastDay: dayString(last),
    nextDay: dayString(next),
    expectedMinor,
    variable,
    priceRise,
    state,
    isNew: isNewSeries(cadence, first, today, state),
  };
}

/** The best series in one group (one account, payee, currency and direction), if any. */
function detectGroup(rows: Row[], today: number): { cadence: Cadence; rows: Row[]; variable: boolean } | null {
  let best: { cadence: Cadence; rows: Row[]; variable: boolean; merit: number } | null = null;
  for (const cadence of CADENCE_ORDER) {
    const found = bestChain(rows, cadence);
    if (!found) continue;
    const chain = found.chain.map((i) => rows[i]);
    if (found.skips > Math.max(1, Math.floor(chain.length / 4))) continue;
    const sizes = chain.map((r) => r.size);
    const shape = amountShape(sizes, cadence);
    if (!shape) continue;
    // Other rows of the same size at the payee: many of them make it everyday spending that happened to line up.
    // A price that never changes (or changed once) is matched within 2 %, so purchases of nearby sizes do not count.
    let changes = 0;
    for (let k = 1; k < sizes.length; k++) if (Math.abs(sizes[k] - sizes[k - 1]) > sizes[k - 1] * 0.01) changes++;
    const band = changes <= 1 ? 0.02 : AMOUNT_TOLERANCE;
    const lo = Math.min(...sizes) * (1 - band);
    const hi = Math.max(...sizes) * (1 + band);
    const inChain = new Set(chain.map((r) => r.id));
    const first = chain[0].day;
    const last = chain[chain.length - 1].day;
    let during = 0;
    let outside = 0;
    for (const r of rows) {
      if (inChain.has(r.id) || r.size < lo || r.size > hi) continue;
      if (r.day >= first && r.day <= last) during++;
      else outside++;
    }
    // (one purchase of a similar size is allowed beside a yearly pair or a short series: a year is long)
    const allowed = Math.floor(chain.length / 4);
    if (during > Math.max(allowed, cadence === 'yearly' ? 1 : 0) || during + outside > Math.max(allowed, 1)) continue;
    // A series as short as its cadence allows must still be running (three old purchases a month apart are chance),
    // and at a payee paid rarely otherwise: at a shop visited every few weeks, two purchases a year apart prove nothing.
    const spec = CADENCES[cadence];
    if (chain.length <= spec.minHits) {
      if (today > last + 2 * spec.days + spec.tolerance) continue;
      const years = Math.max(1, (rows[rows.length - 1].day - rows[0].day) / 365);
      if ((rows.length - chain.length) / years > MAX_OTHERS_PER_YEAR_BESIDE_SHORT) continue;
    }
    const merit = chain.length - found.skips / 2;
    if (!best || merit > best.merit) best = { cadence, rows: chain, variable: shape === 'variable', merit };
  }
  return best;
}

/** Every series in `rows` as of `today` (YYYY-MM-DD), one at most per account, payee, currency and direction. */
export function detectSeries(rows: DetectRow[], today: string): DetectedSeries[] {
  const groups = new Map<string, DetectRow[]>();
  for (const r of rows) {
    if (r.amountMinor === 0) continue;
    const g = `${r.accountId}\u0000${r.key}\u0000${r.currency}\u0000${r.amountMinor < 0 ? 'out' : 'in'}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(r);
  }
  const todayNumber = dayNumber(today);
  const out: DetectedSeries[] = [];
  for (const list of groups.values()) {
    const rowsOf = list
      .map((r) => ({ id: r.id, day: dayNumber(r.day), size: Math.abs(r.amountMinor) }))
      .sort((a, b) => a.day - b.day || a.id - b.id);
    const found = detectGroup(rowsOf, todayNumber);
    if (!found) continue;
    const sample = list[0];
    const facts = factsOf(
      found.cadence,
      found.rows.map((r) => r.day),
      found.rows.map((r) => r.size),
      todayNumber,
      found.variable,
    );
    out.push({
      ...facts,
      accountId: sample.accountId,
      key: sample.key,
      name: list[list.length - 1].name,
      currency: sample.currency,
      direction: sample.amountMinor < 0 ? 'out' : 'in',
      cadence: found.cadence,
      txIds: found.rows.map((r) => r.id),
    });
  }
  return out;
}

/** The expected days of a series from `from` to `to` (inclusive), stepping from its next expected day. */
export function occurrencesBetween(cadence: Cadence, nextDay: string, from: string, to: string): string[] {
  const spec = CADENCES[cadence];
  const start = dayNumber(nextDay);
  // a series due on a short month's last day is due on each month's last day
  const dom = spec.months ? (nearMonthEnd(start) && addMonths(start, 0, 31) === start ? 31 : dayOfMonth(start)) : undefined;
  const end = dayNumber(to);
  const lo = dayNumber(from);
  const out: string[] = [];
  for (let k = 0; k < 400; k++) {
    const day = spec.months ? addMonths(start, spec.months * k, dom) : start + spec.days * k;
    if (day > end) break;
    if (day >= lo) out.push(dayString(day));
  }
  return out;
}
