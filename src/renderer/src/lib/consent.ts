/** Days ahead of a consent's expiry at which the user is warned. */
export const EXPIRY_WARNING_DAYS = 7;

/** "less than a day", "1 day", "5 days" for a (fractional, positive) number of days. */
export function daysInWords(days: number): string {
  if (days < 1) return 'less than a day';
  const whole = Math.round(days);
  return `${whole} day${whole === 1 ? '' : 's'}`;
}
