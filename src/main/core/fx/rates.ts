/**
 * Exchange rates in fx_rates: the ECB's (units per 1 EUR, by business day) and the user's manual rates (units
 * of a currency per 1 unit of the home currency they were entered against, from their day on), and the
 * converter that turns an amount on a day into the home currency without ever inventing a rate.
 */
import type { Db } from '../db/database';
import type { EcbDay } from './ecb-xml';

export interface ManualRate {
  currency: string;
  homePerUnit: number;
  day: string;
}

/** How 1 unit of a currency became home currency on a day. */
export interface RateUsed {
  homePerUnit: number;
  /** The rate's own day (the ECB business day, or the manual rate's first day); null for the home currency. */
  rateDay: string | null;
  source: 'ecb' | 'manual' | null;
}

/** Rounded to 10 significant digits: what the user typed survives the round trip through per-unit storage. */
const tidy = (n: number) => Number(n.toPrecision(10));

export function saveEcbDays(db: Db, days: EcbDay[], fetchedAt: string): number {
  const insert = db.prepare(
    `INSERT INTO fx_rates (source, currency, day, per_eur, fetched_at, quote) VALUES ('ecb', ?, ?, ?, ?, 'EUR')
     ON CONFLICT (source, currency, day) DO UPDATE SET per_eur = excluded.per_eur, fetched_at = excluded.fetched_at`,
  );
  let n = 0;
  db.transaction(() => {
    for (const d of days) for (const r of d.rates) n += insert.run(r.currency, d.day, r.perEur, fetchedAt).changes;
  })();
  return n;
}

export function ecbExtent(db: Db): { first: string | null; last: string | null; fetchedAt: string | null } {
  const row = db
    .prepare(`SELECT min(day) AS first, max(day) AS last, max(fetched_at) AS fetchedAt FROM fx_rates WHERE source = 'ecb'`)
    .get() as { first: string | null; last: string | null; fetchedAt: string | null };
  return row;
}

export function listManualRates(db: Db, home: string): ManualRate[] {
  const rows = db
    .prepare(`SELECT currency, day, per_eur AS perHome FROM fx_rates WHERE source = 'manual' AND quote = ? ORDER BY currency, day`)
    .all(home) as { currency: string; day: string; perHome: number }[];
  return rows.map((r) => ({ currency: r.currency, day: r.day, homePerUnit: tidy(1 / r.perHome) }));
}

export function saveManualRate(db: Db, home: string, rate: ManualRate, at: string): void {
  db.prepare(
    `INSERT INTO fx_rates (source, currency, day, per_eur, fetched_at, quote) VALUES ('manual', ?, ?, ?, ?, ?)
     ON CONFLICT (source, currency, day) DO UPDATE SET per_eur = excluded.per_eur, fetched_at = excluded.fetched_at, quote = excluded.quote`,
  ).run(rate.currency, rate.day, 1 / rate.homePerUnit, at, home);
}

export function removeManualRate(db: Db, home: string, currency: string, day: string): boolean {
  return db.prepare(`DELETE FROM fx_rates WHERE source = 'manual' AND quote = ? AND currency = ? AND day = ?`).run(home, currency, day).changes > 0;
}

/** The last entry of `series` (sorted by day) on or before `day`. */
function onOrBefore<T extends { day: string }>(series: T[] | undefined, day: string): T | undefined {
  if (!series?.length) return undefined;
  let lo = 0;
  let hi = series.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series[mid].day <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found === -1 ? undefined : series[found];
}

export interface Converter {
  home: string;
  /** The rate for 1 unit of `currency` on `day`, or null when none is known on or before that day. */
  rate(currency: string, day: string): RateUsed | null;
}

/**
 * Rates for `currencies` in `home` on days up to `to`. A manual rate wins from its day on; otherwise the ECB
 * cross rate of the latest business day on or before the day (weekends and holidays have none).
 */
export function createConverter(db: Db, home: string, currencies: string[], to: string): Converter {
  const wanted = [...new Set([...currencies, home])].filter((c) => c !== 'EUR');
  const ecb = new Map<string, { day: string; perEur: number }[]>();
  const manual = new Map<string, { day: string; perHome: number }[]>();
  if (wanted.length) {
    const marks = wanted.map(() => '?').join(',');
    const rows = db
      .prepare(
        `SELECT source, currency, day, per_eur AS perUnit FROM fx_rates
         WHERE currency IN (${marks}) AND day <= ? AND (source = 'ecb' OR quote = ?) ORDER BY day`,
      )
      .all(...wanted, to, home) as { source: 'ecb' | 'manual'; currency: string; day: string; perUnit: number }[];
    for (const r of rows) {
      if (r.source === 'ecb') {
        const list = ecb.get(r.currency) ?? [];
        ecb.set(r.currency, list);
        list.push({ day: r.day, perEur: r.perUnit });
      } else {
        const list = manual.get(r.currency) ?? [];
        manual.set(r.currency, list);
        list.push({ day: r.day, perHome: r.perUnit });
      }
    }
  }
  const perEur = (currency: string, day: string) => (currency === 'EUR' ? { day: null, perEur: 1 } : onOrBefore(ecb.get(currency), day));
  return {
    home,
    rate(currency, day) {
      if (currency === home) return { homePerUnit: 1, rateDay: null, source: null };
      const m = onOrBefore(manual.get(currency), day);
      if (m) return { homePerUnit: 1 / m.perHome, rateDay: m.day, source: 'manual' };
      const c = perEur(currency, day);
      const h = perEur(home, day);
      if (!c || !h) return null;
      // the older of the two ECB days (they are the same day whenever the ECB published both)
      const days = [c.day, h.day].filter((d): d is string => d !== null).sort();
      return { homePerUnit: h.perEur / c.perEur, rateDay: days[0] ?? null, source: 'ecb' };
    },
  };
}

/** Minor units of `currency` in home minor units (both currencies' minor-unit exponents), rounded half away from zero. */
export function convertMinor(minor: number, homePerUnit: number, fromExponent: number, homeExponent: number): number {
  const value = (minor / 10 ** fromExponent) * homePerUnit * 10 ** homeExponent;
  return Math.sign(value) * Math.round(Math.abs(value));
}
