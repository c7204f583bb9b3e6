/** The year at a glance: per category and month, what was spent and what was budgeted (amounts as set). */
import { useQuery } from '../../api/context';
import type { BudgetBookDTO } from '../../../../shared/dto';
import { ErrorMessage, Skeleton } from '../../components/feedback';
import { formatMonth } from '../../lib/dates';
import { formatMoney, fractionDigits, userLocale } from '../../lib/money';
import { bookKey, openSpent } from './budget-text';

const whole = new Map<string, Intl.NumberFormat>();

/** "£1,235": whole units, so twelve months fit beside each other (the month view has the pence). */
function wholeMoney(minor: number, currency: string, exponent: number): string {
  let f = whole.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(userLocale(), { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
    whole.set(currency, f);
  }
  return f.format(Math.round(minor / 10 ** exponent));
}

export function BudgetYear({ year, book: requested, onOpenMonth }: { year: number; book?: BudgetBookDTO; onOpenMonth: (month: string) => void }) {
  const q = useQuery((api) => api.getBudgetYear({ year, ...(requested ? { book: requested } : {}) }), `budget-year|${year}|${requested ? bookKey(requested) : ''}`, {
    reloadOn: ['data-changed'],
  });
  if (q.error && !q.data) return <ErrorMessage title="MyBucks could not load the year" message={q.error} onRetry={q.reload} />;
  if (!q.data) return <Skeleton height={420} label="Loading the year" />;
  const { months, rows, totals, book } = q.data;
  const c = book.currency;
  const exp = fractionDigits(c);
  const money = (minor: number) => wholeMoney(minor, c, exp);
  return (
    <section className="card" aria-labelledby="budget-year-title">
      <h2 id="budget-year-title">
        {year}: spent and budgeted per month
      </h2>
      <p className="muted small">
        Each cell: spent (booked and pending), then the amount budgeted, in whole {c}. <span className="over-text">Over</span> marks a month spent above its amount.
        Choose a spent figure to see its transactions, or a month to open it.
      </p>
      {q.data.ratesNote && <p className={q.data.unconverted.length ? 'warning' : 'muted small'}>{q.data.ratesNote}</p>}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`Budget year ${year}, scrolls sideways`}>
        <table className="data-table budget-year">
          <thead>
            <tr>
              <th scope="col" className="sticky">
                Category
              </th>
              {months.map((m) => (
                <th scope="col" key={m} className="num">
                  <button type="button" className="drill" onClick={() => onOpenMonth(m)} aria-label={`Open ${formatMonth(m)}`}>
                    {formatMonth(m, true)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.categoryId ?? 'uncategorised'}>
                <th scope="row" className="sticky">
                  {r.name}
                  {r.groupName && <span className="muted small block">{r.groupName}</span>}
                </th>
                {r.cells.map((cell) => {
                  const over = cell.budgetedMinor !== null && cell.spentMinor > cell.budgetedMinor;
                  return (
                    <td key={cell.month} className={`num ${over ? 'over-cell' : ''}`}>
                      {cell.spentMinor > 0 ? (
                        <button
                          type="button"
                          className="drill"
                          onClick={() => openSpent([r.categoryId], r.name, cell.month, book, 'budget')}
                          aria-label={`${r.name}, ${formatMonth(cell.month)}: ${formatMoney(cell.spentMinor, c)} spent${over ? ', over budget' : ''}. Show these transactions`}
                        >
                          {money(cell.spentMinor)}
                        </button>
                      ) : (
                        <span className="muted">–</span>
                      )}
                      <span className="muted small block">
                        {cell.budgetedMinor === null ? 'no budget' : `of ${money(cell.budgetedMinor)}`}
                        {over && <span className="over-text"> over</span>}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="sticky">
                Total
              </th>
              {totals.map((t) => (
                <td key={t.month} className="num">
                  <strong>{money(t.spentMinor)}</strong>
                  <span className="muted small block">of {money(t.budgetedMinor)}</span>
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
