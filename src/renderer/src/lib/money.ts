const formatters = new Map<string, Intl.NumberFormat>();

export function userLocale(): string | undefined {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : undefined;
}

function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(userLocale(), {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Digits after the decimal point in the currency's minor unit (GBP 2, JPY 0, BHD 3). */
export function fractionDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** fractionDigits(currency);
}

/** Integer minor units as the currency's money text, e.g. (123456, 'GBP') → "£1,234.56". */
export function formatMoney(minor: number, currency: string): string {
  return formatter(currency, false).format(minorToMajor(minor, currency));
}

/** Money already in major units (chart values), e.g. (1234.5, 'GBP') → "£1,234.50". */
export function formatMajor(major: number, currency: string): string {
  return formatter(currency, false).format(major);
}

/** Short form for chart axes, e.g. "£12.3K". */
export function formatMoneyCompact(major: number, currency: string): string {
  return formatter(currency, true).format(major);
}

/** Adds amounts per currency, keeping first-seen order. */
export function totalsByCurrency(items: { currency: string; minor: number }[]): { currency: string; minor: number }[] {
  const totals = new Map<string, number>();
  for (const { currency, minor } of items) totals.set(currency, (totals.get(currency) ?? 0) + minor);
  return [...totals].map(([currency, minor]) => ({ currency, minor }));
}
