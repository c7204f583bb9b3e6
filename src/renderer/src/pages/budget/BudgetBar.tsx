/** How much of an amount is spent: a bar for the eye, and the same in words (never colour alone). */
import { usedPercent } from './budget-text';

export function BudgetBar({ spentMinor, availableMinor }: { spentMinor: number; availableMinor: number }) {
  const pct = usedPercent(spentMinor, availableMinor);
  if (pct === null) return <span className="muted small">{spentMinor > 0 ? 'No budget' : '—'}</span>;
  const state = pct > 100 ? 'over' : pct >= 90 ? 'near' : 'ok';
  return (
    <span className="budget-bar-wrap">
      <span className="budget-bar" aria-hidden="true">
        <span className={`budget-bar-fill ${state}`} style={{ width: `${Math.min(pct, 100)}%` }} />
      </span>
      <span className={`budget-bar-text ${state}`}>{state === 'over' ? `${pct}%, over` : `${pct}% used`}</span>
    </span>
  );
}
