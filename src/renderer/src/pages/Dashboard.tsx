import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppEvent } from '../../../shared/contract';
import {
  flowFilter,
  incomeExpenseFilter,
  merchantFilter,
  netWorthDayFilter,
  pendingSpendingFilter,
  spendingFilter,
  trendBarFilter,
  type DrillFilter,
} from '../../../shared/drill-down';
import { previousPeriod } from '../../../shared/periods';
import { CashFlowSankey, type FlowNode } from '../charts/CashFlowSankey';
import { IncomeExpenseChart } from '../charts/IncomeExpenseChart';
import { NetWorthChart, type NetWorthPoint } from '../charts/NetWorthChart';
import { SpendingDonut, type Slice } from '../charts/SpendingDonut';
import { SpendingTrendChart, trendRows } from '../charts/SpendingTrendChart';
import { Card, EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { Money } from '../components/Money';
import { ConnectionAlerts } from '../components/ConnectionAlerts';
import { RangeControl } from '../components/RangeControl';
import { navigate } from '../lib/router';
import { openDrillDown } from '../lib/drill-route';
import { useQuery, type QueryState } from '../api/context';
import type { BankBalancesDTO, CurrencySettingsDTO } from '../../../shared/dto';
import { daysBetween, formatDay, formatMonth, presetRange, type DateRange } from '../lib/dates';
import { formatMoney, totalsByCurrency } from '../lib/money';
import { topCategories, trendGroups, versus } from './dashboard-data';
import { BudgetCard } from './BudgetCard';

const RELOAD: AppEvent['type'][] = ['data-changed', 'connections-changed'];
/** The dashboard's range and chart currency survive a drill-down and "Back". */
const SESSION_KEY = 'mybucks.dashboard';

function rangeKey(r: DateRange) {
  return `${r.from}..${r.to}`;
}

function describeRange(r: DateRange): string {
  return r.from === r.to ? formatDay(r.from) : `${formatDay(r.from)} – ${formatDay(r.to)}`;
}

/** How the period before is named next to a figure ("vs last month"); null for "All" (nothing before it). */
function previousName(r: DateRange): string | null {
  if (r.preset === 'all') return null;
  if (r.preset === 'month') return 'last month';
  if (r.preset === '3m') return 'the 3 months before';
  if (r.preset === '12m') return 'the 12 months before';
  const p = previousPeriod(r);
  return `${formatDay(p.from)} – ${formatDay(p.to)}`;
}

/** The view (range, chosen currency) as it is now: kept across a drill-down so "Back" finds it again. */
let currentView: SavedView = {};

function drill(filter: DrillFilter, label: string) {
  try {
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(currentView));
  } catch {
    // private mode: Back shows the default view
  }
  openDrillDown({ filter, label, back: 'dashboard' });
}

/** "up 12% vs last month" beside a figure (more spending is not good news: the colour says so). */
function Versus({ current, previous, name, spending }: { current: number; previous: number; name: string | null; spending: boolean }) {
  if (!name) return null;
  const v = versus(current, previous, name);
  if (!v) return null;
  const good = v.direction === 'same' ? null : (v.direction === 'down') === spending;
  return <span className={`versus ${good === null ? '' : good ? 'good' : 'bad'}`}>{v.text}</span>;
}

/** A figure that opens the transactions behind it. */
function DrillButton({ onClick, label, children }: { onClick: () => void; label: string; children: ReactNode }) {
  return (
    <button type="button" className="drill" onClick={onClick} aria-label={label} title={label}>
      {children}
    </button>
  );
}

type BalancesQuery = QueryState<BankBalancesDTO[]>;

