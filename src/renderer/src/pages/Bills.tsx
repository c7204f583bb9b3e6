/**
 * Bills: recurring bills, subscriptions and income found in the history. Suggestions to confirm, edit or dismiss;
 * what is due in the next 30 days as a list and as a month calendar; totals per month; the yearly cost of each
 * subscription; income apart. Every series opens its transactions.
 */
import { useState } from 'react';
import '../styles/bills.css';
import type { RecurringOverviewDTO, RecurringSeriesDTO } from '../../../shared/dto';
import { recurringSeriesFilter } from '../../../shared/drill-down';
import { useApi, useQuery } from '../api/context';
import { Card, EmptyState, ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { Money } from '../components/Money';
import { formatDay, formatMonth } from '../lib/dates';
import { openDrillDown } from '../lib/drill-route';
import { formatMoney, totalsByCurrency } from '../lib/money';
import { useAction } from '../lib/use-action';
import { BillsCalendar } from './BillsCalendar';
import { CADENCE_LABELS, EditSeriesDialog } from './EditSeriesDialog';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function openSeries(s: RecurringSeriesDTO) {
  openDrillDown({ filter: recurringSeriesFilter(s.id), label: `${s.name}: every payment`, back: 'bills' });
}

/** The series' flags as text badges: they say what happened, never only a colour. */
export function SeriesBadges({ s }: { s: RecurringSeriesDTO }) {
  return (
    <>
      {s.status === 'suggested' && <span className="badge badge-info">Suggested</span>}
      {s.priceRise && (
        <span className="badge badge-warn">
          Price rise from {formatMoney(s.priceRise.fromMinor, s.currency)} to {formatMoney(s.priceRise.toMinor, s.currency)}
        </span>
      )}
      {s.state === 'missed' && <span className="badge badge-danger">Missed: was due {formatDay(s.nextDay)}</span>}
      {s.state === 'ended' && <span className="badge badge-muted">Cancelled: last paid {formatDay(s.lastDay)}</span>}
      {s.isNew && <span className="badge badge-info">New</span>}
      {s.variable && <span className="badge badge-muted">Amount varies</span>}
    </>
  );
}

function SeriesName({ s }: { s: RecurringSeriesDTO }) {
  return (
    <button type="button" className="link-button" onClick={() => openSeries(s)} aria-label={`${s.name}: show its ${s.occurrences} transactions`}>
      {s.name}
    </button>
  );
}

function Suggestions({ series, onEdit }: { series: RecurringSeriesDTO[]; onEdit: (s: RecurringSeriesDTO) => void }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  if (series.length === 0) return null;
  return (
    <Card title="Suggestions">
      <p className="muted">
        MyBucks found these in your history. Confirm the ones that are real: confirmed bills are remembered and new payments attach to them after
        each sync. A dismissed suggestion is not suggested again.
      </p>
      <ul className="series-list">
        {series.map((s) => (
          <li key={s.id} className="series-row">
            <div className="series-main">
              <SeriesName s={s} />
              <span className="muted">
                {' '}
                · {CADENCE_LABELS[s.cadence]} · {s.accountName}
              </span>
              <div>
                <SeriesBadges s={s} />
              </div>
            </div>
            <Money minor={s.direction === 'in' ? s.expectedMinor : -s.expectedMinor} currency={s.currency} />
            <div className="row series-actions">
              <button
                type="button"
                className="btn primary"
                disabled={busy}
                onClick={() => void run(() => api.confirmRecurring({ seriesId: s.id }), (m) => `${s.name} was not confirmed: ${m}`)}
              >
                Confirm<span className="visually-hidden"> {s.name}</span>
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => onEdit(s)}>
                Edit<span className="visually-hidden"> {s.name}</span>
              </button>
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() => void run(() => api.dismissRecurring({ seriesId: s.id }), (m) => `${s.name} was not dismissed: ${m}`)}
              >
                Dismiss<span className="visually-hidden"> {s.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </Card>
  );
}

function Upcoming({ data }: { data: RecurringOverviewDTO }) {
  const until = addDays(data.today, 30);
  const upcoming = data.occurrences.filter((o) => !o.paid && o.day >= data.today && o.day <= until);
  return (
    <Card title="Due in the next 30 days">
      {upcoming.length === 0 ? (
        <p className="muted">Nothing is expected before {formatDay(until)}.</p>
      ) : (
        <ul className="upcoming-list">
          {upcoming.map((o) => (
            <li key={`${o.seriesId}-${o.day}`}>
              <span className="upcoming-day">{formatDay(o.day)}</span>
              <span className="upcoming-name">
                {o.name}
                {o.suggested && <span className="badge badge-info">Suggested</span>}
                {o.direction === 'in' && <span className="badge badge-muted">Income</span>}
              </span>
              <Money minor={o.direction === 'in' ? o.amountMinor : -o.amountMinor} currency={o.currency} />
            </li>
          ))}
        </ul>
      )}
      <h3 className="small-heading">Totals per month</h3>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="num">
              Bills out
            </th>
            <th scope="col" className="num">
              Income in
            </th>
          </tr>
        </thead>
        <tbody>
          {data.monthTotals.map((t) => (
            <tr key={`${t.month}-${t.currency}`}>
              <th scope="row">
                {formatMonth(t.month)} <span className="muted">{t.currency}</span>
              </th>
              <td className="num">
                <Money minor={-t.billsMinor} currency={t.currency} />
              </td>
              <td className="num">
                <Money minor={t.incomeMinor} currency={t.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Paid and expected payments of confirmed and suggested series; cancelled ones are left out.</p>
    </Card>
  );
}

function SeriesTable({ title, series, yearly, onEdit }: { title: string; series: RecurringSeriesDTO[]; yearly: boolean; onEdit: (s: RecurringSeriesDTO) => void }) {
  const running = series.filter((s) => s.state !== 'ended');
  const totals = totalsByCurrency(running.map((s) => ({ currency: s.currency, minor: s.yearlyMinor })));
  return (
    <Card title={title}>
      {series.length === 0 ? (
        <p className="muted">None confirmed yet. Confirm a suggestion above and it appears here.</p>
      ) : (
        <table className="data-table series-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">How often</th>
              <th scope="col" className="num">
                Each time
              </th>
              {yearly && (
                <th scope="col" className="num">
                  Per year
                </th>
              )}
              <th scope="col">Next</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.id} className={s.state === 'ended' ? 'series-ended' : undefined}>
                <td>
                  <SeriesName s={s} />
                  <div className="muted small">{s.accountName}</div>
                  <SeriesBadges s={s} />
                </td>
                <td>{CADENCE_LABELS[s.cadence]}</td>
                <td className="num">
                  <Money minor={s.direction === 'in' ? s.expectedMinor : -s.expectedMinor} currency={s.currency} />
                </td>
                {yearly && (
                  <td className="num">
                    {s.state === 'ended' ? <span className="muted">—</span> : <Money minor={-s.yearlyMinor} currency={s.currency} testId={`yearly-${s.id}`} />}
                  </td>
                )}
                <td>{s.state === 'ended' ? <span className="muted">Not expected</span> : formatDay(s.nextDay)}</td>
                <td>
                  <button type="button" className="btn" onClick={() => onEdit(s)}>
                    Edit<span className="visually-hidden"> {s.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
          {yearly && totals.length > 0 && (
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  A year of what is still running
                </th>
                <td className="num">
                  {totals.map((t, i) => (
                    <span key={t.currency}>
                      {i > 0 && ' · '}
                      <Money minor={-t.minor} currency={t.currency} testId={`yearly-total-${t.currency}`} />
                    </span>
                  ))}
                </td>
                <td colSpan={2} />
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </Card>
  );
}

export function Bills() {
  const q = useQuery((api) => api.recurringOverview(), 'recurring', { reloadOn: ['data-changed'] });
  const [editing, setEditing] = useState<RecurringSeriesDTO | null>(null);
  if (q.error && !q.data) return <ErrorMessage title="MyBucks could not load your bills" message={q.error} onRetry={q.reload} />;
  if (!q.data) return <Skeleton height={480} label="Loading your bills" />;
  const data = q.data;
  const suggestions = data.series.filter((s) => s.status === 'suggested');
  const confirmed = data.series.filter((s) => s.status === 'confirmed');
  return (
    <div className="page bills-page">
      <h1>Bills and subscriptions</h1>
      {data.series.length === 0 ? (
        <EmptyState title="No recurring bills found yet">
          <p>MyBucks looks for payments that repeat (rent, energy, a phone, streaming, a salary) after each sync. Link a bank or sync again to find them.</p>
        </EmptyState>
      ) : (
        <>
          <Suggestions series={suggestions} onEdit={setEditing} />
          <div className="bills-grid">
            <Upcoming data={data} />
            <BillsCalendar today={data.today} occurrences={data.occurrences} />
          </div>
          <SeriesTable title="Subscriptions" series={confirmed.filter((s) => s.direction === 'out')} yearly onEdit={setEditing} />
          <SeriesTable title="Income" series={confirmed.filter((s) => s.direction === 'in')} yearly={false} onEdit={setEditing} />
        </>
      )}
      {editing && <EditSeriesDialog series={editing} onClose={() => setEditing(null)} onSaved={() => setEditing(null)} />}
    </div>
  );
}
