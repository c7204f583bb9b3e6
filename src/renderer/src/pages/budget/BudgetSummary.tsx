/** The month in three figures (available, spent with its pending part, left or over), the pace, and the rates used. */
import type { BudgetMonthDTO } from '../../../../shared/dto';
import { Money } from '../../components/Money';
import { formatMonth } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { BudgetBar } from './BudgetBar';
import { bookLabel, leftSentence, paceSentence } from './budget-text';

export function BudgetSummary({ data }: { data: BudgetMonthDTO }) {
  const { totals, book } = data;
  const c = book.currency;
  const pace = paceSentence(totals.pace, totals.availableMinor, c);
  return (
    <section className="card budget-summary" aria-labelledby="budget-summary-title">
      <h2 id="budget-summary-title" className="visually-hidden">
        {formatMonth(data.month)} in total
      </h2>
      <dl className="figures">
        <div>
          <dt>Budgeted</dt>
          <dd>
            <Money minor={totals.availableMinor} currency={c} className="big" testId="budget-total-available" />
          </dd>
        </div>
        <div>
          <dt>Spent</dt>
          <dd>
            <Money minor={totals.spent.totalMinor} currency={c} className="big" testId="budget-total-spent" />
            {totals.spent.pendingMinor > 0 && (
              <span className="muted small budget-pending">
                {' '}
                of which <Money minor={totals.spent.pendingMinor} currency={c} /> pending
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{totals.leftMinor < 0 ? 'Over' : 'Left'}</dt>
          <dd>
            <span className={`money big ${totals.leftMinor < 0 ? 'negative' : ''}`} data-testid="budget-total-left">
              {leftSentence(totals.leftMinor, c)}
            </span>
          </dd>
        </div>
      </dl>
      <BudgetBar spentMinor={totals.budgetedSpentMinor} availableMinor={totals.availableMinor} />
      {totals.spent.totalMinor > totals.budgetedSpentMinor && (
        <p className="muted small">{formatMoney(totals.spent.totalMinor - totals.budgetedSpentMinor, c)} of it in categories without a budget.</p>
      )}
      <p className="muted small">
        {bookLabel(book, data.homeCurrency)}. Spent counts booked and pending payments; transfers between your accounts are left out.
        {data.state === 'past' ? ' This month is over.' : data.state === 'future' ? ' This month has not started.' : ''}
      </p>
      {pace && <p className="budget-pace">{pace}</p>}
      {data.ratesNote && (
        <p className={data.unconverted.length ? 'warning' : 'muted small'} role={data.unconverted.length ? 'status' : undefined}>
          {data.ratesNote}
        </p>
      )}
    </section>
  );
}
