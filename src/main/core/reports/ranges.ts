/** Checks and limits on the date ranges the dashboard asks for. */
import { rangeProblem, type Period } from '../../../shared/periods';
import type { Db } from '../db/database';
import { InvalidInputError } from './errors';

/** A range whose start is after its end is refused with a message saying so (it would draw one dot). */
export function assertRange(range: Period): void {
  const problem = rangeProblem(range);
  if (problem) throw new InvalidInputError(problem);
}

/**
 * The part of `range` where there is balance history: from the first balance MyBucks knows to today
 * (or the last balance, if later). "All" or 1900–2099 then draws the real years, not a flat line into
 * the future. Null when the range holds no history at all.
 */
export function clampRangeToData(db: Db, range: Period, today: string = new Date().toISOString().slice(0, 10)): Period | null {
  assertRange(range);
  const bounds = db.prepare('SELECT min(date) AS first, max(date) AS last FROM balance_snapshots').get() as {
    first: string | null;
    last: string | null;
  };
  if (!bounds.first || !bounds.last) return null;
  const end = bounds.last > today ? bounds.last : today;
  const from = range.from > bounds.first ? range.from : bounds.first;
  const to = range.to < end ? range.to : end;
  return from <= to ? { from, to } : null;
}
