/**
 * Money helpers shared by main and renderer: amounts are integer minor units of an ISO 4217 currency.
 * Pure functions only (no node, electron or react imports).
 */

/** ISO 4217 currencies whose minor unit is not 2 decimal places. Everything else uses 2. */
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function currencyExponent(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`Not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * "12.34" GBP → 1234. Extra decimals beyond the currency's exponent are rounded half away from zero
 * (Open Banking amounts may carry up to 5 decimals). Throws on anything that is not a plain decimal
 * or does not fit a safe integer.
 */
export function decimalToMinor(amount: string, currency: string): number {
  const exp = currencyExponent(currency);
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new RangeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, frac = ''] = m;
  const kept = frac.slice(0, exp).padEnd(exp, '0');
  const roundUp = frac.length > exp && frac.charCodeAt(exp) >= 53; // next digit >= '5'
  let minor = Number(whole + kept) + (roundUp ? 1 : 0);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount out of range: ${amount}`);
  if (sign === '-') minor = -minor;
  return minor === 0 ? 0 : minor;
}

/** 1234 GBP → "12.34"; -5 JPY → "-5"; -1 GBP → "-0.01". */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Minor units must be a safe integer: ${minor}`);
  const exp = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exp === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

/** Locale-aware display, e.g. formatMinor(-1234, 'GBP', 'en-GB') → "-£12.34". */
export function formatMinor(minor: number, currency: string, locale?: string): string {
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).format(minor / 10 ** exp);
}
