/** The dashboard's "Budget" card (issue 11): this month's budgeted, spent and left, and the categories most over. */
import type { AppEvent } from '../../../shared/contract';
import { useQuery } from '../api/context';
import { Card, EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { Money } from '../components/Money';
import { formatMonth } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { BudgetBar } from './budget/BudgetBar';
import { currentMonth, leftSentence, openSpent, paceSentence } from './budget/budget-text';
import '../styles/budget.css';

const RELOAD: AppEvent['type'][] = ['data-changed', 'connections-changed'];
const MOST_OVER = 3;

export function BudgetCard() {
  const month = currentMonth();
  const q = useQuery((api) => api.getBudgetMonth({ month }), `budget-card|${month}`, { reloadOn: RELOAD });
  const d = q.data;
  const title = `Budget, ${formatMonth(month)}`;
  const open = <a href={`#/budget?month=${month}`}>Open the budget</a>;
  if (q.error && !d) {
    return (
      <Card title={title} className="span-all budget-card" actions={open}>
        <ErrorMessage title="Could not load the budget" message={q.error} onRetry={q.reload} />
      </Card>
    );
  }
  if (!d) {
    return (
      <Card title={title} className="span-all budget-card" actions={open}>
        <Skeleton height={140} label="Loading the budget" />
      </Card>
    );
  }
  const c = d.book.currency;
  const lines = d.groups.flatMap((g) => g.lines);
  const over = lines
    .filter((l) => l.budgeted && l.leftMinor < 0)
    .sort((a, b) => a.leftMinor - b.leftMinor)
    .slice(0, MOST_OVER);
  const pace = paceSentence(d.totals.pace, d.totals.availableMinor, c);
  return (
    <Card title={title} className="span-all budget-card" actions={open}>
      {!lines.some((l) => l.budgeted) && !d.groups.some((g) => g.budgetedMinor !== null) ? (
        <EmptyState title="No budget for this month yet">
          <p>
            Set amounts per category on the <a href={`#/budget?month=${month}`}>Budget page</a>, or copy last month&apos;s there.
          </p>
        </EmptyState>
      ) : (
        <>
          <dl className="figures">
            <div>
              <dt>Budgeted</dt>
              <dd>
                <Money minor={d.totals.availableMinor} currency={c} className="big" testId="budget-card-available" />
              </dd>
            </div>
            <div>
              <dt>Spent</dt>
              <dd>
                <Money minor={d.totals.spent.totalMinor} currency={c} className="big" testId="budget-card-spent" />
                {d.totals.spent.pendingMinor > 0 && <span className="muted small block">of which {formatMoney(d.totals.spent.pendingMinor, c)} pending</span>}
              </dd>
            </div>
            <div>
              <dt>{d.totals.leftMinor < 0 ? 'Over' : 'Left'}</dt>
              <dd>
                <span className={`money big ${d.totals.leftMinor < 0 ? 'negative' : ''}`} data-testid="budget-card-left">
                  {leftSentence(d.totals.leftMinor, c)}
                </span>
              </dd>
            </div>
          </dl>
          <BudgetBar spentMinor={d.totals.budgetedSpentMinor} availableMinor={d.totals.availableMinor} />
          {d.totals.spent.totalMinor > d.totals.budgetedSpentMinor && (
            <p className="muted small">{formatMoney(d.totals.spent.totalMinor - d.totals.budgetedSpentMinor, c)} of the spending is in categories without a budget.</p>
          )}
          {pace && <p className="muted small">{pace}</p>}
          {over.length === 0 ? (
            <p className="muted">No category is over its budget.</p>
          ) : (
            <>
              <h3 className="small muted">Most over budget</h3>
              <ol aria-label="Categories most over budget">
                {over.map((l) => (
                  <li key={l.categoryId}>
                    <button
                      type="button"
                      className="drill"
                      onClick={() => openSpent([l.categoryId], l.name, month, d.book, 'dashboard')}
                      aria-label={`${l.name}: ${leftSentence(l.leftMinor, c)}. Show its transactions`}
                    >
                      {l.name}
                    </button>
                    <span className="money negative over-text">{leftSentence(l.leftMinor, c)}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </Card>
  );
}
