/** What the Bills page shows: the series with their state as of today, this month's and next month's occurrences, totals. */
import type { RecurringOccurrenceDTO, RecurringOverviewDTO, RecurringSeriesDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { CADENCES, PER_YEAR, dayNumber, dayString } from './cadence';
import { isNewSeries, occurrencesBetween } from './detect';
import { SERIES_SELECT, type SeriesRecord } from './store';

/** 'missed' once the next day is more than the cadence's tolerance ago; 'ended' once the one after is too. */
export function stateOn(s: Pick<SeriesRecord, 'cadence' | 'nextDay'>, today: string): RecurringSeriesDTO['state'] {
  const spec = CADENCES[s.cadence];
  const late = dayNumber(today) - dayNumber(s.nextDay);
  return late > spec.days + spec.tolerance ? 'ended' : late > spec.tolerance ? 'missed' : 'active';
}

function monthEnd(day: string, monthsAhead: number): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m + monthsAhead, 0)).toISOString().slice(0, 10);
}

export function recurringOverview(db: Db, today: string): RecurringOverviewDTO {
  const rows = db
    .prepare(
      `SELECT s.*, coalesce(a.display_name, a.name) AS accountName, (SELECT count(*) FROM recurring_links l WHERE l.series_id = s.id) AS occurrences
       FROM (${SERIES_SELECT} WHERE status <> 'dismissed') s JOIN accounts a ON a.id = s.accountId`,
    )
    .all() as (SeriesRecord & { accountName: string; occurrences: number })[];
  const series: RecurringSeriesDTO[] = rows.map((s) => {
    const state = stateOn(s, today);
    return {
      id: String(s.id),
      status: s.status as 'suggested' | 'confirmed',
      name: s.name,
      accountId: s.accountId,
      accountName: s.accountName,
      currency: s.currency,
      direction: s.direction,
      cadence: s.cadence,
      expectedMinor: s.expectedMinor,
      variable: s.variable === 1,
      yearlyMinor: s.expectedMinor * PER_YEAR[s.cadence],
      firstDay: s.firstDay,
      lastDay: s.lastDay,
      nextDay: s.nextDay,
      state,
      isNew: isNewSeries(s.cadence, dayNumber(s.firstDay), dayNumber(today), state),
      priceRise: s.priceFromMinor !== null && s.priceToMinor !== null ? { fromMinor: s.priceFromMinor, toMinor: s.priceToMinor } : null,
      occurrences: s.occurrences,
    };
  });
  series.sort((a, b) => Number(a.status === 'confirmed') - Number(b.status === 'confirmed') || (a.nextDay < b.nextDay ? -1 : a.nextDay > b.nextDay ? 1 : 0) || a.name.localeCompare(b.name));

  const monthStart = `${today.slice(0, 7)}-01`;
  const horizon = monthEnd(today, 1);
  const occurrences: RecurringOccurrenceDTO[] = [];
  const paid = db
    .prepare(
      `SELECT l.series_id AS seriesId, t.booking_date AS day, t.amount_minor AS amountMinor FROM recurring_links l JOIN transactions t ON t.id = l.tx_id
       WHERE t.booking_date BETWEEN ? AND ?`,
    )
    .all(monthStart, today) as { seriesId: number; day: string; amountMinor: number }[];
  const byId = new Map(series.map((s) => [s.id, s]));
  for (const p of paid) {
    const s = byId.get(String(p.seriesId));
    if (s) occurrences.push({ seriesId: s.id, name: s.name, day: p.day, amountMinor: Math.abs(p.amountMinor), currency: s.currency, direction: s.direction, paid: true, suggested: s.status === 'suggested' });
  }
  for (const s of series) {
    if (s.state === 'ended') continue;
    // a missed occurrence is not projected again: the next one after it is expected
    const from = s.state === 'missed' ? dayString(dayNumber(today) + 1) : today;
    for (const day of occurrencesBetween(s.cadence, s.nextDay, from, horizon)) {
      occurrences.push({ seriesId: s.id, name: s.name, day, amountMinor: s.expectedMinor, currency: s.currency, direction: s.direction, paid: false, suggested: s.status === 'suggested' });
    }
  }
  occurrences.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.name.localeCompare(b.name)));

  const totals = new Map<string, RecurringOverviewDTO['monthTotals'][number]>();
  for (const o of occurrences) {
    const month = o.day.slice(0, 7);
    const key = `${month} ${o.currency}`;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { month, currency: o.currency, billsMinor: 0, incomeMinor: 0 }));
    if (o.direction === 'out') t.billsMinor += o.amountMinor;
    else t.incomeMinor += o.amountMinor;
  }
  const monthTotals = [...totals.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.currency.localeCompare(b.currency)));
  return { today, series, occurrences, monthTotals };
}
