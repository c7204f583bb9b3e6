import { describe, expect, it } from 'vitest';
import { downsampleLttb } from '../../src/renderer/src/lib/downsample';
import { formatMoney, fractionDigits, totalsByCurrency } from '../../src/renderer/src/lib/money';
import { presetRange } from '../../src/renderer/src/lib/dates';
import { topCategories } from '../../src/renderer/src/pages/dashboard-data';

describe('money and dates', () => {
  it('formats minor units by the currency’s own fraction digits', () => {
    expect(fractionDigits('GBP')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('BHD')).toBe(3);
    expect(formatMoney(123456, 'GBP')).toBe('£1,234.56');
    expect(formatMoney(123456, 'JPY')).toBe('¥123,456');
    expect(formatMoney(-5, 'EUR')).toBe('-€0.05');
  });

  it('adds totals per currency', () => {
    expect(totalsByCurrency([{ currency: 'GBP', minor: 5 }, { currency: 'EUR', minor: 1 }, { currency: 'GBP', minor: -2 }])).toEqual([
      { currency: 'GBP', minor: 3 },
      { currency: 'EUR', minor: 1 },
    ]);
  });

  it('computes the preset ranges from the first of the month', () => {
    const today = new Date(2026, 10, 27);
    expect(presetRange('month', today)).toEqual({ preset: 'month', from: '2026-11-01', to: '2026-11-27' });
    expect(presetRange('3m', today).from).toBe('2026-09-01');
    expect(presetRange('12m', today).from).toBe('2025-12-01');
  });

  it('downsamples a long series to the threshold, keeping the ends and the peak', () => {
    const data = Array.from({ length: 10_000 }, (_, i) => ({ i, y: i === 4321 ? 1e9 : Math.sin(i / 100) }));
    const out = downsampleLttb(data, 500, (p) => p.y);
    expect(out).toHaveLength(500);
    expect(out[0].i).toBe(0);
    expect(out.at(-1)!.i).toBe(9999);
    expect(out.some((p) => p.i === 4321)).toBe(true);
    expect(downsampleLttb(data.slice(0, 10), 500, (p) => p.y)).toHaveLength(10);
  });

  it('does not fold a single leftover category into Other', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ categoryId: `c${i}`, name: `C${i}`, color: '#000', minor: -(i + 1) * 100, previousMinor: 0 }));
    expect(topCategories([{ currency: 'GBP', items, pendingMinor: 0 }], 'GBP').map((s) => s.name)).toEqual(['C6', 'C5', 'C4', 'C3', 'C2', 'C1', 'C0']);
  });
});
