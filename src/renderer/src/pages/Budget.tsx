/**
 * The budget page (issue 11): a month at a time, organised by category group (YNAB style), every amount
 * editable in place from the keyboard, spent (booked + pending) opening its transactions, left or over in
 * words and as a bar, the pace of the current month; or the year at a glance.
 */
import { useEffect, useState } from 'react';
import type { MyBucksApi } from '../../../shared/contract';
import type { BudgetBookDTO, BudgetMonthDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { formatMonth } from '../lib/dates';
import { routeQuery } from '../lib/router';
import { useAction } from '../lib/use-action';
import { BudgetTable } from './budget/BudgetTable';
import { BudgetYear } from './budget/BudgetYear';
import { BudgetSummary } from './budget/BudgetSummary';
import { bookKey, bookLabel, currentMonth, parseBookKey, shiftMonth } from './budget/budget-text';
import '../styles/budget.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface View {
  month: string;
  mode: 'month' | 'year';
  /** Unset: every currency in the home currency. */
  book?: BudgetBookDTO;
}

function viewFromRoute(): View {
  const q = routeQuery(window.location.hash);
  const month = q.get('month');
  const book = parseBookKey(q.get('book') ?? '');
  return {
    month: month && MONTH.test(month) ? month : currentMonth(),
    mode: q.get('view') === 'year' ? 'year' : 'month',
    ...(book ? { book } : {}),
  };
}

export function Budget() {
  const [view, setView] = useState<View>(viewFromRoute);
  const { month, mode, book } = view;
  const bookArg = book ? { book } : {};
  // the view lives in the address, so "Back" from a drill-down returns to it
  useEffect(() => {
    const q = new URLSearchParams({ month, ...(mode === 'year' ? { view: 'year' } : {}), ...(book ? { book: bookKey(book) } : {}) });
    window.history.replaceState(null, '', `#/budget?${q.toString()}`);
  }, [month, mode, book]);

  const key = `budget|${month}|${book ? bookKey(book) : ''}`;
  const q = useQuery((api) => api.getBudgetMonth({ month, ...bookArg }), key, { reloadOn: ['data-changed'] });
  // what the last change answered, until the next load
  const [changed, setChanged] = useState<{ key: string; data: BudgetMonthDTO } | null>(null);
  useEffect(() => setChanged(null), [q.data]);
  const data = changed?.key === key ? changed.data : q.data;
  const action = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const api = useApi();

  async function change(run: (api: MyBucksApi) => Promise<BudgetMonthDTO | { budget: BudgetMonthDTO; note: string }>): Promise<void> {
    const result = await run(api);
    if ('budget' in result) {
      setChanged({ key, data: result.budget });
      setNotice(result.note);
    } else setChanged({ key, data: result });
  }

  /** A button that changes the whole month (copy, average) and says what it did. */
  const monthAction = (label: string, run: (api: MyBucksApi) => Promise<{ budget: BudgetMonthDTO; note: string }>) => (
    <button type="button" className="btn" disabled={action.busy} onClick={() => void action.run(() => change(run), (m: string) => m)}>
      {label}
    </button>
  );

  const go = (m: string) => {
    setNotice(null);
    setView({ ...view, month: m });
  };
  const year = Number(month.slice(0, 4));

  return (
    <div className="page budget-page">
      <div className="page-head">
        <h1>Budget</h1>
        <div className="page-tools">
          <div className="segmented" role="group" aria-label="Show">
            <button type="button" className="btn" aria-pressed={mode === 'month'} onClick={() => setView({ ...view, mode: 'month' })}>
              Month
            </button>
            <button type="button" className="btn" aria-pressed={mode === 'year'} onClick={() => setView({ ...view, mode: 'year' })}>
              Year
            </button>
          </div>
          {data && data.books.length > 1 && (
            <label className="inline-label">
              Currency
              <select
                value={bookKey(book ?? { currency: data.homeCurrency, allCurrencies: true })}
                onChange={(e) => {
                  const chosen = parseBookKey(e.target.value);
                  const isDefault = chosen?.allCurrencies && chosen.currency === data.homeCurrency;
                  setView({ ...view, book: isDefault ? undefined : (chosen ?? undefined) });
                }}
              >
                {data.books.map((b) => (
                  <option key={bookKey(b)} value={bookKey(b)}>
                    {bookLabel(b, data.homeCurrency)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </div>

      {mode === 'month' ? (
        <div className="month-picker" role="group" aria-label="Month">
          <button type="button" className="btn" onClick={() => go(shiftMonth(month, -1))} aria-label={`Previous month, ${formatMonth(shiftMonth(month, -1))}`}>
            ‹ Previous
          </button>
          <input
            type="month"
            aria-label="Month shown"
            value={month}
            onChange={(e) => {
              if (MONTH.test(e.target.value)) go(e.target.value);
            }}
          />
          <button type="button" className="btn" onClick={() => go(shiftMonth(month, 1))} aria-label={`Next month, ${formatMonth(shiftMonth(month, 1))}`}>
            Next ›
          </button>
          {month !== currentMonth() && (
            <button type="button" className="btn" onClick={() => go(currentMonth())}>
              This month
            </button>
          )}
        </div>
      ) : (
        <div className="month-picker" role="group" aria-label="Year">
          <button type="button" className="btn" onClick={() => go(`${year - 1}${month.slice(4)}`)} aria-label={`Previous year, ${year - 1}`}>
            ‹ {year - 1}
          </button>
          <strong className="year-label">{year}</strong>
          <button type="button" className="btn" onClick={() => go(`${year + 1}${month.slice(4)}`)} aria-label={`Next year, ${year + 1}`}>
            {year + 1} ›
          </button>
        </div>
      )}

      {mode === 'year' ? (
        <BudgetYear year={year} book={book} onOpenMonth={(m) => setView({ ...view, month: m, mode: 'month' })} />
      ) : q.error && !data ? (
        <ErrorMessage title="MyBucks could not load the budget" message={q.error} onRetry={q.reload} />
      ) : !data ? (
        <Skeleton height={420} label="Loading the budget" />
      ) : (
        <>
          <BudgetSummary data={data} />
          <div className="row budget-actions">
            {monthAction('Copy last month', async (a) => {
              const r = await a.copyLastMonthBudget({ month, ...bookArg });
              return { budget: r.budget, note: `Copied ${r.copied} ${r.copied === 1 ? 'amount' : 'amounts'} from ${formatMonth(shiftMonth(month, -1))}.` };
            })}
            {monthAction('Set from 3-month average', async (a) => {
              const r = await a.setBudgetsFromAverage({ month, ...bookArg });
              return { budget: r.budget, note: `Set ${r.changed} ${r.changed === 1 ? 'category' : 'categories'} from the average of the 3 months before.` };
            })}
            {notice && (
              <p role="status" className="muted budget-notice">
                {notice}
              </p>
            )}
          </div>
          <FormError message={action.error} />
          <BudgetTable data={data} onChange={change} />
        </>
      )}
    </div>
  );
}
