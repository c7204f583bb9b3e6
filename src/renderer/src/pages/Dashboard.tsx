import { useMemo, useState } from 'react';
import type { AppEvent } from '../../../shared/contract';
import { IncomeExpenseChart } from '../charts/IncomeExpenseChart';
import { NetWorthChart } from '../charts/NetWorthChart';
import { SpendingDonut } from '../charts/SpendingDonut';
import { SpendingTrendChart } from '../charts/SpendingTrendChart';
import { Card, EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { Money } from '../components/Money';
import { ConnectionAlerts } from '../components/ConnectionAlerts';
import { RangeControl } from '../components/RangeControl';
import { navigate } from '../lib/router';
import { useQuery, type QueryState } from '../api/context';
import type { BankBalancesDTO } from '../../../shared/dto';
import { daysBetween, formatDay, formatMonth, presetRange, type DateRange } from '../lib/dates';
import { totalsByCurrency } from '../lib/money';
import { topCategories } from './dashboard-data';

const RELOAD: AppEvent['type'][] = ['data-changed', 'connections-changed'];

function rangeKey(r: DateRange) {
  return `${r.from}..${r.to}`;
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

function NetWorthCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const granularity = daysBetween(range.from, range.to) > 400 ? 'month' : 'day';
  const q = useQuery((api) => api.netWorth({ from: range.from, to: range.to, granularity }), `${rangeKey(range)}|${granularity}`, { reloadOn: RELOAD });
  const series = q.data?.find((s) => s.currency === currency) ?? q.data?.[0];
  return (
    <Card title="Net worth over time" className="span-2">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load net worth" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading net worth" />
      ) : !series || series.points.length === 0 ? (
        <EmptyState title="No balance history in this period" />
      ) : (
        <NetWorthChart series={series} />
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
                      {a.name}
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
  return (
    <Card title="Spending by category">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load spending" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={220} label="Loading spending" />
      ) : slices.length === 0 || !cur ? (
        <EmptyState title="No spending in this period" />
      ) : (
        <div className="donut-with-list">
          <SpendingDonut slices={slices} currency={cur} />
          <ul className="plain-list" aria-label="Spending by category">
            {slices.map((s) => (
              <li key={s.key}>
                <span>
                  <span className="dot" style={{ background: s.color }} aria-hidden="true" />
                  {s.name}
                </span>
                <Money minor={s.minor} currency={cur} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function TrendCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.spendingTrend({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const cats = useQuery((api) => api.listCategories(), 'categories');
  const colors = useMemo(() => new Map((cats.data ?? []).map((c) => [c.id, c.color])), [cats.data]);
  const cur = currency ?? q.data?.[0]?.currency ?? null;
  return (
    <Card title="Spending trend by month" className="span-2">
      {q.error && !q.data ? (
        <ErrorMessage title="Could not load the spending trend" message={q.error} onRetry={q.reload} />
      ) : !q.data ? (
        <Skeleton height={240} label="Loading spending trend" />
      ) : !cur || !q.data.some((p) => p.currency === cur) ? (
        <EmptyState title="No spending in this period" />
      ) : (
        <SpendingTrendChart points={q.data} currency={cur} colors={colors} />
      )}
    </Card>
  );
}

function IncomeExpenseCard({ range, currency }: { range: DateRange; currency: string | null }) {
  const q = useQuery((api) => api.incomeVsExpenses({ from: range.from, to: range.to }), rangeKey(range), { reloadOn: RELOAD });
  const cur = currency ?? q.data?.[0]?.currency ?? null;
  const rows = useMemo(() => (q.data ?? []).filter((p) => p.currency === cur), [q.data, cur]);
  const income = rows.reduce((s, p) => s + Math.abs(p.incomeMinor), 0);
  const expenses = rows.reduce((s, p) => s + Math.abs(p.expensesMinor), 0);
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
                <Money minor={income} currency={cur} testId={`income-${cur}`} />
              </dd>
            </div>
            <div>
              <dt>Expenses</dt>
              <dd>
                <Money minor={expenses} currency={cur} testId={`expenses-${cur}`} />
              </dd>
            </div>
            <div>
              <dt>Net</dt>
              <dd>
                <Money minor={income - expenses} currency={cur} testId={`net-${cur}`} />
              </dd>
            </div>
          </dl>
          <IncomeExpenseChart points={rows} currency={cur} />
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
                      <Money minor={Math.abs(p.incomeMinor)} currency={cur} />
                    </td>
                    <td>
                      <Money minor={Math.abs(p.expensesMinor)} currency={cur} />
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
              <span>
                {m.merchant} <span className="muted">({m.count})</span>
              </span>
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

export function Dashboard() {
  const [range, setRange] = useState<DateRange>(() => presetRange('month'));
  const balances = useQuery((api) => api.balancesByBank(), 'balances', { reloadOn: RELOAD });
  // Charts show one currency at a time; the default is the one most accounts are in (ties: first seen).
  const currencies = useMemo(() => {
    const accounts = new Map<string, number>();
    for (const a of (balances.data ?? []).flatMap((b) => b.accounts)) accounts.set(a.currency, (accounts.get(a.currency) ?? 0) + 1);
    return [...accounts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }, [balances.data]);
  const connections = useQuery((api) => api.listConnections(), 'connections', { reloadOn: RELOAD });
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen && currencies.includes(chosen) ? chosen : (currencies[0] ?? null);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        <div className="page-tools">
          {currencies.length > 1 && (
            <label className="inline-label">
              Chart currency
              <select value={currency ?? ''} onChange={(e) => setChosen(e.target.value)}>
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
        <TotalsCard q={balances} />
        <NetWorthCard range={range} currency={currency} />
        <BalancesCard q={balances} />
        <SpendingCard range={range} currency={currency} />
        <TrendCard range={range} currency={currency} />
        <IncomeExpenseCard range={range} currency={currency} />
        <MerchantsCard range={range} currency={currency} />
        <RecentCard />
      </div>
    </div>
  );
}
