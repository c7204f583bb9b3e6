/** Amounts are integer minor units internally; the API speaks unsigned decimal strings plus a Credit/Debit flag. */

/** Every currency the mock banks use (GBP, EUR, USD) has two decimals. */
const MINOR_DIGITS = 2;

export function formatMinor(minor: number): string {
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 10 ** MINOR_DIGITS);
  const cents = String(abs % 10 ** MINOR_DIGITS).padStart(MINOR_DIGITS, '0');
  return `${units}.${cents}`;
}

export function creditDebit(minor: number): 'Credit' | 'Debit' {
  return minor < 0 ? 'Debit' : 'Credit';
}

/** Parses "12.34" / "-12.3" / "7" into minor units; undefined when it is not a plain decimal. */
export function parseMinor(text: string): number | undefined {
  const m = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}
