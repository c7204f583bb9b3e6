import type { MoneyDTO } from '../../../shared/dto';
import { Money } from '../components/Money';
import type { DrillDown } from '../lib/drill-route';
import { navigate } from '../lib/router';

/** The sum of every row the filter matches (not just those on screen), per currency. */
export function FilteredTotal({ totals }: { totals: MoneyDTO[] | null }) {
  if (!totals || totals.length === 0) return null;
  return (
    <span className="filtered-total" data-testid="filtered-total">
      {' '}
      Total{' '}
      {totals.map((t, i) => (
        <span key={t.currency}>
          {i > 0 && ', '}
          <Money minor={t.minor} currency={t.currency} testId={`filtered-total-${t.currency}`} />
        </span>
      ))}
    </span>
  );
}

/** What a drill-down shows (the figure it came from), with the way back and the way out of it. */
export function DrillDownBar({ drill }: { drill: DrillDown | null }) {
  if (!drill) return null;
  return (
    <div className="drill-bar" role="region" aria-label="Showing the transactions behind a figure">
      <button type="button" className="btn" onClick={() => navigate(drill.back)}>
        ← Back to the {drill.back === 'accounts' ? 'accounts' : drill.back === 'bills' ? 'bills' : 'dashboard'}
      </button>
      <p>
        Showing <strong>{drill.label}</strong>
      </p>
      <button type="button" className="link-button" onClick={() => navigate('transactions')}>
        Show all transactions
      </button>
    </div>
  );
}