function TotalsCard({ q }: { q: BalancesQuery }) {
  const totals = useMemo(() => totalsByCurrency((q.data ?? []).flatMap((b) => b.totals)), [q.data]);
  return (
    <Card title="Net total" className="span-all">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load your balances" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={48} label="Loading totals" />
      ) : totals.length === 0 ? (
        <EmptyState title="No balances yet">Link a bank to see your money here.</EmptyState>
      ) : (
        <ul className="totals" aria-label="Net total by currency">
          {totals.map((t) => (
            <li key={t.currency}>
              <span className="total-currency">{t.currency}</span>
              <Money minor={t.minor} currency={t.currency} className="big" testId={`total-${t.currency}`} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Net worth in the home currency: net, assets, liabilities, the rates used; each currency one click away. */
function HomeNetWorthCard({ home }: { home: string }) {
  const q = useQuery((api) => api.netWorthSummary(), `summary|${home}`, { reloadOn: RELOAD });
  const s = q.data;
  return (
    <Card title="Net worth" className="span-all">
      {q.error && !s ? (
        <ErrorMessage title="Could not work out your net worth" message={q.error} onRetry={q.reload} />
      ) : !s ? (
        <Skeleton height={48} label="Loading net worth" />
      ) : (
        <>
          <dl className="figures net-worth-figures">
            <div>
              <dt>Net worth</dt>
              <dd>
                <Money minor={s.netMinor} currency={s.currency} className="big" testId="net-worth-home" />
              </dd>
            </div>
            <div>
              <dt>Assets</dt>
              <dd>
                <Money minor={s.assetsMinor} currency={s.currency} testId="assets-home" />
              </dd>
            </div>
            <div>
              <dt>Liabilities</dt>
              <dd>
                <Money minor={s.liabilitiesMinor} currency={s.currency} testId="liabilities-home" />
              </dd>
            </div>
          </dl>
          {s.ratesNote && <p className="muted small">{s.ratesNote}</p>}
          {s.unconverted.length > 0 && (
            <p className="warning" role="status">
              Not included: accounts in {s.unconverted.join(', ')}, because MyBucks has no exchange rate to {s.currency} for{' '}
              {s.unconverted.length === 1 ? 'it' : 'them'}. Add a rate in Settings → Currency to count {s.unconverted.length === 1 ? 'it' : 'them'}.
            </p>
          )}
          {s.byCurrency.length > 0 && (
            <details className="table-details">
              <summary>Per currency</summary>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Currency</th>
                    <th scope="col">Net</th>
                    <th scope="col">Assets</th>
                    <th scope="col">Liabilities</th>
                    <th scope="col">Rate</th>
                  </tr>
                </thead>
                <tbody>
                  {s.byCurrency.map((c) => (
                    <tr key={c.currency}>
                      <th scope="row">{c.currency}</th>
                      <td>
                        <Money minor={c.netMinor} currency={c.currency} testId={`net-${c.currency}-own`} />
                      </td>
                      <td>
                        <Money minor={c.assetsMinor} currency={c.currency} />
                      </td>
                      <td>
                        <Money minor={c.liabilitiesMinor} currency={c.currency} />
                      </td>
                      <td className="muted">
                        {c.homePerUnit === null
                          ? c.currency === s.currency
                            ? 'home currency'
                            : 'no rate'
                          : `1 ${c.currency} = ${c.homePerUnit.toLocaleString(undefined, { maximumFractionDigits: 6 })} ${s.currency}${c.rateDay ? ` (${formatDay(c.rateDay)}${c.rateSource === 'manual' ? ', your rate' : ', ECB'})` : ''}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </>
      )}
    </Card>
  );
}

/** Rows of the net-worth table: every point of a short series, else each month's last point. */
export function netWorthRows(points: NetWorthPoint[]): NetWorthPoint[] {
  if (points.length <= 62) return points;
  return points.filter((p, i) => i === points.length - 1 || points[i + 1].date.slice(0, 7) !== p.date.slice(0, 7));
}

/** The chart's points for the keyboard and screen readers; each day opens its transactions like a click on the chart. */
function NetWorthTable({ series, onOpen }: { series: { currency: string; points: NetWorthPoint[] }; onOpen: (date: string) => void }) {
  const rows = netWorthRows(series.points);
  const withParts = rows.some((p) => p.assetsMinor !== undefined);
  return (
    <details className="table-details">
      <summary>Show as a table{rows.length < series.points.length ? ' (the last day of each month)' : ''}</summary>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Net worth</th>
            {withParts && <th scope="col">Assets</th>}
            {withParts && <th scope="col">Liabilities</th>}
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((p) => (
            <tr key={p.date}>
              <th scope="row">
                <DrillButton onClick={() => onOpen(p.date)} label={`Show the transactions booked on ${formatDay(p.date)}`}>
                  {formatDay(p.date)}
                </DrillButton>
              </th>
              <td>{formatMoney(p.minor, series.currency)}</td>
              {withParts && <td>{p.assetsMinor === undefined ? '—' : formatMoney(p.assetsMinor, series.currency)}</td>}
              {withParts && <td>{p.liabilitiesMinor === undefined ? '—' : formatMoney(Math.abs(p.liabilitiesMinor), series.currency)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function NetWorthCard({ range, currency, home }: { range: DateRange; currency: string | null; home: string | null }) {
  const granularity = daysBetween(range.from, range.to) > 400 ? 'month' : 'day';
  const key = `${rangeKey(range)}|${granularity}|${home ?? ''}`;
  const q = useQuery(
    async (api): Promise<{ series: { currency: string; points: NetWorthPoint[] } | null; note: string | null }> => {
      if (home) {
        const h = await api.netWorthHome({ from: range.from, to: range.to, granularity });
        const points = h.points.map((p) => ({ date: p.date, minor: p.netMinor, assetsMinor: p.assetsMinor, liabilitiesMinor: p.liabilitiesMinor }));
        const left = h.unconverted.length ? ` Not included (no exchange rate): ${h.unconverted.join(', ')}.` : '';
        return { series: { currency: h.currency, points }, note: `${h.ratesNote}${left}`.trim() || null };
      }
      const all = await api.netWorth({ from: range.from, to: range.to, granularity });
      return { series: all.find((s) => s.currency === currency) ?? all[0] ?? null, note: null };
    },
    `${key}|${currency ?? ''}`,
    { reloadOn: RELOAD },
  );
  const series = q.data?.series ?? null;
  const open = (date: string) =>
    drill(
      netWorthDayFilter(date, home ? null : (series?.currency ?? null)),
      home
        ? `Transactions booked on ${formatDay(date)} in all accounts (what moved your net worth that day)`
        : `Transactions booked on ${formatDay(date)} in ${series?.currency} accounts (what moved your ${series?.currency} net worth that day)`,
    );
  return (
    <Card title={home ? `Net worth over time in ${home}` : 'Net worth over time'} className="span-2">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load net worth" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading net worth" />
      ) : !series || series.points.length === 0 ? (
        <EmptyState title="No balance history in this period">Balances appear here from the first day MyBucks has one.</EmptyState>
      ) : (
        <>
          <NetWorthChart series={series} onOpen={open} />
          <p className="muted small">
            Select a day on the chart, or in the table, to see the transactions booked that day.
            {q.data.note ? ` ${q.data.note}` : ''}
          </p>
          <NetWorthTable series={series} onOpen={open} />
        </>
      )}
    </Card>
  );
}

function BalancesCard({ q }: { q: BalancesQuery }) {
  return (
    <Card title="Balances by bank">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load balances" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading balances" />
      ) : q.data.length === 0 ? (
        <EmptyState title="No accounts yet" />
      ) : (
        <div className="bank-balances">
          {q.data.map((bank) => (
            <div key={bank.providerId} className="bank-block">
              <h3>
                <span className="dot" style={{ background: bank.color }} aria-hidden="true" />
                {bank.providerName}
                <span className="bank-total">
                  {bank.totals.map((t) => (
                    <Money key={t.currency} minor={t.minor} currency={t.currency} />
                  ))}
                </span>
              </h3>
              <ul className="plain-list">
                {bank.accounts.map((a) => (
                  <li key={a.id}>
                    <span>
                      {a.displayName ?? a.name}
                      {a.mask && <span className="muted"> ··{a.mask}</span>}
                    </span>
                    {a.balanceMinor === null ? <span className="muted">—</span> : <Money minor={a.balanceMinor} currency={a.currency} testId={`balance-${a.id}`} />}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

function SpendingCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.spendingByCategory({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const cur = currency ?? q.data?.[0]?.currency ?? null;
  const slices = useMemo(() => (q.data && cur ? topCategories(q.data, cur) : []), [q.data, cur]);
  const pending = q.data?.find((s) => s.currency === cur)?.pendingMinor ?? 0;
  const total = slices.reduce((n, s) => n + s.minor, 0);
  const previous = slices.reduce((n, s) => n + s.previousMinor, 0);
  const before = previousName(range);
  const openSlice = (s: Slice) =>
    cur && drill(spendingFilter(s.keys, range, cur), `${s.name}: spending in ${cur}, ${describeRange(range)} (booked, transfers left out)`);
  return (
    <Card title="Spending by category">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load spending" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading spending" />
      ) : (slices.length === 0 && pending === 0) || !cur ? (
        <EmptyState title="No spending in this period" />
      ) : (
        <>
          <p className="figure-line">
            <DrillButton
              onClick={() => drill(spendingFilter(slices.flatMap((s) => s.keys), range, cur), `All spending in ${cur}, ${describeRange(range)} (booked, transfers left out)`)}
              label={`Show the transactions behind ${formatMoney(total, cur)} of spending`}
            >
              <Money minor={total} currency={cur} className="big" testId={`spending-${cur}`} />
            </DrillButton>{' '}
            <Versus current={total} previous={previous} name={before} spending />
          </p>
          {pending > 0 && (
            <p className="muted small" data-testid={`pending-${cur}`}>
              <DrillButton
                onClick={() => drill(pendingSpendingFilter(range, cur), `Pending spending in ${cur}, ${describeRange(range)}`)}
                label={`Show the pending transactions: ${formatMoney(pending, cur)}`}
              >
                plus {formatMoney(pending, cur)} pending
              </DrillButton>{' '}
              (not counted until the bank books it)
            </p>
          )}
          {slices.length > 0 && (
            <div className="donut-with-list">
              <SpendingDonut slices={slices} currency={cur} onOpen={openSlice} />
              <ul className="plain-list" aria-label="Spending by category">
                {slices.map((s) => (
                  <li key={s.key}>
                    <DrillButton onClick={() => openSlice(s)} label={`Show the transactions behind ${s.name}: ${formatMoney(s.minor, cur)}`}>
                      <span className="dot" style={{ background: s.color }} aria-hidden="true" />
                      {s.name}
                    </DrillButton>
                    <span className="figure-with-versus">
                      <Money minor={s.minor} currency={cur} />
                      <Versus current={s.minor} previous={s.previousMinor} name={before} spending />
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function TrendCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.spendingTrend({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const cats = useQuery((api) => api.listCategories(), 'categories');
  const colors = useMemo(() => new Map((cats.data ?? []).map((c) => [c.id, c.color])), [cats.data]);
  const cur = currency ?? q.data?.[0]?.currency ?? null;
  const groups = useMemo(() => (q.data && cur ? trendGroups(q.data, cur, colors) : []), [q.data, cur, colors]);
  // the table's figures in minor units, grouped exactly as the chart's bars
  const rows = useMemo(() => (q.data && cur ? trendRows(q.data, cur, groups, false) : []), [q.data, cur, groups]);
  const open = (g: Slice, month: string) =>
    cur && drill(trendBarFilter(g.keys, month, range, cur), `${g.name}: spending in ${cur}, ${formatMonth(month)} (booked, transfers left out)`);
  return (
    <Card title="Spending trend by month" className="span-2">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load the spending trend" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={240} label="Loading spending trend" />
      ) : !cur || !q.data.some((p) => p.currency === cur) ? (
        <EmptyState title="No spending in this period" />
      ) : (
        <>
          <SpendingTrendChart points={q.data} currency={cur} groups={groups} onOpen={open} />
          <details className="table-details">
            <summary>Show as a table</summary>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  {groups.map((g) => (
                    <th scope="col" key={g.key}>
                      {g.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={String(r.month)}>
                    <th scope="row">{formatMonth(String(r.month))}</th>
                    {groups.map((g) => {
                      const minor = Number(r[g.key] ?? 0);
                      return (
                        <td key={g.key}>
                          {r[g.key] === undefined ? (
                            <span className="muted">—</span>
                          ) : (
                            <DrillButton onClick={() => open(g, String(r.month))} label={`Show ${g.name} in ${formatMonth(String(r.month))}`}>
                              {formatMoney(minor, cur)}
                            </DrillButton>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Card>
  );
}

function IncomeExpenseCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.incomeVsExpenses({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const flow = useQuery((api) => api.cashFlow({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const cur = currency ?? q.data?.[0]?.currency ?? null;
  const rows = useMemo(() => (q.data ?? []).filter((p) => p.currency === cur), [q.data, cur]);
  const income = rows.reduce((s, p) => s + Math.abs(p.incomeMinor), 0);
  const expenses = rows.reduce((s, p) => s + Math.abs(p.expensesMinor), 0);
  const prev = flow.data?.find((f) => f.currency === cur)?.previous ?? null;
  const before = prev ? previousName(range) : null;
  const openMonth = (direction: 'in' | 'out', month: string) =>
    cur &&
    drill(
      incomeExpenseFilter(direction, month, range, cur),
      `${direction === 'in' ? 'Income' : 'Expenses'} in ${cur}, ${formatMonth(month)} (booked, transfers left out)`,
    );
  return (
    <Card title="Income vs expenses" className="span-2">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load income and expenses" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={290} label="Loading income and expenses" />
      ) : !cur || rows.length === 0 ? (
        <EmptyState title="No income or expenses in this period" />
      ) : (
        <>
          <dl className="figures">
            <div>
              <dt>Income</dt>
              <dd>
                <DrillButton
                  onClick={() => drill(flowFilter('in', range, cur), `Income in ${cur}, ${describeRange(range)} (booked, transfers left out)`)}
                  label={`Show the transactions behind ${formatMoney(income, cur)} of income`}
                >
                  <Money minor={income} currency={cur} testId={`income-${cur}`} />
                </DrillButton>
                {prev && <Versus current={income} previous={prev.incomeMinor} name={before} spending={false} />}
              </dd>
            </div>
            <div>
              <dt>Expenses</dt>
              <dd>
                <DrillButton
                  onClick={() => drill(flowFilter('out', range, cur), `Expenses in ${cur}, ${describeRange(range)} (booked, transfers left out)`)}
                  label={`Show the transactions behind ${formatMoney(expenses, cur)} of expenses`}
                >
                  <Money minor={expenses} currency={cur} testId={`expenses-${cur}`} />
                </DrillButton>
                {prev && <Versus current={expenses} previous={prev.expensesMinor} name={before} spending />}
              </dd>
            </div>
            <div>
              <dt>Net</dt>
              <dd>
                <DrillButton
                  onClick={() => drill(flowFilter(null, range, cur), `Income and expenses in ${cur}, ${describeRange(range)} (booked, transfers left out)`)}
                  label={`Show the transactions behind the net ${formatMoney(income - expenses, cur)}`}
                >
                  <Money minor={income - expenses} currency={cur} testId={`net-${cur}`} />
                </DrillButton>
              </dd>
            </div>
          </dl>
          <IncomeExpenseChart points={rows} currency={cur} onOpen={openMonth} />
          <details className="table-details">
            <summary>Show as a table</summary>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Income</th>
                  <th scope="col">Expenses</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.month}>
                    <td>{formatMonth(p.month)}</td>
                    <td>
                      <DrillButton onClick={() => openMonth('in', p.month)} label={`Show income in ${formatMonth(p.month)}`}>
                        <Money minor={Math.abs(p.incomeMinor)} currency={cur} />
                      </DrillButton>
                    </td>
                    <td>
                      <DrillButton onClick={() => openMonth('out', p.month)} label={`Show expenses in ${formatMonth(p.month)}`}>
                        <Money minor={Math.abs(p.expensesMinor)} currency={cur} />
                      </DrillButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Card>
  );
}

function CashFlowCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.cashFlow({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const flow = q.data?.find((f) => f.currency === currency) ?? (currency ? undefined : q.data?.[0]);
  const before = previousName(range);
  const open = (node: FlowNode) => {
    if (!flow) return;
    const cur = flow.currency;
    const when = describeRange(range);
    switch (node.kind) {
      case 'income-category':
        return drill(flowFilter('in', range, cur, [node.categoryId]), `${node.name}: income in ${cur}, ${when} (booked, transfers left out)`);
      case 'income':
        return drill(flowFilter('in', range, cur), `Income in ${cur}, ${when} (booked, transfers left out)`);
      case 'spending-category':
        return drill(flowFilter('out', range, cur, [node.categoryId]), `${node.name}: spending in ${cur}, ${when} (booked, transfers left out)`);
      case 'saved':
      case 'from-savings':
        return drill(flowFilter(null, range, cur), `Income and spending in ${cur}, ${when}: they add up to what was ${node.kind === 'saved' ? 'saved' : 'taken from savings'}`);
    }
  };
  const rate = flow?.savingsRate ?? null;
  const prevRate = flow && flow.previous.incomeMinor > 0 ? (flow.previous.incomeMinor - flow.previous.expensesMinor) / flow.previous.incomeMinor : null;
  return (
    <Card title="Cash flow" className="span-all">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load the cash flow" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={240} label="Loading cash flow" />
      ) : !flow ? (
        <EmptyState title="No income or spending in this period" />
      ) : (
        <>
          <p className="figure-line" data-testid={`savings-rate-${flow.currency}`}>
            {flow.savedMinor >= 0 ? 'Saved ' : 'Spent more than came in by '}
            <strong>{formatMoney(Math.abs(flow.savedMinor), flow.currency)}</strong>
            {rate !== null && (
              <>
                {' '}
                — a savings rate of <strong>{Math.round(rate * 100)}%</strong> of income
                {prevRate !== null && before && <span className="muted"> ({Math.round(prevRate * 100)}% {before})</span>}
              </>
            )}
            {rate === null && ' — no income in this period'}
          </p>
          <CashFlowSankey flow={flow} onOpen={open} />
          <details className="table-details">
            <summary>Show as a list</summary>
            <div className="flow-lists">
              <ul className="plain-list" aria-label="Money in">
                {flow.income.map((i) => (
                  <li key={i.categoryId ?? 'uncategorised'}>
                    <DrillButton onClick={() => open({ kind: 'income-category', ...i })} label={`Show ${i.name} income`}>
                      {i.name}
                    </DrillButton>
                    <Money minor={i.minor} currency={flow.currency} />
                  </li>
                ))}
              </ul>
              <ul className="plain-list" aria-label="Money out">
                {flow.spending.map((s) => (
                  <li key={s.categoryId ?? 'uncategorised'}>
                    <DrillButton onClick={() => open({ kind: 'spending-category', ...s })} label={`Show ${s.name} spending`}>
                      {s.name}
                    </DrillButton>
                    <Money minor={s.minor} currency={flow.currency} />
                  </li>
                ))}
              </ul>
            </div>
          </details>
        </>
      )}
    </Card>
  );
}

function MerchantsCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.topMerchants({ from: range.from, to: range.to, limit: 8 }), rangeKey(range), { reloadOn: RELOAD });
  const rows = (q.data ?? []).filter((m) => !currency || m.currency === currency);
  return (
    <Card title="Top merchants">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load merchants" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading merchants" />
      ) : rows.length === 0 ? (
        <EmptyState title="No merchants in this period" />
      ) : (
        <ol className="plain-list" aria-label="Top merchants">
          {rows.map((m) => (
            <li key={`${m.merchant}|${m.currency}`}>
              <DrillButton
                onClick={() => drill(merchantFilter(m.merchant, range, m.currency), `${m.merchant}: spending in ${m.currency}, ${describeRange(range)} (booked, transfers left out)`)}
                label={`Show the ${m.count} transactions at ${m.merchant}`}
              >
                {m.merchant} <span className="muted">({m.count})</span>
              </DrillButton>
              <Money minor={Math.abs(m.minor)} currency={m.currency} />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function RecentCard() {
  const q = useQuery((api) => api.listTransactions({ limit: 8, sort: 'date_desc' }), 'recent', { reloadOn: RELOAD });
  return (
    <Card title="Recent transactions" className="span-all" actions={<a href="#/transactions">Open the full list</a>}>
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load transactions" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading recent transactions" />
      ) : q.data.rows.length === 0 ? (
        <EmptyState title="No transactions yet" />
      ) : (
        <ul className="plain-list" aria-label="Recent transactions">
          {q.data.rows.map((t) => (
            <li key={t.id}>
              <span>
                {t.merchant ?? t.description}
                <span className="muted small"> {formatDay(t.bookingDate)}</span>
              </span>
              <Money minor={t.amountMinor} currency={t.currency} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

interface SavedView {
  range?: DateRange;
  currency?: string;
}

/** The view saved by the last drill-down, once (coming back to the dashboard). */
function takeSavedView(): SavedView {
  try {
    const saved = window.sessionStorage.getItem(SESSION_KEY);
    window.sessionStorage.removeItem(SESSION_KEY);
    return saved ? (JSON.parse(saved) as SavedView) : {};
  } catch {
    return {};
  }
}

/**
 * The chart currency: the user's choice while it is one of theirs; else the home currency; else the
 * currency most accounts were in when the dashboard first had accounts — fixed from then on, so linking
 * a bank in another currency never switches the charts by itself.
 */
function useChartCurrency(currencies: string[], settings: CurrencySettingsDTO | undefined, saved: SavedView) {
  const [chosen, setChosen] = useState<string | null>(saved.currency ?? null);
  const [first, setFirst] = useState<string | null>(null);
  useEffect(() => {
    if (!first && currencies.length) setFirst(currencies[0]);
  }, [first, currencies]);
  const home = settings?.homeCurrency ?? null;
  const currency =
    chosen && currencies.includes(chosen)
      ? chosen
      : home && currencies.includes(home)
        ? home
        : first && currencies.includes(first)
          ? first
          : (currencies[0] ?? null);
  return { currency, choose: setChosen, chosen };
}

export function Dashboard() {
  const [saved] = useState(takeSavedView);
  const [range, setRange] = useState<DateRange>(() => saved.range ?? presetRange('month'));
  const balances = useQuery((api) => api.balancesByBank(), 'balances', { reloadOn: RELOAD });
  const settings = useQuery((api) => api.getCurrencySettings(), 'currency-settings', { reloadOn: RELOAD });
  // Charts show one currency at a time; the default is the one most accounts are in (ties: first seen).
  const currencies = useMemo(() => {
    const accounts = new Map<string, number>();
    for (const a of (balances.data ?? []).flatMap((b) => b.accounts)) accounts.set(a.currency, (accounts.get(a.currency) ?? 0) + 1);
    return [...accounts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }, [balances.data]);
  const connections = useQuery((api) => api.listConnections(), 'connections', { reloadOn: RELOAD });
  const { currency, choose, chosen } = useChartCurrency(currencies, settings.data, saved);
  const home = settings.data?.homeCurrency ?? null;
  useEffect(() => {
    currentView = { range, ...(chosen ? { currency: chosen } : {}) };
  }, [range, chosen]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        <div className="page-tools">
          {currencies.length > 1 && (
            <label className="inline-label">
              Chart currency
              <select value={currency ?? ''} onChange={(e) => choose(e.target.value)}>
                {currencies.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          )}
          <RangeControl value={range} onChange={setRange} />
          <button type="button" className="btn" onClick={() => navigate('link')}>
            Link a bank
          </button>
        </div>
      </div>
      <ConnectionAlerts connections={connections.data ?? []} />
      <div className="dashboard-grid">
        {home ? <HomeNetWorthCard home={home} /> : <TotalsCard q={balances} />}
        {settings.data || settings.error ? (
          <NetWorthCard range={range} currency={currency} home={home} />
        ) : (
          <Card title="Net worth over time" className="span-2">
            <Skeleton height={220} label="Loading net worth" />
          </Card>
        )}
        <BalancesCard q={balances} />
        <BudgetCard />
        <SpendingCard range={range} currency={currency} />
        <TrendCard range={range} currency={currency} />
        <IncomeExpenseCard range={range} currency={currency} />
        <MerchantsCard range={range} currency={currency} />
        <CashFlowCard range={range} currency={currency} />
        <RecentCard />
      </div>
    </div>
  );
}
