/** The budget arithmetic, pure: carry-over chains, pace, suggested amounts. Money in integer minor units. */
import { daysInMonth } from './months';

export interface MonthFigures {
  /** The amount budgeted that month (0 when none was set). */
  budgeted: number;
  /** Spending that month, booked and pending. */
  spent: number;
  /** Whether that month's leftover (surplus or deficit) carries into the next month. */
  carryOut: boolean;
}

/**
 * Consecutive months of one category, oldest first: what each month received from the month before, and
 * what it has left (budgeted + carried in - spent; negative when overspent). Nothing carries into the first.
 */
export function carryChain(months: MonthFigures[]): { carryIn: number; left: number }[] {
  const out: { carryIn: number; left: number }[] = [];
  months.forEach((m, i) => {
    const before = i > 0 && months[i - 1].carryOut ? out[i - 1].left : 0;
    out.push({ carryIn: before, left: m.budgeted + before - m.spent });
  });
  return out;
}

export type MonthState = 'past' | 'current' | 'future';

export function monthState(month: string, today: string): MonthState {
  const current = today.slice(0, 7);
  return month < current ? 'past' : month > current ? 'future' : 'current';
}

export interface Pace {
  /** What the month's spending comes to if it goes on at the rate of the days so far (linear). */
  projectedMinor: number;
  elapsedDays: number;
  daysInMonth: number;
}

/** The pace of the month `today` is in (today counts as elapsed); null for any other month. */
export function pace(spent: number, month: string, today: string): Pace | null {
  if (monthState(month, today) !== 'current') return null;
  const elapsedDays = Number(today.slice(8, 10));
  const days = daysInMonth(month);
  return { projectedMinor: Math.round((spent * days) / elapsedDays), elapsedDays, daysInMonth: days };
}

/** The mean of the months' spending, rounded half up to a whole unit of the currency (e.g. £123.50 → £124). */
export function averageBudget(spends: number[], exponent: number): number {
  if (!spends.length) throw new RangeError('averageBudget needs at least one month');
  const unit = 10 ** exponent;
  const mean = spends.reduce((a, b) => a + b, 0) / spends.length;
  return Math.floor(mean / unit + 0.5) * unit;
}
