/**
 * Net worth in the home currency: balances now (every account: hidden ones too, closed ones at their last
 * balance, manual ones), and over time from balance snapshots, each day converted at that day's rates. A
 * currency without a rate is left out and named, never converted at an invented rate.
 */
import type { NetWorthHomeDTO, NetWorthSummaryDTO } from '../../../shared/dto';
import { currencyExponent } from '../../../shared/money';
import type { Db } from '../db/database';
import { GROUP_SQL } from '../reports/accounts';
import { convertMinor, createConverter, type RateUsed } from './rates';

const LIABILITY_SQL = `(${GROUP_SQL}) IN ('credit', 'loans')`;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-28" → "28 Nov 2026". */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export interface RatesContext {
  /** Set when the last refresh failed: the cached rates are then "offline" rates. */
  offline: boolean;
}

interface Totals {
  assets: number;
  liabilities: number;
}

function unconvertedSentence(unconverted: string[], scope: string): string {
  if (!unconverted.length) return '';
  const list = unconverted.join(', ');
  return (
    `No exchange rate for ${list}, so ${unconverted.length === 1 ? 'that currency is' : 'those currencies are'} left out ${scope}. ` +
    'Add a manual rate in Settings → Currency, or choose Update rates there when online.'
  );
}

function ratesSentence(ecbDays: string[], manual: Map<string, string>, offline: boolean, prefix: string): string {
  const parts: string[] = [];
  if (ecbDays.length) {
    const last = formatDay(ecbDays.sort()[ecbDays.length - 1]);
    parts.push(`${offline ? `offline: last rates from ${last}` : `${prefix} ${last}`} (ECB euro reference rates)`);
  }
  for (const [currency, day] of [...manual].sort()) parts.push(`manual rate for ${currency} since ${formatDay(day)}`);
  if (!parts.length) return '';
  const text = parts.join('; ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

export function netWorthSummary(db: Db, home: string, today: string, ctx: RatesContext): NetWorthSummaryDTO {
  const rows = db
    .prepare(
      `SELECT a.currency, ${LIABILITY_SQL} AS liability,
              sum(coalesce(a.balance_minor, (SELECT s.balance_minor FROM balance_snapshots s WHERE s.account_id = a.id
                                             ORDER BY s.date DESC LIMIT 1))) AS minor
       FROM accounts a GROUP BY a.currency, liability HAVING count(coalesce(a.balance_minor,
         (SELECT 1 FROM balance_snapshots s WHERE s.account_id = a.id LIMIT 1))) > 0
       ORDER BY a.currency`,
    )
    .all() as { currency: string; liability: number; minor: number | null }[];
  const byCurrency = new Map<string, Totals>();
  for (const r of rows) {
    const t = byCurrency.get(r.currency) ?? { assets: 0, liabilities: 0 };
    byCurrency.set(r.currency, t);
    if (r.liability) t.liabilities -= r.minor ?? 0;
    else t.assets += r.minor ?? 0;
  }
  const converter = createConverter(db, home, [...byCurrency.keys()], today);
  const homeExp = currencyExponent(home);
  const out: NetWorthSummaryDTO = { currency: home, assetsMinor: 0, liabilitiesMinor: 0, netMinor: 0, byCurrency: [], ratesNote: '', unconverted: [] };
  const ecbDays: string[] = [];
  const manual = new Map<string, string>();
  for (const [currency, t] of byCurrency) {
    const rate = converter.rate(currency, today);
    out.byCurrency.push({
      currency,
      assetsMinor: t.assets,
      liabilitiesMinor: t.liabilities,
      netMinor: t.assets - t.liabilities,
      homePerUnit: rate && rate.source ? rate.homePerUnit : null,
      rateDay: rate?.rateDay ?? null,
      rateSource: rate?.source ?? null,
    });
    if (!rate) {
      out.unconverted.push(currency);
      continue;
    }
    noteRate(rate, currency, ecbDays, manual);
    const exp = currencyExponent(currency);
    out.assetsMinor += convertMinor(t.assets, rate.homePerUnit, exp, homeExp);
    out.liabilitiesMinor += convertMinor(t.liabilities, rate.homePerUnit, exp, homeExp);
  }
  out.netMinor = out.assetsMinor - out.liabilitiesMinor;
  const rates = ratesSentence(ecbDays, manual, ctx.offline, 'Rates from');
  const noRates = !rates && !out.unconverted.length && byCurrency.size ? `All balances are in ${home}; no exchange rates needed.` : '';
  out.ratesNote = [rates || noRates, unconvertedSentence(out.unconverted, 'of the totals')].filter(Boolean).join(' ');
  return out;
}

function noteRate(rate: RateUsed, currency: string, ecbDays: string[], manual: Map<string, string>): void {
  if (rate.source === 'ecb' && rate.rateDay) ecbDays.push(rate.rateDay);
  if (rate.source === 'manual' && rate.rateDay) {
    const seen = manual.get(currency);
    if (!seen || rate.rateDay > seen) manual.set(currency, rate.rateDay);
  }
}

/** Net worth on each day (or each month's last day, and the range's last day) in `from..to`, clamped to the data and today. */
export function netWorthHome(
  db: Db,
  home: string,
  { from, to, granularity }: { from: string; to: string; granularity: 'day' | 'month' },
  today: string,
  ctx: RatesContext,
): NetWorthHomeDTO {
  const first = (db.prepare('SELECT min(date) AS d FROM balance_snapshots').get() as { d: string | null }).d;
  const start = first && first > from ? first : from;
  const end = to < today ? to : today;
  const out: NetWorthHomeDTO = { currency: home, points: [], ratesNote: '', unconverted: [] };
  if (!first || start > end) {
    out.ratesNote = first ? 'No balances in this period.' : 'No balances yet: link a bank or add an account to see your net worth.';
    return out;
  }
  const rows = db
    .prepare(
      `WITH RECURSIVE days(d) AS (SELECT date(@start) UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < date(@end)),
       points AS (SELECT d FROM days WHERE @granularity = 'day' OR d = date(d, 'start of month', '+1 month', '-1 day') OR d = date(@end)),
       balances AS (
         SELECT a.currency, ${LIABILITY_SQL} AS liability, p.d,
                (SELECT s.balance_minor FROM balance_snapshots s WHERE s.account_id = a.id AND s.date <= p.d
                 ORDER BY s.date DESC LIMIT 1) AS minor
         FROM points p CROSS JOIN accounts a)
       SELECT d AS date, currency, liability, sum(minor) AS minor FROM balances
       GROUP BY d, currency, liability HAVING count(minor) > 0 ORDER BY d, currency`,
    )
    .all({ start, end, granularity }) as { date: string; currency: string; liability: number; minor: number }[];
  const currencies = [...new Set(rows.map((r) => r.currency))];
  const converter = createConverter(db, home, currencies, end);
  const homeExp = currencyExponent(home);
  const unconverted = new Map<string, string>(); // currency → last day left out
  const ecbDays: string[] = [];
  const manual = new Map<string, string>();
  for (const r of rows) {
    let point = out.points[out.points.length - 1];
    if (point?.date !== r.date) {
      point = { date: r.date, assetsMinor: 0, liabilitiesMinor: 0, netMinor: 0 };
      out.points.push(point);
    }
    const rate = converter.rate(r.currency, r.date);
    if (!rate) {
      unconverted.set(r.currency, r.date);
      continue;
    }
    noteRate(rate, r.currency, ecbDays, manual);
    const minor = convertMinor(r.liability ? -r.minor : r.minor, rate.homePerUnit, currencyExponent(r.currency), homeExp);
    if (r.liability) point.liabilitiesMinor += minor;
    else point.assetsMinor += minor;
    point.netMinor = point.assetsMinor - point.liabilitiesMinor;
  }
  out.unconverted = [...unconverted.keys()].sort();
  const rates = ratesSentence(ecbDays, manual, ctx.offline, "Each day at that day's rates, latest from");
  const lastDay = out.points[out.points.length - 1]?.date;
  const allDays = out.unconverted.every((c) => unconverted.get(c) === lastDay);
  const gaps = unconvertedSentence(out.unconverted, allDays ? 'of the totals' : 'of the days it has no rate for');
  out.ratesNote = [rates || (out.points.length ? `All balances are in ${home}; no exchange rates needed.` : ''), gaps].filter(Boolean).join(' ');
  return out;
}
