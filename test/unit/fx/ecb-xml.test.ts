import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EcbFormatError, parseEcbXml } from '../../../src/main/core/fx/ecb-xml';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ecb/${name}`, import.meta.url), 'utf8');
const ENVELOPE = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject>${inner}</gesmes:Envelope>`;

describe('parseEcbXml', () => {
  it('reads the daily file (single quotes, tabs): one day, every currency', () => {
    const days = parseEcbXml(fixture('eurofxref-daily.xml'));
    expect(days).toHaveLength(1);
    expect(days[0].day).toBe('2026-12-29');
    expect(days[0].rates).toHaveLength(30);
    expect(days[0].rates.find((r) => r.currency === 'USD')?.perEur).toBe(1.05);
    expect(days[0].rates.find((r) => r.currency === 'GBP')?.perEur).toBe(0.84);
    expect(days[0].rates.find((r) => r.currency === 'IDR')?.perEur).toBe(16697.34);
  });

  it('reads the history files (one line, double quotes): every business day, newest first', () => {
    const ninety = parseEcbXml(fixture('eurofxref-hist-90d.xml'));
    expect(ninety.map((d) => d.day)).toEqual(['2026-12-29', '2026-12-28', '2026-12-24', '2026-12-23', '2026-12-22', '2026-12-21', '2026-12-18']);
    expect(ninety[2].rates.find((r) => r.currency === 'USD')?.perEur).toBe(1.08);
    const all = parseEcbXml(fixture('eurofxref-hist.xml'));
    expect(all.map((d) => d.day).slice(-2)).toEqual(['2026-06-02', '2026-06-01']);
    expect(all.every((d) => d.rates.length === 30)).toBe(true);
  });

  it.each([
    ['an HTML error page', '<html><body>Service unavailable</body></html>', /root must be <gesmes:Envelope/],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "b">]>' + ENVELOPE('<Cube></Cube>'), /DOCTYPE/],
    ['a bad rate', ENVELOPE('<Cube><Cube time="2026-12-29"><Cube currency="USD" rate="-1"/></Cube></Cube>'), /USD rate "-1"/],
    ['a bad date', ENVELOPE('<Cube><Cube time="29/12/2026"><Cube currency="USD" rate="1.1"/></Cube></Cube>'), /time="YYYY-MM-DD"/],
    ['a bad currency', ENVELOPE('<Cube><Cube time="2026-12-29"><Cube currency="usd" rate="1.1"/></Cube></Cube>'), /three capital letters/],
    ['a truncated file', ENVELOPE('<Cube><Cube time="2026-12-29"><Cube currency="USD" rate="1.1"/>').replace('</gesmes:Envelope>', ''), /never closed/],
    ['mismatched tags', ENVELOPE('<Cube><Cube time="2026-12-29"></Cube></gesmes:Sender></Cube>'), /does not close/],
    ['no outer Cube', ENVELOPE(''), /one outer <Cube>/],
    ['an unknown entity', ENVELOPE('<Cube><Cube time="2026-12-29"><Cube currency="U&foo;D" rate="1"/></Cube></Cube>'), /unknown entity/],
  ])('refuses %s with a message saying what is wrong', (_what, xml, message) => {
    expect(() => parseEcbXml(xml)).toThrow(EcbFormatError);
    expect(() => parseEcbXml(xml)).toThrow(message);
  });
});
