/** Cadences of recurring series and the calendar arithmetic on day numbers (days since 1970-01-01, UTC). */

export type Cadence = 'weekly' | 'fortnightly' | 'monthly' | 'quarterly' | 'yearly';

export interface CadenceSpec {
  /** Average length in days. */
  days: number;
  /** Whole months per step (0: a fixed number of days). */
  months: number;
  /** Days an occurrence may land from its expected day (business-day shifts, bank processing). */
  tolerance: number;
  /** Occurrences needed before a series is suggested. */
  minHits: number;
}

export const CADENCES: Record<Cadence, CadenceSpec> = {
  weekly: { days: 7, months: 0, tolerance: 2, minHits: 3 },
  fortnightly: { days: 14, months: 0, tolerance: 3, minHits: 3 },
  monthly: { days: 30.44, months: 1, tolerance: 4, minHits: 3 },
  quarterly: { days: 91.31, months: 3, tolerance: 7, minHits: 3 },
  yearly: { days: 365.25, months: 12, tolerance: 10, minHits: 2 },
};

export const CADENCE_ORDER: Cadence[] = ['weekly', 'fortnightly', 'monthly', 'quarterly', 'yearly'];

/** How many occurrences a year, for yearly costs. */
export const PER_YEAR: Record<Cadence, number> = { weekly: 52, fortnightly: 26, monthly: 12, quarterly: 4, yearly: 1 };

const DAY_MS = 86_400_000;

export const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The day `months` after `day`, on day-of-month `dom` (or the month's last day when it is shorter). */
export function addMonths(day: number, months: number, dom?: number): number {
  const d = new Date(day * DAY_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const wanted = dom ?? d.getUTCDate();
  return Math.round(Date.UTC(year, month0, Math.min(wanted, daysInMonth(year, month0))) / DAY_MS);
}

export function dayOfMonth(day: number): number {
  return new Date(day * DAY_MS).getUTCDate();
}

/** Whether the day is one of the last three of its month (a bill paid "at the end of the month"). */
export function nearMonthEnd(day: number): boolean {
  const d = new Date(day * DAY_MS);
  return daysInMonth(d.getUTCFullYear(), d.getUTCMonth()) - d.getUTCDate() < 3;
}

/** The expected day `steps` occurrences after `day`; monthly cadences keep day-of-month `dom` when given. */
export function stepDays(cadence: Cadence, day: number, steps: number, dom?: number): number {
  const spec = CADENCES[cadence];
  return spec.months ? addMonths(day, spec.months * steps, dom) : day + spec.days * steps;
}

/**
 * How far `to` lands from the nearest expected occurrence after `from`, and how many steps that is; month
 * cadences also accept the end of the month when `from` was at one (31 Jan → 28 Feb → 31 Mar).
 */
export function deviation(cadence: Cadence, from: number, to: number): { steps: number; days: number } {
  const spec = CADENCES[cadence];
  const steps = Math.max(1, Math.round((to - from) / spec.days));
  let days = Math.abs(to - stepDays(cadence, from, steps));
  if (spec.months && nearMonthEnd(from)) {
    const monthEnd = addMonths(from, spec.months * steps, 31);
    days = Math.min(days, Math.abs(to - monthEnd));
  }
  return { steps, days };
}
