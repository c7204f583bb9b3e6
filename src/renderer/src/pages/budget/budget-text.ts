/** The words and numbers of the budget screens: amounts typed by the user, spent / left / pace sentences. */
import { budgetSpentFilter } from '../../../../shared/budget-drill';
import type { BudgetBookDTO, BudgetPaceDTO } from '../../../../shared/dto';
import { currencyExponent, decimalToMinor, minorToDecimal } from '../../../../shared/money';
import type { CategoryKey } from '../../../../shared/drill-down';
import { openDrillDown } from '../../lib/drill-route';
import { formatMonth } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import type { Route } from '../../lib/router';

/** The month the user's clock is in, as YYYY-MM. */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** What the user typed as an amount: minor units, null for "no budget", or a message saying what to type. */
export function parseAmount(text: string, currency: string): { minor: number | null } | { error: string } {
  if (text.trim() === '') return { minor: null };
  // a currency sign or code before the number is allowed ("£400", "USD 400")
  const cleaned = text.replace(/[\s,]/g, '').replace(/^(\p{Sc}|[A-Za-z]{3}(?=[\d.-]))/u, '');
  if (cleaned.startsWith('-')) return { error: 'A budget cannot be negative. Enter 0 or more, or clear the box to remove it.' };
  try {
    if (!/^\d+(\.\d+)?$/.test(cleaned)) throw new RangeError(cleaned);
    const exponent = currencyExponent(currency);
    const decimals = cleaned.split('.')[1]?.length ?? 0;
    if (decimals > exponent) return { error: `Enter at most ${exponent} decimal places for ${currency}, e.g. ${minorToDecimal(40000, currency)}.` };
    return { minor: decimalToMinor(cleaned, currency) };
  } catch {
    return { error: `Enter an amount like ${minorToDecimal(40000, currency)}, or clear the box to remove the budget.` };
  }
}

export const amountText = (minor: number | null, currency: string) => (minor === null ? '' : minorToDecimal(minor, currency));

/** "£88.00 left" or "£30.00 over". */
export function leftSentence(leftMinor: number, currency: string): string {
  return leftMinor < 0 ? `${formatMoney(-leftMinor, currency)} over` : `${formatMoney(leftMinor, currency)} left`;
}

/** "At this rate: £430.00 of £400.00" (a line's short form). */
export function paceShort(pace: BudgetPaceDTO | null, availableMinor: number, currency: string): string | null {
  if (!pace) return null;
  return `At this rate: ${formatMoney(pace.projectedMinor, currency)}${availableMinor > 0 ? ` of ${formatMoney(availableMinor, currency)}` : ''}`;
}

/**
 * "At this rate you will spend £430.00 of £400.00 this month." for a month or group total, which counts budgeted
 * spending only: without any amount budgeted there is nothing to pace against, so no sentence.
 */
export function paceSentence(pace: BudgetPaceDTO | null, availableMinor: number, currency: string): string | null {
  if (!pace || availableMinor <= 0) return null;
  return `At this rate you will spend ${formatMoney(pace.projectedMinor, currency)} of ${formatMoney(availableMinor, currency)} this month.`;
}

/** Share of the amount spent, for the bar and its text; null without an amount. */
export function usedPercent(spentMinor: number, availableMinor: number): number | null {
  if (availableMinor <= 0) return null;
  return Math.round((spentMinor / availableMinor) * 100);
}

/** "All currencies in GBP", "USD only"; an all-currencies book in a former home currency says so. */
export function bookLabel(book: BudgetBookDTO, home: string): string {
  if (!book.allCurrencies) return `${book.currency} only`;
  return book.currency === home ? `All currencies in ${book.currency}` : `All currencies in ${book.currency} (set before ${home} was your home currency)`;
}

/** A book in an address or a select's value: "GBP.all", "USD.only". */
export const bookKey = (book: BudgetBookDTO) => `${book.currency}.${book.allCurrencies ? 'all' : 'only'}`;

export function parseBookKey(key: string): BudgetBookDTO | null {
  const m = /^([A-Z]{3})\.(all|only)$/.exec(key);
  return m ? { currency: m[1], allCurrencies: m[2] === 'all' } : null;
}

/** Opens the transactions behind a "spent": money out that month in those categories, booked and pending. */
export function openSpent(keys: CategoryKey[], name: string, month: string, book: BudgetBookDTO, back: Route): void {
  openDrillDown({ filter: budgetSpentFilter(keys, month, book), label: `${name}, ${formatMonth(month)}: spent (booked and pending)`, back });
}
