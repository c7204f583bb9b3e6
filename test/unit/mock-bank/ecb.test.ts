import { describe, expect, it } from 'vitest';
import { ecbDailyXml, ecbHistXml, isEcbBusinessDay } from '../../../mock-bank/src/ecb';
import { parseEcbXml } from '../../../src/main/core/fx/ecb-xml';

const NOW = new Date('2026-12-27T12:00:00Z'); // a Sunday, two days after Christmas

describe('mock bank ECB rates', () => {
  it('serve business days only, in the ECB format the app reads, for the mock banks\' currencies', () => {
    const days = parseEcbXml(ecbHistXml(NOW, 90));
    expect(days[0].day).toBe('2026-12-24');
    expect(days.map((d) => d.day)).not.toContain('2026-12-25');
    expect(days.every((d) => isEcbBusinessDay(d.day) && ![0, 6].includes(new Date(`${d.day}T00:00:00Z`).getUTCDay()))).toBe(true);
    expect(days.length).toBeGreaterThan(55);
    for (const d of days) expect(d.rates.map((r) => r.currency)).toEqual(expect.arrayContaining(['GBP', 'USD', 'JPY', 'CHF']));
    const daily = parseEcbXml(ecbDailyXml(NOW));
    expect(daily).toEqual([days[0]]);
  });

  it('are deterministic and move from day to day', () => {
    expect(ecbHistXml(NOW, 30)).toBe(ecbHistXml(new Date(NOW), 30));
    const [a, b] = parseEcbXml(ecbHistXml(NOW, 10));
    expect(a.rates.find((r) => r.currency === 'USD')!.perEur).not.toBe(b.rates.find((r) => r.currency === 'USD')!.perEur);
  });
});
