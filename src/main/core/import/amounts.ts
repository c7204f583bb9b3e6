import { currencyExponent } from '../../../shared/money';
import { StatementError } from './errors';

const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** The ISO 4217 code, upper-cased, or a StatementError naming what and where. */
export function checkCurrency(code: string, what: string, where?: string): string {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c) || !KNOWN.has(c)) {
    throw new StatementError(
      `${at(where)}${what} "${code}" is not an ISO 4217 currency code (three letters such as GBP, EUR, USD). Correct the file or choose the account's currency.`,
      where,
    );
  }
  return c;
}

const PLAIN = /^([+-]?)(\d*)(?:[.,](\d*))?$/;
const GROUPED = /^([+-]?)(\d{1,3}(?:([,.])\d{3})+)(?:(?!\3)[.,](\d*))?$/;

/**
 * A machine-written amount (OFX TRNAMT, CAMT Amt, QIF T) → minor units. OFX allows a comma as the decimal
 * separator (`-12,50`); some banks add thousands separators (`1,000.00`, `1.234,56`), recognised only when
 * the groups are whole. Returns the minor units or a reason why not (see exactMinor).
 */
export function plainAmountToMinor(raw: string, currency: string): number | string {
  const s = raw.trim();
  let sign: string, whole: string, frac: string | undefined;
  const m = PLAIN.exec(s);
  if (m) [, sign, whole, frac] = m;
  else {
    const g = GROUPED.exec(s);
    if (!g) return 'not an amount';
    [, sign, whole, , frac] = g;
    whole = whole.replace(/[.,]/g, '');
  }
  if (whole === '' && !frac) return 'not an amount';
  return exactMinor(sign === '-', whole, frac ?? '', currency);
}

/**
 * Exact: an amount with more decimals than the currency has (beyond trailing zeros) is refused rather than
 * rounded; it almost always means a separator was read the wrong way (`1,234` read as 1.234).
 */
function exactMinor(negative: boolean, whole: string, frac: string, currency: string): number | string {
  const exp = exponent(currency);
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) return `more decimals than ${currency} has (${exp})`;
  const minor = Number((whole || '0') + frac.slice(0, exp).padEnd(exp, '0'));
  if (!Number.isSafeInteger(minor)) return 'too large an amount';
  return negative && minor !== 0 ? -minor : minor;
}

const exponents = new Map<string, number>();
function exponent(currency: string): number {
  let exp = exponents.get(currency);
  if (exp === undefined) exponents.set(currency, (exp = currencyExponent(currency)));
  return exp;
}

// The common shapes, read without the general path: "-12.50", "1234", "12,5".
const SIMPLE = { '.': /^([-+]?)(\d+)(?:\.(\d+))?$/, ',': /^([-+]?)(\d+)(?:,(\d+))?$/ };

const GROUPING: Record<string, RegExp> = { ',': /^\d{1,3}(?:,\d{3})+$/, '.': /^\d{1,3}(?:\.\d{3})+$/, "'": /^\d{1,3}(?:'\d{3})+$/ };
const SYMBOLS = /[£€$¥₹\s\u00a0\u202f]/g;

/**
 * A human-formatted amount (CSV): currency symbols and spaces stripped, `(12.50)`, `12.50-`, `12.50 DR` → negative,
 * `CR` → positive, thousands separators removed. Returns the minor units or a reason why not (see exactMinor).
 */
export function localeAmountToMinor(
  raw: string,
  currency: string,
  decimal: '.' | ',',
  thousands?: '' | ',' | '.' | ' ' | "'",
): number | string {
  const simple = SIMPLE[decimal].exec(raw);
  if (simple) return exactMinor(simple[1] === '-', simple[2], simple[3] ?? '', currency);
  let s = raw.replace(SYMBOLS, '');
  let negative = false;
  const suffix = /(CR|DR|-)$/i.exec(s);
  if (suffix) {
    negative = suffix[1].toUpperCase() !== 'CR';
    s = s.slice(0, -suffix[1].length);
  }
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = !negative;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const parts = s.split(decimal);
  if (parts.length > 2 || (parts.length === 2 && !/^\d+$/.test(parts[1]))) return 'not an amount';
  const sep = thousands === undefined ? [',', '.', "'"].find((c) => c !== decimal && parts[0].includes(c)) : thousands;
  if (sep && sep !== ' ' && parts[0].includes(sep)) {
    // Separators must group whole thousands: with "." as the decimal separator, "84,49" is not 8449.
    if (!GROUPING[sep].test(parts[0])) return 'not an amount';
    parts[0] = parts[0].split(sep).join('');
  }
  if (!/^\d*$/.test(parts[0]) || s === '' || s === decimal) return 'not an amount';
  return exactMinor(negative, parts[0], parts[1] ?? '', currency);
}

export function at(where?: string): string {
  return where ? `${where[0].toUpperCase()}${where.slice(1)}: ` : '';
}
