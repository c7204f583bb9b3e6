const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Calendar-checked YYYY-MM-DD, or null. */
export function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2199) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (m === 2 && leap ? 29 : DAYS[m - 1])) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 00–69 → 2000s, 70–99 → 1900s. */
export function fullYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

/**
 * OFX date-time `YYYYMMDD[HHMMSS[.XXX]][[gmt offset[:tz name]]]`: the date as the bank wrote it, never shifted
 * by the time zone (a posting date is a bank-local calendar day).
 */
export function ofxDate(s: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,3})?)?)?)?\s*(?:\[[^\]]*\])?$/.exec(s.trim());
  return m ? ymd(+m[1], +m[2], +m[3]) : null;
}

/** ISO date or date-time (CAMT Dt / DtTm): the date part as written. */
export function isoDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(s.trim());
  return m ? ymd(+m[1], +m[2], +m[3]) : null;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  // German and French abbreviations banks use in the same position
  mär: 3, mrz: 3, mai: 5, okt: 10, dez: 12, fév: 2, fev: 2, avr: 4, jui: 6, aoû: 8, aou: 8, déc: 12,
};

/** Formats a CSV date column may use, offered to the user when every sample parses. */
export const CSV_DATE_FORMATS = [
  'YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY/MM/DD', 'YYYYMMDD',
  'D MMM YYYY', 'DD-MMM-YYYY', 'MMM D, YYYY', 'DD/MM/YY', 'MM/DD/YY', 'DD.MM.YY', 'D MMM YY',
];

export type DateParser = (s: string) => string | null;

/**
 * Compiles a format of tokens YYYY, YY, MM/M, DD/D (one or two digits either way), MMM (month name) and
 * literal separators. A time after the date (`27/11/2026 14:03`, `2026-11-27T14:03:00Z`) is ignored.
 */
export function compileDateFormat(format: string): DateParser | null {
  const order: ('y' | 'yy' | 'm' | 'mon' | 'd')[] = [];
  let re = '^';
  const tokens = format.match(/YYYY|YY|MMM|MM|M|DD|D|[^A-Za-z]+/g);
  if (!tokens || tokens.join('') !== format) return null;
  const fixed = format === 'YYYYMMDD'; // no separators: each part has its full width
  const parts: Record<string, [typeof order[number], string]> = {
    YYYY: ['y', '(\\d{4})'], YY: ['yy', '(\\d{2})'], MMM: ['mon', '(\\p{L}{3,9})\\.?'],
    MM: ['m', fixed ? '(\\d{2})' : '(\\d{1,2})'], M: ['m', '(\\d{1,2})'],
    DD: ['d', fixed ? '(\\d{2})' : '(\\d{1,2})'], D: ['d', '(\\d{1,2})'],
  };
  for (const t of tokens) {
    const part = parts[t];
    if (part) {
      order.push(part[0]);
      re += part[1];
    } else re += t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
  }
  const rx = new RegExp(`${re}(?:[ T]\\d{1,2}:\\d{2}\\S*)?$`, order.includes('mon') ? 'u' : '');
  const [yi, yyi, mi, moni, di] = (['y', 'yy', 'm', 'mon', 'd'] as const).map((k) => order.indexOf(k) + 1);
  if (!(yi || yyi) || !(mi || moni) || !di || order.length !== 3) return null;
  return (s) => {
    const m = rx.exec(s.trim());
    if (!m) return null;
    const y = yi ? +m[yi] : fullYear(+m[yyi]);
    const mo = mi ? +m[mi] : (MONTHS[m[moni].slice(0, 3).toLowerCase()] ?? 0);
    return ymd(y, mo, +m[di]);
  };
}
