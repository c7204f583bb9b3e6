/**
 * The ECB's euro reference rates, played offline: /ecb/eurofxref-daily.xml, /ecb/eurofxref-hist-90d.xml and
 * /ecb/eurofxref-hist.xml in the ECB's published format, with deterministic rates for the mock banks'
 * currencies and a few others, on business days only (no weekends, no 1 Jan, 1 May, 25 and 26 Dec).
 */
import type { Express } from 'express';

/** Units per 1 EUR around which the played rates move. */
const BASE: Record<string, number> = {
  USD: 1.0812,
  JPY: 162.45,
  GBP: 0.8412,
  CHF: 0.9437,
  SEK: 11.452,
  NOK: 11.687,
  DKK: 7.4593,
  PLN: 4.3015,
  CAD: 1.5128,
  AUD: 1.6534,
};
/** How far back the "whole history" goes (the real one starts in 1999). */
const HISTORY_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function isEcbBusinessDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !['01-01', '05-01', '12-25', '12-26'].includes(day.slice(5));
}

/** The played rate of `currency` on `day` as the ECB writes it: a slow, deterministic wave around its base. */
export function ecbRate(currency: string, day: string): string {
  const n = Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
  const phase = [...currency].reduce((s, c) => s + c.charCodeAt(0), 0);
  const value = BASE[currency] * (1 + 0.03 * Math.sin((n + phase) / 23) + 0.01 * Math.sin((n * 7 + phase) / 5));
  return value.toFixed(value >= 100 ? 2 : 4);
}

/** Business days from `days` ago up to `today`, newest first (as the ECB lists them). */
export function ecbDays(today: Date, days: number): string[] {
  const out: string[] = [];
  const end = Date.parse(`${isoDay(today.getTime())}T00:00:00Z`);
  for (let i = 0; i < days; i++) {
    const day = isoDay(end - i * DAY_MS);
    if (isEcbBusinessDay(day)) out.push(day);
  }
  return out;
}

function dayCube(day: string, quote: '"' | "'"): string {
  const rates = Object.keys(BASE)
    .map((c) => `<Cube currency=${quote}${c}${quote} rate=${quote}${ecbRate(c, day)}${quote}/>`)
    .join(quote === "'" ? '\n\t\t\t' : '');
  return quote === "'" ? `\t\t<Cube time='${day}'>\n\t\t\t${rates}\n\t\t</Cube>` : `<Cube time="${day}">${rates}</Cube>`;
}

/** The daily file (tabs, single quotes) as the ECB lays it out. */
export function ecbDailyXml(today: Date): string {
  const [day] = ecbDays(today, 7);
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
${dayCube(day, "'")}
\t</Cube>
</gesmes:Envelope>`;
}

/** The history files (one line, double quotes) as the ECB lays them out. */
export function ecbHistXml(today: Date, days: number): string {
  const cubes = ecbDays(today, days)
    .map((d) => dayCube(d, '"'))
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" ' +
    'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject>' +
    `<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender><Cube>${cubes}</Cube></gesmes:Envelope>`
  );
}

export function mountEcb(app: Express, now: () => Date): void {
  const send = (body: () => string) => (_req: unknown, res: import('express').Response) => {
    res.type('text/xml').set('cache-control', 'no-store').send(body());
  };
  app.get('/ecb/eurofxref-daily.xml', send(() => ecbDailyXml(now())));
  app.get('/ecb/eurofxref-hist-90d.xml', send(() => ecbHistXml(now(), 90)));
  app.get('/ecb/eurofxref-hist.xml', send(() => ecbHistXml(now(), HISTORY_DAYS)));
}
