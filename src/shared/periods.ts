/**
 * Date periods shared by the reports and the dashboard: the period a figure is compared with ("vs last
 * month"), and what makes a range usable. Dates are calendar dates (YYYY-MM-DD), never local times.
 */

export interface Period {
  from: string;
  to: string;
}

const DAY = 86_400_000;

function parse(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return format(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)));
}

/**
 * The period of the same length just before `range`. A range that starts on the 1st of a month is
 * moved back by whole months (1–29 Nov → 1–29 Oct; Jan–Dec → the year before), so "this month" is
 * compared with the same days of last month; any other range by its number of days.
 */
export function previousPeriod(range: Period): Period {
  if (range.from.endsWith('-01')) {
    const [fy, fm] = range.from.split('-').map(Number);
    const [ty, tm] = range.to.split('-').map(Number);
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    return { from: addMonths(range.from, -months), to: addMonths(range.to, -months) };
  }
  const days = Math.round((parse(range.to) - parse(range.from)) / DAY) + 1;
  return { from: format(parse(range.from) - days * DAY), to: format(parse(range.from) - DAY) };
}

/** Why a range cannot be shown, in words for the user; null when it can. */
export function rangeProblem(range: Period): string | null {
  if (range.from > range.to) {
    return `The start date (${range.from}) is after the end date (${range.to}). Choose a "From" date on or before the "To" date.`;
  }
  return null;
}
