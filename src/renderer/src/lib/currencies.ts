/** Currencies offered as a home currency or for a manual rate: the ECB's reference currencies, EUR and the user's own. */
export const COMMON_CURRENCIES = [
  'GBP', 'EUR', 'USD', 'AUD', 'BGN', 'BRL', 'CAD', 'CHF', 'CNY', 'CZK', 'DKK', 'HKD', 'HUF', 'IDR', 'ILS', 'INR', 'ISK',
  'JPY', 'KRW', 'MXN', 'MYR', 'NOK', 'NZD', 'PHP', 'PLN', 'RON', 'SEK', 'SGD', 'THB', 'TRY', 'ZAR',
];

let names: Intl.DisplayNames | null | undefined;

/** "USD" → "USD — US Dollar" (the code alone where the runtime has no currency names). */
export function currencyLabel(code: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(undefined, { type: 'currency' });
    } catch {
      names = null;
    }
  }
  const name = names?.of(code);
  return name && name !== code ? `${code} — ${name}` : code;
}

/** The common currencies and `extra` (the user's own), the first few in their given order, the rest sorted. */
export function currencyOptions(extra: string[] = []): string[] {
  const head = ['GBP', 'EUR', 'USD'];
  const rest = [...new Set([...COMMON_CURRENCIES, ...extra])].filter((c) => !head.includes(c)).sort();
  return [...head, ...rest];
}
